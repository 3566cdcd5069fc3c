/*
 * ntbench.c — NT system-service benchmarks (a native PE program).
 *
 * Run as a boot program under QEMU -icount shift=0,sleep=off, where rdtsc
 * counts guest instructions (docs/bench.md).  Each case runs ROUNDS rounds
 * of ITERATIONS bracketed samples and prints the median of the round
 * medians, with min and max, as `BENCH <name> <median> <min> <max>` —
 * the same format and bracket as the kernel benchmarks, so the numbers
 * compare with bench/RESULTS.md.
 *
 *   nt_null_service    NtYieldExecution: a service that does nothing — the
 *                      whole cost of the transport (stub, seL4 Call, the
 *                      executive's dispatch, reply)
 *   nt_query_time      NtQuerySystemTime: a service writing 8 bytes back
 *   nt_event_set       NtSetEvent on an event nobody waits for (handle
 *                      lookup, access check, object reference)
 *   nt_thread_cycle    NtCreateThreadEx (suspended) + NtTerminateThread +
 *                      NtClose: a thread's whole life in the executive
 *                      (TCB, CNode, TEB, stack reservation, object)
 *   nt_thread_run_exit NtCreateThreadEx (running) of a function that
 *                      returns at once, NtWaitForSingleObject on the
 *                      thread, NtClose: ntdll's thread start and exit too
 *   nt_process_cycle   NtCreateProcessEx from \Boot\smss.exe's image
 *                      section + NtTerminateProcess + NtClose: address
 *                      space, ntdll and image views (copied), PEB, handle
 *                      table; fewer samples (HEAVY_ITERATIONS per round)
 *   nt_process_run_exit  RtlCreateUserProcess of ntchild.exe (returns at
 *                      once) + NtResumeThread + NtWaitForSingleObject on
 *                      the process + NtClose; HEAVY_ITERATIONS too
 *   nt_event_pingpong_thread, nt_event_pingpong_xproc
 *                      NtSetEvent(Ping) + NtWaitForSingleObject(Pong), the
 *                      partner (a second thread; ntchild.exe pingpong in
 *                      another process) waiting on Ping and setting Pong:
 *                      a round trip; also printed halved as
 *                      nt_event_wake_thread / nt_event_wake_xproc
 *
 * A case that fails prints `BENCH-FAIL <name> <status>` instead.
 */
#include <ndk/ntndk.h>

#define ROUNDS 11
#define ITERATIONS 201
#define HEAVY_ITERATIONS 21

static inline ULONG64 Rdtsc(VOID)
{
    ULONG lo, hi;
    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
    return ((ULONG64)hi << 32) | lo;
}

static VOID Sort(ULONG64 *v, ULONG n)
{
    for (ULONG i = 1; i < n; i++)
        for (ULONG j = i; j && v[j - 1] > v[j]; j--) {
            ULONG64 t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

static VOID Print(const char *Text)
{
    WCHAR w[128];
    ULONG n = 0;
    while (Text[n] && n < 127) {
        w[n] = (WCHAR)Text[n];
        n++;
    }
    UNICODE_STRING s = { (USHORT)(n * 2), (USHORT)(n * 2), w };
    NtDisplayString(&s);
}

static char *PutNumber(char *p, ULONG64 v)
{
    char d[24];
    int n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = d[--n];
    return p;
}

static char *PutHex(char *p, ULONG v)
{
    *p++ = '0';
    *p++ = 'x';
    for (int shift = 28; shift >= 0; shift -= 4)
        *p++ = "0123456789abcdef"[(v >> shift) & 15];
    return p;
}

static char *PutText(char *p, const char *Text)
{
    while (*Text)
        *p++ = *Text++;
    return p;
}

/* ---- The cases ------------------------------------------------------------------------ */

static HANDLE BenchEvent, BenchSection;
static PRTL_USER_PROCESS_PARAMETERS BenchChildParameters;
static UNICODE_STRING BenchChildPath = RTL_CONSTANT_STRING(u"\\??\\C:\\Boot\\ntchild.exe");
static HANDLE Ping, Pong; /* the ping-pong pair of the case running */

static ULONG NTAPI NeverRuns(PVOID Argument)
{
    return (ULONG)(ULONG_PTR)Argument;
}

/* Runs, returns: LdrInitializeThunk ends the thread (RtlExitUserThread). */
static ULONG NTAPI ReturnsAtOnce(PVOID Argument)
{
    (void)Argument;
    return STATUS_SUCCESS;
}

/* The in-process partner of nt_event_pingpong_thread; ended by its creator. */
static ULONG NTAPI PingPongPartner(PVOID Argument)
{
    (void)Argument;
    for (;;) {
        NTSTATUS st = NtWaitForSingleObject(Ping, FALSE, NULL);
        if (st != STATUS_SUCCESS)
            return NT_SUCCESS(st) ? STATUS_UNSUCCESSFUL : st;
        st = NtSetEvent(Pong, NULL);
        if (!NT_SUCCESS(st))
            return st;
    }
}

static NTSTATUS ThreadCycle(VOID)
{
    HANDLE t;
    NTSTATUS st = NtCreateThreadEx(&t, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)NeverRuns, NULL,
                                   THREAD_CREATE_FLAGS_CREATE_SUSPENDED, 0, 0, 0, NULL);
    if (!NT_SUCCESS(st))
        return st;
    st = NtTerminateThread(t, 0);
    NtClose(t);
    return st;
}

static NTSTATUS ThreadRunExit(VOID)
{
    HANDLE t;
    NTSTATUS st =
        NtCreateThreadEx(&t, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)ReturnsAtOnce, NULL, 0, 0, 0, 0, NULL);
    if (!NT_SUCCESS(st))
        return st;
    st = NtWaitForSingleObject(t, FALSE, NULL);
    NtClose(t);
    return st == STATUS_SUCCESS ? st : STATUS_UNSUCCESSFUL;
}

