/*
 * iop.h — the I/O manager's private structures.
 *
 *     \Device\BootVolume (IOP_DEVICE) --Root--> IOP_NODE tree (bootfs.c)
 *            ^                                     ^
 *            | Device (referenced)                 | Node
 *     File object (IOP_FILE): one per open, what a file handle refers to
 *
 * A node is a file or directory of a volume; a file object is one open of
 * a node (its position, its granted access, its share mode), as on
 * Windows.  Nodes of the boot volume live as long as the system.
 */
#pragma once
#include "../ke/ki.h"
#include "io.h"
#include <sel4rt/sel4rt.h> /* memcpy */

#define IOP_TAG_NODE 'dNoI'
#define IOP_TAG_NAME 'mNoI'
#define IOP_TAG_PATTERN 'tPoI'

typedef struct _IOP_NODE {
    UNICODE_STRING Name; /* the component; empty for a root */
    struct _IOP_NODE *Parent;
    struct _IOP_NODE *FirstChild, *LastChild, *NextSibling; /* children in creation order */
    BOOLEAN Directory;
    const UCHAR *Data; /* a file's bytes (in the boot archive) */
    ULONG64 Size;
    LONG64 Time;         /* NT time: creation = write = change = access */
    ULONG64 Index;       /* unique on the volume: FileInternalInformation, FileIndex */
    ULONG OpenCount;     /* share access: opens that read, write or delete... */
    ULONG Readers, Writers, Deleters;
    ULONG SharedRead, SharedWrite, SharedDelete; /* ... and what they share */
} IOP_NODE, *PIOP_NODE;

/* The body of a "Device" object. */
typedef struct _IOP_DEVICE {
    ULONG DeviceType;      /* FILE_DEVICE_* */
    ULONG Characteristics; /* FILE_READ_ONLY_DEVICE ... */
    PIOP_NODE Root;        /* the mounted volume's root directory */
} IOP_DEVICE, *PIOP_DEVICE;

#define FILE_DEVICE_DISK_FILE_SYSTEM 0x00000008
#define FILE_READ_ONLY_DEVICE 0x00000002

/* IOP_FILE.Flags */
#define IOP_FO_SYNCHRONOUS 0x0001   /* FILE_SYNCHRONOUS_IO_(NON)ALERT: the file keeps a position */
#define IOP_FO_SHARE_COUNTED 0x0002 /* counted in the node's share access */
#define IOP_FO_VOLUME 0x0004        /* an open of the volume itself, Node is its root */

/* The body of a "File" object. */
typedef struct _IOP_FILE {
    KEVENT Event; /* what a wait on the file handle waits for */
    PIOP_DEVICE Device;
    PIOP_NODE Node;
    ACCESS_MASK GrantedAccess;
    ULONG ShareAccess;
    ULONG Flags;
    ULONG Mode; /* FileModeInformation */
    LARGE_INTEGER CurrentByteOffset;
    ULONG DirectoryIndex;         /* the next entry NtQueryDirectoryFile returns */
    UNICODE_STRING SearchPattern; /* fixed by the first NtQueryDirectoryFile */
} IOP_FILE, *PIOP_FILE;

/* What NtCreateFile hands the parse procedures (the ParseContext). */
#define IOP_OPEN_PACKET_MAGIC 0x6e65704fu /* "Open" */
typedef struct _IOP_OPEN_PACKET {
    ULONG Magic;
    PACCESS_MASK Access; /* in: the request (generic rights mapped); out: what is granted */
    ULONG FileAttributes;
    ULONG ShareAccess;
    ULONG Disposition;
    ULONG Options;
    ULONG_PTR Information; /* FILE_OPENED ... for the IoStatusBlock */
} IOP_OPEN_PACKET, *PIOP_OPEN_PACKET;

/* bootfs.c: the boot volume. */
NTSTATUS IopMountBootVolume(PIOP_NODE *Root);
/* Walks Path (components separated by '\'; a leading '\' is skipped) down
 * from Start.  *TrailingSeparator: the path ended with '\'.  Errors:
 * STATUS_OBJECT_NAME_INVALID (empty or invalid component),
 * STATUS_OBJECT_PATH_NOT_FOUND (a missing or non-directory component before
 * the last), STATUS_OBJECT_NAME_NOT_FOUND (the last is missing). */
NTSTATUS IopWalk(PIOP_NODE Start, PCUNICODE_STRING Path, PIOP_NODE *Node,
                 PBOOLEAN TrailingSeparator);
ULONG IopNodeAttributes(PIOP_NODE Node);
/* Does Name match the pattern (* ? and the DOS wildcards < > "), case-insensitively? */
BOOLEAN IopMatchPattern(PCUNICODE_STRING Pattern, PCUNICODE_STRING Name);

/* file.c */
extern POBJECT_TYPE IoFileObjectType, IoDeviceObjectType;
NTSTATUS IopReferenceFile(PETHREAD Thread, HANDLE Handle, ACCESS_MASK Access, PIOP_FILE *File);
/* Writes an IO_STATUS_BLOCK to user memory. */
NTSTATUS IopPutIoStatus(PETHREAD Thread, PIO_STATUS_BLOCK User, NTSTATUS Status,
                        ULONG_PTR Information);
