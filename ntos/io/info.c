/*
 * info.c — what a file says about itself: NtQueryInformationFile,
 * NtSetInformationFile, NtQueryAttributesFile, NtQueryFullAttributesFile
 * and NtQueryDirectoryFile.
 *
 * Checks run in Windows' order: the class (STATUS_INVALID_INFO_CLASS), the
 * length against the class's fixed size (STATUS_INFO_LENGTH_MISMATCH), the
 * user pointers (STATUS_ACCESS_VIOLATION), then the handle and the access
 * the class needs.  Results are built in the executive and copied out
 * once.  Classes the boot volume has nothing for are
 * STATUS_INVALID_INFO_CLASS; the classes that change a file pass the access
 * check and then meet the read-only volume (STATUS_MEDIA_WRITE_PROTECTED).
 */
#include "iop.h"

ULONG IopFileNamePath(PIOP_FILE File, PWCHAR Buffer, ULONG Chars);

typedef struct _IOP_INFO_CLASS {
    UCHAR Class;
    UCHAR Size;
    ACCESS_MASK Access;
} IOP_INFO_CLASS;

static const IOP_INFO_CLASS IopQueryClasses[] = {
    { FileBasicInformation, sizeof(FILE_BASIC_INFORMATION), FILE_READ_ATTRIBUTES },
    { FileStandardInformation, sizeof(FILE_STANDARD_INFORMATION), 0 },
    { FileInternalInformation, sizeof(FILE_INTERNAL_INFORMATION), 0 },
    { FileEaInformation, sizeof(FILE_EA_INFORMATION), 0 },
    { FileAccessInformation, sizeof(FILE_ACCESS_INFORMATION), 0 },
    { FileNameInformation, sizeof(FILE_NAME_INFORMATION), 0 },
    { FilePositionInformation, sizeof(FILE_POSITION_INFORMATION), 0 },
    { FileModeInformation, sizeof(FILE_MODE_INFORMATION), 0 },
    { FileAlignmentInformation, sizeof(FILE_ALIGNMENT_INFORMATION), 0 },
    { FileAllInformation, sizeof(FILE_ALL_INFORMATION), FILE_READ_ATTRIBUTES },
    { FileNetworkOpenInformation, sizeof(FILE_NETWORK_OPEN_INFORMATION), FILE_READ_ATTRIBUTES },
    { FileAttributeTagInformation, sizeof(FILE_ATTRIBUTE_TAG_INFORMATION), FILE_READ_ATTRIBUTES },
};

static const IOP_INFO_CLASS IopSetClasses[] = {
    { FileBasicInformation, sizeof(FILE_BASIC_INFORMATION), FILE_WRITE_ATTRIBUTES },
    { FileRenameInformation, 24, DELETE },
    { FileLinkInformation, 24, 0 },
    { FileDispositionInformation, sizeof(FILE_DISPOSITION_INFORMATION), DELETE },
    { FilePositionInformation, sizeof(FILE_POSITION_INFORMATION), 0 },
    { FileModeInformation, sizeof(FILE_MODE_INFORMATION), 0 },
    { FileAllocationInformation, sizeof(LARGE_INTEGER), FILE_WRITE_DATA },
    { FileEndOfFileInformation, sizeof(FILE_END_OF_FILE_INFORMATION), FILE_WRITE_DATA },
};

static const IOP_INFO_CLASS *IopFindClass(const IOP_INFO_CLASS *Table, ULONG Count, ULONG Class)
{
    for (ULONG i = 0; i < Count; i++)
        if (Table[i].Class == Class)
            return &Table[i];
    return NULL;
}

static ULONG64 IopAllocationSize(PIOP_NODE Node)
{
    return Node->Directory ? 0 : (Node->Size + 4095) & ~4095ull;
}

static VOID IopBasic(PIOP_NODE Node, PFILE_BASIC_INFORMATION Basic)
{
    Basic->CreationTime.QuadPart = Node->Time;
    Basic->LastAccessTime.QuadPart = Node->Time;
    Basic->LastWriteTime.QuadPart = Node->Time;
    Basic->ChangeTime.QuadPart = Node->Time;
    Basic->FileAttributes = IopNodeAttributes(Node);
}

