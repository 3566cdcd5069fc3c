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
NTSYSCALLAPI NTSTATUS NTAPI NtQueryInformationThread(HANDLE ThreadHandle, ULONG ThreadInformationClass,
                                                     PVOID ThreadInformation, ULONG ThreadInformationLength,
                                                     PULONG ReturnLength);
NTSYSCALLAPI NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                                    PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect);
NTSYSCALLAPI NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                                                ULONG FreeType);
#define SMP_CURRENT_PROCESS ((HANDLE)(LONG_PTR)-1)

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
