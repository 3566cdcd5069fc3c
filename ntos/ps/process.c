/*
 * process.c — creating processes: the executive's boot programs and
 * NtCreateProcessEx.
 *
 * A new process gets an address space with ntdll.dll mapped at its base
 * (from the \KnownDlls\ntdll.dll image section), KUSER_SHARED_DATA
 * (read-only), a PEB, and — given an image section — the program image.
 * It has no thread: PsCreateBootProcess adds one, user space adds its own
 * with NtCreateThreadEx (docs/executive.md, "Contract").
 */
#include "../ke/ki.h"
#include <ndk/pstypes.h>
#include <ndk/ketypes.h>
#include <ndk/mmtypes.h>
#include <sel4rt/sel4rt.h>

static MM_OBJECT PspSharedUserPage;
ULONG PspNextId = 4;
ULONG PspActiveThreads;
NTSTATUS PspInitializeObjectTypes(VOID);
NTSTATUS PspCreateThread(PEPROCESS Process, ULONG_PTR StartRoutine, ULONG_PTR Argument, SIZE_T StackReserve,
                         SIZE_T StackCommit, BOOLEAN Suspended, PETHREAD *Thread);

extern ULONG_PTR PspLdrInitializeThunk;
extern ULONG_PTR KiUserExceptionDispatcher; /* ke/exception.c */

NTSTATUS PsInitSystem(VOID)
{
    NTSTATUS st = PspInitializeObjectTypes();
    if (NT_SUCCESS(st))
        st = MmCreateBootSections();
    if (!NT_SUCCESS(st))
        return st;
    /* Every thread starts in ntdll, which every process maps at its base. */
    PSECTION_OBJECT ntdll;
    if (NT_SUCCESS(MmReferenceBootSection("KnownDlls", "ntdll.dll", &ntdll))) {
        PspLdrInitializeThunk = MmSectionExport(ntdll, "LdrInitializeThunk");
        KiUserExceptionDispatcher = MmSectionExport(ntdll, "KiUserExceptionDispatcher");
        ObDereferenceObject(ntdll);
    }
    MM_OBJECT ep;
    st = MmCreateObject(seL4_EndpointObject, 0, &ep);
    if (!NT_SUCCESS(st))
        return st;
    KiServiceEndpoint = ep.Cap;
    /* KUSER_SHARED_DATA: mapped into the executive for writing, read-only
     * into every process; ke/timer.c keeps its times. */
    st = MmMapExecutivePage(PS_SHARED_USER_DATA_VA, &PspSharedUserPage);
    if (!NT_SUCCESS(st))
        return st;
    KUSER_SHARED_DATA *k = (KUSER_SHARED_DATA *)PS_SHARED_USER_DATA_VA;
    k->NtMajorVersion = 10;
    k->NtMinorVersion = 0;
    k->NtProductType = NtProductWinNt;
    k->ProductTypeIsValid = TRUE;
    k->NativeProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    k->ImageNumberLow = 0x014c;  /* IMAGE_FILE_MACHINE_I386 */
    k->ImageNumberHigh = 0x8664; /* IMAGE_FILE_MACHINE_AMD64 */
    static const char root[] = "C:\\Windows";
    for (ULONG i = 0; root[i]; i++)
        k->NtSystemRoot[i] = (WCHAR)root[i];
    return STATUS_SUCCESS;
}

