/*
 * query.c — NtQueryObject / NtSetInformationObject and the name of an object.
 *
 * Information classes are dispatched from a table: each row says whether
 * the class needs a handle and which routine fills the buffer.  Every
 * routine first computes the exact size it needs, reports it through
 * *ReturnLength, and answers STATUS_INFO_LENGTH_MISMATCH without writing
 * anything when the buffer is shorter — so a caller can always ask with a
 * zero-length buffer first.
 *
 * Variable-length results (names, type names) are laid out in the caller's
 * buffer right after the fixed structure, NUL-terminated, and the
 * UNICODE_STRING.Buffer pointers are computed from ClientBase, the address
 * at which the caller will see the buffer (ob.h).
 *
 * PointerCount in ObjectBasicInformation leaves out the reference the query
 * itself holds, so it reads as "pointers held by everyone else".
 */
#include "obp.h"

typedef NTSTATUS (*OBP_QUERY_ROUTINE)(PVOID Object, const OBJECT_HANDLE_INFORMATION *Handle,
                                      PUCHAR Buffer, ULONG Length, PULONG ReturnLength,
                                      ULONG_PTR ClientBase);

/* ---- Names --------------------------------------------------------------- */

/* Bytes of the full path of a named object (0 when unnamed). */
static ULONG ObpPathLength(POBJECT_HEADER Header) {
    ULONG Bytes = 0;

    if (OBJECT_HEADER_TO_OBJECT(Header) == (PVOID)ObpRootDirectory)
        return sizeof(WCHAR);
    for (; Header->Directory != NULL; Header = ObpHeader(Header->Directory))
        Bytes += sizeof(WCHAR) + Header->Name.Length;
    return Bytes;
}

static ULONG ObpNameInfoSize(ULONG PathBytes) {
    return sizeof(OBJECT_NAME_INFORMATION) + (PathBytes ? PathBytes + sizeof(WCHAR) : 0);
}

NTSTATUS ObQueryNameString(PVOID Object, POBJECT_NAME_INFORMATION Buffer, ULONG Length,
                           PULONG ReturnLength, ULONG_PTR ClientBase) {
    POBJECT_HEADER Header = ObpHeader(Object);
    ULONG PathBytes, Offset;
    PWCHAR Path;

    if (Header->Type->TypeInfo.QueryNameProcedure != NULL)
        return Header->Type->TypeInfo.QueryNameProcedure(Object, Buffer, Length, ReturnLength,
                                                         ClientBase);
    PathBytes = ObpPathLength(Header);
    if (PathBytes + sizeof(WCHAR) > MAXUSHORT)
        return STATUS_NAME_TOO_LONG;
    *ReturnLength = ObpNameInfoSize(PathBytes);
    if (Length < *ReturnLength)
        return STATUS_INFO_LENGTH_MISMATCH;

    Buffer->Name.Length = (USHORT)PathBytes;
    Buffer->Name.MaximumLength = PathBytes ? (USHORT)(PathBytes + sizeof(WCHAR)) : 0;
    Buffer->Name.Buffer = PathBytes ? (PWSTR)(ClientBase + sizeof(*Buffer)) : NULL;
    if (PathBytes == 0)
        return STATUS_SUCCESS;

    /* Write from the end: NUL, then each component preceded by `\`. */
    Path = (PWCHAR)(Buffer + 1);
    Offset = PathBytes / sizeof(WCHAR);
    Path[Offset] = UNICODE_NULL;
    if (Object == (PVOID)ObpRootDirectory) {
        Path[0] = OBJ_NAME_PATH_SEPARATOR;
        return STATUS_SUCCESS;
    }
    for (; Header->Directory != NULL; Header = ObpHeader(Header->Directory)) {
        Offset -= Header->Name.Length / sizeof(WCHAR);
        ObpCopyMemory(&Path[Offset], Header->Name.Buffer, Header->Name.Length);
        Path[--Offset] = OBJ_NAME_PATH_SEPARATOR;
    }
    OBP_ASSERT(Offset == 0);
    return STATUS_SUCCESS;
}

/* ---- Types --------------------------------------------------------------- */

static ULONG ObpTypeInfoSize(POBJECT_TYPE Type) {
    return sizeof(OBJECT_TYPE_INFORMATION) +
           (ULONG)ALIGN_UP_BY(Type->Name.Length + sizeof(WCHAR), sizeof(ULONG_PTR));
}

