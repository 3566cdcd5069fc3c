/*
 * time.c — clocks and system information: NtQuerySystemTime,
 * NtQueryPerformanceCounter, NtDelayExecution, KUSER_SHARED_DATA (mapped
 * at 0x7ffe0000, its times ticking, its version fields consistent) and
 * NtQuerySystemInformation's basic class.
 *
 * Time checks allow generous margins: the tests run under emulation and
 * on loaded CI machines, so they bound what must be true (monotonic, not
 * early, roughly consistent) rather than how fast things are.
 */
#include "ntapi_test.h"

/* 2020-01-01 and 2200-01-01 as NT system times (100 ns since 1601). */
#define TIME_2020 132223104000000000LL
#define TIME_2200 189028224000000000LL

/* A KSYSTEM_TIME as one 64-bit value, read the way its writer expects. */
static LONGLONG ReadSystemTime(const volatile KSYSTEM_TIME *Time) {
    LONG High;
    ULONG Low;

    do {
        High = Time->High1Time;
        Low = Time->LowPart;
    } while (High != Time->High2Time);
    return ((LONGLONG)High << 32) | Low;
}

static VOID TestSystemTimePlausible(VOID) {
    LARGE_INTEGER Now;

    CHECK_STATUS(NtQuerySystemTime(&Now), STATUS_SUCCESS);
    CHECK(Now.QuadPart > TIME_2020);
    CHECK(Now.QuadPart < TIME_2200);
}

static VOID TestSystemTimeAdvances(VOID) {
    LARGE_INTEGER Before, After, Delay = NtapiRelativeMs(30);

    CHECK_STATUS(NtQuerySystemTime(&Before), STATUS_SUCCESS);
    CHECK_STATUS(NtDelayExecution(FALSE, &Delay), STATUS_SUCCESS);
    CHECK_STATUS(NtQuerySystemTime(&After), STATUS_SUCCESS);
    /* 30 ms asked; at least 14 ms seen even with a coarse clock. */
    CHECK(After.QuadPart - Before.QuadPart >= 140000);
}

static VOID TestPerformanceCounter(VOID) {
    LARGE_INTEGER First, Second, Frequency;

    CHECK_STATUS(NtQueryPerformanceCounter(&First, &Frequency), STATUS_SUCCESS);
    CHECK(Frequency.QuadPart > 0);
    CHECK_STATUS(NtQueryPerformanceCounter(&Second, NULL), STATUS_SUCCESS);
    CHECK(Second.QuadPart >= First.QuadPart);
}

static VOID TestDelayExecution(VOID) {
    LARGE_INTEGER Delay = NtapiRelativeMs(20);
    ULONG64 Start = NtapiMicroseconds(), Elapsed;

    CHECK_STATUS(NtDelayExecution(FALSE, &Delay), STATUS_SUCCESS);
    Elapsed = NtapiMicroseconds() - Start;
    if (!CHECK(Elapsed >= 5000))
        NtapiPrint("  slept only %llu us of 20000\n", Elapsed);
    Delay.QuadPart = 0;
    CHECK_STATUS(NtDelayExecution(FALSE, &Delay), STATUS_SUCCESS);
}

static VOID TestBadPointers(VOID) {
    LARGE_INTEGER Counter;

    CHECK_STATUS(NtQuerySystemTime((PLARGE_INTEGER)NTAPI_KERNEL_POINTER), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtQuerySystemTime(NULL), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtQueryPerformanceCounter((PLARGE_INTEGER)NTAPI_KERNEL_POINTER, NULL),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtQueryPerformanceCounter(&Counter, (PLARGE_INTEGER)NTAPI_LOW_POINTER),
                 STATUS_ACCESS_VIOLATION);
}

static VOID TestSharedDataSystemTime(VOID) {
    LARGE_INTEGER Now;
    LONGLONG Shared, Difference;

    CHECK_STATUS(NtQuerySystemTime(&Now), STATUS_SUCCESS);
    Shared = ReadSystemTime(&SharedUserData->SystemTime);
    Difference = Now.QuadPart - Shared;
    if (Difference < 0)
        Difference = -Difference;
    if (!CHECK(Difference < 10000000)) /* within a second */
        NtapiPrint("  NtQuerySystemTime %lld, shared %lld\n", Now.QuadPart, Shared);
}

