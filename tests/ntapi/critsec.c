/*
 * critsec.c — native API tests of critical sections and the locks built on
 * them: RtlInitializeCriticalSection(AndSpinCount, Ex), Rtl(Try)Enter/
 * LeaveCriticalSection, RtlDeleteCriticalSection,
 * RtlIsCriticalSectionLocked(ByThread), RtlSetCriticalSectionSpinCount,
 * the heap's lock (RtlLockHeap/RtlUnlockHeap, heaps used by several
 * threads at once), the PEB lock and the loader lock (LdrLockLoaderLock).
 *
 * Wine encodes LockCount the pre-Vista way and Windows (and Neptune) the
 * Vista way (docs/critsec.md), so the portable tests look only at what both
 * agree on: -1 when free, RecursionCount, OwningThread, the Is* queries and
 * what TryEnter returns.  The lock word itself is checked Neptune-only.
 */
#include "ntapi_test.h"

NTSYSAPI BOOLEAN NTAPI RtlValidateHeap(IN PVOID HeapHandle, IN ULONG Flags,
                                       IN PVOID BaseAddress OPTIONAL);

#define NO_DEBUG_INFO ((PVOID)(LONG_PTR)-1)
#define THREADS 4

static HANDLE Self(VOID) { return NtCurrentTeb()->ClientId.UniqueThread; }

/* Starts Routine(Argument) in a new thread of this process; NULL on failure. */
static HANDLE StartThread(PUSER_THREAD_START_ROUTINE Routine, PVOID Argument) {
    HANDLE Thread = NULL;

    if (!CHECK_STATUS(RtlCreateUserThread(NtCurrentProcess(), NULL, FALSE, 0, 0, 0, Routine,
                                          Argument, &Thread, NULL),
                      STATUS_SUCCESS))
        return NULL;
    return Thread;
}

/* Waits for the thread (30 s at most), closes it, returns its exit status. */
static NTSTATUS FinishThread(HANDLE Thread) {
    LARGE_INTEGER Timeout = NtapiRelativeMs(30000);
    THREAD_BASIC_INFORMATION Basic;
    NTSTATUS Status = STATUS_UNSUCCESSFUL;

    if (CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_SUCCESS) &&
        CHECK_STATUS(NtQueryInformationThread(Thread, ThreadBasicInformation, &Basic,
                                              sizeof(Basic), NULL),
                     STATUS_SUCCESS))
        Status = Basic.ExitStatus;
    NtClose(Thread);
    return Status;
}

static BOOLEAN IsFree(PRTL_CRITICAL_SECTION Section) {
    return Section->LockCount == -1 && Section->RecursionCount == 0 &&
           Section->OwningThread == NULL;
}

/* ---- One thread ---------------------------------------------------------------------- */

static VOID TestInitialState(VOID) {
    RTL_CRITICAL_SECTION Section;

    RtlFillMemory(&Section, sizeof(Section), 0xcc);
    if (!CHECK_STATUS(RtlInitializeCriticalSection(&Section), STATUS_SUCCESS))
        return;
    CHECK(IsFree(&Section));
    CHECK(Section.LockSemaphore == NULL);
    CHECK(!RtlIsCriticalSectionLocked(&Section));
    CHECK(!RtlIsCriticalSectionLockedByThread(&Section));
    CHECK_STATUS(RtlDeleteCriticalSection(&Section), STATUS_SUCCESS);
}