static NTSTATUS ProcessCycle(VOID)
{
    HANDLE p;
    NTSTATUS st = NtCreateProcessEx(&p, PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), 0, BenchSection, NULL, NULL, 0);
    if (!NT_SUCCESS(st))
        return st;
    st = NtTerminateProcess(p, 0);
    NtClose(p);
    return st;
}

static NTSTATUS ProcessRunExit(VOID)
{
    RTL_USER_PROCESS_INFORMATION info;
    NTSTATUS st = RtlCreateUserProcess(&BenchChildPath, OBJ_CASE_INSENSITIVE, BenchChildParameters, NULL, NULL, NULL,
                                       FALSE, NULL, NULL, &info);
    if (!NT_SUCCESS(st))
        return st;
    st = NtResumeThread(info.ThreadHandle, NULL);
    if (NT_SUCCESS(st))
        st = NtWaitForSingleObject(info.ProcessHandle, FALSE, NULL);
    else
        NtTerminateProcess(info.ProcessHandle, st);
    NtClose(info.ThreadHandle);
    NtClose(info.ProcessHandle);
    return st == STATUS_SUCCESS ? st : STATUS_UNSUCCESSFUL;
}

static NTSTATUS PingPong(VOID)
{
    NTSTATUS st = NtSetEvent(Ping, NULL);
    if (NT_SUCCESS(st))
        st = NtWaitForSingleObject(Pong, FALSE, NULL);
    return st == STATUS_SUCCESS ? st : STATUS_UNSUCCESSFUL;
}

enum {
    CaseEmpty,
    CaseNull,
    CaseQueryTime,
    CaseEventSet,
    CaseThreadCycle,
    CaseThreadRunExit,
    CaseProcessCycle,
    CaseProcessRunExit,
    CasePingPong,
};

/* One bracketed operation; *Status says whether it did what it should. */
static ULONG64 Sample(ULONG Case, NTSTATUS *Status)
{
    LARGE_INTEGER t;
    NTSTATUS st = STATUS_SUCCESS;
    ULONG64 a = Rdtsc();
    switch (Case) {
    case CaseEmpty: break;
    case CaseNull: NtYieldExecution(); break;
    case CaseQueryTime: st = NtQuerySystemTime(&t); break;
    case CaseEventSet: st = NtSetEvent(BenchEvent, NULL); break;
    case CaseThreadCycle: st = ThreadCycle(); break;
    case CaseThreadRunExit: st = ThreadRunExit(); break;
    case CaseProcessCycle: st = ProcessCycle(); break;
    case CaseProcessRunExit: st = ProcessRunExit(); break;
    case CasePingPong: st = PingPong(); break;
    default: break;
    }
    ULONG64 b = Rdtsc();
    *Status = st;
    return b - a;
}

