/*
 * pe.c — PE32+ images for the executive: checking, mapping into a process,
 * looking up exports.
 *
 * The file comes from the boot archive and is trusted no more than any
 * other input: every offset and size is checked against the file and the
 * image before use, and a bad image is STATUS_INVALID_IMAGE_FORMAT.
 * Images are mapped at their preferred base when it is free, elsewhere
 * with their base relocations applied (DIR64 and ABSOLUTE entries; any
 * other type makes the image invalid).  Image sections (mm/section.c)
 * decide where.
 */
#include "../inc/ntos.h"
#include <nt/ntimage.h>
#include <ndk/mmtypes.h>
#include <sel4rt/sel4rt.h>

static const IMAGE_NT_HEADERS64 *LdrpNtHeaders(const UCHAR *File, SIZE_T Size)
{
    if (Size < sizeof(IMAGE_DOS_HEADER))
        return NULL;
    const IMAGE_DOS_HEADER *dos = (const void *)File;
    if (dos->e_magic != IMAGE_DOS_SIGNATURE || dos->e_lfanew < 0 ||
        (SIZE_T)dos->e_lfanew > Size - sizeof(IMAGE_NT_HEADERS64))
        return NULL;
    const IMAGE_NT_HEADERS64 *nt = (const void *)(File + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE || nt->FileHeader.Machine != IMAGE_FILE_MACHINE_AMD64 ||
        nt->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        return NULL;
    SIZE_T sect = (SIZE_T)dos->e_lfanew + FIELD_OFFSET(IMAGE_NT_HEADERS64, OptionalHeader) +
                  nt->FileHeader.SizeOfOptionalHeader;
    if (nt->FileHeader.SizeOfOptionalHeader < sizeof(IMAGE_OPTIONAL_HEADER64) ||
        sect + (SIZE_T)nt->FileHeader.NumberOfSections * sizeof(IMAGE_SECTION_HEADER) > Size)
        return NULL;
    return nt;
}

NTSTATUS LdrCheckImage(const UCHAR *File, SIZE_T Size, PLDR_IMAGE_INFO Info)
{
    const IMAGE_NT_HEADERS64 *nt = LdrpNtHeaders(File, Size);
    if (!nt)
        return STATUS_INVALID_IMAGE_FORMAT;
    const IMAGE_OPTIONAL_HEADER64 *oh = &nt->OptionalHeader;
    ULONG_PTR base = oh->ImageBase;
    if ((base & 0xffff) || oh->SizeOfImage == 0 || oh->SizeOfHeaders > oh->SizeOfImage ||
        oh->SizeOfHeaders > Size || base + oh->SizeOfImage < base || base + oh->SizeOfImage > 0x7ff000000000ull)
        return STATUS_INVALID_IMAGE_FORMAT;
    const IMAGE_SECTION_HEADER *s = IMAGE_FIRST_SECTION(nt);
    for (USHORT i = 0; i < nt->FileHeader.NumberOfSections; i++) {
        ULONG vsize = s[i].Misc.VirtualSize ? s[i].Misc.VirtualSize : s[i].SizeOfRawData;
        if ((ULONG64)s[i].VirtualAddress + vsize > oh->SizeOfImage)
            return STATUS_INVALID_IMAGE_FORMAT;
        if (s[i].SizeOfRawData && (ULONG64)s[i].PointerToRawData + s[i].SizeOfRawData > Size)
            return STATUS_INVALID_IMAGE_FORMAT;
    }
    if (oh->AddressOfEntryPoint >= oh->SizeOfImage)
        return STATUS_INVALID_IMAGE_FORMAT;
    Info->ImageBase = base;
    Info->SizeOfImage = oh->SizeOfImage;
    Info->EntryPoint = oh->AddressOfEntryPoint ? base + oh->AddressOfEntryPoint : 0;
    Info->StackReserve = oh->SizeOfStackReserve;
    Info->StackCommit = oh->SizeOfStackCommit;
    Info->Subsystem = oh->Subsystem;
    Info->SubsystemMajor = oh->MajorSubsystemVersion;
    Info->SubsystemMinor = oh->MinorSubsystemVersion;
    Info->OsMajor = oh->MajorOperatingSystemVersion;
    Info->OsMinor = oh->MinorOperatingSystemVersion;
    Info->Characteristics = nt->FileHeader.Characteristics;
    Info->DllCharacteristics = oh->DllCharacteristics;
    Info->Machine = nt->FileHeader.Machine;
    Info->ContainsCode = oh->SizeOfCode != 0;
    /* without relocations and not marked stripped, it has nothing to fix up */
    Info->Relocatable = !(nt->FileHeader.Characteristics & IMAGE_FILE_RELOCS_STRIPPED);
    Info->LoaderFlags = oh->LoaderFlags;
    Info->CheckSum = oh->CheckSum;
    Info->FileSize = (ULONG)Size;
    return STATUS_SUCCESS;
}

/* Is any part of [Rva, Rva+4096) in a writable section?  The import
 * address table counts as writable: ntdll's loader binds it in place
 * (until NtProtectVirtualMemory lets it unprotect and re-protect). */
static BOOLEAN LdrpPageWritable(const IMAGE_NT_HEADERS64 *nt, ULONG Rva)
{
    if (nt->OptionalHeader.NumberOfRvaAndSizes > IMAGE_DIRECTORY_ENTRY_IAT) {
        const IMAGE_DATA_DIRECTORY *iat = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IAT];
        if (iat->Size && Rva < iat->VirtualAddress + iat->Size && iat->VirtualAddress < Rva + 4096)
            return TRUE;
    }
    const IMAGE_SECTION_HEADER *s = IMAGE_FIRST_SECTION(nt);
    for (USHORT i = 0; i < nt->FileHeader.NumberOfSections; i++) {
        ULONG vsize = s[i].Misc.VirtualSize ? s[i].Misc.VirtualSize : s[i].SizeOfRawData;
        if ((s[i].Characteristics & IMAGE_SCN_MEM_WRITE) && Rva < s[i].VirtualAddress + vsize &&
            s[i].VirtualAddress < Rva + 4096)
            return TRUE;
    }
    return FALSE;
}

