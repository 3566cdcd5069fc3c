/*
 * ldrload.c — the module database and dynamic loading: LdrLoadDll,
 * LdrUnloadDll, LdrGetDllHandle, LdrGetProcedureAddress and friends.
 *
 * Every image in the process is an LDRP_MODULE on the PEB's lists
 * (PEB->Ldr = &LdrpLoaderData): load order and memory order (the same
 * order here, as on Windows in practice: the program, ntdll, then each DLL
 * as it is mapped) and initialization order (ntdll, then each DLL once its
 * DllMain has been called; the program is not on it).
 *
 * Finding a DLL (docs/loader.md).  A name with a directory part is a
 * path: made full against the current directory (".dll" added to a last
 * component without a '.'), it is the module with that FullDllName
 * (case-insensitively) or the file at that path.  A base name is the
 * loaded module with that BaseDllName, else the image section
 * \KnownDlls\<lower-case name> (the executive makes one for every DLL of
 * the boot archive), else the first file of that name along the search
 * path: LdrLoadDll's DllPath, or by default the program's directory, the
 * system directory, the Windows directory, the current directory and the
 * Path variable.  A file is opened, made an image section and mapped
 * (LdrpMapFile); STATUS_IMAGE_NOT_AT_BASE says the executive placed and
 * relocated the image elsewhere.  A view that is not at the base its
 * headers name, without that status, is relocated here.
 *
 * A load is a session.  The requested DLL and every DLL it pulls in that
 * was not loaded before are mapped and bound depth first (LdrpSnapModule;
 * a module whose imports are being bound is not entered again, so import
 * cycles terminate); a module joins the initialization list once all of
 * its imports are bound, which orders dependencies first.  Then each is
 * initialized in that order: TLS index and blocks, TLS callbacks and
 * DllMain(DLL_PROCESS_ATTACH).  If anything fails, every module the
 * session mapped is detached (if it was attached) and unmapped, and the
 * references it took on modules loaded before are dropped: a failed
 * LdrLoadDll leaves the process as it was.
 *
 * References.  LoadCount counts LdrLoadDll calls plus one per importing
 * module (each module records the modules it holds a reference on, its
 * imports and the targets of forwarders it resolved).  When a count drops
 * to zero the module releases its own references, and every module that
 * reached zero is detached (reverse initialization order) and unmapped.
 * The program and ntdll are pinned.  Modules in an import cycle keep each
 * other loaded.
 *
 * Everything runs under the loader lock (ldrinit.c), held across DllMain
 * as on Windows; it is recursive, so DllMain may load DLLs.
 */
#include "ldrp.h"

#include <ndk/ntndk.h>

PEB_LDR_DATA LdrpLoaderData;
LDRP_TLS_TABLE LdrpTls;
PLDRP_MODULE LdrpNtdllModule;
PLDRP_MODULE LdrpImageModule;

#define LDRP_MAX_NAME 256 /* WCHARs of a DLL base name */
#define LDRP_MAX_PATH 520 /* WCHARs of a DLL's full DOS path, with its NUL */
#define LDRP_PINNED_COUNT 0xffff

typedef LONG(NTAPI *LDRP_DLL_MAIN)(PVOID DllHandle, ULONG Reason, PVOID Reserved);

typedef struct _LDRP_NAME {
    USHORT Length; /* characters */
    WCHAR Buffer[LDRP_MAX_NAME];
} LDRP_NAME, *PLDRP_NAME;

/* One load: what it mapped, what it must initialize, who imports now. */
typedef struct _LDRP_SESSION {
    PLDRP_MODULE Importer; /* gets the references the resolver takes */
    PLDRP_MODULE FirstNew; /* NextInSession chain */
    PLDRP_MODULE InitHead; /* NextToInitialize chain, dependencies first */
    PLDRP_MODULE *InitTail;
    BOOLEAN StaticLoad;
    PCWSTR SearchPath; /* LdrLoadDll's ';' list; NULL: the default order */
    LDRP_SNAP_FAILURE Failure;
} LDRP_SESSION, *PLDRP_SESSION;

static NTSTATUS LdrpSnapModule(PLDRP_MODULE Module, PLDRP_SESSION Session);
static VOID LdrpUnloadPending(PLDRP_MODULE Pending);

/* ---- Names ---------------------------------------------------------------------- */

static WCHAR LdrpDowncase(WCHAR Char) {
    return (Char >= 'A' && Char <= 'Z') ? (WCHAR)(Char + ('a' - 'A'))
                                        : RtlDowncaseUnicodeChar(Char);
}

/* The base name a DLL is known by: no directory, ".dll" added when the
 * name has no extension, a trailing '.' (explicitly none) removed. */
static NTSTATUS LdrpMakeBaseName(PCWSTR Name, SIZE_T Chars, PLDRP_NAME Out) {
    SIZE_T Start = 0, Length;
    BOOLEAN HasDot = FALSE;

    for (SIZE_T i = 0; i < Chars; i++) {
        if (Name[i] == '\\' || Name[i] == '/' || Name[i] == ':')
            Start = i + 1;
    }
    Name += Start;
    Length = Chars - Start;
    if (Length == 0)
        return STATUS_DLL_NOT_FOUND;
    for (SIZE_T i = 0; i < Length; i++) {
        if (Name[i] == '.')
            HasDot = TRUE;
    }
    if (Name[Length - 1] == '.') {
        Length--;
        HasDot = TRUE;
        if (Length == 0)
            return STATUS_DLL_NOT_FOUND;
    }
    if (Length + (HasDot ? 0 : 4) > LDRP_MAX_NAME)
        return STATUS_NAME_TOO_LONG;
    for (SIZE_T i = 0; i < Length; i++)
        Out->Buffer[i] = Name[i];
    if (!HasDot) {
        Out->Buffer[Length++] = '.';
        Out->Buffer[Length++] = 'd';
        Out->Buffer[Length++] = 'l';
        Out->Buffer[Length++] = 'l';
    }
    Out->Length = (USHORT)Length;
    return STATUS_SUCCESS;
}

static BOOLEAN LdrpNameMatches(PCUNICODE_STRING Candidate, PLDRP_NAME Name) {
    if (Candidate->Length != Name->Length * sizeof(WCHAR))
        return FALSE;
    for (USHORT i = 0; i < Name->Length; i++) {
        if (LdrpDowncase(Candidate->Buffer[i]) != LdrpDowncase(Name->Buffer[i]))
            return FALSE;
    }
    return TRUE;
}

/* ---- The module lists -------------------------------------------------------------- */

static PLDRP_MODULE LdrpModuleFromLoadLink(PLIST_ENTRY Link) {
    return CONTAINING_RECORD(Link, LDRP_MODULE, Entry.InLoadOrderLinks);
}

static PLDRP_MODULE LdrpModuleFromInitLink(PLIST_ENTRY Link) {
    return CONTAINING_RECORD(Link, LDRP_MODULE, Entry.InInitializationOrderLinks);
}

