/*
 * loader.c — the user-mode loader and process/thread creation, as a
 * program sees them: LdrLoadDll, LdrGetDllHandle, LdrGetProcedureAddress
 * and LdrUnloadDll on a DLL with imports, forwarders, relocations, static
 * TLS and a DllMain (loader/ldrtest.c); the PEB's module lists; DllMain
 * and TLS callbacks for threads made with RtlCreateUserThread; a child
 * process made with RtlCreateUserProcess (loader/ldrchild.c).
 *
 * Finding the DLLs.  Under Wine, ldrtest.dll sits next to this program and
 * sample.dll in toolchain/; the search path passed to LdrLoadDll names
 * both directories (derived from our ImagePathName).  On Neptune both are
 * known DLLs (\KnownDlls\<name>, from the boot archive), which the loader
 * takes before any search.  The DLLs in ldrdir\ are never known DLLs, on
 * either: the "file-dll" tests check the search order with them.
 */
#include "ntapi_test.h"

#define LDRTEST_PREFERRED_BASE ((PVOID)(ULONG_PTR)0x60000000) /* loader/build.mk */
#define LDRCHILD_OK 0x600d0000                                /* loader/ldrchild.c */
#define EVENT(Kind, Reason) (((ULONG)(Kind) << 8) | (Reason))

typedef LONG LDRTEST_APPLY(ULONG Index, LONG Value);
typedef WCHAR LDRTEST_UPCASE(WCHAR Char);
typedef ULONG LDRTEST_ULONG(VOID);
typedef LONG LDRTEST_LONG(VOID);
typedef LONG LDRTEST_ADD(LONG Left, LONG Right);
typedef PVOID LDRTEST_BASE(VOID);
typedef VOID LDRTEST_WRITE(LONG Value);
typedef ULONG LDRTEST_EVENTS(PULONG Events, ULONG Max);
typedef VOID LDRTEST_SET_LOG(PULONG Log);

/* ---- Helpers ------------------------------------------------------------------------ */

static WCHAR SearchPathBuffer[600];

/* "<test directory>;<test directory>\toolchain", or NULL if we do not know it. */
static PWSTR LoaderSearchPath(VOID) {
    static const WCHAR Toolchain[] = u"\\toolchain";
    PCWSTR Directory;
    ULONG Chars = NtapiTestDirectory(&Directory), Length = 0;

    if (Chars == 0 || 2 * Chars + RTL_NUMBER_OF(Toolchain) + 2 > RTL_NUMBER_OF(SearchPathBuffer))
        return NULL;
    for (ULONG i = 0; i < Chars; i++)
        SearchPathBuffer[Length++] = Directory[i];
    SearchPathBuffer[Length++] = ';';
    for (ULONG i = 0; i < Chars; i++)
        SearchPathBuffer[Length++] = Directory[i];
    for (ULONG i = 0; Toolchain[i] != 0; i++)
        SearchPathBuffer[Length++] = Toolchain[i];
    SearchPathBuffer[Length] = 0;
    return SearchPathBuffer;
}

static NTSTATUS LoadByName(PCWSTR Name, PVOID *Base) {
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    return LdrLoadDll(LoaderSearchPath(), NULL, &String, Base);
}

static NTSTATUS LoadTestDll(PVOID *Base) { return LoadByName(u"ldrtest.dll", Base); }

static NTSTATUS HandleOf(PCWSTR Name, PVOID *Base) {
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    return LdrGetDllHandle(NULL, NULL, &String, Base);
}

static PVOID Procedure(PVOID Base, PCSTR Name) {
    ANSI_STRING String;
    PVOID Address = NULL;

    RtlInitAnsiString(&String, Name);
    if (!CHECK_STATUS(LdrGetProcedureAddress(Base, &String, 0, &Address), STATUS_SUCCESS))
        return NULL;
    return Address;
}

static PLDR_DATA_TABLE_ENTRY FindModule(PLIST_ENTRY Head, SIZE_T LinkOffset, PCSTR Name) {
    for (PLIST_ENTRY Link = Head->Flink; Link != Head; Link = Link->Flink) {
        PLDR_DATA_TABLE_ENTRY Entry = (PLDR_DATA_TABLE_ENTRY)((PUCHAR)Link - LinkOffset);

        if (NtapiEqualsAscii(&Entry->BaseDllName, Name))
            return Entry;
    }
    return NULL;
}

static PLDR_DATA_TABLE_ENTRY FindLoaded(PCSTR Name) {
    return FindModule(&NtCurrentPeb()->Ldr->InLoadOrderModuleList,
                      FIELD_OFFSET(LDR_DATA_TABLE_ENTRY, InLoadOrderLinks), Name);
}

static PLDR_DATA_TABLE_ENTRY FindInitialized(PCSTR Name) {
    return FindModule(&NtCurrentPeb()->Ldr->InInitializationOrderModuleList,
                      FIELD_OFFSET(LDR_DATA_TABLE_ENTRY, InInitializationOrderLinks), Name);
}

static ULONG ReadEvents(PVOID Base, PULONG Events, ULONG Max) {
    LDRTEST_EVENTS *Read = (LDRTEST_EVENTS *)Procedure(Base, "LdrTestEvents");

    return Read != NULL ? Read(Events, Max) : 0;
}

/* Unloads Base as many times as it takes to get it out (at most Limit). */
static VOID UnloadCompletely(PVOID Base, ULONG Limit) {
    while (Limit-- > 0 && NT_SUCCESS(LdrUnloadDll(Base)))
        ;
}

/* ---- Module lists and handles ----------------------------------------------------------- */