static VOID TestRecursion(VOID) {
    RTL_CRITICAL_SECTION Section;

    RtlInitializeCriticalSection(&Section);
    CHECK_STATUS(RtlEnterCriticalSection(&Section), STATUS_SUCCESS);
    CHECK_EQ(Section.RecursionCount, 1);
    CHECK(Section.OwningThread == Self());
    CHECK(Section.LockCount != -1);
    CHECK_STATUS(RtlEnterCriticalSection(&Section), STATUS_SUCCESS);
    CHECK(RtlTryEnterCriticalSection(&Section));
    CHECK_EQ(Section.RecursionCount, 3);
    CHECK(RtlIsCriticalSectionLocked(&Section));
    CHECK(RtlIsCriticalSectionLockedByThread(&Section));
    CHECK_STATUS(RtlLeaveCriticalSection(&Section), STATUS_SUCCESS);
    CHECK_STATUS(RtlLeaveCriticalSection(&Section), STATUS_SUCCESS);
    CHECK_EQ(Section.RecursionCount, 1);
    CHECK(Section.OwningThread == Self());
    CHECK_STATUS(RtlLeaveCriticalSection(&Section), STATUS_SUCCESS);
    CHECK(IsFree(&Section));
    CHECK(!RtlIsCriticalSectionLocked(&Section));
    /* Free again: TryEnter takes it. */
    CHECK(RtlTryEnterCriticalSection(&Section));
    CHECK_EQ(Section.RecursionCount, 1);
    RtlLeaveCriticalSection(&Section);
    CHECK_STATUS(RtlDeleteCriticalSection(&Section), STATUS_SUCCESS);
}

static VOID TestInitializeVariants(VOID) {
    RTL_CRITICAL_SECTION Section;
    ULONG_PTR Previous;

    if (CHECK_STATUS(
            RtlInitializeCriticalSectionEx(&Section, 0, RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO),
            STATUS_SUCCESS)) {
        CHECK(Section.DebugInfo == NO_DEBUG_INFO);
        CHECK(IsFree(&Section));
        RtlEnterCriticalSection(&Section);
        CHECK(RtlIsCriticalSectionLockedByThread(&Section));
        RtlLeaveCriticalSection(&Section);
        RtlDeleteCriticalSection(&Section);
    }
    if (CHECK_STATUS(RtlInitializeCriticalSectionAndSpinCount(&Section, 1000), STATUS_SUCCESS)) {
        CHECK(IsFree(&Section));
        Previous = Section.SpinCount;
        CHECK_EQ(RtlSetCriticalSectionSpinCount(&Section, 50), Previous);
        RtlEnterCriticalSection(&Section);
        CHECK_EQ(Section.RecursionCount, 1);
        RtlLeaveCriticalSection(&Section);
        CHECK(IsFree(&Section));
        RtlDeleteCriticalSection(&Section);
    }
}

/* ---- Two threads ----------------------------------------------------------------------- */

typedef struct _TRY_CONTEXT {
    PRTL_CRITICAL_SECTION Section;
    BOOLEAN Took;
    BOOLEAN LockedSeen;       /* RtlIsCriticalSectionLocked */
    BOOLEAN LockedByMeSeen;   /* RtlIsCriticalSectionLockedByThread */
    BOOLEAN OwnerWasMe;       /* OwningThread after a successful try */
    LONG RecursionAfterTake;
} TRY_CONTEXT;

static NTSTATUS NTAPI TryThread(PVOID Argument) {
    TRY_CONTEXT *Context = Argument;

    Context->LockedSeen = RtlIsCriticalSectionLocked(Context->Section);
    Context->LockedByMeSeen = RtlIsCriticalSectionLockedByThread(Context->Section);
    Context->Took = RtlTryEnterCriticalSection(Context->Section);
    if (Context->Took) {
        Context->OwnerWasMe = Context->Section->OwningThread == Self();
        Context->RecursionAfterTake = Context->Section->RecursionCount;
        RtlLeaveCriticalSection(Context->Section);
    }
    return STATUS_SUCCESS;
}

static VOID TestTryEnterFromOtherThread(VOID) {
    RTL_CRITICAL_SECTION Section;
    TRY_CONTEXT Context = {&Section, TRUE, FALSE, TRUE, FALSE, 0};
    HANDLE Thread;

    RtlInitializeCriticalSection(&Section);
    RtlEnterCriticalSection(&Section);
    Thread = StartThread(TryThread, &Context);
    if (Thread != NULL) {
        CHECK_STATUS(FinishThread(Thread), STATUS_SUCCESS);
        CHECK(!Context.Took);
        CHECK(Context.LockedSeen);
        CHECK(!Context.LockedByMeSeen);
    }
    /* Still ours, untouched. */
    CHECK(Section.OwningThread == Self());
    CHECK_EQ(Section.RecursionCount, 1);
    RtlLeaveCriticalSection(&Section);
    Context.LockedSeen = TRUE;
    Thread = StartThread(TryThread, &Context);
    if (Thread != NULL) {
        CHECK_STATUS(FinishThread(Thread), STATUS_SUCCESS);
        CHECK(Context.Took);
        CHECK(!Context.LockedSeen);
        CHECK(Context.OwnerWasMe);
        CHECK_EQ(Context.RecursionAfterTake, 1);
    }
    CHECK(IsFree(&Section));
    RtlDeleteCriticalSection(&Section);
}