static NTSTATUS PspSetUpAddressSpace(PEPROCESS p, PSECTION_OBJECT Image)
{
    PSECTION_OBJECT ntdll;
    NTSTATUS st = MmReferenceBootSection("KnownDlls", "ntdll.dll", &ntdll);
    if (!NT_SUCCESS(st))
        return st;
    ULONG_PTR base = MmSectionImageInfo(ntdll)->ImageBase;
    st = MmMapImageView(&p->Vm, ntdll, &base);
    ObDereferenceObject(ntdll);
    if (st == STATUS_IMAGE_NOT_AT_BASE)
        st = STATUS_CONFLICTING_ADDRESSES; /* ntdll lives at the same address everywhere */
    if (!NT_SUCCESS(st))
        return st;
    p->StackReserve = PS_DEFAULT_STACK_RESERVE;
    p->StackCommit = PS_DEFAULT_STACK_COMMIT;
    if (Image) {
        base = 0;
        st = MmMapImageView(&p->Vm, Image, &base);
        if (!NT_SUCCESS(st))
            return st;
        p->ImageBase = base;
        const LDR_IMAGE_INFO *info = MmSectionImageInfo(Image);
        if (info->StackReserve)
            p->StackReserve = info->StackReserve;
        if (info->StackCommit)
            p->StackCommit = info->StackCommit;
    }
    st = MmMapUserFrameCopy(&p->Vm, PS_SHARED_USER_DATA_VA, PspSharedUserPage.Cap, FALSE);
    if (!NT_SUCCESS(st))
        return st;
    st = MmCreateFixedRegion(&p->Vm, PS_PEB_VA, 4096, MEM_PRIVATE | 0x80000000u, TRUE);
    if (!NT_SUCCESS(st))
        return st;
    p->PebAddress = PS_PEB_VA;
    PEB peb;
    memset(&peb, 0, sizeof(peb));
    peb.ImageBaseAddress = (PVOID)p->ImageBase;
    if (Image) {
        const LDR_IMAGE_INFO *info = MmSectionImageInfo(Image);
        peb.ImageSubsystem = info->Subsystem;
        peb.ImageSubsystemMajorVersion = info->SubsystemMajor;
        peb.ImageSubsystemMinorVersion = info->SubsystemMinor;
    }
    peb.OSMajorVersion = 10;
    peb.NumberOfProcessors = 1;
    return MmCopyToUser(&p->Vm, PS_PEB_VA, &peb, sizeof(peb));
}

/* Every process not yet torn down, oldest first. */
LIST_ENTRY PsActiveProcessHead = { &PsActiveProcessHead, &PsActiveProcessHead };

/* A process object (creation reference returned) without threads. */
NTSTATUS PspCreateProcess(PEPROCESS Parent, PSECTION_OBJECT Image, BOOLEAN InheritHandles, const char *Name,
                          PEPROCESS *Process)
{
    PEPROCESS p;
    NTSTATUS st = ObCreateObject(KernelMode, PsProcessType, NULL, sizeof(EPROCESS), (PVOID *)&p);
    if (NT_SUCCESS(st)) /* unnamed: inserted at once, handles come by pointer */
        st = ObInsertObject(p, NULL, 0, (PVOID *)&p, NULL);
    if (!NT_SUCCESS(st))
        return st;
    p->Header.Type = KiNotificationEvent;
    InitializeListHead(&p->Header.WaitListHead);
    InitializeListHead(&p->ThreadListHead);
    InsertTailList(&PsActiveProcessHead, &p->ActiveProcessLinks);
    p->ExitStatus = STATUS_PENDING;
    p->UniqueProcessId = PspNextId;
    PspNextId += 4;
    p->InheritedFromUniqueProcessId = Parent ? Parent->UniqueProcessId : 0;
    for (ULONG i = 0; Name && Name[i] && i + 1 < sizeof(p->ImageName); i++)
        p->ImageName[i] = Name[i];
    st = ObCreateHandleTable(p, InheritHandles && Parent ? Parent->ObjectTable : NULL, &p->ObjectTable);
    if (NT_SUCCESS(st))
        st = MmCreateAddressSpace(&p->Vm);
    if (NT_SUCCESS(st))
        st = PspSetUpAddressSpace(p, Image);
    if (!NT_SUCCESS(st)) {
        ObDereferenceObject(p); /* the delete procedure tears down what exists */
        return st;
    }
    *Process = p;
    return STATUS_SUCCESS;
}

#define PSP_PARAMETERS_SIZE 4096
#define PSP_CURDIR_ROOM (260 * 2)

/* Append Prefix then Suffix as a NUL-terminated UTF-16 string at *Offset of
 * Block; Str gets its length and, denormalized, its offset. */
static VOID PspPutString(PUCHAR Block, ULONG *Offset, PUNICODE_STRING Str, const char *Prefix, const char *Suffix)
{
    ULONG start = *Offset, off = start;
    const char *parts[2] = { Prefix, Suffix };
    for (ULONG k = 0; k < 2; k++)
        for (const char *c = parts[k]; *c && off + 4 < PSP_PARAMETERS_SIZE; c++, off += 2)
            *(WCHAR *)(Block + off) = (WCHAR)*c;
    Str->Length = (USHORT)(off - start);
    Str->MaximumLength = (USHORT)(off - start + 2);
    Str->Buffer = (PWSTR)(ULONG_PTR)start;
    *Offset = off + 2;
}