static PLDRP_MODULE LdrpFindModuleByName(PLDRP_NAME Name) {
    PLIST_ENTRY Head = &LdrpLoaderData.InLoadOrderModuleList;

    for (PLIST_ENTRY Link = Head->Flink; Link != Head; Link = Link->Flink) {
        PLDRP_MODULE Module = LdrpModuleFromLoadLink(Link);

        if (LdrpNameMatches(&Module->Entry.BaseDllName, Name))
            return Module;
    }
    return NULL;
}

PLDRP_MODULE LdrpFindModuleByBase(PVOID DllBase) {
    PLIST_ENTRY Head = &LdrpLoaderData.InLoadOrderModuleList;

    for (PLIST_ENTRY Link = Head->Flink; Link != Head; Link = Link->Flink) {
        PLDRP_MODULE Module = LdrpModuleFromLoadLink(Link);

        if (Module->Entry.DllBase == DllBase)
            return Module;
    }
    return NULL;
}

static PLDRP_MODULE LdrpFindModuleByAddress(PVOID Address) {
    PLIST_ENTRY Head = &LdrpLoaderData.InLoadOrderModuleList;

    for (PLIST_ENTRY Link = Head->Flink; Link != Head; Link = Link->Flink) {
        PLDRP_MODULE Module = LdrpModuleFromLoadLink(Link);
        ULONG_PTR Base = (ULONG_PTR)Module->Entry.DllBase;

        if ((ULONG_PTR)Address >= Base && (ULONG_PTR)Address - Base < Module->Entry.SizeOfImage)
            return Module;
    }
    return NULL;
}

NTSTATUS LdrpCreateModule(PVOID DllBase, PCUNICODE_STRING FullName, BOOLEAN IsDll,
                          PLDRP_MODULE *Result) {
    PIMAGE_NT_HEADERS Nt = LdrpImageHeaders(DllBase);
    USHORT Chars = FullName->Length / sizeof(WCHAR), BaseStart = 0;
    PLDRP_MODULE Module;
    PWSTR Buffer;
    ULONG TlsSize;

    if (Nt == NULL)
        return STATUS_INVALID_IMAGE_FORMAT;
    Module = LdrpAllocate(sizeof(*Module));
    Buffer = LdrpAllocate(FullName->Length + sizeof(WCHAR));
    if (Module == NULL || Buffer == NULL) {
        LdrpFree(Module);
        LdrpFree(Buffer);
        return STATUS_NO_MEMORY;
    }
    for (USHORT i = 0; i < Chars; i++) {
        Buffer[i] = FullName->Buffer[i];
        if (Buffer[i] == '\\' || Buffer[i] == '/')
            BaseStart = i + 1;
    }
    Module->Entry.FullDllName.Buffer = Buffer;
    Module->Entry.FullDllName.Length = FullName->Length;
    Module->Entry.FullDllName.MaximumLength = FullName->Length + sizeof(WCHAR);
    Module->Entry.BaseDllName.Buffer = Buffer + BaseStart;
    Module->Entry.BaseDllName.Length = (USHORT)((Chars - BaseStart) * sizeof(WCHAR));
    Module->Entry.BaseDllName.MaximumLength = Module->Entry.BaseDllName.Length + sizeof(WCHAR);
    Module->Entry.DllBase = DllBase;
    Module->Entry.SizeOfImage = Nt->OptionalHeader.SizeOfImage;
    Module->Entry.TimeDateStamp = Nt->FileHeader.TimeDateStamp;
    Module->Entry.OriginalBase = Nt->OptionalHeader.ImageBase;
    if (Nt->OptionalHeader.AddressOfEntryPoint != 0)
        Module->Entry.EntryPoint = (PUCHAR)DllBase + Nt->OptionalHeader.AddressOfEntryPoint;
    Module->Entry.Flags = IsDll ? LDRP_IMAGE_DLL : 0;
    /* Wine and Neptune do not call the entry of a native-subsystem DLL:
     * that is how a driver looks (docs/pe-toolchain.md). */
    Module->CallEntry = IsDll && Module->Entry.EntryPoint != NULL &&
                        Nt->OptionalHeader.Subsystem != IMAGE_SUBSYSTEM_NATIVE;
    Module->TlsDirectory = LdrpImageDirectory(DllBase, IMAGE_DIRECTORY_ENTRY_TLS, &TlsSize);
    if (TlsSize < sizeof(IMAGE_TLS_DIRECTORY))
        Module->TlsDirectory = NULL;
    InitializeListHead(&Module->Entry.InInitializationOrderLinks);
    InitializeListHead(&Module->Entry.HashLinks);
    InitializeListHead(&Module->Entry.NodeModuleLink);
    InsertTailList(&LdrpLoaderData.InLoadOrderModuleList, &Module->Entry.InLoadOrderLinks);
    InsertTailList(&LdrpLoaderData.InMemoryOrderModuleList, &Module->Entry.InMemoryOrderLinks);
    *Result = Module;
    return STATUS_SUCCESS;
}

/* Takes the module off every list, gives back its TLS index, unmaps it
 * (unless it is the program or ntdll) and frees the record. */
static VOID LdrpDestroyModule(PLDRP_MODULE Module) {
    if (Module->TlsAllocated)
        LdrpTlsRemoveModule(&LdrpTls, Module->Entry.TlsIndex);
    RemoveEntryList(&Module->Entry.InLoadOrderLinks);
    RemoveEntryList(&Module->Entry.InMemoryOrderLinks);
    RemoveEntryList(&Module->Entry.InInitializationOrderLinks);
    if (!Module->Pinned)
        NtUnmapViewOfSection(NtCurrentProcess(), Module->Entry.DllBase);
    LdrpFree(Module->Imports);
    LdrpFree(Module->Entry.FullDllName.Buffer);
    LdrpFree(Module);
}

/* ---- References ----------------------------------------------------------------------- */

static VOID LdrpReference(PLDRP_MODULE Module) {
    if (Module->Pinned || Module->Entry.LoadCount == LDRP_PINNED_COUNT)
        return;
    Module->Entry.LoadCount++;
    Module->Entry.ReferenceCount++;
}

/* Records that Importer holds a reference on Module (once per pair). */
static NTSTATUS LdrpAddImportReference(PLDRP_MODULE Importer, PLDRP_MODULE Module) {
    if (Importer == NULL || Importer == Module)
        return STATUS_SUCCESS;
    for (ULONG i = 0; i < Importer->ImportCount; i++) {
        if (Importer->Imports[i] == Module)
            return STATUS_SUCCESS;
    }
    if (Importer->ImportCount == Importer->ImportCapacity) {
        ULONG Capacity = Importer->ImportCapacity ? Importer->ImportCapacity * 2 : 4;
        PLDRP_MODULE *Imports = LdrpAllocate(Capacity * sizeof(*Imports));

        if (Imports == NULL)
            return STATUS_NO_MEMORY;
        for (ULONG i = 0; i < Importer->ImportCount; i++)
            Imports[i] = Importer->Imports[i];
        LdrpFree(Importer->Imports);
        Importer->Imports = Imports;
        Importer->ImportCapacity = Capacity;
    }
    Importer->Imports[Importer->ImportCount++] = Module;
    LdrpReference(Module);
    return STATUS_SUCCESS;
}