static VOID TestModuleLists(VOID) {
    PPEB Peb = NtCurrentPeb();
    PPEB_LDR_DATA Ldr = Peb->Ldr;
    PLDR_DATA_TABLE_ENTRY First, Ntdll;

    if (!CHECK(Ldr != NULL))
        return;
    First =
        CONTAINING_RECORD(Ldr->InLoadOrderModuleList.Flink, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
    CHECK(First->DllBase == Peb->ImageBaseAddress);
    CHECK(First->EntryPoint != NULL);
    /* ntdll comes right after the program, and is initialized first. */
    Ntdll =
        CONTAINING_RECORD(First->InLoadOrderLinks.Flink, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
    CHECK(NtapiEqualsAscii(&Ntdll->BaseDllName, "ntdll.dll"));
    CHECK(FindInitialized("ntdll.dll") == Ntdll);
    CHECK(CONTAINING_RECORD(Ldr->InInitializationOrderModuleList.Flink, LDR_DATA_TABLE_ENTRY,
                            InInitializationOrderLinks) == Ntdll);
    /* The program is not on the initialization list. */
    CHECK(FindInitialized("loader.exe") == NULL);
    CHECK(!(First->Flags & LDRP_IMAGE_DLL));
    CHECK(Ntdll->Flags & LDRP_IMAGE_DLL);
    /* The loader lock is there for everyone to see. */
    CHECK(Peb->LoaderLock != NULL);
}

static VOID TestGetDllHandle(VOID) {
    PVOID Ntdll = NULL, Other = NULL;

    if (!CHECK_STATUS(HandleOf(u"ntdll.dll", &Ntdll), STATUS_SUCCESS))
        return;
    CHECK(Ntdll == FindLoaded("ntdll.dll")->DllBase);
    CHECK_STATUS(HandleOf(u"NTDLL.DLL", &Other), STATUS_SUCCESS);
    CHECK(Other == Ntdll);
    Other = NULL;
    CHECK_STATUS(HandleOf(u"ntdll", &Other), STATUS_SUCCESS); /* ".dll" is implied */
    CHECK(Other == Ntdll);
    CHECK_STATUS(HandleOf(u"nosuchdll.dll", &Other), STATUS_DLL_NOT_FOUND);
    CHECK_STATUS(HandleOf(u"ldrtest.dll", &Other), STATUS_DLL_NOT_FOUND); /* not loaded yet */
}

/* ---- Loading and unloading ---------------------------------------------------------------- */

static VOID TestLoadAndUnload(VOID) {
    PVOID Base = NULL, Again = NULL, Found = NULL;
    PLDR_DATA_TABLE_ENTRY Entry;
    PIMAGE_NT_HEADERS Headers;
    ULONG Events[16], Count, DetachLog[9] = {0};

    if (!CHECK_STATUS(LoadTestDll(&Base), STATUS_SUCCESS))
        return;
    CHECK(Base != NULL);
    CHECK_STATUS(HandleOf(u"ldrtest.dll", &Found), STATUS_SUCCESS);
    CHECK(Found == Base);
    /* On the lists with its real size and entry point; sample.dll came too. */
    Entry = FindLoaded("ldrtest.dll");
    if (CHECK(Entry != NULL)) {
        Headers = (PIMAGE_NT_HEADERS)((PUCHAR)Base + ((PIMAGE_DOS_HEADER)Base)->e_lfanew);
        CHECK(Entry->DllBase == Base);
        CHECK_EQ(Entry->SizeOfImage, Headers->OptionalHeader.SizeOfImage);
        CHECK(Entry->EntryPoint == (PUCHAR)Base + Headers->OptionalHeader.AddressOfEntryPoint);
        CHECK(Entry->Flags & LDRP_IMAGE_DLL);
        CHECK(FindInitialized("ldrtest.dll") == Entry);
        CHECK(Entry->FullDllName.Length > Entry->BaseDllName.Length);
    }
    CHECK(FindLoaded("sample.dll") != NULL);
    /* The TLS callback runs before DllMain, once each. */
    Count = ReadEvents(Base, Events, RTL_NUMBER_OF(Events));
    if (CHECK_EQ(Count, 2)) {
        CHECK_EQ(Events[0], EVENT('T', DLL_PROCESS_ATTACH));
        CHECK_EQ(Events[1], EVENT('M', DLL_PROCESS_ATTACH));
    }
    /* A second load is a reference: same base, no second attach. */
    CHECK_STATUS(LoadTestDll(&Again), STATUS_SUCCESS);
    CHECK(Again == Base);
    CHECK_EQ(ReadEvents(Base, Events, RTL_NUMBER_OF(Events)), 2);
    CHECK_STATUS(LdrUnloadDll(Base), STATUS_SUCCESS);
    CHECK_STATUS(HandleOf(u"ldrtest.dll", &Found), STATUS_SUCCESS); /* still one reference */
    ((LDRTEST_SET_LOG *)Procedure(Base, "LdrTestSetDetachLog"))(DetachLog);
    /* The last reference: detached (TLS callback, then DllMain) and gone,
     * and sample.dll with it. */
    CHECK_STATUS(LdrUnloadDll(Base), STATUS_SUCCESS);
    if (CHECK_EQ(DetachLog[0], 2)) {
        CHECK_EQ(DetachLog[1], EVENT('T', DLL_PROCESS_DETACH));
        CHECK_EQ(DetachLog[2], EVENT('M', DLL_PROCESS_DETACH));
    }
    CHECK_STATUS(HandleOf(u"ldrtest.dll", &Found), STATUS_DLL_NOT_FOUND);
    CHECK(FindLoaded("ldrtest.dll") == NULL);
    CHECK(FindInitialized("ldrtest.dll") == NULL);
    CHECK(FindLoaded("sample.dll") == NULL);
}

static VOID TestLoadNameForms(VOID) {
    PVOID Base = NULL, Upper = NULL;

    if (!CHECK_STATUS(LoadByName(u"ldrtest", &Base), STATUS_SUCCESS)) /* ".dll" is implied */
        return;
    CHECK_STATUS(LoadByName(u"LDRTEST.DLL", &Upper), STATUS_SUCCESS);
    CHECK(Upper == Base);
    CHECK(FindLoaded("ldrtest.dll") != NULL);
    CHECK_STATUS(LdrUnloadDll(Base), STATUS_SUCCESS);
    CHECK_STATUS(LdrUnloadDll(Base), STATUS_SUCCESS);
    CHECK(FindLoaded("ldrtest.dll") == NULL);
}

static VOID TestLoadRefusals(VOID) {
    PVOID Base = (PVOID)1;

    CHECK_STATUS(LoadByName(u"nosuchdll.dll", &Base), STATUS_DLL_NOT_FOUND);
    CHECK(Base == NULL);
    CHECK_STATUS(LdrUnloadDll(NTAPI_LOW_POINTER), STATUS_DLL_NOT_FOUND);
    /* The program and ntdll never go: unloading them is accepted and ignored. */
    CHECK_STATUS(LdrUnloadDll(NtCurrentPeb()->ImageBaseAddress), STATUS_SUCCESS);
    CHECK_STATUS(LdrUnloadDll(FindLoaded("ntdll.dll")->DllBase), STATUS_SUCCESS);
    CHECK(FindLoaded("ntdll.dll") != NULL);
    CHECK_STATUS(LdrUnloadDll((PVOID)0x7ff000000000ull), STATUS_DLL_NOT_FOUND);
}

/* DllMain refusing DLL_PROCESS_ATTACH fails the load and leaves nothing
 * behind (LdrTestDllMain fails while LDRTEST_FAIL_ATTACH is set). */
static VOID TestDllMainFailure(VOID) {
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"LDRTEST_FAIL_ATTACH");
    UNICODE_STRING Value = RTL_CONSTANT_STRING(u"1");
    PVOID Base = NULL;

    if (!CHECK_STATUS(RtlSetEnvironmentVariable(NULL, &Name, &Value), STATUS_SUCCESS))
        return;
    CHECK_STATUS(LoadTestDll(&Base), STATUS_DLL_INIT_FAILED);
    CHECK_STATUS(RtlSetEnvironmentVariable(NULL, &Name, NULL), STATUS_SUCCESS);
    CHECK(FindLoaded("ldrtest.dll") == NULL);
    CHECK(FindLoaded("sample.dll") == NULL);
    /* And it loads normally afterwards. */
    if (CHECK_STATUS(LoadTestDll(&Base), STATUS_SUCCESS))
        UnloadCompletely(Base, 4);
}

/* ---- Binding ----------------------------------------------------------------------------------
 */

static VOID TestImportsAndForwarders(VOID) {
    PVOID Base = NULL, Ntdll = NULL, Sample = NULL, Expected = NULL, Address = NULL;
    ANSI_STRING Name;

    if (!CHECK_STATUS(LoadTestDll(&Base), STATUS_SUCCESS))
        return;
    /* Imports by name (ntdll), by ordinal and of data (sample.dll). */
    CHECK_EQ(((LDRTEST_UPCASE *)Procedure(Base, "LdrTestUpcase"))('q'), 'Q');
    CHECK_EQ(((LDRTEST_ULONG *)Procedure(Base, "LdrTestSecret"))(), 0x5ec2e7);
    CHECK_EQ(((LDRTEST_LONG *)Procedure(Base, "LdrTestCounter"))(), 5);
    CHECK_EQ(((LDRTEST_ADD *)Procedure(Base, "LdrTestAdd"))(20, 22), 42);
    /* Forwarders resolve to the target's own export. */
    HandleOf(u"ntdll.dll", &Ntdll);
    CHECK_STATUS(HandleOf(u"sample.dll", &Sample), STATUS_SUCCESS);
    RtlInitAnsiString(&Name, "RtlUpcaseUnicodeChar");
    CHECK_STATUS(LdrGetProcedureAddress(Ntdll, &Name, 0, &Expected), STATUS_SUCCESS);
    CHECK(Procedure(Base, "LdrTestForwardUpcase") == Expected);
    CHECK_STATUS(LdrGetProcedureAddress(Sample, NULL, 10, &Expected), STATUS_SUCCESS);
    Address = Procedure(Base, "LdrTestForwardSecret"); /* "sample.#10" */
    CHECK(Address == Expected);
    if (Address != NULL)
        CHECK_EQ(((LDRTEST_ULONG *)Address)(), 0x5ec2e7);
    RtlInitAnsiString(&Name, "SampleAdd");
    CHECK_STATUS(LdrGetProcedureAddress(Sample, &Name, 0, &Expected), STATUS_SUCCESS);
    CHECK(Procedure(Base, "LdrTestForwardAdd") == Expected);
    UnloadCompletely(Base, 4);
}

static VOID TestProcedureAddressRefusals(VOID) {
    PVOID Base = NULL, Address = (PVOID)1;
    ANSI_STRING Name;

    if (!CHECK_STATUS(LoadTestDll(&Base), STATUS_SUCCESS))
        return;
    RtlInitAnsiString(&Name, "LdrTestMissing");
    CHECK_STATUS(LdrGetProcedureAddress(Base, &Name, 0, &Address), STATUS_PROCEDURE_NOT_FOUND);
    RtlInitAnsiString(&Name, "LdrTestAd"); /* a prefix of LdrTestAdd */
    CHECK_STATUS(LdrGetProcedureAddress(Base, &Name, 0, &Address), STATUS_PROCEDURE_NOT_FOUND);
    /* Wine, like GetProcAddress's ERROR_PROC_NOT_FOUND, for an ordinal too. */
    CHECK_STATUS_ONE_OF(LdrGetProcedureAddress(Base, NULL, 999, &Address),
                        STATUS_PROCEDURE_NOT_FOUND, STATUS_ORDINAL_NOT_FOUND);
    CHECK(Address == (PVOID)1);
    /* A base that is not a loaded module's (here: inside our own data). */
    static UCHAR NotAModule[0x2000] __attribute__((aligned(0x1000)));
    RtlInitAnsiString(&Name, "LdrTestAdd");
    CHECK_STATUS(LdrGetProcedureAddress(NotAModule, &Name, 0, &Address), STATUS_DLL_NOT_FOUND);
    CHECK(Address == (PVOID)1);
    /* By ordinal: ldrtest.def numbers its exports from 1, in order. */
    CHECK_STATUS(LdrGetProcedureAddress(Base, NULL, 1, &Address), STATUS_SUCCESS);
    CHECK(Address == Procedure(Base, "LdrTestAdd"));
    UnloadCompletely(Base, 4);
}

/* The preferred base is taken: the DLL loads elsewhere, relocated. */
static VOID TestRelocatedDll(VOID) {
    PVOID Reserved = LDRTEST_PREFERRED_BASE, Base = NULL;
    SIZE_T Size = 0x10000;

    if (!CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Reserved, 0, &Size, MEM_RESERVE,
                                              PAGE_NOACCESS),
                      STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(LoadTestDll(&Base), STATUS_SUCCESS)) {
        CHECK(Base != LDRTEST_PREFERRED_BASE);
        CHECK(((LDRTEST_BASE *)Procedure(Base, "LdrTestImageBase"))() == Base);
        CHECK_EQ(((LDRTEST_APPLY *)Procedure(Base, "LdrTestApply"))(0, 21), -21);
        CHECK_EQ(((LDRTEST_APPLY *)Procedure(Base, "LdrTestApply"))(1, 14), 42);
        /* Its TLS directory and callbacks were relocated too. */
        CHECK_EQ(((LDRTEST_LONG *)Procedure(Base, "LdrTestTlsRead"))(), 0x1234);
        UnloadCompletely(Base, 4);
    }
    Size = 0;
    NtFreeVirtualMemory(NtCurrentProcess(), &Reserved, &Size, MEM_RELEASE);
}

