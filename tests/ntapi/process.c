/*
 * process.c — the calling process and thread as the system presents them:
 * the entry point's argument, TEB and PEB contents at their Windows x64
 * offsets (checked against what services report about the same process),
 * RTL_USER_PROCESS_PARAMETERS, the loader's module lists, and
 * NtQueryInformationProcess/Thread's basic classes with their refusals.
 *
 * These tests are the runtime counterpart of the _Static_asserts in
 * include/ndk/: the asserts pin where our headers put each field, these
 * check that the running system (Wine now, Neptune's executive and ntdll
 * later) put the right value there.
 */
#include "ntapi_test.h"

extern IMAGE_DOS_HEADER __ImageBase;

static BOOLEAN QueryProcess(HANDLE Process, PPROCESS_BASIC_INFORMATION Basic) {
    ULONG Length = 0;

    if (!CHECK_STATUS(NtQueryInformationProcess(Process, ProcessBasicInformation, Basic,
                                                sizeof(*Basic), &Length),
                      STATUS_SUCCESS))
        return FALSE;
    return CHECK_EQ(Length, sizeof(*Basic));
}

static BOOLEAN QueryThread(PTHREAD_BASIC_INFORMATION Basic) {
    ULONG Length = 0;

    if (!CHECK_STATUS(NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation, Basic,
                                               sizeof(*Basic), &Length),
                      STATUS_SUCCESS))
        return FALSE;
    return CHECK_EQ(Length, sizeof(*Basic));
}

static VOID TestEntryArgumentIsPeb(VOID) {
    CHECK(NtapiEntryArgument == NtCurrentPeb());
    CHECK(RtlGetCurrentPeb() == NtCurrentPeb());
}

static VOID TestTebSelfAndStack(VOID) {
    PTEB Teb = NtCurrentTeb();
    volatile ULONG Local = 0;

    CHECK(Teb->NtTib.Self == &Teb->NtTib);
    CHECK((PVOID)&Local < Teb->NtTib.StackBase);
    CHECK((PVOID)&Local >= Teb->NtTib.StackLimit);
    CHECK(Teb->DeallocationStack <= Teb->NtTib.StackLimit);
}

static VOID TestTebMatchesServices(VOID) {
    PTEB Teb = NtCurrentTeb();
    THREAD_BASIC_INFORMATION Thread;
    PROCESS_BASIC_INFORMATION Process;

    if (QueryThread(&Thread)) {
        CHECK(Thread.TebBaseAddress == Teb);
        CHECK(Thread.ClientId.UniqueProcess == Teb->ClientId.UniqueProcess);
        CHECK(Thread.ClientId.UniqueThread == Teb->ClientId.UniqueThread);
        CHECK_STATUS(Thread.ExitStatus, STATUS_PENDING);
    }
    if (QueryProcess(NtCurrentProcess(), &Process)) {
        CHECK(Process.PebBaseAddress == Teb->ProcessEnvironmentBlock);
        CHECK_EQ(Process.UniqueProcessId, (ULONG_PTR)Teb->ClientId.UniqueProcess);
        CHECK_STATUS(Process.ExitStatus, STATUS_PENDING);
    }
}