static VOID TestSharedDataTicks(VOID) {
    const KUSER_SHARED_DATA *Shared = SharedUserData;
    LONGLONG InterruptBefore = ReadSystemTime(&Shared->InterruptTime), InterruptAfter;
    ULONG64 TicksBefore = ReadSystemTime(&Shared->TickCount), TicksAfter;
    LARGE_INTEGER Delay = NtapiRelativeMs(100);

    CHECK(Shared->TickCountMultiplier != 0);
    CHECK_STATUS(NtDelayExecution(FALSE, &Delay), STATUS_SUCCESS);
    InterruptAfter = ReadSystemTime(&Shared->InterruptTime);
    TicksAfter = ReadSystemTime(&Shared->TickCount);
    CHECK(InterruptAfter > InterruptBefore);
    CHECK(TicksAfter > TicksBefore);
}

static VOID TestSharedDataVersion(VOID) {
    const KUSER_SHARED_DATA *Shared = SharedUserData;
    const WCHAR *Root = Shared->NtSystemRoot;

    CHECK(Shared->NtMajorVersion >= 6);
    CHECK_EQ(Shared->NativeProcessorArchitecture, PROCESSOR_ARCHITECTURE_AMD64);
    CHECK(Shared->NtProductType >= NtProductWinNt && Shared->NtProductType <= NtProductServer);
    /* "X:\..." */
    CHECK(Root[0] >= 'A' && Root[0] <= 'Z' && Root[1] == ':' && Root[2] == '\\');
}

/* The range of image machine types this system runs: i386 to AMD64 on
 * Windows x64.  Wine 8 leaves both zero. */
static VOID TestSharedDataImageNumbers(VOID) {
    const KUSER_SHARED_DATA *Shared = SharedUserData;

    CHECK_EQ(Shared->ImageNumberLow, IMAGE_FILE_MACHINE_I386);
    CHECK_EQ(Shared->ImageNumberHigh, IMAGE_FILE_MACHINE_AMD64);
}

static VOID TestSystemBasicInformation(VOID) {
    SYSTEM_BASIC_INFORMATION Basic;
    ULONG Length = 0;

    CHECK_STATUS(NtQuerySystemInformation(SystemBasicInformation, &Basic, sizeof(Basic), &Length),
                 STATUS_SUCCESS);
    CHECK_EQ(Length, sizeof(SYSTEM_BASIC_INFORMATION));
    CHECK_EQ(Basic.PageSize, 4096);
    CHECK_EQ(Basic.AllocationGranularity, 0x10000);
    CHECK_EQ(Basic.MinimumUserModeAddress, 0x10000);
    CHECK(Basic.MaximumUserModeAddress > MM_SHARED_USER_DATA_VA);
    CHECK(Basic.NumberOfProcessors >= 1);
    CHECK(Basic.ActiveProcessorsAffinityMask != 0);
    CHECK_EQ(Basic.NumberOfProcessors, NtCurrentPeb()->NumberOfProcessors);
    CHECK_STATUS(
        NtQuerySystemInformation(SystemBasicInformation, &Basic, sizeof(Basic) + 8, &Length),
        STATUS_INFO_LENGTH_MISMATCH);
    CHECK_STATUS(
        NtQuerySystemInformation(SystemBasicInformation, NTAPI_KERNEL_POINTER, sizeof(Basic), NULL),
        STATUS_ACCESS_VIOLATION);
}

const CHAR NtapiFamily[] = "time";
const NTAPI_TEST NtapiTests[] = {
    {"system-time-plausible", TestSystemTimePlausible, 0},
    {"system-time-advances", TestSystemTimeAdvances, 0},
    {"performance-counter", TestPerformanceCounter, 0},
    {"delay-execution", TestDelayExecution, 0},
    {"bad-pointers", TestBadPointers, 0},
    {"shared-data-system-time", TestSharedDataSystemTime, 0},
    {"shared-data-ticks", TestSharedDataTicks, 0},
    {"shared-data-version", TestSharedDataVersion, 0},
    {"shared-data-image-numbers", TestSharedDataImageNumbers, NTAPI_TEST_WINE_DIFFERS},
    {"system-basic-information", TestSystemBasicInformation, 0},
    {NULL, NULL, 0},
};