/* Copy file bytes [FileOff, FileOff+Len) to image RVA Rva through the
 * executive's aliases of the freshly mapped pages. */
static NTSTATUS LdrpCopyToImage(PMMSUPPORT Vm, ULONG_PTR Base, ULONG Rva, const UCHAR *Src, SIZE_T Len)
{
    while (Len) {
        ULONG_PTR va = Base + Rva;
        PUCHAR dst = MmUserPageAlias(Vm, va);
        if (!dst)
            return STATUS_INVALID_IMAGE_FORMAT;
        SIZE_T n = 4096 - (va & 0xfff);
        if (n > Len)
            n = Len;
        memcpy(dst, Src, n);
        Rva += (ULONG)n;
        Src += n;
        Len -= n;
    }
    return STATUS_SUCCESS;
}

/* Apply the base relocations for a move by Delta, through the aliases. */
static NTSTATUS LdrpRelocate(PMMSUPPORT Vm, const IMAGE_NT_HEADERS64 *nt, ULONG_PTR Base, LONG_PTR Delta)
{
    if (nt->OptionalHeader.NumberOfRvaAndSizes <= IMAGE_DIRECTORY_ENTRY_BASERELOC)
        return STATUS_SUCCESS;
    const IMAGE_DATA_DIRECTORY *dd = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC];
    ULONG rva = dd->VirtualAddress, end = dd->VirtualAddress + dd->Size;
    if (end < rva || end > nt->OptionalHeader.SizeOfImage)
        return STATUS_INVALID_IMAGE_FORMAT;
    while (rva + sizeof(IMAGE_BASE_RELOCATION) <= end) {
        IMAGE_BASE_RELOCATION block;
        NTSTATUS st = MmCopyFromUser(Vm, &block, Base + rva, sizeof(block));
        if (!NT_SUCCESS(st))
            return st;
        if (block.SizeOfBlock < sizeof(block) || block.SizeOfBlock > end - rva || (block.SizeOfBlock & 1))
            return STATUS_INVALID_IMAGE_FORMAT;
        ULONG count = (block.SizeOfBlock - sizeof(block)) / 2;
        for (ULONG i = 0; i < count; i++) {
            USHORT entry;
            st = MmCopyFromUser(Vm, &entry, Base + rva + sizeof(block) + i * 2, 2);
            if (!NT_SUCCESS(st))
                return st;
            ULONG type = entry >> 12, target = block.VirtualAddress + (entry & 0xfff);
            if (type == IMAGE_REL_BASED_ABSOLUTE)
                continue;
            if (type != IMAGE_REL_BASED_DIR64 || (ULONG64)target + 8 > nt->OptionalHeader.SizeOfImage)
                return STATUS_INVALID_IMAGE_FORMAT;
            /* through the aliases: the target may be in a read-only section */
            ULONG64 value;
            st = MmCopyFromUser(Vm, &value, Base + target, 8);
            value += (ULONG64)Delta;
            if (NT_SUCCESS(st))
                st = LdrpCopyToImage(Vm, Base, target, (const UCHAR *)&value, 8);
            if (!NT_SUCCESS(st))
                return st;
        }
        rva += block.SizeOfBlock;
    }
    return STATUS_SUCCESS;
}

