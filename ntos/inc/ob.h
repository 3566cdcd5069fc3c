/*
 * ob.h — the object manager: what the rest of the executive sees.
 *
 * Every executive resource a program can name or hold a handle to (process,
 * thread, event, section, file, device, directory, symbolic link...) is an
 * *object*: a body of a size its *type* chooses, preceded by an object
 * header that the object manager keeps private (ntos/ob/obp.h).  Components
 * never see the header; they hold pointers to bodies and use the calls
 * below.
 *
 * Lifetime.  An object has a pointer count and a handle count.  Every
 * pointer someone keeps is one reference (ObReferenceObject /
 * ObDereferenceObject); every handle also holds one reference.  When the
 * pointer count reaches zero the type's DeleteProcedure runs and the memory
 * goes back to the pool, before ObDereferenceObject returns.  A named object
 * leaves its directory when its last handle closes, unless it is permanent
 * (OBJ_PERMANENT / ObMakePermanentObject; a permanent object holds one extra
 * reference of its own).
 *
 * Handles.  A handle table belongs to one process (its Owner is opaque to
 * the object manager).  The executive serves every process from one thread,
 * so "the current process" is an argument here — the HandleTable parameter —
 * never global state.  Handle values are multiples of 4 starting at 4 (the
 * low two bits are ignored on lookup, as on Windows); kernel handles
 * (OBJ_KERNEL_HANDLE from kernel mode) live in one system-wide table and have
 * the top bit pattern 0xffffffff8xxxxxxx.  NtCurrentProcess() and
 * NtCurrentThread() are resolved by a routine the process manager installs
 * (ObSetPseudoHandleResolver).
 *
 * Layers.  The functions named after an Nt service without its prefix
 * (ObCreateDirectoryObject for NtCreateDirectoryObject...) are the service
 * bodies: they take *captured* arguments — kernel pointers only, already
 * probed and copied by the generated NtXxx wrapper.  Buffers they fill with
 * structures containing pointers (UNICODE_STRING.Buffer) compute those
 * pointers from a ClientBase argument: the address at which the caller will
 * see the buffer (kernel callers pass the buffer itself).  The remaining
 * functions are the kernel-internal API other components build on.
 *
 * No locking: the executive is single-threaded, and nothing here suspends.
 * Type procedures (delete, close, parse, query-name) must not suspend either.
 * docs/ob.md describes the design and lists what is implemented.
 */
#pragma once

#include <ndk/ketypes.h> /* KPROCESSOR_MODE */
#include <ndk/obtypes.h> /* access rights, NtQueryObject structures */
#include <ndk/pstypes.h> /* NtCurrentProcess(), NtCurrentThread() */
#include <nt/ntdef.h>
#include <nt/ntstatus.h>

/* ---- Constants the NDK headers do not carry ------------------------------ */

#ifndef OBJECT_TYPE_CREATE
#define OBJECT_TYPE_CREATE 0x0001
#define OBJECT_TYPE_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x1)
#endif

/* Windows 10's attribute making an object openable from kernel mode only. */
#ifndef OBJ_KERNEL_EXCLUSIVE
#define OBJ_KERNEL_EXCLUSIVE 0x00010000L
#endif

/* Handle attributes a handle-table entry keeps. */
#define OBJ_HANDLE_ATTRIBUTES (OBJ_INHERIT | OBJ_PROTECT_CLOSE | OBJ_AUDIT_OBJECT_CLOSE)

