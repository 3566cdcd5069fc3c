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
 *   nt_process_cycle   NtCreateProcessEx from \Boot\smss.exe's image
 *                      section + NtTerminateProcess + NtClose: address
 *                      space, ntdll and image views (copied), PEB, handle
 *                      table; fewer samples (HEAVY_ITERATIONS per round)
 */
#include <nt/ntdef.h>
#include <nt/ntstatus.h>
#include <nt/ntrtl.h>
#include <ndk/extypes.h>
#include <ndk/mmtypes.h>
#include <ndk/pstypes.h>
#include <ndk/mmfuncs.h>
#include <ndk/psfuncs.h>

NTSYSCALLAPI NTSTATUS NTAPI NtDisplayString(PUNICODE_STRING String);
NTSYSCALLAPI NTSTATUS NTAPI NtYieldExecution(VOID);
NTSYSCALLAPI NTSTATUS NTAPI NtQuerySystemTime(PLARGE_INTEGER SystemTime);
NTSYSCALLAPI NTSTATUS NTAPI NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                                          POBJECT_ATTRIBUTES ObjectAttributes, EVENT_TYPE EventType,
                                          BOOLEAN InitialState);
NTSYSCALLAPI NTSTATUS NTAPI NtSetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSYSCALLAPI NTSTATUS NTAPI NtClose(HANDLE Handle);

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

static HANDLE BenchEvent, BenchSection;

static ULONG NTAPI NeverRuns(PVOID Argument)
{
    return (ULONG)(ULONG_PTR)Argument;
}

static VOID ThreadCycle(VOID)
{
    HANDLE t;
    if (NT_SUCCESS(NtCreateThreadEx(&t, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)NeverRuns, NULL,
                                    THREAD_CREATE_FLAGS_CREATE_SUSPENDED, 0, 0, 0, NULL))) {
        NtTerminateThread(t, 0);
        NtClose(t);
    }
}

static VOID ProcessCycle(VOID)
{
    HANDLE p;
    if (NT_SUCCESS(NtCreateProcessEx(&p, PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), 0, BenchSection, NULL, NULL,
                                     0))) {
        NtTerminateProcess(p, 0);
        NtClose(p);
    }
}

static ULONG64 Sample(ULONG Case)
{
    LARGE_INTEGER t;
    ULONG64 a = Rdtsc();
    switch (Case) {
    case 3: break;
    case 0: NtYieldExecution(); break;
    case 1: NtQuerySystemTime(&t); break;
    case 2: NtSetEvent(BenchEvent, NULL); break;
    case 4: ThreadCycle(); break;
    case 5: ProcessCycle(); break;
    default: break;
    }
    return Rdtsc() - a;
}

static VOID RunN(const char *Name, ULONG Case, ULONG Iterations)
{
    static ULONG64 samples[ITERATIONS], medians[ROUNDS];
    ULONG64 min = ~0ull, max = 0;
    for (ULONG r = 0; r < ROUNDS; r++) {
        for (ULONG i = 0; i < Iterations; i++) {
            samples[i] = Sample(Case);
            if (samples[i] < min)
                min = samples[i];
            if (samples[i] > max)
                max = samples[i];
        }
        Sort(samples, Iterations);
        medians[r] = samples[Iterations / 2];
    }
    Sort(medians, ROUNDS);
    char line[128], *p = line;
    const char *pre = "BENCH ";
    while (*pre)
        *p++ = *pre++;
    while (*Name)
        *p++ = *Name++;
    *p++ = ' ';
    p = PutNumber(p, medians[ROUNDS / 2]);
    *p++ = ' ';
    p = PutNumber(p, min);
    *p++ = ' ';
    p = PutNumber(p, max);
    *p++ = '\n';
    *p = 0;
    Print(line);
}

static VOID Run(const char *Name, ULONG Case)
{
    RunN(Name, Case, ITERATIONS);
}

NTSTATUS NTAPI NtProcessStartup(PVOID Peb)
{
    (void)Peb;
    Print("ntbench: NT service benchmarks (guest instructions under icount)\n");
    Run("bracket_empty_nt", 3);
    if (!NT_SUCCESS(NtCreateEvent(&BenchEvent, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE)))
        return STATUS_UNSUCCESSFUL;
    Run("nt_null_service", 0);
    Run("nt_query_time", 1);
    Run("nt_event_set", 2);
    NtClose(BenchEvent);
    Run("nt_thread_cycle", 4);
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&name, u"\\Boot\\smss.exe");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (!NT_SUCCESS(NtOpenSection(&BenchSection, SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY, &oa)))
        return STATUS_UNSUCCESSFUL;
    RunN("nt_process_cycle", 5, HEAVY_ITERATIONS);
    NtClose(BenchSection);
    Print("BENCH-DONE\n");
    return STATUS_SUCCESS;
}
