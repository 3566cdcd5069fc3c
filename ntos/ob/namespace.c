/*
 * namespace.c — object names: validation, lookup, insertion, open by name.
 *
 * A name is absolute (`\A\B\C`, walked from the root directory) or, with a
 * RootDirectory handle, relative to that directory (`B\C`).  The walk takes
 * one component at a time:
 *
 *     component empty (`\\`, trailing `\`)          STATUS_OBJECT_NAME_INVALID
 *     not found, more components follow             STATUS_OBJECT_PATH_NOT_FOUND
 *     not found, last component                     STATUS_OBJECT_NAME_NOT_FOUND
 *                                                   (or: insert the new object here)
 *     found a directory, more follow                descend
 *     found an object whose type parses names       call the parse procedure (ObpShouldParse)
 *     found anything else, more follow              STATUS_OBJECT_TYPE_MISMATCH
 *     found, last component                         that object
 *
 * A relative name must not start with `\` and an absolute one must
 * (STATUS_OBJECT_PATH_SYNTAX_BAD); a root directory handle that is not a
 * directory gives STATUS_OBJECT_TYPE_MISMATCH.  A parse procedure may answer
 * STATUS_REPARSE with a new absolute name (symbolic links do): the walk
 * starts again from `\`, at most OBP_MAX_REPARSE times
 * (STATUS_REPARSE_POINT_NOT_RESOLVED after that; OBJ_DONT_REPARSE refuses
 * any with STATUS_REPARSE_POINT_ENCOUNTERED).  Components are compared
 * case-insensitively only under OBJ_CASE_INSENSITIVE.
 *
 * ObjectAttributes are validated before anything is looked up — length of
 * the structure, attribute bits, the name's length — so that the errors
 * come out in the order Windows reports them (an odd name length wins over
 * a bad root handle).
 */
#include "obp.h"

/* ---- Validation and capture ---------------------------------------------- */

NTSTATUS ObpValidateObjectAttributes(PCOBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE Mode,
                                     POBJECT_TYPE ObjectType, PULONG Attributes) {
    PCUNICODE_STRING Name;
    ULONG Value;

    *Attributes = 0;
    if (ObjectAttributes == NULL)
        return STATUS_SUCCESS;
    if (ObjectAttributes->Length != sizeof(OBJECT_ATTRIBUTES))
        return STATUS_INVALID_PARAMETER;
    Value = ObjectAttributes->Attributes;
    if (Value & ~(OBJ_VALID_ATTRIBUTES | OBJ_KERNEL_EXCLUSIVE))
        return STATUS_INVALID_PARAMETER;
    if (ObjectType != NULL && (Value & ObjectType->TypeInfo.InvalidAttributes))
        return STATUS_INVALID_PARAMETER;
    if (Mode != KernelMode) {
        if (Value & OBJ_KERNEL_EXCLUSIVE)
            return STATUS_INVALID_PARAMETER;
        Value &= ~OBJ_KERNEL_HANDLE; /* user mode cannot make kernel handles */
    }

    Name = ObjectAttributes->ObjectName;
    if (Name == NULL) {
        if (ObjectAttributes->RootDirectory != NULL)
            return STATUS_OBJECT_NAME_INVALID;
    } else if ((Name->Length & 1) || (ULONG)Name->Length + sizeof(WCHAR) > MAXUSHORT ||
               (Name->Length != 0 && Name->Buffer == NULL)) {
        return STATUS_OBJECT_NAME_INVALID;
    }
    *Attributes = Value;
    return STATUS_SUCCESS;
}

/* Validates and captures for an open; Info->Name is an 'ObNm' buffer. */
static NTSTATUS ObpCaptureOpenAttributes(PCOBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE Mode,
                                         POBJECT_TYPE ObjectType, POBJECT_CREATE_INFORMATION Info) {
    NTSTATUS Status;

    if (ObjectAttributes == NULL)
        return STATUS_INVALID_PARAMETER;
    Status = ObpValidateObjectAttributes(ObjectAttributes, Mode, ObjectType, &Info->Attributes);
    if (!NT_SUCCESS(Status))
        return Status;
    Info->RootDirectory = ObjectAttributes->RootDirectory;
    Info->ProbeMode = Mode;
    return ObpCaptureName(ObjectAttributes->ObjectName, &Info->Name);
}

