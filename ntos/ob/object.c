/*
 * object.c — objects: creation, reference counting, deletion, permanence.
 *
 * ObCreateObject allocates header and body in one pool block and captures
 * the object attributes into a create-information block that lives until
 * ObInsertObject (namespace.c) consumes it.  From then on the object lives
 * by its pointer count.
 *
 * Deletion is deferred through a queue so that it never recurses: when a
 * pointer count reaches zero the object is unlinked from its directory's
 * hash chain at once (a lookup can no longer find it) and pushed on
 * ObpDeleteQueue.  The outermost ObDereferenceObject then pops objects one
 * by one: release the parent directory, free the create information, run
 * the type's delete procedure, free the block.  Releasing a parent or
 * running a delete procedure may drop more counts to zero; those objects
 * join the queue and the same loop deletes them.  A chain of a thousand
 * nested temporary directories therefore unwinds in constant stack, and an
 * object is still freed before the ObDereferenceObject that killed it
 * returns.
 *
 * Permanence is one extra reference held by the object itself (flag
 * OB_FLAG_PERMANENT), so a permanent named object survives with no handle
 * and no pointer.
 */
#include "obp.h"

static POBJECT_HEADER ObpDeleteQueue;
static BOOLEAN ObpDeleting;

/* ---- Small helpers shared by the whole component ------------------------- */

ACCESS_MASK ObpMapGenericMask(ACCESS_MASK Access, const GENERIC_MAPPING *Mapping) {
    ACCESS_MASK Specific = Access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);

    if (Access & GENERIC_READ)
        Specific |= Mapping->GenericRead;
    if (Access & GENERIC_WRITE)
        Specific |= Mapping->GenericWrite;
    if (Access & GENERIC_EXECUTE)
        Specific |= Mapping->GenericExecute;
    if (Access & GENERIC_ALL)
        Specific |= Mapping->GenericAll;
    return Specific;
}

/*
 * Copies a counted name into an 'ObNm' block (NUL-terminated, so that it can
 * be handed out as is).  An empty name stays without a buffer.  The caller
 * has validated the length.
 */