/* ---- Static TLS and threads
 * ---------------------------------------------------------------------- */

static VOID TestTlsMainThread(VOID) {
    PVOID Base = NULL;
    LDRTEST_LONG *Read;

    if (!CHECK_STATUS(LoadTestDll(&Base), STATUS_SUCCESS))
        return;
    Read = (LDRTEST_LONG *)Procedure(Base, "LdrTestTlsRead");
    CHECK(NtCurrentTeb()->ThreadLocalStoragePointer != NULL);
    if (Read != NULL) {
        CHECK_EQ(Read(), 0x1234); /* the template's value */
        ((LDRTEST_WRITE *)Procedure(Base, "LdrTestTlsWrite"))(77);
        CHECK_EQ(Read(), 77);
    }
    CHECK_EQ(((LDRTEST_LONG *)Procedure(Base, "LdrTestTlsZeroRead"))(), 0);
    UnloadCompletely(Base, 4);
}

typedef struct _LOADER_THREAD_CONTEXT {
    LDRTEST_LONG *Read;
    LDRTEST_WRITE *Write;
    LONG Seen;
    PVOID TlsVector;
    CLIENT_ID ClientId;
} LOADER_THREAD_CONTEXT, *PLOADER_THREAD_CONTEXT;

/* Runs in the new thread: no checks here (the reporter is the main thread's). */
static NTSTATUS NTAPI LoaderThread(PVOID Argument) {
    PLOADER_THREAD_CONTEXT Context = Argument;

    Context->Seen = Context->Read();
    Context->Write(-5);
    Context->TlsVector = NtCurrentTeb()->ThreadLocalStoragePointer;
    Context->ClientId = NtCurrentTeb()->ClientId;
    return 0x5a5a;
}

