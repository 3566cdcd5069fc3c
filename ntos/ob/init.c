/*
 * init.c — ObInitSystem: the object manager's types and the namespace.
 *
 * Order matters because the namespace is made of objects: first the three
 * types the namespace needs (Type, Directory, SymbolicLink), then the root
 * directory (unnamed, permanent), then the well-known directories, which
 * lets the types created so far take their names in \ObjectTypes, then the
 * links, then the kernel handle table.
 *
 *     \                     root directory
 *     \ObjectTypes          one entry per type: Type, Directory, SymbolicLink, ...
 *     \Device  \Driver  \KnownDlls
 *     \BaseNamedObjects     named objects of programs
 *         Global, Local     links back to \BaseNamedObjects (no sessions)
 *     \GLOBAL??             DOS device names (C:, NUL...)
 *         GLOBALROOT        link to "" (back to the root), Global -> \GLOBAL??
 *     \??                   link to \GLOBAL??
 *     \DosDevices           link to \??
 *
 * Windows resolves \?? per logon session through device maps, falling back
 * to \GLOBAL??.  Neptune OS has one session and one device map, so \?? is a
 * plain symbolic link to \GLOBAL??; docs/ob.md records the decision.
 */
#include "obp.h"

static const PCWSTR ObpSystemDirectories[] = {
    u"\\ObjectTypes",      u"\\Device",   u"\\Driver",
    u"\\BaseNamedObjects", u"\\GLOBAL??", u"\\KnownDlls",
};

static const struct {
    PCWSTR Name;
    PCWSTR Target;
} ObpSystemLinks[] = {
    {u"\\??", u"\\GLOBAL??"},
    {u"\\DosDevices", u"\\??"},
    {u"\\GLOBAL??\\GLOBALROOT", u""},
    {u"\\GLOBAL??\\Global", u"\\GLOBAL??"},
    {u"\\BaseNamedObjects\\Global", u"\\BaseNamedObjects"},
    {u"\\BaseNamedObjects\\Local", u"\\BaseNamedObjects"},
};

static NTSTATUS ObpCreateRootDirectory(VOID) {
    OBJECT_ATTRIBUTES Attributes;
    NTSTATUS Status;
    PVOID Root;

    InitializeObjectAttributes(&Attributes, NULL, OBJ_PERMANENT, NULL, NULL);
    Status = ObCreateObject(KernelMode, ObDirectoryObjectType, &Attributes, 0, &Root);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObInsertObject(Root, NULL, 0, &Root, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    ObpRootDirectory = Root; /* kept alive by its permanence */
    ObDereferenceObject(Root);
    return STATUS_SUCCESS;
}

NTSTATUS ObInitSystem(VOID) {
    NTSTATUS Status;
    ULONG i;

    OBP_ASSERT(ObpRootDirectory == NULL);
    Status = ObpCreateTypeObjectType();
    if (NT_SUCCESS(Status))
        Status = ObpCreateDirectoryType();
    if (NT_SUCCESS(Status))
        Status = ObpCreateSymbolicLinkType();
    if (NT_SUCCESS(Status))
        Status = ObpCreateRootDirectory();
    if (!NT_SUCCESS(Status))
        return Status;

    for (i = 0; i < RTL_NUMBER_OF(ObpSystemDirectories); i++) {
        Status =
            ObpCreatePermanentDirectory(ObpSystemDirectories[i], i == 0 ? &ObpTypeDirectory : NULL);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status = ObpInsertTypesIntoDirectory();
    if (!NT_SUCCESS(Status))
        return Status;
    for (i = 0; i < RTL_NUMBER_OF(ObpSystemLinks); i++) {
        Status = ObCreatePermanentLink(ObpSystemLinks[i].Name, ObpSystemLinks[i].Target);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    return ObpCreateKernelHandleTable();
}
