/*
 * test_image.c — PE parsing (rtl/image.c) on a synthetic image built here:
 *
 *   file offset  0x000  DOS header, e_lfanew = 0x80
 *                0x080  NT headers (PE32+), 2 sections, 16 directories
 *                0x200  .text   raw 0x200 bytes  RVA 0x1000
 *                0x400  .rdata  raw 0x200 bytes  RVA 0x2000
 *                             export directory at RVA 0x2010, 0x28 bytes
 *   SizeOfImage 0x3000, SizeOfHeaders 0x200, file size 0x600
 *
 * then corrupted field by field, and finally fuzzed: random mutations must
 * never make the checked functions read or return memory outside the buffer
 * (ASan watches the reads).
 */
#include "harness.h"
#include "rtl_hooks.h"

#include <stdlib.h>
#include <string.h>

#define FILE_SIZE 0x600

static _Alignas(8) unsigned char image[FILE_SIZE];

static PIMAGE_NT_HEADERS nt_of(void *base) {
    return (PIMAGE_NT_HEADERS)((unsigned char *)base + 0x80);
}

static void build_image(void) {
    PIMAGE_DOS_HEADER dos = (PIMAGE_DOS_HEADER)image;
    PIMAGE_NT_HEADERS nt = nt_of(image);
    PIMAGE_SECTION_HEADER section;

    memset(image, 0, sizeof(image));
    dos->e_magic = IMAGE_DOS_SIGNATURE;
    dos->e_lfanew = 0x80;
    nt->Signature = IMAGE_NT_SIGNATURE;
    nt->FileHeader.Machine = IMAGE_FILE_MACHINE_AMD64;
    nt->FileHeader.NumberOfSections = 2;
    nt->FileHeader.SizeOfOptionalHeader = sizeof(IMAGE_OPTIONAL_HEADER64);
    nt->FileHeader.Characteristics = IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_DLL;
    nt->OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    nt->OptionalHeader.ImageBase = 0x180000000ull;
    nt->OptionalHeader.SectionAlignment = 0x1000;
    nt->OptionalHeader.FileAlignment = 0x200;
    nt->OptionalHeader.SizeOfImage = 0x3000;
    nt->OptionalHeader.SizeOfHeaders = 0x200;
    nt->OptionalHeader.Subsystem = IMAGE_SUBSYSTEM_NATIVE;
    nt->OptionalHeader.NumberOfRvaAndSizes = IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
    nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].VirtualAddress = 0x2010;
    nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].Size = 0x28;

    section = IMAGE_FIRST_SECTION(nt);
    memcpy(section[0].Name, ".text", 5);
    section[0].Misc.VirtualSize = 0x180;
    section[0].VirtualAddress = 0x1000;
    section[0].SizeOfRawData = 0x200;
    section[0].PointerToRawData = 0x200;
    section[0].Characteristics = IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ;
    memcpy(section[1].Name, ".rdata", 6);
    section[1].Misc.VirtualSize = 0x100;
    section[1].VirtualAddress = 0x2000;
    section[1].SizeOfRawData = 0x200;
    section[1].PointerToRawData = 0x400;
    section[1].Characteristics = IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ;
    image[0x410] = 0xAB; /* first byte of the export directory in the file */
}

static void test_nt_header(void) {
    PIMAGE_NT_HEADERS nt;

    build_image();
    CHECK(IMAGE_FIRST_SECTION(nt_of(image)) == (PIMAGE_SECTION_HEADER)(image + 0x80 + 264));
    CHECK(RtlImageNtHeader(image) == nt_of(image));
    CHECK(RtlImageNtHeader(NULL) == NULL);
    CHECK_EQ(RtlImageNtHeaderEx(0, image, FILE_SIZE, &nt), STATUS_SUCCESS);
    CHECK(nt == nt_of(image));
    CHECK_EQ(RtlImageNtHeaderEx(0, image, 0x80, &nt), STATUS_INVALID_IMAGE_FORMAT);
    CHECK(nt == NULL);
    CHECK_EQ(RtlImageNtHeaderEx(0, image, 0x80 + 24, &nt), STATUS_SUCCESS);
    CHECK_EQ(RtlImageNtHeaderEx(0, image, 0x80 + 23, &nt), STATUS_INVALID_IMAGE_FORMAT);
    CHECK_EQ(RtlImageNtHeaderEx(0, image, 10, &nt), STATUS_INVALID_IMAGE_FORMAT);
    CHECK_EQ(RtlImageNtHeaderEx(2, image, FILE_SIZE, &nt), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlImageNtHeaderEx(0, NULL, FILE_SIZE, &nt), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlImageNtHeaderEx(0, image, FILE_SIZE, NULL), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlImageNtHeaderEx(RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK, image, 0, &nt),
             STATUS_SUCCESS);

    image[0] = 'X';
    CHECK(RtlImageNtHeader(image) == NULL);
    build_image();
    nt_of(image)->Signature = 0x4550; /* "PE" without the NULs is fine... */
    CHECK(RtlImageNtHeader(image) != NULL);
    nt_of(image)->Signature = 0x00004551;
    CHECK(RtlImageNtHeader(image) == NULL);
    build_image();
    ((PIMAGE_DOS_HEADER)image)->e_lfanew = 0x10000000; /* 256 MB: rejected unchecked too */
    CHECK(RtlImageNtHeader(image) == NULL);
}

