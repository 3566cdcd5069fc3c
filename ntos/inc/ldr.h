/*
 * ldr.h — the boot archive (a cpio "newc" archive, the second boot module).
 */
#pragma once
#include <nt/ntdef.h>

typedef struct _CPIO_FILE {
    const char *Name;      /* not NUL-terminated: NameLength bytes */
    ULONG NameLength;
    ULONG Mode;
    const UCHAR *Data;
    SIZE_T Size;
} CPIO_FILE;

/* Walk the archive: returns the next file after *Offset (start at 0), or
 * STATUS_NO_MORE_ENTRIES at the trailer, STATUS_INVALID_IMAGE_FORMAT if a
 * header or size does not fit the archive. */
NTSTATUS LdrCpioNext(const UCHAR *Archive, SIZE_T Size, SIZE_T *Offset, CPIO_FILE *File);
NTSTATUS LdrCpioFind(const UCHAR *Archive, SIZE_T Size, const char *Name, CPIO_FILE *File);

NTSTATUS LdrInitializeBootArchive(VOID);
extern const UCHAR *LdrpBootArchive;
extern SIZE_T LdrpBootArchiveSize;
