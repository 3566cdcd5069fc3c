/*
 * smss.c — the Session Manager, the first NT process (first slice).
 *
 * Started by the executive once the system is up, with the boot options
 * on its command line.  It announces itself, runs start-up self-checks of
 * the services it relies on (each printed as "smss: check ... ok|FAIL"),
 * then does what the boot configuration says:
 *
 *   tests=a.exe+b.exe   a test boot: run each program of the native API
 *                       suite as a child process (RtlCreateUserProcess),
 *                       one after another, each with a time limit; print
 *                       how each ended and a summary; then shut down
 *                       (power off unless shutdown= says otherwise)
 *   shutdown=poweroff|reboot|halt
 *                       end with NtShutdownSystem and that action
 *
 * Without either it exits, and the executive powers off when no process is
 * left (a normal boot will start the shell here).  The children print their
 * own "N passed, N failed" lines on the serial log; smss judges them only
 * by exit status (0: every test passed) and by whether they ended in time.
 */
#include <nt/ntdef.h>
#include <nt/ntstatus.h>
#include <nt/ntrtl.h>
#include <ndk/ntndk.h>

#define SMP_CURRENT_PROCESS ((HANDLE)(LONG_PTR)-1)
#define SMP_TEST_TIME_LIMIT_MS 180000 /* one test program; the slowest takes seconds */

static ULONG SmpFailures;

static VOID SmpPrint(PCWSTR Text)
{
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, Text);
    NtDisplayString(&s);
}

static VOID SmpCheck(BOOLEAN Ok, PCWSTR What)
{
    SmpPrint(u"smss: check ");
    SmpPrint(What);
    SmpPrint(Ok ? u" ok\n" : u" FAIL\n");
    if (!Ok)
        SmpFailures++;
}

