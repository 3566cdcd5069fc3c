/*
 * wait.c — dispatcher objects (events so far) and waiting on them, with
 * timeouts.
 *
 * A waiter puts a wait block on the object's list and, with a timeout, a
 * timer entry on the sorted timer list — both live on the waiting
 * coroutine's stack, which stays put while it is parked — then parks.
 * Signalling an event readies waiters (all of them for a notification
 * event; one, consuming the signal, for a synchronization event); the
 * timer tick readies waiters whose time is up with STATUS_TIMEOUT.  The
 * woken coroutine removes whatever is still linked.
 */
#include "ki.h"

typedef struct _KWAIT_BLOCK {
    LIST_ENTRY WaitListEntry;
    PKI_COROUTINE Coroutine;
} KWAIT_BLOCK;

typedef struct _KI_TIMER_ENTRY {
    LIST_ENTRY Link;
    ULONG64 DueTime; /* interrupt time */
    PKI_COROUTINE Coroutine;
    NTSTATUS ExpiryStatus;
} KI_TIMER_ENTRY;

static LIST_ENTRY KiTimerList = { &KiTimerList, &KiTimerList };

VOID KeInitializeEvent(PKEVENT Event, KOBJECTS Type, BOOLEAN State)
{
    Event->Header.Type = (UCHAR)Type;
    Event->Header.SignalState = State ? 1 : 0;
    InitializeListHead(&Event->Header.WaitListHead);
}

LONG KeSetEvent(PKEVENT Event)
{
    PDISPATCHER_HEADER h = &Event->Header;
    LONG previous = h->SignalState;
    h->SignalState = 1;
    while (!IsListEmpty(&h->WaitListHead)) {
        PLIST_ENTRY e = RemoveHeadList(&h->WaitListHead);
        KWAIT_BLOCK *wb = CONTAINING_RECORD(e, KWAIT_BLOCK, WaitListEntry);
        InitializeListHead(e); /* unlinked: the waiter sees it */
        if (wb->Coroutine->OnReadyList)
            continue; /* already woken (timed out): it does not take the signal */
        KiReadyCoroutine(wb->Coroutine, STATUS_SUCCESS);
        if (h->Type == KiSynchronizationEvent) {
            h->SignalState = 0; /* consumed by the one waiter released */
            break;
        }
    }
    return previous;
}

LONG KeResetEvent(PKEVENT Event)
{
    LONG previous = Event->Header.SignalState;
    Event->Header.SignalState = 0;
    return previous;
}

/* Convert an NT timeout to a due interrupt time. */
static ULONG64 KiDueTime(const LARGE_INTEGER *Timeout)
{
    ULONG64 now = KeQueryInterruptTime();
    if (Timeout->QuadPart < 0)
        return now + (ULONG64)(-Timeout->QuadPart);
    ULONG64 sys = KeQuerySystemTime();
    return (ULONG64)Timeout->QuadPart > sys ? now + ((ULONG64)Timeout->QuadPart - sys) : now;
}

static VOID KiInsertTimer(KI_TIMER_ENTRY *t)
{
    PLIST_ENTRY e = KiTimerList.Flink;
    while (e != &KiTimerList && CONTAINING_RECORD(e, KI_TIMER_ENTRY, Link)->DueTime <= t->DueTime)
        e = e->Flink;
    /* insert before e */
    t->Link.Flink = e;
    t->Link.Blink = e->Blink;
    e->Blink->Flink = &t->Link;
    e->Blink = &t->Link;
}

static VOID KiUnlink(PLIST_ENTRY e)
{
    if (e->Flink != e) {
        RemoveEntryList(e);
        InitializeListHead(e);
    }
}

static NTSTATUS KiWait(PDISPATCHER_HEADER Object, const LARGE_INTEGER *Timeout, NTSTATUS ExpiryStatus)
{
    KWAIT_BLOCK wb;
    KI_TIMER_ENTRY timer;
    wb.Coroutine = timer.Coroutine = KiCurrentCoroutine;
    InitializeListHead(&wb.WaitListEntry);
    InitializeListHead(&timer.Link);
    if (Object)
        InsertTailList(&Object->WaitListHead, &wb.WaitListEntry);
    if (Timeout) {
        timer.DueTime = KiDueTime(Timeout);
        timer.ExpiryStatus = ExpiryStatus;
        KiInsertTimer(&timer);
    }
    NTSTATUS st = KiPark();
    KiUnlink(&wb.WaitListEntry);
    KiUnlink(&timer.Link);
    return st;
}

NTSTATUS KeWaitForSingleObject(PDISPATCHER_HEADER Object, const LARGE_INTEGER *Timeout)
{
    if (Object->SignalState > 0) {
        if (Object->Type == KiSynchronizationEvent)
            Object->SignalState = 0;
        return STATUS_SUCCESS;
    }
    if (Timeout && Timeout->QuadPart == 0)
        return STATUS_TIMEOUT;
    return KiWait(Object, Timeout, STATUS_TIMEOUT);
}

NTSTATUS KeDelayExecution(const LARGE_INTEGER *Interval)
{
    if (Interval->QuadPart == 0)
        return STATUS_SUCCESS;
    return KiWait(NULL, Interval, STATUS_SUCCESS);
}

/* Called on every timer tick: ready the waiters whose time has come. */
VOID KiExpireTimers(ULONG64 Now)
{
    while (!IsListEmpty(&KiTimerList)) {
        KI_TIMER_ENTRY *t = CONTAINING_RECORD(KiTimerList.Flink, KI_TIMER_ENTRY, Link);
        if (t->DueTime > Now)
            break;
        KiUnlink(&t->Link);
        KiReadyCoroutine(t->Coroutine, t->ExpiryStatus);
    }
}