static VOID ObpFillTypeInfo(POBJECT_TYPE Type, PUCHAR Out, ULONG_PTR ClientAddress) {
    POBJECT_TYPE_INFORMATION Info = (POBJECT_TYPE_INFORMATION)Out;
    PWCHAR Name = (PWCHAR)(Info + 1);

    ObpZeroMemory(Info, sizeof(*Info));
    Info->TypeName.Length = Type->Name.Length;
    Info->TypeName.MaximumLength = Type->Name.Length + sizeof(WCHAR);
    Info->TypeName.Buffer = (PWSTR)(ClientAddress + sizeof(*Info));
    Info->TotalNumberOfObjects = Type->TotalNumberOfObjects;
    Info->TotalNumberOfHandles = Type->TotalNumberOfHandles;
    Info->HighWaterNumberOfObjects = Type->HighWaterNumberOfObjects;
    Info->HighWaterNumberOfHandles = Type->HighWaterNumberOfHandles;
    Info->InvalidAttributes = Type->TypeInfo.InvalidAttributes;
    Info->GenericMapping = Type->TypeInfo.GenericMapping;
    Info->ValidAccessMask = Type->TypeInfo.ValidAccessMask;
    Info->MaintainHandleCount = Type->TypeInfo.CloseProcedure != NULL;
    Info->TypeIndex = (UCHAR)Type->Index;
    ObpCopyMemory(Name, Type->Name.Buffer, Type->Name.Length);
    Name[Type->Name.Length / sizeof(WCHAR)] = UNICODE_NULL;
}

static NTSTATUS ObpQueryType(PVOID Object, const OBJECT_HANDLE_INFORMATION *Handle, PUCHAR Buffer,
                             ULONG Length, PULONG ReturnLength, ULONG_PTR ClientBase) {
    POBJECT_TYPE Type = ObpHeader(Object)->Type;

    *ReturnLength = ObpTypeInfoSize(Type);
    if (Length < *ReturnLength)
        return STATUS_INFO_LENGTH_MISMATCH;
    ObpFillTypeInfo(Type, Buffer, ClientBase);
    return STATUS_SUCCESS;
}

static NTSTATUS ObpQueryTypes(PVOID Object, const OBJECT_HANDLE_INFORMATION *Handle, PUCHAR Buffer,
                              ULONG Length, PULONG ReturnLength, ULONG_PTR ClientBase) {
    ULONG Offset = ALIGN_UP_BY(sizeof(OBJECT_TYPES_INFORMATION), sizeof(ULONG_PTR));
    ULONG Needed = Offset, i;

    for (i = 0; i < ObpObjectTypeCount; i++)
        Needed += ObpTypeInfoSize(ObpObjectTypes[i]);
    *ReturnLength = Needed;
    if (Length < Needed)
        return STATUS_INFO_LENGTH_MISMATCH;
    ObpZeroMemory(Buffer, Offset);
    ((POBJECT_TYPES_INFORMATION)Buffer)->NumberOfTypes = ObpObjectTypeCount;
    for (i = 0; i < ObpObjectTypeCount; i++) {
        ObpFillTypeInfo(ObpObjectTypes[i], Buffer + Offset, ClientBase + Offset);
        Offset += ObpTypeInfoSize(ObpObjectTypes[i]);
    }
    return STATUS_SUCCESS;
}

/* ---- Basic information and handle flags ---------------------------------- */

static NTSTATUS ObpQueryBasic(PVOID Object, const OBJECT_HANDLE_INFORMATION *Handle, PUCHAR Buffer,
                              ULONG Length, PULONG ReturnLength, ULONG_PTR ClientBase) {
    POBJECT_BASIC_INFORMATION Info = (POBJECT_BASIC_INFORMATION)Buffer;
    POBJECT_HEADER Header = ObpHeader(Object);
    ULONG PathBytes = ObpPathLength(Header);

    *ReturnLength = sizeof(*Info);
    if (Length < sizeof(*Info))
        return STATUS_INFO_LENGTH_MISMATCH;
    ObpZeroMemory(Info, sizeof(*Info));
    Info->Attributes = Handle->HandleAttributes & (OBJ_INHERIT | OBJ_PROTECT_CLOSE);
    if (Header->Flags & OB_FLAG_PERMANENT)
        Info->Attributes |= OBJ_PERMANENT;
    if (Header->ExclusiveTable != NULL)
        Info->Attributes |= OBJ_EXCLUSIVE;
    Info->GrantedAccess = Handle->GrantedAccess;
    Info->HandleCount = (ULONG)Header->HandleCount;
    Info->PointerCount = (ULONG)(Header->PointerCount - 1); /* without the query's own */
    Info->NameInfoSize = PathBytes ? ObpNameInfoSize(PathBytes) : 0;
    Info->TypeInfoSize = ObpTypeInfoSize(Header->Type);
    return STATUS_SUCCESS;
}