static VOID SmpSelfChecks(PPEB Peb)
{
    SmpCheck(Peb->ImageBaseAddress != NULL, u"PEB image base");
    SmpCheck(NtDisplayString((PUNICODE_STRING)0x1000) == STATUS_ACCESS_VIOLATION, u"bad pointer refused");

    LARGE_INTEGER t0, t1, delay, c, f;
    SmpCheck(NtQuerySystemTime(&t0) == STATUS_SUCCESS && t0.QuadPart > 0, u"system time");
    SmpCheck(NtQuerySystemTime((PLARGE_INTEGER)0x10) == STATUS_ACCESS_VIOLATION, u"system time bad pointer");
    delay.QuadPart = -200000; /* 20 ms */
    SmpCheck(NtDelayExecution(FALSE, &delay) == STATUS_SUCCESS, u"delay 20 ms");
    NtQuerySystemTime(&t1);
    SmpCheck(t1.QuadPart - t0.QuadPart >= 200000, u"delay took at least 20 ms");
    delay.QuadPart = 0;
    SmpCheck(NtDelayExecution(FALSE, &delay) == STATUS_SUCCESS, u"zero delay");
    SmpCheck(NtQueryPerformanceCounter(&c, &f) == STATUS_SUCCESS && c.QuadPart > 0 && f.QuadPart > 0,
             u"performance counter");
    SmpCheck(NtClose((HANDLE)4) == STATUS_INVALID_HANDLE, u"closing a bad handle refused");
    SmpCheck(NtQueryInformationThread((HANDLE)(LONG_PTR)-2, 1 /* ThreadTimes */, NULL, 0, NULL) ==
                 STATUS_NOT_IMPLEMENTED,
             u"unimplemented information class says so");
    ULONG_PTR tbi[6] = { 0 }; /* THREAD_BASIC_INFORMATION: ExitStatus, Teb, ClientId, ... */
    SmpCheck(NtQueryInformationThread((HANDLE)(LONG_PTR)-2, 0, tbi, sizeof(tbi), NULL) == STATUS_SUCCESS &&
                 (ULONG)tbi[0] == (ULONG)STATUS_PENDING && tbi[1] == (ULONG_PTR)NtCurrentTeb(),
             u"thread basic information");

    /* Virtual memory: reserve, commit, touch (demand-zero), decommit, release. */
    PVOID base = NULL;
    SIZE_T size = 0x20000;
    NTSTATUS st = NtAllocateVirtualMemory(SMP_CURRENT_PROCESS, &base, 0, &size, 0x2000 /* MEM_RESERVE */,
                                          0x04 /* PAGE_READWRITE */);
    SmpCheck(st == STATUS_SUCCESS && base && ((ULONG_PTR)base & 0xffff) == 0 && size == 0x20000, u"reserve");
    SIZE_T csize = 0x2000;
    PVOID cbase = (PUCHAR)base + 0x1000;
    st = NtAllocateVirtualMemory(SMP_CURRENT_PROCESS, &cbase, 0, &csize, 0x1000 /* MEM_COMMIT */, 0x04);
    SmpCheck(st == STATUS_SUCCESS && cbase == (PUCHAR)base + 0x1000 && csize == 0x2000, u"commit");
    volatile ULONG *p = (ULONG *)cbase;
    SmpCheck(p[0] == 0 && p[1500] == 0, u"committed memory reads zero");
    p[0] = 0x12345678;
    p[1500] = 0x9abcdef0;
    SmpCheck(p[0] == 0x12345678 && p[1500] == 0x9abcdef0, u"committed memory keeps what is written");
    PVOID bad = base;
    SIZE_T bsize = 0x1000;
    SmpCheck(NtAllocateVirtualMemory(SMP_CURRENT_PROCESS, &bad, 0, &bsize, 0x2000, 0x04) ==
                 STATUS_CONFLICTING_ADDRESSES, u"overlapping reserve refused");
    SmpCheck(NtAllocateVirtualMemory(SMP_CURRENT_PROCESS, &bad, 0, &bsize, 0x2000, 0x4321) ==
                 STATUS_INVALID_PAGE_PROTECTION, u"bad protection refused");
    SmpCheck(NtAllocateVirtualMemory(SMP_CURRENT_PROCESS, (PVOID *)0x20, 0, &bsize, 0x2000, 0x04) ==
                 STATUS_ACCESS_VIOLATION, u"bad base pointer refused");
    PVOID rel = (PUCHAR)base + 0x1000;
    SIZE_T rsize = 0;
    SmpCheck(NtFreeVirtualMemory(SMP_CURRENT_PROCESS, &rel, &rsize, 0x8000 /* MEM_RELEASE */) ==
                 STATUS_FREE_VM_NOT_AT_BASE, u"release not at base refused");
    rel = base;
    SmpCheck(NtFreeVirtualMemory(SMP_CURRENT_PROCESS, &rel, &rsize, 0x8000) == STATUS_SUCCESS && rel == base &&
                 rsize == 0x20000, u"release");
    SmpCheck(NtFreeVirtualMemory(SMP_CURRENT_PROCESS, &rel, &rsize, 0x8000) == STATUS_MEMORY_NOT_ALLOCATED,
             u"double release refused");
}

/* ---- Output ------------------------------------------------------------- */

static VOID SmpPrintCounted(PCWSTR Text, ULONG Chars)
{
    UNICODE_STRING s;
    s.Buffer = (PWSTR)Text;
    s.Length = s.MaximumLength = (USHORT)(Chars * sizeof(WCHAR));
    NtDisplayString(&s);
}

static VOID SmpPrintHex(ULONG Value)
{
    WCHAR text[11] = u"0x";
    for (ULONG i = 0; i < 8; i++) {
        ULONG digit = (Value >> (28 - 4 * i)) & 0xf;
        text[2 + i] = (WCHAR)(digit < 10 ? u'0' + digit : u'a' + digit - 10);
    }
    text[10] = 0;
    SmpPrint(text);
}

static VOID SmpPrintDecimal(ULONG Value)
{
    WCHAR text[11];
    ULONG n = sizeof(text) / sizeof(text[0]) - 1;
    text[n] = 0;
    do {
        text[--n] = (WCHAR)(u'0' + Value % 10);
        Value /= 10;
    } while (Value && n);
    SmpPrint(text + n);
}

/* ---- Boot options --------------------------------------------------------- */