/* ---- The walk ------------------------------------------------------------ */

/* Whether the lookup hands Object to its type's parse procedure. */
static BOOLEAN ObpShouldParse(POBJECT_HEADER Header, BOOLEAN Last, POBJECT_TYPE ObjectType,
                              ULONG Attributes, PVOID InsertObject) {
    POBJECT_TYPE Type = Header->Type;

    if (Type->TypeInfo.ParseProcedure == NULL)
        return FALSE;
    if (Last && Type == ObjectType)
        return FALSE; /* the caller wants this very object */
    if (Last && (Attributes & OBJ_OPENLINK) && Type == ObSymbolicLinkObjectType)
        return FALSE;
    if (InsertObject != NULL && Type != ObSymbolicLinkObjectType)
        return FALSE;
    return TRUE;
}

static NTSTATUS ObpCallParse(PVOID ParseObject, PUNICODE_STRING CompleteName,
                             PUNICODE_STRING RemainingName, ULONG Attributes,
                             POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                             PVOID ParseContext, PVOID *FoundObject) {
    PWSTR OldName = CompleteName->Buffer;
    NTSTATUS Status;

    ObReferenceObject(ParseObject);
    Status =
        ObpHeader(ParseObject)
            ->Type->TypeInfo.ParseProcedure(ParseObject, ObjectType, AccessMode, Attributes,
                                            CompleteName, RemainingName, ParseContext, FoundObject);
    ObDereferenceObject(ParseObject);
    if (Status == STATUS_REPARSE && OldName != NULL && OldName != CompleteName->Buffer)
        ExFreePoolWithTag(OldName, OB_NAME_TAG);
    OBP_ASSERT(Status == STATUS_REPARSE || !NT_SUCCESS(Status) || *FoundObject != NULL);
    return Status;
}

/*
 * Where the walk of Name starts.  On success exactly one of these holds:
 * *Found is set (the name designates the start object itself), *Directory
 * is set (walk Remaining, which has no leading backslash, from there), or
 * neither (hand the whole relative name to RootObject's parse procedure).
 */
static NTSTATUS ObpStartLookup(PVOID RootObject, PCUNICODE_STRING Name, PVOID InsertObject,
                               POBJECT_DIRECTORY *Directory, PUNICODE_STRING Remaining,
                               PVOID *Found) {
    POBJECT_TYPE RootType;

    *Remaining = *Name;
    *Directory = NULL;
    if (RootObject == NULL) {
        if (Name->Length == 0 || Name->Buffer[0] != OBJ_NAME_PATH_SEPARATOR)
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        Remaining->Buffer++;
        Remaining->Length -= sizeof(WCHAR);
        Remaining->MaximumLength = Remaining->Length;
        RootObject = ObpRootDirectory;
        RootType = ObDirectoryObjectType;
    } else {
        if (Name->Length != 0 && Name->Buffer[0] == OBJ_NAME_PATH_SEPARATOR)
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        RootType = ObpHeader(RootObject)->Type;
    }

    if (RootType == ObDirectoryObjectType) {
        if (Remaining->Length != 0) {
            *Directory = RootObject;
            return STATUS_SUCCESS;
        }
    } else if (RootType == ObSymbolicLinkObjectType || RootType->TypeInfo.ParseProcedure == NULL) {
        /* Not a place names start from (Windows 7 and later say so even for
         * an empty name, except that a link can be opened as itself). */
        if (Remaining->Length != 0 || RootType != ObSymbolicLinkObjectType)
            return STATUS_OBJECT_TYPE_MISMATCH;
    } else {
        /* An object that parses its own names (a file, later). */
        return InsertObject != NULL ? STATUS_OBJECT_TYPE_MISMATCH : STATUS_SUCCESS;
    }
    ObReferenceObject(RootObject);
    *Found = RootObject;
    return STATUS_SUCCESS;
}

