/*
 * suspend.c — suspend counts: NtSuspendThread, NtResumeThread,
 * NtSuspendProcess, NtResumeProcess.
 *
 * The counts and their refusals; that a suspended thread makes no progress
 * (a counter thread of this process whose counter stands still); that a
 * thread suspended inside a wait does not run when the wait is satisfied,
 * only once resumed, and then sees the wait satisfied; a thread that
 * suspends itself; terminating suspended threads; and a whole child
 * process (this program again, running the child-spin helper) stopped and
 * started.
 *
 * NtSuspendThread is asynchronous on Windows and Wine (the thread stops
 * soon after the call returns), so every "it stands still" check first
 * lets a short settling delay pass.
 */
#include "ntapi_test.h"

#define SETTLE_MS 20
#define STILL_MS 50

typedef struct _SPIN_STATE {
    volatile LONG Stop;
    volatile ULONG64 Counter;
} SPIN_STATE;

static ULONG NTAPI Spin(PVOID Argument) {
    SPIN_STATE *State = Argument;
    while (!State->Stop)
        State->Counter++;
    return 0;
}

static VOID Sleep(LONG Milliseconds) {
    LARGE_INTEGER Interval = NtapiRelativeMs(Milliseconds);
    NtDelayExecution(FALSE, &Interval);
}

static NTSTATUS StartThread(PHANDLE Thread, PVOID Routine, PVOID Argument, ULONG Flags) {
    return NtCreateThreadEx(Thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Routine, Argument, Flags, 0, 0, 0,
                            NULL);
}

/* Wait up to 5 s for Counter to move from Old; returns whether it did. */
static BOOLEAN Moves(volatile ULONG64 *Counter, ULONG64 Old) {
    for (ULONG i = 0; i < 500; i++) {
        if (*Counter != Old)
            return TRUE;
        Sleep(10);
    }
    return FALSE;
}

static VOID StopAndClose(HANDLE Thread, SPIN_STATE *State) {
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
    State->Stop = 1;
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_WAIT_0);
    NtClose(Thread);
}

/* A thread made suspended has count 1; each call returns the count before. */
static VOID TestCountsUpAndDown(VOID) {
    static SPIN_STATE State;
    HANDLE Thread;
    ULONG Previous = 0xdead;

    State.Stop = 0;
    State.Counter = 0;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)Spin, (PVOID)&State, THREAD_CREATE_FLAGS_CREATE_SUSPENDED),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 2);
    CHECK_STATUS(NtSuspendThread(Thread, NULL), STATUS_SUCCESS);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 4);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 3);
    CHECK_STATUS(NtResumeThread(Thread, NULL), STATUS_SUCCESS);
    Sleep(SETTLE_MS);
    CHECK_EQ(State.Counter, 0); /* still suspended once */
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK(Moves(&State.Counter, 0));
    /* resuming a running thread changes nothing */
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 0);
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 0);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    StopAndClose(Thread, &State);
}

/* A running thread stops while suspended and goes on once resumed. */
static VOID TestSuspendedMakesNoProgress(VOID) {
    static SPIN_STATE State;
    HANDLE Thread;
    ULONG Previous;

    State.Stop = 0;
    State.Counter = 0;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)Spin, (PVOID)&State, 0), STATUS_SUCCESS))
        return;
    CHECK(Moves(&State.Counter, 0));
    for (ULONG Round = 0; Round < 3; Round++) {
        CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
        CHECK_EQ(Previous, 0);
        Sleep(SETTLE_MS);
        ULONG64 Before = State.Counter;
        Sleep(STILL_MS);
        CHECK_EQ(State.Counter, Before);
        CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
        CHECK_EQ(Previous, 1);
        CHECK(Moves(&State.Counter, Before));
    }
    StopAndClose(Thread, &State);
}

typedef struct _WAIT_STATE {
    HANDLE Event;
    volatile LONG Woke;
    volatile NTSTATUS Status;
} WAIT_STATE;