static VOID TestTebLastErrorAndStatus(VOID) {
    PTEB Teb = NtCurrentTeb();

    RtlSetLastWin32Error(0x4321);
    CHECK_EQ(Teb->LastErrorValue, 0x4321);
    Teb->LastErrorValue = 0x1234;
    CHECK_EQ(RtlGetLastWin32Error(), 0x1234);
    RtlNtStatusToDosError(STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_STATUS(Teb->LastStatusValue, STATUS_OBJECT_PATH_NOT_FOUND);
}

static VOID TestTebStaticUnicodeString(VOID) {
    PTEB Teb = NtCurrentTeb();

    CHECK(Teb->StaticUnicodeString.Buffer == Teb->StaticUnicodeBuffer);
    CHECK_EQ(Teb->StaticUnicodeString.MaximumLength, sizeof(Teb->StaticUnicodeBuffer));
}

static VOID TestPebImage(VOID) {
    PPEB Peb = NtCurrentPeb();

    CHECK(Peb->ImageBaseAddress == &__ImageBase);
    CHECK(Peb->ProcessHeap != NULL);
    CHECK(Peb->NumberOfProcessors >= 1);
    CHECK_EQ(Peb->ImageSubsystem, IMAGE_SUBSYSTEM_NATIVE);
    CHECK(Peb->OSMajorVersion >= 6);
}

static VOID TestProcessParameters(VOID) {
    PRTL_USER_PROCESS_PARAMETERS Parameters = NtCurrentPeb()->ProcessParameters;
    PUNICODE_STRING Image;
    PWSTR Tail;

    if (!CHECK(Parameters != NULL))
        return;
    CHECK(Parameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED);
    CHECK(Parameters->Length <= Parameters->MaximumLength);
    CHECK(Parameters->CommandLine.Length > 0 && Parameters->CommandLine.Buffer != NULL);
    CHECK(Parameters->Environment != NULL);
    Image = &Parameters->ImagePathName;
    if (!CHECK(Image->Length >= 4 * sizeof(WCHAR) && Image->Buffer != NULL))
        return;
    Tail = Image->Buffer + Image->Length / sizeof(WCHAR) - 4;
    CHECK(Tail[0] == '.' && (Tail[1] | 0x20) == 'e' && (Tail[2] | 0x20) == 'x' &&
          (Tail[3] | 0x20) == 'e');
}

static PLDR_DATA_TABLE_ENTRY FindModule(PPEB_LDR_DATA Ldr, PCSTR Name, PULONG Count) {
    PLIST_ENTRY Link;
    PLDR_DATA_TABLE_ENTRY Found = NULL;

    *Count = 0;
    for (Link = Ldr->InLoadOrderModuleList.Flink; Link != &Ldr->InLoadOrderModuleList;
         Link = Link->Flink) {
        PLDR_DATA_TABLE_ENTRY Entry =
            CONTAINING_RECORD(Link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
        (*Count)++;
        if (NtapiEqualsAscii(&Entry->BaseDllName, Name))
            Found = Entry;
    }
    return Found;
}

static ULONG CountMemoryOrder(PPEB_LDR_DATA Ldr) {
    PLIST_ENTRY Link;
    ULONG Count = 0;

    for (Link = Ldr->InMemoryOrderModuleList.Flink; Link != &Ldr->InMemoryOrderModuleList;
         Link = Link->Flink)
        Count++;
    return Count;
}

static VOID TestLoaderLists(VOID) {
    PPEB Peb = NtCurrentPeb();
    PPEB_LDR_DATA Ldr = Peb->Ldr;
    PLDR_DATA_TABLE_ENTRY First, Ntdll;
    PIMAGE_NT_HEADERS64 Headers;
    ULONG Count;

    if (!CHECK(Ldr != NULL))
        return;
    CHECK(Ldr->Initialized);
    First =
        CONTAINING_RECORD(Ldr->InLoadOrderModuleList.Flink, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
    CHECK(First->DllBase == Peb->ImageBaseAddress);
    Ntdll = FindModule(Ldr, "ntdll.dll", &Count);
    CHECK(Count >= 2);
    CHECK_EQ(CountMemoryOrder(Ldr), Count);
    if (!CHECK(Ntdll != NULL))
        return;
    Headers = (PIMAGE_NT_HEADERS64)((PUCHAR)Ntdll->DllBase +
                                    ((PIMAGE_DOS_HEADER)Ntdll->DllBase)->e_lfanew);
    CHECK_EQ(Headers->Signature, IMAGE_NT_SIGNATURE);
    CHECK_EQ(Ntdll->SizeOfImage, Headers->OptionalHeader.SizeOfImage);
    CHECK(Ntdll->FullDllName.Length >= Ntdll->BaseDllName.Length);
}

static VOID TestPseudoHandleDuplicates(VOID) {
    PROCESS_BASIC_INFORMATION Self, Real;
    HANDLE Process;

    if (!QueryProcess(NtCurrentProcess(), &Self))
        return;
    if (!CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(),
                                        &Process, 0, 0, DUPLICATE_SAME_ACCESS),
                      STATUS_SUCCESS))
        return;
    CHECK(Process != NtCurrentProcess());
    if (QueryProcess(Process, &Real))
        CHECK_EQ(Real.UniqueProcessId, Self.UniqueProcessId);
    NtClose(Process);
}

static VOID TestQueryRefusals(VOID) {
    PROCESS_BASIC_INFORMATION Basic;
    THREAD_BASIC_INFORMATION Thread;
    HANDLE Event;

    CHECK_STATUS(NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation, &Basic,
                                           sizeof(Basic) - 8, NULL),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK_STATUS(NtQueryInformationProcess(NTAPI_BOGUS_HANDLE, ProcessBasicInformation, &Basic,
                                           sizeof(Basic), NULL),
                 STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation,
                                           NTAPI_KERNEL_POINTER, sizeof(Basic), NULL),
                 STATUS_ACCESS_VIOLATION);
    if (CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(
            NtQueryInformationProcess(Event, ProcessBasicInformation, &Basic, sizeof(Basic), NULL),
            STATUS_OBJECT_TYPE_MISMATCH);
        CHECK_STATUS(
            NtQueryInformationThread(Event, ThreadBasicInformation, &Thread, sizeof(Thread), NULL),
            STATUS_OBJECT_TYPE_MISMATCH);
        NtClose(Event);
    }
}

