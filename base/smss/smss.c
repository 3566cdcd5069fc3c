/*
 * smss.c — the Session Manager, the first NT process (first slice).
 *
 * Started by the executive once the system is up.  Today it announces
 * itself and exits; it will start what the boot configuration names (the
 * native API test suite in a test boot, the shell in a normal one).
 */
#include <nt/ntdef.h>
#include <nt/ntstatus.h>
#include <nt/ntrtl.h>
#include <ndk/pstypes.h>

NTSYSCALLAPI NTSTATUS NTAPI NtDisplayString(PUNICODE_STRING String);
NTSYSCALLAPI NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);

NTSTATUS NTAPI NtProcessStartup(PPEB Peb)
{
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, u"smss: Session Manager started (first NT process)\n");
    NTSTATUS st = NtDisplayString(&s);
    if (!NT_SUCCESS(st))
        return st;
    /* Bad input must come back as a status, not crash the executive. */
    st = NtDisplayString((PUNICODE_STRING)0x1000);
    if (st != STATUS_ACCESS_VIOLATION) {
        RtlInitUnicodeString(&s, u"smss: FAIL: NtDisplayString(bad pointer) did not return STATUS_ACCESS_VIOLATION\n");
        NtDisplayString(&s);
        return STATUS_UNSUCCESSFUL;
    }
    RtlInitUnicodeString(&s, u"smss: image base and PEB look right\n");
    if (Peb->ImageBaseAddress == NULL)
        return STATUS_UNSUCCESSFUL;
    NtDisplayString(&s);
    return STATUS_SUCCESS;
}
