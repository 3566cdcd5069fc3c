/*
 * obp.h — the object manager's private structures.
 *
 * Memory layout of an object (one pool block, tag 'ObHd'):
 *
 *     +---------------------------+  <- OBJECT_HEADER
 *     | PointerCount, HandleCount |
 *     | Type                      |
 *     | Directory, HashNext, Name |     namespace linkage (Name: 'ObNm' block)
 *     | CreateInfo                |     until ObInsertObject
 *     | ExclusiveTable, Flags ... |
 *     +---------------------------+  <- body (16-byte aligned), what callers see
 *     | type-specific body        |
 *     +---------------------------+
 *
 * Reference rules (the invariants the asserts check):
 *  - PointerCount counts every pointer held: the creator's, one per handle,
 *    one while the object is permanent, one per named child for a directory
 *    (a child in a directory references that directory), plus transient ones.
 *  - HandleCount counts handle-table entries; HandleCount <= PointerCount.
 *  - An object is in a directory iff Header->Directory != NULL, and then its
 *    Name is non-empty.  It leaves the directory when its handle count drops
 *    to zero and it is not permanent, or when its pointer count does.
 *  - When PointerCount reaches zero the object goes on the deferred-delete
 *    queue; the outermost ObDereferenceObject drains the queue, so a chain of
 *    deletions (a process closing its handles, a directory releasing its
 *    parent...) runs as a loop, not as a recursion.
 */
#pragma once

#include <nt/ntrtl.h>

#include "ob.h"

/* ---- Pool ---------------------------------------------------------------- */

#if !defined(HOST_TEST) && __has_include("ex.h")
#include "ex.h"
#else
PVOID ExAllocatePoolWithTag(ULONG PoolType, SIZE_T NumberOfBytes, ULONG Tag); /* zeroed */
VOID ExFreePoolWithTag(PVOID P, ULONG Tag);
#endif

#define OBP_TAG(a, b, c, d)                                                                        \
    ((ULONG)(a) | ((ULONG)(b) << 8) | ((ULONG)(c) << 16) | ((ULONG)(d) << 24))
#define OB_HEADER_TAG OBP_TAG('O', 'b', 'H', 'd')
#define OB_CREATE_INFO_TAG OBP_TAG('O', 'b', 'C', 'i')
#define OB_HANDLE_TABLE_TAG OBP_TAG('O', 'b', 'H', 't')
#define OB_SYMLINK_TAG OBP_TAG('O', 'b', 'S', 'l')
_Static_assert(OB_NAME_TAG == OBP_TAG('O', 'b', 'N', 'm'), "OB_NAME_TAG spells ObNm");

#define ObpPool 0 /* NonPagedPool: the executive has only one pool */

#define ObpCopyMemory(Destination, Source, Length) __builtin_memcpy(Destination, Source, Length)
#define ObpZeroMemory(Destination, Length) __builtin_memset(Destination, 0, Length)

#define OBJ_NAME_PATH_SEPARATOR ((WCHAR)0x005C) /* backslash */

#ifndef STATUS_REPARSE_POINT_ENCOUNTERED
#define STATUS_REPARSE_POINT_ENCOUNTERED ((NTSTATUS)0xC000050BL)
#endif

/* ---- Assertions ---------------------------------------------------------- */

#if defined(HOST_TEST)
__attribute__((noreturn)) void ObpHostAssertFailed(const char *Expression, const char *File,
                                                   int Line);
#define OBP_ASSERT(e) ((e) ? (void)0 : ObpHostAssertFailed(#e, __FILE__, __LINE__))
#elif defined(CONFIG_DEBUG_BUILD)
#define OBP_ASSERT(e) ((e) ? (void)0 : __builtin_trap())
#else
#define OBP_ASSERT(e) ((void)0)
#endif

/* ---- Object header ------------------------------------------------------- */

#define OB_FLAG_NEW_OBJECT 0x0001    /* created, not yet inserted */
#define OB_FLAG_PERMANENT 0x0002     /* holds the permanence reference */
#define OB_FLAG_KERNEL_ONLY 0x0004   /* OBJ_KERNEL_EXCLUSIVE: no user-mode handles */
#define OB_FLAG_DELETE_QUEUED 0x0008 /* pointer count reached zero */

