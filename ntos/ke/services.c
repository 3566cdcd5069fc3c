/*
 * services.c — the executive's dispatch loop.
 *
 * Every NT thread Calls the executive on its own badged capability to one
 * endpoint; the badge is the ETHREAD's address, with bit 0 set for the
 * thread's fault endpoint.  The executive's timer notification is bound to
 * its thread, so the same Recv also returns for timer ticks (badge
 * KI_TIMER_BADGE).  One turn of the loop:
 *
 *   1. handle the message: a service that may wait (marked `wait` in
 *      services.spec) runs on a coroutine (async.c); if it finishes, its
 *      status is the reply; if it parks, the caller's reply capability is
 *      saved in the thread's reply slot.  Every other service runs directly
 *      on the dispatcher's stack and cannot park (KiPark bug-checks);
 *   2. resume coroutines made ready meanwhile (by signals or the timer);
 *      those that finish answer through their saved reply capability;
 *   3. ReplyRecv (reply to this turn's caller) or Recv.
 *
 * No answer goes to a suspended thread: each reply path asks KiHoldReply
 * first, which keeps the reply capability and the status until the thread
 * is resumed (suspend.c).
 *
 * Faults: a VM fault on a committed page not yet backed is resolved
 * (demand-zero) and the thread restarted; any other fault is dispatched
 * to the thread as an exception (exception.c, docs/exceptions.md).
 */
#include "ki.h"

seL4_CPtr KiServiceEndpoint;
PETHREAD KiCallerThread;

static VOID KiServiceCoroutine(PKI_COROUTINE Co)
{
    Co->Call = *(PKI_SERVICE_CALL)Co->Context; /* Context is on the dispatcher's stack */
    KiCallerThread = Co->Call.Thread;
    Co->CallerGone = FALSE;
    Co->Result = KiServiceTable[Co->Call.Label].Handler(&Co->Call);
}

/* A parked call finished: answer its caller through the saved reply cap,
 * unless the caller is suspended meanwhile (then the answer is held). */
static VOID KiParkedCallFinished(PKI_COROUTINE Co)
{
    if (!Co->CallerGone) {
        PETHREAD t = Co->Call.Thread;
        t->ParkedCall = NULL;
        if (!KiHoldReply(t, Co->Result, FALSE))
            KiSendReply(t, Co->Result);
    }
    KiReleaseCoroutine(Co);
}

/* A service running directly on the dispatcher's stack (not a coroutine). */
static PKI_SERVICE_CALL KiDirectCall;
static BOOLEAN KiDirectCallerGone;

/* The caller was restarted with new registers (NtContinue, an exception
 * dispatched): its reply capability is gone, no answer is sent. */
VOID KiCallerContinued(PETHREAD Thread)
{
    if (KiCurrentCoroutine && KiCurrentCoroutine->Call.Thread == Thread)
        KiCurrentCoroutine->CallerGone = TRUE;
    else if (!KiCurrentCoroutine && KiDirectCall && KiDirectCall->Thread == Thread)
        KiDirectCallerGone = TRUE;
}

VOID KiThreadTerminating(PETHREAD Thread)
{
    KiCallerContinued(Thread); /* the call being served gets no answer */
    PKI_COROUTINE co = Thread->ParkedCall;
    if (co) {
        Thread->ParkedCall = NULL;
        co->CallerGone = TRUE;
        KiCancelCoroutine(co);
        KiReleaseCoroutine(co);
    }
}

/* Handle one service call; returns TRUE with *Status if the caller is
 * answered now. */
