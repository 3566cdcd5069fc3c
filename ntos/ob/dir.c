/*
 * dir.c — directory objects: the nodes of the object namespace.
 *
 * A directory is a table of OBP_DIRECTORY_BUCKETS (37) hash chains.  The
 * chains are threaded through the object headers themselves (HashNext):
 * an object has at most one name, so it is in at most one directory and
 * needs no separate entry block.  The hash is computed on the upcased name,
 * so one bucket serves both case-sensitive and case-insensitive lookups
 * (OBJ_CASE_INSENSITIVE decides only how the chain is compared).  New
 * entries go to the head of their chain.
 *
 * A named object holds a reference on its directory: a directory whose last
 * handle closed and which left its own parent still lives, unnamed, while
 * something is named in it.  A directory is therefore empty when deleted.
 *
 * Enumeration (NtQueryDirectoryObject) walks buckets in order and chains
 * from the head; the caller's Context is an index in that order, so, as on
 * Windows, entries added or removed between two calls may shift it.
 */
#include "obp.h"

POBJECT_TYPE ObDirectoryObjectType;
POBJECT_DIRECTORY ObpRootDirectory;
POBJECT_DIRECTORY ObpTypeDirectory;

static ULONG ObpHashName(PCUNICODE_STRING Name) {
    ULONG Hash = 2166136261u; /* FNV-1a over the upcased characters */
    USHORT i;

    for (i = 0; i < Name->Length / sizeof(WCHAR); i++) {
        Hash ^= RtlUpcaseUnicodeChar(Name->Buffer[i]);
        Hash *= 16777619u;
    }
    return Hash % OBP_DIRECTORY_BUCKETS;
}

static VOID ObpDeleteDirectory(PVOID Object) {
    POBJECT_DIRECTORY Directory = Object;

    OBP_ASSERT(Directory->EntryCount == 0);
    (void)Directory;
}

NTSTATUS ObpCreateDirectoryType(VOID) {
    OBJECT_TYPE_INITIALIZER Init = {0};
    UNICODE_STRING Name;

    RtlInitUnicodeString(&Name, u"Directory");
    Init.Length = sizeof(Init);
    Init.DefaultObjectBodySize = sizeof(OBJECT_DIRECTORY);
    Init.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | DIRECTORY_TRAVERSE | DIRECTORY_QUERY;
    Init.GenericMapping.GenericWrite =
        STANDARD_RIGHTS_WRITE | DIRECTORY_CREATE_SUBDIRECTORY | DIRECTORY_CREATE_OBJECT;
    Init.GenericMapping.GenericExecute =
        STANDARD_RIGHTS_EXECUTE | DIRECTORY_TRAVERSE | DIRECTORY_QUERY;
    Init.GenericMapping.GenericAll = DIRECTORY_ALL_ACCESS;
    Init.ValidAccessMask = DIRECTORY_ALL_ACCESS;
    Init.DeleteProcedure = ObpDeleteDirectory;
    return ObCreateObjectType(&Name, &Init, &ObDirectoryObjectType);
}

/* ---- Entries ------------------------------------------------------------- */

POBJECT_HEADER ObpLookupDirectoryEntry(POBJECT_DIRECTORY Directory, PCUNICODE_STRING Name,
                                       BOOLEAN CaseInsensitive) {
    POBJECT_HEADER Entry;

    for (Entry = Directory->HashBuckets[ObpHashName(Name)]; Entry != NULL;
         Entry = Entry->HashNext) {
        if (RtlEqualUnicodeString(&Entry->Name, Name, CaseInsensitive))
            return Entry;
    }
    return NULL;
}

NTSTATUS ObpInsertDirectoryEntry(POBJECT_DIRECTORY Directory, POBJECT_HEADER Header,
                                 PCUNICODE_STRING Name) {
    ULONG Bucket = ObpHashName(Name);
    NTSTATUS Status;

    OBP_ASSERT(Header->Directory == NULL && Header->Name.Length == 0 && Name->Length != 0);
    Status = ObpCaptureName(Name, &Header->Name);
    if (!NT_SUCCESS(Status))
        return Status;
    Header->HashNext = Directory->HashBuckets[Bucket];
    Directory->HashBuckets[Bucket] = Header;
    Directory->EntryCount++;
    Header->Directory = Directory;
    ObReferenceObject(Directory);
    return STATUS_SUCCESS;
}

