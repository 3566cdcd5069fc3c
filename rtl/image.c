/*
 * image.c — PE image parsing for the loader (ntdll) and the executive.
 *
 * Two families:
 *
 *  - The Windows functions (RtlImageNtHeader, RtlImageNtHeaderEx,
 *    RtlImageDirectoryEntryToData, RtlImageRvaToSection, RtlImageRvaToVa)
 *    with Windows' semantics.  Apart from RtlImageNtHeaderEx's optional
 *    range check they trust the image: use them on images that were
 *    validated already (a mapped DLL, the executive's own boot modules
 *    after validation).
 *
 *  - The checked Rtlp functions for images that are not trusted yet.  They
 *    take the buffer's size, validate the headers once
 *    (RtlpImageValidateHeaders) and bound every pointer they return, with
 *    its length, inside the buffer.  Arithmetic is done in 64 bits so that
 *    no field can wrap a check.  Every failure is
 *    STATUS_INVALID_IMAGE_FORMAT, except an absent data directory, which is
 *    STATUS_NOT_FOUND.
 *
 * Both PE32+ (what Neptune runs) and PE32 optional headers are understood;
 * IMAGE_NT_HEADERS is the PE32+ form and a PE32 image is read through the
 * RTLP_IMAGE_INFO summary below.  The section table follows the optional
 * header (IMAGE_FIRST_SECTION) in both.  An "RVA in a file" is translated
 * through the section whose raw data covers it, as Windows does (the
 * headers map to themselves).
 */
#include "rtlp.h"

#define MAX_NT_HEADER_OFFSET (256u * 1024 * 1024) /* e_lfanew limit without a range check */
#define MAX_SECTIONS 96

/* The optional-header fields the parser needs, from either header form. */
typedef struct _RTLP_IMAGE_INFO {
    ULONG NumberOfRvaAndSizes;
    PIMAGE_DATA_DIRECTORY Directories;
    ULONG SizeOfHeaders;
    ULONG SizeOfImage;
    ULONG SectionAlignment;
    ULONG FileAlignment;
    ULONG DirectoriesOffset; /* offset of DataDirectory in the optional header */
} RTLP_IMAGE_INFO;

static BOOLEAN RtlpImageInfo(PIMAGE_NT_HEADERS NtHeaders, RTLP_IMAGE_INFO *Info) {
    if (NtHeaders->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC) {
        PIMAGE_OPTIONAL_HEADER64 Optional = &NtHeaders->OptionalHeader;

        Info->NumberOfRvaAndSizes = Optional->NumberOfRvaAndSizes;
        Info->Directories = Optional->DataDirectory;
        Info->SizeOfHeaders = Optional->SizeOfHeaders;
        Info->SizeOfImage = Optional->SizeOfImage;
        Info->SectionAlignment = Optional->SectionAlignment;
        Info->FileAlignment = Optional->FileAlignment;
        Info->DirectoriesOffset = FIELD_OFFSET(IMAGE_OPTIONAL_HEADER64, DataDirectory);
        return TRUE;
    }
    if (NtHeaders->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR32_MAGIC) {
        PIMAGE_OPTIONAL_HEADER32 Optional =
            &((PIMAGE_NT_HEADERS32)(PVOID)NtHeaders)->OptionalHeader;

        Info->NumberOfRvaAndSizes = Optional->NumberOfRvaAndSizes;
        Info->Directories = Optional->DataDirectory;
        Info->SizeOfHeaders = Optional->SizeOfHeaders;
        Info->SizeOfImage = Optional->SizeOfImage;
        Info->SectionAlignment = Optional->SectionAlignment;
        Info->FileAlignment = Optional->FileAlignment;
        Info->DirectoriesOffset = FIELD_OFFSET(IMAGE_OPTIONAL_HEADER32, DataDirectory);
        return TRUE;
    }
    return FALSE;
}

/* ---- Windows functions --------------------------------------------------- */

