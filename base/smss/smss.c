/*
 * smss.c — the Session Manager, the first NT process (first slice).
 *
 * Started by the executive once the system is up.  Today it announces
 * itself, runs a few start-up self-checks of the services it relies on
 * (each printed as "smss: check ... ok|FAIL") and exits; it will start what
 * the boot configuration names (the native API test suite in a test boot,
 * the shell in a normal one).
 */
#include <nt/ntdef.h>
#include <nt/ntstatus.h>
#include <nt/ntrtl.h>
#include <ndk/pstypes.h>

NTSYSCALLAPI NTSTATUS NTAPI NtDisplayString(PUNICODE_STRING String);
NTSYSCALLAPI NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);
NTSYSCALLAPI NTSTATUS NTAPI NtQuerySystemTime(PLARGE_INTEGER SystemTime);
NTSYSCALLAPI NTSTATUS NTAPI NtQueryPerformanceCounter(PLARGE_INTEGER Counter, PLARGE_INTEGER Frequency);
NTSYSCALLAPI NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER DelayInterval);
NTSYSCALLAPI NTSTATUS NTAPI NtClose(HANDLE Handle);

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
    SmpCheck(NtClose((HANDLE)4) == STATUS_NOT_IMPLEMENTED, u"unimplemented service says so");
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
    return STATUS_SUCCESS;
}
