/*
 * file.c — file and device objects; opening files (NtCreateFile,
 * NtOpenFile); reading and writing (NtReadFile, NtWriteFile).
 *
 * Opening a file is a name lookup (docs/ob.md) that meets a device object:
 * the "Device" type's parse procedure gets the rest of the name and the
 * open packet NtCreateFile made (IOP_OPEN_PACKET, the ParseContext), asks
 * the volume for the node, checks disposition, options, access and share
 * access, and returns a new file object; the object manager then makes the
 * handle with the access the parse procedure decided.  A relative open
 * (ObjectAttributes.RootDirectory a directory's file handle) goes through
 * the "File" type's parse procedure the same way.  Anything else a file
 * name might reach (an event, a directory of the object namespace) is
 * STATUS_OBJECT_TYPE_MISMATCH, and a parse without an open packet (an
 * NtOpenEvent of a file's name) too, as on Windows.
 *
 * The only volume is read-only (bootfs.c), so every operation completes at
 * once: no service here ever parks, and the file's event and the caller's
 * event are signalled before the service returns.  Asynchronous handles
 * (no FILE_SYNCHRONOUS_IO_*) therefore never see STATUS_PENDING; they must
 * still give a ByteOffset, as on Windows.  APC completion needs APCs, which
 * Neptune does not have yet: an ApcRoutine is STATUS_NOT_IMPLEMENTED.
 */
#include "iop.h"

POBJECT_TYPE IoFileObjectType, IoDeviceObjectType;

/* What changes a file or a directory: a read-only volume grants none of it. */
#define IOP_WRITE_RIGHTS                                                                                 \
    (FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | FILE_WRITE_ATTRIBUTES | FILE_DELETE_CHILD |   \
     DELETE | WRITE_DAC | WRITE_OWNER)
/* What MAXIMUM_ALLOWED is on a read-only volume. */
#define IOP_READ_RIGHTS (FILE_GENERIC_READ | FILE_GENERIC_EXECUTE)

static const GENERIC_MAPPING IopFileMapping = { FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE,
                                                FILE_ALL_ACCESS };