/* What ObReferenceObjectByHandle reports about the handle itself. */
typedef struct _OBJECT_HANDLE_INFORMATION {
    ULONG HandleAttributes;
    ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

/* ---- Object types -------------------------------------------------------- */

typedef struct _OBJECT_TYPE OBJECT_TYPE, *POBJECT_TYPE;
typedef struct _HANDLE_TABLE HANDLE_TABLE, *PHANDLE_TABLE;

/*
 * Called once, when the last reference goes, before the memory is freed.
 * Also called for objects that were created but never inserted, so it must
 * cope with a body still partly zero.
 */
typedef VOID (*OB_DELETE_METHOD)(PVOID Object);

/*
 * Called after a handle to the object is removed from a table.  Process is
 * the table's owner; HandleCount is the object's handle count *before* this
 * close (1 means the last handle is going).
 */
typedef VOID (*OB_CLOSE_METHOD)(PVOID Process, PVOID Object, ACCESS_MASK GrantedAccess,
                                ULONG_PTR HandleCount);

/*
 * Name lookup reached an object of this type with RemainingName left to
 * resolve: `\rest` or empty when the object was met along a path, the
 * relative name as given when the object is the RootDirectory of the
 * request.  The procedure either
 *  - returns STATUS_SUCCESS and a referenced object in *Object, or
 *  - returns STATUS_REPARSE after replacing CompleteName->Buffer with a new
 *    absolute name in a buffer from ExAllocatePoolWithTag(.., OB_NAME_TAG)
 *    (the object manager frees the old one and restarts the lookup at `\`),
 *  - or returns an error.
 * ObjectType is the type the caller wants (may be NULL); Attributes are the
 * OBJ_* attributes of the request.  Symbolic links are resolved this way.
 */
typedef NTSTATUS (*OB_PARSE_METHOD)(PVOID ParseObject, POBJECT_TYPE ObjectType,
                                    KPROCESSOR_MODE AccessMode, ULONG Attributes,
                                    PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName,
                                    PVOID ParseContext, PVOID *Object);

/*
 * Overrides the name the object manager would report for NtQueryObject
 * (ObjectNameInformation), e.g. for file objects.  Same contract as
 * ObQueryNameString, Buffer being a kernel buffer and ClientBase its address
 * as the caller sees it.
 */
typedef NTSTATUS (*OB_QUERYNAME_METHOD)(PVOID Object, POBJECT_NAME_INFORMATION Buffer, ULONG Length,
                                        PULONG ReturnLength, ULONG_PTR ClientBase);

typedef struct _OBJECT_TYPE_INITIALIZER {
    USHORT Length;                  /* sizeof(OBJECT_TYPE_INITIALIZER) */
    ULONG DefaultObjectBodySize;    /* used when ObCreateObject is given 0 */
    ULONG InvalidAttributes;        /* OBJ_* attributes refused with STATUS_INVALID_PARAMETER */
    GENERIC_MAPPING GenericMapping; /* GENERIC_* -> specific rights */
    ACCESS_MASK ValidAccessMask;    /* rights a handle can hold */
    OB_CLOSE_METHOD CloseProcedure;
    OB_DELETE_METHOD DeleteProcedure;
    OB_PARSE_METHOD ParseProcedure;
    OB_QUERYNAME_METHOD QueryNameProcedure;
} OBJECT_TYPE_INITIALIZER, *POBJECT_TYPE_INITIALIZER;

/* Pool tag of name buffers a parse procedure hands over on STATUS_REPARSE. */
#define OB_NAME_TAG 0x6d4e624f /* 'ObNm' */

/*
 * Creates the type `TypeName` (a single path component, unique, compared
 * case-insensitively) and names it \ObjectTypes\TypeName.  Types are
 * permanent.  Needs ObInitSystem first.
 */
NTSTATUS ObCreateObjectType(PCUNICODE_STRING TypeName, const OBJECT_TYPE_INITIALIZER *Initializer,
                            POBJECT_TYPE *ObjectType);

/* The object manager's own types. */
extern POBJECT_TYPE ObTypeObjectType;         /* "Type" */
extern POBJECT_TYPE ObDirectoryObjectType;    /* "Directory" */
extern POBJECT_TYPE ObSymbolicLinkObjectType; /* "SymbolicLink" */

POBJECT_TYPE ObGetObjectType(PVOID Object);

/* ---- Start-up ------------------------------------------------------------ */

/*
 * Creates the three object-manager types and the namespace: `\`,
 * \ObjectTypes, \Device, \Driver, \BaseNamedObjects, \GLOBAL??, \KnownDlls
 * (permanent directories), \?? (a link to \GLOBAL??), \DosDevices (a link
 * to \??) and a few links Windows also has (docs/ob.md); then the kernel
 * handle table.
 */
NTSTATUS ObInitSystem(VOID);

/* ---- Objects: creation and lifetime -------------------------------------- */

/*
 * Allocates a zeroed object of ObjectType (body of ObjectBodySize bytes, or
 * the type's default when 0) with a pointer count of 1 owned by the caller.
 * ObjectAttributes (optional) are validated and captured here — name, root
 * directory handle, OBJ_* attributes — and used by ObInsertObject.
 * ProbeMode is the mode of the requester (UserMode strips OBJ_KERNEL_HANDLE
 * and refuses OBJ_KERNEL_EXCLUSIVE).  Errors: STATUS_INVALID_PARAMETER (bad
 * Length or attributes), STATUS_OBJECT_NAME_INVALID (odd or over-long name,
 * or a root directory without a name), STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS ObCreateObject(KPROCESSOR_MODE ProbeMode, POBJECT_TYPE ObjectType,
                        PCOBJECT_ATTRIBUTES ObjectAttributes, ULONG ObjectBodySize, PVOID *Object);

/*
 * Inserts an object from ObCreateObject into the namespace (when it was
 * given a name) and into HandleTable (when Handle is non-NULL), granting
 * DesiredAccess.  Always consumes the caller's creation reference: on
 * failure the new object is deleted.  ReferencedObject, when non-NULL,
 * receives a new reference to the object now behind the name (the caller
 * dereferences it).  With OBJ_OPENIF and an existing object of the same type
 * the existing object is opened instead and STATUS_OBJECT_NAME_EXISTS
 * returned; of another type, STATUS_OBJECT_TYPE_MISMATCH; without OBJ_OPENIF,
 * STATUS_OBJECT_NAME_COLLISION.  Name errors are those of the lookup (see
 * docs/ob.md).
 */
NTSTATUS ObInsertObject(PVOID Object, PHANDLE_TABLE HandleTable, ACCESS_MASK DesiredAccess,
                        PVOID *ReferencedObject, PHANDLE Handle);

VOID ObReferenceObject(PVOID Object);
VOID ObDereferenceObject(PVOID Object);

/* Permanence: a permanent named object stays in the namespace with no
 * handle open.  Making an object temporary with no handle left removes its
 * name at once. */
VOID ObMakeTemporaryObject(PVOID Object);
VOID ObMakePermanentObject(PVOID Object);

/* ---- Name lookup --------------------------------------------------------- */

/*
 * Opens the object named by ObjectAttributes (absolute, or relative to
 * ObjectAttributes->RootDirectory, a handle in HandleTable) and creates a
 * handle to it.  ObjectType, when non-NULL, must match
 * (STATUS_OBJECT_TYPE_MISMATCH).  ParseContext goes to parse procedures.
 */
NTSTATUS ObOpenObjectByName(PHANDLE_TABLE HandleTable, PCOBJECT_ATTRIBUTES ObjectAttributes,
                            POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                            ACCESS_MASK DesiredAccess, PVOID ParseContext, PHANDLE Handle);

/*
 * The same, for opens whose parse procedure decides what the handle is
 * granted (the I/O manager's: a read-only volume grants no write access,
 * MAXIMUM_ALLOWED becomes what the file system allows).  *DesiredAccess
 * goes in as the caller's request; the parse procedure may replace it
 * through its ParseContext; the handle gets the value found there after the
 * lookup (mapped and clipped like any request).
 */
NTSTATUS ObOpenObjectByNameWithAccess(PHANDLE_TABLE HandleTable,
                                      PCOBJECT_ATTRIBUTES ObjectAttributes,
                                      POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                      PACCESS_MASK DesiredAccess, PVOID ParseContext,
                                      PHANDLE Handle);

/* Kernel-mode lookup of an absolute name without a handle: returns a
 * referenced object. */
NTSTATUS ObReferenceObjectByName(PCUNICODE_STRING ObjectName, ULONG Attributes,
                                 POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                 PVOID ParseContext, PVOID *Object);

/* ---- Handles ------------------------------------------------------------- */

/*
 * A new handle table for a process.  With ParentTable, every handle marked
 * OBJ_INHERIT is copied at the same value with the same access and
 * attributes (handle inheritance).  Owner is passed to close procedures.
 */
NTSTATUS ObCreateHandleTable(PVOID Owner, PHANDLE_TABLE ParentTable, PHANDLE_TABLE *Table);

/* Closes every handle (protect-from-close notwithstanding) and frees the table. */
VOID ObDestroyHandleTable(PHANDLE_TABLE Table);

ULONG ObGetHandleCount(PHANDLE_TABLE Table);

/*
 * Pseudo-handle resolution, installed by the process manager: given the
 * table of the calling process and a pseudo handle (-1 current process, -2
 * current thread, down to -6), return a referenced object and the access the
 * pseudo handle grants, or STATUS_INVALID_HANDLE.
 */
typedef NTSTATUS (*OB_PSEUDO_HANDLE_RESOLVER)(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                              PVOID *Object, PACCESS_MASK GrantedAccess);
VOID ObSetPseudoHandleResolver(OB_PSEUDO_HANDLE_RESOLVER Resolver);

/*
 * Returns a referenced object for Handle after checking its type
 * (STATUS_OBJECT_TYPE_MISMATCH) and, for UserMode, that the handle grants
 * DesiredAccess (generic rights mapped through the type's mapping;
 * MAXIMUM_ALLOWED asks for nothing more): STATUS_ACCESS_DENIED.  Invalid or
 * closed handles: STATUS_INVALID_HANDLE.
 */
NTSTATUS ObReferenceObjectByHandle(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                   ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                   KPROCESSOR_MODE AccessMode, PVOID *Object,
                                   POBJECT_HANDLE_INFORMATION HandleInformation);

/* A new handle to an object the caller holds a reference to (the caller
 * keeps its reference). */
NTSTATUS ObOpenObjectByPointer(PHANDLE_TABLE HandleTable, PVOID Object, ULONG HandleAttributes,
                               ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                               KPROCESSOR_MODE AccessMode, PHANDLE Handle);

/* NtClose.  STATUS_HANDLE_NOT_CLOSABLE for a protected handle. */
NTSTATUS ObCloseHandle(PHANDLE_TABLE HandleTable, HANDLE Handle, KPROCESSOR_MODE AccessMode);

/*
 * NtDuplicateObject with the processes already turned into their tables.
 * TargetTable NULL is allowed only to close the source (DUPLICATE_CLOSE_SOURCE).
 * Without DUPLICATE_SAME_ACCESS the requested access must be a subset of the
 * source handle's (STATUS_ACCESS_DENIED).  DUPLICATE_CLOSE_SOURCE closes the
 * source handle whatever the outcome (unless it is protected from close).
 */
NTSTATUS ObDuplicateObject(PHANDLE_TABLE SourceTable, HANDLE SourceHandle,
                           PHANDLE_TABLE TargetTable, PHANDLE TargetHandle,
                           ACCESS_MASK DesiredAccess, ULONG HandleAttributes, ULONG Options,
                           KPROCESSOR_MODE AccessMode);

/* ---- Service bodies (captured arguments) --------------------------------- */

NTSTATUS ObCreateDirectoryObject(PHANDLE_TABLE HandleTable, ACCESS_MASK DesiredAccess,
                                 PCOBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE AccessMode,
                                 PHANDLE DirectoryHandle);
NTSTATUS ObOpenDirectoryObject(PHANDLE_TABLE HandleTable, ACCESS_MASK DesiredAccess,
                               PCOBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE AccessMode,
                               PHANDLE DirectoryHandle);

/*
 * NtQueryDirectoryObject.  Fills Buffer with OBJECT_DIRECTORY_INFORMATION
 * records, an all-zero terminator record, then the strings.  *Context is the
 * index of the next entry (reset by RestartScan).  STATUS_NO_MORE_ENTRIES
 * when none is left; STATUS_BUFFER_TOO_SMALL (ReturnLength = size needed for
 * the next entry) when not even one fits; STATUS_MORE_ENTRIES when some
 * entries did not fit.  Needs DIRECTORY_QUERY.
 */
NTSTATUS ObQueryDirectoryObject(PHANDLE_TABLE HandleTable, HANDLE DirectoryHandle, PVOID Buffer,
                                ULONG Length, BOOLEAN ReturnSingleEntry, BOOLEAN RestartScan,
                                PULONG Context, PULONG ReturnLength, KPROCESSOR_MODE AccessMode,
                                ULONG_PTR ClientBase);

/* A permanent link Path -> Target made by the executive itself (start-up). */
NTSTATUS ObCreatePermanentLink(PCWSTR Path, PCWSTR Target);

NTSTATUS ObCreateSymbolicLinkObject(PHANDLE_TABLE HandleTable, ACCESS_MASK DesiredAccess,
                                    PCOBJECT_ATTRIBUTES ObjectAttributes,
                                    PCUNICODE_STRING LinkTarget, KPROCESSOR_MODE AccessMode,
                                    PHANDLE LinkHandle);
NTSTATUS ObOpenSymbolicLinkObject(PHANDLE_TABLE HandleTable, ACCESS_MASK DesiredAccess,
                                  PCOBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE AccessMode,
                                  PHANDLE LinkHandle);

/*
 * NtQuerySymbolicLinkObject.  LinkTarget->Buffer/MaximumLength describe the
 * caller's (kernel) buffer; on success the target is copied there, with a
 * terminating NUL when it fits, and LinkTarget->Length set.  The buffer must
 * hold the target plus its NUL when ReturnedLength is non-NULL, the target
 * alone when it is NULL (as on Windows); otherwise STATUS_BUFFER_TOO_SMALL.
 * *ReturnedLength is the target's length plus the NUL, success or not.
 */
NTSTATUS ObQuerySymbolicLinkObject(PHANDLE_TABLE HandleTable, HANDLE LinkHandle,
                                   PUNICODE_STRING LinkTarget, PULONG ReturnedLength,
                                   KPROCESSOR_MODE AccessMode);

/*
 * NtQueryObject.  STATUS_INFO_LENGTH_MISMATCH (with the length needed) when
 * Length is too small; Handle is ignored for ObjectTypesInformation.
 */
NTSTATUS ObQueryObject(PHANDLE_TABLE HandleTable, HANDLE Handle,
                       OBJECT_INFORMATION_CLASS ObjectInformationClass, PVOID Buffer, ULONG Length,
                       PULONG ReturnLength, KPROCESSOR_MODE AccessMode, ULONG_PTR ClientBase);

/* NtSetInformationObject: only ObjectHandleFlagInformation. */
NTSTATUS ObSetInformationObject(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                OBJECT_INFORMATION_CLASS ObjectInformationClass, PVOID Buffer,
                                ULONG Length, KPROCESSOR_MODE AccessMode);

/* NtMakeTemporaryObject (needs DELETE) and NtMakePermanentObject. */
NTSTATUS ObMakeTemporaryObjectByHandle(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                       KPROCESSOR_MODE AccessMode);
NTSTATUS ObMakePermanentObjectByHandle(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                       KPROCESSOR_MODE AccessMode);

/*
 * The full path of a named object (`\Dir\Name`) as an
 * OBJECT_NAME_INFORMATION followed by the NUL-terminated string; an
 * unnamed object gives an empty name with a NULL Buffer.
 * STATUS_INFO_LENGTH_MISMATCH with *ReturnLength = size needed.
 */
NTSTATUS ObQueryNameString(PVOID Object, POBJECT_NAME_INFORMATION Buffer, ULONG Length,
                           PULONG ReturnLength, ULONG_PTR ClientBase);
