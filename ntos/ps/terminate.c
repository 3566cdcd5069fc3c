/*
 * terminate.c — ending processes: NtTerminateProcess and the clean-up
 * shared with fault handling.
 *
 * Termination stops the threads (deleting a TCB's last capability
 * suspends it), then frees the address space — every page, paging
 * structure and the PML4 with its ASID — and the process itself.  When the
 * caller's own process ends, the service loop must not reply (KiCallerGone).
 */
#include "../inc/ntos.h"
#include "ob.h"

VOID PspTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus)
{
    if (Process->Terminating)
        return;
    Process->Terminating = TRUE;
    Process->ExitStatus = ExitStatus;
    DbgPrint("ps: process %u '%s' exited with status 0x%08x\n", Process->UniqueProcessId, Process->ImageName,
             (ULONG)ExitStatus);
    PETHREAD t = Process->InitialThread;
    if (t) {
        t->Terminated = TRUE;
        KiThreadTerminating(t); /* cancels a parked call, and no reply to this one */
        seL4_CNode_Delete(seL4_CapInitThreadCNode, t->ReplySlot, 64);
        MmFreeSlot(t->ReplySlot);
        MmDeleteObject(&t->Tcb);
        MmDeleteObject(&t->CNode);
        ExFreePoolWithTag(t, 'rhTE');
        Process->InitialThread = NULL;
    }
    ObDestroyHandleTable(Process->ObjectTable); /* closes every handle */
    MmDeleteAddressSpace(&Process->Vm);
    ExFreePoolWithTag(Process, 'corP');
    PspActiveProcesses--;
}

#define NtCurrentProcessHandle ((HANDLE)(LONG_PTR)-1)

NTSTATUS NtTerminateProcess(PETHREAD Thread, HANDLE ProcessHandle, NTSTATUS ExitStatus)
{
    if (ProcessHandle == NULL) {
        /* every thread but the caller: in this slice a process has one */
        return STATUS_SUCCESS;
    }
    if (ProcessHandle != NtCurrentProcessHandle)
        return STATUS_INVALID_HANDLE; /* handle tables arrive with the object manager */
    PspTerminateProcess(Thread->Process, ExitStatus);
    return STATUS_SUCCESS;
}
