/*
 * symlink.c — symbolic link objects.
 *
 * A link stores an absolute target name.  Name lookup (namespace.c) meets
 * links as objects whose type has a parse procedure: ObpParseSymbolicLink
 * builds target + remaining name and answers STATUS_REPARSE, and the lookup
 * starts again from `\` with the new name (at most OBP_MAX_REPARSE times,
 * which is what ends a loop of links).  The lookup decides *whether* to
 * follow a link: not when the link itself is wanted (the last component,
 * with OBJ_OPENLINK or when the caller asks for a symbolic link object),
 * and only links — no other parse procedure — while a new object is being
 * inserted.
 *
 * The target is not checked at creation: Windows accepts any string, and a
 * relative or dangling target fails only when followed.
 */
#include "obp.h"

POBJECT_TYPE ObSymbolicLinkObjectType;

static VOID ObpDeleteSymbolicLink(PVOID Object) {
    POBJECT_SYMBOLIC_LINK Link = Object;

    if (Link->LinkTarget.Buffer != NULL)
        ExFreePoolWithTag(Link->LinkTarget.Buffer, OB_SYMLINK_TAG);
}

/* See OB_PARSE_METHOD in ob.h; CompleteName is an 'ObNm' buffer. */
static NTSTATUS ObpParseSymbolicLink(PVOID ParseObject, POBJECT_TYPE ObjectType,
                                     KPROCESSOR_MODE AccessMode, ULONG Attributes,
                                     PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName,
                                     PVOID ParseContext, PVOID *Object) {
    POBJECT_SYMBOLIC_LINK Link = ParseObject;
    ULONG NewLength = (ULONG)Link->LinkTarget.Length + RemainingName->Length;
    PWSTR NewName = NULL;

    *Object = NULL;
    if (NewLength + sizeof(WCHAR) > MAXUSHORT)
        return STATUS_NAME_TOO_LONG;
    if (NewLength != 0) {
        NewName = ExAllocatePoolWithTag(ObpPool, NewLength, OB_NAME_TAG);
        if (NewName == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        ObpCopyMemory(NewName, Link->LinkTarget.Buffer, Link->LinkTarget.Length);
        ObpCopyMemory((PUCHAR)NewName + Link->LinkTarget.Length, RemainingName->Buffer,
                      RemainingName->Length);
    }
    CompleteName->Buffer = NewName;
    CompleteName->Length = CompleteName->MaximumLength = (USHORT)NewLength;
    return STATUS_REPARSE;
}

NTSTATUS ObpCreateSymbolicLinkType(VOID) {
    OBJECT_TYPE_INITIALIZER Init = {0};
    UNICODE_STRING Name;

    RtlInitUnicodeString(&Name, u"SymbolicLink");
    Init.Length = sizeof(Init);
    Init.DefaultObjectBodySize = sizeof(OBJECT_SYMBOLIC_LINK);
    Init.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | SYMBOLIC_LINK_QUERY;
    Init.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE;
    Init.GenericMapping.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYMBOLIC_LINK_QUERY;
    Init.GenericMapping.GenericAll = SYMBOLIC_LINK_ALL_ACCESS;
    Init.ValidAccessMask = SYMBOLIC_LINK_ALL_ACCESS;
    Init.DeleteProcedure = ObpDeleteSymbolicLink;
    Init.ParseProcedure = ObpParseSymbolicLink;
    return ObCreateObjectType(&Name, &Init, &ObSymbolicLinkObjectType);
}

static NTSTATUS ObpValidateLinkTarget(PCUNICODE_STRING LinkTarget) {
    if (LinkTarget == NULL || LinkTarget->Buffer == NULL)
        return STATUS_INVALID_PARAMETER;
    if ((LinkTarget->Length & 1) || LinkTarget->MaximumLength < LinkTarget->Length ||
        (ULONG)LinkTarget->Length + sizeof(WCHAR) > MAXUSHORT)
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

static NTSTATUS ObpCreateLink(PCOBJECT_ATTRIBUTES ObjectAttributes, PCUNICODE_STRING LinkTarget,
                              KPROCESSOR_MODE AccessMode, PVOID *Object) {
    POBJECT_SYMBOLIC_LINK Link;
    NTSTATUS Status;
    PWSTR Target;

    Status = ObpValidateLinkTarget(LinkTarget);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObCreateObject(AccessMode, ObSymbolicLinkObjectType, ObjectAttributes, 0, Object);
    if (!NT_SUCCESS(Status))
        return Status;
    Target = ExAllocatePoolWithTag(ObpPool, LinkTarget->Length + sizeof(WCHAR), OB_SYMLINK_TAG);
    if (Target == NULL) {
        ObDereferenceObject(*Object);
        *Object = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ObpCopyMemory(Target, LinkTarget->Buffer, LinkTarget->Length);
    Target[LinkTarget->Length / sizeof(WCHAR)] = UNICODE_NULL;
    Link = *Object;
    Link->LinkTarget.Buffer = Target;
    Link->LinkTarget.Length = LinkTarget->Length;
    Link->LinkTarget.MaximumLength = LinkTarget->Length + sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS ObCreatePermanentLink(PCWSTR Path, PCWSTR Target) {
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name, TargetName;
    NTSTATUS Status;
    PVOID Link;

    RtlInitUnicodeString(&Name, Path);
    RtlInitUnicodeString(&TargetName, Target);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_PERMANENT, NULL, NULL);
    Status = ObpCreateLink(&Attributes, &TargetName, KernelMode, &Link);
    if (!NT_SUCCESS(Status))
        return Status;
    return ObInsertObject(Link, NULL, 0, NULL, NULL);
}

/* ---- Services ------------------------------------------------------------ */

NTSTATUS ObCreateSymbolicLinkObject(PHANDLE_TABLE HandleTable, ACCESS_MASK DesiredAccess,
                                    PCOBJECT_ATTRIBUTES ObjectAttributes,
                                    PCUNICODE_STRING LinkTarget, KPROCESSOR_MODE AccessMode,
                                    PHANDLE LinkHandle) {
    NTSTATUS Status;
    PVOID Link;

    *LinkHandle = NULL;
    Status = ObpCreateLink(ObjectAttributes, LinkTarget, AccessMode, &Link);
    if (!NT_SUCCESS(Status))
        return Status;
    return ObInsertObject(Link, HandleTable, DesiredAccess, NULL, LinkHandle);
}

NTSTATUS ObOpenSymbolicLinkObject(PHANDLE_TABLE HandleTable, ACCESS_MASK DesiredAccess,
                                  PCOBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE AccessMode,
                                  PHANDLE LinkHandle) {
    return ObOpenObjectByName(HandleTable, ObjectAttributes, ObSymbolicLinkObjectType, AccessMode,
                              DesiredAccess, NULL, LinkHandle);
}

NTSTATUS ObQuerySymbolicLinkObject(PHANDLE_TABLE HandleTable, HANDLE LinkHandle,
                                   PUNICODE_STRING LinkTarget, PULONG ReturnedLength,
                                   KPROCESSOR_MODE AccessMode) {
    POBJECT_SYMBOLIC_LINK Link;
    NTSTATUS Status;
    ULONG Needed;

    Status = ObReferenceObjectByHandle(HandleTable, LinkHandle, SYMBOLIC_LINK_QUERY,
                                       ObSymbolicLinkObjectType, AccessMode, (PVOID *)&Link, NULL);
    if (!NT_SUCCESS(Status))
        return Status;

    /* With ReturnedLength the caller gets (and must make room for) the NUL. */
    Needed = ReturnedLength ? Link->LinkTarget.MaximumLength : Link->LinkTarget.Length;
    if (ReturnedLength != NULL)
        *ReturnedLength = Link->LinkTarget.MaximumLength;
    if (LinkTarget->MaximumLength < Needed) {
        Status = STATUS_BUFFER_TOO_SMALL;
    } else {
        ObpCopyMemory(LinkTarget->Buffer, Link->LinkTarget.Buffer, Needed);
        LinkTarget->Length = Link->LinkTarget.Length;
    }
    ObDereferenceObject(Link);
    return Status;
}