/* ---- Contention ------------------------------------------------------------------------ */

#define COUNTER_ITERATIONS 3000

typedef struct _COUNTER_CONTEXT {
    RTL_CRITICAL_SECTION Section;
    volatile ULONG Counter;
    volatile LONG Errors;
} COUNTER_CONTEXT;

static NTSTATUS NTAPI CounterThread(PVOID Argument) {
    COUNTER_CONTEXT *Context = Argument;
    HANDLE Me = Self();

    for (ULONG i = 0; i < COUNTER_ITERATIONS; i++) {
        RtlEnterCriticalSection(&Context->Section);
        if (Context->Section.OwningThread != Me || Context->Section.RecursionCount != 1)
            __atomic_fetch_add(&Context->Errors, 1, __ATOMIC_RELAXED);
        ULONG Value = Context->Counter;
        if ((i & 63) == 0) {
            /* Sleep holding the lock, so that the others queue up behind us
             * (a yield is not enough where it does not switch threads). */
            LARGE_INTEGER Millisecond = NtapiRelativeMs(1);
            NtDelayExecution(FALSE, &Millisecond);
        }
        Context->Counter = Value + 1;
        RtlLeaveCriticalSection(&Context->Section);
    }
    return STATUS_SUCCESS;
}

static VOID TestContendedCounter(VOID) {
    static COUNTER_CONTEXT Context;
    HANDLE Threads[THREADS];

    RtlInitializeCriticalSection(&Context.Section);
    Context.Counter = 0;
    Context.Errors = 0;
    for (ULONG i = 0; i < THREADS; i++)
        Threads[i] = StartThread(CounterThread, &Context);
    for (ULONG i = 0; i < THREADS; i++) {
        if (Threads[i] == NULL)
            return; /* (reported) the others may still use Context */
    }
    for (ULONG i = 0; i < THREADS; i++)
        CHECK_STATUS(FinishThread(Threads[i]), STATUS_SUCCESS);
    CHECK_EQ(Context.Counter, THREADS * COUNTER_ITERATIONS);
    CHECK_EQ(Context.Errors, 0);
    CHECK(IsFree(&Context.Section));
    CHECK_STATUS(RtlDeleteCriticalSection(&Context.Section), STATUS_SUCCESS);
}

/* ---- Heaps from several threads ---------------------------------------------------------- */

#define HEAP_SLOTS 32
#define HEAP_STEPS 8000

typedef struct _HEAP_WORKER {
    PVOID Heaps[2];
    ULONG Tag;
    ULONG Errors;
} HEAP_WORKER;

static ULONG NextRandom(PULONG State) {
    *State = *State * 1103515245u + 12345u;
    return *State >> 8;
}

static UCHAR PatternByte(ULONG Tag, SIZE_T Offset) { return (UCHAR)(Tag * 31 + Offset * 7); }

static VOID Fill(PUCHAR Block, SIZE_T Size, ULONG Tag) {
    for (SIZE_T i = 0; i < Size; i++)
        Block[i] = PatternByte(Tag, i);
}

static BOOLEAN Intact(const UCHAR *Block, SIZE_T Size, ULONG Tag) {
    for (SIZE_T i = 0; i < Size; i++) {
        if (Block[i] != PatternByte(Tag, i))
            return FALSE;
    }
    return TRUE;
}