static ACCESS_MASK IopMapGeneric(ACCESS_MASK Access)
{
    if (Access & GENERIC_READ)
        Access |= IopFileMapping.GenericRead;
    if (Access & GENERIC_WRITE)
        Access |= IopFileMapping.GenericWrite;
    if (Access & GENERIC_EXECUTE)
        Access |= IopFileMapping.GenericExecute;
    if (Access & GENERIC_ALL)
        Access |= IopFileMapping.GenericAll;
    return Access & ~(ACCESS_MASK)(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}

/* ---- Share access (Windows' rules) ----------------------------------------
 * Only opens that read (or execute), write or delete count.  A new such
 * open must share what the existing ones use, and use only what every
 * existing one shares. */

static NTSTATUS IopClaimShareAccess(PIOP_NODE Node, ACCESS_MASK Access, ULONG Share)
{
    BOOLEAN read = (Access & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
    BOOLEAN write = (Access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    BOOLEAN del = (Access & DELETE) != 0;
    if (!read && !write && !del)
        return STATUS_SUCCESS;
    BOOLEAN sharedRead = (Share & FILE_SHARE_READ) != 0;
    BOOLEAN sharedWrite = (Share & FILE_SHARE_WRITE) != 0;
    BOOLEAN sharedDelete = (Share & FILE_SHARE_DELETE) != 0;
    if ((read && Node->SharedRead < Node->OpenCount) || (write && Node->SharedWrite < Node->OpenCount) ||
        (del && Node->SharedDelete < Node->OpenCount) || (Node->Readers && !sharedRead) ||
        (Node->Writers && !sharedWrite) || (Node->Deleters && !sharedDelete))
        return STATUS_SHARING_VIOLATION;
    Node->OpenCount++;
    Node->Readers += read;
    Node->Writers += write;
    Node->Deleters += del;
    Node->SharedRead += sharedRead;
    Node->SharedWrite += sharedWrite;
    Node->SharedDelete += sharedDelete;
    return STATUS_SUCCESS;
}

static BOOLEAN IopCountsForSharing(ACCESS_MASK Access)
{
    return (Access & (FILE_READ_DATA | FILE_EXECUTE | FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE)) != 0;
}

static VOID IopReleaseShareAccess(PIOP_FILE File)
{
    if (!(File->Flags & IOP_FO_SHARE_COUNTED))
        return;
    PIOP_NODE n = File->Node;
    ACCESS_MASK a = File->GrantedAccess;
    n->OpenCount--;
    n->Readers -= (a & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
    n->Writers -= (a & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    n->Deleters -= (a & DELETE) != 0;
    n->SharedRead -= (File->ShareAccess & FILE_SHARE_READ) != 0;
    n->SharedWrite -= (File->ShareAccess & FILE_SHARE_WRITE) != 0;
    n->SharedDelete -= (File->ShareAccess & FILE_SHARE_DELETE) != 0;
    File->Flags &= ~IOP_FO_SHARE_COUNTED;
}

/* ---- Opening ------------------------------------------------------------- */

/* The open itself, below Start: Path from the parse procedure (empty with
 * VolumeOpen: the device itself was named). */
static NTSTATUS IopOpen(PIOP_DEVICE Device, PIOP_NODE Start, PCUNICODE_STRING Path, BOOLEAN VolumeOpen,
                        PIOP_OPEN_PACKET Packet, PVOID *Object)
{
    PIOP_NODE node = Start;
    BOOLEAN trailing = FALSE;
    ULONG disposition = Packet->Disposition;
    BOOLEAN creates = disposition == FILE_CREATE || disposition == FILE_OPEN_IF ||
                      disposition == FILE_OVERWRITE_IF || disposition == FILE_SUPERSEDE;
    NTSTATUS st = VolumeOpen ? STATUS_SUCCESS : IopWalk(Start, Path, &node, &trailing);
    if (st == STATUS_OBJECT_NAME_NOT_FOUND && creates)
        return STATUS_MEDIA_WRITE_PROTECTED; /* it would be created: nothing can be */
    if (!NT_SUCCESS(st))
        return st;
    if (!VolumeOpen) {
        if (trailing && !node->Directory)
            return STATUS_OBJECT_NAME_INVALID;
        if (disposition == FILE_CREATE)
            return STATUS_OBJECT_NAME_COLLISION;
        if ((Packet->Options & FILE_DIRECTORY_FILE) && !node->Directory)
            return STATUS_NOT_A_DIRECTORY;
        if ((Packet->Options & FILE_NON_DIRECTORY_FILE) && node->Directory)
            return STATUS_FILE_IS_A_DIRECTORY;
        if (disposition == FILE_OVERWRITE || disposition == FILE_OVERWRITE_IF || disposition == FILE_SUPERSEDE)
            return STATUS_MEDIA_WRITE_PROTECTED;
    }
    ACCESS_MASK access = *Packet->Access;
    if ((access & IOP_WRITE_RIGHTS) || (Packet->Options & FILE_DELETE_ON_CLOSE))
        return STATUS_MEDIA_WRITE_PROTECTED;
    if (access & MAXIMUM_ALLOWED)
        access = (access & ~MAXIMUM_ALLOWED) | IOP_READ_RIGHTS;
    if (!VolumeOpen) {
        st = IopClaimShareAccess(node, access, Packet->ShareAccess);
        if (!NT_SUCCESS(st))
            return st;
    }
    PIOP_FILE f;
    st = ObCreateObject(KernelMode, IoFileObjectType, NULL, sizeof(IOP_FILE), (PVOID *)&f);
    if (!NT_SUCCESS(st)) {
        IOP_FILE undo = { .Node = node, .GrantedAccess = access, .ShareAccess = Packet->ShareAccess,
                          .Flags = IOP_FO_SHARE_COUNTED };
        if (!VolumeOpen && IopCountsForSharing(access))
            IopReleaseShareAccess(&undo);
        return st;
    }
    KeInitializeEvent(&f->Event, KiNotificationEvent, FALSE);
    ObReferenceObject(Device);
    f->Device = Device;
    f->Node = node;
    f->GrantedAccess = access;
    f->ShareAccess = Packet->ShareAccess;
    if (VolumeOpen)
        f->Flags |= IOP_FO_VOLUME;
    else if (IopCountsForSharing(access))
        f->Flags |= IOP_FO_SHARE_COUNTED;
    if (Packet->Options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT))
        f->Flags |= IOP_FO_SYNCHRONOUS;
    f->Mode = Packet->Options & (FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | FILE_NO_INTERMEDIATE_BUFFERING |
                                 FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT);
    /* Unnamed, no handle yet: the insert only ends the object's creation;
     * the object manager makes the handle when the lookup returns. */
    st = ObInsertObject(f, NULL, 0, Object, NULL);
    if (!NT_SUCCESS(st))
        return st; /* deleted, and its delete procedure gave the share access back */
    *Packet->Access = access;
    Packet->Information = FILE_OPENED;
    return STATUS_SUCCESS;
}

static PIOP_OPEN_PACKET IopPacket(PVOID ParseContext)
{
    PIOP_OPEN_PACKET p = ParseContext;
    return p && p->Magic == IOP_OPEN_PACKET_MAGIC ? p : NULL;
}

static NTSTATUS IopParseDevice(PVOID ParseObject, POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                               ULONG Attributes, PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName,
                               PVOID ParseContext, PVOID *Object)
{
    PIOP_DEVICE d = ParseObject;
    PIOP_OPEN_PACKET p = IopPacket(ParseContext);
    (void)ObjectType, (void)AccessMode, (void)Attributes, (void)CompleteName;
    *Object = NULL;
    if (!p)
        return STATUS_OBJECT_TYPE_MISMATCH; /* not an open of a file */
    if (!d->Root)
        return STATUS_UNRECOGNIZED_VOLUME;
    return IopOpen(d, d->Root, RemainingName, RemainingName->Length == 0, p, Object);
}

/* A name relative to a file handle: from that directory (or the volume's root). */
static NTSTATUS IopParseFile(PVOID ParseObject, POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                             ULONG Attributes, PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName,
                             PVOID ParseContext, PVOID *Object)
{
    PIOP_FILE f = ParseObject;
    PIOP_OPEN_PACKET p = IopPacket(ParseContext);
    (void)ObjectType, (void)AccessMode, (void)Attributes, (void)CompleteName;
    *Object = NULL;
    if (!p)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (!f->Node->Directory)
        return STATUS_INVALID_PARAMETER;
    return IopOpen(f->Device, f->Node, RemainingName, FALSE, p, Object);
}

/* ---- The types ----------------------------------------------------------- */

static VOID IopCloseFile(PVOID Process, PVOID Object, ACCESS_MASK GrantedAccess, ULONG_PTR HandleCount)
{
    (void)Process, (void)GrantedAccess;
    if (HandleCount == 1) /* the last handle: Windows' cleanup, share access goes */
        IopReleaseShareAccess(Object);
}

static VOID IopDeleteFile(PVOID Object)
{
    PIOP_FILE f = Object;
    IopReleaseShareAccess(f);
    if (f->SearchPattern.Buffer)
        ExFreePoolWithTag(f->SearchPattern.Buffer, IOP_TAG_PATTERN);
    if (f->Device)
        ObDereferenceObject(f->Device);
}

/* "\Boot\a.exe": the node's path on its volume, in Buffer if it fits;
 * returns its length in characters. */
static ULONG IopNodePath(PIOP_NODE Node, PWCHAR Buffer, ULONG Chars)
{
    ULONG length = 0;
    for (PIOP_NODE n = Node; n->Parent; n = n->Parent)
        length += 1 + n->Name.Length / sizeof(WCHAR);
    if (length == 0)
        length = 1; /* the root: "\" */
    if (length > Chars)
        return length;
    ULONG end = length;
    for (PIOP_NODE n = Node; n->Parent; n = n->Parent) {
        ULONG k = n->Name.Length / sizeof(WCHAR);
        end -= k;
        memcpy(Buffer + end, n->Name.Buffer, n->Name.Length);
        Buffer[--end] = '\\';
    }
    if (!Node->Parent)
        Buffer[0] = '\\';
    return length;
}

ULONG IopFileNamePath(PIOP_FILE File, PWCHAR Buffer, ULONG Chars)
{
    return File->Flags & IOP_FO_VOLUME ? 0 : IopNodePath(File->Node, Buffer, Chars);
}

/* ObjectNameInformation of a file: the device's name, then the path. */
static NTSTATUS IopQueryFileName(PVOID Object, POBJECT_NAME_INFORMATION Buffer, ULONG Length, PULONG ReturnLength,
                                 ULONG_PTR ClientBase)
{
    PIOP_FILE f = Object;
    union {
        OBJECT_NAME_INFORMATION Info;
        UCHAR Bytes[sizeof(OBJECT_NAME_INFORMATION) + 256];
    } device;
    ULONG deviceLength;
    NTSTATUS st = ObQueryNameString(f->Device, &device.Info, sizeof(device), &deviceLength, (ULONG_PTR)&device);
    if (!NT_SUCCESS(st))
        return st;
    ULONG deviceChars = device.Info.Name.Length / sizeof(WCHAR);
    ULONG pathChars = IopFileNamePath(f, NULL, 0);
    ULONG bytes = (deviceChars + pathChars) * sizeof(WCHAR);
    if (bytes + sizeof(WCHAR) > MAXUSHORT)
        return STATUS_NAME_TOO_LONG;
    *ReturnLength = sizeof(OBJECT_NAME_INFORMATION) + bytes + sizeof(WCHAR);
    if (Length < *ReturnLength)
        return STATUS_INFO_LENGTH_MISMATCH;
    PWCHAR name = (PWCHAR)(Buffer + 1);
    memcpy(name, device.Info.Name.Buffer, device.Info.Name.Length);
    IopFileNamePath(f, name + deviceChars, pathChars);
    name[deviceChars + pathChars] = 0;
    Buffer->Name.Length = (USHORT)bytes;
    Buffer->Name.MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
    Buffer->Name.Buffer = (PWSTR)(ClientBase + sizeof(*Buffer));
    return STATUS_SUCCESS;
}

static NTSTATUS IopCreateTypes(VOID)
{
    OBJECT_TYPE_INITIALIZER init = { 0 };
    UNICODE_STRING name;
    init.Length = sizeof(init);
    init.DefaultObjectBodySize = sizeof(IOP_FILE);
    init.GenericMapping = IopFileMapping;
    init.ValidAccessMask = FILE_ALL_ACCESS;
    init.CloseProcedure = IopCloseFile;
    init.DeleteProcedure = IopDeleteFile;
    init.ParseProcedure = IopParseFile;
    init.QueryNameProcedure = IopQueryFileName;
    RtlInitUnicodeString(&name, u"File");
    NTSTATUS st = ObCreateObjectType(&name, &init, &IoFileObjectType);
    if (!NT_SUCCESS(st))
        return st;
    OBJECT_TYPE_INITIALIZER device = { 0 };
    device.Length = sizeof(device);
    device.DefaultObjectBodySize = sizeof(IOP_DEVICE);
    device.GenericMapping = IopFileMapping;
    device.ValidAccessMask = FILE_ALL_ACCESS;
    device.ParseProcedure = IopParseDevice;
    RtlInitUnicodeString(&name, u"Device");
    return ObCreateObjectType(&name, &device, &IoDeviceObjectType);
}

NTSTATUS IoInitSystem(VOID)
{
    NTSTATUS st = IopCreateTypes();
    if (!NT_SUCCESS(st))
        return st;
    PIOP_NODE root;
    st = IopMountBootVolume(&root);
    if (!NT_SUCCESS(st))
        return st;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    PIOP_DEVICE d;
    RtlInitUnicodeString(&name, u"\\Device\\BootVolume");
    InitializeObjectAttributes(&oa, &name, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, NULL, NULL);
    st = ObCreateObject(KernelMode, IoDeviceObjectType, &oa, sizeof(IOP_DEVICE), (PVOID *)&d);
    if (!NT_SUCCESS(st))
        return st;
    d->DeviceType = FILE_DEVICE_DISK_FILE_SYSTEM;
    d->Characteristics = FILE_READ_ONLY_DEVICE;
    d->Root = root;
    st = ObInsertObject(d, NULL, 0, NULL, NULL); /* permanent: it stays */
    if (NT_SUCCESS(st))
        st = ObCreatePermanentLink(u"\\GLOBAL??\\C:", u"\\Device\\BootVolume");
    if (NT_SUCCESS(st))
        st = ObCreatePermanentLink(u"\\SystemRoot", u"\\Device\\BootVolume\\Windows");
    return st;
}

/* ---- For the rest of the executive -------------------------------------- */

PDISPATCHER_HEADER IoFileWaitableHeader(PVOID FileObject)
{
    return &((PIOP_FILE)FileObject)->Event.Header;
}

NTSTATUS IoFileContents(PVOID FileObject, const UCHAR **Data, SIZE_T *Size)
{
    PIOP_FILE f = FileObject;
    if ((f->Flags & IOP_FO_VOLUME) || f->Node->Directory)
        return STATUS_INVALID_FILE_FOR_SECTION;
    *Data = f->Node->Data;
    *Size = f->Node->Size;
    return STATUS_SUCCESS;
}

VOID IoFileBaseName(PVOID FileObject, char *Name, ULONG Size)
{
    PIOP_FILE f = FileObject;
    ULONG n = 0, count = f->Node->Name.Length / sizeof(WCHAR);
    for (ULONG i = 0; i < count && n + 1 < Size; i++) {
        WCHAR c = f->Node->Name.Buffer[i];
        Name[n++] = c < 0x80 ? (char)c : '?';
    }
    if (Size)
        Name[n] = 0;
}

NTSTATUS IopReferenceFile(PETHREAD Thread, HANDLE Handle, ACCESS_MASK Access, PIOP_FILE *File)
{
    return ObReferenceObjectByHandle(Thread->Process->ObjectTable, Handle, Access, IoFileObjectType, UserMode,
                                     (PVOID *)File, NULL);
}

NTSTATUS IopPutIoStatus(PETHREAD Thread, PIO_STATUS_BLOCK User, NTSTATUS Status, ULONG_PTR Information)
{
    IO_STATUS_BLOCK iosb = { 0 };
    iosb.Status = Status;
    iosb.Information = Information;
    return MmCopyToUser(&Thread->Process->Vm, (ULONG_PTR)User, &iosb, sizeof(iosb));
}

/* ---- NtCreateFile, NtOpenFile -------------------------------------------- */

/* The parameter rules every create obeys (Windows' STATUS_INVALID_PARAMETER
 * cases). */
static BOOLEAN IopValidCreateParameters(ACCESS_MASK DesiredAccess, ULONG FileAttributes, ULONG ShareAccess,
                                        ULONG Disposition, ULONG Options)
{
    ULONG synchronous = Options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT);
    if ((FileAttributes & ~FILE_ATTRIBUTE_VALID_FLAGS) || (ShareAccess & ~FILE_SHARE_VALID_FLAGS) ||
        Disposition > FILE_MAXIMUM_DISPOSITION || (Options & ~FILE_VALID_OPTION_FLAGS))
        return FALSE;
    if (synchronous == (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT))
        return FALSE;
    if (synchronous && !(DesiredAccess & SYNCHRONIZE))
        return FALSE;
    if ((Options & FILE_DELETE_ON_CLOSE) && !(DesiredAccess & DELETE))
        return FALSE;
    if ((Options & FILE_DIRECTORY_FILE) &&
        ((Options & FILE_NON_DIRECTORY_FILE) ||
         (Disposition != FILE_CREATE && Disposition != FILE_OPEN && Disposition != FILE_OPEN_IF)))
        return FALSE;
    if ((Options & FILE_COMPLETE_IF_OPLOCKED) && (Options & FILE_RESERVE_OPFILTER))
        return FALSE;
    if ((Options & FILE_NO_INTERMEDIATE_BUFFERING) && (DesiredAccess & FILE_APPEND_DATA))
        return FALSE;
    return TRUE;
}

NTSTATUS NtCreateFile(PETHREAD Thread, PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                      POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                      PLARGE_INTEGER AllocationSize, ULONG FileAttributes, ULONG ShareAccess,
                      ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer, ULONG EaLength)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    NTSTATUS st = KiPutHandle(Thread, FileHandle, NULL);
    if (NT_SUCCESS(st))
        st = MmProbeUser(vm, (ULONG_PTR)IoStatusBlock, sizeof(IO_STATUS_BLOCK), TRUE);
    if (NT_SUCCESS(st) && AllocationSize) {
        LARGE_INTEGER size;
        st = MmCopyFromUser(vm, &size, (ULONG_PTR)AllocationSize, sizeof(size));
    }
    if (NT_SUCCESS(st) && EaBuffer && EaLength)
        st = MmProbeUser(vm, (ULONG_PTR)EaBuffer, EaLength, FALSE);
    if (!NT_SUCCESS(st))
        return st;
    if (!IopValidCreateParameters(DesiredAccess, FileAttributes, ShareAccess, CreateDisposition, CreateOptions))
        return STATUS_INVALID_PARAMETER;
    ACCESS_MASK access = IopMapGeneric(DesiredAccess);
    IOP_OPEN_PACKET packet = { IOP_OPEN_PACKET_MAGIC, &access, FileAttributes, ShareAccess, CreateDisposition,
                               CreateOptions, 0 };
    HANDLE h;
    st = ObOpenObjectByNameWithAccess(Thread->Process->ObjectTable, ObjectAttributes, IoFileObjectType, UserMode,
                                      &access, &packet, &h);
    if (!NT_SUCCESS(st))
        return st;
    KiPutHandle(Thread, FileHandle, h);
    IopPutIoStatus(Thread, IoStatusBlock, st, packet.Information);
    return st;
}

NTSTATUS NtOpenFile(PETHREAD Thread, PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                    PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess, ULONG OpenOptions)
{
    return NtCreateFile(Thread, FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock, NULL, 0, ShareAccess,
                        FILE_OPEN, OpenOptions, NULL, 0);
}

/* ---- NtReadFile, NtWriteFile --------------------------------------------- */

typedef struct _IOP_TRANSFER {
    PIOP_FILE File;
    PKEVENT Event; /* referenced, or NULL */
    LONG64 Offset;
} IOP_TRANSFER;

/* Everything a read or a write checks before it moves a byte: the event,
 * the APC, the IoStatusBlock and the buffer (probed), and the offset. */
static NTSTATUS IopBeginTransfer(PETHREAD Thread, PIOP_FILE File, HANDLE Event, PVOID ApcRoutine,
                                 PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
                                 PLARGE_INTEGER ByteOffset, BOOLEAN Read, IOP_TRANSFER *Transfer)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    Transfer->File = File;
    Transfer->Event = NULL;
    NTSTATUS st = MmProbeUser(vm, (ULONG_PTR)IoStatusBlock, sizeof(IO_STATUS_BLOCK), TRUE);
    if (NT_SUCCESS(st) && Length)
        st = MmProbeUser(vm, (ULONG_PTR)Buffer, Length, Read);
    LARGE_INTEGER offset = { .u = { FILE_USE_FILE_POINTER_POSITION, -1 } };
    if (NT_SUCCESS(st) && ByteOffset)
        st = MmCopyFromUser(vm, &offset, (ULONG_PTR)ByteOffset, sizeof(offset));
    if (!NT_SUCCESS(st))
        return st;
    if (Event) {
        st = ObReferenceObjectByHandle(Thread->Process->ObjectTable, Event, EVENT_MODIFY_STATE, ExEventObjectType,
                                       UserMode, (PVOID *)&Transfer->Event, NULL);
        if (!NT_SUCCESS(st))
            return st;
    }
    if (ApcRoutine)
        st = STATUS_NOT_IMPLEMENTED; /* no APCs yet */
    else if (offset.u.HighPart == -1 && offset.u.LowPart == FILE_USE_FILE_POINTER_POSITION)
        st = File->Flags & IOP_FO_SYNCHRONOUS ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    else if (offset.QuadPart < 0)
        st = STATUS_INVALID_PARAMETER;
    else if ((File->Mode & FILE_NO_INTERMEDIATE_BUFFERING) && ((offset.QuadPart | Length) & 511))
        st = STATUS_INVALID_PARAMETER;
    if (!NT_SUCCESS(st)) {
        if (Transfer->Event)
            ObDereferenceObject(Transfer->Event);
        return st;
    }
    Transfer->Offset = offset.QuadPart < 0 ? File->CurrentByteOffset.QuadPart : offset.QuadPart;
    if (Transfer->Event)
        KeResetEvent(Transfer->Event);
    KeResetEvent(&File->Event);
    return STATUS_SUCCESS;
}

/* Completion: the IoStatusBlock (unless the request failed outright, as on
 * Windows), the events, the references. */
static NTSTATUS IopEndTransfer(PETHREAD Thread, IOP_TRANSFER *Transfer, PIO_STATUS_BLOCK IoStatusBlock,
                               NTSTATUS Status, ULONG_PTR Information)
{
    if (!NT_ERROR(Status)) {
        IopPutIoStatus(Thread, IoStatusBlock, Status, Information);
        if (Transfer->Event)
            KeSetEvent(Transfer->Event);
        KeSetEvent(&Transfer->File->Event);
    }
    if (Transfer->Event)
        ObDereferenceObject(Transfer->Event);
    ObDereferenceObject(Transfer->File);
    return Status;
}

NTSTATUS NtReadFile(PETHREAD Thread, HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                    PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset,
                    PULONG Key)
{
    PIOP_FILE f;
    IOP_TRANSFER t;
    (void)ApcContext, (void)Key;
    NTSTATUS st = IopReferenceFile(Thread, FileHandle, FILE_READ_DATA, &f);
    if (!NT_SUCCESS(st))
        return st;
    st = IopBeginTransfer(Thread, f, Event, ApcRoutine, IoStatusBlock, Buffer, Length, ByteOffset, TRUE, &t);
    if (!NT_SUCCESS(st)) {
        ObDereferenceObject(f);
        return st;
    }
    ULONG done = 0;
    if ((f->Flags & IOP_FO_VOLUME) || f->Node->Directory)
        st = STATUS_INVALID_DEVICE_REQUEST;
    else if ((ULONG64)t.Offset >= f->Node->Size && Length)
        st = STATUS_END_OF_FILE;
    else {
        ULONG64 left = (ULONG64)t.Offset < f->Node->Size ? f->Node->Size - (ULONG64)t.Offset : 0;
        done = (ULONG)(left < Length ? left : Length);
        st = MmCopyToUser(&Thread->Process->Vm, (ULONG_PTR)Buffer, f->Node->Data + t.Offset, done);
        if (NT_SUCCESS(st) && (f->Flags & IOP_FO_SYNCHRONOUS))
            f->CurrentByteOffset.QuadPart = t.Offset + done;
    }
    return IopEndTransfer(Thread, &t, IoStatusBlock, st, done);
}

NTSTATUS NtWriteFile(PETHREAD Thread, HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                     PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset,
                     PULONG Key)
{
    PIOP_FILE f;
    IOP_TRANSFER t;
    (void)ApcContext, (void)Key;
    OBJECT_HANDLE_INFORMATION info;
    NTSTATUS st = ObReferenceObjectByHandle(Thread->Process->ObjectTable, FileHandle, 0, IoFileObjectType, UserMode,
                                            (PVOID *)&f, &info);
    if (!NT_SUCCESS(st))
        return st;
    if (!(info.GrantedAccess & (FILE_WRITE_DATA | FILE_APPEND_DATA))) { /* either right will do */
        ObDereferenceObject(f);
        return STATUS_ACCESS_DENIED;
    }
    st = IopBeginTransfer(Thread, f, Event, ApcRoutine, IoStatusBlock, Buffer, Length, ByteOffset, FALSE, &t);
    if (!NT_SUCCESS(st)) {
        ObDereferenceObject(f);
        return st;
    }
    /* A handle may hold write rights the open never granted (NtDuplicateObject
     * asks for what it likes): the volume still refuses. */
    st = (f->Flags & IOP_FO_VOLUME) || f->Node->Directory ? STATUS_INVALID_DEVICE_REQUEST
                                                          : STATUS_MEDIA_WRITE_PROTECTED;
    return IopEndTransfer(Thread, &t, IoStatusBlock, st, 0);
}
