/*
 * ldrinit.c — process and thread start-up and shutdown in ntdll.dll.
 *
 * Every thread of every process starts here (docs/executive.md, "Contract:
 * processes, threads, sections"): the executive enters
 *
 *     LdrInitializeThunk(StartRoutine, Argument)      rcx, rdx; gs = TEB
 *
 * with rsp as after a call.  The first thread of a process finds PEB->Ldr
 * still NULL and initializes the process:
 *
 *   1. the process heap (RtlCreateHeap with the PEB's sizes);
 *   2. the process parameters, normalized (offsets become pointers);
 *   3. the loader: the lock (PEB->LoaderLock), PEB->Ldr and its lists with
 *      the program and ntdll on them, the thread's TLS vector;
 *   4. the program's imports, bound recursively, and the DLLs they bring
 *      initialized in dependency order (TLS, TLS callbacks, DllMain with
 *      DLL_PROCESS_ATTACH), then the program's own TLS callbacks;
 *
 * then calls StartRoutine(Argument): for the first thread that is the
 * program's entry point with the PEB.  Any other thread gets its TLS
 * blocks and the DLL_THREAD_ATTACH calls first.  When StartRoutine returns,
 * the first thread ends the process (RtlExitUserProcess: DLL_PROCESS_DETACH,
 * then NtTerminateProcess) and any other thread ends itself
 * (RtlExitUserThread: DLL_THREAD_DETACH, its TLS freed, NtTerminateThread).
 *
 * The loader lock and the PEB lock (RtlAcquirePebLock: process parameters,
 * environment, current directory) are critical sections (critsec.c),
 * statically initialized so that they work before anything else; PEB->
 * LoaderLock and PEB->FastPebLock point at them.  LdrLockLoaderLock and
 * LdrUnlockLoaderLock give programs the loader lock.  Lock order: loader
 * lock, then PEB lock, then heap locks (the heap takes no other lock).
 */
#include "ldrp.h"

#include <ndk/ntndk.h>

static RTL_CRITICAL_SECTION LdrpLoaderLock = {(PVOID)(LONG_PTR)-1, -1, 0, NULL, NULL, 0};
static RTL_CRITICAL_SECTION LdrpPebLock = {(PVOID)(LONG_PTR)-1, -1, 0, NULL, NULL, 0};
static LONG LdrpLoaderLockCookies; /* makes successive cookies differ */
static LONG LdrpProcessInitialized; /* 0 no, 1 in progress, 2 done; under the loader lock */

/* ---- Memory ------------------------------------------------------------------------ */

PVOID LdrpAllocate(SIZE_T Bytes) {
    return RtlAllocateHeap(NtCurrentPeb()->ProcessHeap, HEAP_ZERO_MEMORY, Bytes);
}

VOID LdrpFree(PVOID Block) {
    if (Block != NULL)
        RtlFreeHeap(NtCurrentPeb()->ProcessHeap, 0, Block);
}

/* ---- The loader lock and the PEB lock ------------------------------------------------------ */

VOID LdrpAcquireLoaderLock(VOID) { RtlEnterCriticalSection(&LdrpLoaderLock); }

VOID LdrpReleaseLoaderLock(VOID) { RtlLeaveCriticalSection(&LdrpLoaderLock); }

VOID NTAPI RtlAcquirePebLock(VOID) { RtlEnterCriticalSection(&LdrpPebLock); }

VOID NTAPI RtlReleasePebLock(VOID) { RtlLeaveCriticalSection(&LdrpPebLock); }

/* The cookie: the low 12 bits of the thread id at bit 16 (what Unlock checks)
 * and a 16-bit sequence number.  Never 0, which means "not taken". */