static VOID TestThreadAttachAndTls(VOID) {
    LARGE_INTEGER Timeout = NtapiRelativeMs(10000);
    LOADER_THREAD_CONTEXT Context = {0};
    THREAD_BASIC_INFORMATION Basic;
    ULONG Events[16], Before, Count;
    PVOID Base = NULL;
    HANDLE Thread = NULL;
    CLIENT_ID ClientId = {0};

    if (!CHECK_STATUS(LoadTestDll(&Base), STATUS_SUCCESS))
        return;
    Context.Read = (LDRTEST_LONG *)Procedure(Base, "LdrTestTlsRead");
    Context.Write = (LDRTEST_WRITE *)Procedure(Base, "LdrTestTlsWrite");
    if (Context.Read == NULL || Context.Write == NULL)
        goto out;
    Context.Write(99);
    Before = ReadEvents(Base, Events, RTL_NUMBER_OF(Events));
    if (!CHECK_STATUS(RtlCreateUserThread(NtCurrentProcess(), NULL, FALSE, 0, 0, 0, LoaderThread,
                                          &Context, &Thread, &ClientId),
                      STATUS_SUCCESS))
        goto out;
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_SUCCESS);
    /* The thread had its own copy of the template, not ours. */
    CHECK_EQ(Context.Seen, 0x1234);
    CHECK_EQ(Context.Read(), 99);
    CHECK(Context.TlsVector != NULL &&
          Context.TlsVector != NtCurrentTeb()->ThreadLocalStoragePointer);
    CHECK(Context.ClientId.UniqueThread == ClientId.UniqueThread);
    CHECK(ClientId.UniqueProcess == NtCurrentTeb()->ClientId.UniqueProcess);
    if (CHECK_STATUS(
            NtQueryInformationThread(Thread, ThreadBasicInformation, &Basic, sizeof(Basic), NULL),
            STATUS_SUCCESS))
        CHECK_EQ(Basic.ExitStatus, 0x5a5a);
    /* Attach and detach, TLS callback first each time. */
    Count = ReadEvents(Base, Events, RTL_NUMBER_OF(Events));
    if (CHECK_EQ(Count, Before + 4)) {
        CHECK_EQ(Events[Before], EVENT('T', DLL_THREAD_ATTACH));
        CHECK_EQ(Events[Before + 1], EVENT('M', DLL_THREAD_ATTACH));
        CHECK_EQ(Events[Before + 2], EVENT('T', DLL_THREAD_DETACH));
        CHECK_EQ(Events[Before + 3], EVENT('M', DLL_THREAD_DETACH));
    }
    NtClose(Thread);
out:
    UnloadCompletely(Base, 4);
}

static NTSTATUS NTAPI QuickThread(PVOID Argument) { return (NTSTATUS)(ULONG_PTR)Argument; }

static VOID TestCreateThreadSuspended(VOID) {
    LARGE_INTEGER Timeout = NtapiRelativeMs(200);
    THREAD_BASIC_INFORMATION Basic;
    HANDLE Thread = NULL;
    ULONG Previous = 99;

    if (!CHECK_STATUS(RtlCreateUserThread(NtCurrentProcess(), NULL, TRUE, 0, 0, 0, QuickThread,
                                          (PVOID)0x77, &Thread, NULL),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_TIMEOUT);
    CHECK_STATUS(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    Timeout = NtapiRelativeMs(10000);
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_SUCCESS);
    if (CHECK_STATUS(
            NtQueryInformationThread(Thread, ThreadBasicInformation, &Basic, sizeof(Basic), NULL),
            STATUS_SUCCESS))
        CHECK_EQ(Basic.ExitStatus, 0x77);
    NtClose(Thread);
    CHECK_STATUS(RtlCreateUserThread(NTAPI_BOGUS_HANDLE, NULL, FALSE, 0, 0, 0, QuickThread, NULL,
                                     &Thread, NULL),
                 STATUS_INVALID_HANDLE);
}

/* ---- Processes
 * -------------------------------------------------------------------------------------- */

/* Path of a file next to this program: DOS form (for the parameters) and
 * NT form (for RtlCreateUserProcess).  Just the name when we do not know
 * where we are (Neptune opens programs by name: \Boot\<name>). */
static VOID SiblingPath(PCWSTR Name, PUNICODE_STRING Dos, PWCHAR DosBuffer, PUNICODE_STRING Nt,
                        PWCHAR NtBuffer, ULONG Chars) {
    static const WCHAR Prefix[] = u"\\??\\";
    PCWSTR Directory;
    ULONG DirectoryChars = NtapiTestDirectory(&Directory), Length = 0;

    for (ULONG i = 0; i < DirectoryChars && Length + 2 < Chars; i++)
        DosBuffer[Length++] = Directory[i];
    if (DirectoryChars != 0)
        DosBuffer[Length++] = '\\';
    for (ULONG i = 0; Name[i] != 0 && Length + 1 < Chars; i++)
        DosBuffer[Length++] = Name[i];
    DosBuffer[Length] = 0;
    RtlInitUnicodeString(Dos, DosBuffer);
    Length = 0;
    if (DirectoryChars >= 2 && DosBuffer[1] == ':') {
        for (ULONG i = 0; Prefix[i] != 0; i++)
            NtBuffer[Length++] = Prefix[i];
    }
    for (ULONG i = 0; DosBuffer[i] != 0 && Length + 1 < Chars; i++)
        NtBuffer[Length++] = DosBuffer[i];
    NtBuffer[Length] = 0;
    RtlInitUnicodeString(Nt, NtBuffer);
}

static VOID TestCreateProcess(VOID) {
    UNICODE_STRING CommandLine = RTL_CONSTANT_STRING(u"ldrchild.exe child-arg");
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"LDRTEST_CHILD");
    UNICODE_STRING Value = RTL_CONSTANT_STRING(u"hello");
    LARGE_INTEGER Timeout = NtapiRelativeMs(20000);
    static WCHAR DosBuffer[300], NtBuffer[310];
    RTL_USER_PROCESS_INFORMATION Information;
    PRTL_USER_PROCESS_PARAMETERS Parameters = NULL;
    PROCESS_BASIC_INFORMATION Basic;
    UNICODE_STRING DosPath, NtPath;
    PVOID Environment = NULL;

    SiblingPath(u"ldrchild.exe", &DosPath, DosBuffer, &NtPath, NtBuffer, 300);
    if (!CHECK_STATUS(RtlCreateEnvironment(FALSE, &Environment), STATUS_SUCCESS))
        return;
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Name, &Value), STATUS_SUCCESS);
    if (!CHECK_STATUS(RtlCreateProcessParameters(&Parameters, &DosPath, NULL, NULL, &CommandLine,
                                                 Environment, NULL, NULL, NULL, NULL),
                      STATUS_SUCCESS))
        goto out;
    if (!CHECK_STATUS(RtlCreateUserProcess(&NtPath, OBJ_CASE_INSENSITIVE, Parameters, NULL, NULL,
                                           NULL, FALSE, NULL, NULL, &Information),
                      STATUS_SUCCESS))
        goto out;
    CHECK(Information.ProcessHandle != NULL && Information.ThreadHandle != NULL);
    CHECK(Information.ClientId.UniqueProcess != NULL && Information.ClientId.UniqueThread != NULL);
    CHECK(Information.ClientId.UniqueProcess != NtCurrentTeb()->ClientId.UniqueProcess);
    CHECK_EQ(Information.ImageInformation.SubSystemType, IMAGE_SUBSYSTEM_NATIVE);
    CHECK(Information.ImageInformation.TransferAddress != NULL);
    /* Created suspended: it runs once resumed. */
    CHECK_STATUS(NtResumeThread(Information.ThreadHandle, NULL), STATUS_SUCCESS);
    CHECK_STATUS(NtWaitForSingleObject(Information.ProcessHandle, FALSE, &Timeout), STATUS_SUCCESS);
    if (CHECK_STATUS(NtQueryInformationProcess(Information.ProcessHandle, ProcessBasicInformation,
                                               &Basic, sizeof(Basic), NULL),
                     STATUS_SUCCESS)) {
        CHECK_EQ((ULONG)Basic.ExitStatus, LDRCHILD_OK); /* a set bit names a failed check */
        CHECK_EQ(Basic.UniqueProcessId, (ULONG_PTR)Information.ClientId.UniqueProcess);
    }
    NtClose(Information.ThreadHandle);
    NtClose(Information.ProcessHandle);
