/*
 * terminate.c — ending threads and processes: NtTerminateThread,
 * NtTerminateProcess and the clean-up shared with fault handling.
 *
 * A thread ends by losing its TCB and CSpace (which stops it at once, even
 * in the middle of a call: a call it has parked is cancelled first), its
 * reply slot, TEB and stack; then its object is signalled.  The reference
 * it held on itself while running is dropped only at the end of the
 * dispatcher's turn (PsReapThreads), so the service that ended it — maybe
 * its own — never holds a dangling ETHREAD.  The last thread of a process
 * ending tears the process down: its handle table is destroyed (closing
 * every handle), its address space freed, its object signalled.  The
 * objects themselves live on while handles or references remain, for
 * NtQueryInformation* and waits.
 */
#include "../ke/ki.h"

VOID PspFreeThreadResources(PETHREAD Thread);
static LIST_ENTRY PspReapList = { &PspReapList, &PspReapList };

/* Idempotent; for a process that never got a thread too. */
VOID PspTearDownProcess(PEPROCESS Process)
{
    if (Process->TornDown)
        return;
    Process->TornDown = TRUE;
    Process->Terminating = TRUE;
    if (Process->ActiveProcessLinks.Flink) { /* not on the list if its creation failed early */
        RemoveEntryList(&Process->ActiveProcessLinks);
        InitializeListHead(&Process->ActiveProcessLinks);
    }
    if (Process->ExitStatus == STATUS_PENDING)
        Process->ExitStatus = STATUS_SUCCESS;
    if (Process->UniqueProcessId)
        DbgPrint("ps: process %u '%s' exited with status 0x%08x\n", Process->UniqueProcessId, Process->ImageName,
                 (ULONG)Process->ExitStatus);
    if (Process->ObjectTable) {
        struct _HANDLE_TABLE *table = Process->ObjectTable;
        Process->ObjectTable = NULL; /* closing may run code that looks */
        ObDestroyHandleTable(table);
    }
    MmDeleteAddressSpace(&Process->Vm);
    KeSignalObject(&Process->Header);
}

VOID PspTerminateThread(PETHREAD Thread, NTSTATUS ExitStatus)
{
    if (Thread->Terminated)
        return;
    PEPROCESS p = Thread->Process;
    Thread->Terminated = TRUE;
    Thread->ExitStatus = ExitStatus;
    KiThreadTerminating(Thread); /* cancels a parked call; no reply to a running one */
    PspFreeThreadResources(Thread);
    RemoveEntryList(&Thread->ThreadListEntry);
    InitializeListHead(&Thread->ThreadListEntry);
    KeSignalObject(&Thread->Header);
    DbgTrace(DBG_PS, "ps: thread %u of process %u ended, status 0x%08x\n", Thread->UniqueThreadId,
             p->UniqueProcessId, (ULONG)ExitStatus);
    PspActiveThreads--;
    if (--p->ActiveThreads == 0) {
        if (p->ExitStatus == STATUS_PENDING)
            p->ExitStatus = ExitStatus;
        PspTearDownProcess(p);
    }
    InsertTailList(&PspReapList, &Thread->ReapLink);
}

VOID PsReapThreads(VOID)
{
    while (!IsListEmpty(&PspReapList)) {
        PETHREAD t = CONTAINING_RECORD(RemoveHeadList(&PspReapList), ETHREAD, ReapLink);
        ObDereferenceObject(t); /* its running reference */
    }
}

/* Every thread of Process but Except (may be NULL). */
static VOID PspTerminateThreadsExcept(PEPROCESS Process, PETHREAD Except, NTSTATUS ExitStatus)
{
    PLIST_ENTRY e = Process->ThreadListHead.Flink;
    while (e != &Process->ThreadListHead) {
        PETHREAD t = CONTAINING_RECORD(e, ETHREAD, ThreadListEntry);
        e = e->Flink;
        if (t != Except)
            PspTerminateThread(t, ExitStatus);
    }
}

VOID PspTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus)
{
    if (Process->Terminating)
        return;
    Process->Terminating = TRUE;
    Process->ExitStatus = ExitStatus;
    ObReferenceObject(Process); /* its last thread's object may go while we work */
    PspTerminateThreadsExcept(Process, NULL, ExitStatus);
    PspTearDownProcess(Process); /* a process without threads */
    ObDereferenceObject(Process);
}

VOID PsTerminateAllProcesses(NTSTATUS ExitStatus)
{
    extern LIST_ENTRY PsActiveProcessHead;
    while (!IsListEmpty(&PsActiveProcessHead)) {
        PEPROCESS p = CONTAINING_RECORD(PsActiveProcessHead.Flink, EPROCESS, ActiveProcessLinks);
        ObReferenceObject(p);
        if (p->ExitStatus == STATUS_PENDING)
            p->ExitStatus = ExitStatus;
        p->Terminating = TRUE;
        PspTerminateThreadsExcept(p, NULL, ExitStatus);
        PspTearDownProcess(p); /* off the list, threads or not */
        ObDereferenceObject(p);
    }
}

NTSTATUS NtTerminateProcess(PETHREAD Thread, HANDLE ProcessHandle, NTSTATUS ExitStatus)
{
    if (ProcessHandle == NULL) {
        /* every thread of the caller's process but the caller */
        PEPROCESS p = Thread->Process;
        if (p->ExitStatus == STATUS_PENDING)
            p->ExitStatus = ExitStatus;
        PspTerminateThreadsExcept(p, Thread, ExitStatus);
        return STATUS_SUCCESS;
    }
    PEPROCESS p;
    NTSTATUS st = PsReferenceProcessByHandle(ProcessHandle, PROCESS_TERMINATE, &p);
    if (!NT_SUCCESS(st))
        return st;
    if (p->Terminating)
        st = STATUS_PROCESS_IS_TERMINATING;
    else
        PspTerminateProcess(p, ExitStatus); /* the caller's own: no reply */
    ObDereferenceObject(p);
    return st;
}

NTSTATUS NtTerminateThread(PETHREAD Thread, HANDLE ThreadHandle, NTSTATUS ExitStatus)
{
    if (ThreadHandle == NULL) {
        /* The caller, unless it is its process's last thread: then it must
         * end the process itself (RtlExitUserThread does, after DLL detach),
         * as on Windows.  The answer is atomic, so a thread that raced
         * another one's exit learns here that it has become the last. */
        if (Thread->Process->ActiveThreads == 1)
            return STATUS_CANT_TERMINATE_SELF;
        ThreadHandle = NtCurrentThread();
    }
    PETHREAD t;
    NTSTATUS st = PsReferenceThreadByHandle(ThreadHandle, THREAD_TERMINATE, &t);
    if (!NT_SUCCESS(st))
        return st;
    if (t->Terminated)
        st = STATUS_THREAD_IS_TERMINATING;
    else
        PspTerminateThread(t, ExitStatus); /* a last thread takes its process with it, exit status and all */
    ObDereferenceObject(t);
    return st;
}