static VOID IopStandard(PIOP_NODE Node, PFILE_STANDARD_INFORMATION Standard)
{
    Standard->AllocationSize.QuadPart = (LONG64)IopAllocationSize(Node);
    Standard->EndOfFile.QuadPart = Node->Directory ? 0 : (LONG64)Node->Size;
    Standard->NumberOfLinks = 1;
    Standard->DeletePending = FALSE;
    Standard->Directory = Node->Directory;
}

static VOID IopNetworkOpen(PIOP_NODE Node, PFILE_NETWORK_OPEN_INFORMATION Info)
{
    FILE_BASIC_INFORMATION basic;
    IopBasic(Node, &basic);
    Info->CreationTime = basic.CreationTime;
    Info->LastAccessTime = basic.LastAccessTime;
    Info->LastWriteTime = basic.LastWriteTime;
    Info->ChangeTime = basic.ChangeTime;
    Info->AllocationSize.QuadPart = (LONG64)IopAllocationSize(Node);
    Info->EndOfFile.QuadPart = Node->Directory ? 0 : (LONG64)Node->Size;
    Info->FileAttributes = basic.FileAttributes;
}

/* A FILE_NAME_INFORMATION at Name with Room bytes for the characters:
 * returns the bytes used and STATUS_BUFFER_OVERFLOW if the name was cut. */