/* Drops one reference; a module that reaches zero joins *Pending and
 * drops the references it holds in turn. */
static VOID LdrpDereference(PLDRP_MODULE Module, PLDRP_MODULE *Pending) {
    if (Module->Pinned || Module->Entry.LoadCount == LDRP_PINNED_COUNT || Module->UnloadPending)
        return;
    if (Module->Entry.LoadCount > 0) {
        Module->Entry.LoadCount--;
        Module->Entry.ReferenceCount--;
    }
    if (Module->Entry.LoadCount > 0)
        return;
    Module->UnloadPending = TRUE;
    Module->NextPending = *Pending;
    *Pending = Module;
    for (ULONG i = 0; i < Module->ImportCount; i++)
        LdrpDereference(Module->Imports[i], Pending);
}

/* ---- Initialization routines --------------------------------------------------------------- */

static VOID LdrpCallTlsCallbacks(PLDRP_MODULE Module, ULONG Reason) {
    PIMAGE_TLS_CALLBACK *Callback;
    ULONG_PTR Base = (ULONG_PTR)Module->Entry.DllBase;

    if (Module->TlsDirectory == NULL || Module->TlsDirectory->AddressOfCallBacks == 0)
        return;
    Callback = (PIMAGE_TLS_CALLBACK *)(ULONG_PTR)Module->TlsDirectory->AddressOfCallBacks;
    if ((ULONG_PTR)Callback < Base || (ULONG_PTR)Callback - Base >= Module->Entry.SizeOfImage)
        return;
    for (; *Callback != NULL; Callback++)
        (*Callback)(Module->Entry.DllBase, Reason, NULL);
}

static BOOLEAN LdrpCallDllMain(PLDRP_MODULE Module, ULONG Reason, PVOID Reserved) {
    LDRP_DLL_MAIN DllMain = (LDRP_DLL_MAIN)Module->Entry.EntryPoint;

    if (!Module->CallEntry)
        return TRUE;
    return DllMain(Module->Entry.DllBase, Reason, Reserved) != 0;
}

/* TLS callbacks first, then DllMain, for every reason (as Windows, Wine
 * and ReactOS do). */
static BOOLEAN LdrpCallInitRoutines(PLDRP_MODULE Module, ULONG Reason, PVOID Reserved) {
    LdrpCallTlsCallbacks(Module, Reason);
    return LdrpCallDllMain(Module, Reason, Reserved);
}

/* TLS, then the attach routines; a DLL goes on the initialization list. */
static NTSTATUS LdrpInitializeModule(PLDRP_MODULE Module, BOOLEAN StaticLoad) {
    NTSTATUS Status;
    ULONG Index;

    if (Module->TlsDirectory != NULL && !Module->TlsAllocated) {
        Status = LdrpTlsAddModule(&LdrpTls, Module->Entry.DllBase, Module->TlsDirectory, &Index);
        if (!NT_SUCCESS(Status))
            return Status;
        Module->TlsAllocated = TRUE;
        Module->Entry.TlsIndex = (USHORT)Index;
    }
    if (Module->Entry.Flags & LDRP_IMAGE_DLL)
        InsertTailList(&LdrpLoaderData.InInitializationOrderModuleList,
                       &Module->Entry.InInitializationOrderLinks);
    Module->State = LDRP_STATE_READY;
    Module->Entry.Flags |= LDRP_ENTRY_PROCESSED | LDRP_PROCESS_ATTACH_CALLED;
    LdrpLoaderData.EntryInProgress = &Module->Entry;
    BOOLEAN Ok = LdrpCallInitRoutines(Module, DLL_PROCESS_ATTACH, StaticLoad ? (PVOID)1 : NULL);
    LdrpLoaderData.EntryInProgress = NULL;
    return Ok ? STATUS_SUCCESS : STATUS_DLL_INIT_FAILED;
}

VOID LdrpCallThreadRoutines(ULONG Reason) {
    PLIST_ENTRY Head = &LdrpLoaderData.InInitializationOrderModuleList;
    BOOLEAN Attach = Reason == DLL_THREAD_ATTACH;

    if (!Attach && LdrpImageModule != NULL)
        LdrpCallTlsCallbacks(LdrpImageModule, Reason);
    for (PLIST_ENTRY Link = Attach ? Head->Flink : Head->Blink; Link != Head;
         Link = Attach ? Link->Flink : Link->Blink) {
        PLDRP_MODULE Module = LdrpModuleFromInitLink(Link);

        if (Module->State == LDRP_STATE_READY &&
            !(Module->Entry.Flags & LDRP_DONT_CALL_FOR_THREADS))
            LdrpCallInitRoutines(Module, Reason, NULL);
    }
    if (Attach && LdrpImageModule != NULL)
        LdrpCallTlsCallbacks(LdrpImageModule, Reason);
}

VOID LdrpCallProcessDetach(VOID) {
    PLIST_ENTRY Head = &LdrpLoaderData.InInitializationOrderModuleList;

    if (LdrpImageModule != NULL)
        LdrpCallTlsCallbacks(LdrpImageModule, DLL_PROCESS_DETACH);
    for (PLIST_ENTRY Link = Head->Blink; Link != Head; Link = Link->Blink) {
        PLDRP_MODULE Module = LdrpModuleFromInitLink(Link);

        if (Module->Entry.Flags & LDRP_PROCESS_ATTACH_CALLED) {
            Module->Entry.Flags &= ~LDRP_PROCESS_ATTACH_CALLED;
            LdrpCallInitRoutines(Module, DLL_PROCESS_DETACH, (PVOID)1);
        }
    }
}

/* ---- Mapping ---------------------------------------------------------------------------- */

/* L"C:\Windows\System32\<name>": where a known DLL nominally lives. */
static VOID LdrpMakeFullName(PLDRP_NAME Name, PWCHAR Buffer, SIZE_T Capacity,
                             PUNICODE_STRING Full) {
    static const WCHAR System32[] = u"\\System32\\";
    const WCHAR *Root = SharedUserData->NtSystemRoot;
    SIZE_T Length = 0;

    if (Root[0] == 0)
        Root = u"C:\\Windows";
    for (SIZE_T i = 0; Root[i] != 0 && Length < Capacity; i++)
        Buffer[Length++] = Root[i];
    for (SIZE_T i = 0; System32[i] != 0 && Length < Capacity; i++)
        Buffer[Length++] = System32[i];
    for (SIZE_T i = 0; i < Name->Length && Length < Capacity; i++)
        Buffer[Length++] = Name->Buffer[i];
    Full->Buffer = Buffer;
    Full->Length = (USHORT)(Length * sizeof(WCHAR));
    Full->MaximumLength = Full->Length;
}