static NTSTATUS NTAPI HeapThread(PVOID Argument) {
    HEAP_WORKER *Worker = Argument;
    PUCHAR Blocks[HEAP_SLOTS] = {0};
    SIZE_T Sizes[HEAP_SLOTS] = {0};
    ULONG Seed = Worker->Tag * 7919u;

    for (ULONG Step = 0; Step < HEAP_STEPS; Step++) {
        ULONG Random = NextRandom(&Seed), Slot = Random % HEAP_SLOTS;
        PVOID Heap = Worker->Heaps[Slot & 1];
        ULONG Tag = Worker->Tag + Slot;
        SIZE_T Want = (Random >> 6) % 600;

        if (Random % 300 == 0)
            Want = 100000;
        if (Blocks[Slot] != NULL && !Intact(Blocks[Slot], Sizes[Slot], Tag))
            Worker->Errors++;
        if (Blocks[Slot] == NULL) {
            Blocks[Slot] = RtlAllocateHeap(Heap, 0, Want);
        } else if (Random & 0x100) {
            if (!RtlFreeHeap(Heap, 0, Blocks[Slot]))
                Worker->Errors++;
            Blocks[Slot] = NULL;
            continue;
        } else {
            PUCHAR Moved = RtlReAllocateHeap(Heap, 0, Blocks[Slot], Want);
            if (Moved == NULL) {
                Worker->Errors++;
                continue;
            }
            if (!Intact(Moved, Want < Sizes[Slot] ? Want : Sizes[Slot], Tag))
                Worker->Errors++;
            Blocks[Slot] = Moved;
        }
        if (Blocks[Slot] == NULL) {
            Worker->Errors++;
            continue;
        }
        Sizes[Slot] = Want;
        Fill(Blocks[Slot], Want, Tag);
        if (RtlSizeHeap(Heap, 0, Blocks[Slot]) != Want)
            Worker->Errors++;
    }
    for (ULONG Slot = 0; Slot < HEAP_SLOTS; Slot++) {
        if (Blocks[Slot] == NULL)
            continue;
        if (!Intact(Blocks[Slot], Sizes[Slot], Worker->Tag + Slot) ||
            !RtlFreeHeap(Worker->Heaps[Slot & 1], 0, Blocks[Slot]))
            Worker->Errors++;
    }
    return STATUS_SUCCESS;
}

static VOID TestHeapStress(VOID) {
    PVOID Process = NtCurrentPeb()->ProcessHeap;
    PVOID Private = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    HEAP_WORKER Workers[THREADS];
    HANDLE Threads[THREADS];
    ULONG Started = 0;

    if (!CHECK(Private != NULL))
        return;
    for (ULONG i = 0; i < THREADS; i++) {
        Workers[i].Heaps[0] = Process;
        Workers[i].Heaps[1] = Private;
        Workers[i].Tag = 1000 * (i + 1);
        Workers[i].Errors = 0;
        Threads[i] = StartThread(HeapThread, &Workers[i]);
        if (Threads[i] != NULL)
            Started++;
    }
    for (ULONG i = 0; i < THREADS; i++) {
        if (Threads[i] == NULL)
            continue;
        CHECK_STATUS(FinishThread(Threads[i]), STATUS_SUCCESS);
        CHECK_EQ(Workers[i].Errors, 0);
    }
    CHECK_EQ(Started, THREADS);
    CHECK(RtlValidateHeap(Process, 0, NULL));
    CHECK(RtlValidateHeap(Private, 0, NULL));
    CHECK(RtlDestroyHeap(Private) == NULL);
}

typedef struct _LOCKED_ALLOCATION {
    PVOID Heap;
    PVOID Block;
} LOCKED_ALLOCATION;

static NTSTATUS NTAPI AllocateThread(PVOID Argument) {
    LOCKED_ALLOCATION *Allocation = Argument;

    Allocation->Block = RtlAllocateHeap(Allocation->Heap, 0, 64);
    return STATUS_SUCCESS;
}

/* RtlLockHeap keeps another thread's allocation waiting until RtlUnlockHeap;
 * the holder's own calls go through. */
