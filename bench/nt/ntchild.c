/*
 * ntchild.c — the child program of the NT benchmarks (bench/nt/ntbench.c).
 *
 * Started by ntbench with RtlCreateUserProcess.  What it does depends on
 * its command line:
 *
 *   ntchild.exe            returns at once (nt_process_run_exit): the cost
 *                          measured is that of starting and ending a
 *                          process, nothing of its own
 *   ntchild.exe pingpong   opens the events \BaseNamedObjects\NtBenchPing
 *                          and \BaseNamedObjects\NtBenchPong that its
 *                          parent made, then forever waits for Ping and
 *                          sets Pong (nt_event_pingpong_xproc); its parent
 *                          ends it with NtTerminateProcess
 *
 * Any failure ends the process with the failing status, which the parent
 * sees in its wait on the process.
 */
#include <ndk/ntndk.h>

#define NTCHILD_PING u"\\BaseNamedObjects\\NtBenchPing"
#define NTCHILD_PONG u"\\BaseNamedObjects\\NtBenchPong"

static BOOLEAN NtChildHasArgument(PCSTR Argument) {
    PRTL_USER_PROCESS_PARAMETERS Parameters = NtCurrentPeb()->ProcessParameters;
    ULONG Chars, Length = 0;

    if (Parameters == NULL || Parameters->CommandLine.Buffer == NULL)
        return FALSE;
    Chars = Parameters->CommandLine.Length / sizeof(WCHAR);
    while (Argument[Length] != 0)
        Length++;
    if (Chars < Length + 1 || Parameters->CommandLine.Buffer[Chars - Length - 1] != ' ')
        return FALSE;
    for (ULONG i = 0; i < Length; i++) {
        if (Parameters->CommandLine.Buffer[Chars - Length + i] != (WCHAR)Argument[i])
            return FALSE;
    }
    return TRUE;
}

static NTSTATUS NtChildOpen(PCWSTR Path, PHANDLE Event) {
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;

    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attributes, &Name, 0, NULL, NULL);
    return NtOpenEvent(Event, EVENT_MODIFY_STATE | SYNCHRONIZE, &Attributes);
}

static NTSTATUS NtChildPingPong(VOID) {
    HANDLE Ping, Pong;
    NTSTATUS Status = NtChildOpen(NTCHILD_PING, &Ping);

    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtChildOpen(NTCHILD_PONG, &Pong);
    if (!NT_SUCCESS(Status))
        return Status;
    for (;;) {
        Status = NtWaitForSingleObject(Ping, FALSE, NULL);
        if (Status != STATUS_SUCCESS)
            return NT_SUCCESS(Status) ? STATUS_UNSUCCESSFUL : Status;
        Status = NtSetEvent(Pong, NULL);
        if (!NT_SUCCESS(Status))
            return Status;
    }
}

NTSTATUS NTAPI NtProcessStartup(PPEB Peb) {
    (void)Peb;
    if (NtChildHasArgument("pingpong"))
        return NtChildPingPong();
    return STATUS_SUCCESS;
}