NTSTATUS LdrpCreateSystemModule(PVOID DllBase, PCWSTR BaseName, PLDRP_MODULE *Module) {
    WCHAR FullBuffer[LDRP_MAX_NAME + 64];
    UNICODE_STRING FullName;
    LDRP_NAME Name;
    SIZE_T Length = 0;

    while (BaseName[Length] != 0)
        Length++;
    NTSTATUS Status = LdrpMakeBaseName(BaseName, Length, &Name);
    if (!NT_SUCCESS(Status))
        return Status;
    LdrpMakeFullName(&Name, FullBuffer, RTL_NUMBER_OF(FullBuffer), &FullName);
    return LdrpCreateModule(DllBase, &FullName, TRUE, Module);
}

/* Maps an image section into this process (a PAGE_READWRITE view: the
 * executive applies the image's own page protections) and closes the
 * section handle; the view keeps what it needs. */
static NTSTATUS LdrpMapSection(HANDLE Section, PVOID *DllBase, BOOLEAN *NotAtBase) {
    SIZE_T ViewSize = 0;
    NTSTATUS Status;

    *DllBase = NULL;
    Status = NtMapViewOfSection(Section, NtCurrentProcess(), DllBase, 0, 0, NULL, &ViewSize,
                                ViewShare, 0, PAGE_READWRITE);
    NtClose(Section);
    if (!NT_SUCCESS(Status))
        return Status;
    *NotAtBase = Status == STATUS_IMAGE_NOT_AT_BASE;
    return STATUS_SUCCESS;
}

/* Maps \KnownDlls\<name> into this process; STATUS_DLL_NOT_FOUND when the
 * name is not a known DLL. */
static NTSTATUS LdrpMapKnownDll(PLDRP_NAME Name, PVOID *DllBase, BOOLEAN *NotAtBase) {
    static const WCHAR Prefix[] = u"\\KnownDlls\\";
    WCHAR Path[LDRP_MAX_NAME + RTL_NUMBER_OF(Prefix)];
    UNICODE_STRING SectionName;
    OBJECT_ATTRIBUTES Attributes;
    SIZE_T Length = 0;
    HANDLE Section;
    NTSTATUS Status;

    for (SIZE_T i = 0; Prefix[i] != 0; i++)
        Path[Length++] = Prefix[i];
    for (USHORT i = 0; i < Name->Length; i++)
        Path[Length++] = LdrpDowncase(Name->Buffer[i]);
    SectionName.Buffer = Path;
    SectionName.Length = (USHORT)(Length * sizeof(WCHAR));
    SectionName.MaximumLength = SectionName.Length;
    InitializeObjectAttributes(&Attributes, &SectionName, OBJ_CASE_INSENSITIVE, NULL, NULL);
    /* The rights Windows' loader asks for: the PAGE_READWRITE view needs
     * SECTION_MAP_WRITE. */
    Status = NtOpenSection(&Section, SECTION_MAP_READ | SECTION_MAP_WRITE | SECTION_MAP_EXECUTE,
                           &Attributes);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND || Status == STATUS_OBJECT_PATH_NOT_FOUND)
        return STATUS_DLL_NOT_FOUND;
    if (!NT_SUCCESS(Status))
        return Status;
    return LdrpMapSection(Section, DllBase, NotAtBase);
}

/* What an open of a candidate file answers when there is simply no such
 * file there: the search goes on with the next directory. */
static BOOLEAN LdrpNoSuchFile(NTSTATUS Status) {
    return Status == STATUS_OBJECT_NAME_NOT_FOUND || Status == STATUS_OBJECT_PATH_NOT_FOUND ||
           Status == STATUS_OBJECT_NAME_INVALID || Status == STATUS_OBJECT_PATH_SYNTAX_BAD ||
           Status == STATUS_FILE_IS_A_DIRECTORY || Status == STATUS_NOT_A_DIRECTORY ||
           Status == STATUS_NO_SUCH_FILE;
}

/*
 * Maps the DLL file at DosPath (a full DOS path, NUL-terminated) as Windows'
 * loader does: the file opened for read, execute and synchronize, sharing
 * read and delete; an image section of it; a view in this process.  The
 * file and section handles are closed whatever happens (the view keeps the
 * section).  STATUS_DLL_NOT_FOUND when there is no such file; what
 * NtOpenFile or NtCreateSection answers otherwise (a file that is no PE
 * image: STATUS_INVALID_IMAGE_FORMAT).
 */
