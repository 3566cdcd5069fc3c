/*
 * ldr.h — the boot archive (a cpio "newc" archive, the second boot module).
 */
#pragma once
#include <nt/ntdef.h>

typedef struct _CPIO_FILE {
    const char *Name;      /* not NUL-terminated: NameLength bytes */
    ULONG NameLength;
    ULONG Mode;
    ULONG Mtime; /* seconds since 1970 */
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
extern char LdrpBootCommandLine[512];

/* PE images (ldr/pe.c). */
typedef struct _LDR_IMAGE_INFO {
    ULONG_PTR ImageBase;
    ULONG SizeOfImage;
    ULONG_PTR EntryPoint;      /* absolute, 0 if none */
    ULONG_PTR StackReserve, StackCommit;
    USHORT Subsystem, SubsystemMajor, SubsystemMinor;
    USHORT OsMajor, OsMinor;
    USHORT Characteristics, DllCharacteristics, Machine;
    BOOLEAN ContainsCode, Relocatable; /* has code; may move (relocations not stripped) */
    ULONG LoaderFlags, CheckSum, FileSize;
} LDR_IMAGE_INFO, *PLDR_IMAGE_INFO;

struct _MMSUPPORT;
/* Validate a PE32+ file (every header and section bounds-checked) and
 * describe it. */
NTSTATUS LdrCheckImage(const UCHAR *File, SIZE_T Size, PLDR_IMAGE_INFO Info);
/* Map it at Base (its preferred base or, relocated, elsewhere) into an
 * address space, sections copied, writable sections (and the IAT)
 * writable, the rest read-only.  Base must be free for SizeOfImage. */
NTSTATUS LdrMapImage(struct _MMSUPPORT *Vm, const UCHAR *File, SIZE_T Size, ULONG_PTR Base);
/* The address of a named export (from the file), 0 if absent. */
ULONG_PTR LdrFindExport(const UCHAR *File, SIZE_T Size, const char *Name);
/* A page of the image at its preferred base (Page4k zeroed before), and
 * the PAGE_* protection of each page of an image view (UCHAR each). */
VOID LdrFillImagePage(const UCHAR *File, SIZE_T Size, ULONG Rva, PUCHAR Page4k);
VOID LdrImagePageProtections(const UCHAR *File, SIZE_T Size, PUCHAR Protect, ULONG Pages);
