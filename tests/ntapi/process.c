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
    {NULL, NULL, 0},
};