static NTSTATUS IopNameInformation(PIOP_FILE File, PFILE_NAME_INFORMATION Name, ULONG Room, PULONG Used)
{
    ULONG chars = IopFileNamePath(File, NULL, 0);
    PWCHAR path = chars ? ExAllocatePoolWithTag(NonPagedPool, chars * sizeof(WCHAR), IOP_TAG_NAME) : NULL;
    if (chars && !path)
        return STATUS_INSUFFICIENT_RESOURCES;
    IopFileNamePath(File, path, chars);
    ULONG bytes = chars * sizeof(WCHAR), copy = bytes < Room ? bytes : Room & ~1u;
    Name->FileNameLength = bytes;
    if (copy)
        memcpy(Name->FileName, path, copy);
    if (path)
        ExFreePoolWithTag(path, IOP_TAG_NAME);
    *Used = FIELD_OFFSET(FILE_NAME_INFORMATION, FileName) + copy;
    return copy < bytes ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

NTSTATUS NtQueryInformationFile(PETHREAD Thread, HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                PVOID FileInformation, ULONG Length, FILE_INFORMATION_CLASS FileInformationClass)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    const IOP_INFO_CLASS *c = IopFindClass(IopQueryClasses, RTL_NUMBER_OF(IopQueryClasses), FileInformationClass);
    if (!c)
        return STATUS_INVALID_INFO_CLASS;
    if (Length < c->Size)
        return STATUS_INFO_LENGTH_MISMATCH;
    NTSTATUS st = MmProbeUser(vm, (ULONG_PTR)IoStatusBlock, sizeof(IO_STATUS_BLOCK), TRUE);
    if (NT_SUCCESS(st))
        st = MmProbeUser(vm, (ULONG_PTR)FileInformation, Length, TRUE);
    if (!NT_SUCCESS(st))
        return st;
    PIOP_FILE f;
    OBJECT_HANDLE_INFORMATION handle;
    st = ObReferenceObjectByHandle(Thread->Process->ObjectTable, FileHandle, c->Access, IoFileObjectType, UserMode,
                                   (PVOID *)&f, &handle);
    if (!NT_SUCCESS(st))
        return st;
    /* The whole answer is built here, then copied out: at most the fixed
     * part and a name of 32767 characters. */
    ULONG room = Length < 0x10000 + sizeof(FILE_ALL_INFORMATION) ? Length : 0x10000 + sizeof(FILE_ALL_INFORMATION);
    PUCHAR buffer = ExAllocatePoolWithTag(NonPagedPool, room, IOP_TAG_NAME);
    if (!buffer) {
        ObDereferenceObject(f);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ULONG used = c->Size;
    PIOP_NODE n = f->Node;
    switch (FileInformationClass) {
    case FileBasicInformation:
        IopBasic(n, (PFILE_BASIC_INFORMATION)buffer);
        break;
    case FileStandardInformation:
        IopStandard(n, (PFILE_STANDARD_INFORMATION)buffer);
        break;
    case FileInternalInformation:
        ((PFILE_INTERNAL_INFORMATION)buffer)->IndexNumber.QuadPart = (LONG64)n->Index;
        break;
    case FileEaInformation:
        ((PFILE_EA_INFORMATION)buffer)->EaSize = 0;
        break;
    case FileAccessInformation:
        ((PFILE_ACCESS_INFORMATION)buffer)->AccessFlags = handle.GrantedAccess;
        break;
    case FileNameInformation:
        st = IopNameInformation(f, (PFILE_NAME_INFORMATION)buffer,
                                room - FIELD_OFFSET(FILE_NAME_INFORMATION, FileName), &used);
        break;
    case FilePositionInformation:
        ((PFILE_POSITION_INFORMATION)buffer)->CurrentByteOffset = f->CurrentByteOffset;
        break;
    case FileModeInformation:
        ((PFILE_MODE_INFORMATION)buffer)->Mode = f->Mode;
        break;
    case FileAlignmentInformation:
        ((PFILE_ALIGNMENT_INFORMATION)buffer)->AlignmentRequirement = 0; /* byte aligned */
        break;
    case FileAllInformation: {
        PFILE_ALL_INFORMATION all = (PFILE_ALL_INFORMATION)buffer;
        IopBasic(n, &all->BasicInformation);
        IopStandard(n, &all->StandardInformation);
        all->InternalInformation.IndexNumber.QuadPart = (LONG64)n->Index;
        all->AccessInformation.AccessFlags = handle.GrantedAccess;
        all->PositionInformation.CurrentByteOffset = f->CurrentByteOffset;
        all->ModeInformation.Mode = f->Mode;
        st = IopNameInformation(f, &all->NameInformation,
                                room - FIELD_OFFSET(FILE_ALL_INFORMATION, NameInformation.FileName), &used);
        used += FIELD_OFFSET(FILE_ALL_INFORMATION, NameInformation);
        break;
    }
    case FileNetworkOpenInformation:
        IopNetworkOpen(n, (PFILE_NETWORK_OPEN_INFORMATION)buffer);
        break;
    case FileAttributeTagInformation:
        ((PFILE_ATTRIBUTE_TAG_INFORMATION)buffer)->FileAttributes = IopNodeAttributes(n);
        break;
    default:
        st = STATUS_INVALID_INFO_CLASS;
        break;
    }
    if (!NT_ERROR(st)) {
        NTSTATUS copy = MmCopyToUser(vm, (ULONG_PTR)FileInformation, buffer, used);
        if (!NT_SUCCESS(copy))
            st = copy;
        else
            IopPutIoStatus(Thread, IoStatusBlock, st, used);
    }
    ExFreePoolWithTag(buffer, IOP_TAG_NAME);
    ObDereferenceObject(f);
    return st;
}

NTSTATUS NtSetInformationFile(PETHREAD Thread, HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                              PVOID FileInformation, ULONG Length, FILE_INFORMATION_CLASS FileInformationClass)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    const IOP_INFO_CLASS *c = IopFindClass(IopSetClasses, RTL_NUMBER_OF(IopSetClasses), FileInformationClass);
    if (!c)
        return STATUS_INVALID_INFO_CLASS;
    if (Length < c->Size)
        return STATUS_INFO_LENGTH_MISMATCH;
    UCHAR value[sizeof(FILE_BASIC_INFORMATION)];
    NTSTATUS st = MmProbeUser(vm, (ULONG_PTR)IoStatusBlock, sizeof(IO_STATUS_BLOCK), TRUE);
    if (NT_SUCCESS(st))
        st = MmCopyFromUser(vm, value, (ULONG_PTR)FileInformation, c->Size < sizeof(value) ? c->Size : sizeof(value));
    if (NT_SUCCESS(st) && Length > sizeof(value))
        st = MmProbeUser(vm, (ULONG_PTR)FileInformation, Length, FALSE);
    if (!NT_SUCCESS(st))
        return st;
    PIOP_FILE f;
    st = IopReferenceFile(Thread, FileHandle, c->Access, &f);
    if (!NT_SUCCESS(st))
        return st;
    switch (FileInformationClass) {
    case FilePositionInformation: {
        LARGE_INTEGER position = ((PFILE_POSITION_INFORMATION)value)->CurrentByteOffset;
        if (position.QuadPart < 0 || ((f->Mode & FILE_NO_INTERMEDIATE_BUFFERING) && (position.QuadPart & 511)))
            st = STATUS_INVALID_PARAMETER;
        else
            f->CurrentByteOffset = position;
        break;
    }
    case FileModeInformation: {
        ULONG mode = ((PFILE_MODE_INFORMATION)value)->Mode;
        ULONG synchronous = FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT;
        if ((mode & ~(FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | synchronous)) ||
            (mode & synchronous) == synchronous || ((mode & synchronous) != 0) != ((f->Mode & synchronous) != 0))
            st = STATUS_INVALID_PARAMETER; /* synchronous or not is fixed at the open */
        else
            f->Mode = (f->Mode & FILE_NO_INTERMEDIATE_BUFFERING) | mode;
        break;
    }
    default:
        st = STATUS_MEDIA_WRITE_PROTECTED; /* the class changes the file */
        break;
    }
    if (NT_SUCCESS(st))
        IopPutIoStatus(Thread, IoStatusBlock, st, 0);
    ObDereferenceObject(f);
    return st;
}