/* Wine 8 copies a truncated record and reports success. */
static VOID TestThreadQueryLength(VOID) {
    THREAD_BASIC_INFORMATION Thread;

    CHECK_STATUS(NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation, &Thread,
                                          sizeof(Thread) - 8, NULL),
                 STATUS_INFO_LENGTH_MISMATCH);
}

static ULONG NTAPI SetsFlagAndReturns(PVOID Argument) {
    *(volatile LONG *)Argument = 1;
    return 7;
}

/* The creator's handle has the access it asked for; 0 asks for all of it
 * (what Wine does, and what Neptune does with it). */
static VOID TestNewThreadHandleAccess(VOID) {
    HANDLE Thread, Limited;
    THREAD_BASIC_INFORMATION Basic;
    volatile LONG Ran = 0;

    if (!CHECK_STATUS(NtCreateThreadEx(&Thread, 0, NULL, NtCurrentProcess(), (PVOID)SetsFlagAndReturns,
                                       (PVOID)&Ran, THREAD_CREATE_FLAGS_CREATE_SUSPENDED, 0, 0, 0, NULL),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtQueryInformationThread(Thread, ThreadBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    CHECK_STATUS(NtTerminateThread(Thread, 1), STATUS_SUCCESS);
    NtClose(Thread);

    /* the limited query right is enough for the basic class */
    if (!CHECK_STATUS(NtCreateThreadEx(&Limited, THREAD_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, NULL,
                                       NtCurrentProcess(), (PVOID)SetsFlagAndReturns, (PVOID)&Ran, 0, 0, 0, 0,
                                       NULL),
                      STATUS_SUCCESS))
        return;
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
    CHECK_STATUS(NtWaitForSingleObject(Limited, FALSE, &Timeout), STATUS_WAIT_0);
    CHECK_EQ(Ran, 1);
    if (CHECK_STATUS(NtQueryInformationThread(Limited, ThreadBasicInformation, &Basic, sizeof(Basic), NULL),
                     STATUS_SUCCESS))
        CHECK_EQ(Basic.ExitStatus, 7);
    CHECK_STATUS(NtTerminateThread(Limited, 1), STATUS_ACCESS_DENIED);
    CHECK_STATUS(NtResumeThread(Limited, NULL), STATUS_ACCESS_DENIED);
    NtClose(Limited);
}

/* A process handle with only the limited query right: basic information
 * yes, termination and memory no. */
static VOID TestLimitedProcessHandle(VOID) {
    HANDLE Process;
    PROCESS_BASIC_INFORMATION Self, Basic;
    ULONG Value;

    if (!QueryProcess(NtCurrentProcess(), &Self))
        return;
    if (!CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), &Process,
                                        PROCESS_QUERY_LIMITED_INFORMATION, 0, 0),
                      STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(NtQueryInformationProcess(Process, ProcessBasicInformation, &Basic, sizeof(Basic), NULL),
                     STATUS_SUCCESS))
        CHECK_EQ(Basic.UniqueProcessId, Self.UniqueProcessId);
    CHECK_STATUS(NtReadVirtualMemory(Process, &Self, &Value, sizeof(Value), NULL), STATUS_ACCESS_DENIED);
    CHECK_STATUS(NtTerminateProcess(Process, 1), STATUS_ACCESS_DENIED);
    NtClose(Process);
    if (!CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), &Process, 0,
                                        0, 0),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtQueryInformationProcess(Process, ProcessBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_ACCESS_DENIED);
    NtClose(Process);
}