/*
 * A boot program's RTL_USER_PROCESS_PARAMETERS, as a parent would pass
 * them: denormalized (string Buffers are offsets from the block; ntdll
 * normalizes them at start-up), the current directory last with room to
 * change; the environment in a region of its own (its pointer absolute),
 * as ntdll replaces and frees environments by region.  Image path
 * C:\Boot\<name>, command line "<name> <Arguments>", current directory C:\Boot\,
 * environment SystemRoot=C:\Windows.
 */
static NTSTATUS PspWriteBootParameters(PEPROCESS p, const char *Name, const char *Arguments)
{
    static UCHAR block[PSP_PARAMETERS_SIZE];
    memset(block, 0, sizeof(block));
    RTL_USER_PROCESS_PARAMETERS *pp = (RTL_USER_PROCESS_PARAMETERS *)block;
    ULONG off = sizeof(*pp);
    UNICODE_STRING var;
    PspPutString(block, &off, &pp->ImagePathName, "C:\\Boot\\", Name);
    PspPutString(block, &off, &pp->CommandLine, Name, Arguments[0] ? " " : "");
    if (Arguments[0]) {
        off -= 2;
        PspPutString(block, &off, &var, "", Arguments);
        pp->CommandLine.Length = (USHORT)(off - 2 - (ULONG)(ULONG_PTR)pp->CommandLine.Buffer);
        pp->CommandLine.MaximumLength = pp->CommandLine.Length + 2;
    }
    PspPutString(block, &off, &pp->CurrentDirectory.DosPath, "C:\\Boot\\", "");
    pp->CurrentDirectory.DosPath.MaximumLength = PSP_CURDIR_ROOM;
    off = (ULONG)(ULONG_PTR)pp->CurrentDirectory.DosPath.Buffer + PSP_CURDIR_ROOM;
    if (off > sizeof(block))
        return STATUS_NAME_TOO_LONG;
    pp->MaximumLength = pp->Length = off;

    UCHAR env[64] = { 0 };
    ULONG envSize = 0;
    PspPutString(env, &envSize, &var, "SystemRoot=C:\\Windows", "");
    envSize += 2; /* the empty string that ends the environment */
    pp->EnvironmentSize = envSize;
    ULONG_PTR envVa, va;
    NTSTATUS st = MmReserveRegion(&p->Vm, envSize, FALSE, TRUE, &envVa);
    if (NT_SUCCESS(st))
        st = MmCopyToUser(&p->Vm, envVa, env, envSize);
    if (NT_SUCCESS(st))
        st = MmReserveRegion(&p->Vm, off, FALSE, TRUE, &va);
    if (!NT_SUCCESS(st))
        return st;
    pp->Environment = (PVOID)envVa;
    st = MmCopyToUser(&p->Vm, va, block, off);
    if (NT_SUCCESS(st))
        st = MmCopyToUser(&p->Vm, p->PebAddress + FIELD_OFFSET(PEB, ProcessParameters), &va, sizeof(va));
    return st;
}

NTSTATUS PsCreateBootProcess(const char *ImageName, const char *Arguments)
{
    PSECTION_OBJECT image;
    NTSTATUS st = MmReferenceBootSection("Boot", ImageName, &image);
    if (!NT_SUCCESS(st))
        return st;
    const LDR_IMAGE_INFO *info = MmSectionImageInfo(image);
    PEPROCESS p;
    st = PspCreateProcess(NULL, image, FALSE, ImageName, &p);
    ObDereferenceObject(image);
    if (!NT_SUCCESS(st))
        return st;
    st = PspWriteBootParameters(p, ImageName, Arguments);
    if (!NT_SUCCESS(st)) {
        ObDereferenceObject(p);
        return st;
    }
    PETHREAD t;
    ULONG_PTR entry = p->ImageBase + (info->EntryPoint - info->ImageBase); /* relocated or not */
    st = PspCreateThread(p, entry, p->PebAddress, info->StackReserve, info->StackCommit, FALSE, &t);
    if (NT_SUCCESS(st)) {
        DbgTrace(DBG_PS, "ps: process %u '%s' created, image at %lx, entry %lx\n", p->UniqueProcessId, ImageName,
                 (unsigned long)p->ImageBase, (unsigned long)info->EntryPoint);
        ObDereferenceObject(t); /* it runs: its own reference keeps it */
    }
    ObDereferenceObject(p); /* its thread keeps it */
    return st;
}