out:
    RtlDestroyProcessParameters(Parameters);
    RtlDestroyEnvironment(Environment);
}

static VOID TestCreateProcessMissingImage(VOID) {
    static WCHAR DosBuffer[300], NtBuffer[310];
    RTL_USER_PROCESS_INFORMATION Information;
    PRTL_USER_PROCESS_PARAMETERS Parameters = NULL;
    UNICODE_STRING DosPath, NtPath;

    SiblingPath(u"nosuchprogram.exe", &DosPath, DosBuffer, &NtPath, NtBuffer, 300);
    if (!CHECK_STATUS(RtlCreateProcessParameters(&Parameters, &DosPath, NULL, NULL, NULL, NULL,
                                                 NULL, NULL, NULL, NULL),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS_ONE_OF(RtlCreateUserProcess(&NtPath, OBJ_CASE_INSENSITIVE, Parameters, NULL, NULL,
                                             NULL, FALSE, NULL, NULL, &Information),
                        STATUS_OBJECT_NAME_NOT_FOUND, STATUS_OBJECT_PATH_NOT_FOUND);
    RtlDestroyProcessParameters(Parameters);
}

/* ---- DLLs that are files, not known DLLs ----------------------------------------------------
 *
 * ldrdep.dll, ldrfile.dll (imports ldrdep), ldrmiss.dll (imports from a
 * DLL that does not exist), ldrnoexp.dll (imports an export ldrdep does
 * not have) and ldrimp.exe (imports ldrdep) live only in ldrdir\ next to
 * the test programs: under Wine in OUT/tests/ntapi/ldrdir, on Neptune in
 * C:\Boot\ldrdir (never \KnownDlls).  The loader must find them as files.
 */

#define LDRDEP_VALUE 0xde90   /* loader/ldrdep.c */
#define LDRIMP_OK 0x600e0000 /* loader/ldrimp.c */

/* "<test directory>\<Tail>" (Tail may be empty: the directory itself), NUL-terminated. */
static PWSTR TestPath(PWCHAR Buffer, ULONG Chars, PCSTR Tail) {
    PCWSTR Directory;
    ULONG DirectoryChars = NtapiTestDirectory(&Directory), Length = 0;

    for (ULONG i = 0; i < DirectoryChars && Length + 1 < Chars; i++)
        Buffer[Length++] = Directory[i];
    if (Tail[0] != 0 && Length + 1 < Chars)
        Buffer[Length++] = '\\';
    for (ULONG i = 0; Tail[i] != 0 && Length + 1 < Chars; i++)
        Buffer[Length++] = (WCHAR)Tail[i];
    Buffer[Length] = 0;
    return Buffer;
}

/* Is String "<test directory>\<Tail>", ignoring case? */
static BOOLEAN IsTestPath(PCUNICODE_STRING String, PCSTR Tail) {
    WCHAR Buffer[400];
    UNICODE_STRING Expected;

    RtlInitUnicodeString(&Expected, TestPath(Buffer, RTL_NUMBER_OF(Buffer), Tail));
    return RtlEqualUnicodeString(String, &Expected, TRUE);
}

/* LdrLoadDll(Path, Name) with Path in the test directory ("" = no path at
 * all, NULL argument) and Name taken as it is. */
static NTSTATUS LoadWithPath(PCSTR PathTail, PCWSTR Name, PVOID *Base) {
    WCHAR Path[400];
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    *Base = NULL;
    return LdrLoadDll(PathTail != NULL ? TestPath(Path, RTL_NUMBER_OF(Path), PathTail) : NULL, NULL,
                      &String, Base);
}

/* The same for a name in the test directory ("<dir>\<NameTail>"). */
static NTSTATUS LoadTestFile(PCSTR PathTail, PCSTR NameTail, PVOID *Base) {
    WCHAR Name[400];

    return LoadWithPath(PathTail, TestPath(Name, RTL_NUMBER_OF(Name), NameTail), Base);
}

static PLDR_DATA_TABLE_ENTRY EntryOf(PVOID Base) {
    PLIST_ENTRY Head = &NtCurrentPeb()->Ldr->InLoadOrderModuleList;

    for (PLIST_ENTRY Link = Head->Flink; Link != Head; Link = Link->Flink) {
        PLDR_DATA_TABLE_ENTRY Entry = CONTAINING_RECORD(Link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);

        if (Entry->DllBase == Base)
            return Entry;
    }
    return NULL;
}

/* Is there still anything mapped at Base? */
static BOOLEAN IsMapped(PVOID Base) {
    MEMORY_BASIC_INFORMATION Info;

    return NT_SUCCESS(NtQueryVirtualMemory(NtCurrentProcess(), Base, MemoryBasicInformation, &Info,
                                           sizeof(Info), NULL)) &&
           Info.State != MEM_FREE;
}

/* ldrfile.dll at Base, found in ldrdir: its entry, its dependency, both names. */
static VOID CheckLdrFile(PVOID Base) {
    PLDR_DATA_TABLE_ENTRY Entry = EntryOf(Base), Dep = FindLoaded("ldrdep.dll");
    PVOID DepHandle = NULL;

    if (!CHECK(Entry != NULL) || !CHECK(Dep != NULL))
        return;
    CHECK(IsTestPath(&Entry->FullDllName, "ldrdir\\ldrfile.dll"));
    CHECK(NtapiEqualsAscii(&Entry->BaseDllName, "ldrfile.dll"));
    CHECK(Entry->Flags & LDRP_IMAGE_DLL);
    CHECK(IsTestPath(&Dep->FullDllName, "ldrdir\\ldrdep.dll"));
    CHECK(NtapiEqualsAscii(&Dep->BaseDllName, "ldrdep.dll"));
    CHECK_EQ(((LDRTEST_ULONG *)Procedure(Base, "LdrFileValue"))(), LDRDEP_VALUE + 1);
    CHECK_STATUS(HandleOf(u"ldrdep.dll", &DepHandle), STATUS_SUCCESS);
    CHECK(((LDRTEST_BASE *)Procedure(Base, "LdrFileDepBase"))() == DepHandle);
    CHECK(((LDRTEST_BASE *)Procedure(Base, "LdrFileBase"))() == Base);
}

/* Unloads ldrfile.dll completely and checks that it and ldrdep.dll are gone. */
static VOID UnloadLdrFile(PVOID Base) {
    PVOID Found = NULL, Dep = NULL;

    HandleOf(u"ldrdep.dll", &Dep);
    UnloadCompletely(Base, 8);
    CHECK_STATUS(HandleOf(u"ldrfile.dll", &Found), STATUS_DLL_NOT_FOUND);
    CHECK_STATUS(HandleOf(u"ldrdep.dll", &Found), STATUS_DLL_NOT_FOUND);
    CHECK(FindLoaded("ldrfile.dll") == NULL);
    CHECK(FindLoaded("ldrdep.dll") == NULL);
    CHECK(!IsMapped(Base));
    if (Dep != NULL)
        CHECK(!IsMapped(Dep));
}

/* An explicit DllPath: every directory of the ';' list in order (the first
 * does not exist), for the DLL and for its imports. */
static VOID TestFileDllSearchPath(VOID) {
    WCHAR Path[400], Full[400];
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"ldrfile.dll"), FullName;
    PVOID Base = NULL, Found = NULL;
    ULONG Length;

    /* "<dir>\nosuchdir;<dir>\ldrdir" */
    TestPath(Path, RTL_NUMBER_OF(Path), "nosuchdir");
    for (Length = 0; Path[Length] != 0; Length++)
        ;
    Path[Length++] = ';';
    TestPath(Path + Length, RTL_NUMBER_OF(Path) - Length, "ldrdir");
    if (!CHECK_STATUS(LdrLoadDll(Path, NULL, &Name, &Base), STATUS_SUCCESS))
        return;
    CheckLdrFile(Base);
    /* LdrGetDllHandle knows it by its base name and by its full path, in any case. */
    CHECK_STATUS(HandleOf(u"LdrFile.DLL", &Found), STATUS_SUCCESS);
    CHECK(Found == Base);
    Found = NULL;
    RtlInitUnicodeString(&FullName, TestPath(Full, RTL_NUMBER_OF(Full), "LDRDIR\\LDRFILE.DLL"));
    CHECK_STATUS(LdrGetDllHandle(NULL, NULL, &FullName, &Found), STATUS_SUCCESS);
    CHECK(Found == Base);
    /* Unloaded, it is gone, view and all; loaded again, it is back. */
    UnloadLdrFile(Base);
    if (CHECK_STATUS(LdrLoadDll(Path, NULL, &Name, &Base), STATUS_SUCCESS)) {
        CheckLdrFile(Base);
        UnloadLdrFile(Base);
    }
}

/* ".dll" is added to a name without an extension; a trailing '.' means none. */
static VOID TestFileDllSuffixRule(VOID) {
    PVOID Base = NULL, Again = NULL;

    if (!CHECK_STATUS(LoadWithPath("ldrdir", u"ldrfile", &Base), STATUS_SUCCESS))
        return;
    CheckLdrFile(Base);
    CHECK_STATUS(LoadWithPath("ldrdir", u"LDRFILE.DLL", &Again), STATUS_SUCCESS);
    CHECK(Again == Base);
    CHECK_STATUS(LoadWithPath("ldrdir", u"ldrfile.", &Again), STATUS_DLL_NOT_FOUND);
    CHECK(Again == NULL);
    UnloadLdrFile(Base);
}

/* A full path is taken as it is; the same file by another spelling (case,
 * no extension, base name) is the same module. */
static VOID TestFileDllFullPath(VOID) {
    PVOID Base = NULL, Again = NULL;

    /* The path is for ldrdep.dll, which the default order would not find. */
    if (!CHECK_STATUS(LoadTestFile("ldrdir", "ldrdir\\ldrfile.dll", &Base), STATUS_SUCCESS))
        return;
    CheckLdrFile(Base);
    CHECK_STATUS(LoadTestFile(NULL, "LDRDIR\\LdrFile.Dll", &Again), STATUS_SUCCESS);
    CHECK(Again == Base);
    Again = NULL;
    CHECK_STATUS(LoadTestFile(NULL, "ldrdir\\ldrfile", &Again), STATUS_SUCCESS);
    CHECK(Again == Base);
    Again = NULL;
    CHECK_STATUS(LoadWithPath(NULL, u"ldrfile.dll", &Again), STATUS_SUCCESS); /* loaded: by base name */
    CHECK(Again == Base);
    /* A path that names no file is not searched for elsewhere. */
    CHECK_STATUS(LoadTestFile("ldrdir", "ldrfile.dll", &Again), STATUS_DLL_NOT_FOUND);
    UnloadLdrFile(Base);
}

typedef struct _SAVED_DIRECTORY {
    WCHAR Buffer[400];
    UNICODE_STRING Path;
} SAVED_DIRECTORY;

static BOOLEAN ChangeDirectory(SAVED_DIRECTORY *Saved, PCSTR Tail) {
    WCHAR Buffer[400];
    UNICODE_STRING Path;
    ULONG Bytes = RtlGetCurrentDirectory_U(sizeof(Saved->Buffer), Saved->Buffer);

    if (!CHECK(Bytes != 0 && Bytes < sizeof(Saved->Buffer)))
        return FALSE;
    RtlInitUnicodeString(&Saved->Path, Saved->Buffer);
    RtlInitUnicodeString(&Path, TestPath(Buffer, RTL_NUMBER_OF(Buffer), Tail));
    return CHECK_STATUS(RtlSetCurrentDirectory_U(&Path), STATUS_SUCCESS);
}

static VOID RestoreDirectory(SAVED_DIRECTORY *Saved) {
    CHECK_STATUS(RtlSetCurrentDirectory_U(&Saved->Path), STATUS_SUCCESS);
}

/* A relative path with a directory part is looked for along the search
 * path, each directory with the whole relative path appended; one that
 * starts with ".\" is relative to the current directory. */
static VOID TestFileDllRelativePath(VOID) {
    WCHAR Path[400];
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"ldrdir\\ldrfile.dll");
    PVOID Base = NULL, Again = NULL;
    ULONG Length;

    /* "<dir>;<dir>\ldrdir": ldrdir\ldrfile.dll is in the first, its import in the second. */
    TestPath(Path, RTL_NUMBER_OF(Path), "");
    for (Length = 0; Path[Length] != 0; Length++)
        ;
    Path[Length++] = ';';
    TestPath(Path + Length, RTL_NUMBER_OF(Path) - Length, "ldrdir");
    if (CHECK_STATUS(LdrLoadDll(Path, NULL, &Name, &Base), STATUS_SUCCESS)) {
        CheckLdrFile(Base);
        /* Found along the path again: the same file, the same module. */
        CHECK_STATUS(LdrLoadDll(Path, NULL, &Name, &Again), STATUS_SUCCESS);
        CHECK(Again == Base);
        UnloadLdrFile(Base);
    }
    /* Along a path where it is not: not found, even in the current directory. */
    CHECK_STATUS(LoadWithPath("ldrdir", u"ldrdir\\ldrfile.dll", &Base), STATUS_DLL_NOT_FOUND);
}