#define OB_HEADER_MAGIC 0x4f624864u /* "ObHd" */

typedef struct _OBJECT_DIRECTORY OBJECT_DIRECTORY, *POBJECT_DIRECTORY;

/* ObjectAttributes as ObCreateObject captured them. */
typedef struct _OBJECT_CREATE_INFORMATION {
    ULONG Attributes;
    HANDLE RootDirectory;
    KPROCESSOR_MODE ProbeMode;
    UNICODE_STRING Name; /* 'ObNm' buffer, or empty */
} OBJECT_CREATE_INFORMATION, *POBJECT_CREATE_INFORMATION;

typedef struct _OBJECT_HEADER {
    LONG_PTR PointerCount;
    LONG_PTR HandleCount;
    POBJECT_TYPE Type;
    POBJECT_DIRECTORY Directory;     /* parent, while named */
    struct _OBJECT_HEADER *HashNext; /* next in the parent's bucket */
    UNICODE_STRING Name;             /* last path component */
    POBJECT_CREATE_INFORMATION CreateInfo;
    PHANDLE_TABLE ExclusiveTable; /* OBJ_EXCLUSIVE holder */
    struct _OBJECT_HEADER *NextToDelete;
    ULONG Flags;
    ULONG Magic;
    DECLSPEC_ALIGN(16) UCHAR Body[];
} OBJECT_HEADER, *POBJECT_HEADER;

_Static_assert(__builtin_offsetof(OBJECT_HEADER, Body) % 16 == 0, "bodies are 16-byte aligned");

#define OBJECT_TO_OBJECT_HEADER(o) CONTAINING_RECORD((o), OBJECT_HEADER, Body)
#define OBJECT_HEADER_TO_OBJECT(h) ((PVOID)(h)->Body)

static inline POBJECT_HEADER ObpHeader(PVOID Object) {
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);

    OBP_ASSERT(Header->Magic == OB_HEADER_MAGIC);
    return Header;
}

/* ---- Types --------------------------------------------------------------- */

#define OBP_MAX_TYPES 64

struct _OBJECT_TYPE {
    UNICODE_STRING Name; /* 'ObNm' buffer, NUL-terminated */
    OBJECT_TYPE_INITIALIZER TypeInfo;
    ULONG Index;
    ULONG TotalNumberOfObjects;
    ULONG TotalNumberOfHandles;
    ULONG HighWaterNumberOfObjects;
    ULONG HighWaterNumberOfHandles;
};

extern POBJECT_TYPE ObpObjectTypes[OBP_MAX_TYPES];
extern ULONG ObpObjectTypeCount;

NTSTATUS ObpCreateTypeObjectType(VOID);
NTSTATUS ObpInsertTypesIntoDirectory(VOID);

/* ---- Objects (object.c) -------------------------------------------------- */

VOID ObpFreeCreateInformation(POBJECT_HEADER Header);
VOID ObpSetPermanent(POBJECT_HEADER Header, BOOLEAN Permanent);
/* The last handle is gone (or the object became temporary): drop the name. */
VOID ObpDeleteNameCheck(POBJECT_HEADER Header);
ACCESS_MASK ObpMapGenericMask(ACCESS_MASK Access, const GENERIC_MAPPING *Mapping);
NTSTATUS ObpCaptureName(PCUNICODE_STRING Source, PUNICODE_STRING Captured);
VOID ObpFreeName(PUNICODE_STRING Name);

/* ---- Directories (dir.c) ------------------------------------------------- */

#define OBP_DIRECTORY_BUCKETS 37

struct _OBJECT_DIRECTORY {
    POBJECT_HEADER HashBuckets[OBP_DIRECTORY_BUCKETS];
    ULONG EntryCount;
};

extern POBJECT_DIRECTORY ObpRootDirectory;
extern POBJECT_DIRECTORY ObpTypeDirectory;

NTSTATUS ObpCreateDirectoryType(VOID);
POBJECT_HEADER ObpLookupDirectoryEntry(POBJECT_DIRECTORY Directory, PCUNICODE_STRING Name,
                                       BOOLEAN CaseInsensitive);
/* Links Header into Directory under Name (copied); references Directory. */
NTSTATUS ObpInsertDirectoryEntry(POBJECT_DIRECTORY Directory, POBJECT_HEADER Header,
                                 PCUNICODE_STRING Name);