/* What a thread started by NtCreateThread saw. */
typedef struct _CONTEXT_THREAD_SEEN {
    volatile LONG Ran;
    ULONG64 Rdx, R8, R9;
    PVOID StackBase, StackLimit;
    HANDLE UniqueThread;
} CONTEXT_THREAD_SEEN;

/* Entered with no return address to go back to: it ends itself. */
static VOID NTAPI ContextThreadMain(CONTEXT_THREAD_SEEN *Seen, ULONG64 Rdx, ULONG64 R8, ULONG64 R9) {
    PTEB Teb = NtCurrentTeb();

    Seen->Rdx = Rdx;
    Seen->R8 = R8;
    Seen->R9 = R9;
    Seen->StackBase = Teb->NtTib.StackBase;
    Seen->StackLimit = Teb->NtTib.StackLimit;
    Seen->UniqueThread = Teb->ClientId.UniqueThread;
    Seen->Ran = 1;
    for (;;)
        NtTerminateThread(NtCurrentThread(), 0x77);
}

static PVOID AllocateStack(SIZE_T Size) {
    PVOID Base = NULL;

    if (!CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size, MEM_RESERVE | MEM_COMMIT,
                                              PAGE_READWRITE),
                      STATUS_SUCCESS))
        return NULL;
    return Base;
}

static VOID FillContext(PCONTEXT Context, PVOID Routine, PVOID Argument, PUCHAR StackTop) {
    *Context = (CONTEXT){0};
    Context->ContextFlags = CONTEXT_FULL;
    Context->SegCs = 0x33;
    Context->SegDs = Context->SegEs = Context->SegSs = Context->SegGs = 0x2b;
    Context->SegFs = 0x53;
    Context->EFlags = 0x200;
    Context->MxCsr = 0x1f80;
    Context->Rip = (ULONG64)Routine;
    Context->Rsp = (ULONG64)(StackTop - 0x28); /* as just after a call: rsp + 8 is 16-aligned */
    Context->Rcx = (ULONG64)Argument;
    Context->Rdx = 0x1111;
    Context->R8 = 0x2222;
    Context->R9 = 0x3333;
}

/* NtCreateThread: the creator's stack and registers, exactly.  (Wine 8 does
 * not implement NtCreateThread: STATUS_NOT_IMPLEMENTED.) */
static VOID TestCreateThreadWithContext(VOID) {
    static CONTEXT Context;
    static CONTEXT_THREAD_SEEN Seen;
    const SIZE_T StackSize = 0x10000;
    PUCHAR Stack = AllocateStack(StackSize);
    INITIAL_TEB InitialTeb = {0};
    CLIENT_ID ClientId = {0};
    THREAD_BASIC_INFORMATION Basic;
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);
    HANDLE Thread;

    if (Stack == NULL)
        return;
    InitialTeb.StackBase = Stack + StackSize;
    InitialTeb.StackLimit = Stack;
    InitialTeb.StackAllocationBase = Stack;
    FillContext(&Context, (PVOID)ContextThreadMain, &Seen, Stack + StackSize);
    if (!CHECK_STATUS(NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), &ClientId, &Context,
                                     &InitialTeb, TRUE),
                      STATUS_SUCCESS))
        return;
    CHECK(ClientId.UniqueThread != NULL && ClientId.UniqueThread != NtCurrentTeb()->ClientId.UniqueThread);
    CHECK_EQ(ClientId.UniqueProcess, NtCurrentTeb()->ClientId.UniqueProcess);
    CHECK_EQ(Seen.Ran, 0); /* suspended */
    CHECK_STATUS(NtResumeThread(Thread, NULL), STATUS_SUCCESS);
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_WAIT_0);
    CHECK_EQ(Seen.Ran, 1);
    CHECK_EQ(Seen.Rdx, 0x1111);
    CHECK_EQ(Seen.R8, 0x2222);
    CHECK_EQ(Seen.R9, 0x3333);
    CHECK_EQ(Seen.StackBase, InitialTeb.StackBase);
    CHECK_EQ(Seen.StackLimit, InitialTeb.StackLimit);
    CHECK_EQ(Seen.UniqueThread, ClientId.UniqueThread);
    if (CHECK_STATUS(NtQueryInformationThread(Thread, ThreadBasicInformation, &Basic, sizeof(Basic), NULL),
                     STATUS_SUCCESS))
        CHECK_EQ(Basic.ExitStatus, 0x77);
    NtClose(Thread);
    /* the stack stays the creator's */
    CHECK_EQ(*(volatile UCHAR *)Stack, 0);
    SIZE_T Size = 0;
    PVOID Base = Stack;
    CHECK_STATUS(NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, MEM_RELEASE), STATUS_SUCCESS);
}