/* An open for attributes only, as Windows' NtQueryAttributesFile does it:
 * the handle lives for the length of the call. */
static NTSTATUS IopOpenForAttributes(PETHREAD Thread, POBJECT_ATTRIBUTES ObjectAttributes, PIOP_FILE *File)
{
    ACCESS_MASK access = FILE_READ_ATTRIBUTES;
    IOP_OPEN_PACKET packet = { IOP_OPEN_PACKET_MAGIC, &access, 0, FILE_SHARE_VALID_FLAGS, FILE_OPEN, 0, 0 };
    HANDLE h;
    NTSTATUS st = ObOpenObjectByNameWithAccess(Thread->Process->ObjectTable, ObjectAttributes, IoFileObjectType,
                                               UserMode, &access, &packet, &h);
    if (!NT_SUCCESS(st))
        return st;
    st = ObReferenceObjectByHandle(Thread->Process->ObjectTable, h, 0, IoFileObjectType, UserMode,
                                   (PVOID *)File, NULL);
    ObCloseHandle(Thread->Process->ObjectTable, h, KernelMode);
    return st;
}

NTSTATUS NtQueryAttributesFile(PETHREAD Thread, POBJECT_ATTRIBUTES ObjectAttributes,
                               PFILE_BASIC_INFORMATION FileInformation)
{
    NTSTATUS st = MmProbeUser(&Thread->Process->Vm, (ULONG_PTR)FileInformation, sizeof(FILE_BASIC_INFORMATION), TRUE);
    PIOP_FILE f;
    if (NT_SUCCESS(st))
        st = IopOpenForAttributes(Thread, ObjectAttributes, &f);
    if (!NT_SUCCESS(st))
        return st;
    FILE_BASIC_INFORMATION basic;
    IopBasic(f->Node, &basic);
    ObDereferenceObject(f);
    return MmCopyToUser(&Thread->Process->Vm, (ULONG_PTR)FileInformation, &basic, sizeof(basic));
}

NTSTATUS NtQueryFullAttributesFile(PETHREAD Thread, POBJECT_ATTRIBUTES ObjectAttributes,
                                   PFILE_NETWORK_OPEN_INFORMATION FileInformation)
{
    NTSTATUS st = MmProbeUser(&Thread->Process->Vm, (ULONG_PTR)FileInformation,
                              sizeof(FILE_NETWORK_OPEN_INFORMATION), TRUE);
    PIOP_FILE f;
    if (NT_SUCCESS(st))
        st = IopOpenForAttributes(Thread, ObjectAttributes, &f);
    if (!NT_SUCCESS(st))
        return st;
    FILE_NETWORK_OPEN_INFORMATION info;
    IopNetworkOpen(f->Node, &info);
    ObDereferenceObject(f);
    return MmCopyToUser(&Thread->Process->Vm, (ULONG_PTR)FileInformation, &info, sizeof(info));
}

/* ---- NtQueryDirectoryFile ------------------------------------------------ */