/* The value of Key ("name=") among the space-separated words of the
 * command line (the first word, the program, is skipped); its length in
 * *Chars.  NULL if absent. */
static PCWSTR SmpOption(PCUNICODE_STRING CommandLine, PCWSTR Key, PULONG Chars)
{
    ULONG n = CommandLine->Length / sizeof(WCHAR);
    PCWSTR c = CommandLine->Buffer;
    ULONG i = 0;
    while (i < n && c[i] != u' ')
        i++;
    while (i < n) {
        while (i < n && c[i] == u' ')
            i++;
        ULONG start = i, k = 0;
        while (i < n && c[i] != u' ')
            i++;
        while (Key[k] && start + k < i && c[start + k] == Key[k])
            k++;
        if (!Key[k]) {
            *Chars = i - start - k;
            return c + start + k;
        }
    }
    return NULL;
}

static BOOLEAN SmpValueIs(PCWSTR Value, ULONG Chars, PCWSTR Text)
{
    ULONG k = 0;
    while (k < Chars && Text[k] && Value[k] == Text[k])
        k++;
    return k == Chars && !Text[k];
}

/* ---- The test suite ------------------------------------------------------- */

static VOID SmpAppend(PWSTR Buffer, PULONG Length, ULONG Capacity, PCWSTR Text, ULONG Chars)
{
    for (ULONG i = 0; i < Chars && Text[i] && *Length + 1 < Capacity; i++)
        Buffer[(*Length)++] = Text[i];
    Buffer[*Length] = 0;
}

/* Runs \Boot\<Name> as a child to its end; its exit status, or why it
 * could not run or did not end in time. */
static NTSTATUS SmpRunProgram(PCWSTR Name, ULONG Chars, PNTSTATUS ExitStatus)
{
    WCHAR dos[64], nt[72];
    ULONG dosLength = 0, ntLength = 0;
    SmpAppend(dos, &dosLength, 64, u"C:\\Boot\\", 8);
    SmpAppend(dos, &dosLength, 64, Name, Chars);
    SmpAppend(nt, &ntLength, 72, u"\\??\\", 4);
    SmpAppend(nt, &ntLength, 72, dos, dosLength);
    if (Chars == 0 || dosLength + 1 >= 64)
        return STATUS_NAME_TOO_LONG;
    UNICODE_STRING dosPath, ntPath, commandLine;
    RtlInitUnicodeString(&dosPath, dos);
    RtlInitUnicodeString(&ntPath, nt);
    commandLine.Buffer = dos + 8; /* the name alone */
    commandLine.Length = commandLine.MaximumLength = (USHORT)(Chars * sizeof(WCHAR));

    PRTL_USER_PROCESS_PARAMETERS parameters = NULL;
    NTSTATUS st = RtlCreateProcessParameters(&parameters, &dosPath, NULL, NULL, &commandLine, NULL, NULL, NULL,
                                             NULL, NULL);
    if (!NT_SUCCESS(st))
        return st;
    RTL_USER_PROCESS_INFORMATION info;
    st = RtlCreateUserProcess(&ntPath, OBJ_CASE_INSENSITIVE, parameters, NULL, NULL, NULL, FALSE, NULL, NULL,
                              &info);
    RtlDestroyProcessParameters(parameters);
    if (!NT_SUCCESS(st))
        return st;
    st = NtResumeThread(info.ThreadHandle, NULL);
    if (NT_SUCCESS(st)) {
        LARGE_INTEGER limit;
        limit.QuadPart = -(LONGLONG)SMP_TEST_TIME_LIMIT_MS * 10000;
        st = NtWaitForSingleObject(info.ProcessHandle, FALSE, &limit);
        if (st == STATUS_TIMEOUT) {
            NtTerminateProcess(info.ProcessHandle, STATUS_TIMEOUT);
            NtWaitForSingleObject(info.ProcessHandle, FALSE, NULL);
        }
    }
    if (NT_SUCCESS(st)) {
        PROCESS_BASIC_INFORMATION basic;
        NTSTATUS qs = NtQueryInformationProcess(info.ProcessHandle, ProcessBasicInformation, &basic,
                                                sizeof(basic), NULL);
        if (NT_SUCCESS(qs))
            *ExitStatus = basic.ExitStatus;
        else
            st = qs;
    }
    NtClose(info.ThreadHandle);
    NtClose(info.ProcessHandle);
    return st;
}