static VOID TestCreateThreadRefusals(VOID) {
    static CONTEXT Context;
    static CONTEXT_THREAD_SEEN Seen;
    UCHAR Stack[64];
    INITIAL_TEB InitialTeb = {0};
    CLIENT_ID ClientId;
    HANDLE Thread = NULL, Event;

    InitialTeb.StackBase = Stack + sizeof(Stack);
    InitialTeb.StackLimit = Stack;
    FillContext(&Context, (PVOID)ContextThreadMain, &Seen, Stack + sizeof(Stack));
    CHECK_STATUS(NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), &ClientId,
                                NTAPI_KERNEL_POINTER, &InitialTeb, TRUE),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), &ClientId, &Context,
                                NTAPI_KERNEL_POINTER, TRUE),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtCreateThread(NTAPI_KERNEL_POINTER, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), &ClientId,
                                &Context, &InitialTeb, TRUE),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL, NTAPI_BOGUS_HANDLE, &ClientId, &Context,
                                &InitialTeb, TRUE),
                 STATUS_INVALID_HANDLE);
    if (CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS)) {
        CHECK_STATUS(NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL, Event, &ClientId, &Context, &InitialTeb,
                                    TRUE),
                     STATUS_OBJECT_TYPE_MISMATCH);
        NtClose(Event);
    }
    CHECK_EQ(Seen.Ran, 0);
}

/* NtCreateProcess (the old form): the BOOLEAN says whether the child
 * inherits the handles marked OBJ_INHERIT.  Neptune-only: the image
 * section comes from \Boot (Wine has no such section). */
