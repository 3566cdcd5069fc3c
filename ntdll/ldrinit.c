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
 * environment, current directory) are recursive locks that a thread takes
 * with one atomic compare-exchange on the owner field and waits for by
 * yielding (there are no keyed events yet).  PEB->LoaderLock and
 * PEB->FastPebLock point at them, laid out as RTL_CRITICAL_SECTIONs
 * (OwningThread = the owner's thread id, RecursionCount) for the debuggers
 * and programs that look.
 */
#include "ldrp.h"

#include <ndk/ntndk.h>

static RTL_CRITICAL_SECTION LdrpLoaderLock = {NULL, -1, 0, NULL, NULL, 0};
static RTL_CRITICAL_SECTION LdrpPebLock = {NULL, -1, 0, NULL, NULL, 0};
static volatile LONG LdrpProcessInitialized; /* 0 no, 1 in progress, 2 done */

/* ---- Memory ------------------------------------------------------------------------ */

PVOID LdrpAllocate(SIZE_T Bytes) {
    return RtlAllocateHeap(NtCurrentPeb()->ProcessHeap, HEAP_ZERO_MEMORY, Bytes);
}

VOID LdrpFree(PVOID Block) {
    if (Block != NULL)
        RtlFreeHeap(NtCurrentPeb()->ProcessHeap, 0, Block);
}

/* ---- The loader lock and the PEB lock ------------------------------------------------------ */

/* A recursive lock: one compare-exchange on the owner to take it, yields
 * while another thread holds it. */
static VOID LdrpEnterSection(PRTL_CRITICAL_SECTION Section) {
    HANDLE Self = NtCurrentTeb()->ClientId.UniqueThread;

    if (__atomic_load_n(&Section->OwningThread, __ATOMIC_RELAXED) == Self) {
        Section->RecursionCount++;
        return;
    }
    for (;;) {
        HANDLE Free = NULL;

        if (__atomic_compare_exchange_n(&Section->OwningThread, &Free, Self, FALSE,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            break;
        NtYieldExecution();
    }
    Section->RecursionCount = 1;
    Section->LockCount = 0;
}

static VOID LdrpLeaveSection(PRTL_CRITICAL_SECTION Section) {
    if (--Section->RecursionCount > 0)
        return;
    Section->LockCount = -1;
    __atomic_store_n(&Section->OwningThread, NULL, __ATOMIC_RELEASE);
}

VOID LdrpAcquireLoaderLock(VOID) { LdrpEnterSection(&LdrpLoaderLock); }

VOID LdrpReleaseLoaderLock(VOID) { LdrpLeaveSection(&LdrpLoaderLock); }

VOID NTAPI RtlAcquirePebLock(VOID) { LdrpEnterSection(&LdrpPebLock); }

VOID NTAPI RtlReleasePebLock(VOID) { LdrpLeaveSection(&LdrpPebLock); }

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

/* The first thread initializes the process; any thread that starts while
 * that is under way (one created into a new process from outside) waits. */
static BOOLEAN LdrpClaimProcessInitialization(VOID) {
    LONG Expected = 0;

    if (__atomic_compare_exchange_n(&LdrpProcessInitialized, &Expected, 1, FALSE, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return TRUE;
    while (__atomic_load_n(&LdrpProcessInitialized, __ATOMIC_ACQUIRE) != 2)
        NtYieldExecution();
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
        __atomic_store_n(&LdrpProcessInitialized, 2, __ATOMIC_RELEASE);
        RtlExitUserProcess(Start != NULL ? Start(Argument) : STATUS_SUCCESS);
    }
    Status = LdrpInitializeThread();
    if (!NT_SUCCESS(Status))
        RtlExitUserThread(Status);
    RtlExitUserThread(Start != NULL ? Start(Argument) : STATUS_SUCCESS);
}
