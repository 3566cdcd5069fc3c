/*
 * io.h — the I/O manager's interface for the rest of the executive.
 *
 * This first slice has file objects, device objects and one file system,
 * built in: the boot volume, a read-only view of the boot archive
 * (docs/io.md).  Drivers in their own processes and IRPs come with the
 * driver issues; the services below keep their Windows meaning when they
 * do.
 */
#pragma once
#include <nt/ntdef.h>

struct _OBJECT_TYPE;
struct _DISPATCHER_HEADER;

extern struct _OBJECT_TYPE *IoFileObjectType;   /* "File" */
extern struct _OBJECT_TYPE *IoDeviceObjectType; /* "Device" */

/* The types, the boot volume \Device\BootVolume and the links to it
 * (\GLOBAL??\C:, \SystemRoot).  After ObInitSystem and
 * LdrInitializeBootArchive. */
NTSTATUS IoInitSystem(VOID);

/* What a file object's handle waits on (signalled when an I/O completes). */
struct _DISPATCHER_HEADER *IoFileWaitableHeader(PVOID FileObject);

/*
 * The bytes of the file behind a file object, for the memory manager's
 * file-backed sections: every file of the boot volume lives in memory for
 * good.  STATUS_INVALID_FILE_FOR_SECTION for a directory or a volume.
 */
NTSTATUS IoFileContents(PVOID FileObject, const UCHAR **Data, SIZE_T *Size);

/* The last component of the file's name as ASCII (non-ASCII as '?'), for
 * naming processes after their image file. */
VOID IoFileBaseName(PVOID FileObject, char *Name, ULONG Size);