static VOID TestLockHeap(VOID) {
    PVOID Heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    LOCKED_ALLOCATION Allocation = {Heap, NULL};
    LARGE_INTEGER Timeout = NtapiRelativeMs(200);
    PVOID Mine;
    HANDLE Thread;

    if (!CHECK(Heap != NULL))
        return;
    CHECK(RtlLockHeap(Heap));
    Mine = RtlAllocateHeap(Heap, 0, 16);
    CHECK(Mine != NULL);
    Thread = StartThread(AllocateThread, &Allocation);
    if (Thread != NULL) {
        CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_TIMEOUT);
        CHECK(Allocation.Block == NULL);
        CHECK(RtlUnlockHeap(Heap));
        CHECK_STATUS(FinishThread(Thread), STATUS_SUCCESS);
        CHECK(Allocation.Block != NULL);
    } else {
        RtlUnlockHeap(Heap);
    }
    CHECK(RtlFreeHeap(Heap, 0, Mine));
    CHECK(RtlFreeHeap(Heap, 0, Allocation.Block));
    CHECK(RtlValidateHeap(Heap, 0, NULL));
    CHECK(RtlDestroyHeap(Heap) == NULL);
}

/* ---- PEB lock and loader lock --------------------------------------------------------------- */

/*
 * A thread's start and end take the loader lock (DLL_THREAD_ATTACH/DETACH,
 * on Windows, Wine and Neptune alike), so a thread cannot be started or
 * finished while the test holds it.  A probe thread is started first and
 * runs its check when told to, while the main thread holds the lock.
 */
typedef struct _PROBE {
    HANDLE Ready, Go, Done;
    NTSTATUS (*Check)(struct _PROBE *Probe);
    NTSTATUS Status;
    ULONG Disposition;
    ULONG_PTR Cookie;
} PROBE;

static NTSTATUS NTAPI ProbeThread(PVOID Argument) {
    PROBE *Probe = Argument;

    NtSetEvent(Probe->Ready, NULL); /* past its start-up */
    if (!NT_SUCCESS(NtWaitForSingleObject(Probe->Go, FALSE, NULL)))
        return STATUS_UNSUCCESSFUL;
    Probe->Status = Probe->Check(Probe);
    NtSetEvent(Probe->Done, NULL);
    return STATUS_SUCCESS;
}