static ULONG NTAPI WaitsForEvent(PVOID Argument) {
    WAIT_STATE *State = Argument;
    State->Status = NtWaitForSingleObject(State->Event, FALSE, NULL);
    State->Woke = 1;
    return 0;
}

/* Suspended inside NtWaitForSingleObject; the event is set meanwhile: it
 * must not run before it is resumed, and then its wait is satisfied.  A
 * synchronization event: the one signal must reach that one wait (a wait
 * lost and issued again after the resume would block for good). */
static VOID TestSuspendedInWait(VOID) {
    static WAIT_STATE State;
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
    HANDLE Thread;
    ULONG Previous;

    State.Woke = 0;
    State.Status = STATUS_PENDING;
    if (!CHECK_STATUS(NtCreateEvent(&State.Event, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE),
                      STATUS_SUCCESS))
        return;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)WaitsForEvent, (PVOID)&State, 0), STATUS_SUCCESS)) {
        NtClose(State.Event);
        return;
    }
    Sleep(30); /* it is in its wait by now */
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 0);
    CHECK_STATUS(NtSetEvent(State.Event, NULL), STATUS_SUCCESS);
    Sleep(STILL_MS);
    CHECK_EQ(State.Woke, 0);
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &(LARGE_INTEGER){ .QuadPart = 0 }), STATUS_TIMEOUT);
    /* a second suspension: one resume is not enough */
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 2);
    Sleep(STILL_MS);
    CHECK_EQ(State.Woke, 0);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_WAIT_0);
    CHECK_EQ(State.Woke, 1);
    CHECK_EQ(State.Status, STATUS_WAIT_0);
    CHECK_STATUS(NtWaitForSingleObject(State.Event, FALSE, &(LARGE_INTEGER){ .QuadPart = 0 }), STATUS_TIMEOUT);
    NtClose(Thread);
    NtClose(State.Event);
}

typedef struct _DELAY_STATE {
    volatile LONG Done;
    volatile NTSTATUS Status;
} DELAY_STATE;

static ULONG NTAPI Delays(PVOID Argument) {
    DELAY_STATE *State = Argument;
    LARGE_INTEGER Interval = NtapiRelativeMs(30);
    State->Status = NtDelayExecution(FALSE, &Interval);
    State->Done = 1;
    return 0;
}

/* Suspended in NtDelayExecution: the delay ends while it is suspended. */
static VOID TestSuspendedInDelay(VOID) {
    static DELAY_STATE State;
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
    HANDLE Thread;
    ULONG Previous;

    State.Done = 0;
    State.Status = STATUS_PENDING;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)Delays, (PVOID)&State, 0), STATUS_SUCCESS))
        return;
    Sleep(5);
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 0);
    Sleep(80);
    CHECK_EQ(State.Done, 0);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_WAIT_0);
    CHECK_EQ(State.Done, 1);
    CHECK_EQ(State.Status, STATUS_SUCCESS);
    NtClose(Thread);
}

typedef struct _SELF_STATE {
    volatile LONG Returned;
    volatile NTSTATUS Status;
    ULONG Previous;
} SELF_STATE;

static ULONG NTAPI SuspendsItself(PVOID Argument) {
    SELF_STATE *State = Argument;
    State->Status = NtSuspendThread(NtCurrentThread(), &State->Previous);
    State->Returned = 1;
    return 0;
}

/* Wait (up to 5 s) until Thread's own suspension shows: count 1 with
 * nobody else's.  The probe suspends and resumes it once. */
static BOOLEAN SuspendedByItself(HANDLE Thread) {
    for (ULONG i = 0; i < 500; i++) {
        ULONG Previous = 0, Ignored;
        if (!NT_SUCCESS(NtSuspendThread(Thread, &Previous)))
            return FALSE;
        NtResumeThread(Thread, &Ignored);
        if (Previous == 1)
            return TRUE;
        Sleep(10);
    }
    return FALSE;
}

/* NtSuspendThread(NtCurrentThread()) returns only once another thread
 * resumes it, with previous count 0. */