/* Where each class keeps the name, and its fixed size. */
static ULONG IopDirectoryNameOffset(FILE_INFORMATION_CLASS Class)
{
    switch (Class) {
    case FileDirectoryInformation:
        return FIELD_OFFSET(FILE_DIRECTORY_INFORMATION, FileName);
    case FileFullDirectoryInformation:
        return FIELD_OFFSET(FILE_FULL_DIR_INFORMATION, FileName);
    case FileBothDirectoryInformation:
        return FIELD_OFFSET(FILE_BOTH_DIR_INFORMATION, FileName);
    case FileNamesInformation:
        return FIELD_OFFSET(FILE_NAMES_INFORMATION, FileName);
    case FileIdFullDirectoryInformation:
        return 80; /* ...EaSize, LARGE_INTEGER FileId at 72, FileName */
    case FileIdBothDirectoryInformation:
        return 104; /* ...ShortName[12], LARGE_INTEGER FileId at 96, FileName */
    default:
        return 0;
    }
}

/* One record at Record (zeroed by the caller, Room bytes), for Node under
 * the name Name; returns the bytes it takes or 0 if even its fixed part
 * does not fit, *Cut if the name was cut short. */
static ULONG IopDirectoryRecord(PUCHAR Record, ULONG Room, FILE_INFORMATION_CLASS Class, PIOP_NODE Node,
                                PCUNICODE_STRING Name, ULONG Index, PBOOLEAN Cut)
{
    ULONG offset = IopDirectoryNameOffset(Class);
    if (Room < offset)
        return 0;
    ULONG copy = Name->Length <= Room - offset ? Name->Length : (Room - offset) & ~1u;
    *Cut = copy < Name->Length;
    memcpy(Record + offset, Name->Buffer, copy);
    if (Class == FileNamesInformation) {
        PFILE_NAMES_INFORMATION r = (PFILE_NAMES_INFORMATION)Record;
        r->FileIndex = Index;
        r->FileNameLength = Name->Length;
        return offset + copy;
    }
    /* The fields every other class shares with FILE_DIRECTORY_INFORMATION. */
    PFILE_DIRECTORY_INFORMATION r = (PFILE_DIRECTORY_INFORMATION)Record;
    FILE_NETWORK_OPEN_INFORMATION info;
    IopNetworkOpen(Node, &info);
    r->FileIndex = Index;
    r->CreationTime = info.CreationTime;
    r->LastAccessTime = info.LastAccessTime;
    r->LastWriteTime = info.LastWriteTime;
    r->ChangeTime = info.ChangeTime;
    r->EndOfFile = info.EndOfFile;
    r->AllocationSize = info.AllocationSize;
    r->FileAttributes = info.FileAttributes;
    r->FileNameLength = Name->Length;
    if (Class == FileIdFullDirectoryInformation)
        *(PLONG64)(Record + 72) = (LONG64)Node->Index;
    if (Class == FileIdBothDirectoryInformation)
        *(PLONG64)(Record + 96) = (LONG64)Node->Index;
    return offset + copy;
}

/* The Index-th entry of a directory: ".", ".." (not in a root), then the
 * children in order. */
static PIOP_NODE IopDirectoryEntry(PIOP_NODE Directory, ULONG Index, PUNICODE_STRING Name)
{
    static WCHAR dot[] = u"..";
    if (Directory->Parent) {
        if (Index < 2) {
            Name->Buffer = dot;
            Name->Length = Name->MaximumLength = (USHORT)((Index + 1) * sizeof(WCHAR));
            return Index == 0 ? Directory : Directory->Parent;
        }
        Index -= 2;
    }
    PIOP_NODE c = Directory->FirstChild;
    while (c && Index--)
        c = c->NextSibling;
    if (c)
        *Name = c->Name;
    return c;
}

