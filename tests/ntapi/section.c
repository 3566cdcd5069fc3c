/*
 * section.c — image sections, child processes, threads and cross-process
 * memory: NtOpenSection, NtQuerySection, NtMapViewOfSection,
 * NtUnmapViewOfSection, NtCreateProcessEx, NtCreateThreadEx,
 * NtResumeThread, NtTerminateThread, NtTerminateProcess on handles, waits
 * on process and thread objects, NtRead/WriteVirtualMemory.
 *
 * The sections come from Neptune's boot archive (\KnownDlls\ntdll.dll,
 * \Boot\smss.exe), which Wine does not have: those tests are Neptune-only,
 * except the ones on view access and freeing views, which make an image
 * section of ntdll.dll from its file where \KnownDlls has none.  Threads
 * created suspended and terminated, and the refusals, run on both.
 */
#include "ntapi_test.h"

#define SECTION_IMAGE_ACCESS (SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY)

static NTSTATUS OpenSection(PCWSTR Path, PHANDLE Section) {
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;

    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NtOpenSection(Section, SECTION_IMAGE_ACCESS, &Attributes);
}

static ULONG_PTR OwnProcessId(VOID) {
    PROCESS_BASIC_INFORMATION Basic;

    if (!NT_SUCCESS(NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation, &Basic,
                                              sizeof(Basic), NULL)))
        return 0;
    return Basic.UniqueProcessId;
}

static VOID TestQueryNtdllSection(VOID) {
    HANDLE Section;
    SECTION_BASIC_INFORMATION Basic;
    SECTION_IMAGE_INFORMATION Image;
    SIZE_T Length = 0;

    if (!CHECK_STATUS(OpenSection(u"\\KnownDlls\\ntdll.dll", &Section), STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtQuerySection(Section, SectionBasicInformation, &Basic, sizeof(Basic), &Length),
                 STATUS_SUCCESS);
    CHECK_EQ(Length, sizeof(Basic));
    CHECK((Basic.AllocationAttributes & SEC_IMAGE) != 0);
    CHECK(Basic.MaximumSize.QuadPart >= 0x1000);
    CHECK_STATUS(NtQuerySection(Section, SectionImageInformation, &Image, sizeof(Image), &Length),
                 STATUS_SUCCESS);
    CHECK_EQ(Length, sizeof(Image));
    CHECK_EQ(Image.Machine, IMAGE_FILE_MACHINE_AMD64);
    CHECK((Image.ImageCharacteristics & IMAGE_FILE_DLL) != 0);
    CHECK(Image.ImageContainsCode);
    CHECK_STATUS(NtQuerySection(Section, SectionImageInformation, &Image, sizeof(Image) - 1, NULL),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK_STATUS(NtQuerySection(Section, (SECTION_INFORMATION_CLASS)77, &Image, sizeof(Image), NULL),
                 STATUS_INVALID_INFO_CLASS);
    CHECK_STATUS(NtQuerySection(Section, SectionImageInformation, NTAPI_KERNEL_POINTER, sizeof(Image),
                                NULL),
                 STATUS_ACCESS_VIOLATION);
    NtClose(Section);
}

static VOID TestOpenRefusals(VOID) {
    HANDLE Section = NULL, Event;

    CHECK_STATUS(OpenSection(u"\\BaseNamedObjects\\no-such-section", &Section), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_STATUS(OpenSection(u"\\KnownDlls\\ntdll.dll", NTAPI_KERNEL_POINTER), STATUS_ACCESS_VIOLATION);
    if (!CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
                      STATUS_SUCCESS))
        return;
    SECTION_BASIC_INFORMATION Basic;
    CHECK_STATUS(NtQuerySection(Event, SectionBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(NtQuerySection(NTAPI_BOGUS_HANDLE, SectionBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_INVALID_HANDLE);
    NtClose(Event);
}

/* ntdll is already at its preferred base here: a second view goes
 * elsewhere, relocated, with its headers saying so. */
static VOID TestMapRelocatedView(VOID) {
    HANDLE Section;
    PVOID Base = NULL;
    SIZE_T View = 0;

    if (!CHECK_STATUS(OpenSection(u"\\KnownDlls\\ntdll.dll", &Section), STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NULL, &View, ViewUnmap, 0,
                                        PAGE_READONLY),
                     STATUS_IMAGE_NOT_AT_BASE)) {
        PIMAGE_DOS_HEADER Dos = Base;
        CHECK(Base != NULL && ((ULONG_PTR)Base & 0xffff) == 0);
        CHECK(View >= 0x1000);
        CHECK_EQ(Dos->e_magic, IMAGE_DOS_SIGNATURE);
        PIMAGE_NT_HEADERS Nt = (PIMAGE_NT_HEADERS)((PUCHAR)Base + Dos->e_lfanew);
        CHECK_EQ(Nt->OptionalHeader.ImageBase, (ULONG_PTR)Base);
        CHECK_EQ(Nt->OptionalHeader.SizeOfImage, View);

        /* the same place again: taken */
        PVOID Again = Base;
        SIZE_T AgainView = 0;
        CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Again, 0, 0, NULL, &AgainView, ViewUnmap,
                                        0, PAGE_READONLY),
                     STATUS_CONFLICTING_ADDRESSES);
        MEMORY_BASIC_INFORMATION Mbi;
        CHECK_STATUS(NtQueryVirtualMemory(NtCurrentProcess(), Base, MemoryBasicInformation, &Mbi, sizeof(Mbi),
                                          NULL),
                     STATUS_SUCCESS);
        CHECK_EQ(Mbi.Type, MEM_IMAGE);
        CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Base), STATUS_SUCCESS);
        CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Base), STATUS_NOT_MAPPED_VIEW);
        CHECK_STATUS(NtQueryVirtualMemory(NtCurrentProcess(), Base, MemoryBasicInformation, &Mbi, sizeof(Mbi),
                                          NULL),
                     STATUS_SUCCESS);
        CHECK_EQ(Mbi.State, MEM_FREE);
    }
    PVOID Odd = (PVOID)0x12340000 + 0x1000;
    View = 0;
    CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Odd, 0, 0, NULL, &View, ViewUnmap, 0,
                                    PAGE_READONLY),
                 STATUS_MAPPED_ALIGNMENT);
    Base = NULL;
    CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NULL, &View, (SECTION_INHERIT)7, 0,
                                    PAGE_READONLY),
                 STATUS_INVALID_PARAMETER_8);
    CHECK_STATUS(NtMapViewOfSection(Section, NTAPI_BOGUS_HANDLE, &Base, 0, 0, NULL, &View, ViewUnmap, 0,
                                    PAGE_READONLY),
                 STATUS_INVALID_HANDLE);
    NtClose(Section);
}