static VOID RunSelfSuspend(VOID) {
    static SELF_STATE State;
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
    HANDLE Thread;
    ULONG Previous;

    State.Returned = 0;
    State.Status = STATUS_PENDING;
    State.Previous = 0xdead;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)SuspendsItself, (PVOID)&State, 0), STATUS_SUCCESS))
        return;
    if (!CHECK(SuspendedByItself(Thread))) {
        NtTerminateThread(Thread, 1);
        NtClose(Thread);
        return;
    }
    Sleep(STILL_MS);
    CHECK_EQ(State.Returned, 0);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_WAIT_0);
    CHECK_EQ(State.Returned, 1);
    CHECK_EQ(State.Status, STATUS_SUCCESS);
    CHECK_EQ(State.Previous, 0);
    NtClose(Thread);
}

static VOID TestSelfSuspend(VOID) {
    RunSelfSuspend();
}

/* The same while 16 MiB of touched section pages are alive: on Neptune the
 * new thread's capability slots (its reply slot among them) then lie far
 * beyond the executive's first 4096, where a held answer must still be
 * kept and sent (regression: the held reply was saved through the first
 * CNode only). */
static VOID TestSelfSuspendWithBusyCSpace(VOID) {
    LARGE_INTEGER Size;
    HANDLE Section;
    PVOID Base = NULL;
    SIZE_T View = 0;

    Size.QuadPart = 16 << 20;
    if (!CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Size, PAGE_READWRITE, SEC_COMMIT, NULL),
                      STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NULL, &View, ViewUnmap, 0,
                                        PAGE_READWRITE),
                     STATUS_SUCCESS)) {
        for (SIZE_T Offset = 0; Offset < View; Offset += 4096)
            ((volatile UCHAR *)Base)[Offset] = 1;
        RunSelfSuspend();
        NtUnmapViewOfSection(NtCurrentProcess(), Base);
    }
    NtClose(Section);
}

static ULONG NTAPI NeverRuns(PVOID Argument) {
    *(volatile LONG *)Argument = 1;
    return 0;
}

/* MAXIMUM_SUSPEND_COUNT is 127: one more is refused, the count stays. */
static VOID TestCountOverflow(VOID) {
    static volatile LONG Ran;
    HANDLE Thread;
    ULONG Previous = 0, i;

    Ran = 0;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)NeverRuns, (PVOID)&Ran, THREAD_CREATE_FLAGS_CREATE_SUSPENDED),
                      STATUS_SUCCESS))
        return;
    for (i = 1; i < 127; i++) {
        if (!CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS) || !CHECK_EQ(Previous, i))
            break;
    }
    Previous = 0xdead;
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUSPEND_COUNT_EXCEEDED);
    CHECK_EQ(Previous, 0xdead); /* not written on failure */
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 127);
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 126);
    CHECK_EQ(Ran, 0);
    CHECK_STATUS(NtTerminateThread(Thread, 3), STATUS_SUCCESS);
    NtClose(Thread);
}