/* Splits Remaining into its first component and what follows the separator. */
static BOOLEAN ObpNextComponent(PUNICODE_STRING Remaining, PUNICODE_STRING Component,
                                PUNICODE_STRING Rest) {
    USHORT Count = Remaining->Length / sizeof(WCHAR), i;

    for (i = 0; i < Count && Remaining->Buffer[i] != OBJ_NAME_PATH_SEPARATOR; i++)
        ;
    Component->Buffer = Remaining->Buffer;
    Component->Length = Component->MaximumLength = i * sizeof(WCHAR);
    if (i == Count)
        return FALSE;
    Rest->Buffer = Remaining->Buffer + i + 1;
    Rest->Length = Rest->MaximumLength = (Count - i - 1) * sizeof(WCHAR);
    return TRUE;
}

/*
 * Walks Remaining down from Directory, descending through directories.
 * Stops at the first object that is not a directory or at the last
 * component: *Header is that object, *More says whether components follow
 * it (*Unparsed then holds them as `\rest`, else it is empty).  A missing
 * last component is where InsertObject goes (*Header is then NULL).
 */
static NTSTATUS ObpWalkDirectories(POBJECT_DIRECTORY Directory, UNICODE_STRING Remaining,
                                   BOOLEAN CaseInsensitive, PVOID InsertObject,
                                   POBJECT_HEADER *Header, PBOOLEAN More,
                                   PUNICODE_STRING Unparsed) {
    UNICODE_STRING Component, Rest;

    *Header = NULL;
    for (;;) {
        *More = ObpNextComponent(&Remaining, &Component, &Rest);
        if (Component.Length == 0)
            return STATUS_OBJECT_NAME_INVALID;
        *Header = ObpLookupDirectoryEntry(Directory, &Component, CaseInsensitive);
        if (*Header == NULL) {
            if (*More)
                return STATUS_OBJECT_PATH_NOT_FOUND;
            if (InsertObject == NULL)
                return STATUS_OBJECT_NAME_NOT_FOUND;
            return ObpInsertDirectoryEntry(Directory, ObpHeader(InsertObject), &Component);
        }
        if (!*More || (*Header)->Type != ObDirectoryObjectType)
            break;
        Directory = OBJECT_HEADER_TO_OBJECT(*Header);
        Remaining = Rest;
    }
    Unparsed->Buffer = Component.Buffer + Component.Length / sizeof(WCHAR); /* the `\` */
    Unparsed->Length = Unparsed->MaximumLength = *More ? (USHORT)(Rest.Length + sizeof(WCHAR)) : 0;
    return STATUS_SUCCESS;
}

NTSTATUS ObpLookupObjectName(PVOID RootObject, PUNICODE_STRING CompleteName, ULONG Attributes,
                             POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                             PVOID ParseContext, PVOID InsertObject, PVOID *FoundObject) {
    BOOLEAN CaseInsensitive = (Attributes & OBJ_CASE_INSENSITIVE) != 0;
    UNICODE_STRING Remaining, Unparsed;
    POBJECT_DIRECTORY Directory;
    POBJECT_HEADER Header;
    ULONG Reparses = 0;
    NTSTATUS Status;
    BOOLEAN More;
    PVOID Object;

    *FoundObject = NULL;
    for (;;) {
        Status = ObpStartLookup(RootObject, CompleteName, InsertObject, &Directory, &Remaining,
                                FoundObject);
        if (!NT_SUCCESS(Status) || *FoundObject != NULL)
            return Status;
        if (Directory == NULL) {
            /* Relative to an object that parses its own names. */
            Object = RootObject;
            Unparsed = Remaining;
        } else {
            Status = ObpWalkDirectories(Directory, Remaining, CaseInsensitive, InsertObject,
                                        &Header, &More, &Unparsed);
            if (!NT_SUCCESS(Status) || Header == NULL)
                return Status;
            Object = OBJECT_HEADER_TO_OBJECT(Header);
            if (!ObpShouldParse(Header, !More, ObjectType, Attributes, InsertObject)) {
                if (More)
                    return STATUS_OBJECT_TYPE_MISMATCH;
                ObReferenceObject(Object);
                *FoundObject = Object;
                return STATUS_SUCCESS;
            }
        }
        Status = ObpCallParse(Object, CompleteName, &Unparsed, Attributes, ObjectType, AccessMode,
                              ParseContext, FoundObject);
        if (Status != STATUS_REPARSE)
            return Status;
        if (Attributes & OBJ_DONT_REPARSE)
            return STATUS_REPARSE_POINT_ENCOUNTERED;
        if (++Reparses > OBP_MAX_REPARSE)
            return STATUS_REPARSE_POINT_NOT_RESOLVED;
        RootObject = NULL;
    }
}