/*
 * Where the instructions of one sample go (bench/nt/profile.py): after a
 * case's rounds, one more sample runs between NtBenchProfileBegin(Case)
 * and NtBenchProfileEnd(Case), two empty functions the profiler puts its
 * breakpoints on.  They run outside every bracket.
 */
__attribute__((noinline)) VOID NtBenchProfileBegin(ULONG Case)
{
    __asm__ volatile("" ::"r"(Case) : "memory");
}

__attribute__((noinline)) VOID NtBenchProfileEnd(ULONG Case)
{
    __asm__ volatile("" ::"r"(Case) : "memory");
}

static VOID ProfileSample(ULONG Case)
{
    NTSTATUS st;
    NtBenchProfileBegin(Case);
    Sample(Case, &st);
    NtBenchProfileEnd(Case);
}

/* ---- Rounds and output ------------------------------------------------------------------- */

/* `BENCH name median min max`, each figure divided by Divisor. */
static VOID Report(const char *Name, ULONG64 Median, ULONG64 Min, ULONG64 Max, ULONG Divisor)
{
    char line[128], *p = line;
    p = PutText(p, "BENCH ");
    p = PutText(p, Name);
    *p++ = ' ';
    p = PutNumber(p, Median / Divisor);
    *p++ = ' ';
    p = PutNumber(p, Min / Divisor);
    *p++ = ' ';
    p = PutNumber(p, Max / Divisor);
    *p++ = '\n';
    *p = 0;
    Print(line);
}

/* A case that could not run: `BENCH-FAIL name status` (bench/nt/run.sh
 * fails on it). */
static VOID ReportFailure(const char *Name, NTSTATUS Status)
{
    char line[128], *p = line;
    p = PutText(p, "BENCH-FAIL ");
    p = PutText(p, Name);
    *p++ = ' ';
    p = PutHex(p, (ULONG)Status);
    *p++ = '\n';
    *p = 0;
    Print(line);
}

/* ROUNDS rounds of Iterations samples; also reported halved as HalfName
 * if that is given (a round trip made of two alike one-way trips). */
static BOOLEAN RunN(const char *Name, ULONG Case, ULONG Iterations, const char *HalfName)
{
    static ULONG64 samples[ITERATIONS], medians[ROUNDS];
    ULONG64 min = ~0ull, max = 0;
    for (ULONG r = 0; r < ROUNDS; r++) {
        for (ULONG i = 0; i < Iterations; i++) {
            NTSTATUS st;
            samples[i] = Sample(Case, &st);
            if (!NT_SUCCESS(st)) {
                ReportFailure(Name, st);
                return FALSE;
            }
            if (samples[i] < min)
                min = samples[i];
            if (samples[i] > max)
                max = samples[i];
        }
        Sort(samples, Iterations);
        medians[r] = samples[Iterations / 2];
    }
    Sort(medians, ROUNDS);
    ProfileSample(Case);
    Report(Name, medians[ROUNDS / 2], min, max, 1);
    if (HalfName)
        Report(HalfName, medians[ROUNDS / 2], min, max, 2);
    return TRUE;
}

static VOID Run(const char *Name, ULONG Case)
{
    RunN(Name, Case, ITERATIONS, NULL);
}

/* ---- Set-up of the heavier cases ------------------------------------------------------------ */

static NTSTATUS CreatePair(BOOLEAN Named)
{
    UNICODE_STRING ping = RTL_CONSTANT_STRING(u"\\BaseNamedObjects\\NtBenchPing");
    UNICODE_STRING pong = RTL_CONSTANT_STRING(u"\\BaseNamedObjects\\NtBenchPong");
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, Named ? &ping : NULL, 0, NULL, NULL);
    NTSTATUS st = NtCreateEvent(&Ping, EVENT_ALL_ACCESS, &oa, SynchronizationEvent, FALSE);
    if (!NT_SUCCESS(st))
        return st;
    InitializeObjectAttributes(&oa, Named ? &pong : NULL, 0, NULL, NULL);
    st = NtCreateEvent(&Pong, EVENT_ALL_ACCESS, &oa, SynchronizationEvent, FALSE);
    if (!NT_SUCCESS(st))
        NtClose(Ping);
    return st;
}

/* One exchange, not timed, with a bound: the partner (thread or process
 * Partner) is there and answers, or has ended and we say why. */