static VOID TestRefusals(VOID) {
    static volatile LONG Ran;
    HANDLE Thread, Limited, Event;
    ULONG Previous = 0xdead;

    Ran = 0;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)NeverRuns, (PVOID)&Ran, THREAD_CREATE_FLAGS_CREATE_SUSPENDED),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtSuspendThread(NTAPI_BOGUS_HANDLE, &Previous), STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtResumeThread(NTAPI_BOGUS_HANDLE, &Previous), STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtSuspendThread(NULL, &Previous), STATUS_INVALID_HANDLE);
    CHECK_EQ(Previous, 0xdead);
    if (CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS)) {
        CHECK_STATUS(NtSuspendThread(Event, NULL), STATUS_OBJECT_TYPE_MISMATCH);
        CHECK_STATUS(NtResumeThread(Event, NULL), STATUS_OBJECT_TYPE_MISMATCH);
        CHECK_STATUS(NtSuspendProcess(Event), STATUS_OBJECT_TYPE_MISMATCH);
        CHECK_STATUS(NtResumeProcess(Event), STATUS_OBJECT_TYPE_MISMATCH);
        NtClose(Event);
    }
    CHECK_STATUS(NtSuspendProcess(Thread), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(NtSuspendProcess(NTAPI_BOGUS_HANDLE), STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtResumeProcess(NTAPI_BOGUS_HANDLE), STATUS_INVALID_HANDLE);
    if (CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), Thread, NtCurrentProcess(), &Limited,
                                       THREAD_QUERY_LIMITED_INFORMATION | SYNCHRONIZE | THREAD_TERMINATE, 0, 0),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtSuspendThread(Limited, &Previous), STATUS_ACCESS_DENIED);
        CHECK_STATUS(NtResumeThread(Limited, &Previous), STATUS_ACCESS_DENIED);
        CHECK_EQ(Previous, 0xdead);
        NtClose(Limited);
    }
    if (CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), &Limited,
                                       PROCESS_QUERY_LIMITED_INFORMATION, 0, 0),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtSuspendProcess(Limited), STATUS_ACCESS_DENIED);
        CHECK_STATUS(NtResumeProcess(Limited), STATUS_ACCESS_DENIED);
        NtClose(Limited);
    }
    /* the count is untouched by all of that */
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 2);
    CHECK_STATUS(NtTerminateThread(Thread, 3), STATUS_SUCCESS);
    CHECK_EQ(Ran, 0);
    NtClose(Thread);
}

/* A PreviousSuspendCount the caller cannot write: STATUS_ACCESS_VIOLATION. */
static VOID TestBadCountPointer(VOID) {
    static volatile LONG Ran;
    HANDLE Thread;

    Ran = 0;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)NeverRuns, (PVOID)&Ran, THREAD_CREATE_FLAGS_CREATE_SUSPENDED),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtSuspendThread(Thread, (PULONG)NTAPI_KERNEL_POINTER), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtSuspendThread(Thread, (PULONG)NTAPI_LOW_POINTER), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtResumeThread(Thread, (PULONG)NTAPI_LOW_POINTER), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Ran, 0);
    CHECK_STATUS(NtTerminateThread(Thread, 3), STATUS_SUCCESS);
    NtClose(Thread);
}

/* Neptune probes the pointer first, as Windows does (ProbeForWriteUlong
 * before the work): a refused call changes no count.  Wine suspends and
 * resumes first and faults on the write afterwards. */
static VOID TestBadCountPointerChangesNothing(VOID) {
    static volatile LONG Ran;
    HANDLE Thread;
    ULONG Previous = 0;

    Ran = 0;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)NeverRuns, (PVOID)&Ran, THREAD_CREATE_FLAGS_CREATE_SUSPENDED),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtSuspendThread(Thread, (PULONG)NTAPI_LOW_POINTER), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtSuspendThread(Thread, (PULONG)NTAPI_KERNEL_POINTER), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtResumeThread(Thread, (PULONG)NTAPI_LOW_POINTER), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(NtTerminateThread(Thread, 3), STATUS_SUCCESS);
    CHECK_EQ(Ran, 0);
    NtClose(Thread);
}

/* Terminating suspended threads: stopped in user mode, in a wait whose
 * answer is pending, and suspended by themselves. */