static void test_rva_and_directories(void) {
    PIMAGE_NT_HEADERS nt;
    PIMAGE_SECTION_HEADER last = NULL;
    ULONG size = 0;

    build_image();
    nt = nt_of(image);
    CHECK(RtlImageRvaToSection(nt, image, 0x2010) == IMAGE_FIRST_SECTION(nt) + 1);
    CHECK(RtlImageRvaToSection(nt, image, 0x1000) == IMAGE_FIRST_SECTION(nt));
    CHECK(RtlImageRvaToSection(nt, image, 0x2200) == NULL);
    CHECK(RtlImageRvaToSection(nt, image, 0x500) == NULL);
    CHECK(RtlImageRvaToVa(nt, image, 0x2010, &last) == image + 0x410);
    CHECK(last == IMAGE_FIRST_SECTION(nt) + 1);
    CHECK(RtlImageRvaToVa(nt, image, 0x2020, &last) == image + 0x420);
    CHECK(RtlImageRvaToVa(nt, image, 0x1004, &last) == image + 0x204);
    CHECK(last == IMAGE_FIRST_SECTION(nt));
    CHECK(RtlImageRvaToVa(nt, image, 0x3000, NULL) == NULL);

    CHECK(RtlImageDirectoryEntryToData(image, FALSE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size) ==
          image + 0x410);
    CHECK_EQ(size, 0x28);
    CHECK((ULONG_PTR)RtlImageDirectoryEntryToData(image, TRUE, IMAGE_DIRECTORY_ENTRY_EXPORT,
                                                  &size) == (ULONG_PTR)image + 0x2010);
    /* a data-file handle (low bit set) is read as a file whatever MappedAsImage says */
    CHECK(RtlImageDirectoryEntryToData(image + 1, TRUE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size) ==
          image + 0x410);
    CHECK(RtlImageDirectoryEntryToData(image, FALSE, IMAGE_DIRECTORY_ENTRY_IMPORT, &size) == NULL);
    CHECK(RtlImageDirectoryEntryToData(image, FALSE, 16, &size) == NULL);
    nt->OptionalHeader.NumberOfRvaAndSizes = 0;
    CHECK(RtlImageDirectoryEntryToData(image, FALSE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size) == NULL);
}

/* The same layout with a PE32 optional header (224 bytes, 32-bit ImageBase). */
static void test_pe32(void) {
    PIMAGE_NT_HEADERS32 nt32 = (PIMAGE_NT_HEADERS32)(image + 0x80);
    PIMAGE_NT_HEADERS checked;
    PIMAGE_SECTION_HEADER sections;
    ULONG size = 0;

    memset(image, 0, sizeof(image));
    ((PIMAGE_DOS_HEADER)image)->e_magic = IMAGE_DOS_SIGNATURE;
    ((PIMAGE_DOS_HEADER)image)->e_lfanew = 0x80;
    nt32->Signature = IMAGE_NT_SIGNATURE;
    nt32->FileHeader.Machine = IMAGE_FILE_MACHINE_I386;
    nt32->FileHeader.NumberOfSections = 1;
    nt32->FileHeader.SizeOfOptionalHeader = sizeof(IMAGE_OPTIONAL_HEADER32);
    nt32->OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR32_MAGIC;
    nt32->OptionalHeader.SectionAlignment = 0x1000;
    nt32->OptionalHeader.FileAlignment = 0x200;
    nt32->OptionalHeader.SizeOfImage = 0x2000;
    nt32->OptionalHeader.SizeOfHeaders = 0x200;
    nt32->OptionalHeader.NumberOfRvaAndSizes = 16;
    nt32->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT].VirtualAddress = 0x1008;
    nt32->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT].Size = 0x14;
    sections = (PIMAGE_SECTION_HEADER)((unsigned char *)&nt32->OptionalHeader +
                                       sizeof(IMAGE_OPTIONAL_HEADER32));
    CHECK(sections == IMAGE_FIRST_SECTION((PIMAGE_NT_HEADERS)nt32));
    sections[0].VirtualAddress = 0x1000;
    sections[0].Misc.VirtualSize = 0x200;
    sections[0].SizeOfRawData = 0x200;
    sections[0].PointerToRawData = 0x200;

    CHECK(RtlImageDirectoryEntryToData(image, FALSE, IMAGE_DIRECTORY_ENTRY_IMPORT, &size) ==
          image + 0x208);
    CHECK_EQ(size, 0x14);
    CHECK_EQ(RtlpImageValidateHeaders(image, FILE_SIZE, &checked), STATUS_SUCCESS);
}