/*
 * An image section whose handle grants Access: on Neptune a boot-archive
 * DLL (\KnownDlls\ntdll.dll); where that name does not exist (Wine,
 * Windows) ntdll.dll of the system directory made a SEC_IMAGE section.
 * NtOpenFile is looked up at run time: Neptune has no file objects yet,
 * and its ntdll does not export it.
 */
typedef NTSTATUS(NTAPI *NT_OPEN_FILE)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK, ULONG, ULONG);

static NTSTATUS OpenImageSection(ACCESS_MASK Access, PHANDLE Section) {
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"\\KnownDlls\\ntdll.dll");
    UNICODE_STRING Ntdll = RTL_CONSTANT_STRING(u"ntdll.dll");
    ANSI_STRING Export = RTL_CONSTANT_STRING("NtOpenFile");
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Io;
    NT_OPEN_FILE OpenFile;
    PVOID Module, Routine;
    HANDLE File;
    NTSTATUS Status;

    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    Status = NtOpenSection(Section, Access, &Attributes);
    if (Status != STATUS_OBJECT_NAME_NOT_FOUND && Status != STATUS_OBJECT_PATH_NOT_FOUND)
        return Status;
    Status = LdrGetDllHandle(NULL, NULL, &Ntdll, &Module);
    if (NT_SUCCESS(Status))
        Status = LdrGetProcedureAddress(Module, &Export, 0, &Routine);
    if (!NT_SUCCESS(Status))
        return Status;
    OpenFile = (NT_OPEN_FILE)Routine;
    RtlInitUnicodeString(&Name, u"\\??\\C:\\Windows\\System32\\ntdll.dll");
    Status = OpenFile(&File, FILE_READ_DATA | FILE_EXECUTE | SYNCHRONIZE, &Attributes, &Io, FILE_SHARE_READ,
                      FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtCreateSection(Section, Access, NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File);
    NtClose(File);
    return Status;
}

/* Maps an image view (anywhere: relocated is fine) and says whether the
 * map call gave Expected; a view that was made is unmapped again. */
static BOOLEAN MapImageExpecting(HANDLE Section, ULONG Protect, BOOLEAN Granted, PCSTR What) {
    PVOID Base = NULL;
    SIZE_T View = 0;
    NTSTATUS Status = NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NULL, &View, ViewShare, 0,
                                         Protect);
    BOOLEAN Ok = Granted ? NT_SUCCESS(Status) : Status == STATUS_ACCESS_DENIED;

    if (!Ok)
        NtapiPrint("  %s, protection 0x%x: status 0x%x, expected %s\n", What, Protect, Status,
                   Granted ? "success" : "STATUS_ACCESS_DENIED");
    if (NT_SUCCESS(Status))
        NtUnmapViewOfSection(NtCurrentProcess(), Base);
    return Ok;
}

/*
 * A view of an image section needs the section rights its protection
 * needs, as for any section: SECTION_MAP_WRITE for PAGE_READWRITE (what
 * Windows' loader asks for, so it opens KnownDlls sections with
 * SECTION_MAP_READ | SECTION_MAP_WRITE | SECTION_MAP_EXECUTE), and
 * SECTION_MAP_EXECUTE for the executable ones.  (PAGE_EXECUTE alone is
 * left out: Windows asks SECTION_MAP_EXECUTE for it, Wine 8 also
 * SECTION_MAP_READ.)
 */