static VOID TestTerminateSuspended(VOID) {
    static SPIN_STATE Spinner;
    static WAIT_STATE Waiter;
    static SELF_STATE Self;
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
    THREAD_BASIC_INFORMATION Basic;
    HANDLE Threads[3] = { NULL, NULL, NULL };
    ULONG Previous, i;

    Spinner.Stop = 0;
    Spinner.Counter = 0;
    Waiter.Woke = 0;
    Self.Returned = 0;
    if (!CHECK_STATUS(NtCreateEvent(&Waiter.Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
                      STATUS_SUCCESS))
        return;
    if (!CHECK_STATUS(StartThread(&Threads[0], (PVOID)Spin, (PVOID)&Spinner, 0), STATUS_SUCCESS) ||
        !CHECK_STATUS(StartThread(&Threads[1], (PVOID)WaitsForEvent, (PVOID)&Waiter, 0), STATUS_SUCCESS) ||
        !CHECK_STATUS(StartThread(&Threads[2], (PVOID)SuspendsItself, (PVOID)&Self, 0), STATUS_SUCCESS))
        goto out;
    CHECK(Moves(&Spinner.Counter, 0));
    CHECK(SuspendedByItself(Threads[2]));
    CHECK_STATUS(NtSuspendThread(Threads[0], &Previous), STATUS_SUCCESS);
    CHECK_STATUS(NtSuspendThread(Threads[1], &Previous), STATUS_SUCCESS);
    CHECK_STATUS(NtSetEvent(Waiter.Event, NULL), STATUS_SUCCESS); /* its wait ends while it is suspended */
    Sleep(SETTLE_MS);
    for (i = 0; i < 3; i++) {
        CHECK_STATUS(NtTerminateThread(Threads[i], 0x60 + i), STATUS_SUCCESS);
        CHECK_STATUS(NtWaitForSingleObject(Threads[i], FALSE, &Timeout), STATUS_WAIT_0);
        if (CHECK_STATUS(NtQueryInformationThread(Threads[i], ThreadBasicInformation, &Basic, sizeof(Basic), NULL),
                         STATUS_SUCCESS))
            CHECK_EQ(Basic.ExitStatus, 0x60 + i);
    }
    CHECK_EQ(Waiter.Woke, 0);
    CHECK_EQ(Self.Returned, 0);
out:
    for (i = 0; i < 3; i++) {
        if (Threads[i]) {
            NtTerminateThread(Threads[i], 1);
            NtClose(Threads[i]);
        }
    }
    NtClose(Waiter.Event);
}

/* An ended thread keeps the count it was left with: resuming it reports
 * and lowers that count, and starts nothing. */
static VOID TestResumeEndedThread(VOID) {
    static volatile LONG Ran;
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
    HANDLE Thread;
    ULONG Previous = 0xdead;

    Ran = 0;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)NeverRuns, (PVOID)&Ran, THREAD_CREATE_FLAGS_CREATE_SUSPENDED),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtTerminateThread(Thread, 3), STATUS_SUCCESS);
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_WAIT_0);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 0);
    CHECK_EQ(Ran, 0);
    NtClose(Thread);
}

/* Suspending an ended thread: STATUS_THREAD_IS_TERMINATING on Windows
 * (PsSuspendThread refuses a terminating thread); Wine 8 says
 * STATUS_ACCESS_DENIED. */