/* ---- Insertion ----------------------------------------------------------- */

/* Puts a new object behind its captured name; *Existing gets what was there. */
static NTSTATUS ObpInsertName(PVOID Object, PHANDLE_TABLE HandleTable, PVOID *Existing) {
    POBJECT_HEADER Header = ObpHeader(Object);
    POBJECT_CREATE_INFORMATION Info = Header->CreateInfo;
    PVOID Root = NULL;
    NTSTATUS Status;

    *Existing = NULL;
    if (Info->RootDirectory != NULL) {
        Status = ObReferenceObjectByHandle(HandleTable, Info->RootDirectory, 0, NULL,
                                           Info->ProbeMode, &Root, NULL);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status = ObpLookupObjectName(Root, &Info->Name, Info->Attributes, Header->Type, Info->ProbeMode,
                                 NULL, Object, Existing);
    if (Root != NULL)
        ObDereferenceObject(Root);
    if (!NT_SUCCESS(Status) || *Existing == NULL)
        return Status;

    if (!(Info->Attributes & OBJ_OPENIF))
        Status = STATUS_OBJECT_NAME_COLLISION;
    else if (ObpHeader(*Existing)->Type != Header->Type)
        Status = STATUS_OBJECT_TYPE_MISMATCH;
    else
        return STATUS_OBJECT_NAME_EXISTS;
    ObDereferenceObject(*Existing);
    *Existing = NULL;
    return Status;
}

NTSTATUS ObInsertObject(PVOID Object, PHANDLE_TABLE HandleTable, ACCESS_MASK DesiredAccess,
                        PVOID *ReferencedObject, PHANDLE Handle) {
    POBJECT_HEADER Header = ObpHeader(Object);
    POBJECT_CREATE_INFORMATION Info = Header->CreateInfo;
    ULONG Attributes = Info->Attributes;
    KPROCESSOR_MODE Mode = Info->ProbeMode;
    NTSTATUS Status = STATUS_SUCCESS;
    PVOID Target = Object, Existing = NULL;

    OBP_ASSERT((Header->Flags & OB_FLAG_NEW_OBJECT) && Info != NULL);
    if (ReferencedObject != NULL)
        *ReferencedObject = NULL;
    if (Handle != NULL) {
        *Handle = NULL;
        Status = ObpReserveHandle(HandleTable, Attributes, Mode);
    }
    if (NT_SUCCESS(Status) && Info->Name.Length != 0)
        Status = ObpInsertName(Object, HandleTable, &Existing);
    Header->Flags &= ~OB_FLAG_NEW_OBJECT;
    ObpFreeCreateInformation(Header);
    if (!NT_SUCCESS(Status)) {
        ObDereferenceObject(Object);
        return Status;
    }
    if (Existing != NULL) {
        ObDereferenceObject(Object); /* OBJ_OPENIF: the new one is not needed */
        Target = Existing;
    } else if (Attributes & OBJ_PERMANENT) {
        ObpSetPermanent(Header, TRUE);
    }

    if (Handle != NULL) {
        NTSTATUS HandleStatus =
            ObpCreateHandle(HandleTable, Target, DesiredAccess, Attributes, Mode, Handle);
        if (!NT_SUCCESS(HandleStatus)) {
            OBP_ASSERT(Target == Existing); /* room was reserved for new objects */
            ObDereferenceObject(Target);
            return HandleStatus;
        }
        if (ReferencedObject != NULL) {
            ObReferenceObject(Target);
            *ReferencedObject = Target;
        }
    } else if (ReferencedObject != NULL) {
        *ReferencedObject = Target; /* the creation (or lookup) reference */
    } else {
        ObDereferenceObject(Target);
    }
    return Status;
}

/* ---- Open and reference by name ------------------------------------------ */

NTSTATUS ObOpenObjectByName(PHANDLE_TABLE HandleTable, PCOBJECT_ATTRIBUTES ObjectAttributes,
                            POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                            ACCESS_MASK DesiredAccess, PVOID ParseContext, PHANDLE Handle) {
    return ObOpenObjectByNameWithAccess(HandleTable, ObjectAttributes, ObjectType, AccessMode,
                                        &DesiredAccess, ParseContext, Handle);
}

NTSTATUS ObOpenObjectByNameWithAccess(PHANDLE_TABLE HandleTable,
                                      PCOBJECT_ATTRIBUTES ObjectAttributes,
                                      POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                      PACCESS_MASK DesiredAccess, PVOID ParseContext,
                                      PHANDLE Handle) {
    OBJECT_CREATE_INFORMATION Info;
    PVOID Root = NULL, Object;
    NTSTATUS Status;

    *Handle = NULL;
    Status = ObpCaptureOpenAttributes(ObjectAttributes, AccessMode, ObjectType, &Info);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Info.RootDirectory != NULL)
        Status = ObReferenceObjectByHandle(HandleTable, Info.RootDirectory, 0, NULL, AccessMode,
                                           &Root, NULL);
    if (NT_SUCCESS(Status))
        Status = ObpLookupObjectName(Root, &Info.Name, Info.Attributes, ObjectType, AccessMode,
                                     ParseContext, NULL, &Object);
    if (Root != NULL)
        ObDereferenceObject(Root);
    ObpFreeName(&Info.Name);
    if (!NT_SUCCESS(Status))
        return Status;

    if (ObjectType != NULL && ObpHeader(Object)->Type != ObjectType)
        Status = STATUS_OBJECT_TYPE_MISMATCH;
    else
        Status = ObpCreateHandle(HandleTable, Object, *DesiredAccess, Info.Attributes, AccessMode,
                                 Handle);
    if (!NT_SUCCESS(Status))
        ObDereferenceObject(Object);
    return Status;
}

NTSTATUS ObReferenceObjectByName(PCUNICODE_STRING ObjectName, ULONG Attributes,
                                 POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                 PVOID ParseContext, PVOID *Object) {
    OBJECT_ATTRIBUTES ObjectAttributes;
    OBJECT_CREATE_INFORMATION Info;
    NTSTATUS Status;

    *Object = NULL;
    InitializeObjectAttributes(&ObjectAttributes, (PUNICODE_STRING)ObjectName, Attributes, NULL,
                               NULL);
    Status = ObpCaptureOpenAttributes(&ObjectAttributes, AccessMode, ObjectType, &Info);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObpLookupObjectName(NULL, &Info.Name, Info.Attributes, ObjectType, AccessMode,
                                 ParseContext, NULL, Object);
    ObpFreeName(&Info.Name);
    if (NT_SUCCESS(Status) && ObjectType != NULL && ObpHeader(*Object)->Type != ObjectType) {
        ObDereferenceObject(*Object);
        *Object = NULL;
        Status = STATUS_OBJECT_TYPE_MISMATCH;
    }
    return Status;
}
