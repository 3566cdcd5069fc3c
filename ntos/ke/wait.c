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
    ULONG Index;     /* which object of a multiple wait */
    BOOLEAN WaitAll; /* woken to re-check, never consumes a signal */
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
        if (wb->WaitAll) {
            KiReadyCoroutine(wb->Coroutine, STATUS_SUCCESS); /* re-checks all its objects */
            continue;
        }
        KiReadyCoroutine(wb->Coroutine, STATUS_WAIT_0 + wb->Index);
        if (h->Type == KiSynchronizationEvent) {
            h->SignalState = 0; /* consumed by the one waiter released */
            break;
        }
    }
    return previous;
}

/* A process or thread ended: signalled for good, every waiter released. */
VOID KeSignalObject(PDISPATCHER_HEADER Header)
{
    KeSetEvent(CONTAINING_RECORD(Header, KEVENT, Header));
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

/* Park on Count objects (Count may be 0) until woken or DueTime (if
 * HasTimeout) passes. */
static NTSTATUS KiWaitObjects(ULONG Count, PDISPATCHER_HEADER *Objects, BOOLEAN WaitAll, BOOLEAN HasTimeout,
                              ULONG64 DueTime, NTSTATUS ExpiryStatus)
{
    KWAIT_BLOCK wb[KI_MAXIMUM_WAIT_OBJECTS];
    KI_TIMER_ENTRY timer;
    timer.Coroutine = KiCurrentCoroutine;
    InitializeListHead(&timer.Link);
    for (ULONG i = 0; i < Count; i++) {
        wb[i].Coroutine = KiCurrentCoroutine;
        wb[i].Index = i;
        wb[i].WaitAll = WaitAll;
        InsertTailList(&Objects[i]->WaitListHead, &wb[i].WaitListEntry);
    }
    if (HasTimeout) {
        timer.DueTime = DueTime;
        timer.ExpiryStatus = ExpiryStatus;
        KiInsertTimer(&timer);
    }
    NTSTATUS st = KiPark();
    for (ULONG i = 0; i < Count; i++)
        KiUnlink(&wb[i].WaitListEntry);
    KiUnlink(&timer.Link);
    return st;
}

static NTSTATUS KiWait(PDISPATCHER_HEADER Object, const LARGE_INTEGER *Timeout, NTSTATUS ExpiryStatus)
{
    return KiWaitObjects(Object ? 1 : 0, &Object, FALSE, Timeout != NULL, Timeout ? KiDueTime(Timeout) : 0,
                         ExpiryStatus);
}

static VOID KiConsume(PDISPATCHER_HEADER Object)
{
    if (Object->Type == KiSynchronizationEvent)
        Object->SignalState = 0;
}

NTSTATUS KeWaitForMultipleObjects(ULONG Count, PDISPATCHER_HEADER *Objects, BOOLEAN WaitAll,
                                  const LARGE_INTEGER *Timeout)
{
    if (Count == 0 || Count > KI_MAXIMUM_WAIT_OBJECTS)
        return STATUS_INVALID_PARAMETER;
    ULONG64 due = Timeout ? KiDueTime(Timeout) : 0;
    for (;;) {
        if (!WaitAll) {
            for (ULONG i = 0; i < Count; i++) {
                if (Objects[i]->SignalState > 0) {
                    KiConsume(Objects[i]);
                    return STATUS_WAIT_0 + i;
                }
            }
        } else {
            ULONG i = 0;
            while (i < Count && Objects[i]->SignalState > 0)
                i++;
            if (i == Count) {
                for (i = 0; i < Count; i++)
                    KiConsume(Objects[i]);
                return STATUS_SUCCESS;
            }
        }
        if (Timeout && (Timeout->QuadPart == 0 || due <= KeQueryInterruptTime()))
            return STATUS_TIMEOUT;
        NTSTATUS st = KiWaitObjects(Count, Objects, WaitAll, Timeout != NULL, due, STATUS_TIMEOUT);
        if (st == STATUS_TIMEOUT || st == STATUS_THREAD_IS_TERMINATING || !WaitAll)
            return st; /* wait-any: the waker picked the object (and consumed it) */
    }
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
