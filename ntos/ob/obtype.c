/*
 * obtype.c — object types.
 *
 * A type is itself an object, of the type "Type", whose body is an
 * OBJECT_TYPE: its name, the initializer its creator passed (body size,
 * procedures, access mapping) and live counters (objects and handles, with
 * high-water marks) that NtQueryObject reports.  The "Type" type is its own
 * type, which is why ObpCreateTypeObjectType builds it with a bootstrap
 * descriptor and then points its header at itself.
 *
 * Types are permanent and named \ObjectTypes\<Name>; the three created
 * before \ObjectTypes exists (Type, Directory, SymbolicLink) get their names
 * when ObInitSystem has made the directory.  ObpObjectTypes lists them all
 * in creation order for ObjectTypesInformation; TypeIndex is the position
 * plus 2, as Windows numbers them.
 */
#include "obp.h"

POBJECT_TYPE ObTypeObjectType;
POBJECT_TYPE ObpObjectTypes[OBP_MAX_TYPES];
ULONG ObpObjectTypeCount;

static NTSTATUS ObpValidateTypeName(PCUNICODE_STRING Name) {
    USHORT i;

    if (Name == NULL || Name->Length == 0 || (Name->Length & 1) || Name->Buffer == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    for (i = 0; i < Name->Length / sizeof(WCHAR); i++) {
        if (Name->Buffer[i] == OBJ_NAME_PATH_SEPARATOR)
            return STATUS_OBJECT_NAME_INVALID;
    }
    for (i = 0; i < ObpObjectTypeCount; i++) {
        if (RtlEqualUnicodeString(&ObpObjectTypes[i]->Name, Name, TRUE))
            return STATUS_OBJECT_NAME_COLLISION;
    }
    return STATUS_SUCCESS;
}

/* Gives a fresh type object its name and registers it; consumes the
 * creation reference (the type is permanent). */
static NTSTATUS ObpRegisterType(POBJECT_TYPE Type, PCUNICODE_STRING TypeName,
                                const OBJECT_TYPE_INITIALIZER *Initializer) {
    POBJECT_HEADER Header = ObpHeader(Type);
    NTSTATUS Status;

    Status = ObpCaptureName(TypeName, &Type->Name);
    if (NT_SUCCESS(Status) && ObpTypeDirectory != NULL)
        Status = ObpInsertDirectoryEntry(ObpTypeDirectory, Header, TypeName);
    Header->Flags &= ~OB_FLAG_NEW_OBJECT;
    ObpFreeCreateInformation(Header);
    if (!NT_SUCCESS(Status)) {
        ObpFreeName(&Type->Name);
        ObDereferenceObject(Type);
        return Status;
    }
    Type->TypeInfo = *Initializer;
    Type->Index = ObpObjectTypeCount + 2;
    ObpObjectTypes[ObpObjectTypeCount++] = Type;
    ObpSetPermanent(Header, TRUE);
    ObDereferenceObject(Type);
    return STATUS_SUCCESS;
}

NTSTATUS ObCreateObjectType(PCUNICODE_STRING TypeName, const OBJECT_TYPE_INITIALIZER *Initializer,
                            POBJECT_TYPE *ObjectType) {
    NTSTATUS Status;
    PVOID Type;

    *ObjectType = NULL;
    OBP_ASSERT(ObTypeObjectType != NULL);
    if (Initializer->Length != sizeof(OBJECT_TYPE_INITIALIZER))
        return STATUS_INVALID_PARAMETER;
    Status = ObpValidateTypeName(TypeName);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObpObjectTypeCount == OBP_MAX_TYPES)
        return STATUS_INSUFFICIENT_RESOURCES;

    Status = ObCreateObject(KernelMode, ObTypeObjectType, NULL, sizeof(OBJECT_TYPE), &Type);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObpRegisterType(Type, TypeName, Initializer);
    if (NT_SUCCESS(Status))
        *ObjectType = Type;
    return Status;
}

NTSTATUS ObpCreateTypeObjectType(VOID) {
    static OBJECT_TYPE Bootstrap;
    OBJECT_TYPE_INITIALIZER Init = {0};
    UNICODE_STRING Name;
    POBJECT_TYPE Type;
    NTSTATUS Status;
    PVOID Object;

    Init.Length = sizeof(Init);
    Init.DefaultObjectBodySize = sizeof(OBJECT_TYPE);
    Init.GenericMapping.GenericRead = STANDARD_RIGHTS_READ;
    Init.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE;
    Init.GenericMapping.GenericExecute = STANDARD_RIGHTS_EXECUTE;
    Init.GenericMapping.GenericAll = OBJECT_TYPE_ALL_ACCESS;
    Init.ValidAccessMask = OBJECT_TYPE_ALL_ACCESS | SYNCHRONIZE;

    Bootstrap.TypeInfo = Init;
    Status = ObCreateObject(KernelMode, &Bootstrap, NULL, sizeof(OBJECT_TYPE), &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    Type = Object;
    ObpHeader(Type)->Type = Type; /* the type of types is itself */
    Type->TotalNumberOfObjects = Type->HighWaterNumberOfObjects = 1;
    ObTypeObjectType = Type;

    RtlInitUnicodeString(&Name, u"Type");
    Status = ObpRegisterType(Type, &Name, &Init);
    if (!NT_SUCCESS(Status))
        ObTypeObjectType = NULL;
    return Status;
}

NTSTATUS ObpInsertTypesIntoDirectory(VOID) {
    NTSTATUS Status;
    ULONG i;

    for (i = 0; i < ObpObjectTypeCount; i++) {
        POBJECT_HEADER Header = ObpHeader(ObpObjectTypes[i]);

        if (Header->Directory != NULL)
            continue;
        Status = ObpInsertDirectoryEntry(ObpTypeDirectory, Header, &ObpObjectTypes[i]->Name);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    return STATUS_SUCCESS;
}