/* Without a DllPath the default order includes the current directory, for
 * the DLL and for its imports; elsewhere the file is not found. */
static VOID TestFileDllCurrentDirectory(VOID) {
    SAVED_DIRECTORY Saved;
    PVOID Base = NULL;

    CHECK_STATUS(LoadWithPath(NULL, u"ldrfile", &Base), STATUS_DLL_NOT_FOUND);
    if (!ChangeDirectory(&Saved, "ldrdir"))
        return;
    if (CHECK_STATUS(LoadWithPath(NULL, u"ldrfile", &Base), STATUS_SUCCESS)) {
        CheckLdrFile(Base);
        UnloadLdrFile(Base);
    }
    RestoreDirectory(&Saved);
}

/* A program whose own imports name a DLL next to it (loader/ldrimp.c). */
static VOID TestProgramImportsFileDll(VOID) {
    LARGE_INTEGER Timeout = NtapiRelativeMs(20000);
    static WCHAR DosBuffer[300], NtBuffer[310];
    RTL_USER_PROCESS_INFORMATION Information;
    PRTL_USER_PROCESS_PARAMETERS Parameters = NULL;
    PROCESS_BASIC_INFORMATION Basic;
    UNICODE_STRING DosPath, NtPath;

    SiblingPath(u"ldrdir\\ldrimp.exe", &DosPath, DosBuffer, &NtPath, NtBuffer, 300);
    if (!CHECK_STATUS(RtlCreateProcessParameters(&Parameters, &DosPath, NULL, NULL, NULL, NULL,
                                                 NULL, NULL, NULL, NULL),
                      STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(RtlCreateUserProcess(&NtPath, OBJ_CASE_INSENSITIVE, Parameters, NULL, NULL,
                                          NULL, FALSE, NULL, NULL, &Information),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtResumeThread(Information.ThreadHandle, NULL), STATUS_SUCCESS);
        CHECK_STATUS(NtWaitForSingleObject(Information.ProcessHandle, FALSE, &Timeout),
                     STATUS_SUCCESS);
        if (CHECK_STATUS(NtQueryInformationProcess(Information.ProcessHandle,
                                                   ProcessBasicInformation, &Basic, sizeof(Basic),
                                                   NULL),
                         STATUS_SUCCESS))
            CHECK_EQ((ULONG)Basic.ExitStatus, LDRIMP_OK); /* a set bit names a failed check */
        NtClose(Information.ThreadHandle);
        NtClose(Information.ProcessHandle);
    }
    RtlDestroyProcessParameters(Parameters);
}

/* Not found anywhere, or not an image. */
static VOID TestFileDllErrors(VOID) {
    PVOID Base = (PVOID)1;

    CHECK_STATUS(LoadWithPath("ldrdir", u"nosuchdll", &Base), STATUS_DLL_NOT_FOUND);
    CHECK(Base == NULL);
    CHECK_STATUS(LoadTestFile(NULL, "ldrdir\\nosuchdll.dll", &Base), STATUS_DLL_NOT_FOUND);
    CHECK_STATUS(LoadTestFile(NULL, "nosuchdir\\ldrfile.dll", &Base), STATUS_DLL_NOT_FOUND);
    /* A text file: found, and refused for what it is. */
    CHECK_STATUS_ONE_OF(LoadTestFile(NULL, "filedata.txt", &Base), STATUS_INVALID_IMAGE_FORMAT,
                        STATUS_INVALID_IMAGE_NOT_MZ);
    CHECK(Base == NULL);
    CHECK_STATUS_ONE_OF(LoadWithPath("", u"filedata.txt", &Base), STATUS_INVALID_IMAGE_FORMAT,
                        STATUS_INVALID_IMAGE_NOT_MZ);
    CHECK(FindLoaded("filedata.txt") == NULL);
}

/* A DLL whose import DLL exists nowhere fails as that DLL not found, and
 * leaves nothing loaded. */
static VOID TestFileDllMissingImport(VOID) {
    PVOID Base = (PVOID)1;

    CHECK_STATUS(LoadWithPath("ldrdir", u"ldrmiss.dll", &Base), STATUS_DLL_NOT_FOUND);
    CHECK(Base == NULL);
    CHECK(FindLoaded("ldrmiss.dll") == NULL);
}

/* A DLL importing what its dependency does not export: refused, and the
 * dependency goes too.  (Wine binds a stub that fails only when called.) */
static VOID TestFileDllMissingExport(VOID) {
    PVOID Base = (PVOID)1;

    CHECK_STATUS_ONE_OF(LoadWithPath("ldrdir", u"ldrnoexp.dll", &Base), STATUS_PROCEDURE_NOT_FOUND,
                        STATUS_ENTRYPOINT_NOT_FOUND);
    CHECK(Base == NULL);
    CHECK(FindLoaded("ldrnoexp.dll") == NULL);
    CHECK(FindLoaded("ldrdep.dll") == NULL);
}

/* What the process holds: image regions and modules. */
static VOID CountHoldings(PULONG ImageRegions, PULONG Modules) {
    PLIST_ENTRY Head = &NtCurrentPeb()->Ldr->InLoadOrderModuleList;
    MEMORY_BASIC_INFORMATION Info;
    ULONG_PTR Address = 0;

    *ImageRegions = 0;
    *Modules = 0;
    while (NT_SUCCESS(NtQueryVirtualMemory(NtCurrentProcess(), (PVOID)Address,
                                           MemoryBasicInformation, &Info, sizeof(Info), NULL))) {
        if (Info.Type == MEM_IMAGE && Info.State != MEM_FREE)
            (*ImageRegions)++;
        if ((ULONG_PTR)Info.BaseAddress + Info.RegionSize <= Address)
            break;
        Address = (ULONG_PTR)Info.BaseAddress + Info.RegionSize;
    }
    for (PLIST_ENTRY Link = Head->Flink; Link != Head; Link = Link->Flink)
        (*Modules)++;
}

/* A handle opened now: if failed loads leaked handles, new ones climb. */
static ULONG_PTR ProbeHandle(VOID) {
    HANDLE Event = NULL;

    if (!NT_SUCCESS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE)))
        return 0;
    NtClose(Event);
    return (ULONG_PTR)Event;
}