NTSTATUS NTAPI RtlImageNtHeaderEx(ULONG Flags, PVOID Base, ULONG64 Size,
                                  PIMAGE_NT_HEADERS *OutHeaders) {
    BOOLEAN RangeCheck = (Flags & RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK) == 0;
    PIMAGE_DOS_HEADER Dos = Base;
    ULONG Offset;
    PIMAGE_NT_HEADERS NtHeaders;

    if (OutHeaders == NULL)
        return STATUS_INVALID_PARAMETER;
    *OutHeaders = NULL;
    if ((Flags & ~RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK) != 0 || Base == NULL ||
        Base == (PVOID)(LONG_PTR)-1)
        return STATUS_INVALID_PARAMETER;
    if (RangeCheck && Size < sizeof(IMAGE_DOS_HEADER))
        return STATUS_INVALID_IMAGE_FORMAT;
    if (Dos->e_magic != IMAGE_DOS_SIGNATURE)
        return STATUS_INVALID_IMAGE_FORMAT;
    Offset = (ULONG)Dos->e_lfanew;
    if (RangeCheck) {
        if ((ULONG64)Offset + sizeof(ULONG) + sizeof(IMAGE_FILE_HEADER) > Size)
            return STATUS_INVALID_IMAGE_FORMAT;
    } else if (Offset >= MAX_NT_HEADER_OFFSET) {
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    NtHeaders = (PIMAGE_NT_HEADERS)((PUCHAR)Base + Offset);
    if (NtHeaders->Signature != IMAGE_NT_SIGNATURE)
        return STATUS_INVALID_IMAGE_FORMAT;
    *OutHeaders = NtHeaders;
    return STATUS_SUCCESS;
}

PIMAGE_NT_HEADERS NTAPI RtlImageNtHeader(PVOID Base) {
    PIMAGE_NT_HEADERS NtHeaders;

    if (!NT_SUCCESS(
            RtlImageNtHeaderEx(RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK, Base, 0, &NtHeaders)))
        return NULL;
    return NtHeaders;
}

PIMAGE_SECTION_HEADER NTAPI RtlImageRvaToSection(PIMAGE_NT_HEADERS NtHeaders, PVOID Base,
                                                 ULONG Rva) {
    PIMAGE_SECTION_HEADER Section = IMAGE_FIRST_SECTION(NtHeaders);

    for (ULONG i = 0; i < NtHeaders->FileHeader.NumberOfSections; i++, Section++) {
        if (Rva >= Section->VirtualAddress &&
            (ULONG64)Rva < (ULONG64)Section->VirtualAddress + Section->SizeOfRawData)
            return Section;
    }
    return NULL;
}

PVOID NTAPI RtlImageRvaToVa(PIMAGE_NT_HEADERS NtHeaders, PVOID Base, ULONG Rva,
                            PIMAGE_SECTION_HEADER *LastRvaSection) {
    PIMAGE_SECTION_HEADER Section = LastRvaSection != NULL ? *LastRvaSection : NULL;

    if (Section == NULL || Rva < Section->VirtualAddress ||
        (ULONG64)Rva >= (ULONG64)Section->VirtualAddress + Section->SizeOfRawData) {
        Section = RtlImageRvaToSection(NtHeaders, Base, Rva);
        if (Section == NULL)
            return NULL;
        if (LastRvaSection != NULL)
            *LastRvaSection = Section;
    }
    return (PUCHAR)Base + (Rva - Section->VirtualAddress) + Section->PointerToRawData;
}

PVOID NTAPI RtlImageDirectoryEntryToData(PVOID Base, BOOLEAN MappedAsImage, USHORT DirectoryEntry,
                                         PULONG Size) {
    PIMAGE_NT_HEADERS NtHeaders;
    RTLP_IMAGE_INFO Info;
    ULONG Rva;

    if (LDR_IS_DATAFILE(Base)) {
        Base = LDR_DATAFILE_TO_VIEW(Base);
        MappedAsImage = FALSE;
    }
    NtHeaders = RtlImageNtHeader(Base);
    if (NtHeaders == NULL || !RtlpImageInfo(NtHeaders, &Info))
        return NULL;
    if (DirectoryEntry >= Info.NumberOfRvaAndSizes)
        return NULL;
    Rva = Info.Directories[DirectoryEntry].VirtualAddress;
    if (Rva == 0)
        return NULL;
    *Size = Info.Directories[DirectoryEntry].Size;
    if (MappedAsImage || Rva < Info.SizeOfHeaders)
        return (PUCHAR)Base + Rva;
    return RtlImageRvaToVa(NtHeaders, Base, Rva, NULL);
}

/* ---- Checked functions for untrusted images ------------------------------ */

/* Bytes of an optional header up to its data directories; 0 for an unknown magic. */
static ULONG RtlpOptionalFixedSize(USHORT Magic) {
    if (Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        return FIELD_OFFSET(IMAGE_OPTIONAL_HEADER64, DataDirectory);
    if (Magic == IMAGE_NT_OPTIONAL_HDR32_MAGIC)
        return FIELD_OFFSET(IMAGE_OPTIONAL_HEADER32, DataDirectory);
    return 0;
}

static BOOLEAN RtlpIsPowerOfTwo(ULONG Value) { return Value != 0 && (Value & (Value - 1)) == 0; }

static BOOLEAN RtlpSectionsValid(PIMAGE_NT_HEADERS NtHeaders, const RTLP_IMAGE_INFO *Info) {
    PIMAGE_SECTION_HEADER Section = IMAGE_FIRST_SECTION(NtHeaders);

    for (ULONG i = 0; i < NtHeaders->FileHeader.NumberOfSections; i++, Section++) {
        ULONG Extent =
            Section->Misc.VirtualSize != 0 ? Section->Misc.VirtualSize : Section->SizeOfRawData;

        if ((ULONG64)Section->VirtualAddress + Extent > Info->SizeOfImage)
            return FALSE;
        if ((ULONG64)Section->PointerToRawData + Section->SizeOfRawData > MAXULONG)
            return FALSE;
    }
    return TRUE;
}

/*
 * Everything the checked functions rely on: the DOS and NT headers, the
 * optional header (PE32 or PE32+) with at most 16 directories, and the
 * section table lie inside the buffer; the NT headers are 8-byte aligned
 * and the section table 4-byte aligned (as every linker emits them; Windows
 * itself accepts any offset, but C cannot read misaligned structures);
 * the alignments are powers of two; sections lie inside SizeOfImage.
 */
NTSTATUS NTAPI RtlpImageValidateHeaders(PVOID Base, SIZE_T Size, PIMAGE_NT_HEADERS *OutHeaders) {
    PIMAGE_NT_HEADERS NtHeaders;
    RTLP_IMAGE_INFO Info;
    ULONG64 OptionalStart, SectionsEnd;
    ULONG FixedSize;
    NTSTATUS Status;

    *OutHeaders = NULL;
    if (Base == NULL || ((ULONG_PTR)Base & 7) != 0 || Size < sizeof(IMAGE_DOS_HEADER))
        return STATUS_INVALID_IMAGE_FORMAT;
    /* IMAGE_NT_HEADERS64 holds ULONGLONGs: reading it at a lesser alignment is undefined in C. */
    if ((((PIMAGE_DOS_HEADER)Base)->e_lfanew & 7) != 0)
        return STATUS_INVALID_IMAGE_FORMAT;
    Status = RtlImageNtHeaderEx(0, Base, Size, &NtHeaders);
    if (!NT_SUCCESS(Status))
        return STATUS_INVALID_IMAGE_FORMAT;
    OptionalStart = (ULONG64)((PUCHAR)NtHeaders - (PUCHAR)Base) +
                    FIELD_OFFSET(IMAGE_NT_HEADERS, OptionalHeader);
    if (OptionalStart + sizeof(USHORT) > Size)
        return STATUS_INVALID_IMAGE_FORMAT;
    /* The fixed part of the optional header must be declared and present before it is read. */
    FixedSize = RtlpOptionalFixedSize(NtHeaders->OptionalHeader.Magic);
    if (FixedSize == 0 || NtHeaders->FileHeader.SizeOfOptionalHeader < FixedSize ||
        (NtHeaders->FileHeader.SizeOfOptionalHeader & 3) != 0 || /* aligned section table */
        OptionalStart + NtHeaders->FileHeader.SizeOfOptionalHeader > Size)
        return STATUS_INVALID_IMAGE_FORMAT;
    RtlpImageInfo(NtHeaders, &Info);
    if (Info.NumberOfRvaAndSizes > IMAGE_NUMBEROF_DIRECTORY_ENTRIES ||
        Info.DirectoriesOffset + Info.NumberOfRvaAndSizes * sizeof(IMAGE_DATA_DIRECTORY) >
            NtHeaders->FileHeader.SizeOfOptionalHeader)
        return STATUS_INVALID_IMAGE_FORMAT;
    SectionsEnd = OptionalStart + NtHeaders->FileHeader.SizeOfOptionalHeader +
                  (ULONG64)NtHeaders->FileHeader.NumberOfSections * sizeof(IMAGE_SECTION_HEADER);
    if (NtHeaders->FileHeader.NumberOfSections > MAX_SECTIONS || SectionsEnd > Size)
        return STATUS_INVALID_IMAGE_FORMAT;
    if (!RtlpIsPowerOfTwo(Info.SectionAlignment) || !RtlpIsPowerOfTwo(Info.FileAlignment) ||
        Info.SizeOfHeaders > Info.SizeOfImage || !RtlpSectionsValid(NtHeaders, &Info))
        return STATUS_INVALID_IMAGE_FORMAT;
    *OutHeaders = NtHeaders;
    return STATUS_SUCCESS;
}

/* Offset in a raw file of [Rva, Rva + Length), or FALSE if no section (or header) holds it. */
static BOOLEAN RtlpFileOffsetOfRva(PIMAGE_NT_HEADERS NtHeaders, const RTLP_IMAGE_INFO *Info,
                                   ULONG Rva, ULONG Length, ULONG64 *Offset) {
    PIMAGE_SECTION_HEADER Section;

    if ((ULONG64)Rva + Length <= Info->SizeOfHeaders) {
        *Offset = Rva;
        return TRUE;
    }
    Section = RtlImageRvaToSection(NtHeaders, NULL, Rva);
    if (Section == NULL ||
        (ULONG64)Rva + Length > (ULONG64)Section->VirtualAddress + Section->SizeOfRawData)
        return FALSE;
    *Offset = (ULONG64)(Rva - Section->VirtualAddress) + Section->PointerToRawData;
    return TRUE;
}

NTSTATUS NTAPI RtlpImageRvaToPointer(PVOID Base, SIZE_T Size, BOOLEAN MappedAsImage, ULONG Rva,
                                     ULONG Length, PVOID *Pointer) {
    PIMAGE_NT_HEADERS NtHeaders;
    RTLP_IMAGE_INFO Info;
    ULONG64 Offset = Rva;
    NTSTATUS Status;

    *Pointer = NULL;
    Status = RtlpImageValidateHeaders(Base, Size, &NtHeaders);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlpImageInfo(NtHeaders, &Info);
    if (!MappedAsImage && !RtlpFileOffsetOfRva(NtHeaders, &Info, Rva, Length, &Offset))
        return STATUS_INVALID_IMAGE_FORMAT;
    if (Offset + Length > Size)
        return STATUS_INVALID_IMAGE_FORMAT;
    *Pointer = (PUCHAR)Base + Offset;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlpImageDirectoryEntryToDataChecked(PVOID Base, SIZE_T Size, BOOLEAN MappedAsImage,
                                                    USHORT DirectoryEntry, PVOID *Data,
                                                    PULONG DataSize) {
    PIMAGE_NT_HEADERS NtHeaders;
    RTLP_IMAGE_INFO Info;
    IMAGE_DATA_DIRECTORY Directory;
    NTSTATUS Status;

    *Data = NULL;
    *DataSize = 0;
    Status = RtlpImageValidateHeaders(Base, Size, &NtHeaders);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlpImageInfo(NtHeaders, &Info);
    if (DirectoryEntry >= Info.NumberOfRvaAndSizes)
        return STATUS_NOT_FOUND;
    Directory = Info.Directories[DirectoryEntry];
    if (Directory.VirtualAddress == 0)
        return STATUS_NOT_FOUND;
    Status = RtlpImageRvaToPointer(Base, Size, MappedAsImage, Directory.VirtualAddress,
                                   Directory.Size, Data);
    if (NT_SUCCESS(Status))
        *DataSize = Directory.Size;
    return Status;
}
