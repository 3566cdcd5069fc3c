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
 * Finding a DLL.  A DLL name is reduced to its base name ("x" and "x.dll"
 * are the same, "x." means no extension, directories are ignored) and
 * looked up case-insensitively among the loaded modules.  A DLL not loaded
 * yet is the image section \KnownDlls\<lower-case name>, which the
 * executive creates for every DLL of the boot archive: there is no file
 * system yet, so search paths are not used (docs/loader.md).  The section
 * is mapped with NtMapViewOfSection; STATUS_IMAGE_NOT_AT_BASE says the
 * executive placed and relocated the image elsewhere.  A view that is not
 * at the base its headers name, without that status, is relocated here.
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

static NTSTATUS LdrpMakeBaseNameAscii(PCSTR Name, SIZE_T Length, PLDRP_NAME Out) {
    WCHAR Wide[LDRP_MAX_NAME];

    if (Length > LDRP_MAX_NAME)
        return STATUS_NAME_TOO_LONG;
    for (SIZE_T i = 0; i < Length; i++)
        Wide[i] = (UCHAR)Name[i];
    return LdrpMakeBaseName(Wide, Length, Out);
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

/* Maps \KnownDlls\<name> into this process. */
static NTSTATUS LdrpMapKnownDll(PLDRP_NAME Name, PVOID *DllBase, BOOLEAN *NotAtBase) {
    static const WCHAR Prefix[] = u"\\KnownDlls\\";
    WCHAR Path[LDRP_MAX_NAME + RTL_NUMBER_OF(Prefix)];
    UNICODE_STRING SectionName;
    OBJECT_ATTRIBUTES Attributes;
    SIZE_T Length = 0, ViewSize = 0;
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
    /* The rights Windows' loader asks for: a PAGE_READWRITE view (the
     * executive applies the image's own page protections) needs
     * SECTION_MAP_WRITE. */
    Status = NtOpenSection(&Section, SECTION_MAP_READ | SECTION_MAP_WRITE | SECTION_MAP_EXECUTE,
                           &Attributes);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND || Status == STATUS_OBJECT_PATH_NOT_FOUND)
        return STATUS_DLL_NOT_FOUND;
    if (!NT_SUCCESS(Status))
        return Status;
    *DllBase = NULL;
    Status = NtMapViewOfSection(Section, NtCurrentProcess(), DllBase, 0, 0, NULL, &ViewSize,
                                ViewShare, 0, PAGE_READWRITE);
    NtClose(Section);
    if (!NT_SUCCESS(Status))
        return Status;
    *NotAtBase = Status == STATUS_IMAGE_NOT_AT_BASE;
    return STATUS_SUCCESS;
}

/* Maps a DLL that is not loaded yet and makes its module record. */
static NTSTATUS LdrpMapDll(PLDRP_NAME Name, PLDRP_MODULE *Result) {
    WCHAR FullBuffer[LDRP_MAX_NAME + 64];
    UNICODE_STRING FullName;
    PIMAGE_NT_HEADERS Nt;
    BOOLEAN NotAtBase = FALSE;
    PVOID DllBase;
    NTSTATUS Status = LdrpMapKnownDll(Name, &DllBase, &NotAtBase);

    if (!NT_SUCCESS(Status))
        return Status;
    Nt = LdrpImageHeaders(DllBase);
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
    LdrpMakeFullName(Name, FullBuffer, RTL_NUMBER_OF(FullBuffer), &FullName);
    Status = LdrpCreateModule(DllBase, &FullName, TRUE, Result);
    if (!NT_SUCCESS(Status)) {
        NtUnmapViewOfSection(NtCurrentProcess(), DllBase);
        return Status;
    }
    if (NotAtBase)
        (*Result)->Entry.Flags |= LDRP_IMAGE_NOT_AT_BASE;
    return STATUS_SUCCESS;
}

/* ---- Loading ------------------------------------------------------------------------------- */

/* The module for Name, mapped (and bound, in this session) if need be. */
static NTSTATUS LdrpGetModule(PLDRP_NAME Name, PLDRP_SESSION Session, PLDRP_MODULE *Result) {
    PLDRP_MODULE Module = LdrpFindModuleByName(Name);
    NTSTATUS Status;

    if (Module != NULL) {
        *Result = Module;
        return STATUS_SUCCESS;
    }
    Status = LdrpMapDll(Name, &Module);
    if (!NT_SUCCESS(Status))
        return Status;
    Module->NextInSession = Session->FirstNew;
    Session->FirstNew = Module;
    *Result = Module;
    return STATUS_SUCCESS;
}

/* The resolver ldr.c calls for each imported DLL and forwarder target. */
static NTSTATUS LdrpResolveImport(PVOID Context, PCSTR DllName, SIZE_T DllNameLength,
                                  PVOID *DllBase) {
    PLDRP_SESSION Session = Context;
    PLDRP_MODULE Module;
    LDRP_NAME Name;
    NTSTATUS Status = LdrpMakeBaseNameAscii(DllName, DllNameLength, &Name);

    if (NT_SUCCESS(Status))
        Status = LdrpGetModule(&Name, Session, &Module);
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

static NTSTATUS LdrpLoadDll(PCUNICODE_STRING DllName, PLDRP_MODULE *Result) {
    LDRP_SESSION Session;
    PLDRP_MODULE Module;
    LDRP_NAME Name;
    NTSTATUS Status = LdrpMakeBaseName(DllName->Buffer, DllName->Length / sizeof(WCHAR), &Name);

    if (!NT_SUCCESS(Status))
        return Status;
    LdrpStartSession(&Session, FALSE);
    Status = LdrpGetModule(&Name, &Session, &Module);
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

    (void)SearchPath; /* no file system: every DLL is a known DLL */
    (void)DllCharacteristics;
    if (DllName == NULL || DllName->Buffer == NULL || BaseAddress == NULL)
        return STATUS_INVALID_PARAMETER;
    LdrpAcquireLoaderLock();
    Status = LdrpLoadDll(DllName, &Module);
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
    PLDRP_MODULE Module;
    LDRP_NAME Name;
    NTSTATUS Status;

    (void)DllPath;
    (void)DllCharacteristics;
    if (DllName == NULL || DllName->Buffer == NULL || DllHandle == NULL)
        return STATUS_INVALID_PARAMETER;
    Status = LdrpMakeBaseName(DllName->Buffer, DllName->Length / sizeof(WCHAR), &Name);
    if (!NT_SUCCESS(Status))
        return Status == STATUS_NAME_TOO_LONG ? STATUS_DLL_NOT_FOUND : Status;
    LdrpAcquireLoaderLock();
    Module = LdrpFindModuleByName(&Name);
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