/* Unlinks a named object, frees its name and releases its directory. */
VOID ObpRemoveDirectoryEntry(POBJECT_HEADER Header);
/* Unlinks and frees the name but keeps Header->Directory (and its reference)
 * for ObpDeleteObject to release: used when the pointer count hits zero. */
VOID ObpUnlinkDirectoryEntry(POBJECT_HEADER Header);
/* Creates a permanent directory at an absolute path (start-up). */
NTSTATUS ObpCreatePermanentDirectory(PCWSTR Path, POBJECT_DIRECTORY *Directory);

/* ---- Symbolic links (symlink.c) ------------------------------------------ */

typedef struct _OBJECT_SYMBOLIC_LINK {
    UNICODE_STRING LinkTarget; /* 'ObSl' buffer, NUL-terminated */
} OBJECT_SYMBOLIC_LINK, *POBJECT_SYMBOLIC_LINK;

NTSTATUS ObpCreateSymbolicLinkType(VOID);

/* ---- Name lookup (namespace.c) ------------------------------------------- */

#define OBP_MAX_REPARSE 32

/*
 * Resolves CompleteName (an 'ObNm' buffer the lookup may replace) from
 * RootObject (referenced by the caller) or from `\`.  When InsertObject is
 * given and the last component does not exist, the object is inserted there
 * and *FoundObject is NULL; otherwise *FoundObject is a new reference to
 * what the name designates.
 */
NTSTATUS ObpLookupObjectName(PVOID RootObject, PUNICODE_STRING CompleteName, ULONG Attributes,
                             POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                             PVOID ParseContext, PVOID InsertObject, PVOID *FoundObject);

NTSTATUS ObpValidateObjectAttributes(PCOBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE Mode,
                                     POBJECT_TYPE ObjectType, PULONG Attributes);

/* ---- Handles (handle.c) -------------------------------------------------- */

#define OBP_MAX_HANDLES (1u << 24)
#define OBP_KERNEL_HANDLE_MASK ((ULONG_PTR)0xFFFFFFFF80000000ull)

typedef struct _HANDLE_TABLE_ENTRY {
    PVOID Object; /* body; NULL when free */
    ACCESS_MASK GrantedAccess;
    ULONG Attributes; /* OBJ_HANDLE_ATTRIBUTES */
    ULONG NextFree;   /* when free: index + 1 of the next free entry, 0 ends */
} HANDLE_TABLE_ENTRY, *PHANDLE_TABLE_ENTRY;

struct _HANDLE_TABLE {
    PHANDLE_TABLE_ENTRY Entries;
    ULONG Capacity;  /* entries allocated */
    ULONG HighWater; /* entries [0, HighWater) have been used */
    ULONG FreeHead;  /* index + 1 of the first free entry below HighWater, 0 if none */
    ULONG HandleCount;
    PVOID Owner;
    BOOLEAN IsKernelTable;
};

extern PHANDLE_TABLE ObpKernelHandleTable;

NTSTATUS ObpCreateKernelHandleTable(VOID);
/* Makes sure the next ObpCreateHandle on Table cannot fail for lack of room. */
NTSTATUS ObpReserveHandle(PHANDLE_TABLE HandleTable, ULONG HandleAttributes,
                          KPROCESSOR_MODE AccessMode);
/*
 * Creates a handle to Object in HandleTable (or in the kernel table for
 * OBJ_KERNEL_HANDLE from kernel mode).  On success the caller's reference
 * now belongs to the handle.
 */
NTSTATUS ObpCreateHandle(PHANDLE_TABLE HandleTable, PVOID Object, ACCESS_MASK DesiredAccess,
                         ULONG HandleAttributes, KPROCESSOR_MODE AccessMode, PHANDLE Handle);
/* Looks up a handle (pseudo handles through the resolver): referenced object. */
NTSTATUS ObpReferenceHandle(PHANDLE_TABLE HandleTable, HANDLE Handle, KPROCESSOR_MODE AccessMode,
                            PVOID *Object, POBJECT_HANDLE_INFORMATION HandleInformation);
PHANDLE_TABLE_ENTRY ObpLookupHandleEntry(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                         KPROCESSOR_MODE AccessMode);