static VOID TestImageViewAccess(VOID) {
    static const struct {
        ACCESS_MASK Access;
        ULONG Protect;
        BOOLEAN Granted;
    } Cases[] = {
        {SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY, PAGE_READWRITE, FALSE},
        {SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY, PAGE_EXECUTE_READWRITE, FALSE},
        {SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY, PAGE_READONLY, TRUE},
        {SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY, PAGE_EXECUTE_WRITECOPY, TRUE},
        {SECTION_MAP_READ, PAGE_EXECUTE_READ, FALSE},
        {SECTION_MAP_READ, PAGE_READONLY, TRUE},
        {SECTION_MAP_READ, PAGE_WRITECOPY, TRUE},
        {SECTION_MAP_WRITE, PAGE_READONLY, FALSE},
        {SECTION_QUERY, PAGE_READONLY, FALSE},
        {SECTION_MAP_READ | SECTION_MAP_WRITE | SECTION_MAP_EXECUTE, PAGE_READWRITE, TRUE},
        {SECTION_MAP_READ | SECTION_MAP_WRITE | SECTION_MAP_EXECUTE, PAGE_EXECUTE_READWRITE, TRUE},
    };
    HANDLE Section;

    for (ULONG i = 0; i < RTL_NUMBER_OF(Cases); i++) {
        if (!CHECK_STATUS(OpenImageSection(Cases[i].Access, &Section), STATUS_SUCCESS))
            return;
        CHECK(MapImageExpecting(Section, Cases[i].Protect, Cases[i].Granted, "image section"));
        NtClose(Section);
    }
}

/* Freeing or decommitting an image view is refused; the view stays.  Wine
 * says STATUS_INVALID_PARAMETER, Windows STATUS_UNABLE_TO_DELETE_SECTION. */
static VOID TestFreeImageView(BOOLEAN Exact) {
    HANDLE Section;
    PVOID Base = NULL, Address;
    SIZE_T View = 0, Size;
    MEMORY_BASIC_INFORMATION Mbi;

    if (!CHECK_STATUS(OpenImageSection(SECTION_MAP_READ | SECTION_MAP_WRITE | SECTION_MAP_EXECUTE, &Section),
                      STATUS_SUCCESS))
        return;
    if (!CHECK(NT_SUCCESS(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NULL, &View, ViewShare, 0,
                                             PAGE_READWRITE)))) {
        NtClose(Section);
        return;
    }
    Address = Base;
    Size = 0;
    if (Exact)
        CHECK_STATUS(NtFreeVirtualMemory(NtCurrentProcess(), &Address, &Size, MEM_RELEASE),
                     STATUS_UNABLE_TO_DELETE_SECTION);
    else
        CHECK_STATUS_ONE_OF(NtFreeVirtualMemory(NtCurrentProcess(), &Address, &Size, MEM_RELEASE),
                            STATUS_UNABLE_TO_DELETE_SECTION, STATUS_INVALID_PARAMETER);
    Address = Base;
    Size = 0x1000;
    if (Exact)
        CHECK_STATUS(NtFreeVirtualMemory(NtCurrentProcess(), &Address, &Size, MEM_DECOMMIT),
                     STATUS_UNABLE_TO_DELETE_SECTION);
    else
        CHECK_STATUS_ONE_OF(NtFreeVirtualMemory(NtCurrentProcess(), &Address, &Size, MEM_DECOMMIT),
                            STATUS_UNABLE_TO_DELETE_SECTION, STATUS_INVALID_PARAMETER);
    if (Exact) {
        /* a range past the view: that is checked first */
        Address = Base;
        Size = View + 0x100000;
        CHECK_STATUS(NtFreeVirtualMemory(NtCurrentProcess(), &Address, &Size, MEM_DECOMMIT),
                     STATUS_UNABLE_TO_FREE_VM);
    }
    if (CHECK_STATUS(NtQueryVirtualMemory(NtCurrentProcess(), Base, MemoryBasicInformation, &Mbi, sizeof(Mbi),
                                          NULL),
                     STATUS_SUCCESS)) {
        CHECK_EQ(Mbi.Type, MEM_IMAGE);
        CHECK_EQ(Mbi.State, MEM_COMMIT);
    }
    CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Base), STATUS_SUCCESS);
    NtClose(Section);
}

static VOID TestFreeImageViewRefused(VOID) { TestFreeImageView(FALSE); }

static VOID TestFreeImageViewStatus(VOID) { TestFreeImageView(TRUE); }

static NTSTATUS CreateChild(PHANDLE Process, PSECTION_IMAGE_INFORMATION Image) {
    HANDLE Section;
    NTSTATUS Status = OpenSection(u"\\Boot\\smss.exe", &Section);

    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtQuerySection(Section, SectionImageInformation, Image, sizeof(*Image), NULL);
    if (NT_SUCCESS(Status))
        Status = NtCreateProcessEx(Process, PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), 0, Section, NULL, NULL,
                                   0);
    NtClose(Section);
    return Status;
}

