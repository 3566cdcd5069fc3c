/*
 * seh.c — structured exception handling: faults and raised exceptions
 * caught by __except filters and vectored handlers, __finally during
 * unwinds, continuing at a fixed context, RtlCaptureContext /
 * RtlRestoreContext / NtContinue, RtlUnwindEx, NtGet/SetContextThread on a
 * suspended thread, and an unhandled exception ending a child process.
 *
 * __try needs clang's MSVC mode; the mingw-w64 build has no __try and runs
 * the other tests (the __try ones report SKIP there).
 */
#include "ntapi_test.h"

#if defined(__clang__) && !defined(__MINGW32__)
#define HAVE_TRY 1
#define GetExceptionCode() _exception_code()
#define GetExceptionInformation() ((PEXCEPTION_POINTERS)_exception_info())
#define AbnormalTermination() _abnormal_termination()
#else
#define HAVE_TRY 0
#endif

/* The faults happen in functions of their own, called inside the __try:
 * clang's __try covers calls (an exception inside a call of the guarded
 * range), not a faulting instruction of the same function. */
static __attribute__((noinline, unused)) ULONG ReadAt(ULONG_PTR Address)
{
    return *(volatile ULONG *)Address;
}

static __attribute__((noinline, unused)) VOID WriteAt(ULONG_PTR Address, ULONG Value)
{
    *(volatile ULONG *)Address = Value;
}

static __attribute__((noinline, unused)) LONG Divide(LONG A, LONG B)
{
    return A / B;
}

static __attribute__((noinline, unused)) VOID Break(VOID)
{
    __asm__ volatile("int3");
}

static __attribute__((noinline, unused)) VOID Ud2(VOID)
{
    __asm__ volatile("ud2");
}

/* Loads 4 bytes from Address into ecx (8b 08: mov (%rax), %ecx) and
 * returns rcx. */
static __attribute__((noinline, unused)) ULONG64 LoadViaRax(ULONG_PTR Address)
{
    ULONG64 Got;
    __asm__ volatile("xor %%ecx, %%ecx\n\t"
                     "mov %1, %%rax\n\t"
                     ".byte 0x8b, 0x08\n\t"
                     "mov %%rcx, %0"
                     : "=r"(Got)
                     : "r"(Address)
                     : "rax", "rcx", "memory");
    return Got;
}

/* What a filter saw. */
static volatile struct {
    NTSTATUS Code;
    ULONG Flags;
    ULONG NumberParameters;
    ULONG_PTR Info[4];
    ULONG_PTR Address;
    ULONG_PTR Rip;
    ULONG Calls;
} Seen;

static __attribute__((unused)) LONG Record(PEXCEPTION_POINTERS Ep, LONG Verdict)
{
    Seen.Code = Ep->ExceptionRecord->ExceptionCode;
    Seen.Flags = Ep->ExceptionRecord->ExceptionFlags;
    Seen.NumberParameters = Ep->ExceptionRecord->NumberParameters;
    for (ULONG i = 0; i < 4; i++)
        Seen.Info[i] = Ep->ExceptionRecord->ExceptionInformation[i];
    Seen.Address = (ULONG_PTR)Ep->ExceptionRecord->ExceptionAddress;
    Seen.Rip = Ep->ContextRecord->Rip;
    Seen.Calls++;
    return Verdict;
}

static __attribute__((unused)) VOID ResetSeen(VOID)
{
    Seen.Code = 0;
    Seen.Calls = 0;
    Seen.NumberParameters = 0;
    Seen.Address = Seen.Rip = 0;
}

#if HAVE_TRY
#define SKIP_WITHOUT_TRY()
#else
#define SKIP_WITHOUT_TRY()                                                                          \
    do {                                                                                            \
        NtapiPrint("  (no __try in this compiler)\n");                                              \
        return;                                                                                     \
    } while (0)
#endif