NTSTATUS LdrMapImage(PMMSUPPORT Vm, const UCHAR *File, SIZE_T Size, ULONG_PTR Base)
{
    LDR_IMAGE_INFO info;
    NTSTATUS st = LdrCheckImage(File, Size, &info);
    if (!NT_SUCCESS(st))
        return st;
    if (Base != info.ImageBase && !info.Relocatable)
        return STATUS_CONFLICTING_ADDRESSES;
    const IMAGE_NT_HEADERS64 *nt = LdrpNtHeaders(File, Size);
    ULONG pages = (info.SizeOfImage + 4095) / 4096;
    st = MmCreateFixedRegion(Vm, Base, info.SizeOfImage, MEM_IMAGE, TRUE);
    if (!NT_SUCCESS(st))
        return st;
    for (ULONG p = 0; NT_SUCCESS(st) && p < pages; p++)
        st = MmMapUserPage(Vm, Base + (ULONG_PTR)p * 4096, LdrpPageWritable(nt, p * 4096), NULL);
    if (NT_SUCCESS(st))
        st = LdrpCopyToImage(Vm, Base, 0, File, nt->OptionalHeader.SizeOfHeaders);
    const IMAGE_SECTION_HEADER *s = IMAGE_FIRST_SECTION(nt);
    for (USHORT i = 0; NT_SUCCESS(st) && i < nt->FileHeader.NumberOfSections; i++) {
        ULONG vsize = s[i].Misc.VirtualSize ? s[i].Misc.VirtualSize : s[i].SizeOfRawData;
        ULONG n = s[i].SizeOfRawData < vsize ? s[i].SizeOfRawData : vsize;
        if (n)
            st = LdrpCopyToImage(Vm, Base, s[i].VirtualAddress, File + s[i].PointerToRawData, n);
    }
    if (NT_SUCCESS(st) && Base != info.ImageBase) {
        st = LdrpRelocate(Vm, nt, Base, (LONG_PTR)(Base - info.ImageBase));
        if (NT_SUCCESS(st)) {
            /* the mapped headers say where the image is (as Windows' do) */
            ULONG_PTR hdr = Base + ((const IMAGE_DOS_HEADER *)File)->e_lfanew +
                            FIELD_OFFSET(IMAGE_NT_HEADERS64, OptionalHeader.ImageBase);
            PUCHAR alias = MmUserPageAlias(Vm, hdr); /* points at hdr itself */
            if (alias && (hdr & 0xfff) <= 4096 - 8)
                memcpy(alias, &Base, 8);
        }
    }
    if (!NT_SUCCESS(st))
        MmReleaseRegion(Vm, Base);
    return st;
}

/*
 * One page of the image as mapped at its preferred base: the headers, then
 * each section's raw data in table order (as LdrMapImage copies them),
 * the rest zero.  Page4k arrives zeroed.  Image sections share these
 * pages between views (mm/section.c).
 */
VOID LdrFillImagePage(const UCHAR *File, SIZE_T Size, ULONG Rva, PUCHAR Page4k)
{
    const IMAGE_NT_HEADERS64 *nt = LdrpNtHeaders(File, Size);
    if (!nt)
        return;
    ULONG64 start = Rva, end = (ULONG64)Rva + 4096;
    ULONG headers = nt->OptionalHeader.SizeOfHeaders;
    if (start < headers)
        memcpy(Page4k, File + start, (end < headers ? end : headers) - start);
    const IMAGE_SECTION_HEADER *s = IMAGE_FIRST_SECTION(nt);
    for (USHORT i = 0; i < nt->FileHeader.NumberOfSections; i++) {
        ULONG vsize = s[i].Misc.VirtualSize ? s[i].Misc.VirtualSize : s[i].SizeOfRawData;
        ULONG64 from = s[i].VirtualAddress;
        ULONG64 to = from + (s[i].SizeOfRawData < vsize ? s[i].SizeOfRawData : vsize);
        if (to <= start || from >= end)
            continue;
        ULONG64 a = from > start ? from : start, b = to < end ? to : end;
        memcpy(Page4k + (a - start), File + s[i].PointerToRawData + (a - from), b - a);
    }
}