/* Runs every program of the '+'- or ','-separated list; the number that
 * failed (did not start, did not end in time, or exited non-zero). */
static ULONG SmpRunTestSuite(PCWSTR List, ULONG Chars, PULONG Programs)
{
    ULONG failed = 0;
    *Programs = 0;
    for (ULONG i = 0; i < Chars;) {
        ULONG start = i;
        while (i < Chars && List[i] != u'+' && List[i] != u',')
            i++;
        ULONG n = i - start;
        i++;
        if (n == 0)
            continue;
        (*Programs)++;
        SmpPrint(u"smss: test program ");
        SmpPrintCounted(List + start, n);
        SmpPrint(u" starting\n");
        NTSTATUS exitStatus = STATUS_PENDING;
        NTSTATUS st = SmpRunProgram(List + start, n, &exitStatus);
        SmpPrint(u"smss: test program ");
        SmpPrintCounted(List + start, n);
        if (st == STATUS_TIMEOUT) {
            SmpPrint(u" FAILED: still running after ");
            SmpPrintDecimal(SMP_TEST_TIME_LIMIT_MS / 1000);
            SmpPrint(u" s; terminated\n");
            failed++;
        } else if (!NT_SUCCESS(st)) {
            SmpPrint(u" FAILED to run: status ");
            SmpPrintHex((ULONG)st);
            SmpPrint(u"\n");
            failed++;
        } else {
            SmpPrint(exitStatus == STATUS_SUCCESS ? u" exited with status " : u" FAILED: exit status ");
            SmpPrintHex((ULONG)exitStatus);
            SmpPrint(u"\n");
            if (exitStatus != STATUS_SUCCESS)
                failed++;
        }
    }
    return failed;
}

NTSTATUS NTAPI NtProcessStartup(PPEB Peb)
{
    SmpPrint(u"smss: Session Manager started (first NT process)\n");
    SmpSelfChecks(Peb);
    if (SmpFailures) {
        SmpPrint(u"smss: self-checks FAILED\n");
        return STATUS_UNSUCCESSFUL;
    }
    SmpPrint(u"smss: self-checks passed\n");

    UNICODE_STRING empty = { 0, 0, NULL };
    PCUNICODE_STRING commandLine = Peb->ProcessParameters ? &Peb->ProcessParameters->CommandLine : &empty;
    ULONG testChars = 0, shutdownChars = 0;
    PCWSTR tests = SmpOption(commandLine, u"tests=", &testChars);
    PCWSTR shutdown = SmpOption(commandLine, u"shutdown=", &shutdownChars);
    SHUTDOWN_ACTION action = ShutdownPowerOff;
    if (shutdown) {
        if (SmpValueIs(shutdown, shutdownChars, u"reboot"))
            action = ShutdownReboot;
        else if (SmpValueIs(shutdown, shutdownChars, u"halt"))
            action = ShutdownNoReboot;
        else if (!SmpValueIs(shutdown, shutdownChars, u"poweroff"))
            SmpPrint(u"smss: unknown shutdown= value; powering off\n");
    }
    if (tests) {
        ULONG programs, failed = SmpRunTestSuite(tests, testChars, &programs);
        SmpPrint(u"smss: test suite done: ");
        SmpPrintDecimal(programs);
        SmpPrint(u" programs, ");
        SmpPrintDecimal(failed);
        SmpPrint(failed ? u" FAILED\n" : u" failed\n");
    }
    if (tests || shutdown) {
        SmpPrint(u"smss: shutting down\n");
        NTSTATUS st = NtShutdownSystem(action);
        /* only a refused shutdown comes back */
        SmpPrint(u"smss: shutdown FAILED: status ");
        SmpPrintHex((ULONG)st);
        SmpPrint(u"\n");
        return st;
    }
    return STATUS_SUCCESS;
}