/* A child that never runs: its memory, queries, termination, the wait. */
static VOID TestChildProcessMemory(VOID) {
    HANDLE Process;
    SECTION_IMAGE_INFORMATION Image;
    PROCESS_BASIC_INFORMATION Basic;

    if (!CHECK_STATUS(CreateChild(&Process, &Image), STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtQueryInformationProcess(Process, ProcessBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Basic.ExitStatus, STATUS_PENDING);
    CHECK(Basic.PebBaseAddress != NULL);
    CHECK(Basic.UniqueProcessId != OwnProcessId());
    CHECK_EQ(Basic.InheritedFromUniqueProcessId, OwnProcessId());

    /* its PEB names its image, whose headers are there */
    PVOID ImageBase = NULL;
    SIZE_T Done = 0;
    CHECK_STATUS(NtReadVirtualMemory(Process, &Basic.PebBaseAddress->ImageBaseAddress, &ImageBase,
                                     sizeof(ImageBase), &Done),
                 STATUS_SUCCESS);
    CHECK_EQ(Done, sizeof(ImageBase));
    USHORT Magic = 0;
    CHECK_STATUS(NtReadVirtualMemory(Process, ImageBase, &Magic, sizeof(Magic), NULL), STATUS_SUCCESS);
    CHECK_EQ(Magic, IMAGE_DOS_SIGNATURE);

    /* memory of its own, written and read back across */
    PVOID Remote = NULL;
    SIZE_T Size = 0x3000;
    if (CHECK_STATUS(NtAllocateVirtualMemory(Process, &Remote, 0, &Size, MEM_RESERVE | MEM_COMMIT,
                                             PAGE_READWRITE),
                     STATUS_SUCCESS)) {
        UCHAR Out[0x2000], In[0x2000];
        for (ULONG i = 0; i < sizeof(Out); i++)
            Out[i] = (UCHAR)(i * 7 + 3);
        PUCHAR Target = (PUCHAR)Remote + 0xf80; /* spans three pages, ends inside the allocation */
        CHECK_STATUS(NtWriteVirtualMemory(Process, Target, Out, sizeof(Out), &Done), STATUS_SUCCESS);
        CHECK_EQ(Done, sizeof(Out));
        for (ULONG i = 0; i < sizeof(In); i++)
            In[i] = 0;
        CHECK_STATUS(NtReadVirtualMemory(Process, Target, In, sizeof(In), &Done), STATUS_SUCCESS);
        CHECK_EQ(RtlCompareMemory(In, Out, sizeof(In)), sizeof(In));
        /* the allocation is the child's, not ours */
        MEMORY_BASIC_INFORMATION Mbi;
        CHECK_STATUS(NtQueryVirtualMemory(Process, Remote, MemoryBasicInformation, &Mbi, sizeof(Mbi), NULL),
                     STATUS_SUCCESS);
        CHECK_EQ(Mbi.State, MEM_COMMIT);
        /* past the end of the allocation: a partial copy */
        CHECK_STATUS(NtReadVirtualMemory(Process, (PUCHAR)Remote + 0x2f00, In, 0x200, &Done), STATUS_PARTIAL_COPY);
        CHECK(Done <= 0x100);
        SIZE_T Zero = 0;
        CHECK_STATUS(NtFreeVirtualMemory(Process, &Remote, &Zero, MEM_RELEASE), STATUS_SUCCESS);
    }

    LARGE_INTEGER Now = { .QuadPart = 0 };
    CHECK_STATUS(NtWaitForSingleObject(Process, FALSE, &Now), STATUS_TIMEOUT);
    CHECK_STATUS(NtTerminateProcess(Process, 0x1234), STATUS_SUCCESS);
    CHECK_STATUS(NtWaitForSingleObject(Process, FALSE, &Now), STATUS_WAIT_0);
    CHECK_STATUS(NtQueryInformationProcess(Process, ProcessBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Basic.ExitStatus, 0x1234);
    CHECK_STATUS(NtTerminateProcess(Process, 1), STATUS_PROCESS_IS_TERMINATING);
    NtClose(Process);
}

/* A child that runs: smss.exe with a thread at its entry point, as the
 * executive starts boot programs.  It runs its self-checks and exits 0. */
static VOID TestChildProcessRuns(VOID) {
    HANDLE Process, Thread;
    SECTION_IMAGE_INFORMATION Image;
    PROCESS_BASIC_INFORMATION Basic;
    THREAD_BASIC_INFORMATION ThreadBasic;

    if (!CHECK_STATUS(CreateChild(&Process, &Image), STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtQueryInformationProcess(Process, ProcessBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    if (CHECK_STATUS(NtCreateThreadEx(&Thread, THREAD_ALL_ACCESS, NULL, Process, Image.TransferAddress,
                                      Basic.PebBaseAddress, 0, 0, 0, 0, NULL),
                     STATUS_SUCCESS)) {
        LARGE_INTEGER Timeout = NtapiRelativeMs(20000);
        CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Timeout), STATUS_WAIT_0);
        CHECK_STATUS(NtWaitForSingleObject(Process, FALSE, &Timeout), STATUS_WAIT_0);
        CHECK_STATUS(NtQueryInformationThread(Thread, ThreadBasicInformation, &ThreadBasic, sizeof(ThreadBasic),
                                              NULL),
                     STATUS_SUCCESS);
        CHECK_EQ(ThreadBasic.ExitStatus, STATUS_SUCCESS);
        CHECK_EQ((ULONG_PTR)ThreadBasic.ClientId.UniqueProcess, Basic.UniqueProcessId);
        NtClose(Thread);
    }
    CHECK_STATUS(NtQueryInformationProcess(Process, ProcessBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Basic.ExitStatus, STATUS_SUCCESS);
    NtClose(Process);
}

/* Two threads racing into a fresh process: one initializes the process,
 * the other waits for that, then both end through RtlExitUserThread with
 * their argument as exit code, close together.  Once a regression: each
 * saw the other alive (ThreadAmILastThread), the second to end was then
 * refused by NtTerminateThread as the last thread and looped forever.
 * Eight rounds. */
static VOID TestThreadsRaceIntoNewProcess(VOID) {
    UNICODE_STRING NtdllName;
    ANSI_STRING ExitAnsi;
    PVOID Ntdll = NULL, ExitThread = NULL;

    RtlInitUnicodeString(&NtdllName, u"ntdll.dll");
    RtlInitAnsiString(&ExitAnsi, "RtlExitUserThread");
    if (!CHECK_STATUS(LdrGetDllHandle(NULL, NULL, &NtdllName, &Ntdll), STATUS_SUCCESS) ||
        !CHECK_STATUS(LdrGetProcedureAddress(Ntdll, &ExitAnsi, 0, &ExitThread), STATUS_SUCCESS))
        return;
    for (ULONG Round = 0; Round < 8; Round++) {
        HANDLE Process, Threads[2] = { NULL, NULL };
        SECTION_IMAGE_INFORMATION Image;

        if (!CHECK_STATUS(CreateChild(&Process, &Image), STATUS_SUCCESS))
            return;
        BOOLEAN Made =
            CHECK_STATUS(NtCreateThreadEx(&Threads[0], THREAD_ALL_ACCESS, NULL, Process, ExitThread, (PVOID)0x5100,
                                          THREAD_CREATE_FLAGS_CREATE_SUSPENDED, 0, 0, 0, NULL),
                         STATUS_SUCCESS);
        if (Made) {
            CHECK_STATUS(NtResumeThread(Threads[0], NULL), STATUS_SUCCESS);
            Made = CHECK_STATUS(NtCreateThreadEx(&Threads[1], THREAD_ALL_ACCESS, NULL, Process, ExitThread,
                                                 (PVOID)0x5101, 0, 0, 0, 0, NULL),
                                STATUS_SUCCESS);
        }
        if (Made) {
            LARGE_INTEGER Timeout = NtapiRelativeMs(20000);
            CHECK_STATUS(NtWaitForMultipleObjects(2, Threads, WaitAll, FALSE, &Timeout), STATUS_WAIT_0);
            for (ULONG i = 0; i < 2; i++) {
                THREAD_BASIC_INFORMATION Basic;
                CHECK_STATUS(NtQueryInformationThread(Threads[i], ThreadBasicInformation, &Basic, sizeof(Basic),
                                                      NULL),
                             STATUS_SUCCESS);
                CHECK_EQ(Basic.ExitStatus, 0x5100 + i);
            }
        }
        NtTerminateProcess(Process, 0);
        for (ULONG i = 0; i < 2; i++)
            if (Threads[i] != NULL)
                NtClose(Threads[i]);
        NtClose(Process);
    }
}

/* NtTerminateThread on a process's last thread.  With a real handle (here
 * NtCurrentThread()) the thread ends and takes the process with it, its
 * exit status becoming the process's: a child's only thread starts right
 * at ntdll's NtTerminateThread (NtCreateThread, no loader), with a zero
 * return address, so a call that came back would fault instead. */
static VOID TestLastThreadEndsProcess(VOID) {
    static CONTEXT Context;
    UNICODE_STRING NtdllName;
    ANSI_STRING TerminateName;
    PVOID Ntdll = NULL, Terminate = NULL, Stack = NULL;
    SIZE_T StackSize = 0x10000;
    HANDLE Process, Thread;
    SECTION_IMAGE_INFORMATION Image;
    PROCESS_BASIC_INFORMATION Basic;
    INITIAL_TEB InitialTeb = {0};
    CLIENT_ID ClientId;

    RtlInitUnicodeString(&NtdllName, u"ntdll.dll");
    RtlInitAnsiString(&TerminateName, "NtTerminateThread");
    if (!CHECK_STATUS(LdrGetDllHandle(NULL, NULL, &NtdllName, &Ntdll), STATUS_SUCCESS) ||
        !CHECK_STATUS(LdrGetProcedureAddress(Ntdll, &TerminateName, 0, &Terminate), STATUS_SUCCESS) ||
        !CHECK_STATUS(CreateChild(&Process, &Image), STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(NtAllocateVirtualMemory(Process, &Stack, 0, &StackSize, MEM_RESERVE | MEM_COMMIT,
                                             PAGE_READWRITE),
                     STATUS_SUCCESS)) {
        PUCHAR Top = (PUCHAR)Stack + StackSize;
        InitialTeb.StackBase = Top;
        InitialTeb.StackLimit = Stack;
        InitialTeb.StackAllocationBase = Stack;
        Context = (CONTEXT){0};
        Context.ContextFlags = CONTEXT_FULL;
        Context.SegCs = 0x33;
        Context.SegDs = Context.SegEs = Context.SegSs = Context.SegGs = 0x2b;
        Context.SegFs = 0x53;
        Context.EFlags = 0x200;
        Context.MxCsr = 0x1f80;
        Context.Rip = (ULONG64)Terminate;
        Context.Rsp = (ULONG64)(Top - 0x28);
        Context.Rcx = (ULONG64)NtCurrentThread();
        Context.Rdx = 0x5102;
        if (CHECK_STATUS(NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL, Process, &ClientId, &Context,
                                        &InitialTeb, FALSE),
                         STATUS_SUCCESS)) {
            LARGE_INTEGER Timeout = NtapiRelativeMs(20000);
            CHECK_STATUS(NtWaitForSingleObject(Process, FALSE, &Timeout), STATUS_WAIT_0);
            THREAD_BASIC_INFORMATION ThreadBasic;
            CHECK_STATUS(NtQueryInformationThread(Thread, ThreadBasicInformation, &ThreadBasic,
                                                  sizeof(ThreadBasic), NULL),
                         STATUS_SUCCESS);
            CHECK_EQ(ThreadBasic.ExitStatus, 0x5102);
            NtClose(Thread);
        }
    }
    CHECK_STATUS(NtQueryInformationProcess(Process, ProcessBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Basic.ExitStatus, 0x5102);
    NtTerminateProcess(Process, 0);
    NtClose(Process);
}

/* NtTerminateThread(NULL): "the caller, unless it is the last thread" —
 * this program runs one thread here, so it is refused and nothing ends.
 * (RtlExitUserThread relies on it; Wine takes NULL as a bad handle.) */
static VOID TestTerminateNullHandleLastThread(VOID) {
    CHECK_STATUS(NtTerminateThread(NULL, 0x5103), STATUS_CANT_TERMINATE_SELF);
}

/* A page of this image's initialized data of its own (a copy-on-write
 * page of the image view until written). */
__attribute__((aligned(4096))) static volatile UCHAR CowPage[4096] = {1, 1};

static ULONG PageProtect(HANDLE Process, PVOID Address, PMEMORY_BASIC_INFORMATION Mbi) {
    if (!CHECK_STATUS(NtQueryVirtualMemory(Process, Address, MemoryBasicInformation, Mbi, sizeof(*Mbi), NULL),
                      STATUS_SUCCESS))
        return 0;
    return Mbi->Protect;
}

/* An image view's pages have the protections of their sections: headers
 * read-only, code execute-read, data write-copy until written, then
 * read-write; the view's AllocationProtect is PAGE_EXECUTE_WRITECOPY. */
static VOID TestImagePageProtections(VOID) {
    MEMORY_BASIC_INFORMATION Mbi;
    PUCHAR Image = NtCurrentPeb()->ImageBaseAddress;

    CHECK_EQ(PageProtect(NtCurrentProcess(), Image, &Mbi), PAGE_READONLY);
    CHECK_EQ(Mbi.Type, MEM_IMAGE);
    CHECK_EQ(Mbi.AllocationProtect, PAGE_EXECUTE_WRITECOPY);
    CHECK(Mbi.AllocationBase == Image);
    CHECK_EQ(Mbi.RegionSize, 0x1000);
    CHECK_EQ(PageProtect(NtCurrentProcess(), (PVOID)TestImagePageProtections, &Mbi), PAGE_EXECUTE_READ);
    CHECK(Mbi.AllocationBase == Image);
    CHECK_EQ(PageProtect(NtCurrentProcess(), (PVOID)NtClose, &Mbi), PAGE_EXECUTE_READ); /* ntdll's code */
    CHECK_EQ(Mbi.Type, MEM_IMAGE);
    CHECK_EQ(CowPage[0], 1); /* read: still shared */
    CHECK_EQ(PageProtect(NtCurrentProcess(), (PVOID)CowPage, &Mbi), PAGE_WRITECOPY);
}

/* "The private page is marked as PAGE_READWRITE" (Windows' documentation
 * of PAGE_WRITECOPY): once written, a copy-on-write page of an image view
 * is read-write.  Wine 8 still says PAGE_WRITECOPY. */
static VOID TestImageWrittenPageReadWrite(VOID) {
    MEMORY_BASIC_INFORMATION Mbi;

    CowPage[2] = 5;
    CHECK_EQ(PageProtect(NtCurrentProcess(), (PVOID)CowPage, &Mbi), PAGE_READWRITE);
    CHECK(Mbi.BaseAddress == (PVOID)CowPage);
    CHECK_EQ(CowPage[2], 5);
}

/* Two processes of one image share its pages until one writes: a write
 * into the child's data page (NtWriteVirtualMemory) gives the child its own
 * copy and leaves ours alone, and the other way round. */
static VOID TestImageCopyOnWriteAcrossProcesses(VOID) {
    RTL_USER_PROCESS_INFORMATION Info;
    PROCESS_BASIC_INFORMATION Basic;
    MEMORY_BASIC_INFORMATION Mbi;
    PVOID ChildImage = NULL;
    UCHAR Value = 0;

    if (!CHECK_STATUS(NtapiCreateSelf(NULL, &Info), STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(NtQueryInformationProcess(Info.ProcessHandle, ProcessBasicInformation, &Basic, sizeof(Basic),
                                               NULL),
                     STATUS_SUCCESS) &&
        CHECK_STATUS(NtReadVirtualMemory(Info.ProcessHandle, &Basic.PebBaseAddress->ImageBaseAddress, &ChildImage,
                                         sizeof(ChildImage), NULL),
                     STATUS_SUCCESS)) {
        PUCHAR Child = (PUCHAR)ChildImage + ((PUCHAR)CowPage - (PUCHAR)NtCurrentPeb()->ImageBaseAddress);
        CowPage[3] = 9; /* ours, written first */
        CHECK_STATUS(NtReadVirtualMemory(Info.ProcessHandle, Child + 3, &Value, 1, NULL), STATUS_SUCCESS);
        CHECK_EQ(Value, 0); /* the child sees the image's bytes */
        CHECK_EQ(PageProtect(Info.ProcessHandle, Child, &Mbi), PAGE_WRITECOPY);
        Value = 0x77;
        CHECK_STATUS(NtWriteVirtualMemory(Info.ProcessHandle, Child + 1, &Value, 1, NULL), STATUS_SUCCESS);
        Value = 0;
        CHECK_STATUS(NtReadVirtualMemory(Info.ProcessHandle, Child + 1, &Value, 1, NULL), STATUS_SUCCESS);
        CHECK_EQ(Value, 0x77);
        CHECK_EQ(CowPage[1], 1); /* ours unchanged */
    }
    NtTerminateProcess(Info.ProcessHandle, 0);
    NtClose(Info.ThreadHandle);
    NtClose(Info.ProcessHandle);
}

/* Only the boot archive's top-level images are known DLLs and \Boot
 * sections; the ones in its directories (the loader's test DLLs in
 * ldrdir/) are plain files.  Once they became sections named
 * "\KnownDlls\ldrdir/ldrfile.dll". */
static VOID TestArchiveDirectoriesMakeNoSections(VOID) {
    HANDLE Section;

    CHECK_STATUS(OpenSection(u"\\KnownDlls\\ldrdir/ldrfile.dll", &Section), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_STATUS(OpenSection(u"\\Boot\\ldrdir/ldrimp.exe", &Section), STATUS_OBJECT_NAME_NOT_FOUND);
    if (CHECK_STATUS(OpenSection(u"\\KnownDlls\\ntdll.dll", &Section), STATUS_SUCCESS))
        NtClose(Section);
}

static ULONG NTAPI NeverRuns(PVOID Argument) {
    *(volatile ULONG *)Argument = 1;
    return 0;
}

/* A thread of our own, created suspended and ended before it runs. */
static VOID TestSuspendedThreadTerminated(VOID) {
    HANDLE Thread;
    THREAD_BASIC_INFORMATION Basic, Own;
    volatile ULONG Ran = 0;

    if (!CHECK_STATUS(NtCreateThreadEx(&Thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)NeverRuns,
                                       (PVOID)&Ran, THREAD_CREATE_FLAGS_CREATE_SUSPENDED, 0, 0, 0, NULL),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtQueryInformationThread(Thread, ThreadBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    CHECK_STATUS(NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation, &Own, sizeof(Own), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Basic.ExitStatus, STATUS_PENDING);
    CHECK(Basic.TebBaseAddress != Own.TebBaseAddress);
    CHECK(Basic.ClientId.UniqueThread != Own.ClientId.UniqueThread);
    CHECK_EQ(Basic.ClientId.UniqueProcess, Own.ClientId.UniqueProcess);
    LARGE_INTEGER Now = { .QuadPart = 0 };
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Now), STATUS_TIMEOUT);
    CHECK_STATUS(NtTerminateThread(Thread, 0x55), STATUS_SUCCESS);
    CHECK_STATUS(NtWaitForSingleObject(Thread, FALSE, &Now), STATUS_WAIT_0);
    CHECK_STATUS(NtQueryInformationThread(Thread, ThreadBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Basic.ExitStatus, 0x55);
    CHECK_EQ(Ran, 0);
    NtClose(Thread);
}

static VOID TestThreadRefusals(VOID) {
    HANDLE Thread = NULL, Event;
    THREAD_BASIC_INFORMATION Basic;

    CHECK_STATUS(NtCreateThreadEx(&Thread, THREAD_ALL_ACCESS, NULL, NTAPI_BOGUS_HANDLE, (PVOID)NeverRuns, NULL,
                                  THREAD_CREATE_FLAGS_CREATE_SUSPENDED, 0, 0, 0, NULL),
                 STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtTerminateThread(NTAPI_BOGUS_HANDLE, 0), STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtResumeThread(NTAPI_BOGUS_HANDLE, NULL), STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtTerminateProcess(NTAPI_BOGUS_HANDLE, 0), STATUS_INVALID_HANDLE);
    if (!CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtTerminateThread(Event, 0), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(NtQueryInformationThread(Event, ThreadBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(NtQueryInformationProcess(Event, ProcessBasicInformation, &Basic, sizeof(PROCESS_BASIC_INFORMATION),
                                           NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(Event);
}

static VOID TestCrossProcessRefusals(VOID) {
    ULONG Value = 0;
    SIZE_T Done = 99;

    CHECK_STATUS(NtReadVirtualMemory(NTAPI_BOGUS_HANDLE, &Value, &Value, sizeof(Value), NULL),
                 STATUS_INVALID_HANDLE);
    /* our own unmapped first page: nothing copied */
    CHECK_STATUS_ONE_OF(NtReadVirtualMemory(NtCurrentProcess(), NTAPI_LOW_POINTER, &Value, sizeof(Value), &Done),
                        STATUS_ACCESS_VIOLATION, STATUS_PARTIAL_COPY);
    CHECK_EQ(Done, 0);
    CHECK_STATUS(NtReadVirtualMemory(NtCurrentProcess(), NTAPI_KERNEL_POINTER, &Value, sizeof(Value), NULL),
                 STATUS_ACCESS_VIOLATION);
    /* a copy within our own process works */
    ULONG Source = 0xfeedf00d;
    CHECK_STATUS(NtReadVirtualMemory(NtCurrentProcess(), &Source, &Value, sizeof(Value), &Done), STATUS_SUCCESS);
    CHECK_EQ(Value, 0xfeedf00d);
}

/* Writing nowhere: Wine says STATUS_ACCESS_DENIED, Neptune (as for reads)
 * STATUS_ACCESS_VIOLATION when nothing was copied. */
static VOID TestWriteToNowhere(VOID) {
    ULONG Value = 0;
    SIZE_T Done = 99;

    CHECK_STATUS(NtWriteVirtualMemory(NtCurrentProcess(), NTAPI_LOW_POINTER, &Value, sizeof(Value), &Done),
                 STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Done, 0);
    CHECK_STATUS(NtWriteVirtualMemory(NtCurrentProcess(), &Value, NTAPI_LOW_POINTER, sizeof(Value), &Done),
                 STATUS_ACCESS_VIOLATION);
}

const CHAR NtapiFamily[] = "section";

const NTAPI_TEST NtapiTests[] = {
    {"query-ntdll-section", TestQueryNtdllSection, NTAPI_TEST_NEPTUNE_ONLY},
    {"open-refusals", TestOpenRefusals, 0},
    {"map-relocated-view", TestMapRelocatedView, NTAPI_TEST_NEPTUNE_ONLY},
    {"image-view-access", TestImageViewAccess, 0},
    {"free-image-view-refused", TestFreeImageViewRefused, 0},
    {"free-image-view-status", TestFreeImageViewStatus, NTAPI_TEST_WINE_DIFFERS},
    {"child-process-memory", TestChildProcessMemory, NTAPI_TEST_NEPTUNE_ONLY},
    {"child-process-runs", TestChildProcessRuns, NTAPI_TEST_NEPTUNE_ONLY},
    {"threads-race-into-new-process", TestThreadsRaceIntoNewProcess, NTAPI_TEST_NEPTUNE_ONLY},
    {"last-thread-ends-process", TestLastThreadEndsProcess, NTAPI_TEST_NEPTUNE_ONLY},
    {"terminate-null-handle-last-thread", TestTerminateNullHandleLastThread, NTAPI_TEST_WINE_DIFFERS},
    {"archive-directories-make-no-sections", TestArchiveDirectoriesMakeNoSections, NTAPI_TEST_NEPTUNE_ONLY},
    {"image-page-protections", TestImagePageProtections, 0},
    {"image-written-page-read-write", TestImageWrittenPageReadWrite, NTAPI_TEST_WINE_DIFFERS},
    {"image-copy-on-write-across-processes", TestImageCopyOnWriteAcrossProcesses, 0},
    {"suspended-thread-terminated", TestSuspendedThreadTerminated, 0},
    {"thread-refusals", TestThreadRefusals, 0},
    {"cross-process-refusals", TestCrossProcessRefusals, 0},
    {"write-to-nowhere", TestWriteToNowhere, NTAPI_TEST_NEPTUNE_ONLY},
    {NULL, NULL, 0},
};
