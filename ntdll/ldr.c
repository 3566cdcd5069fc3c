/*
 * ldr.c — the loader's pure image work: exports, forwarders, base
 * relocations and import binding on an image that is already in memory.
 *
 * Nothing here calls the system or reads the PEB: the caller hands in a
 * mapped image (RVA = offset from its base) and, for binding, a resolver
 * that turns a DLL name into the base of a loaded image (ldrload.c loads
 * it; the host tests, tests/host/ntdll/, look it up in a table of images
 * built in memory).  Every RVA read from an image is checked against its
 * SizeOfImage, so a malformed table is STATUS_INVALID_IMAGE_FORMAT, never
 * a stray read.
 *
 * Exports (docs/loader.md): by name the hint is tried first, then a binary
 * search of the sorted name table; by ordinal, Ordinal - Base indexes the
 * address table and an RVA of 0 is a hole.  An export whose RVA lies inside
 * the export directory is a forwarder string, "dll.Name" or "dll.#123";
 * LdrpResolveExport follows chains of them through the resolver, at most
 * LDRP_MAX_FORWARDS deep (a cycle ends there).
 *
 * Relocations: IMAGE_REL_BASED_ABSOLUTE (padding), HIGHLOW, DIR64, and the
 * 16-bit HIGH/LOW halves; anything else is refused before a single byte
 * of that block changes.
 */
#include "ldrp.h"

#include <nt/ntrtl.h>

typedef ULONGLONG __attribute__((aligned(1))) LDRP_UNALIGNED_ULONGLONG;
typedef ULONG __attribute__((aligned(1))) LDRP_UNALIGNED_ULONG;
typedef USHORT __attribute__((aligned(1))) LDRP_UNALIGNED_USHORT;

/* ---- Headers and bounds ------------------------------------------------------- */