static NTSTATUS Handshake(HANDLE Partner)
{
    HANDLE objects[2] = { Pong, Partner };
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10 * 1000 * 10000ll; /* 10 s */
    NTSTATUS st = NtSetEvent(Ping, NULL);
    if (NT_SUCCESS(st))
        st = NtWaitForMultipleObjects(2, objects, WaitAny, FALSE, &timeout);
    return st == STATUS_WAIT_0 ? STATUS_SUCCESS : NT_SUCCESS(st) ? STATUS_UNSUCCESSFUL : st;
}

/* Ends the partner (parked in its wait for Ping) and waits, bounded, until
 * it has. */
static NTSTATUS EndPartner(HANDLE Partner, BOOLEAN IsProcess)
{
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10 * 1000 * 10000ll;
    NTSTATUS st = IsProcess ? NtTerminateProcess(Partner, STATUS_SUCCESS) : NtTerminateThread(Partner, STATUS_SUCCESS);
    if (NT_SUCCESS(st))
        st = NtWaitForSingleObject(Partner, FALSE, &timeout);
    return st == STATUS_SUCCESS ? st : NT_SUCCESS(st) ? STATUS_UNSUCCESSFUL : st;
}

/* Untimed first runs: the case does what it says (and ends) before it is
 * timed, so a broken executive shows as BENCH-FAIL, not as a number. */
static NTSTATUS CheckThreadRunExit(VOID)
{
    HANDLE t;
    THREAD_BASIC_INFORMATION basic;
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10 * 1000 * 10000ll;
    NTSTATUS st = NtCreateThreadEx(&t, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)ReturnsAtOnce, NULL, 0, 0,
                                   0, 0, NULL);
    if (!NT_SUCCESS(st))
        return st;
    st = NtWaitForSingleObject(t, FALSE, &timeout);
    if (st == STATUS_SUCCESS)
        st = NtQueryInformationThread(t, ThreadBasicInformation, &basic, sizeof(basic), NULL);
    if (st == STATUS_SUCCESS && basic.ExitStatus != STATUS_SUCCESS)
        st = basic.ExitStatus == STATUS_PENDING ? STATUS_UNSUCCESSFUL : basic.ExitStatus;
    NtClose(t);
    return st == STATUS_TIMEOUT ? STATUS_IO_TIMEOUT : st;
}

static NTSTATUS CheckProcessRunExit(VOID)
{
    RTL_USER_PROCESS_INFORMATION info;
    PROCESS_BASIC_INFORMATION basic;
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10 * 1000 * 10000ll;
    NTSTATUS st = RtlCreateUserProcess(&BenchChildPath, OBJ_CASE_INSENSITIVE, BenchChildParameters, NULL, NULL, NULL,
                                       FALSE, NULL, NULL, &info);
    if (!NT_SUCCESS(st))
        return st;
    st = NtResumeThread(info.ThreadHandle, NULL);
    if (NT_SUCCESS(st))
        st = NtWaitForSingleObject(info.ProcessHandle, FALSE, &timeout);
    if (st == STATUS_SUCCESS)
        st = NtQueryInformationProcess(info.ProcessHandle, ProcessBasicInformation, &basic, sizeof(basic), NULL);
    if (st == STATUS_SUCCESS && basic.ExitStatus != STATUS_SUCCESS)
        st = basic.ExitStatus == STATUS_PENDING ? STATUS_UNSUCCESSFUL : basic.ExitStatus;
    if (st != STATUS_SUCCESS)
        NtTerminateProcess(info.ProcessHandle, st);
    NtClose(info.ThreadHandle);
    NtClose(info.ProcessHandle);
    return st == STATUS_TIMEOUT ? STATUS_IO_TIMEOUT : st;
}

static NTSTATUS MakeChildParameters(PCWSTR CommandLine)
{
    UNICODE_STRING image = RTL_CONSTANT_STRING(u"C:\\Boot\\ntchild.exe");
    UNICODE_STRING command;
    RtlInitUnicodeString(&command, CommandLine);
    if (BenchChildParameters)
        RtlDestroyProcessParameters(BenchChildParameters);
    BenchChildParameters = NULL;
    return RtlCreateProcessParameters(&BenchChildParameters, &image, NULL, NULL, &command, NULL, NULL, NULL, NULL,
                                      NULL);
}