static BOOLEAN KiHandleService(PETHREAD Thread, seL4_MessageInfo_t Info, NTSTATUS *Status)
{
    seL4_Word label = seL4_MessageInfo_get_label(Info);
    if (label >= KI_SERVICE_COUNT) {
        *Status = STATUS_INVALID_SYSTEM_SERVICE;
        return TRUE;
    }
    const KI_SERVICE_ENTRY *e = &KiServiceTable[label];
    ULONG n = (ULONG)seL4_MessageInfo_get_length(Info);
    if (n < e->ArgCount) {
        *Status = STATUS_INVALID_PARAMETER;
        return TRUE;
    }
    KI_SERVICE_CALL call = { .Thread = Thread, .Label = (ULONG)label, .ArgCount = n };
    for (ULONG i = 0; i < e->ArgCount; i++)
        call.Args[i] = seL4_GetMR(i);
    if (!e->MayWait) {
        /* Cannot park: run it here, no coroutine needed. */
        KiDirectCall = &call;
        KiDirectCallerGone = FALSE;
        KiCallerThread = Thread;
        *Status = e->Handler(&call);
        KiCallerThread = NULL;
        KiDirectCall = NULL;
        return !KiDirectCallerGone;
    }
    PKI_COROUTINE co = KiStartCoroutine(KiServiceCoroutine, &call);
    if (!co) {
        *Status = STATUS_INSUFFICIENT_RESOURCES;
        return TRUE;
    }
    if (co->Finished) {
        BOOLEAN answer = !co->CallerGone;
        *Status = co->Result;
        KiReleaseCoroutine(co);
        return answer;
    }
    /* Parked: keep the reply capability until the call finishes. */
    KiSaveReply(Thread);
    Thread->ParkedCall = co;
    return FALSE;
}

/* Handle one message; returns TRUE with *Status and *Caller if Caller is
 * to be answered through the caller slot at the end of this turn. */
static BOOLEAN KiHandleMessage(seL4_Word Badge, seL4_MessageInfo_t Info, NTSTATUS *Status, PETHREAD *Caller)
{
    if (Badge & KI_TIMER_BADGE) {
        KiTimerInterrupt();
        return FALSE;
    }
    PETHREAD thread = (PETHREAD)(Badge & ~1ull);
    *Caller = thread;
    thread->InExecutive = TRUE; /* blocked on our reply until it is sent */
    if (Badge & 1) {
        seL4_Word label = seL4_MessageInfo_get_label(Info);
        /* VM fault: MR1 = address, MR3 = error code (bit 1: write) */
        if (label == seL4_Fault_VMFault &&
            MmResolveFault(&thread->Process->Vm, seL4_GetMR(1), (seL4_GetMR(3) & 2) != 0)) {
            *Status = STATUS_SUCCESS; /* the reply restarts the thread */
            return TRUE;
        }
        /* anything else becomes an exception in the thread (exception.c) */
        seL4_Word mr[4] = { seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3) };
        KiDispatchFault(thread, label, mr);
        return FALSE; /* restarted at KiUserExceptionDispatcher, or its process ended */
    }
    return KiHandleService(thread, Info, Status);
}

VOID KiDispatchServices(VOID)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(KiServiceEndpoint, &badge);
    for (;;) {
        NTSTATUS status = STATUS_SUCCESS;
        PETHREAD caller = NULL;
        BOOLEAN reply = KiHandleMessage(badge, info, &status, &caller);
        KiRunReadyCoroutines(KiParkedCallFinished);
        if (reply && (caller->Terminated || KiHoldReply(caller, status, TRUE)))
            reply = FALSE; /* gone, or suspended meanwhile (NtSuspendThread on itself): no answer now */
        if (reply)
            caller->InExecutive = FALSE;
        PsReapThreads(); /* may free caller */
        if (PspActiveThreads == 0 && !KiSystemHalted && !KiStartNextBootProgram()) {
            DbgPrint("ke: no processes left\n");
            KiPowerOff(TRUE);
        }
        if (reply) {
            seL4_SetMR(0, (seL4_Word)(ULONG)status);
            info = seL4_ReplyRecv(KiServiceEndpoint, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
        } else {
            info = seL4_Recv(KiServiceEndpoint, &badge);
        }
    }
}

/* The executive does not see the kernel's ready queue, so it cannot tell
 * whether another thread was ready: it says none was
 * (STATUS_NO_YIELD_PERFORMED, as Windows says then).  Also the null
 * service of the benchmarks (bench/nt). */
NTSTATUS NtYieldExecution(PETHREAD Thread)
{
    (void)Thread;
    return STATUS_NO_YIELD_PERFORMED;
}