static NTSTATUS validate(void) {
    PIMAGE_NT_HEADERS nt;

    return RtlpImageValidateHeaders(image, FILE_SIZE, &nt);
}

static void test_validation(void) {
    PIMAGE_NT_HEADERS nt;

    build_image();
    CHECK_EQ(validate(), STATUS_SUCCESS);
    CHECK_EQ(RtlpImageValidateHeaders(image, 0x200, &nt), STATUS_SUCCESS);
    CHECK_EQ(RtlpImageValidateHeaders(image, 0x80 + 264 + 79, &nt), STATUS_INVALID_IMAGE_FORMAT);
    CHECK_EQ(RtlpImageValidateHeaders(image + 1, FILE_SIZE - 1, &nt), STATUS_INVALID_IMAGE_FORMAT);

#define CORRUPT(statement)                                                                         \
    do {                                                                                           \
        build_image();                                                                             \
        nt = nt_of(image);                                                                         \
        statement;                                                                                 \
        CHECK_EQ(validate(), STATUS_INVALID_IMAGE_FORMAT);                                         \
    } while (0)
    CORRUPT(((PIMAGE_DOS_HEADER)image)->e_lfanew = FILE_SIZE);
    CORRUPT(((PIMAGE_DOS_HEADER)image)->e_lfanew = -4);
    CORRUPT(((PIMAGE_DOS_HEADER)image)->e_lfanew = 0x82); /* misaligned */
    CORRUPT(((PIMAGE_DOS_HEADER)image)->e_lfanew = 0x84);
    CORRUPT(nt->OptionalHeader.Magic = 0x107);
    CORRUPT(nt->FileHeader.SizeOfOptionalHeader = 100);
    CORRUPT(nt->FileHeader.SizeOfOptionalHeader = 0xFFFF);
    CORRUPT(nt->FileHeader.SizeOfOptionalHeader = 242); /* misaligned section table */
    CORRUPT(nt->OptionalHeader.NumberOfRvaAndSizes = 17);
    CORRUPT(nt->FileHeader.SizeOfOptionalHeader = 112 + 8 * 4;
            nt->OptionalHeader.NumberOfRvaAndSizes = 5);
    CORRUPT(nt->FileHeader.NumberOfSections = 200);
    CORRUPT(nt->FileHeader.NumberOfSections = 40); /* table runs past the buffer */
    CORRUPT(nt->OptionalHeader.SectionAlignment = 0x1001);
    CORRUPT(nt->OptionalHeader.FileAlignment = 0);
    CORRUPT(nt->OptionalHeader.SizeOfHeaders = 0x4000);
    CORRUPT(IMAGE_FIRST_SECTION(nt)[1].VirtualAddress = 0x2F80);
    CORRUPT(IMAGE_FIRST_SECTION(nt)[1].PointerToRawData = 0xFFFFFF00);
#undef CORRUPT
    /* fewer directories, with a matching header size, is valid */
    build_image();
    nt = nt_of(image);
    nt->FileHeader.SizeOfOptionalHeader = 112 + 8 * 4;
    nt->OptionalHeader.NumberOfRvaAndSizes = 4;
    nt->FileHeader.NumberOfSections = 0;
    CHECK_EQ(validate(), STATUS_SUCCESS);
}