NTSTATUS ObpCaptureName(PCUNICODE_STRING Source, PUNICODE_STRING Captured) {
    USHORT Length = Source ? Source->Length : 0;
    PWSTR Buffer;

    Captured->Length = Captured->MaximumLength = 0;
    Captured->Buffer = NULL;
    if (Length == 0)
        return STATUS_SUCCESS;
    OBP_ASSERT((ULONG)Length + sizeof(WCHAR) <= MAXUSHORT);
    Buffer = ExAllocatePoolWithTag(ObpPool, Length + sizeof(WCHAR), OB_NAME_TAG);
    if (Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ObpCopyMemory(Buffer, Source->Buffer, Length);
    Buffer[Length / sizeof(WCHAR)] = UNICODE_NULL;
    Captured->Buffer = Buffer;
    Captured->Length = Length;
    Captured->MaximumLength = Length + sizeof(WCHAR);
    return STATUS_SUCCESS;
}

VOID ObpFreeName(PUNICODE_STRING Name) {
    if (Name->Buffer != NULL)
        ExFreePoolWithTag(Name->Buffer, OB_NAME_TAG);
    Name->Buffer = NULL;
    Name->Length = Name->MaximumLength = 0;
}

POBJECT_TYPE ObGetObjectType(PVOID Object) { return ObpHeader(Object)->Type; }

/* ---- Creation ------------------------------------------------------------ */

NTSTATUS ObCreateObject(KPROCESSOR_MODE ProbeMode, POBJECT_TYPE ObjectType,
                        PCOBJECT_ATTRIBUTES ObjectAttributes, ULONG ObjectBodySize, PVOID *Object) {
    POBJECT_CREATE_INFORMATION CreateInfo;
    POBJECT_HEADER Header;
    NTSTATUS Status;
    ULONG Attributes;

    *Object = NULL;
    Status = ObpValidateObjectAttributes(ObjectAttributes, ProbeMode, ObjectType, &Attributes);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObjectBodySize == 0)
        ObjectBodySize = ObjectType->TypeInfo.DefaultObjectBodySize;

    CreateInfo = ExAllocatePoolWithTag(ObpPool, sizeof(*CreateInfo), OB_CREATE_INFO_TAG);
    if (CreateInfo == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    CreateInfo->Attributes = Attributes;
    CreateInfo->ProbeMode = ProbeMode;
    CreateInfo->RootDirectory = ObjectAttributes ? ObjectAttributes->RootDirectory : NULL;
    Status =
        ObpCaptureName(ObjectAttributes ? ObjectAttributes->ObjectName : NULL, &CreateInfo->Name);
    if (!NT_SUCCESS(Status)) {
        ExFreePoolWithTag(CreateInfo, OB_CREATE_INFO_TAG);
        return Status;
    }

    Header = ExAllocatePoolWithTag(ObpPool, sizeof(OBJECT_HEADER) + ObjectBodySize, OB_HEADER_TAG);
    if (Header == NULL) {
        ObpFreeName(&CreateInfo->Name);
        ExFreePoolWithTag(CreateInfo, OB_CREATE_INFO_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Header->PointerCount = 1;
    Header->Type = ObjectType;
    Header->CreateInfo = CreateInfo;
    Header->Flags = OB_FLAG_NEW_OBJECT;
    if (Attributes & OBJ_KERNEL_EXCLUSIVE)
        Header->Flags |= OB_FLAG_KERNEL_ONLY;
    Header->Magic = OB_HEADER_MAGIC;

    ObjectType->TotalNumberOfObjects++;
    if (ObjectType->TotalNumberOfObjects > ObjectType->HighWaterNumberOfObjects)
        ObjectType->HighWaterNumberOfObjects = ObjectType->TotalNumberOfObjects;
    *Object = OBJECT_HEADER_TO_OBJECT(Header);
    return STATUS_SUCCESS;
}

VOID ObpFreeCreateInformation(POBJECT_HEADER Header) {
    if (Header->CreateInfo == NULL)
        return;
    ObpFreeName(&Header->CreateInfo->Name);
    ExFreePoolWithTag(Header->CreateInfo, OB_CREATE_INFO_TAG);
    Header->CreateInfo = NULL;
}

/* ---- References ---------------------------------------------------------- */

VOID ObReferenceObject(PVOID Object) {
    POBJECT_HEADER Header = ObpHeader(Object);

    OBP_ASSERT(Header->PointerCount > 0);
    Header->PointerCount++;
}

/* Frees one object whose pointer count reached zero (see the file comment). */
static VOID ObpDeleteObject(POBJECT_HEADER Header) {
    POBJECT_TYPE Type = Header->Type;
    POBJECT_DIRECTORY Parent = Header->Directory;

    OBP_ASSERT(Header->PointerCount == 0 && Header->HandleCount == 0);
    Header->Directory = NULL;
    if (Parent != NULL)
        ObDereferenceObject(Parent);
    ObpFreeCreateInformation(Header);
    if (Type->TypeInfo.DeleteProcedure != NULL)
        Type->TypeInfo.DeleteProcedure(OBJECT_HEADER_TO_OBJECT(Header));
    OBP_ASSERT(Type->TotalNumberOfObjects > 0);
    Type->TotalNumberOfObjects--;
    Header->Magic = 0;
    ExFreePoolWithTag(Header, OB_HEADER_TAG);
}

VOID ObDereferenceObject(PVOID Object) {
    POBJECT_HEADER Header = ObpHeader(Object);

    OBP_ASSERT(Header->PointerCount > Header->HandleCount);
    if (--Header->PointerCount != 0)
        return;

    OBP_ASSERT(!(Header->Flags & (OB_FLAG_PERMANENT | OB_FLAG_DELETE_QUEUED)));
    Header->Flags |= OB_FLAG_DELETE_QUEUED;
    if (Header->Directory != NULL)
        ObpUnlinkDirectoryEntry(Header);
    Header->NextToDelete = ObpDeleteQueue;
    ObpDeleteQueue = Header;
    if (ObpDeleting)
        return;

    ObpDeleting = TRUE;
    while ((Header = ObpDeleteQueue) != NULL) {
        ObpDeleteQueue = Header->NextToDelete;
        ObpDeleteObject(Header);
    }
    ObpDeleting = FALSE;
}

/* ---- Names and permanence ------------------------------------------------ */

VOID ObpDeleteNameCheck(POBJECT_HEADER Header) {
    if (Header->HandleCount == 0 && !(Header->Flags & OB_FLAG_PERMANENT) &&
        Header->Directory != NULL)
        ObpRemoveDirectoryEntry(Header);
}

VOID ObpSetPermanent(POBJECT_HEADER Header, BOOLEAN Permanent) {
    if (Permanent && !(Header->Flags & OB_FLAG_PERMANENT)) {
        Header->Flags |= OB_FLAG_PERMANENT;
        Header->PointerCount++;
    } else if (!Permanent && (Header->Flags & OB_FLAG_PERMANENT)) {
        Header->Flags &= ~OB_FLAG_PERMANENT;
        ObpDeleteNameCheck(Header);
        ObDereferenceObject(OBJECT_HEADER_TO_OBJECT(Header));
    }
}

/* The caller holds a reference, so the object outlives the call either way. */
VOID ObMakeTemporaryObject(PVOID Object) {
    POBJECT_HEADER Header = ObpHeader(Object);

    if (Header->Flags & OB_FLAG_PERMANENT)
        ObpSetPermanent(Header, FALSE);
    else
        ObpDeleteNameCheck(Header);
}

VOID ObMakePermanentObject(PVOID Object) { ObpSetPermanent(ObpHeader(Object), TRUE); }

NTSTATUS ObMakeTemporaryObjectByHandle(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                       KPROCESSOR_MODE AccessMode) {
    NTSTATUS Status;
    PVOID Object;

    Status =
        ObReferenceObjectByHandle(HandleTable, Handle, DELETE, NULL, AccessMode, &Object, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    ObMakeTemporaryObject(Object);
    ObDereferenceObject(Object);
    return STATUS_SUCCESS;
}

/* Windows asks for SeCreatePermanentPrivilege here; there is no Se yet. */
NTSTATUS ObMakePermanentObjectByHandle(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                       KPROCESSOR_MODE AccessMode) {
    NTSTATUS Status;
    PVOID Object;

    Status = ObReferenceObjectByHandle(HandleTable, Handle, 0, NULL, AccessMode, &Object, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    ObMakePermanentObject(Object);
    ObDereferenceObject(Object);
    return STATUS_SUCCESS;
}