/* Starts the probe thread and waits until it is past its start-up. */
static HANDLE StartProbe(PROBE *Probe) {
    LARGE_INTEGER Timeout = NtapiRelativeMs(30000);
    HANDLE Thread;

    Probe->Ready = Probe->Go = Probe->Done = NULL;
    if (!CHECK_STATUS(
            NtCreateEvent(&Probe->Ready, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
            STATUS_SUCCESS) ||
        !CHECK_STATUS(NtCreateEvent(&Probe->Go, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
                      STATUS_SUCCESS) ||
        !CHECK_STATUS(
            NtCreateEvent(&Probe->Done, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
            STATUS_SUCCESS))
        return NULL;
    Thread = StartThread(ProbeThread, Probe);
    if (Thread != NULL &&
        !CHECK_STATUS(NtWaitForSingleObject(Probe->Ready, FALSE, &Timeout), STATUS_SUCCESS)) {
        NtSetEvent(Probe->Go, NULL);
        FinishThread(Thread);
        return NULL;
    }
    return Thread;
}

/* Runs the probe's check now (the caller holds its lock); FALSE on timeout. */
static BOOLEAN RunProbe(PROBE *Probe) {
    LARGE_INTEGER Timeout = NtapiRelativeMs(30000);

    NtSetEvent(Probe->Go, NULL);
    return CHECK_STATUS(NtWaitForSingleObject(Probe->Done, FALSE, &Timeout), STATUS_SUCCESS);
}

static VOID EndProbe(PROBE *Probe, HANDLE Thread) {
    if (Thread != NULL) {
        NtSetEvent(Probe->Go, NULL); /* (if it never ran) */
        CHECK_STATUS(FinishThread(Thread), STATUS_SUCCESS);
    }
    if (Probe->Ready != NULL)
        NtClose(Probe->Ready);
    if (Probe->Go != NULL)
        NtClose(Probe->Go);
    if (Probe->Done != NULL)
        NtClose(Probe->Done);
}

static NTSTATUS TryPebLock(PROBE *Probe) {
    PRTL_CRITICAL_SECTION Lock = NtCurrentPeb()->FastPebLock;

    (void)Probe;
    if (!RtlTryEnterCriticalSection(Lock))
        return STATUS_UNSUCCESSFUL;
    RtlLeaveCriticalSection(Lock);
    return STATUS_SUCCESS;
}

static VOID TestPebLock(VOID) {
    PRTL_CRITICAL_SECTION Lock = NtCurrentPeb()->FastPebLock;
    PROBE Probe = {NULL, NULL, NULL, TryPebLock, STATUS_PENDING, 0, 0};
    HANDLE Thread;

    if (!CHECK(Lock != NULL))
        return;
    Thread = StartProbe(&Probe);
    if (Thread == NULL) {
        EndProbe(&Probe, NULL);
        return;
    }
    RtlAcquirePebLock();
    CHECK(Lock->OwningThread == Self());
    CHECK(Lock->RecursionCount >= 1);
    if (RunProbe(&Probe))
        CHECK_STATUS(Probe.Status, STATUS_UNSUCCESSFUL);
    RtlReleasePebLock();
    CHECK(Lock->OwningThread != Self());
    EndProbe(&Probe, Thread);
    /* Free now: another thread takes it. */
    Probe.Status = STATUS_PENDING;
    Thread = StartProbe(&Probe);
    if (Thread != NULL && RunProbe(&Probe))
        CHECK_STATUS(Probe.Status, STATUS_SUCCESS);
    EndProbe(&Probe, Thread);
}

static NTSTATUS TryLoaderLock(PROBE *Probe) {
    NTSTATUS Status;

    Probe->Disposition = 99;
    Probe->Cookie = 99;
    Status = LdrLockLoaderLock(LDR_LOCK_LOADER_LOCK_FLAG_TRY_ONLY, &Probe->Disposition,
                               &Probe->Cookie);
    if (NT_SUCCESS(Status) &&
        Probe->Disposition == LDR_LOCK_LOADER_LOCK_DISPOSITION_LOCK_ACQUIRED)
        LdrUnlockLoaderLock(0, Probe->Cookie);
    return Status;
}

static VOID TestLoaderLock(VOID) {
    PRTL_CRITICAL_SECTION Lock = NtCurrentPeb()->LoaderLock;
    PROBE Probe = {NULL, NULL, NULL, TryLoaderLock, STATUS_PENDING, 0, 0};
    ULONG Disposition = 99;
    ULONG_PTR Cookie = 0;
    HANDLE Thread;

    if (!CHECK(Lock != NULL))
        return;
    Thread = StartProbe(&Probe);
    if (Thread == NULL) {
        EndProbe(&Probe, NULL);
        return;
    }
    if (CHECK_STATUS(LdrLockLoaderLock(0, &Disposition, &Cookie), STATUS_SUCCESS)) {
        CHECK_EQ(Disposition, LDR_LOCK_LOADER_LOCK_DISPOSITION_LOCK_ACQUIRED);
        CHECK(Cookie != 0);
        CHECK(Lock->OwningThread == Self());
        if (RunProbe(&Probe)) {
            CHECK_STATUS(Probe.Status, STATUS_SUCCESS);
            CHECK_EQ(Probe.Disposition, LDR_LOCK_LOADER_LOCK_DISPOSITION_LOCK_NOT_ACQUIRED);
            CHECK_EQ(Probe.Cookie, 0);
        }
        CHECK_STATUS(LdrUnlockLoaderLock(0, Cookie), STATUS_SUCCESS);
        CHECK(Lock->OwningThread != Self());
    }
    EndProbe(&Probe, Thread);
    /* Free now: the try succeeds. */
    Probe.Status = STATUS_PENDING;
    Thread = StartProbe(&Probe);
    if (Thread != NULL && RunProbe(&Probe)) {
        CHECK_STATUS(Probe.Status, STATUS_SUCCESS);
        CHECK_EQ(Probe.Disposition, LDR_LOCK_LOADER_LOCK_DISPOSITION_LOCK_ACQUIRED);
        CHECK(Probe.Cookie != 0);
    }
    EndProbe(&Probe, Thread);
}

/* ---- Neptune's lock word and cost ------------------------------------------------------------ */

typedef struct _WAITER_CONTEXT {
    PRTL_CRITICAL_SECTION Section;
    volatile LONG Got;
} WAITER_CONTEXT;

static NTSTATUS NTAPI WaiterThread(PVOID Argument) {
    WAITER_CONTEXT *Context = Argument;

    RtlEnterCriticalSection(Context->Section);
    __atomic_store_n(&Context->Got, 1, __ATOMIC_RELEASE);
    RtlLeaveCriticalSection(Context->Section);
    return STATUS_SUCCESS;
}

/* The Vista-style word of docs/critsec.md: -2 held, -6 held with one
 * sleeper; a non-owner's leave is refused. */
static VOID TestNeptuneLockWord(VOID) {
    RTL_CRITICAL_SECTION Section;
    WAITER_CONTEXT Context = {&Section, 0};
    LARGE_INTEGER Millisecond = NtapiRelativeMs(1);
    HANDLE Thread;

    RtlInitializeCriticalSection(&Section);
    CHECK(Section.DebugInfo == NO_DEBUG_INFO);
    CHECK_STATUS(RtlLeaveCriticalSection(&Section), STATUS_RESOURCE_NOT_OWNED);
    CHECK(IsFree(&Section));
    RtlEnterCriticalSection(&Section);
    RtlEnterCriticalSection(&Section);
    CHECK_EQ(Section.LockCount, -2);
    RtlLeaveCriticalSection(&Section);
    Thread = StartThread(WaiterThread, &Context);
    if (Thread != NULL) {
        for (ULONG i = 0; i < 5000 && Section.LockCount == -2; i++)
            NtDelayExecution(FALSE, &Millisecond);
        CHECK_EQ(Section.LockCount, -6);
        CHECK(Section.LockSemaphore != NULL);
        CHECK_EQ(Context.Got, 0);
        RtlLeaveCriticalSection(&Section);
        CHECK_STATUS(FinishThread(Thread), STATUS_SUCCESS);
        CHECK_EQ(Context.Got, 1);
    } else {
        RtlLeaveCriticalSection(&Section);
    }
    CHECK(IsFree(&Section));
    CHECK_STATUS(RtlDeleteCriticalSection(&Section), STATUS_SUCCESS);
    CHECK(Section.LockSemaphore == NULL);
}

/* Reports the time of an uncontended enter + leave (no check on the number). */
static VOID TestUncontendedCost(VOID) {
    RTL_CRITICAL_SECTION Section;
    const ULONG Pairs = 100000;
    ULONG64 Start, Elapsed;

    RtlInitializeCriticalSection(&Section);
    Start = NtapiMicroseconds();
    for (ULONG i = 0; i < Pairs; i++) {
        RtlEnterCriticalSection(&Section);
        RtlLeaveCriticalSection(&Section);
    }
    Elapsed = NtapiMicroseconds() - Start;
    NtapiPrint("critsec: %u uncontended enter+leave pairs in %llu us (%llu ns each)\n", Pairs,
               Elapsed, Elapsed * 1000 / Pairs);
    CHECK(IsFree(&Section));
    CHECK(Section.LockSemaphore == NULL); /* no contention, no event */
    RtlDeleteCriticalSection(&Section);
}

const CHAR NtapiFamily[] = "critsec";
const NTAPI_TEST NtapiTests[] = {
    {"initial-state", TestInitialState, 0},
    {"recursion", TestRecursion, 0},
    {"initialize-variants", TestInitializeVariants, 0},
    {"try-enter-other-thread", TestTryEnterFromOtherThread, 0},
    {"contended-counter", TestContendedCounter, 0},
    {"heap-stress", TestHeapStress, 0},
    {"lock-heap", TestLockHeap, 0},
    {"peb-lock", TestPebLock, 0},
    {"loader-lock", TestLoaderLock, 0},
    {"uncontended-cost", TestUncontendedCost, 0},
    {"neptune-lock-word", TestNeptuneLockWord, NTAPI_TEST_NEPTUNE_ONLY},
    {NULL, NULL, 0},
};