/* One kind of failing load, many times: each fails the same way, and
 * neither views, modules nor handles pile up. */
static VOID CheckFailuresLeakNothing(PCSTR PathTail, PCWSTR Name, NTSTATUS Expected,
                                     NTSTATUS AlsoRight) {
    ULONG RegionsBefore, ModulesBefore, RegionsAfter, ModulesAfter, Wrong = 0;
    ULONG_PTR HandleBefore = ProbeHandle(), HandleAfter;
    PVOID Base;

    CountHoldings(&RegionsBefore, &ModulesBefore);
    for (ULONG i = 0; i < 64; i++) {
        NTSTATUS Status = LoadWithPath(PathTail, Name, &Base);

        Wrong += Status != Expected && Status != AlsoRight;
    }
    CHECK_EQ(Wrong, 0);
    CountHoldings(&RegionsAfter, &ModulesAfter);
    HandleAfter = ProbeHandle();
    CHECK_EQ(RegionsAfter, RegionsBefore);
    CHECK_EQ(ModulesAfter, ModulesBefore);
    CHECK(HandleBefore != 0 && HandleAfter != 0 && HandleAfter <= HandleBefore + 16 * 4);
}

static VOID TestFileDllFailuresLeakNothing(VOID) {
    WCHAR Name[400];

    CheckFailuresLeakNothing("ldrdir", u"nosuchdll", STATUS_DLL_NOT_FOUND, STATUS_DLL_NOT_FOUND);
    CheckFailuresLeakNothing(NULL, TestPath(Name, RTL_NUMBER_OF(Name), "filedata.txt"),
                             STATUS_INVALID_IMAGE_FORMAT, STATUS_INVALID_IMAGE_NOT_MZ);
}