NTSTATUS NtQueryDirectoryFile(PETHREAD Thread, HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                              PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation, ULONG Length,
                              FILE_INFORMATION_CLASS FileInformationClass, BOOLEAN ReturnSingleEntry,
                              PUNICODE_STRING FileName, BOOLEAN RestartScan)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    (void)ApcContext;
    ULONG fixed = IopDirectoryNameOffset(FileInformationClass);
    if (!fixed)
        return STATUS_INVALID_INFO_CLASS;
    if (Length < fixed)
        return STATUS_INFO_LENGTH_MISMATCH;
    NTSTATUS st = MmProbeUser(vm, (ULONG_PTR)IoStatusBlock, sizeof(IO_STATUS_BLOCK), TRUE);
    if (NT_SUCCESS(st))
        st = MmProbeUser(vm, (ULONG_PTR)FileInformation, Length, TRUE);
    if (!NT_SUCCESS(st))
        return st;
    PIOP_FILE f;
    st = IopReferenceFile(Thread, FileHandle, FILE_LIST_DIRECTORY, &f);
    if (!NT_SUCCESS(st))
        return st;
    PKEVENT event = NULL;
    if (Event)
        st = ObReferenceObjectByHandle(Thread->Process->ObjectTable, Event, EVENT_MODIFY_STATE, ExEventObjectType,
                                       UserMode, (PVOID *)&event, NULL);
    if (NT_SUCCESS(st) && ApcRoutine)
        st = STATUS_NOT_IMPLEMENTED; /* no APCs yet */
    if (NT_SUCCESS(st) && !f->Node->Directory)
        st = STATUS_INVALID_PARAMETER;
    /* The pattern: the first call's (or a restart's) FileName, else "*". */
    if (NT_SUCCESS(st) && FileName && FileName->Length && (RestartScan || !f->SearchPattern.Buffer)) {
        PWCHAR copy = ExAllocatePoolWithTag(NonPagedPool, FileName->Length, IOP_TAG_PATTERN);
        if (!copy)
            st = STATUS_INSUFFICIENT_RESOURCES;
        else {
            memcpy(copy, FileName->Buffer, FileName->Length);
            if (f->SearchPattern.Buffer)
                ExFreePoolWithTag(f->SearchPattern.Buffer, IOP_TAG_PATTERN);
            f->SearchPattern.Buffer = copy;
            f->SearchPattern.Length = f->SearchPattern.MaximumLength = FileName->Length;
        }
    }
    PUCHAR buffer = NULL;
    if (NT_SUCCESS(st)) {
        buffer = ExAllocatePoolWithTag(NonPagedPool, Length < 0x20000 ? Length : 0x20000, IOP_TAG_NAME);
        if (!buffer)
            st = STATUS_INSUFFICIENT_RESOURCES;
    }
    if (!NT_SUCCESS(st)) {
        if (event)
            ObDereferenceObject(event);
        ObDereferenceObject(f);
        return st;
    }
    Length = Length < 0x20000 ? Length : 0x20000;
    BOOLEAN first = RestartScan || f->DirectoryIndex == 0;
    if (RestartScan)
        f->DirectoryIndex = 0;
    static WCHAR star[] = u"*";
    UNICODE_STRING all = { sizeof(WCHAR), sizeof(WCHAR), star };
    PCUNICODE_STRING pattern = f->SearchPattern.Buffer ? &f->SearchPattern : &all;
    ULONG used = 0, last = 0, count = 0;
    st = STATUS_SUCCESS;
    for (;;) {
        UNICODE_STRING name;
        PIOP_NODE n = IopDirectoryEntry(f->Node, f->DirectoryIndex, &name);
        if (!n)
            break;
        if (!IopMatchPattern(pattern, &name)) {
            f->DirectoryIndex++;
            continue;
        }
        ULONG at = (used + 7) & ~7u;
        BOOLEAN cut = FALSE;
        ULONG size = at < Length ? IopDirectoryRecord(buffer + at, Length - at, FileInformationClass, n, &name,
                                                      f->DirectoryIndex, &cut)
                                 : 0;
        if (size == 0 || (cut && count))
            break; /* the next call starts with this entry */
        if (count)
            *(PULONG)(buffer + last) = at - last; /* NextEntryOffset */
        last = at;
        used = at + size;
        count++;
        if (cut) {
            st = STATUS_BUFFER_OVERFLOW; /* the first entry's name did not fit: it comes again */
            break;
        }
        f->DirectoryIndex++;
        if (ReturnSingleEntry)
            break;
    }
    if (count == 0)
        st = first ? STATUS_NO_SUCH_FILE : STATUS_NO_MORE_FILES;
    else {
        NTSTATUS copy = MmCopyToUser(vm, (ULONG_PTR)FileInformation, buffer, used);
        if (!NT_SUCCESS(copy))
            st = copy;
    }
    if (!NT_ERROR(st)) {
        IopPutIoStatus(Thread, IoStatusBlock, st, used);
        if (event)
            KeSetEvent(event);
    }
    ExFreePoolWithTag(buffer, IOP_TAG_NAME);
    if (event)
        ObDereferenceObject(event);
    ObDereferenceObject(f);
    return st;
}