static NTSTATUS LdrpMapFile(PCWSTR DosPath, PVOID *DllBase, BOOLEAN *NotAtBase) {
    UNICODE_STRING NtPath;
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Io;
    HANDLE File, Section;
    NTSTATUS Status = RtlDosPathNameToNtPathName_U_WithStatus(DosPath, &NtPath, NULL, NULL);

    if (!NT_SUCCESS(Status))
        return STATUS_DLL_NOT_FOUND;
    InitializeObjectAttributes(&Attributes, &NtPath, OBJ_CASE_INSENSITIVE, NULL, NULL);
    Status = NtOpenFile(&File, SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA, &Attributes, &Io,
                        FILE_SHARE_READ | FILE_SHARE_DELETE,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
    RtlFreeUnicodeString(&NtPath);
    if (LdrpNoSuchFile(Status))
        return STATUS_DLL_NOT_FOUND;
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtCreateSection(&Section,
                             SECTION_QUERY | SECTION_MAP_READ | SECTION_MAP_WRITE |
                                 SECTION_MAP_EXECUTE,
                             NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File);
    NtClose(File);
    /* No "MZ" at all is still a bad image to whoever asked for a DLL. */
    if (Status == STATUS_INVALID_IMAGE_NOT_MZ)
        Status = STATUS_INVALID_IMAGE_FORMAT;
    if (!NT_SUCCESS(Status))
        return Status;
    return LdrpMapSection(Section, DllBase, NotAtBase);
}

/* Makes the module record for a freshly mapped view (FullName: what
 * FullDllName will say); on failure the view is unmapped. */
static NTSTATUS LdrpAddMappedModule(PVOID DllBase, BOOLEAN NotAtBase, PCUNICODE_STRING FullName,
                                    PLDRP_MODULE *Result) {
    PIMAGE_NT_HEADERS Nt = LdrpImageHeaders(DllBase);
    NTSTATUS Status;

    if (Nt == NULL || Nt->FileHeader.Machine != IMAGE_FILE_MACHINE_AMD64) {
        NtUnmapViewOfSection(NtCurrentProcess(), DllBase);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    /* Not where its headers say, and the executive did not relocate it. */
    if (!NotAtBase && (ULONG_PTR)DllBase != Nt->OptionalHeader.ImageBase) {
        Status = LdrpRelocateImage(DllBase,
                                   (LONGLONG)((ULONG_PTR)DllBase - Nt->OptionalHeader.ImageBase));
        if (!NT_SUCCESS(Status)) {
            NtUnmapViewOfSection(NtCurrentProcess(), DllBase);
            return Status;
        }
        NotAtBase = TRUE;
    }
    Status = LdrpCreateModule(DllBase, FullName, TRUE, Result);
    if (!NT_SUCCESS(Status)) {
        NtUnmapViewOfSection(NtCurrentProcess(), DllBase);
        return Status;
    }
    if (NotAtBase)
        (*Result)->Entry.Flags |= LDRP_IMAGE_NOT_AT_BASE;
    return STATUS_SUCCESS;
}

/* ---- Finding a DLL ---------------------------------------------------------------------- */

static BOOLEAN LdrpIsSeparator(WCHAR Char) { return Char == '\\' || Char == '/'; }

/* A name with a directory part ("C:\x\a.dll", "sub\a.dll", "a/b"). */
static BOOLEAN LdrpHasPath(PCWSTR Name, SIZE_T Chars) {
    if (Chars >= 2 && Name[1] == ':')
        return TRUE;
    for (SIZE_T i = 0; i < Chars; i++) {
        if (LdrpIsSeparator(Name[i]))
            return TRUE;
    }
    return FALSE;
}

/* A path that is not searched for: with a drive ("C:\\x", "C:x") or rooted
 * ("\\x", UNC).  Any relative path ("sub\\a.dll", ".\\a.dll") is looked for
 * along the search path, each directory with the whole path appended, as
 * LoadLibrary documents (and Wine does). */
static BOOLEAN LdrpIsDirectPath(PCWSTR Name, SIZE_T Chars) {
    return (Chars >= 2 && Name[1] == ':') || (Chars >= 1 && LdrpIsSeparator(Name[0]));
}

/* Name with the file name rule applied, in Out (LDRP_MAX_PATH WCHARs,
 * NUL-terminated): ".dll" added to a last component without a '.', a
 * trailing '.' dropped. */
static NTSTATUS LdrpApplySuffix(PCWSTR Name, SIZE_T Chars, PWCHAR Out, SIZE_T *OutChars) {
    SIZE_T Length = 0, Start = 0;
    BOOLEAN HasDot = FALSE;

    if (Chars + 5 > LDRP_MAX_PATH)
        return STATUS_NAME_TOO_LONG;
    for (SIZE_T i = 0; i < Chars; i++) {
        Out[Length++] = Name[i];
        if (LdrpIsSeparator(Name[i])) {
            Start = Length;
            HasDot = FALSE;
        } else if (Name[i] == '.') {
            HasDot = TRUE;
        }
    }
    if (Length == Start) /* "C:\dir\": no file name */
        return STATUS_DLL_NOT_FOUND;
    if (Out[Length - 1] == '.') {
        Length--;
    } else if (!HasDot) {
        Out[Length++] = '.';
        Out[Length++] = 'd';
        Out[Length++] = 'l';
        Out[Length++] = 'l';
    }
    Out[Length] = 0;
    *OutChars = Length;
    return STATUS_SUCCESS;
}

/* Name (suffix rule applied) as a full DOS path in Buffer (LDRP_MAX_PATH
 * WCHARs, NUL-terminated), resolved against the current directory. */
static NTSTATUS LdrpFullPath(PCWSTR Name, SIZE_T Chars, PWCHAR Buffer, PUNICODE_STRING Full) {
    WCHAR Given[LDRP_MAX_PATH];
    SIZE_T Length;
    ULONG Bytes;
    NTSTATUS Status = LdrpApplySuffix(Name, Chars, Given, &Length);

    if (!NT_SUCCESS(Status))
        return Status;
    Bytes = RtlGetFullPathName_U(Given, LDRP_MAX_PATH * sizeof(WCHAR), Buffer, NULL);
    if (Bytes == 0)
        return STATUS_DLL_NOT_FOUND;
    if (Bytes >= LDRP_MAX_PATH * sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    Full->Buffer = Buffer;
    Full->Length = (USHORT)Bytes;
    Full->MaximumLength = (USHORT)(Bytes + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

static BOOLEAN LdrpEqualNoCase(PCUNICODE_STRING A, PCUNICODE_STRING B) {
    if (A->Length != B->Length)
        return FALSE;
    for (USHORT i = 0; i < A->Length / sizeof(WCHAR); i++) {
        if (LdrpDowncase(A->Buffer[i]) != LdrpDowncase(B->Buffer[i]))
            return FALSE;
    }
    return TRUE;
}

static PLDRP_MODULE LdrpFindModuleByFullName(PCUNICODE_STRING Full) {
    PLIST_ENTRY Head = &LdrpLoaderData.InLoadOrderModuleList;

    for (PLIST_ENTRY Link = Head->Flink; Link != Head; Link = Link->Flink) {
        PLDRP_MODULE Module = LdrpModuleFromLoadLink(Link);

        if (LdrpEqualNoCase(&Module->Entry.FullDllName, Full))
            return Module;
    }
    return NULL;
}

static SIZE_T LdrpWideLength(PCWSTR String) {
    SIZE_T Length = 0;

    while (String[Length] != 0)
        Length++;
    return Length;
}

static VOID LdrpAppend(PWCHAR Buffer, SIZE_T *Length, PCWSTR Text, SIZE_T Chars) {
    for (SIZE_T i = 0; i < Chars; i++)
        Buffer[(*Length)++] = Text[i];
}

/*
 * The default search path, as one ';' list from the heap: the program's
 * directory, <SystemRoot>\System32, <SystemRoot>, the current directory,
 * then the Path environment variable.  (Windows' 16-bit "System" directory
 * has no counterpart here.)
 */
static NTSTATUS LdrpDefaultSearchPath(PWSTR *Result) {
    static const WCHAR System32[] = u"\\System32";
    UNICODE_STRING PathName = RTL_CONSTANT_STRING(u"Path"), PathValue;
    PRTL_USER_PROCESS_PARAMETERS Parameters = NtCurrentPeb()->ProcessParameters;
    PCWSTR Root = SharedUserData->NtSystemRoot, App = NULL;
    SIZE_T RootChars, AppChars = 0, CurrentChars, PathChars = 0, Capacity, Length = 0;
    PWSTR Buffer;

    if (Root[0] == 0)
        Root = u"C:\\Windows";
    RootChars = LdrpWideLength(Root);
    if (Parameters != NULL && Parameters->ImagePathName.Buffer != NULL) {
        App = Parameters->ImagePathName.Buffer;
        for (USHORT i = 0; i < Parameters->ImagePathName.Length / sizeof(WCHAR); i++) {
            if (App[i] == '\\' || App[i] == '/')
                AppChars = i + 1; /* keeps the '\': "C:\" stays a root */
        }
    }
    CurrentChars = RtlGetCurrentDirectory_U(0, NULL) / sizeof(WCHAR);
    PathValue.Buffer = NULL;
    PathValue.Length = PathValue.MaximumLength = 0;
    if (RtlQueryEnvironmentVariable_U(NULL, &PathName, &PathValue) == STATUS_BUFFER_TOO_SMALL)
        PathChars = PathValue.Length / sizeof(WCHAR);
    Capacity = AppChars + 1 + RootChars + RTL_NUMBER_OF(System32) + RootChars + 1 + CurrentChars +
               1 + PathChars + 1;
    Buffer = LdrpAllocate(Capacity * sizeof(WCHAR));
    if (Buffer == NULL)
        return STATUS_NO_MEMORY;
    LdrpAppend(Buffer, &Length, App, AppChars);
    Buffer[Length++] = ';';
    LdrpAppend(Buffer, &Length, Root, RootChars);
    LdrpAppend(Buffer, &Length, System32, RTL_NUMBER_OF(System32) - 1);
    Buffer[Length++] = ';';
    LdrpAppend(Buffer, &Length, Root, RootChars);
    Buffer[Length++] = ';';
    /* Either may have changed since we measured it (another thread): what
     * no longer fits is left out. */
    if (CurrentChars != 0) {
        ULONG Bytes = RtlGetCurrentDirectory_U((ULONG)((Capacity - Length) * sizeof(WCHAR)),
                                               Buffer + Length);
        if (Bytes < (Capacity - Length) * sizeof(WCHAR))
            Length += Bytes / sizeof(WCHAR);
    }
    Buffer[Length++] = ';';
    if (PathChars != 0) {
        PathValue.Buffer = Buffer + Length;
        PathValue.Length = 0;
        PathValue.MaximumLength = (USHORT)((Capacity - Length - 1) * sizeof(WCHAR));
        if (NT_SUCCESS(RtlQueryEnvironmentVariable_U(NULL, &PathName, &PathValue)))
            Length += PathValue.Length / sizeof(WCHAR);
    }
    Buffer[Length] = 0;
    *Result = Buffer;
    return STATUS_SUCCESS;
}

/*
 * Looks for the file Name (Chars WCHARs: a base name or a relative path,
 * ".dll" rule applied) in each directory of SearchPath (';'-separated;
 * NULL: the default order) and maps the first one found; *IsNew is FALSE
 * when that file is a module loaded already.  A file that is there but
 * cannot be mapped ends the search with its error, as on Windows.
 */
static NTSTATUS LdrpSearchAndMap(PCWSTR Name, SIZE_T NameChars, PCWSTR SearchPath,
                                 PLDRP_MODULE *Result, BOOLEAN *IsNew) {
    WCHAR Candidate[LDRP_MAX_PATH], FullBuffer[LDRP_MAX_PATH];
    NTSTATUS Status = STATUS_SUCCESS;
    PWSTR Default = NULL;
    PCWSTR Next;

    if (SearchPath == NULL) {
        Status = LdrpDefaultSearchPath(&Default);
        if (!NT_SUCCESS(Status))
            return Status;
        SearchPath = Default;
    }
    Status = STATUS_DLL_NOT_FOUND;
    for (Next = SearchPath; *Next != 0;) {
        PCWSTR Entry = Next;
        SIZE_T Chars = 0, Length = 0;
        UNICODE_STRING Full;
        PVOID DllBase;
        BOOLEAN NotAtBase = FALSE;
        ULONG Bytes;

        while (Next[Chars] != 0 && Next[Chars] != ';')
            Chars++;
        Next += Chars + (Next[Chars] == ';' ? 1 : 0);
        if (Chars == 0 || Chars + 1 + NameChars + 1 > LDRP_MAX_PATH)
            continue;
        LdrpAppend(Candidate, &Length, Entry, Chars);
        if (!LdrpIsSeparator(Candidate[Length - 1]))
            Candidate[Length++] = '\\';
        LdrpAppend(Candidate, &Length, Name, NameChars);
        Candidate[Length] = 0;
        Bytes = RtlGetFullPathName_U(Candidate, sizeof(FullBuffer), FullBuffer, NULL);
        if (Bytes == 0 || Bytes >= sizeof(FullBuffer))
            continue;
        Full.Buffer = FullBuffer;
        Full.Length = (USHORT)Bytes;
        Full.MaximumLength = (USHORT)(Bytes + sizeof(WCHAR));
        *Result = LdrpFindModuleByFullName(&Full);
        if (*Result != NULL) { /* a relative path that leads to a loaded module */
            *IsNew = FALSE;
            Status = STATUS_SUCCESS;
            break;
        }
        Status = LdrpMapFile(FullBuffer, &DllBase, &NotAtBase);
        if (Status == STATUS_DLL_NOT_FOUND)
            continue;
        if (NT_SUCCESS(Status)) {
            *IsNew = TRUE;
            Status = LdrpAddMappedModule(DllBase, NotAtBase, &Full, Result);
        }
        break;
    }
    LdrpFree(Default);
    return Status;
}

/* ---- Loading ------------------------------------------------------------------------------- */

/*
 * The module for Name (Chars WCHARs, no NUL needed), mapped if need be and
 * then recorded as new in the session.  A direct path (LdrpIsDirectPath)
 * is made full and matched against the loaded modules' full names, or
 * mapped from that file.  A base name is matched against the loaded
 * modules' base names, then is a known DLL, then is searched for along the
 * session's path; so is any other relative path (but never as a known DLL
 * or by base name).
 */
static NTSTATUS LdrpGetModule(PCWSTR Name, SIZE_T Chars, PLDRP_SESSION Session,
                              PLDRP_MODULE *Result) {
    PLDRP_MODULE Module = NULL;
    BOOLEAN NotAtBase = FALSE, IsNew = TRUE;
    PVOID DllBase;
    NTSTATUS Status;

    if (LdrpIsDirectPath(Name, Chars)) {
        WCHAR FullBuffer[LDRP_MAX_PATH];
        UNICODE_STRING Full;

        Status = LdrpFullPath(Name, Chars, FullBuffer, &Full);
        if (!NT_SUCCESS(Status))
            return Status;
        Module = LdrpFindModuleByFullName(&Full);
        if (Module != NULL) {
            *Result = Module;
            return STATUS_SUCCESS;
        }
        Status = LdrpMapFile(FullBuffer, &DllBase, &NotAtBase);
        if (NT_SUCCESS(Status))
            Status = LdrpAddMappedModule(DllBase, NotAtBase, &Full, &Module);
    } else if (LdrpHasPath(Name, Chars)) {
        WCHAR Relative[LDRP_MAX_PATH];
        SIZE_T Length;

        Status = LdrpApplySuffix(Name, Chars, Relative, &Length);
        if (NT_SUCCESS(Status))
            Status = LdrpSearchAndMap(Relative, Length, Session->SearchPath, &Module, &IsNew);
    } else {
        LDRP_NAME Base;

        Status = LdrpMakeBaseName(Name, Chars, &Base);
        if (!NT_SUCCESS(Status))
            return Status;
        Module = LdrpFindModuleByName(&Base);
        if (Module != NULL) {
            *Result = Module;
            return STATUS_SUCCESS;
        }
        Status = LdrpMapKnownDll(&Base, &DllBase, &NotAtBase);
        if (NT_SUCCESS(Status)) {
            WCHAR FullBuffer[LDRP_MAX_NAME + 64];
            UNICODE_STRING Full;

            LdrpMakeFullName(&Base, FullBuffer, RTL_NUMBER_OF(FullBuffer), &Full);
            Status = LdrpAddMappedModule(DllBase, NotAtBase, &Full, &Module);
        } else if (Status == STATUS_DLL_NOT_FOUND) {
            Status = LdrpSearchAndMap(Base.Buffer, Base.Length, Session->SearchPath, &Module,
                                      &IsNew);
        }
    }
    if (!NT_SUCCESS(Status))
        return Status;
    if (IsNew) {
        Module->NextInSession = Session->FirstNew;
        Session->FirstNew = Module;
    }
    *Result = Module;
    return STATUS_SUCCESS;
}

/* The resolver ldr.c calls for each imported DLL and forwarder target. */
static NTSTATUS LdrpResolveImport(PVOID Context, PCSTR DllName, SIZE_T DllNameLength,
                                  PVOID *DllBase) {
    PLDRP_SESSION Session = Context;
    WCHAR Wide[LDRP_MAX_NAME];
    PLDRP_MODULE Module;
    NTSTATUS Status;

    if (DllNameLength > LDRP_MAX_NAME)
        return STATUS_NAME_TOO_LONG;
    for (SIZE_T i = 0; i < DllNameLength; i++)
        Wide[i] = (UCHAR)DllName[i];
    Status = LdrpGetModule(Wide, DllNameLength, Session, &Module);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = LdrpAddImportReference(Session->Importer, Module);
    if (NT_SUCCESS(Status) && Module->State == LDRP_STATE_MAPPED)
        Status = LdrpSnapModule(Module, Session);
    if (!NT_SUCCESS(Status))
        return Status;
    *DllBase = Module->Entry.DllBase;
    return STATUS_SUCCESS;
}

/* Binds Module's imports (loading what they name), then queues it for
 * initialization after everything it imports. */
static NTSTATUS LdrpSnapModule(PLDRP_MODULE Module, PLDRP_SESSION Session) {
    PLDRP_MODULE Importer = Session->Importer;
    NTSTATUS Status;

    Module->State = LDRP_STATE_SNAPPING;
    Module->Entry.Flags |= LDRP_LOAD_IN_PROGRESS;
    Session->Importer = Module;
    Status = LdrpSnapImports(Module->Entry.DllBase, LdrpResolveImport, Session, &Session->Failure);
    Session->Importer = Importer;
    if (!NT_SUCCESS(Status))
        return Status;
    Module->State = LDRP_STATE_SNAPPED;
    Module->Entry.Flags &= ~LDRP_LOAD_IN_PROGRESS;
    Module->NextToInitialize = NULL;
    *Session->InitTail = Module;
    Session->InitTail = &Module->NextToInitialize;
    return STATUS_SUCCESS;
}

/* Undoes a failed session: everything it mapped goes, with the references
 * those modules took on modules that were loaded before. */
static VOID LdrpRollBack(PLDRP_SESSION Session) {
    PLDRP_MODULE Pending = NULL;

    for (PLDRP_MODULE Module = Session->FirstNew; Module != NULL; Module = Module->NextInSession) {
        Module->UnloadPending = TRUE;
        Module->NextPending = Pending;
        Pending = Module;
    }
    for (PLDRP_MODULE Module = Session->FirstNew; Module != NULL; Module = Module->NextInSession) {
        for (ULONG i = 0; i < Module->ImportCount; i++)
            LdrpDereference(Module->Imports[i], &Pending);
    }
    LdrpUnloadPending(Pending);
}

static VOID LdrpStartSession(PLDRP_SESSION Session, BOOLEAN StaticLoad) {
    Session->Importer = NULL;
    Session->FirstNew = NULL;
    Session->InitHead = NULL;
    Session->InitTail = &Session->InitHead;
    Session->StaticLoad = StaticLoad;
    Session->SearchPath = NULL;
    Session->Failure.DllName = NULL;
    Session->Failure.ProcedureName = NULL;
}

/* Binds Root (if not bound yet) and initializes the session's modules. */
static NTSTATUS LdrpFinishSession(PLDRP_MODULE Root, PLDRP_SESSION Session) {
    NTSTATUS Status = STATUS_SUCCESS;

    if (Root->State == LDRP_STATE_MAPPED)
        Status = LdrpSnapModule(Root, Session);
    for (PLDRP_MODULE Module = Session->InitHead; NT_SUCCESS(Status) && Module != NULL;
         Module = Module->NextToInitialize)
        Status = LdrpInitializeModule(Module, Session->StaticLoad);
    if (!NT_SUCCESS(Status)) {
        if (Session->StaticLoad && Session->Failure.DllName != NULL)
            LdrpReport("cannot load ", Session->Failure.DllName, Session->Failure.DllNameLength,
                       Status);
        if (Session->StaticLoad && Session->Failure.ProcedureName != NULL)
            LdrpReport("missing import ", Session->Failure.ProcedureName,
                       Session->Failure.ProcedureNameLength, Status);
        LdrpRollBack(Session);
    }
    return Status;
}

NTSTATUS LdrpLoadImportsAndInitialize(PLDRP_MODULE Root, BOOLEAN StaticLoad) {
    LDRP_SESSION Session;

    LdrpStartSession(&Session, StaticLoad);
    return LdrpFinishSession(Root, &Session);
}

static NTSTATUS LdrpLoadDll(PCWSTR SearchPath, PCUNICODE_STRING DllName, PLDRP_MODULE *Result) {
    LDRP_SESSION Session;
    PLDRP_MODULE Module;
    NTSTATUS Status;

    LdrpStartSession(&Session, FALSE);
    Session.SearchPath = SearchPath;
    Status = LdrpGetModule(DllName->Buffer, DllName->Length / sizeof(WCHAR), &Session, &Module);
    if (!NT_SUCCESS(Status))
        return Status;
    LdrpReference(Module);
    if (Session.FirstNew == NULL) { /* loaded already */
        *Result = Module;
        return STATUS_SUCCESS;
    }
    Status = LdrpFinishSession(Module, &Session);
    if (NT_SUCCESS(Status))
        *Result = Module;
    return Status;
}

/* ---- Unloading ------------------------------------------------------------------------------ */

/* Forgets references that surviving modules hold on pending ones (only a
 * rolled-back session leaves such references behind). */
static VOID LdrpForgetPendingImports(VOID) {
    PLIST_ENTRY Head = &LdrpLoaderData.InLoadOrderModuleList;

    for (PLIST_ENTRY Link = Head->Flink; Link != Head; Link = Link->Flink) {
        PLDRP_MODULE Module = LdrpModuleFromLoadLink(Link);
        ULONG Kept = 0;

        if (Module->UnloadPending)
            continue;
        for (ULONG i = 0; i < Module->ImportCount; i++) {
            if (!Module->Imports[i]->UnloadPending)
                Module->Imports[Kept++] = Module->Imports[i];
        }
        Module->ImportCount = Kept;
    }
}

/* Detaches (reverse initialization order) and destroys every pending module. */
static VOID LdrpUnloadPending(PLDRP_MODULE Pending) {
    PLIST_ENTRY Head = &LdrpLoaderData.InInitializationOrderModuleList;

    LdrpForgetPendingImports();

    for (PLIST_ENTRY Link = Head->Blink; Link != Head;) {
        PLDRP_MODULE Module = LdrpModuleFromInitLink(Link);

        Link = Link->Blink;
        if (Module->UnloadPending && (Module->Entry.Flags & LDRP_PROCESS_ATTACH_CALLED)) {
            Module->Entry.Flags &= ~LDRP_PROCESS_ATTACH_CALLED;
            LdrpCallInitRoutines(Module, DLL_PROCESS_DETACH, NULL);
        }
    }
    while (Pending != NULL) {
        PLDRP_MODULE Next = Pending->NextPending;

        LdrpDestroyModule(Pending);
        Pending = Next;
    }
}

/* ---- Exports -------------------------------------------------------------------------------- */

NTSTATUS NTAPI LdrLoadDll(PWSTR SearchPath, PULONG DllCharacteristics, PUNICODE_STRING DllName,
                          PVOID *BaseAddress) {
    PLDRP_MODULE Module;
    NTSTATUS Status;

    (void)DllCharacteristics;
    if (DllName == NULL || DllName->Buffer == NULL || BaseAddress == NULL)
        return STATUS_INVALID_PARAMETER;
    /* Windows 8+ callers pass LOAD_LIBRARY_SEARCH_* flags as a small odd
     * "path"; those are not done: such a value means the default order. */
    if ((ULONG_PTR)SearchPath < 0x10000)
        SearchPath = NULL;
    LdrpAcquireLoaderLock();
    Status = LdrpLoadDll(SearchPath, DllName, &Module);
    *BaseAddress = NT_SUCCESS(Status) ? Module->Entry.DllBase : NULL;
    LdrpReleaseLoaderLock();
    return Status;
}

NTSTATUS NTAPI LdrUnloadDll(PVOID BaseAddress) {
    PLDRP_MODULE Module, Pending = NULL;
    NTSTATUS Status = STATUS_SUCCESS;

    LdrpAcquireLoaderLock();
    Module = LdrpFindModuleByBase(BaseAddress);
    if (Module == NULL || Module->State != LDRP_STATE_READY)
        Status = STATUS_DLL_NOT_FOUND;
    else
        LdrpDereference(Module, &Pending);
    if (Pending != NULL)
        LdrpUnloadPending(Pending);
    LdrpReleaseLoaderLock();
    return Status;
}

NTSTATUS NTAPI LdrGetDllHandle(PWSTR DllPath, PULONG DllCharacteristics, PUNICODE_STRING DllName,
                               PVOID *DllHandle) {
    WCHAR FullBuffer[LDRP_MAX_PATH];
    UNICODE_STRING Full;
    PLDRP_MODULE Module;
    LDRP_NAME Name;
    NTSTATUS Status;

    (void)DllPath;
    (void)DllCharacteristics;
    if (DllName == NULL || DllName->Buffer == NULL || DllHandle == NULL)
        return STATUS_INVALID_PARAMETER;
    LdrpAcquireLoaderLock();
    if (LdrpHasPath(DllName->Buffer, DllName->Length / sizeof(WCHAR))) {
        /* A path names one file: made full (against the current directory). */
        Status = LdrpFullPath(DllName->Buffer, DllName->Length / sizeof(WCHAR), FullBuffer, &Full);
        Module = NT_SUCCESS(Status) ? LdrpFindModuleByFullName(&Full) : NULL;
    } else {
        Status = LdrpMakeBaseName(DllName->Buffer, DllName->Length / sizeof(WCHAR), &Name);
        Module = NT_SUCCESS(Status) ? LdrpFindModuleByName(&Name) : NULL;
    }
    Status = STATUS_SUCCESS;
    if (Module != NULL && Module->State >= LDRP_STATE_SNAPPED)
        *DllHandle = Module->Entry.DllBase;
    else
        Status = STATUS_DLL_NOT_FOUND;
    LdrpReleaseLoaderLock();
    return Status;
}

NTSTATUS NTAPI LdrGetProcedureAddress(PVOID BaseAddress, PANSI_STRING Name, ULONG Ordinal,
                                      PVOID *ProcedureAddress) {
    LDRP_SESSION Session;
    PLDRP_MODULE Module;
    NTSTATUS Status;

    if (ProcedureAddress == NULL)
        return STATUS_INVALID_PARAMETER;
    LdrpAcquireLoaderLock();
    Module = LdrpFindModuleByBase(BaseAddress);
    if (Module == NULL) {
        LdrpReleaseLoaderLock();
        return STATUS_DLL_NOT_FOUND;
    }
    /* A forwarder may load its target: that is a session of its own, and
     * the module holding the forwarder keeps the reference. */
    LdrpStartSession(&Session, FALSE);
    Session.Importer = Module;
    if (Name != NULL && Name->Buffer != NULL)
        Status = LdrpResolveExport(BaseAddress, Name->Buffer, Name->Length, 0, 0, LdrpResolveImport,
                                   &Session, ProcedureAddress, NULL);
    else
        Status = LdrpResolveExport(BaseAddress, NULL, 0, 0, Ordinal, LdrpResolveImport, &Session,
                                   ProcedureAddress, NULL);
    /* As Wine (and GetProcAddress's ERROR_PROC_NOT_FOUND): a missing ordinal
     * is a missing procedure here; import binding keeps the distinction. */
    if (Status == STATUS_ORDINAL_NOT_FOUND)
        Status = STATUS_PROCEDURE_NOT_FOUND;
    if (Session.FirstNew != NULL) {
        for (PLDRP_MODULE New = Session.InitHead; NT_SUCCESS(Status) && New != NULL;
             New = New->NextToInitialize) {
            NTSTATUS InitStatus = LdrpInitializeModule(New, FALSE);

            if (!NT_SUCCESS(InitStatus))
                Status = InitStatus;
        }
        if (!NT_SUCCESS(Status))
            LdrpRollBack(&Session);
    }
    LdrpReleaseLoaderLock();
    return Status;
}

NTSTATUS NTAPI LdrDisableThreadCalloutsForDll(PVOID BaseAddress) {
    PLDRP_MODULE Module;
    NTSTATUS Status = STATUS_SUCCESS;

    LdrpAcquireLoaderLock();
    Module = LdrpFindModuleByBase(BaseAddress);
    if (Module == NULL)
        Status = STATUS_DLL_NOT_FOUND;
    else if (Module->TlsDirectory == NULL) /* TLS callbacks need the thread calls */
        Module->Entry.Flags |= LDRP_DONT_CALL_FOR_THREADS;
    LdrpReleaseLoaderLock();
    return Status;
}

NTSTATUS NTAPI LdrFindEntryForAddress(PVOID Address, PLDR_DATA_TABLE_ENTRY *Entry) {
    PLDRP_MODULE Module;

    LdrpAcquireLoaderLock();
    Module = LdrpFindModuleByAddress(Address);
    LdrpReleaseLoaderLock();
    if (Module == NULL)
        return STATUS_NO_MORE_ENTRIES;
    *Entry = &Module->Entry;
    return STATUS_SUCCESS;
}
