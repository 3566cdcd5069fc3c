/*
 * async.c — coroutines: how the single-threaded executive waits without
 * blocking anyone else (docs/executive.md, "Serving every client").
 *
 * Every service call that may wait (marked `wait` in services.spec) runs
 * on a coroutine: a small stack of its own taken from a pool.  The others
 * run on the dispatcher's stack and must not park.  If the service finishes, the dispatcher replies at once.
 * If it must wait (KeWaitForSingleObject on an unsignalled object, a
 * delay), it *parks*: the caller's reply capability is saved into the
 * thread's reply slot (seL4_CNode_SaveCaller), the coroutine switches back
 * to whoever resumed it, and the dispatcher goes on serving other
 * clients.  Whatever satisfies the wait (a signal, the timer) makes the
 * coroutine ready; the dispatcher resumes ready coroutines before it waits
 * for the next message, and a coroutine that finishes after parking answers
 * its caller by invoking the saved reply capability.
 *
 * Rules that keep this safe, enforced here:
 *   - only Ke wait primitives park (KiPark is private to ke/);
 *   - a coroutine can be resumed by anyone (the dispatcher or another
 *     coroutine); it returns to its resumer when it parks or ends;
 *   - a parked call whose thread dies is resumed with Cancelled set: the
 *     wait returns STATUS_THREAD_IS_TERMINATING and the coroutine ends
 *     without replying.
 * Stacks come from a dedicated region with an unmapped page below each, so
 * an overflow faults instead of corrupting its neighbour.
 */
#include "ki.h"

#define KI_COROUTINE_STACK (16 * 1024)
#define KI_STACK_REGION 0x300000000000ull

void KiSwitchContext(ULONG_PTR *SaveRsp, ULONG_PTR NewRsp);
void KiCoroutineEntry(void);

static PKI_COROUTINE KiFreeCoroutines;
static LIST_ENTRY KiReadyCoroutines = { &KiReadyCoroutines, &KiReadyCoroutines };
static ULONG_PTR KiNextStack = KI_STACK_REGION;
PKI_COROUTINE KiCurrentCoroutine;
ULONG KiCoroutineCount;

static NTSTATUS KiAllocateStack(PKI_COROUTINE Co)
{
    ULONG_PTR base = KiNextStack + 4096; /* guard page below */
    for (ULONG_PTR off = 0; off < KI_COROUTINE_STACK; off += 4096) {
        MM_OBJECT frame;
        NTSTATUS st = MmMapExecutivePage(base + off, &frame);
        if (!NT_SUCCESS(st))
            return st; /* pages mapped so far stay: the region is not reused */
    }
    KiNextStack += KI_COROUTINE_STACK + 4096;
    Co->StackTop = base + KI_COROUTINE_STACK;
    return STATUS_SUCCESS;
}

static PKI_COROUTINE KiGetCoroutine(VOID)
{
    PKI_COROUTINE co = KiFreeCoroutines;
    if (co) {
        KiFreeCoroutines = co->NextFree;
        return co;
    }
    co = ExAllocatePoolWithTag(NonPagedPool, sizeof(*co), 'oroC');
    if (!co)
        return NULL;
    if (!NT_SUCCESS(KiAllocateStack(co))) {
        ExFreePoolWithTag(co, 'oroC');
        return NULL;
    }
    KiCoroutineCount++;
    return co;
}

/* Runs on the coroutine's own stack. */
__attribute__((noreturn, used)) void KiCoroutineMain(PKI_COROUTINE Co)
{
    Co->Fn(Co);
    Co->Finished = TRUE;
    KiCurrentCoroutine = Co->Resumer;
    KiSwitchContext(&Co->Rsp, Co->ResumerRsp);
    __builtin_unreachable();
}

/* Switch into Co until it parks or finishes. */
static VOID KiResume(PKI_COROUTINE Co)
{
    PETHREAD caller = KiCallerThread; /* the thread whose service runs follows the switch */
    Co->Resumer = KiCurrentCoroutine;
    KiCurrentCoroutine = Co;
    KiCallerThread = Co->Call.Thread;
    KiSwitchContext(&Co->ResumerRsp, Co->Rsp);
    KiCallerThread = caller;
}

/* Run Fn(Co) on a fresh coroutine; returns it parked or finished. */
PKI_COROUTINE KiStartCoroutine(VOID (*Fn)(PKI_COROUTINE), PVOID Context)
{
    PKI_COROUTINE co = KiGetCoroutine();
    if (!co)
        return NULL;
    co->Fn = Fn;
    co->Context = Context;
    co->Finished = co->Parked = co->Cancelled = FALSE;
    co->WaitStatus = STATUS_SUCCESS;
    /* Initial frame for KiSwitchContext: r15 r14 r13 r12 rbx rbp, return address. */
    /* After the ret, rsp = StackTop (16-aligned): KiCoroutineEntry's call
     * then gives KiCoroutineMain the ABI's entry alignment. */
    ULONG_PTR *sp = (ULONG_PTR *)co->StackTop;
    *--sp = (ULONG_PTR)KiCoroutineEntry; /* return address */
    *--sp = 0;                           /* rbp */
    *--sp = 0;                           /* rbx */
    *--sp = (ULONG_PTR)co;               /* r12 */
    *--sp = 0;                           /* r13 */
    *--sp = 0;                           /* r14 */
    *--sp = 0;                           /* r15 */
    co->Rsp = (ULONG_PTR)sp;
    KiResume(co);
    return co;
}

VOID KiReleaseCoroutine(PKI_COROUTINE Co)
{
    Co->NextFree = KiFreeCoroutines;
    KiFreeCoroutines = Co;
}

/* Park the current coroutine; returns when it is resumed. */
NTSTATUS KiPark(VOID)
{
    PKI_COROUTINE co = KiCurrentCoroutine;
    if (!co)
        KeBugCheckEx(MANUALLY_INITIATED_CRASH, 0x5a, 0, 0, 0); /* parking outside a coroutine */
    co->Parked = TRUE;
    KiCurrentCoroutine = co->Resumer;
    KiSwitchContext(&co->Rsp, co->ResumerRsp);
    co->Parked = FALSE;
    return co->Cancelled ? STATUS_THREAD_IS_TERMINATING : co->WaitStatus;
}

/* Make a parked coroutine runnable with the given wait status. */
VOID KiReadyCoroutine(PKI_COROUTINE Co, NTSTATUS WaitStatus)
{
    if (Co->OnReadyList)
        return;
    Co->WaitStatus = WaitStatus;
    Co->OnReadyList = TRUE;
    InsertTailList(&KiReadyCoroutines, &Co->ReadyLink);
}

/* Resume every ready coroutine (the dispatcher calls this). */
VOID KiRunReadyCoroutines(VOID (*Finished)(PKI_COROUTINE))
{
    while (!IsListEmpty(&KiReadyCoroutines)) {
        PLIST_ENTRY e = RemoveHeadList(&KiReadyCoroutines);
        PKI_COROUTINE co = CONTAINING_RECORD(e, KI_COROUTINE, ReadyLink);
        co->OnReadyList = FALSE;
        KiResume(co);
        if (co->Finished)
            Finished(co);
    }
}

/* Resume a parked coroutine at once with Cancelled set and let it finish. */
VOID KiCancelCoroutine(PKI_COROUTINE Co)
{
    if (Co->OnReadyList) {
        RemoveEntryList(&Co->ReadyLink);
        Co->OnReadyList = FALSE;
    }
    Co->Cancelled = TRUE;
    while (!Co->Finished)
        KiResume(Co);
}