static VOID TestSuspendEndedThread(VOID) {
    static volatile LONG Ran;
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
    HANDLE Thread;
    ULONG Previous = 0xdead;

    Ran = 0;
    if (!CHECK_STATUS(StartThread(&Thread, (PVOID)NeverRuns, (PVOID)&Ran, 0), STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_WAIT_0);
    CHECK_EQ(Ran, 1);
    CHECK_STATUS(NtSuspendThread(Thread, &Previous), STATUS_THREAD_IS_TERMINATING);
    CHECK_EQ(Previous, 0xdead);
    NtClose(Thread);
}

/* ---- Whole processes: a child spinning on a counter -------------------- */

static volatile ULONG64 ChildCounter;

/* What the child runs (--only=child-spin): count until terminated. */
static VOID HelperChildSpin(VOID) {
    for (;;)
        ChildCounter++;
}

/* What the child runs (--only=child-suspends-itself): counter 1, stop its
 * own process, counter 2 once resumed, then count on. */
static VOID HelperChildSuspendsItself(VOID) {
    ChildCounter = 1;
    NtSuspendProcess(NtCurrentProcess());
    ChildCounter = 2;
    for (;;)
        ChildCounter++;
}

typedef struct _CHILD {
    RTL_USER_PROCESS_INFORMATION Info;
    ULONG_PTR CounterAddress; /* ChildCounter in the child */
} CHILD;

/* This program again, running the helper named in CommandLine, until its
 * counter is not 0. */
static NTSTATUS StartChild(CHILD *Child, PCWSTR CommandLineText) {
    PROCESS_BASIC_INFORMATION Basic;
    PVOID ChildBase = NULL;
    ULONG64 Count = 0;
    NTSTATUS Status = NtapiCreateSelf(CommandLineText, &Child->Info);

    if (!NT_SUCCESS(Status))
        return Status;
    /* Where its counter is: the same offset from its image base as ours. */
    Status = NtQueryInformationProcess(Child->Info.ProcessHandle, ProcessBasicInformation, &Basic, sizeof(Basic),
                                       NULL);
    if (NT_SUCCESS(Status))
        Status = NtReadVirtualMemory(Child->Info.ProcessHandle, (PUCHAR)Basic.PebBaseAddress +
                                     FIELD_OFFSET(PEB, ImageBaseAddress), &ChildBase, sizeof(ChildBase), NULL);
    if (NT_SUCCESS(Status))
        Status = NtResumeThread(Child->Info.ThreadHandle, NULL);
    Child->CounterAddress = (ULONG_PTR)ChildBase + ((ULONG_PTR)&ChildCounter -
                                                    (ULONG_PTR)NtCurrentPeb()->ImageBaseAddress);
    for (ULONG i = 0; NT_SUCCESS(Status) && Count == 0; i++) {
        if (i == 1000)
            return STATUS_TIMEOUT; /* it never counted */
        Sleep(10);
        Status = NtReadVirtualMemory(Child->Info.ProcessHandle, (PVOID)Child->CounterAddress, &Count, sizeof(Count),
                                     NULL);
    }
    if (!NT_SUCCESS(Status)) {
        NtTerminateProcess(Child->Info.ProcessHandle, 1);
        NtClose(Child->Info.ThreadHandle);
        NtClose(Child->Info.ProcessHandle);
    }
    return Status;
}

static NTSTATUS StartSpinningChild(CHILD *Child) {
    return StartChild(Child, u"suspend.exe --only=child-spin");
}

static ULONG64 ChildCount(CHILD *Child) {
    ULONG64 Count = 0;
    CHECK_STATUS(NtReadVirtualMemory(Child->Info.ProcessHandle, (PVOID)Child->CounterAddress, &Count, sizeof(Count),
                                     NULL),
                 STATUS_SUCCESS);
    return Count;
}

static BOOLEAN ChildMoves(CHILD *Child, ULONG64 Old) {
    for (ULONG i = 0; i < 500; i++) {
        if (ChildCount(Child) != Old)
            return TRUE;
        Sleep(10);
    }
    return FALSE;
}

static VOID EndChild(CHILD *Child) {
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
    CHECK_STATUS(NtTerminateProcess(Child->Info.ProcessHandle, 0x77), STATUS_SUCCESS);
    CHECK_STATUS(NtWaitForSingleObject(Child->Info.ProcessHandle, FALSE, &Timeout), STATUS_WAIT_0);
    NtClose(Child->Info.ThreadHandle);
    NtClose(Child->Info.ProcessHandle);
}

static VOID TestSuspendProcess(VOID) {
    CHILD Child;

    if (!CHECK_STATUS(StartSpinningChild(&Child), STATUS_SUCCESS))
        return;
    for (ULONG Round = 0; Round < 2; Round++) {
        CHECK_STATUS(NtSuspendProcess(Child.Info.ProcessHandle), STATUS_SUCCESS);
        Sleep(SETTLE_MS);
        ULONG64 Before = ChildCount(&Child);
        Sleep(STILL_MS);
        CHECK_EQ(ChildCount(&Child), Before);
        CHECK_STATUS(NtResumeProcess(Child.Info.ProcessHandle), STATUS_SUCCESS);
        CHECK(ChildMoves(&Child, Before));
    }
    /* suspended twice, it needs two resumes */
    CHECK_STATUS(NtSuspendProcess(Child.Info.ProcessHandle), STATUS_SUCCESS);
    CHECK_STATUS(NtSuspendProcess(Child.Info.ProcessHandle), STATUS_SUCCESS);
    CHECK_STATUS(NtResumeProcess(Child.Info.ProcessHandle), STATUS_SUCCESS);
    Sleep(SETTLE_MS);
    ULONG64 Before = ChildCount(&Child);
    Sleep(STILL_MS);
    CHECK_EQ(ChildCount(&Child), Before);
    CHECK_STATUS(NtResumeProcess(Child.Info.ProcessHandle), STATUS_SUCCESS);
    CHECK(ChildMoves(&Child, Before));
    /* a suspended process can be terminated */
    CHECK_STATUS(NtSuspendProcess(Child.Info.ProcessHandle), STATUS_SUCCESS);
    EndChild(&Child);
}

/* NtSuspendProcess suspends each thread of the process: their own counts
 * go up, so NtResumeThread undoes it for one thread. */
static VOID TestSuspendProcessCountsPerThread(VOID) {
    CHILD Child;
    ULONG Previous;

    if (!CHECK_STATUS(StartSpinningChild(&Child), STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtSuspendProcess(Child.Info.ProcessHandle), STATUS_SUCCESS);
    CHECK_STATUS(NtSuspendThread(Child.Info.ThreadHandle, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(NtResumeThread(Child.Info.ThreadHandle, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 2);
    CHECK_STATUS(NtResumeThread(Child.Info.ThreadHandle, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK(ChildMoves(&Child, ChildCount(&Child)));
    CHECK_STATUS(NtResumeProcess(Child.Info.ProcessHandle), STATUS_SUCCESS); /* nothing left to resume */
    CHECK_STATUS(NtResumeThread(Child.Info.ThreadHandle, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 0);
    EndChild(&Child);
}

/* A process that suspends itself (its only thread too) stays stopped
 * until another process resumes it. */
static VOID TestProcessSuspendsItself(VOID) {
    CHILD Child;
    ULONG Previous;

    if (!CHECK_STATUS(StartChild(&Child, u"suspend.exe --only=child-suspends-itself"), STATUS_SUCCESS))
        return;
    Sleep(STILL_MS);
    CHECK_EQ(ChildCount(&Child), 1);
    CHECK_STATUS(NtSuspendThread(Child.Info.ThreadHandle, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(NtResumeThread(Child.Info.ThreadHandle, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 2);
    CHECK_STATUS(NtResumeProcess(Child.Info.ProcessHandle), STATUS_SUCCESS);
    CHECK(ChildMoves(&Child, 1));
    CHECK(ChildMoves(&Child, 2)); /* past the call: counting */
    EndChild(&Child);
}

const CHAR NtapiFamily[] = "suspend";
const NTAPI_TEST NtapiTests[] = {
    {"counts-up-and-down", TestCountsUpAndDown, 0},
    {"suspended-makes-no-progress", TestSuspendedMakesNoProgress, 0},
    {"suspended-in-wait", TestSuspendedInWait, 0},
    {"suspended-in-delay", TestSuspendedInDelay, 0},
    {"self-suspend", TestSelfSuspend, 0},
    {"self-suspend-with-busy-cspace", TestSelfSuspendWithBusyCSpace, 0},
    {"count-overflow", TestCountOverflow, 0},
    {"refusals", TestRefusals, 0},
    {"bad-count-pointer", TestBadCountPointer, 0},
    {"bad-count-pointer-changes-nothing", TestBadCountPointerChangesNothing, NTAPI_TEST_NEPTUNE_ONLY},
    {"terminate-suspended", TestTerminateSuspended, 0},
    {"resume-ended-thread", TestResumeEndedThread, 0},
    {"suspend-ended-thread", TestSuspendEndedThread, NTAPI_TEST_WINE_DIFFERS},
    {"suspend-process", TestSuspendProcess, 0},
    {"suspend-process-counts-per-thread", TestSuspendProcessCountsPerThread, 0},
    {"process-suspends-itself", TestProcessSuspendsItself, 0},
    {"child-spin", HelperChildSpin, NTAPI_TEST_HELPER},
    {"child-suspends-itself", HelperChildSuspendsItself, NTAPI_TEST_HELPER},
    {NULL, NULL, 0},
};