static ULONG_PTR LdrpMakeLoaderLockCookie(VOID) {
    ULONG_PTR Thread = (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread & 0xfff;
    ULONG Sequence = (ULONG)__atomic_add_fetch(&LdrpLoaderLockCookies, 1, __ATOMIC_RELAXED);

    return (Thread << 16) | (Sequence & 0xffff) | ((ULONG_PTR)1 << 28);
}

/*
 * No SEH yet: LDR_LOCK_LOADER_LOCK_FLAG_RAISE_ON_ERRORS is accepted, and
 * errors are returned rather than raised.
 */
NTSTATUS NTAPI LdrLockLoaderLock(ULONG Flags, PULONG Disposition, PULONG_PTR Cookie) {
    if (Flags & ~(LDR_LOCK_LOADER_LOCK_FLAG_RAISE_ON_ERRORS | LDR_LOCK_LOADER_LOCK_FLAG_TRY_ONLY))
        return STATUS_INVALID_PARAMETER_1;
    if (Cookie == NULL)
        return STATUS_INVALID_PARAMETER_3;
    *Cookie = 0;
    if (Disposition != NULL)
        *Disposition = LDR_LOCK_LOADER_LOCK_DISPOSITION_INVALID;
    if (Flags & LDR_LOCK_LOADER_LOCK_FLAG_TRY_ONLY) {
        if (Disposition == NULL)
            return STATUS_INVALID_PARAMETER_2;
        if (!RtlTryEnterCriticalSection(&LdrpLoaderLock)) {
            *Disposition = LDR_LOCK_LOADER_LOCK_DISPOSITION_LOCK_NOT_ACQUIRED;
            return STATUS_SUCCESS;
        }
    } else {
        RtlEnterCriticalSection(&LdrpLoaderLock);
    }
    if (Disposition != NULL)
        *Disposition = LDR_LOCK_LOADER_LOCK_DISPOSITION_LOCK_ACQUIRED;
    *Cookie = LdrpMakeLoaderLockCookie();
    return STATUS_SUCCESS;
}

/* Cookie 0 (a failed try) does nothing; a cookie of another thread, or a
 * release by a thread that does not hold the lock, is refused. */
NTSTATUS NTAPI LdrUnlockLoaderLock(ULONG Flags, ULONG_PTR Cookie) {
    ULONG_PTR Thread = (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread & 0xfff;

    if (Flags & ~LDR_UNLOCK_LOADER_LOCK_FLAG_RAISE_ON_ERRORS)
        return STATUS_INVALID_PARAMETER_1;
    if (Cookie == 0)
        return STATUS_SUCCESS;
    if (((Cookie >> 16) & 0xfff) != Thread || (Cookie >> 28) != 1)
        return STATUS_INVALID_PARAMETER_2;
    return RtlLeaveCriticalSection(&LdrpLoaderLock) == STATUS_SUCCESS ? STATUS_SUCCESS
                                                                       : STATUS_INVALID_PARAMETER_2;
}

/* ---- Diagnostics -------------------------------------------------------------------------- */

VOID LdrpReport(PCSTR Text, PCSTR Name, SIZE_T NameLength, NTSTATUS Status) {
    static const char Prefix[] = "ntdll: ";
    WCHAR Line[160];
    UNICODE_STRING String;
    SIZE_T Length = 0;

    for (SIZE_T i = 0; Prefix[i] != 0; i++)
        Line[Length++] = (UCHAR)Prefix[i];
    for (SIZE_T i = 0; Text[i] != 0 && Length < 100; i++)
        Line[Length++] = (UCHAR)Text[i];
    for (SIZE_T i = 0; i < NameLength && Length < 140; i++)
        Line[Length++] = (UCHAR)Name[i];
    Line[Length++] = ' ';
    Line[Length++] = '(';
    Line[Length++] = '0';
    Line[Length++] = 'x';
    for (int Shift = 28; Shift >= 0; Shift -= 4)
        Line[Length++] = (WCHAR) "0123456789abcdef"[((ULONG)Status >> Shift) & 0xf];
    Line[Length++] = ')';
    Line[Length++] = '\n';
    String.Buffer = Line;
    String.Length = (USHORT)(Length * sizeof(WCHAR));
    String.MaximumLength = String.Length;
    NtDisplayString(&String);
}

/* ---- Process start-up -------------------------------------------------------------------------
 */

/* The program's module: named after ImagePathName, or after its export
 * directory when the process has no parameters. */
static NTSTATUS LdrpCreateImageModule(PPEB Peb) {
    static const WCHAR Fallback[] = u"image.exe";
    UNICODE_STRING Name;
    NTSTATUS Status;

    if (Peb->ProcessParameters != NULL && Peb->ProcessParameters->ImagePathName.Length != 0) {
        Name = Peb->ProcessParameters->ImagePathName;
    } else {
        Name.Buffer = (PWSTR)Fallback;
        Name.Length = sizeof(Fallback) - sizeof(WCHAR);
        Name.MaximumLength = sizeof(Fallback);
    }
    Status = LdrpCreateModule(Peb->ImageBaseAddress, &Name, FALSE, &LdrpImageModule);
    if (!NT_SUCCESS(Status))
        return Status;
    LdrpImageModule->Pinned = TRUE;
    LdrpImageModule->Entry.LoadCount = 0xffff;
    LdrpImageModule->Entry.ReferenceCount = 1;
    return STATUS_SUCCESS;
}

static NTSTATUS LdrpCreateNtdllModule(VOID) {
    extern IMAGE_DOS_HEADER __ImageBase;
    NTSTATUS Status = LdrpCreateSystemModule(&__ImageBase, u"ntdll.dll", &LdrpNtdllModule);

    if (!NT_SUCCESS(Status))
        return Status;
    LdrpNtdllModule->Pinned = TRUE;
    LdrpNtdllModule->CallEntry = FALSE;
    LdrpNtdllModule->State = LDRP_STATE_READY;
    LdrpNtdllModule->Entry.LoadCount = 0xffff;
    LdrpNtdllModule->Entry.ReferenceCount = 1;
    LdrpNtdllModule->Entry.Flags |= LDRP_ENTRY_PROCESSED;
    InsertTailList(&LdrpLoaderData.InInitializationOrderModuleList,
                   &LdrpNtdllModule->Entry.InInitializationOrderLinks);
    return STATUS_SUCCESS;
}

/* Gives the calling thread its TLS vector (and blocks for loaded modules). */
static NTSTATUS LdrpAddCurrentThread(VOID) {
    PTEB Teb = NtCurrentTeb();
    PLDRP_TLS_THREAD Thread = LdrpAllocate(sizeof(*Thread));
    NTSTATUS Status;

    if (Thread == NULL)
        return STATUS_NO_MEMORY;
    Status = LdrpTlsAddThread(&LdrpTls, Thread, Teb, &Teb->ThreadLocalStoragePointer);
    if (!NT_SUCCESS(Status))
        LdrpFree(Thread);
    return Status;
}

static NTSTATUS LdrpInitializeProcess(PPEB Peb) {
    NTSTATUS Status;

    Peb->ProcessHeap = RtlCreateHeap(HEAP_GROWABLE, NULL, Peb->HeapSegmentReserve,
                                     Peb->HeapSegmentCommit, NULL, NULL);
    if (Peb->ProcessHeap == NULL)
        return STATUS_NO_MEMORY;
    RtlNormalizeProcessParams(Peb->ProcessParameters);
    Peb->LoaderLock = &LdrpLoaderLock;
    Peb->FastPebLock = &LdrpPebLock;
    LdrpLoaderData.Length = sizeof(LdrpLoaderData);
    InitializeListHead(&LdrpLoaderData.InLoadOrderModuleList);
    InitializeListHead(&LdrpLoaderData.InMemoryOrderModuleList);
    InitializeListHead(&LdrpLoaderData.InInitializationOrderModuleList);
    LdrpTlsInitializeTable(&LdrpTls);

    LdrpAcquireLoaderLock();
    Status = Peb->ImageBaseAddress != NULL ? LdrpCreateImageModule(Peb) : STATUS_SUCCESS;
    if (NT_SUCCESS(Status))
        Status = LdrpCreateNtdllModule();
    if (NT_SUCCESS(Status))
        Status = LdrpAddCurrentThread();
    if (NT_SUCCESS(Status)) {
        LdrpLoaderData.Initialized = TRUE;
        __atomic_store_n(&Peb->Ldr, &LdrpLoaderData, __ATOMIC_RELEASE);
        if (LdrpImageModule != NULL)
            Status = LdrpLoadImportsAndInitialize(LdrpImageModule, TRUE);
    }
    LdrpReleaseLoaderLock();
    return Status;
}

/* ---- Thread start-up and shutdown ---------------------------------------------------------------
 */

static NTSTATUS LdrpInitializeThread(VOID) {
    NTSTATUS Status;

    LdrpAcquireLoaderLock();
    Status = LdrpAddCurrentThread();
    if (NT_SUCCESS(Status))
        LdrpCallThreadRoutines(DLL_THREAD_ATTACH);
    LdrpReleaseLoaderLock();
    return Status;
}

/* DLL_THREAD_DETACH for the calling thread, then its TLS goes. */
VOID NTAPI LdrShutdownThread(VOID) {
    PLDRP_TLS_THREAD Thread;

    if (NtCurrentPeb()->Ldr == NULL)
        return;
    LdrpAcquireLoaderLock();
    if (!LdrpLoaderData.ShutdownInProgress)
        LdrpCallThreadRoutines(DLL_THREAD_DETACH);
    Thread = LdrpTlsFindThread(&LdrpTls, NtCurrentTeb());
    if (Thread != NULL) {
        LdrpTlsRemoveThread(&LdrpTls, Thread);
        LdrpFree(Thread);
    }
    LdrpReleaseLoaderLock();
}

/* DLL_PROCESS_DETACH for every initialized DLL, once. */
VOID NTAPI LdrShutdownProcess(VOID) {
    if (NtCurrentPeb()->Ldr == NULL)
        return;
    LdrpAcquireLoaderLock();
    if (!LdrpLoaderData.ShutdownInProgress) {
        LdrpLoaderData.ShutdownInProgress = TRUE;
        LdrpLoaderData.ShutdownThreadId = NtCurrentTeb()->ClientId.UniqueThread;
        LdrpCallProcessDetach();
    }
    LdrpReleaseLoaderLock();
}

/*
 * The first thread initializes the process; a thread that starts while
 * that is under way (one created into a new process from outside, before
 * PEB->Ldr is set) waits for it.  The claim is made under the loader lock,
 * and the thread that wins keeps the lock until the process is initialized
 * (LdrpInitializeProcess takes it again, recursively, as Windows runs
 * process initialization under it), so a loser blocks in
 * RtlEnterCriticalSection — on the section's event, not spinning — and
 * finds the process initialized when it gets the lock.  Returns TRUE, with
 * the loader lock held, to the one thread that must initialize.
 */
static BOOLEAN LdrpClaimProcessInitialization(VOID) {
    LdrpAcquireLoaderLock();
    if (LdrpProcessInitialized == 0) {
        LdrpProcessInitialized = 1;
        return TRUE;
    }
    LdrpReleaseLoaderLock();
    return FALSE;
}

DECLSPEC_NORETURN VOID NTAPI LdrInitializeThunk(PVOID StartRoutine, PVOID Argument) {
    PUSER_THREAD_START_ROUTINE Start = (PUSER_THREAD_START_ROUTINE)StartRoutine;
    PPEB Peb = NtCurrentPeb();
    NTSTATUS Status;

    if (Peb->Ldr == NULL && LdrpClaimProcessInitialization()) {
        Status = LdrpInitializeProcess(Peb);
        if (!NT_SUCCESS(Status)) {
            LdrpReport("process initialization failed", "", 0, Status);
            NtTerminateProcess(NtCurrentProcess(), Status);
        }
        LdrpProcessInitialized = 2;
        LdrpReleaseLoaderLock();
        RtlExitUserProcess(Start != NULL ? Start(Argument) : STATUS_SUCCESS);
    }
    Status = LdrpInitializeThread();
    if (!NT_SUCCESS(Status))
        RtlExitUserThread(Status);
    RtlExitUserThread(Start != NULL ? Start(Argument) : STATUS_SUCCESS);
}
