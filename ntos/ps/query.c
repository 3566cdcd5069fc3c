/*
 * query.c — NtQueryInformationProcess (basic class so far).
 */
#include "../ke/ki.h"

NTSTATUS NtQueryInformationProcess(PETHREAD Thread, HANDLE ProcessHandle, PROCESSINFOCLASS Class, PVOID Buffer,
                                   ULONG Length, PULONG ReturnLength)
{
    PEPROCESS p = Thread->Process;
    if (ProcessHandle != (HANDLE)(LONG_PTR)-1)
        return STATUS_INVALID_HANDLE; /* process handles arrive with the object manager */
    if ((ULONG)Class != ProcessBasicInformation)
        return (ULONG)Class < 0x70 ? STATUS_NOT_IMPLEMENTED : STATUS_INVALID_INFO_CLASS;
    if (Length != sizeof(PROCESS_BASIC_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    PROCESS_BASIC_INFORMATION b = { 0 };
    b.ExitStatus = STATUS_PENDING;
    b.PebBaseAddress = (struct _PEB *)p->PebAddress;
    b.AffinityMask = 1;
    b.BasePriority = 8;
    b.UniqueProcessId = p->UniqueProcessId;
    NTSTATUS st = MmCopyToUser(&p->Vm, (ULONG_PTR)Buffer, &b, sizeof(b));
    if (NT_SUCCESS(st) && ReturnLength) {
        ULONG n = sizeof(b);
        st = MmCopyToUser(&p->Vm, (ULONG_PTR)ReturnLength, &n, sizeof(n));
    }
    return st;
}
