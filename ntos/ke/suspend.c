/*
 * suspend.c — suspend counts: NtSuspendThread and friends come down to
 * KeSuspendThread / KeResumeThread here (docs/executive.md, "Suspending
 * threads").
 *
 * A thread is in one of two places when someone suspends it:
 *
 *   in user mode (running, ready, or queued on the service endpoint with a
 *   Call the executive has not received yet): its TCB is stopped with
 *   seL4_TCB_Suspend.  The kernel keeps the registers; a Call that was
 *   still queued is cancelled and re-issued from its syscall instruction
 *   when the TCB is resumed, which is right: the executive never saw it.
 *
 *   in the executive (InExecutive: the executive received its call or
 *   fault and has not answered): it is blocked on the reply and cannot run
 *   anyway.  Its TCB must NOT be suspended: the kernel would delete the
 *   reply capability and, on resume, restart the thread at its syscall
 *   instruction, so the service would run twice and its answer would be
 *   lost.  Instead the answer is held: when the call ends while the count
 *   is not zero, the dispatcher keeps the reply capability in the thread's
 *   reply slot with the status (ReplyHeld, HeldStatus), and the resume that
 *   brings the count to zero sends it.
 *
 * So a thread's TCB is never stopped while it waits for a reply, and an
 * answer never goes to a suspended thread.  The first rule is kept here
 * (the only place that calls seL4_TCB_Suspend/Resume on a user thread once
 * it exists); the second by KiHoldReply, which every reply path of the
 * dispatcher calls (services.c).
 */
#include "ki.h"

/* Move the reply capability of the call just received from the
 * executive's caller slot into the thread's own reply slot, where it
 * survives later receives (a parked call, a held answer). */
VOID KiSaveReply(PETHREAD Thread)
{
    seL4_CNode_SaveCaller(MmCSpaceRoot, Thread->ReplySlot, MM_CSPACE_DEPTH);
}

/* Send Status through the thread's reply slot: the end of its call. */
VOID KiSendReply(PETHREAD Thread, NTSTATUS Status)
{
    Thread->InExecutive = FALSE;
    seL4_SetMR(0, (seL4_Word)(ULONG)Status);
    seL4_Send(Thread->ReplySlot, seL4_MessageInfo_new(0, 0, 0, 1));
}

/*
 * The dispatcher is about to answer Thread's call or fault with Status.
 * If the thread is suspended, hold the answer instead and return TRUE.
 * InCallerSlot: the reply capability is still in the executive's caller
 * slot (the call ended in the turn it came in), so it is saved into the
 * thread's reply slot first; otherwise it is there already (a parked call).
 */
BOOLEAN KiHoldReply(PETHREAD Thread, NTSTATUS Status, BOOLEAN InCallerSlot)
{
    if (Thread->SuspendCount == 0)
        return FALSE;
    if (InCallerSlot)
        KiSaveReply(Thread);
    Thread->ReplyHeld = TRUE;
    Thread->HeldStatus = Status;
    DbgTrace(DBG_KE, "ke: thread %u suspended: its answer 0x%08x is held\n", Thread->UniqueThreadId,
             (ULONG)Status);
    return TRUE;
}

NTSTATUS KeSuspendThread(PETHREAD Thread, PULONG Previous)
{
    if (Thread->Terminated)
        return STATUS_THREAD_IS_TERMINATING;
    if (Thread->SuspendCount >= MAXIMUM_SUSPEND_COUNT)
        return STATUS_SUSPEND_COUNT_EXCEEDED;
    *Previous = Thread->SuspendCount++;
    if (Thread->SuspendCount == 1 && !Thread->InExecutive && !Thread->TcbStopped) {
        seL4_TCB_Suspend(Thread->Tcb.Cap);
        Thread->TcbStopped = TRUE;
    }
    return STATUS_SUCCESS;
}

NTSTATUS KeResumeThread(PETHREAD Thread, PULONG Previous)
{
    *Previous = Thread->SuspendCount;
    if (Thread->SuspendCount == 0 || --Thread->SuspendCount != 0 || Thread->Terminated)
        return STATUS_SUCCESS;
    if (Thread->ReplyHeld) {
        /* Its call ended while it was suspended: the answer goes now. */
        Thread->ReplyHeld = FALSE;
        KiSendReply(Thread, Thread->HeldStatus);
    } else if (Thread->TcbStopped) {
        Thread->TcbStopped = FALSE;
        seL4_TCB_Resume(Thread->Tcb.Cap);
    }
    /* else its call is still being served: it answers when it ends */
    return STATUS_SUCCESS;
}