static NTSTATUS ObpQueryName(PVOID Object, const OBJECT_HANDLE_INFORMATION *Handle, PUCHAR Buffer,
                             ULONG Length, PULONG ReturnLength, ULONG_PTR ClientBase) {
    return ObQueryNameString(Object, (POBJECT_NAME_INFORMATION)Buffer, Length, ReturnLength,
                             ClientBase);
}

static NTSTATUS ObpQueryHandleFlags(PVOID Object, const OBJECT_HANDLE_INFORMATION *Handle,
                                    PUCHAR Buffer, ULONG Length, PULONG ReturnLength,
                                    ULONG_PTR ClientBase) {
    POBJECT_HANDLE_FLAG_INFORMATION Info = (POBJECT_HANDLE_FLAG_INFORMATION)Buffer;

    *ReturnLength = sizeof(*Info);
    if (Length < sizeof(*Info))
        return STATUS_INFO_LENGTH_MISMATCH;
    Info->Inherit = (Handle->HandleAttributes & OBJ_INHERIT) != 0;
    Info->ProtectFromClose = (Handle->HandleAttributes & OBJ_PROTECT_CLOSE) != 0;
    return STATUS_SUCCESS;
}

/* ---- The services -------------------------------------------------------- */

static const struct {
    OBJECT_INFORMATION_CLASS Class;
    BOOLEAN NeedsHandle;
    OBP_QUERY_ROUTINE Query;
} ObpQueryClasses[] = {
    {ObjectBasicInformation, TRUE, ObpQueryBasic},
    {ObjectNameInformation, TRUE, ObpQueryName},
    {ObjectTypeInformation, TRUE, ObpQueryType},
    {ObjectTypesInformation, FALSE, ObpQueryTypes},
    {ObjectHandleFlagInformation, TRUE, ObpQueryHandleFlags},
};

NTSTATUS ObQueryObject(PHANDLE_TABLE HandleTable, HANDLE Handle,
                       OBJECT_INFORMATION_CLASS ObjectInformationClass, PVOID Buffer, ULONG Length,
                       PULONG ReturnLength, KPROCESSOR_MODE AccessMode, ULONG_PTR ClientBase) {
    OBJECT_HANDLE_INFORMATION Info = {0};
    PVOID Object = NULL;
    NTSTATUS Status;
    ULONG Needed = 0, i;

    for (i = 0; i < RTL_NUMBER_OF(ObpQueryClasses); i++) {
        if (ObpQueryClasses[i].Class == ObjectInformationClass)
            break;
    }
    if (i == RTL_NUMBER_OF(ObpQueryClasses))
        return STATUS_INVALID_INFO_CLASS;
    if (ObpQueryClasses[i].NeedsHandle) {
        Status = ObpReferenceHandle(HandleTable, Handle, AccessMode, &Object, &Info);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status = ObpQueryClasses[i].Query(Object, &Info, Buffer, Length, &Needed, ClientBase);
    if (ReturnLength != NULL)
        *ReturnLength = Needed;
    if (Object != NULL)
        ObDereferenceObject(Object);
    return Status;
}

NTSTATUS ObSetInformationObject(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                OBJECT_INFORMATION_CLASS ObjectInformationClass, PVOID Buffer,
                                ULONG Length, KPROCESSOR_MODE AccessMode) {
    POBJECT_HANDLE_FLAG_INFORMATION Flags = Buffer;
    PHANDLE_TABLE_ENTRY Entry;

    if (ObjectInformationClass != ObjectHandleFlagInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (Length != sizeof(*Flags))
        return STATUS_INFO_LENGTH_MISMATCH;
    Entry = ObpLookupHandleEntry(HandleTable, Handle, AccessMode);
    if (Entry == NULL)
        return STATUS_INVALID_HANDLE;
    Entry->Attributes &= ~(OBJ_INHERIT | OBJ_PROTECT_CLOSE);
    if (Flags->Inherit)
        Entry->Attributes |= OBJ_INHERIT;
    if (Flags->ProtectFromClose)
        Entry->Attributes |= OBJ_PROTECT_CLOSE;
    return STATUS_SUCCESS;
}
