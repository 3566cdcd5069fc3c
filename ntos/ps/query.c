/*
 * query.c — NtQueryInformationProcess and NtQueryInformationThread (the
 * basic classes).
 */
#include "../ke/ki.h"

static NTSTATUS PspReturn(PETHREAD Caller, PVOID Buffer, ULONG Length, const VOID *Data, ULONG Size,
                          PULONG ReturnLength)
{
    if (Length != Size)
        return STATUS_INFO_LENGTH_MISMATCH;
    NTSTATUS st = MmCopyToUser(&Caller->Process->Vm, (ULONG_PTR)Buffer, Data, Size);
    if (NT_SUCCESS(st) && ReturnLength)
        st = MmCopyToUser(&Caller->Process->Vm, (ULONG_PTR)ReturnLength, &Size, sizeof(Size));
    return st;
}

NTSTATUS NtQueryInformationProcess(PETHREAD Thread, HANDLE ProcessHandle, PROCESSINFOCLASS Class, PVOID Buffer,
                                   ULONG Length, PULONG ReturnLength)
{
    if ((ULONG)Class != ProcessBasicInformation)
        return (ULONG)Class < 0x70 ? STATUS_NOT_IMPLEMENTED : STATUS_INVALID_INFO_CLASS;
    PEPROCESS p;
    NTSTATUS st = PsReferenceProcessByHandle(ProcessHandle, PROCESS_QUERY_LIMITED_INFORMATION, &p);
    if (!NT_SUCCESS(st))
        return st;
    PROCESS_BASIC_INFORMATION b = { 0 };
    b.ExitStatus = p->ExitStatus;
    b.PebBaseAddress = (struct _PEB *)p->PebAddress;
    b.AffinityMask = 1;
    b.BasePriority = 8;
    b.UniqueProcessId = p->UniqueProcessId;
    b.InheritedFromUniqueProcessId = p->InheritedFromUniqueProcessId;
    ObDereferenceObject(p);
    return PspReturn(Thread, Buffer, Length, &b, sizeof(b), ReturnLength);
}

NTSTATUS NtQueryInformationThread(PETHREAD Thread, HANDLE ThreadHandle, THREADINFOCLASS Class, PVOID Buffer,
                                  ULONG Length, PULONG ReturnLength)
{
    if ((ULONG)Class != ThreadBasicInformation)
        return (ULONG)Class < 0x40 ? STATUS_NOT_IMPLEMENTED : STATUS_INVALID_INFO_CLASS;
    PETHREAD t;
    NTSTATUS st = PsReferenceThreadByHandle(ThreadHandle, THREAD_QUERY_LIMITED_INFORMATION, &t);
    if (!NT_SUCCESS(st))
        return st;
    THREAD_BASIC_INFORMATION b = { 0 };
    b.ExitStatus = t->ExitStatus;
    b.TebBaseAddress = (struct _TEB *)t->TebAddress;
    b.ClientId.UniqueProcess = (HANDLE)(ULONG_PTR)t->Process->UniqueProcessId;
    b.ClientId.UniqueThread = (HANDLE)(ULONG_PTR)t->UniqueThreadId;
    b.AffinityMask = 1;
    b.Priority = 8;
    b.BasePriority = 8;
    ObDereferenceObject(t);
    return PspReturn(Thread, Buffer, Length, &b, sizeof(b), ReturnLength);
}