/* The same for a DLL whose import is missing: the DLL was mapped before the
 * load failed.  (Wine 8 leaves its view mapped.) */
static VOID TestFileDllMissingImportLeaksNothing(VOID) {
    CheckFailuresLeakNothing("ldrdir", u"ldrmiss.dll", STATUS_DLL_NOT_FOUND, STATUS_DLL_NOT_FOUND);
}

/* Neptune: the boot volume's system directory holds the known DLLs, and a
 * DLL there found by path is the known DLL's module. */
static VOID TestFileDllSystemDirectory(VOID) {
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"C:\\Windows\\System32\\ntdll.dll");
    PVOID Base = NULL;

    CHECK_STATUS(LdrLoadDll(NULL, NULL, &Name, &Base), STATUS_SUCCESS);
    CHECK(Base == FindLoaded("ntdll.dll")->DllBase);
}

/* ---- Neptune's own choices ----------------------------------------------------------------------
 */

/* Known DLLs are named after the system directory they nominally live in. */
static VOID TestKnownDllNames(VOID) {
    PLDR_DATA_TABLE_ENTRY Ntdll = FindLoaded("ntdll.dll");
    static const char Expected[] = "C:\\Windows\\System32\\ntdll.dll";
    BOOLEAN Same = TRUE;

    if (!CHECK(Ntdll != NULL))
        return;
    if (!CHECK_EQ(Ntdll->FullDllName.Length, (sizeof(Expected) - 1) * sizeof(WCHAR)))
        return;
    for (ULONG i = 0; i < sizeof(Expected) - 1; i++)
        Same &= (Ntdll->FullDllName.Buffer[i] | 0x20) == (Expected[i] | 0x20);
    CHECK(Same);
    CHECK(Ntdll->LoadCount == 0xffff);
}

const CHAR NtapiFamily[] = "loader";
const NTAPI_TEST NtapiTests[] = {
    {"module-lists", TestModuleLists, 0},
    {"get-dll-handle", TestGetDllHandle, 0},
    {"load-and-unload", TestLoadAndUnload, 0},
    {"load-name-forms", TestLoadNameForms, 0},
    {"load-refusals", TestLoadRefusals, 0},
    {"dllmain-failure", TestDllMainFailure, 0},
    {"imports-and-forwarders", TestImportsAndForwarders, 0},
    {"procedure-address-refusals", TestProcedureAddressRefusals, 0},
    {"relocated-dll", TestRelocatedDll, 0},
    {"tls-main-thread", TestTlsMainThread, 0},
    {"thread-attach-and-tls", TestThreadAttachAndTls, 0},
    {"create-thread-suspended", TestCreateThreadSuspended, 0},
    {"create-process", TestCreateProcess, 0},
    {"create-process-missing-image", TestCreateProcessMissingImage, 0},
    {"file-dll-search-path", TestFileDllSearchPath, 0},
    {"file-dll-suffix-rule", TestFileDllSuffixRule, 0},
    {"file-dll-full-path", TestFileDllFullPath, 0},
    {"file-dll-relative-path", TestFileDllRelativePath, 0},
    {"file-dll-current-directory", TestFileDllCurrentDirectory, 0},
    {"program-imports-file-dll", TestProgramImportsFileDll, 0},
    {"file-dll-errors", TestFileDllErrors, 0},
    {"file-dll-missing-import", TestFileDllMissingImport, 0},
    {"file-dll-missing-export", TestFileDllMissingExport, NTAPI_TEST_WINE_DIFFERS},
    {"file-dll-failures-leak-nothing", TestFileDllFailuresLeakNothing, 0},
    {"file-dll-missing-import-leaks-nothing", TestFileDllMissingImportLeaksNothing,
     NTAPI_TEST_WINE_DIFFERS},
    {"known-dll-names", TestKnownDllNames, NTAPI_TEST_NEPTUNE_ONLY},
    {"file-dll-system-directory", TestFileDllSystemDirectory, NTAPI_TEST_NEPTUNE_ONLY},
    {NULL, NULL, 0},
};