static VOID TestAccessViolationRead(VOID)
{
    SKIP_WITHOUT_TRY();
#if HAVE_TRY
    volatile ULONG Value = 0;
    BOOLEAN Caught = FALSE;
    ResetSeen();
    __try {
        Value = ReadAt(0x18);
    } __except (Record(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
        Caught = TRUE;
    }
    (void)Value;
    CHECK(Caught);
    CHECK_EQ(Seen.Calls, 1);
    CHECK_EQ((ULONG)Seen.Code, (ULONG)STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Seen.NumberParameters, 2);
    CHECK_EQ(Seen.Info[0], 0);
    CHECK_EQ(Seen.Info[1], 0x18);
    CHECK(Seen.Address != 0);
    CHECK_EQ(Seen.Address, Seen.Rip);
#endif
}

static VOID TestAccessViolationWrite(VOID)
{
    SKIP_WITHOUT_TRY();
#if HAVE_TRY
    NTSTATUS Code = 0;
    ResetSeen();
    __try {
        WriteAt(0x7ffe0010, 5); /* KUSER_SHARED_DATA: read-only */
    } __except (Code = GetExceptionCode(), Record(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
    }
    CHECK_EQ((ULONG)Code, (ULONG)STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Seen.NumberParameters, 2);
    CHECK_EQ(Seen.Info[0], 1);
    CHECK_EQ(Seen.Info[1], 0x7ffe0010);
#endif
}

static VOID TestDivideByZero(VOID)
{
    SKIP_WITHOUT_TRY();
#if HAVE_TRY
    volatile LONG Zero = 0, Result = 0;
    NTSTATUS Code = 0;
    __try {
        Result = Divide(10, Zero);
    } __except (Code = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) {
    }
    (void)Result;
    CHECK_EQ((ULONG)Code, (ULONG)STATUS_INTEGER_DIVIDE_BY_ZERO);
#endif
}

static VOID TestBreakpoint(VOID)
{
    SKIP_WITHOUT_TRY();
#if HAVE_TRY
    ResetSeen();
    __try {
        Break();
    } __except (Record(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
    }
    CHECK_EQ((ULONG)Seen.Code, (ULONG)STATUS_BREAKPOINT);
    CHECK(Seen.Address != 0);
    if (Seen.Address)
        CHECK_EQ(*(PUCHAR)Seen.Address, 0xcc); /* reported at the int3 itself */
    CHECK_EQ(Seen.NumberParameters, 1);
#endif
}

static VOID TestIllegalInstruction(VOID)
{
    SKIP_WITHOUT_TRY();
#if HAVE_TRY
    NTSTATUS Code = 0;
    ResetSeen();
    __try {
        Ud2();
    } __except (Code = GetExceptionCode(), Record(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
    }
    CHECK_EQ((ULONG)Code, (ULONG)STATUS_ILLEGAL_INSTRUCTION);
    if (Seen.Address)
        CHECK(*(PUCHAR)Seen.Address == 0x0f && ((PUCHAR)Seen.Address)[1] == 0x0b);
#endif
}

static VOID TestRaiseException(VOID)
{
    SKIP_WITHOUT_TRY();
#if HAVE_TRY
    EXCEPTION_RECORD Rec;
    __builtin_memset(&Rec, 0, sizeof(Rec));
    Rec.ExceptionCode = (NTSTATUS)0xe0001234;
    Rec.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    Rec.NumberParameters = 3;
    Rec.ExceptionInformation[0] = 11;
    Rec.ExceptionInformation[1] = 22;
    Rec.ExceptionInformation[2] = 33;
    ResetSeen();
    __try {
        RtlRaiseException(&Rec);
    } __except (Record(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
    }
    CHECK_EQ((ULONG)Seen.Code, 0xe0001234u);
    CHECK(Seen.Flags & EXCEPTION_NONCONTINUABLE);
    CHECK_EQ(Seen.NumberParameters, 3);
    CHECK_EQ(Seen.Info[0], 11);
    CHECK_EQ(Seen.Info[1], 22);
    CHECK_EQ(Seen.Info[2], 33);
    CHECK(Seen.Address != 0);
#endif
}

static volatile ULONG FinallyRan, FinallyAbnormal, Order[4], OrderCount;

#if HAVE_TRY
static __attribute__((noinline)) VOID RaiseInside(VOID)
{
    __try {
        Order[OrderCount++] = 1;
        RtlRaiseStatus((NTSTATUS)0xe0000001);
    } __finally {
        FinallyRan = 1;
        FinallyAbnormal = AbnormalTermination();
        Order[OrderCount++] = 2;
    }
}
#endif

static VOID TestFinallyOnUnwind(VOID)
{
    SKIP_WITHOUT_TRY();
#if HAVE_TRY
    FinallyRan = FinallyAbnormal = OrderCount = 0;
    NTSTATUS Code = 0;
    __try {
        RaiseInside();
    } __except (Code = GetExceptionCode(), Order[OrderCount++] = 3, EXCEPTION_EXECUTE_HANDLER) {
        Order[OrderCount++] = 4;
    }
    CHECK_EQ((ULONG)Code, 0xe0000001u);
    CHECK_EQ(FinallyRan, 1);
    CHECK_EQ(FinallyAbnormal, 1);
    /* the filter runs before the unwind, the __finally during it, the
     * __except block after */
    CHECK_EQ(OrderCount, 4);
    CHECK_EQ(Order[0], 1);
    CHECK_EQ(Order[1], 3);
    CHECK_EQ(Order[2], 2);
    CHECK_EQ(Order[3], 4);
#endif
}

static VOID TestFinallyNormal(VOID)
{
    SKIP_WITHOUT_TRY();
#if HAVE_TRY
    volatile ULONG Ran = 0, Abnormal = 7;
    __try {
        Ran = 0;
    } __finally {
        Ran = 1;
        Abnormal = AbnormalTermination();
    }
    CHECK_EQ(Ran, 1);
    CHECK_EQ(Abnormal, 0);
#endif
}

static VOID TestNested(VOID)
{
    SKIP_WITHOUT_TRY();
#if HAVE_TRY
    volatile ULONG Inner = 0, Outer = 0;
    __try {
        __try {
            RtlRaiseStatus((NTSTATUS)0xe0000002);
        } __except (GetExceptionCode() == (NTSTATUS)0xe0000003 ? EXCEPTION_EXECUTE_HANDLER
                                                               : EXCEPTION_CONTINUE_SEARCH) {
            Inner = 1;
        }
    } __except (GetExceptionCode() == (NTSTATUS)0xe0000002 ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH) {
        Outer = 1;
    }
    CHECK_EQ(Inner, 0);
    CHECK_EQ(Outer, 1);
    /* an exception raised in an __except block goes to the outer one */
    Inner = Outer = 0;
    __try {
        __try {
            RtlRaiseStatus((NTSTATUS)0xe0000004);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Inner = 1;
            RtlRaiseStatus((NTSTATUS)0xe0000005);
        }
    } __except (GetExceptionCode() == (NTSTATUS)0xe0000005 ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH) {
        Outer = 1;
    }
    CHECK_EQ(Inner, 1);
    CHECK_EQ(Outer, 1);
#endif
}

/* The filter skips the faulting instruction: a 4-byte load from rax. */
static __attribute__((unused)) LONG SkipLoad(PEXCEPTION_POINTERS Ep)
{
    Record(Ep, 0);
    if (Ep->ExceptionRecord->ExceptionCode != STATUS_ACCESS_VIOLATION)
        return EXCEPTION_CONTINUE_SEARCH;
    Ep->ContextRecord->Rip += 2; /* mov (%rax), %ecx is 8b 08 */
    Ep->ContextRecord->Rcx = 0x5eed;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static VOID TestContinueExecution(VOID)
{
    SKIP_WITHOUT_TRY();
#if HAVE_TRY
    ULONG64 Got = 0;
    ResetSeen();
    __try {
        Got = LoadViaRax(0x20);
    } __except (SkipLoad(GetExceptionInformation())) {
        Got = 1;
    }
    CHECK_EQ(Seen.Calls, 1);
    CHECK_EQ(Got, 0x5eed);
    CHECK_EQ(Seen.Info[1], 0x20);
#endif
}

/* Vectored handlers: order, first/last, removal, continuing. */
static volatile ULONG VehLog[8], VehCount;

static LONG NTAPI VehA(PEXCEPTION_POINTERS Ep)
{
    if (Ep->ExceptionRecord->ExceptionCode == STATUS_BREAKPOINT)
        VehLog[VehCount++ & 7] = 'A';
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG NTAPI VehB(PEXCEPTION_POINTERS Ep)
{
    if (Ep->ExceptionRecord->ExceptionCode != STATUS_BREAKPOINT)
        return EXCEPTION_CONTINUE_SEARCH;
    VehLog[VehCount++ & 7] = 'B';
    Ep->ContextRecord->Rip = (ULONG64)Ep->ExceptionRecord->ExceptionAddress + 1; /* past the int3 */
    return EXCEPTION_CONTINUE_EXECUTION;
}

static LONG NTAPI VehC(PEXCEPTION_POINTERS Ep)
{
    if (Ep->ExceptionRecord->ExceptionCode == STATUS_BREAKPOINT)
        VehLog[VehCount++ & 7] = 'C';
    return EXCEPTION_CONTINUE_SEARCH;
}

static VOID TestVectoredHandlers(VOID)
{
    PVOID B = RtlAddVectoredExceptionHandler(0, VehB);
    PVOID A = RtlAddVectoredExceptionHandler(1, VehA);
    PVOID C = RtlAddVectoredExceptionHandler(1, VehC);
    if (!CHECK(A && B && C))
        return;
    VehCount = 0;
    Break();
    /* the last one added "first" runs first; B was added last-in-line */
    CHECK_EQ(VehCount, 3);
    CHECK_EQ(VehLog[0], 'C');
    CHECK_EQ(VehLog[1], 'A');
    CHECK_EQ(VehLog[2], 'B');
    CHECK_EQ(RtlRemoveVectoredExceptionHandler(C), 1);
    CHECK_EQ(RtlRemoveVectoredExceptionHandler(C), 0);
    VehCount = 0;
    Break();
    CHECK_EQ(VehCount, 2);
    CHECK_EQ(VehLog[0], 'A');
    CHECK_EQ(VehLog[1], 'B');
    CHECK(RtlRemoveVectoredExceptionHandler(A) != 0);
    CHECK(RtlRemoveVectoredExceptionHandler(B) != 0);
}

/* A vectored handler sees a fault before any frame handler. */
static LONG NTAPI VehSkipLoad(PEXCEPTION_POINTERS Ep)
{
    if (Ep->ExceptionRecord->ExceptionCode != STATUS_ACCESS_VIOLATION ||
        Ep->ExceptionRecord->ExceptionInformation[1] != 0x28)
        return EXCEPTION_CONTINUE_SEARCH;
    Ep->ContextRecord->Rip += 2;
    Ep->ContextRecord->Rcx = 0xabc;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static VOID TestVectoredFault(VOID)
{
    ULONG64 Got = 0;
    PVOID H = RtlAddVectoredExceptionHandler(1, VehSkipLoad);
    if (!CHECK(H != NULL))
        return;
    Got = LoadViaRax(0x28);
    CHECK_EQ(Got, 0xabc);
    RtlRemoveVectoredExceptionHandler(H);
}

static VOID TestCaptureRestore(VOID)
{
    static CONTEXT Ctx;
    static volatile ULONG Passes;
    Passes = 0;
    RtlCaptureContext(&Ctx);
    Passes++;
    if (Passes == 1)
        RtlRestoreContext(&Ctx, NULL);
    CHECK_EQ(Passes, 2);
    CHECK(Ctx.ContextFlags & (CONTEXT_CONTROL & 0xff));
    CHECK(Ctx.ContextFlags & (CONTEXT_INTEGER & 0xff));
    CHECK(Ctx.Rsp != 0);
    CHECK(Ctx.Rip != 0);
}

static VOID TestNtContinue(VOID)
{
    static CONTEXT Ctx;
    static volatile ULONG Passes;
    Passes = 0;
    RtlCaptureContext(&Ctx);
    Passes++;
    if (Passes == 1)
        NtContinue(&Ctx, FALSE);
    CHECK_EQ(Passes, 2);
}

/* NtGetContextThread / NtSetContextThread on a suspended thread. */
static volatile ULONG RedirectedRan;

static VOID NTAPI Redirected(VOID)
{
    RedirectedRan = 0x1234;
    NtTerminateThread(NtCurrentThread(), 7);
}

static VOID NTAPI NeverRuns(PVOID Argument)
{
    (void)Argument;
    RedirectedRan = 0xbad;
}

static VOID TestSetContextSuspended(VOID)
{
    HANDLE Thread;
    static CONTEXT Ctx;
    RedirectedRan = 0;
    if (!CHECK_STATUS(NtCreateThreadEx(&Thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)NeverRuns, NULL,
                                       THREAD_CREATE_FLAGS_CREATE_SUSPENDED, 0, 0, 0, NULL),
                      STATUS_SUCCESS))
        return;
    __builtin_memset(&Ctx, 0, sizeof(Ctx));
    Ctx.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    if (CHECK_STATUS(NtGetContextThread(Thread, &Ctx), STATUS_SUCCESS)) {
        CHECK(Ctx.Rip != 0);
        CHECK(Ctx.Rsp != 0);
        Ctx.Rsp = (Ctx.Rsp & ~15ull) - 8 - 0x40; /* as after a call, with room for a home area */
        Ctx.Rip = (ULONG64)Redirected;
        CHECK_STATUS(NtSetContextThread(Thread, &Ctx), STATUS_SUCCESS);
        static CONTEXT Back;
        __builtin_memset(&Back, 0, sizeof(Back));
        Back.ContextFlags = CONTEXT_CONTROL;
        CHECK_STATUS(NtGetContextThread(Thread, &Back), STATUS_SUCCESS);
        CHECK_EQ(Back.Rip, (ULONG64)Redirected);
        CHECK_STATUS(NtResumeThread(Thread, NULL), STATUS_SUCCESS);
        LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
        CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_SUCCESS);
        CHECK_EQ(RedirectedRan, 0x1234);
        THREAD_BASIC_INFORMATION Info;
        if (CHECK_STATUS(NtQueryInformationThread(Thread, ThreadBasicInformation, &Info, sizeof(Info), NULL),
                         STATUS_SUCCESS))
            CHECK_EQ((ULONG)Info.ExitStatus, 7);
    } else {
        NtTerminateThread(Thread, 0);
    }
    NtClose(Thread);
}

static VOID TestContextBadArguments(VOID)
{
    static CONTEXT Ctx;
    HANDLE Thread;
    Ctx.ContextFlags = CONTEXT_CONTROL;
    CHECK_STATUS(NtGetContextThread(NTAPI_BOGUS_HANDLE, &Ctx), STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtSetContextThread(NTAPI_BOGUS_HANDLE, &Ctx), STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtGetContextThread(NtCurrentThread(), NULL), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtGetContextThread(NtCurrentThread(), (PCONTEXT)NTAPI_KERNEL_POINTER), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtSetContextThread(NtCurrentThread(), NULL), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtContinue(NULL, FALSE), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtContinue((PCONTEXT)NTAPI_KERNEL_POINTER, FALSE), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtRaiseException(NULL, &Ctx, TRUE), STATUS_ACCESS_VIOLATION);
    /* a handle without THREAD_GET_CONTEXT / THREAD_SET_CONTEXT */
    if (CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), NtCurrentThread(), NtCurrentProcess(), &Thread,
                                       THREAD_QUERY_INFORMATION, 0, 0),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtGetContextThread(Thread, &Ctx), STATUS_ACCESS_DENIED);
        CHECK_STATUS(NtSetContextThread(Thread, &Ctx), STATUS_ACCESS_DENIED);
        NtClose(Thread);
    }
}

/* Helpers: a child that faults with nobody to catch it. */
static VOID HelperUnhandledFault(VOID)
{
    volatile ULONG *volatile Bad = (volatile ULONG *)(ULONG_PTR)0x30;
    *Bad = 1;
}

static VOID HelperGarbageStack(VOID)
{
    __asm__ volatile("mov $0x40, %%rsp\n\t"
                     ".byte 0x8b, 0x04, 0x25, 0x50, 0x00, 0x00, 0x00" /* mov 0x50, %eax */
                     :
                     :
                     : "memory");
}

static VOID ChildEndsWith(PCWSTR CommandLine, NTSTATUS Expected)
{
    RTL_USER_PROCESS_INFORMATION Info;
    if (!CHECK_STATUS(NtapiCreateSelf(CommandLine, &Info), STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtResumeThread(Info.ThreadHandle, NULL), STATUS_SUCCESS);
    LARGE_INTEGER Timeout = NtapiRelativeMs(20000);
    if (CHECK_STATUS(NtWaitForSingleObject(Info.ProcessHandle, FALSE, &Timeout), STATUS_SUCCESS)) {
        PROCESS_BASIC_INFORMATION Basic;
        if (CHECK_STATUS(NtQueryInformationProcess(Info.ProcessHandle, ProcessBasicInformation, &Basic,
                                                   sizeof(Basic), NULL),
                         STATUS_SUCCESS))
            CHECK_EQ((ULONG)Basic.ExitStatus, (ULONG)Expected);
    } else {
        NtTerminateProcess(Info.ProcessHandle, 1);
    }
    NtClose(Info.ThreadHandle);
    NtClose(Info.ProcessHandle);
}

static VOID TestUnhandledEndsChild(VOID)
{
    ChildEndsWith(u"seh.exe --only=child-unhandled-fault", STATUS_ACCESS_VIOLATION);
}

static VOID TestGarbageStackEndsChild(VOID)
{
    ChildEndsWith(u"seh.exe --only=child-garbage-stack", STATUS_ACCESS_VIOLATION);
}

const CHAR NtapiFamily[] = "seh";
const NTAPI_TEST NtapiTests[] = {
    {"access-violation-read", TestAccessViolationRead, 0},
    {"access-violation-write", TestAccessViolationWrite, 0},
    {"divide-by-zero", TestDivideByZero, 0},
    {"breakpoint", TestBreakpoint, 0},
    {"illegal-instruction", TestIllegalInstruction, 0},
    {"raise-exception", TestRaiseException, 0},
    {"finally-on-unwind", TestFinallyOnUnwind, 0},
    {"finally-normal", TestFinallyNormal, 0},
    {"nested", TestNested, 0},
    {"continue-execution", TestContinueExecution, 0},
    {"vectored-handlers", TestVectoredHandlers, 0},
    {"vectored-fault", TestVectoredFault, 0},
    {"capture-restore-context", TestCaptureRestore, 0},
    {"nt-continue", TestNtContinue, 0},
    {"set-context-suspended-thread", TestSetContextSuspended, 0},
    {"context-bad-arguments", TestContextBadArguments, NTAPI_TEST_NEPTUNE_ONLY},
    {"unhandled-ends-child", TestUnhandledEndsChild, NTAPI_TEST_NEPTUNE_ONLY},
    {"garbage-stack-ends-child", TestGarbageStackEndsChild, NTAPI_TEST_NEPTUNE_ONLY},
    {"child-unhandled-fault", HelperUnhandledFault, NTAPI_TEST_HELPER},
    {"child-garbage-stack", HelperGarbageStack, NTAPI_TEST_HELPER},
    {NULL, NULL, 0},
};