VOID ObpUnlinkDirectoryEntry(POBJECT_HEADER Header) {
    POBJECT_DIRECTORY Directory = Header->Directory;
    POBJECT_HEADER *Link = &Directory->HashBuckets[ObpHashName(&Header->Name)];

    while (*Link != Header) {
        OBP_ASSERT(*Link != NULL);
        Link = &(*Link)->HashNext;
    }
    *Link = Header->HashNext;
    Header->HashNext = NULL;
    OBP_ASSERT(Directory->EntryCount > 0);
    Directory->EntryCount--;
    ObpFreeName(&Header->Name);
}

VOID ObpRemoveDirectoryEntry(POBJECT_HEADER Header) {
    POBJECT_DIRECTORY Directory = Header->Directory;

    OBP_ASSERT(!(Header->Flags & OB_FLAG_DELETE_QUEUED));
    ObpUnlinkDirectoryEntry(Header);
    Header->Directory = NULL;
    ObDereferenceObject(Directory);
}

/* ---- Start-up helper ----------------------------------------------------- */

NTSTATUS ObpCreatePermanentDirectory(PCWSTR Path, POBJECT_DIRECTORY *Directory) {
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    NTSTATUS Status;
    PVOID Object;

    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_PERMANENT, NULL, NULL);
    Status = ObCreateObject(KernelMode, ObDirectoryObjectType, &Attributes, 0, &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    /* Without OBJ_OPENIF an existing name is a collision, never a success. */
    Status = ObInsertObject(Object, NULL, 0, &Object, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    ObDereferenceObject(Object); /* its permanence keeps it alive */
    if (Directory != NULL)
        *Directory = Object;
    return STATUS_SUCCESS;
}

/* ---- Services ------------------------------------------------------------ */

NTSTATUS ObCreateDirectoryObject(PHANDLE_TABLE HandleTable, ACCESS_MASK DesiredAccess,
                                 PCOBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE AccessMode,
                                 PHANDLE DirectoryHandle) {
    NTSTATUS Status;
    PVOID Directory;

    *DirectoryHandle = NULL;
    Status = ObCreateObject(AccessMode, ObDirectoryObjectType, ObjectAttributes, 0, &Directory);
    if (!NT_SUCCESS(Status))
        return Status;
    return ObInsertObject(Directory, HandleTable, DesiredAccess, NULL, DirectoryHandle);
}

NTSTATUS ObOpenDirectoryObject(PHANDLE_TABLE HandleTable, ACCESS_MASK DesiredAccess,
                               PCOBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE AccessMode,
                               PHANDLE DirectoryHandle) {
    return ObOpenObjectByName(HandleTable, ObjectAttributes, ObDirectoryObjectType, AccessMode,
                              DesiredAccess, NULL, DirectoryHandle);
}

/* ---- Enumeration --------------------------------------------------------- */

/* A position in enumeration order: buckets in order, chains from the head. */
typedef struct _OBP_DIRECTORY_CURSOR {
    POBJECT_DIRECTORY Directory;
    POBJECT_HEADER Entry; /* NULL past the end */
    ULONG Bucket;
} OBP_DIRECTORY_CURSOR;

static VOID ObpCursorNext(OBP_DIRECTORY_CURSOR *Cursor) {
    if (Cursor->Entry != NULL && Cursor->Entry->HashNext != NULL) {
        Cursor->Entry = Cursor->Entry->HashNext;
        return;
    }
    Cursor->Bucket = Cursor->Entry ? Cursor->Bucket + 1 : 0;
    for (; Cursor->Bucket < OBP_DIRECTORY_BUCKETS; Cursor->Bucket++) {
        Cursor->Entry = Cursor->Directory->HashBuckets[Cursor->Bucket];
        if (Cursor->Entry != NULL)
            return;
    }
    Cursor->Entry = NULL;
}

static VOID ObpCursorSeek(OBP_DIRECTORY_CURSOR *Cursor, POBJECT_DIRECTORY Directory, ULONG Index) {
    Cursor->Directory = Directory;
    Cursor->Entry = NULL;
    ObpCursorNext(Cursor);
    while (Cursor->Entry != NULL && Index-- > 0)
        ObpCursorNext(Cursor);
}

static ULONG ObpEntryStringBytes(POBJECT_HEADER Entry) {
    return Entry->Name.Length + sizeof(WCHAR) + Entry->Type->Name.Length + sizeof(WCHAR);
}

/*
 * How many entries from Cursor fit in Length bytes, with the terminating
 * record.  *Needed is what the first entry alone needs; *More whether an
 * entry after the ones that fit remains (meaningless when Single).
 */
static ULONG ObpCountFitting(OBP_DIRECTORY_CURSOR Cursor, ULONG Length, BOOLEAN Single,
                             PULONG Needed, PBOOLEAN More) {
    const ULONG RecordSize = sizeof(OBJECT_DIRECTORY_INFORMATION);
    ULONG Count = 0, StringBytes = 0;

    *Needed = 2 * RecordSize + ObpEntryStringBytes(Cursor.Entry);
    for (; Cursor.Entry != NULL; ObpCursorNext(&Cursor)) {
        StringBytes += ObpEntryStringBytes(Cursor.Entry);
        if ((Count + 2) * RecordSize + StringBytes > Length)
            break;
        Count++;
        if (Single)
            break;
    }
    *More = Cursor.Entry != NULL;
    return Count;
}

/* Appends a NUL-terminated copy of Source at *Strings; Target describes it. */
static VOID ObpPutString(PUCHAR Base, ULONG_PTR ClientBase, PULONG Strings, PCUNICODE_STRING Source,
                         PUNICODE_STRING Target) {
    ObpCopyMemory(Base + *Strings, Source->Buffer, Source->Length);
    *(PWCHAR)(Base + *Strings + Source->Length) = UNICODE_NULL;
    Target->Length = Source->Length;
    Target->MaximumLength = Source->Length + sizeof(WCHAR);
    Target->Buffer = (PWSTR)(ClientBase + *Strings);
    *Strings += Source->Length + sizeof(WCHAR);
}

/* Writes Count records from Cursor, the zero record and the strings; returns the bytes used. */
static ULONG ObpFillRecords(OBP_DIRECTORY_CURSOR Cursor, ULONG Count, PVOID Buffer,
                            ULONG_PTR ClientBase) {
    POBJECT_DIRECTORY_INFORMATION Records = Buffer;
    ULONG Strings = (Count + 1) * sizeof(OBJECT_DIRECTORY_INFORMATION), i;

    for (i = 0; i < Count; i++, ObpCursorNext(&Cursor)) {
        ObpPutString(Buffer, ClientBase, &Strings, &Cursor.Entry->Name, &Records[i].Name);
        ObpPutString(Buffer, ClientBase, &Strings, &Cursor.Entry->Type->Name, &Records[i].TypeName);
    }
    ObpZeroMemory(&Records[Count], sizeof(Records[Count]));
    return Strings;
}

NTSTATUS ObQueryDirectoryObject(PHANDLE_TABLE HandleTable, HANDLE DirectoryHandle, PVOID Buffer,
                                ULONG Length, BOOLEAN ReturnSingleEntry, BOOLEAN RestartScan,
                                PULONG Context, PULONG ReturnLength, KPROCESSOR_MODE AccessMode,
                                ULONG_PTR ClientBase) {
    OBP_DIRECTORY_CURSOR Cursor;
    POBJECT_DIRECTORY Directory;
    ULONG Start, Count, Needed;
    NTSTATUS Status;
    BOOLEAN More;

    if (ReturnLength != NULL)
        *ReturnLength = 0;
    Status =
        ObReferenceObjectByHandle(HandleTable, DirectoryHandle, DIRECTORY_QUERY,
                                  ObDirectoryObjectType, AccessMode, (PVOID *)&Directory, NULL);
    if (!NT_SUCCESS(Status))
        return Status;

    Start = RestartScan ? 0 : *Context;
    ObpCursorSeek(&Cursor, Directory, Start);
    Count = 0;
    if (Cursor.Entry != NULL)
        Count = ObpCountFitting(Cursor, Length, ReturnSingleEntry, &Needed, &More);
    if (Cursor.Entry == NULL) {
        Status = STATUS_NO_MORE_ENTRIES;
    } else if (Count == 0) {
        Status = STATUS_BUFFER_TOO_SMALL;
    } else {
        Needed = ObpFillRecords(Cursor, Count, Buffer, ClientBase);
        *Context = Start + Count;
        Status = More && !ReturnSingleEntry ? STATUS_MORE_ENTRIES : STATUS_SUCCESS;
    }
    if (ReturnLength != NULL && Cursor.Entry != NULL)
        *ReturnLength = Needed;
    ObDereferenceObject(Directory);
    return Status;
}