static VOID TestCreateProcessInherits(VOID) {
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"\\Boot\\smss.exe");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Section, Inherited, Private, Process, Copy;
    PROCESS_BASIC_INFORMATION Basic;
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);

    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (!CHECK_STATUS(NtOpenSection(&Section, SECTION_ALL_ACCESS, &Attributes), STATUS_SUCCESS))
        return;
    InitializeObjectAttributes(&Attributes, NULL, OBJ_INHERIT, NULL, NULL);
    CHECK_STATUS(NtCreateEvent(&Inherited, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    CHECK_STATUS(NtCreateEvent(&Private, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    if (CHECK_STATUS(NtCreateProcess(&Process, PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), TRUE, Section, NULL,
                                     NULL),
                     STATUS_SUCCESS)) {
        /* the inheritable handle has the same value in the child; the other does not exist there */
        if (CHECK_STATUS(NtDuplicateObject(Process, Inherited, NtCurrentProcess(), &Copy, 0, 0,
                                           DUPLICATE_SAME_ACCESS),
                         STATUS_SUCCESS)) {
            CHECK_STATUS(NtSetEvent(Copy, NULL), STATUS_SUCCESS);
            LARGE_INTEGER Now = {.QuadPart = 0};
            CHECK_STATUS(NtWaitForSingleObject(Inherited, FALSE, &Now), STATUS_WAIT_0);
            NtClose(Copy);
        }
        CHECK_STATUS_ONE_OF(NtDuplicateObject(Process, Private, NtCurrentProcess(), &Copy, 0, 0,
                                              DUPLICATE_SAME_ACCESS),
                            STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH);
        CHECK_STATUS(NtTerminateProcess(Process, 0x42), STATUS_SUCCESS);
        CHECK_STATUS(NtWaitForSingleObject(Process, FALSE, &Timeout), STATUS_WAIT_0);
        if (CHECK_STATUS(NtQueryInformationProcess(Process, ProcessBasicInformation, &Basic, sizeof(Basic), NULL),
                         STATUS_SUCCESS))
            CHECK_EQ(Basic.ExitStatus, 0x42);
        NtClose(Process);
    }
    CHECK_STATUS(NtCreateProcess(&Process, PROCESS_ALL_ACCESS, NULL, NTAPI_BOGUS_HANDLE, FALSE, Section, NULL, NULL),
                 STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtCreateProcess(&Process, PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), FALSE, Private, NULL, NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(NtCreateProcess(NTAPI_KERNEL_POINTER, PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), FALSE, Section,
                                 NULL, NULL),
                 STATUS_ACCESS_VIOLATION);
    NtClose(Inherited);
    NtClose(Private);
    NtClose(Section);
}

/*
 * Many processes alive at once: 160 made from \Boot\smss.exe (no thread:
 * an address space with a private copy of ntdll, a PEB and
 * KUSER_SHARED_DATA each), all queried, then ended and closed; twice.  Each
 * costs the executive some 150 capability slots (frames, their untyped
 * blocks, the copies mapped, page tables), about 24000 in all: far more than
 * the executive's first CNode (4096 slots) holds.  Neptune-only: the image
 * section comes from \Boot.
 */
#define MANY_PROCESSES 160

static VOID TestManyProcessesAlive(VOID) {
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"\\Boot\\smss.exe");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Section, Processes[MANY_PROCESSES];
    LARGE_INTEGER Timeout = NtapiRelativeMs(5000);

    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (!CHECK_STATUS(NtOpenSection(&Section, SECTION_ALL_ACCESS, &Attributes), STATUS_SUCCESS))
        return;
    for (ULONG Round = 0; Round < 2; Round++) {
        ULONG Made = 0, Distinct = 0;
        ULONG_PTR LastId = 0;

        for (; Made < MANY_PROCESSES; Made++)
            if (!CHECK_STATUS(NtCreateProcessEx(&Processes[Made], PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), 0,
                                                Section, NULL, NULL, 0),
                              STATUS_SUCCESS))
                break;
        for (ULONG p = 0; p < Made; p++) {
            PROCESS_BASIC_INFORMATION Basic;

            if (CHECK_STATUS(NtQueryInformationProcess(Processes[p], ProcessBasicInformation, &Basic, sizeof(Basic),
                                                       NULL),
                             STATUS_SUCCESS)) {
                Distinct += Basic.UniqueProcessId != LastId;
                LastId = Basic.UniqueProcessId;
            }
        }
        CHECK_EQ(Distinct, Made);
        for (ULONG p = 0; p < Made; p++) {
            CHECK_STATUS(NtTerminateProcess(Processes[p], 0x17), STATUS_SUCCESS);
            CHECK_STATUS(NtWaitForSingleObject(Processes[p], FALSE, &Timeout), STATUS_WAIT_0);
            NtClose(Processes[p]);
        }
        if (Made < MANY_PROCESSES) {
            NtapiPrint("  round %u: %u processes made\n", Round, Made);
            break;
        }
    }
    NtClose(Section);
}

const CHAR NtapiFamily[] = "process";
const NTAPI_TEST NtapiTests[] = {
    {"entry-argument-is-peb", TestEntryArgumentIsPeb, 0},
    {"teb-self-and-stack", TestTebSelfAndStack, 0},
    {"teb-matches-services", TestTebMatchesServices, 0},
    {"teb-last-error-and-status", TestTebLastErrorAndStatus, 0},
    {"teb-static-unicode-string", TestTebStaticUnicodeString, 0},
    {"peb-image", TestPebImage, 0},
    {"process-parameters", TestProcessParameters, 0},
    {"loader-lists", TestLoaderLists, 0},
    {"pseudo-handle-duplicates", TestPseudoHandleDuplicates, 0},
    {"query-refusals", TestQueryRefusals, 0},
    {"thread-query-length", TestThreadQueryLength, NTAPI_TEST_WINE_DIFFERS},
    {"new-thread-handle-access", TestNewThreadHandleAccess, 0},
    {"limited-process-handle", TestLimitedProcessHandle, 0},
    {"create-thread-with-context", TestCreateThreadWithContext, NTAPI_TEST_WINE_DIFFERS},
    {"create-thread-refusals", TestCreateThreadRefusals, NTAPI_TEST_WINE_DIFFERS},
    {"create-process-inherits", TestCreateProcessInherits, NTAPI_TEST_NEPTUNE_ONLY},
    {"many-processes-alive", TestManyProcessesAlive, NTAPI_TEST_NEPTUNE_ONLY},
    {NULL, NULL, 0},
};