/*
 * The protection of each of the image's Pages pages, as Windows gives the
 * pages of an image view: the headers read-only; a section's pages from
 * its characteristics — writable ones copy-on-write (PAGE_WRITECOPY,
 * PAGE_EXECUTE_WRITECOPY), code PAGE_EXECUTE_READ, the rest PAGE_READONLY.
 * A page two sections share gets both's rights.  The import address table
 * counts as writable: ntdll binds it in place (no NtProtectVirtualMemory
 * yet), where Windows' loader unprotects it for the binding.
 */
VOID LdrImagePageProtections(const UCHAR *File, SIZE_T Size, PUCHAR Protect, ULONG Pages)
{
    const IMAGE_NT_HEADERS64 *nt = LdrpNtHeaders(File, Size);
    enum { W = 1, X = 2 };
    for (ULONG p = 0; p < Pages; p++) {
        UCHAR rights = 0;
        if (nt) {
            rights = LdrpPageWritable(nt, p * 4096) ? W : 0;
            const IMAGE_SECTION_HEADER *s = IMAGE_FIRST_SECTION(nt);
            for (USHORT i = 0; i < nt->FileHeader.NumberOfSections; i++) {
                ULONG vsize = s[i].Misc.VirtualSize ? s[i].Misc.VirtualSize : s[i].SizeOfRawData;
                if ((s[i].Characteristics & IMAGE_SCN_MEM_EXECUTE) && (ULONG64)p * 4096 < (ULONG64)s[i].VirtualAddress + vsize &&
                    s[i].VirtualAddress < (ULONG64)p * 4096 + 4096)
                    rights |= X;
            }
        }
        Protect[p] = rights == (W | X) ? PAGE_EXECUTE_WRITECOPY
                     : rights == X     ? PAGE_EXECUTE_READ
                     : rights == W     ? PAGE_WRITECOPY
                                       : PAGE_READONLY;
    }
}

/* File offset of [Rva, Rva+Len), or -1 if it is not all inside one section's raw data. */
static SIZE_T LdrpRvaToOffset(const IMAGE_NT_HEADERS64 *nt, SIZE_T Size, ULONG Rva, SIZE_T Len)
{
    const IMAGE_SECTION_HEADER *s = IMAGE_FIRST_SECTION(nt);
    for (USHORT i = 0; i < nt->FileHeader.NumberOfSections; i++) {
        if (Rva >= s[i].VirtualAddress && (ULONG64)Rva + Len <= (ULONG64)s[i].VirtualAddress + s[i].SizeOfRawData) {
            SIZE_T off = s[i].PointerToRawData + (Rva - s[i].VirtualAddress);
            return off + Len <= Size ? off : (SIZE_T)-1;
        }
    }
    return (SIZE_T)-1;
}

ULONG_PTR LdrFindExport(const UCHAR *File, SIZE_T Size, const char *Name)
{
    const IMAGE_NT_HEADERS64 *nt = LdrpNtHeaders(File, Size);
    if (!nt || nt->OptionalHeader.NumberOfRvaAndSizes <= IMAGE_DIRECTORY_ENTRY_EXPORT)
        return 0;
    const IMAGE_DATA_DIRECTORY *dd = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    SIZE_T eo = LdrpRvaToOffset(nt, Size, dd->VirtualAddress, sizeof(IMAGE_EXPORT_DIRECTORY));
    if (!dd->VirtualAddress || eo == (SIZE_T)-1)
        return 0;
    const IMAGE_EXPORT_DIRECTORY *ed = (const void *)(File + eo);
    SIZE_T names = LdrpRvaToOffset(nt, Size, ed->AddressOfNames, (SIZE_T)ed->NumberOfNames * 4);
    SIZE_T ords = LdrpRvaToOffset(nt, Size, ed->AddressOfNameOrdinals, (SIZE_T)ed->NumberOfNames * 2);
    SIZE_T funcs = LdrpRvaToOffset(nt, Size, ed->AddressOfFunctions, (SIZE_T)ed->NumberOfFunctions * 4);
    if (names == (SIZE_T)-1 || ords == (SIZE_T)-1 || funcs == (SIZE_T)-1)
        return 0;
    SIZE_T len = strlen(Name);
    for (ULONG i = 0; i < ed->NumberOfNames; i++) {
        ULONG rva = ((const ULONG *)(File + names))[i];
        SIZE_T no = LdrpRvaToOffset(nt, Size, rva, len + 1);
        if (no == (SIZE_T)-1 || memcmp(File + no, Name, len + 1) != 0)
            continue;
        USHORT ord = ((const USHORT *)(File + ords))[i];
        if (ord >= ed->NumberOfFunctions)
            return 0;
        ULONG f = ((const ULONG *)(File + funcs))[ord];
        return f ? nt->OptionalHeader.ImageBase + f : 0;
    }
    return 0;
}