/* The last component of the image section's name ("\\Boot\\a.exe" -> "a.exe") or file's name,
 * for the debug output; "process" for an unnamed section. */
static VOID PspImageNameOf(PVOID Section, char *Name, ULONG Size)
{
    union {
        OBJECT_NAME_INFORMATION Info;
        UCHAR Bytes[sizeof(OBJECT_NAME_INFORMATION) + 128];
    } u;
    ULONG length, n = 0;
    const char fallback[] = "process";
    if (NT_SUCCESS(ObQueryNameString(Section, &u.Info, sizeof(u), &length, (ULONG_PTR)&u)) && u.Info.Name.Buffer) {
        ULONG count = u.Info.Name.Length / sizeof(WCHAR), start = 0;
        for (ULONG i = 0; i < count; i++)
            if (u.Info.Name.Buffer[i] == u'\\')
                start = i + 1;
        for (ULONG i = start; i < count && n + 1 < Size; i++)
            Name[n++] = u.Info.Name.Buffer[i] < 0x80 ? (char)u.Info.Name.Buffer[i] : '?';
    }
    if (n == 0 && MmSectionFileObject(Section)) { /* an unnamed section of a file: the file's name */
        IoFileBaseName(MmSectionFileObject(Section), Name, Size);
        while (Name[n])
            n++;
    }
    if (n == 0)
        for (; fallback[n] && n + 1 < Size; n++)
            Name[n] = fallback[n];
    Name[n] = 0;
}

NTSTATUS NtCreateProcessEx(PETHREAD Thread, PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ParentProcess, ULONG Flags, HANDLE SectionHandle,
                           HANDLE DebugPort, HANDLE ExceptionPort, ULONG JobMemberLevel)
{
    (void)ObjectAttributes; /* processes are unnamed */
    (void)JobMemberLevel;
    HANDLE h = NULL;
    NTSTATUS st = KiPutHandle(Thread, ProcessHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    if (DebugPort || ExceptionPort)
        return STATUS_NOT_IMPLEMENTED; /* no debug or exception ports yet */
    if (!SectionHandle)
        return STATUS_NOT_IMPLEMENTED; /* cloning the parent (no section) is not supported */
    PEPROCESS parent;
    st = PsReferenceProcessByHandle(ParentProcess, PROCESS_CREATE_PROCESS, &parent);
    if (!NT_SUCCESS(st))
        return st;
    PSECTION_OBJECT image;
    st = ObReferenceObjectByHandle(Thread->Process->ObjectTable, SectionHandle, SECTION_MAP_EXECUTE,
                                   MmSectionObjectType, UserMode, (PVOID *)&image, NULL);
    if (!NT_SUCCESS(st)) {
        ObDereferenceObject(parent);
        return st;
    }
    PEPROCESS p;
    char name[32];
    PspImageNameOf(image, name, sizeof(name));
    st = PspCreateProcess(parent, image, (Flags & PROCESS_CREATE_FLAGS_INHERIT_HANDLES) != 0, name, &p);
    ObDereferenceObject(image);
    ObDereferenceObject(parent);
    if (!NT_SUCCESS(st))
        return st;
    st = ObOpenObjectByPointer(Thread->Process->ObjectTable, p, 0, DesiredAccess ? DesiredAccess : PROCESS_ALL_ACCESS,
                               PsProcessType, UserMode, &h);
    ObDereferenceObject(p); /* the handle keeps it, or it goes */
    if (NT_SUCCESS(st))
        KiPutHandle(Thread, ProcessHandle, h);
    return st;
}

/* The old form: NtCreateProcessEx with the inherit flag from a BOOLEAN. */
NTSTATUS NtCreateProcess(PETHREAD Thread, PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ParentProcess, BOOLEAN InheritObjectTable,
                         HANDLE SectionHandle, HANDLE DebugPort, HANDLE ExceptionPort)
{
    return NtCreateProcessEx(Thread, ProcessHandle, DesiredAccess, ObjectAttributes, ParentProcess,
                             InheritObjectTable ? PROCESS_CREATE_FLAGS_INHERIT_HANDLES : 0, SectionHandle, DebugPort,
                             ExceptionPort, 0);
}