PIMAGE_NT_HEADERS LdrpImageHeaders(PVOID Base) {
    PIMAGE_DOS_HEADER Dos = Base;
    PIMAGE_NT_HEADERS Nt;

    if (Base == NULL || Dos->e_magic != IMAGE_DOS_SIGNATURE || Dos->e_lfanew <= 0 ||
        Dos->e_lfanew > 0x10000000)
        return NULL;
    Nt = (PIMAGE_NT_HEADERS)((PUCHAR)Base + Dos->e_lfanew);
    if (Nt->Signature != IMAGE_NT_SIGNATURE ||
        Nt->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        return NULL;
    return Nt;
}

/* Is [Rva, Rva + Length) inside the image? */
static BOOLEAN LdrpRangeValid(PIMAGE_NT_HEADERS Nt, ULONG Rva, SIZE_T Length) {
    SIZE_T Size = Nt->OptionalHeader.SizeOfImage;

    return Rva < Size && Length <= Size - Rva;
}

PVOID LdrpImageDirectory(PVOID Base, USHORT Index, PULONG Size) {
    PIMAGE_NT_HEADERS Nt = LdrpImageHeaders(Base);
    PIMAGE_DATA_DIRECTORY Directory;

    *Size = 0;
    if (Nt == NULL || Index >= Nt->OptionalHeader.NumberOfRvaAndSizes)
        return NULL;
    Directory = &Nt->OptionalHeader.DataDirectory[Index];
    if (Directory->VirtualAddress == 0 || Directory->Size == 0 ||
        !LdrpRangeValid(Nt, Directory->VirtualAddress, Directory->Size))
        return NULL;
    *Size = Directory->Size;
    return (PUCHAR)Base + Directory->VirtualAddress;
}

/* The NUL-terminated string at Rva, if it ends inside the image. */
static PCSTR LdrpImageString(PVOID Base, PIMAGE_NT_HEADERS Nt, ULONG Rva, SIZE_T *Length) {
    PCSTR String = (PCSTR)Base + Rva;
    SIZE_T Limit, Count = 0;

    if (!LdrpRangeValid(Nt, Rva, 1))
        return NULL;
    Limit = Nt->OptionalHeader.SizeOfImage - Rva;
    while (Count < Limit && String[Count] != '\0')
        Count++;
    if (Count == Limit)
        return NULL;
    *Length = Count;
    return String;
}

BOOLEAN LdrpEqualAsciiNoCase(PCSTR A, SIZE_T ALength, PCSTR B, SIZE_T BLength) {
    if (ALength != BLength)
        return FALSE;
    for (SIZE_T i = 0; i < ALength; i++) {
        CHAR x = A[i], y = B[i];

        if (x >= 'A' && x <= 'Z')
            x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z')
            y += 'a' - 'A';
        if (x != y)
            return FALSE;
    }
    return TRUE;
}

/* ---- Exports ------------------------------------------------------------------ */

/* Compares a counted name with the NUL-terminated export name at Rva
 * (byte order, as the linker sorts). */
static int LdrpCompareExportName(PVOID Base, PIMAGE_NT_HEADERS Nt, PCSTR Name, SIZE_T Length,
                                 ULONG Rva, BOOLEAN *Valid) {
    SIZE_T TableLength;
    PCSTR Table = LdrpImageString(Base, Nt, Rva, &TableLength);

    *Valid = Table != NULL;
    if (Table == NULL)
        return 0;
    for (SIZE_T i = 0;; i++) {
        UCHAR a = i < Length ? (UCHAR)Name[i] : 0;
        UCHAR b = i < TableLength ? (UCHAR)Table[i] : 0;

        if (a != b)
            return a < b ? -1 : 1;
        if (i >= Length && i >= TableLength)
            return 0;
    }
}

/* The export-table index of Name, or STATUS_PROCEDURE_NOT_FOUND. */
static NTSTATUS LdrpFindExportName(PVOID Base, PIMAGE_NT_HEADERS Nt,
                                   PIMAGE_EXPORT_DIRECTORY Exports, PCSTR Name, SIZE_T Length,
                                   USHORT Hint, ULONG *FunctionIndex) {
    PUCHAR Image = Base;
    ULONG Count = Exports->NumberOfNames;
    BOOLEAN Valid;
    LONG Low = 0, High = (LONG)Count - 1;

    if (Count == 0)
        return STATUS_PROCEDURE_NOT_FOUND;
    if (!LdrpRangeValid(Nt, Exports->AddressOfNames, (SIZE_T)Count * sizeof(ULONG)) ||
        !LdrpRangeValid(Nt, Exports->AddressOfNameOrdinals, (SIZE_T)Count * sizeof(USHORT)))
        return STATUS_INVALID_IMAGE_FORMAT;
    ULONG *Names = (ULONG *)(Image + Exports->AddressOfNames);
    USHORT *Ordinals = (USHORT *)(Image + Exports->AddressOfNameOrdinals);

    if (Hint < Count && LdrpCompareExportName(Base, Nt, Name, Length, Names[Hint], &Valid) == 0 &&
        Valid) {
        *FunctionIndex = Ordinals[Hint];
        return STATUS_SUCCESS;
    }
    while (Low <= High) {
        LONG Middle = Low + (High - Low) / 2;
        int Order = LdrpCompareExportName(Base, Nt, Name, Length, Names[Middle], &Valid);

        if (!Valid)
            return STATUS_INVALID_IMAGE_FORMAT;
        if (Order == 0) {
            *FunctionIndex = Ordinals[Middle];
            return STATUS_SUCCESS;
        }
        if (Order < 0)
            High = Middle - 1;
        else
            Low = Middle + 1;
    }
    return STATUS_PROCEDURE_NOT_FOUND;
}

NTSTATUS LdrpFindExport(PVOID Base, PCSTR Name, SIZE_T NameLength, USHORT Hint, ULONG Ordinal,
                        PLDRP_EXPORT Export) {
    NTSTATUS NotFound = Name != NULL ? STATUS_PROCEDURE_NOT_FOUND : STATUS_ORDINAL_NOT_FOUND;
    PIMAGE_NT_HEADERS Nt = LdrpImageHeaders(Base);
    ULONG DirectorySize, FunctionIndex, Rva;
    PIMAGE_EXPORT_DIRECTORY Exports;
    NTSTATUS Status;

    Export->Address = NULL;
    Export->Forwarder = NULL;
    if (Nt == NULL)
        return STATUS_INVALID_IMAGE_FORMAT;
    Exports = LdrpImageDirectory(Base, IMAGE_DIRECTORY_ENTRY_EXPORT, &DirectorySize);
    if (Exports == NULL || DirectorySize < sizeof(*Exports))
        return NotFound;
    if (Name != NULL) {
        Status = LdrpFindExportName(Base, Nt, Exports, Name, NameLength, Hint, &FunctionIndex);
        if (!NT_SUCCESS(Status))
            return Status;
    } else {
        if (Ordinal < Exports->Base)
            return NotFound;
        FunctionIndex = Ordinal - Exports->Base;
    }
    if (FunctionIndex >= Exports->NumberOfFunctions)
        return NotFound;
    if (!LdrpRangeValid(Nt, Exports->AddressOfFunctions,
                        (SIZE_T)Exports->NumberOfFunctions * sizeof(ULONG)))
        return STATUS_INVALID_IMAGE_FORMAT;
    Rva = ((ULONG *)((PUCHAR)Base + Exports->AddressOfFunctions))[FunctionIndex];
    if (Rva == 0)
        return NotFound;
    if (!LdrpRangeValid(Nt, Rva, 1))
        return STATUS_INVALID_IMAGE_FORMAT;
    ULONG DirectoryRva = (ULONG)((PUCHAR)Exports - (PUCHAR)Base);
    if (Rva >= DirectoryRva && Rva - DirectoryRva < DirectorySize) {
        SIZE_T Length;

        Export->Forwarder = LdrpImageString(Base, Nt, Rva, &Length);
        return Export->Forwarder != NULL ? STATUS_SUCCESS : STATUS_INVALID_IMAGE_FORMAT;
    }
    Export->Address = (PUCHAR)Base + Rva;
    return STATUS_SUCCESS;
}

NTSTATUS LdrpParseForwarder(PCSTR Forwarder, PCSTR *DllName, SIZE_T *DllNameLength, PCSTR *Name,
                            SIZE_T *NameLength, PULONG Ordinal) {
    SIZE_T Dot = 0, Length = 0;
    BOOLEAN HaveDot = FALSE;

    while (Forwarder[Length] != '\0') {
        if (Forwarder[Length] == '.') {
            Dot = Length; /* the last dot: "x.y.Name" names DLL "x.y" */
            HaveDot = TRUE;
        }
        Length++;
    }
    if (!HaveDot || Dot == 0 || Dot + 1 == Length)
        return STATUS_INVALID_IMAGE_FORMAT;
    *DllName = Forwarder;
    *DllNameLength = Dot;
    *Ordinal = 0;
    if (Forwarder[Dot + 1] != '#') {
        *Name = Forwarder + Dot + 1;
        *NameLength = Length - Dot - 1;
        return STATUS_SUCCESS;
    }
    *Name = NULL;
    *NameLength = 0;
    if (Dot + 2 == Length)
        return STATUS_INVALID_IMAGE_FORMAT;
    for (SIZE_T i = Dot + 2; i < Length; i++) {
        if (Forwarder[i] < '0' || Forwarder[i] > '9' || *Ordinal > 0xffff)
            return STATUS_INVALID_IMAGE_FORMAT;
        *Ordinal = *Ordinal * 10 + (ULONG)(Forwarder[i] - '0');
    }
    return *Ordinal <= 0xffff ? STATUS_SUCCESS : STATUS_INVALID_IMAGE_FORMAT;
}

static VOID LdrpSetFailure(PLDRP_SNAP_FAILURE Failure, PCSTR DllName, SIZE_T DllNameLength,
                           PCSTR Name, SIZE_T NameLength, ULONG Ordinal) {
    if (Failure == NULL)
        return;
    Failure->DllName = DllName;
    Failure->DllNameLength = DllNameLength;
    Failure->ProcedureName = Name;
    Failure->ProcedureNameLength = NameLength;
    Failure->Ordinal = Ordinal;
}

/* The export's own DLL name (for failure reports), from its export directory. */
static PCSTR LdrpExportDllName(PVOID Base, SIZE_T *Length) {
    PIMAGE_NT_HEADERS Nt = LdrpImageHeaders(Base);
    ULONG Size;
    PIMAGE_EXPORT_DIRECTORY Exports = LdrpImageDirectory(Base, IMAGE_DIRECTORY_ENTRY_EXPORT, &Size);
    PCSTR Name;

    *Length = 0;
    if (Nt == NULL || Exports == NULL || Size < sizeof(*Exports))
        return NULL;
    Name = LdrpImageString(Base, Nt, Exports->Name, Length);
    return Name;
}

NTSTATUS LdrpResolveExport(PVOID DllBase, PCSTR Name, SIZE_T NameLength, USHORT Hint, ULONG Ordinal,
                           LDRP_RESOLVE_DLL Resolve, PVOID Context, PVOID *Address,
                           PLDRP_SNAP_FAILURE Failure) {
    for (ULONG Hop = 0; Hop <= LDRP_MAX_FORWARDS; Hop++) {
        LDRP_EXPORT Export;
        PCSTR DllName;
        SIZE_T DllNameLength;
        NTSTATUS Status = LdrpFindExport(DllBase, Name, NameLength, Hint, Ordinal, &Export);

        if (!NT_SUCCESS(Status)) {
            DllName = LdrpExportDllName(DllBase, &DllNameLength);
            LdrpSetFailure(Failure, DllName, DllNameLength, Name, NameLength, Ordinal);
            return Status;
        }
        if (Export.Address != NULL) {
            *Address = Export.Address;
            return STATUS_SUCCESS;
        }
        Status = LdrpParseForwarder(Export.Forwarder, &DllName, &DllNameLength, &Name, &NameLength,
                                    &Ordinal);
        if (NT_SUCCESS(Status))
            Status = Resolve(Context, DllName, DllNameLength, &DllBase);
        if (!NT_SUCCESS(Status)) {
            LdrpSetFailure(Failure, DllName, DllNameLength, Name, NameLength, Ordinal);
            return Status;
        }
        Hint = 0;
    }
    LdrpSetFailure(Failure, NULL, 0, Name, NameLength, Ordinal);
    return STATUS_INVALID_IMAGE_FORMAT; /* a forwarder loop */
}

/* ---- Imports ------------------------------------------------------------------ */

/* Binds one import descriptor's address table against DllBase. */
static NTSTATUS LdrpSnapDescriptor(PVOID Base, PIMAGE_NT_HEADERS Nt,
                                   PIMAGE_IMPORT_DESCRIPTOR Descriptor, PVOID DllBase,
                                   LDRP_RESOLVE_DLL Resolve, PVOID Context,
                                   PLDRP_SNAP_FAILURE Failure) {
    PUCHAR Image = Base;
    ULONG LookupRva =
        Descriptor->OriginalFirstThunk ? Descriptor->OriginalFirstThunk : Descriptor->FirstThunk;

    for (ULONG i = 0;; i++) {
        ULONG Offset = i * (ULONG)sizeof(ULONGLONG);
        ULONGLONG Lookup;
        PVOID Address;
        NTSTATUS Status;

        if (!LdrpRangeValid(Nt, LookupRva + Offset, sizeof(ULONGLONG)) ||
            !LdrpRangeValid(Nt, Descriptor->FirstThunk + Offset, sizeof(ULONGLONG)))
            return STATUS_INVALID_IMAGE_FORMAT;
        Lookup = *(LDRP_UNALIGNED_ULONGLONG *)(Image + LookupRva + Offset);
        if (Lookup == 0)
            return STATUS_SUCCESS;
        if (IMAGE_SNAP_BY_ORDINAL64(Lookup)) {
            Status = LdrpResolveExport(DllBase, NULL, 0, 0, (ULONG)IMAGE_ORDINAL64(Lookup), Resolve,
                                       Context, &Address, Failure);
        } else {
            ULONG ByName = (ULONG)Lookup;
            SIZE_T NameLength;
            PCSTR Name;

            if (!LdrpRangeValid(Nt, ByName, sizeof(IMAGE_IMPORT_BY_NAME)))
                return STATUS_INVALID_IMAGE_FORMAT;
            Name = LdrpImageString(Base, Nt, ByName + FIELD_OFFSET(IMAGE_IMPORT_BY_NAME, Name),
                                   &NameLength);
            if (Name == NULL)
                return STATUS_INVALID_IMAGE_FORMAT;
            Status = LdrpResolveExport(DllBase, Name, NameLength,
                                       *(LDRP_UNALIGNED_USHORT *)(Image + ByName), 0, Resolve,
                                       Context, &Address, Failure);
        }
        if (!NT_SUCCESS(Status))
            return Status;
        *(LDRP_UNALIGNED_ULONGLONG *)(Image + Descriptor->FirstThunk + Offset) =
            (ULONGLONG)(ULONG_PTR)Address;
    }
}

NTSTATUS LdrpSnapImports(PVOID Base, LDRP_RESOLVE_DLL Resolve, PVOID Context,
                         PLDRP_SNAP_FAILURE Failure) {
    PIMAGE_NT_HEADERS Nt = LdrpImageHeaders(Base);
    PIMAGE_IMPORT_DESCRIPTOR Descriptor;
    ULONG Size;

    if (Nt == NULL)
        return STATUS_INVALID_IMAGE_FORMAT;
    Descriptor = LdrpImageDirectory(Base, IMAGE_DIRECTORY_ENTRY_IMPORT, &Size);
    if (Descriptor == NULL)
        return STATUS_SUCCESS;
    for (ULONG Rva = (ULONG)((PUCHAR)Descriptor - (PUCHAR)Base);; Rva += sizeof(*Descriptor)) {
        PIMAGE_IMPORT_DESCRIPTOR Current;
        SIZE_T NameLength;
        PCSTR DllName;
        PVOID DllBase;
        NTSTATUS Status;

        if (!LdrpRangeValid(Nt, Rva, sizeof(*Descriptor)))
            return STATUS_INVALID_IMAGE_FORMAT;
        Current = (PIMAGE_IMPORT_DESCRIPTOR)((PUCHAR)Base + Rva);
        if (Current->Name == 0 && Current->FirstThunk == 0)
            return STATUS_SUCCESS;
        DllName = LdrpImageString(Base, Nt, Current->Name, &NameLength);
        if (DllName == NULL)
            return STATUS_INVALID_IMAGE_FORMAT;
        Status = Resolve(Context, DllName, NameLength, &DllBase);
        if (!NT_SUCCESS(Status)) {
            LdrpSetFailure(Failure, DllName, NameLength, NULL, 0, 0);
            return Status;
        }
        Status = LdrpSnapDescriptor(Base, Nt, Current, DllBase, Resolve, Context, Failure);
        if (!NT_SUCCESS(Status))
            return Status;
    }
}

/* ---- Base relocations --------------------------------------------------------- */

/* Checks every entry of one block before LdrpApplyBlock changes anything. */
static BOOLEAN LdrpBlockValid(PIMAGE_NT_HEADERS Nt, ULONG PageRva, const USHORT *Entries,
                              ULONG Count) {
    for (ULONG i = 0; i < Count; i++) {
        USHORT Entry = *(const LDRP_UNALIGNED_USHORT *)&Entries[i];
        ULONG Rva = PageRva + (Entry & 0xfff);
        SIZE_T Width;

        switch (Entry >> 12) {
        case IMAGE_REL_BASED_ABSOLUTE:
            continue;
        case IMAGE_REL_BASED_HIGH:
        case IMAGE_REL_BASED_LOW:
            Width = sizeof(USHORT);
            break;
        case IMAGE_REL_BASED_HIGHLOW:
            Width = sizeof(ULONG);
            break;
        case IMAGE_REL_BASED_DIR64:
            Width = sizeof(ULONGLONG);
            break;
        default:
            return FALSE;
        }
        if (!LdrpRangeValid(Nt, Rva, Width))
            return FALSE;
    }
    return TRUE;
}

/* Applies one block's entries at Page; FALSE (nothing more applied) at an
 * entry type it does not know. */
static BOOLEAN LdrpApplyBlock(PUCHAR Page, const USHORT *Entries, ULONG Count, LONGLONG Delta) {
    for (ULONG i = 0; i < Count; i++) {
        USHORT Entry = *(const LDRP_UNALIGNED_USHORT *)&Entries[i];
        PUCHAR Target = Page + (Entry & 0xfff);

        switch (Entry >> 12) {
        case IMAGE_REL_BASED_ABSOLUTE:
            break;
        case IMAGE_REL_BASED_HIGH:
            *(LDRP_UNALIGNED_USHORT *)Target += (USHORT)((ULONGLONG)Delta >> 16);
            break;
        case IMAGE_REL_BASED_LOW:
            *(LDRP_UNALIGNED_USHORT *)Target += (USHORT)Delta;
            break;
        case IMAGE_REL_BASED_HIGHLOW:
            *(LDRP_UNALIGNED_ULONG *)Target += (ULONG)Delta;
            break;
        case IMAGE_REL_BASED_DIR64:
            *(LDRP_UNALIGNED_ULONGLONG *)Target += (ULONGLONG)Delta;
            break;
        default:
            return FALSE;
        }
    }
    return TRUE;
}

NTSTATUS LdrpRelocateImage(PVOID Base, LONGLONG Delta) {
    PIMAGE_NT_HEADERS Nt = LdrpImageHeaders(Base);
    PUCHAR Block;
    ULONG Size, Offset;

    if (Nt == NULL)
        return STATUS_INVALID_IMAGE_FORMAT;
    if (Delta == 0)
        return STATUS_SUCCESS;
    Block = LdrpImageDirectory(Base, IMAGE_DIRECTORY_ENTRY_BASERELOC, &Size);
    if (Block == NULL)
        return (Nt->FileHeader.Characteristics & IMAGE_FILE_RELOCS_STRIPPED)
                   ? STATUS_CONFLICTING_ADDRESSES
                   : STATUS_SUCCESS; /* nothing absolute in the image */
    /* Check the whole table first: a bad one changes nothing. */
    for (Offset = 0; Offset + sizeof(IMAGE_BASE_RELOCATION) <= Size;) {
        PIMAGE_BASE_RELOCATION Header = (PIMAGE_BASE_RELOCATION)(Block + Offset);
        ULONG BlockSize = Header->SizeOfBlock;

        if (BlockSize < sizeof(*Header) || BlockSize > Size - Offset || (BlockSize & 1) ||
            !LdrpBlockValid(Nt, Header->VirtualAddress, (const USHORT *)(Header + 1),
                            (BlockSize - sizeof(*Header)) / sizeof(USHORT)))
            return STATUS_INVALID_IMAGE_FORMAT;
        Offset += BlockSize;
    }
    for (Offset = 0; Offset + sizeof(IMAGE_BASE_RELOCATION) <= Size;) {
        PIMAGE_BASE_RELOCATION Header = (PIMAGE_BASE_RELOCATION)(Block + Offset);

        LdrpApplyBlock((PUCHAR)Base + Header->VirtualAddress, (const USHORT *)(Header + 1),
                       (Header->SizeOfBlock - sizeof(*Header)) / sizeof(USHORT), Delta);
        Offset += Header->SizeOfBlock;
    }
    Nt->OptionalHeader.ImageBase += (ULONGLONG)Delta;
    return STATUS_SUCCESS;
}

/*
 * Windows' export for code that relocates images itself: applies Count
 * entries at the page Address and returns the next block (the entries end
 * where it starts), or NULL at an unknown entry type.  No bounds checks:
 * the caller owns the image.
 */
PIMAGE_BASE_RELOCATION NTAPI LdrProcessRelocationBlock(ULONG_PTR Address, ULONG Count,
                                                       PUSHORT TypeOffset, LONG_PTR Delta) {
    if (!LdrpApplyBlock((PUCHAR)Address, TypeOffset, Count, Delta))
        return NULL;
    return (PIMAGE_BASE_RELOCATION)(TypeOffset + Count);
}