static void test_checked_access(void) {
    PVOID p = NULL;
    ULONG size = 0;

    build_image();
    CHECK_EQ(RtlpImageRvaToPointer(image, FILE_SIZE, FALSE, 0x2010, 0x28, &p), STATUS_SUCCESS);
    CHECK(p == image + 0x410);
    CHECK_EQ(RtlpImageRvaToPointer(image, FILE_SIZE, FALSE, 0x10, 0x20, &p), STATUS_SUCCESS);
    CHECK(p == image + 0x10); /* headers map to themselves */
    CHECK_EQ(RtlpImageRvaToPointer(image, FILE_SIZE, FALSE, 0x21F0, 0x20, &p),
             STATUS_INVALID_IMAGE_FORMAT); /* crosses the end of .rdata's raw data */
    CHECK(p == NULL);
    CHECK_EQ(RtlpImageRvaToPointer(image, FILE_SIZE, FALSE, 0x1800, 4, &p),
             STATUS_INVALID_IMAGE_FORMAT); /* in no section */
    CHECK_EQ(RtlpImageRvaToPointer(image, FILE_SIZE, TRUE, 0x5F0, 0x10, &p), STATUS_SUCCESS);
    CHECK_EQ(RtlpImageRvaToPointer(image, FILE_SIZE, TRUE, 0x5F0, 0x11, &p),
             STATUS_INVALID_IMAGE_FORMAT);
    CHECK_EQ(RtlpImageRvaToPointer(image, FILE_SIZE, TRUE, 0xFFFFFFF0, 0x20, &p),
             STATUS_INVALID_IMAGE_FORMAT);

    CHECK_EQ(RtlpImageDirectoryEntryToDataChecked(image, FILE_SIZE, FALSE,
                                                  IMAGE_DIRECTORY_ENTRY_EXPORT, &p, &size),
             STATUS_SUCCESS);
    CHECK(p == image + 0x410 && size == 0x28 && *(unsigned char *)p == 0xAB);
    CHECK_EQ(RtlpImageDirectoryEntryToDataChecked(image, FILE_SIZE, FALSE,
                                                  IMAGE_DIRECTORY_ENTRY_IMPORT, &p, &size),
             STATUS_NOT_FOUND);
    CHECK_EQ(RtlpImageDirectoryEntryToDataChecked(image, FILE_SIZE, FALSE, 20, &p, &size),
             STATUS_NOT_FOUND);
    nt_of(image)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].Size = 0x1F1;
    CHECK_EQ(RtlpImageDirectoryEntryToDataChecked(image, FILE_SIZE, FALSE,
                                                  IMAGE_DIRECTORY_ENTRY_EXPORT, &p, &size),
             STATUS_INVALID_IMAGE_FORMAT);
    CHECK(p == NULL && size == 0);
    /* raw data that the section table places beyond the end of the file */
    build_image();
    IMAGE_FIRST_SECTION(nt_of(image))[1].PointerToRawData = 0x500;
    CHECK_EQ(RtlpImageRvaToPointer(image, FILE_SIZE, FALSE, 0x2180, 0x10, &p),
             STATUS_INVALID_IMAGE_FORMAT);
}

static unsigned long long rng_state = 0xD1B54A32D192ED03ull;

static unsigned rnd(unsigned limit) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % limit);
}

/* Random corruption of the header area: every pointer handed out stays inside. */
static void test_fuzz(void) {
    int escaped = 0, accepted = 0;

    for (int round = 0; round < 20000; round++) {
        SIZE_T size = rnd(8) == 0 ? rnd(FILE_SIZE) : FILE_SIZE;
        unsigned char *copy;
        PVOID p;
        ULONG dir_size;

        build_image();
        for (int n = 1 + rnd(6); n > 0; n--)
            image[0x80 + rnd(0x200)] = (unsigned char)rnd(256);
        if (rnd(4) == 0)
            image[0x3C + rnd(4)] = (unsigned char)rnd(256);
        /* A heap copy of exactly `size` bytes, so ASan sees every overread. */
        copy = malloc(size ? size : 1);
        memcpy(copy, image, size);
        for (USHORT entry = 0; entry < 17; entry++) {
            if (NT_SUCCESS(RtlpImageDirectoryEntryToDataChecked(copy, size, rnd(2), entry, &p,
                                                                &dir_size))) {
                accepted++;
                escaped += (unsigned char *)p < copy || (unsigned char *)p + dir_size > copy + size;
            }
        }
        if (NT_SUCCESS(RtlpImageRvaToPointer(copy, size, FALSE, rnd(0x3000), rnd(0x100), &p)))
            escaped += (unsigned char *)p < copy || (unsigned char *)p >= copy + size;
        free(copy);
    }
    CHECK_EQ(escaped, 0);
    CHECK(accepted > 0);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_nt_header),  HARNESS_TEST(test_rva_and_directories), HARNESS_TEST(test_pe32),
    HARNESS_TEST(test_validation), HARNESS_TEST(test_checked_access),      HARNESS_TEST(test_fuzz),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