static VOID RunThreadRunExit(VOID)
{
    NTSTATUS st = CheckThreadRunExit();
    if (!NT_SUCCESS(st))
        ReportFailure("nt_thread_run_exit", st);
    else
        Run("nt_thread_run_exit", CaseThreadRunExit);
}

static VOID RunProcessCycle(VOID)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(u"\\Boot\\smss.exe");
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    NTSTATUS st = NtOpenSection(&BenchSection, SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY, &oa);
    if (!NT_SUCCESS(st)) {
        ReportFailure("nt_process_cycle", st);
        return;
    }
    RunN("nt_process_cycle", CaseProcessCycle, HEAVY_ITERATIONS, NULL);
    NtClose(BenchSection);
}

static VOID RunProcessRunExit(VOID)
{
    NTSTATUS st = MakeChildParameters(u"ntchild.exe");
    if (NT_SUCCESS(st))
        st = CheckProcessRunExit();
    if (!NT_SUCCESS(st))
        ReportFailure("nt_process_run_exit", st);
    else
        RunN("nt_process_run_exit", CaseProcessRunExit, HEAVY_ITERATIONS, NULL);
}

static VOID RunPingPongThread(VOID)
{
    HANDLE t = NULL;
    NTSTATUS st = CreatePair(FALSE);
    if (!NT_SUCCESS(st)) {
        ReportFailure("nt_event_pingpong_thread", st);
        return;
    }
    st = NtCreateThreadEx(&t, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)PingPongPartner, NULL, 0, 0, 0, 0,
                          NULL);
    if (NT_SUCCESS(st))
        st = Handshake(t);
    if (NT_SUCCESS(st) && RunN("nt_event_pingpong_thread", CasePingPong, ITERATIONS, "nt_event_wake_thread"))
        st = EndPartner(t, FALSE);
    else if (t)
        NtTerminateThread(t, st);
    if (!NT_SUCCESS(st))
        ReportFailure("nt_event_pingpong_thread", st);
    if (t)
        NtClose(t);
    NtClose(Ping);
    NtClose(Pong);
}

static VOID RunPingPongProcess(VOID)
{
    RTL_USER_PROCESS_INFORMATION info = { 0 };
    NTSTATUS st = CreatePair(TRUE);
    if (!NT_SUCCESS(st)) {
        ReportFailure("nt_event_pingpong_xproc", st);
        return;
    }
    st = MakeChildParameters(u"ntchild.exe pingpong");
    if (NT_SUCCESS(st))
        st = RtlCreateUserProcess(&BenchChildPath, OBJ_CASE_INSENSITIVE, BenchChildParameters, NULL, NULL, NULL, FALSE,
                                  NULL, NULL, &info);
    if (NT_SUCCESS(st)) {
        st = NtResumeThread(info.ThreadHandle, NULL);
        if (NT_SUCCESS(st))
            st = Handshake(info.ProcessHandle);
        if (NT_SUCCESS(st) && RunN("nt_event_pingpong_xproc", CasePingPong, ITERATIONS, "nt_event_wake_xproc"))
            st = EndPartner(info.ProcessHandle, TRUE);
        else
            NtTerminateProcess(info.ProcessHandle, st);
        NtClose(info.ThreadHandle);
        NtClose(info.ProcessHandle);
    }
    if (!NT_SUCCESS(st))
        ReportFailure("nt_event_pingpong_xproc", st);
    NtClose(Ping);
    NtClose(Pong);
}

NTSTATUS NTAPI NtProcessStartup(PVOID Peb)
{
    (void)Peb;
    Print("ntbench: NT service benchmarks (guest instructions under icount)\n");
    Run("bracket_empty_nt", CaseEmpty);
    if (NT_SUCCESS(NtCreateEvent(&BenchEvent, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE))) {
        Run("nt_null_service", CaseNull);
        Run("nt_query_time", CaseQueryTime);
        Run("nt_event_set", CaseEventSet);
        NtClose(BenchEvent);
    } else {
        ReportFailure("nt_event_set", STATUS_UNSUCCESSFUL);
    }
    Run("nt_thread_cycle", CaseThreadCycle);
    RunThreadRunExit();
    RunProcessCycle();
    RunProcessRunExit();
    RunPingPongThread();
    RunPingPongProcess();
    if (BenchChildParameters)
        RtlDestroyProcessParameters(BenchChildParameters);
    Print("BENCH-DONE\n");
    return STATUS_SUCCESS;
}
