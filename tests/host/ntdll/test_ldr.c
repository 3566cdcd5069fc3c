/*
 * test_ldr.c — host tests of ntdll/ldr.c: export lookup, forwarders,
 * import binding and base relocations on PE images built in memory
 * (image_builder.c).  The TLS tests are in test_tls.c; main() runs both.
 */
#include "harness.h"
#include "image_builder.h"
#include "ldrp.h"
#include "ntdll_mock.h"

#include <stdio.h>
#include <string.h>

/* ---- A small world of images for the resolver ----------------------------------- */

#define MAX_DLLS 4

static struct {
    const char *name; /* base name without ".dll" */
    struct image *img;
} world[MAX_DLLS];
static int world_count;
static int resolve_calls;
static char last_resolved[64];

static void world_reset(void) {
    world_count = 0;
    resolve_calls = 0;
    last_resolved[0] = 0;
}

static void world_add(const char *name, struct image *img) {
    world[world_count].name = name;
    world[world_count].img = img;
    world_count++;
}

/* Matches "x", "X.DLL", "x.dll" against "x". */
static NTSTATUS test_resolve(PVOID context, PCSTR dll, SIZE_T length, PVOID *base) {
    (void)context;
    resolve_calls++;
    snprintf(last_resolved, sizeof(last_resolved), "%.*s", (int)length, dll);
    for (int i = 0; i < world_count; i++) {
        size_t n = strlen(world[i].name);

        if (length >= n && LdrpEqualAsciiNoCase(dll, n, world[i].name, n) &&
            (length == n || LdrpEqualAsciiNoCase(dll + n, length - n, ".dll", 4))) {
            *base = world[i].img->base;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_DLL_NOT_FOUND;
}

/* ---- A DLL with every kind of export ------------------------------------------------ */

/*
 * lib.dll, ordinal base 10:
 *   10 (NONAME)  code at 0x1010
 *   11 Alpha     0x1100       12 Beta     0x1200     13 (hole)
 *   14 Gamma     0x1400       15 Forward  -> "other.Target"
 *   16 ByOrd     -> "other.#7"  17 Loop   -> "lib.Loop"
 */
static void build_lib(struct image *lib) {
    static const struct img_export exports[] = {
        {NULL, 10, 0x1010, NULL},           {"Alpha", 11, 0x1100, NULL},
        {"Beta", 12, 0x1200, NULL},         {"Gamma", 14, 0x1400, NULL},
        {"Forward", 15, 0, "other.Target"}, {"ByOrd", 16, 0, "other.#7"},
        {"Loop", 17, 0, "lib.Loop"},
    };

    img_init(lib, 0x3000, 0x180000000ull);
    img_exports(lib, "lib.dll", 10, exports, 7);
}

/* other.dll: Target at 0x1800 (ordinal 1), ordinal 7 at 0x1700 (NONAME). */
static void build_other(struct image *other) {
    static const struct img_export exports[] = {
        {"Target", 1, 0x1800, NULL},
        {NULL, 7, 0x1700, NULL},
    };

    img_init(other, 0x2000, 0x190000000ull);
    img_exports(other, "other.dll", 1, exports, 2);
}

static void test_headers(void) {
    struct image img;

    img_init(&img, 0x2000, 0x10000000);
    CHECK(LdrpImageHeaders(img.base) == img_nt(&img));
    img_nt(&img)->OptionalHeader.Magic = 0x10b; /* PE32: not ours */
    CHECK(LdrpImageHeaders(img.base) == NULL);
    img_nt(&img)->OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    img_nt(&img)->Signature = 0;
    CHECK(LdrpImageHeaders(img.base) == NULL);
    img_nt(&img)->Signature = IMAGE_NT_SIGNATURE;
    ((IMAGE_DOS_HEADER *)img.base)->e_magic = 0;
    CHECK(LdrpImageHeaders(img.base) == NULL);
    CHECK(LdrpImageHeaders(NULL) == NULL);
    img_free(&img);
}

static void test_export_by_name(void) {
    struct image lib;
    LDRP_EXPORT e;

    build_lib(&lib);
    CHECK_EQ(LdrpFindExport(lib.base, "Alpha", 5, 0, 0, &e), STATUS_SUCCESS);
    CHECK(e.Address == lib.base + 0x1100 && e.Forwarder == NULL);
    CHECK_EQ(LdrpFindExport(lib.base, "Gamma", 5, 0, 0, &e), STATUS_SUCCESS);
    CHECK(e.Address == lib.base + 0x1400);
    /* A counted name needs no NUL: "BetaXYZ" with length 4 is "Beta". */
    CHECK_EQ(LdrpFindExport(lib.base, "BetaXYZ", 4, 0, 0, &e), STATUS_SUCCESS);
    CHECK(e.Address == lib.base + 0x1200);
    /* Prefixes and extensions of a name are other names. */
    CHECK_EQ(LdrpFindExport(lib.base, "Alph", 4, 0, 0, &e), STATUS_PROCEDURE_NOT_FOUND);
    CHECK_EQ(LdrpFindExport(lib.base, "Alphas", 6, 0, 0, &e), STATUS_PROCEDURE_NOT_FOUND);
    CHECK_EQ(LdrpFindExport(lib.base, "alpha", 5, 0, 0, &e), STATUS_PROCEDURE_NOT_FOUND);
    CHECK_EQ(LdrpFindExport(lib.base, "", 0, 0, 0, &e), STATUS_PROCEDURE_NOT_FOUND);
    CHECK(e.Address == NULL && e.Forwarder == NULL);
    img_free(&lib);
}

static void test_export_hint(void) {
    struct image lib;
    LDRP_EXPORT e;

    build_lib(&lib);
    /* Sorted names: Alpha Beta ByOrd Forward Gamma Loop: Gamma is index 4. */
    CHECK_EQ(LdrpFindExport(lib.base, "Gamma", 5, 4, 0, &e), STATUS_SUCCESS);
    CHECK(e.Address == lib.base + 0x1400);
    /* A wrong hint (and one past the table) falls back to the search. */
    CHECK_EQ(LdrpFindExport(lib.base, "Gamma", 5, 1, 0, &e), STATUS_SUCCESS);
    CHECK(e.Address == lib.base + 0x1400);
    CHECK_EQ(LdrpFindExport(lib.base, "Gamma", 5, 999, 0, &e), STATUS_SUCCESS);
    CHECK(e.Address == lib.base + 0x1400);
    img_free(&lib);
}

static void test_export_by_ordinal(void) {
    struct image lib;
    LDRP_EXPORT e;

    build_lib(&lib);
    CHECK_EQ(LdrpFindExport(lib.base, NULL, 0, 0, 10, &e), STATUS_SUCCESS);
    CHECK(e.Address == lib.base + 0x1010);
    CHECK_EQ(LdrpFindExport(lib.base, NULL, 0, 0, 12, &e), STATUS_SUCCESS);
    CHECK(e.Address == lib.base + 0x1200);
    CHECK_EQ(LdrpFindExport(lib.base, NULL, 0, 0, 13, &e), STATUS_ORDINAL_NOT_FOUND); /* hole */
    CHECK_EQ(LdrpFindExport(lib.base, NULL, 0, 0, 9, &e), STATUS_ORDINAL_NOT_FOUND);  /* < base */
    CHECK_EQ(LdrpFindExport(lib.base, NULL, 0, 0, 18, &e), STATUS_ORDINAL_NOT_FOUND); /* > last */
    CHECK_EQ(LdrpFindExport(lib.base, NULL, 0, 0, 0, &e), STATUS_ORDINAL_NOT_FOUND);
    img_free(&lib);
}

static void test_export_forwarder_string(void) {
    struct image lib;
    LDRP_EXPORT e;

    build_lib(&lib);
    CHECK_EQ(LdrpFindExport(lib.base, "Forward", 7, 0, 0, &e), STATUS_SUCCESS);
    CHECK(e.Address == NULL);
    CHECK_STR(e.Forwarder, "other.Target");
    CHECK_EQ(LdrpFindExport(lib.base, NULL, 0, 0, 16, &e), STATUS_SUCCESS);
    CHECK_STR(e.Forwarder, "other.#7");
    img_free(&lib);
}

static void test_export_no_directory_and_bad_tables(void) {
    struct image img;
    IMAGE_EXPORT_DIRECTORY *dir;
    LDRP_EXPORT e;

    img_init(&img, 0x2000, 0x10000000);
    CHECK_EQ(LdrpFindExport(img.base, "Alpha", 5, 0, 0, &e), STATUS_PROCEDURE_NOT_FOUND);
    CHECK_EQ(LdrpFindExport(img.base, NULL, 0, 0, 1, &e), STATUS_ORDINAL_NOT_FOUND);
    img_free(&img);

    build_lib(&img);
    dir = img_ptr(&img, img_nt(&img)->OptionalHeader.DataDirectory[0].VirtualAddress);
    dir->AddressOfNames = img.size - 4; /* 6 names, 24 bytes: runs off the image */
    CHECK_EQ(LdrpFindExport(img.base, "Alpha", 5, 0, 0, &e), STATUS_INVALID_IMAGE_FORMAT);
    img_free(&img);

    build_lib(&img);
    dir = img_ptr(&img, img_nt(&img)->OptionalHeader.DataDirectory[0].VirtualAddress);
    ((uint32_t *)img_ptr(&img, dir->AddressOfFunctions))[1] = img.size + 0x100; /* Alpha */
    CHECK_EQ(LdrpFindExport(img.base, "Alpha", 5, 0, 0, &e), STATUS_INVALID_IMAGE_FORMAT);
    img_free(&img);

    build_lib(&img);
    /* The directory claims to reach past the image: ignored, as absent. */
    img_nt(&img)->OptionalHeader.DataDirectory[0].Size = img.size;
    CHECK_EQ(LdrpFindExport(img.base, "Alpha", 5, 0, 0, &e), STATUS_PROCEDURE_NOT_FOUND);
    img_free(&img);
}

static void test_parse_forwarder(void) {
    PCSTR dll, name;
    SIZE_T dll_len, name_len;
    ULONG ordinal;

    CHECK_EQ(LdrpParseForwarder("ntdll.RtlUpcaseUnicodeChar", &dll, &dll_len, &name, &name_len,
                                &ordinal),
             STATUS_SUCCESS);
    CHECK_EQ(dll_len, 5);
    CHECK(strncmp(dll, "ntdll", 5) == 0);
    CHECK_EQ(name_len, 20);
    CHECK(strncmp(name, "RtlUpcaseUnicodeChar", 20) == 0);
    CHECK_EQ(LdrpParseForwarder("sample.#10", &dll, &dll_len, &name, &name_len, &ordinal),
             STATUS_SUCCESS);
    CHECK(name == NULL);
    CHECK_EQ(ordinal, 10);
    CHECK_EQ(dll_len, 6);
    /* The last dot separates: "api.set.Name" is DLL "api.set". */
    CHECK_EQ(LdrpParseForwarder("api.set.Name", &dll, &dll_len, &name, &name_len, &ordinal),
             STATUS_SUCCESS);
    CHECK_EQ(dll_len, 7);
    CHECK_EQ(name_len, 4);
    const char *bad[] = {"nodot", ".Name", "dll.", "dll.#", "dll.#12a", "dll.#70000", "dll.#-1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK_EQ(LdrpParseForwarder(bad[i], &dll, &dll_len, &name, &name_len, &ordinal),
                 STATUS_INVALID_IMAGE_FORMAT);
}

static void test_resolve_forwarders(void) {
    struct image lib, other;
    LDRP_SNAP_FAILURE failure;
    PVOID address = NULL;

    build_lib(&lib);
    build_other(&other);
    world_reset();
    world_add("lib", &lib);
    world_add("other", &other);
    CHECK_EQ(
        LdrpResolveExport(lib.base, "Forward", 7, 0, 0, test_resolve, NULL, &address, &failure),
        STATUS_SUCCESS);
    CHECK(address == other.base + 0x1800);
    CHECK_STR(last_resolved, "other");
    CHECK_EQ(LdrpResolveExport(lib.base, "ByOrd", 5, 0, 0, test_resolve, NULL, &address, &failure),
             STATUS_SUCCESS);
    CHECK(address == other.base + 0x1700);
    /* A plain export does not call the resolver. */
    resolve_calls = 0;
    CHECK_EQ(LdrpResolveExport(lib.base, "Beta", 4, 0, 0, test_resolve, NULL, &address, &failure),
             STATUS_SUCCESS);
    CHECK_EQ(resolve_calls, 0);
    /* A forwarder loop ends after LDRP_MAX_FORWARDS hops. */
    resolve_calls = 0;
    CHECK_EQ(LdrpResolveExport(lib.base, "Loop", 4, 0, 0, test_resolve, NULL, &address, &failure),
             STATUS_INVALID_IMAGE_FORMAT);
    CHECK_EQ(resolve_calls, LDRP_MAX_FORWARDS + 1);
    /* The forwarder's DLL is missing: the resolver's status and its name. */
    world_count = 1;
    CHECK_EQ(
        LdrpResolveExport(lib.base, "Forward", 7, 0, 0, test_resolve, NULL, &address, &failure),
        STATUS_DLL_NOT_FOUND);
    CHECK(failure.DllNameLength == 5 && strncmp(failure.DllName, "other", 5) == 0);
    /* A missing name reports the DLL (from its export directory) and the name. */
    CHECK_EQ(LdrpResolveExport(lib.base, "Delta", 5, 0, 0, test_resolve, NULL, &address, &failure),
             STATUS_PROCEDURE_NOT_FOUND);
    CHECK(failure.DllNameLength == 7 && strncmp(failure.DllName, "lib.dll", 7) == 0);
    CHECK(failure.ProcedureNameLength == 5 && strncmp(failure.ProcedureName, "Delta", 5) == 0);
    img_free(&lib);
    img_free(&other);
}

/* ---- Import binding ------------------------------------------------------------------- */

static void test_snap_imports(void) {
    static const struct img_import from_lib[] = {
        {"Alpha", 0, 0},   /* hint 0 points at Alpha: right */
        {"Gamma", 1, 0},   /* wrong hint */
        {NULL, 0, 10},     /* by ordinal (NONAME) */
        {"Forward", 3, 0}, /* forwarded to other.Target */
        {NULL, 0, 16},     /* by ordinal, forwarded to other.#7 */
    };
    static const struct img_import from_other[] = {{"Target", 0, 0}};
    struct img_import_dll dlls[] = {{"LIB.DLL", from_lib, 5, 0, 0}, {"other", from_other, 1, 1, 0}};
    struct image app, lib, other;
    LDRP_SNAP_FAILURE failure;
    uint64_t *iat;

    build_lib(&lib);
    build_other(&other);
    img_init(&app, 0x3000, 0x140000000ull);
    img_imports(&app, dlls, 2);
    world_reset();
    world_add("lib", &lib);
    world_add("other", &other);
    CHECK_EQ(LdrpSnapImports(app.base, test_resolve, NULL, &failure), STATUS_SUCCESS);
    iat = img_ptr(&app, dlls[0].iat_rva);
    CHECK_EQ(iat[0], (uint64_t)(uintptr_t)(lib.base + 0x1100));
    CHECK_EQ(iat[1], (uint64_t)(uintptr_t)(lib.base + 0x1400));
    CHECK_EQ(iat[2], (uint64_t)(uintptr_t)(lib.base + 0x1010));
    CHECK_EQ(iat[3], (uint64_t)(uintptr_t)(other.base + 0x1800));
    CHECK_EQ(iat[4], (uint64_t)(uintptr_t)(other.base + 0x1700));
    CHECK_EQ(iat[5], 0);
    /* No lookup table: the IAT itself was read, then overwritten. */
    iat = img_ptr(&app, dlls[1].iat_rva);
    CHECK_EQ(iat[0], (uint64_t)(uintptr_t)(other.base + 0x1800));
    img_free(&app);
    img_free(&lib);
    img_free(&other);
}

static void test_snap_failures(void) {
    static const struct img_import missing_name[] = {{"Alpha", 0, 0}, {"Omega", 0, 0}};
    static const struct img_import missing_ordinal[] = {{NULL, 0, 13}};
    struct img_import_dll by_name[] = {{"lib.dll", missing_name, 2, 0, 0}};
    struct img_import_dll by_ordinal[] = {{"lib.dll", missing_ordinal, 1, 0, 0}};
    struct img_import_dll no_dll[] = {{"absent.dll", missing_name, 2, 0, 0}};
    struct image app, lib;
    LDRP_SNAP_FAILURE failure;

    build_lib(&lib);
    world_reset();
    world_add("lib", &lib);

    img_init(&app, 0x2000, 0x140000000ull);
    img_imports(&app, by_name, 1);
    CHECK_EQ(LdrpSnapImports(app.base, test_resolve, NULL, &failure), STATUS_PROCEDURE_NOT_FOUND);
    CHECK(failure.ProcedureNameLength == 5 && strncmp(failure.ProcedureName, "Omega", 5) == 0);
    img_free(&app);

    img_init(&app, 0x2000, 0x140000000ull);
    img_imports(&app, by_ordinal, 1);
    CHECK_EQ(LdrpSnapImports(app.base, test_resolve, NULL, &failure), STATUS_ORDINAL_NOT_FOUND);
    CHECK(failure.ProcedureName == NULL);
    CHECK_EQ(failure.Ordinal, 13);
    img_free(&app);

    img_init(&app, 0x2000, 0x140000000ull);
    img_imports(&app, no_dll, 1);
    CHECK_EQ(LdrpSnapImports(app.base, test_resolve, NULL, &failure), STATUS_DLL_NOT_FOUND);
    CHECK(failure.DllNameLength == 10 && strncmp(failure.DllName, "absent.dll", 10) == 0);
    img_free(&app);

    /* A descriptor naming a DLL outside the image. */
    img_init(&app, 0x2000, 0x140000000ull);
    img_imports(&app, by_name, 1);
    ((IMAGE_IMPORT_DESCRIPTOR *)img_ptr(
         &app,
         img_nt(&app)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT].VirtualAddress))
        ->Name = 0x7fff0000;
    CHECK_EQ(LdrpSnapImports(app.base, test_resolve, NULL, &failure), STATUS_INVALID_IMAGE_FORMAT);
    img_free(&app);

    /* No import directory: nothing to do. */
    img_init(&app, 0x2000, 0x140000000ull);
    resolve_calls = 0;
    CHECK_EQ(LdrpSnapImports(app.base, test_resolve, NULL, NULL), STATUS_SUCCESS);
    CHECK_EQ(resolve_calls, 0);
    img_free(&app);
    img_free(&lib);
}

/* ---- Relocations ----------------------------------------------------------------------- */

#define REL(type, offset) ((uint16_t)(((type) << 12) | (offset)))

static void test_relocations(void) {
    static const uint16_t page1[] = {REL(IMAGE_REL_BASED_DIR64, 0x000),
                                     REL(IMAGE_REL_BASED_HIGHLOW, 0x010),
                                     REL(IMAGE_REL_BASED_DIR64, 0x023), /* unaligned */
                                     REL(IMAGE_REL_BASED_ABSOLUTE, 0)};
    static const uint16_t page2[] = {REL(IMAGE_REL_BASED_HIGH, 0x100),
                                     REL(IMAGE_REL_BASED_LOW, 0x102),
                                     REL(IMAGE_REL_BASED_DIR64, 0xff8)};
    const int64_t delta = 0x123450000ll - 0x10000000ll + 0x4321;
    struct image img;
    uint64_t v;

    img_init(&img, 0x4000, 0x10000000);
    img_relocs_begin(&img, 0x100);
    img_reloc_block(&img, 0x1000, page1, 4);
    img_reloc_block(&img, 0x2000, page2, 3);
    *(uint64_t *)img_ptr(&img, 0x1000) = 0x10001234;
    *(uint32_t *)img_ptr(&img, 0x1010) = 0x10005678;
    memcpy(img_ptr(&img, 0x1023), &(uint64_t){0x10002000}, 8);
    *(uint16_t *)img_ptr(&img, 0x2100) = 0x1000;
    *(uint16_t *)img_ptr(&img, 0x2102) = 0x0010;
    *(uint64_t *)img_ptr(&img, 0x2ff8) = 0x10003000;
    *(uint64_t *)img_ptr(&img, 0x1008) = 0xdead; /* not listed: unchanged */

    CHECK_EQ(LdrpRelocateImage(img.base, delta), STATUS_SUCCESS);
    CHECK_EQ(*(uint64_t *)img_ptr(&img, 0x1000), 0x10001234 + delta);
    CHECK_EQ(*(uint32_t *)img_ptr(&img, 0x1010), (uint32_t)(0x10005678 + delta));
    memcpy(&v, img_ptr(&img, 0x1023), 8);
    CHECK_EQ(v, 0x10002000 + delta);
    CHECK_EQ(*(uint16_t *)img_ptr(&img, 0x2100), (uint16_t)(0x1000 + ((uint64_t)delta >> 16)));
    CHECK_EQ(*(uint16_t *)img_ptr(&img, 0x2102), (uint16_t)(0x0010 + (uint16_t)delta));
    CHECK_EQ(*(uint64_t *)img_ptr(&img, 0x2ff8), 0x10003000 + delta);
    CHECK_EQ(*(uint64_t *)img_ptr(&img, 0x1008), 0xdead);
    CHECK_EQ(img_nt(&img)->OptionalHeader.ImageBase, 0x10000000 + delta);
    /* And back. */
    CHECK_EQ(LdrpRelocateImage(img.base, -delta), STATUS_SUCCESS);
    CHECK_EQ(*(uint64_t *)img_ptr(&img, 0x1000), 0x10001234);
    CHECK_EQ(img_nt(&img)->OptionalHeader.ImageBase, 0x10000000);
    /* A zero delta touches nothing. */
    CHECK_EQ(LdrpRelocateImage(img.base, 0), STATUS_SUCCESS);
    CHECK_EQ(*(uint64_t *)img_ptr(&img, 0x1000), 0x10001234);
    img_free(&img);
}

static void test_relocations_refused(void) {
    static const uint16_t good[] = {REL(IMAGE_REL_BASED_DIR64, 0x000)};
    static const uint16_t unknown[] = {REL(IMAGE_REL_BASED_DIR64, 0x008), REL(5, 0x010)};
    static const uint16_t outside[] = {REL(IMAGE_REL_BASED_DIR64, 0xffc)};
    struct image img;

    /* An unknown type in the second block: the first is not applied either. */
    img_init(&img, 0x3000, 0x10000000);
    img_relocs_begin(&img, 0x100);
    img_reloc_block(&img, 0x1000, good, 1);
    img_reloc_block(&img, 0x1000, unknown, 2);
    *(uint64_t *)img_ptr(&img, 0x1000) = 0x10001000;
    CHECK_EQ(LdrpRelocateImage(img.base, 0x10000), STATUS_INVALID_IMAGE_FORMAT);
    CHECK_EQ(*(uint64_t *)img_ptr(&img, 0x1000), 0x10001000);
    CHECK_EQ(img_nt(&img)->OptionalHeader.ImageBase, 0x10000000);
    img_free(&img);

    /* An entry whose 8 bytes end past the image (page 0x2000 + 0xffc). */
    img_init(&img, 0x3000, 0x10000000);
    img_relocs_begin(&img, 0x100);
    img_reloc_block(&img, 0x2000, outside, 1);
    CHECK_EQ(LdrpRelocateImage(img.base, 0x10000), STATUS_INVALID_IMAGE_FORMAT);
    img_free(&img);

    /* A block size that runs past the directory. */
    img_init(&img, 0x3000, 0x10000000);
    img_relocs_begin(&img, 0x100);
    img_reloc_block(&img, 0x1000, good, 1);
    ((IMAGE_BASE_RELOCATION *)img_ptr(
         &img, img_nt(&img)
                   ->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC]
                   .VirtualAddress))
        ->SizeOfBlock = 0x40;
    CHECK_EQ(LdrpRelocateImage(img.base, 0x10000), STATUS_INVALID_IMAGE_FORMAT);
    img_free(&img);

    /* No relocations: fine, unless the image says they were stripped. */
    img_init(&img, 0x3000, 0x10000000);
    CHECK_EQ(LdrpRelocateImage(img.base, 0x10000), STATUS_SUCCESS);
    img_nt(&img)->FileHeader.Characteristics |= IMAGE_FILE_RELOCS_STRIPPED;
    CHECK_EQ(LdrpRelocateImage(img.base, 0x10000), STATUS_CONFLICTING_ADDRESSES);
    img_free(&img);
}

static void test_process_relocation_block(void) {
    uint8_t page[0x1000] __attribute__((aligned(8))) = {0};
    uint16_t entries[] = {REL(IMAGE_REL_BASED_DIR64, 0x10), REL(IMAGE_REL_BASED_HIGHLOW, 0x20),
                          REL(IMAGE_REL_BASED_ABSOLUTE, 0), REL(9, 0)};

    *(uint64_t *)(page + 0x10) = 100;
    *(uint32_t *)(page + 0x20) = 200;
    CHECK(LdrProcessRelocationBlock((ULONG_PTR)page, 3, entries, 5) ==
          (PIMAGE_BASE_RELOCATION)(entries + 3));
    CHECK_EQ(*(uint64_t *)(page + 0x10), 105);
    CHECK_EQ(*(uint32_t *)(page + 0x20), 205);
    CHECK(LdrProcessRelocationBlock((ULONG_PTR)page, 4, entries, 5) == NULL);
}

/* ---- Runner ----------------------------------------------------------------------------- */

void tls_tests(const struct harness_test **tests, size_t *count);

static const struct harness_test ldr_tests[] = {
    HARNESS_TEST(test_headers),
    HARNESS_TEST(test_export_by_name),
    HARNESS_TEST(test_export_hint),
    HARNESS_TEST(test_export_by_ordinal),
    HARNESS_TEST(test_export_forwarder_string),
    HARNESS_TEST(test_export_no_directory_and_bad_tables),
    HARNESS_TEST(test_parse_forwarder),
    HARNESS_TEST(test_resolve_forwarders),
    HARNESS_TEST(test_snap_imports),
    HARNESS_TEST(test_snap_failures),
    HARNESS_TEST(test_relocations),
    HARNESS_TEST(test_relocations_refused),
    HARNESS_TEST(test_process_relocation_block),
};

int main(void) {
    struct harness_test all[64];
    const struct harness_test *tls;
    size_t tls_count, count = 0;

    for (size_t i = 0; i < HARNESS_COUNT(ldr_tests); i++)
        all[count++] = ldr_tests[i];
    tls_tests(&tls, &tls_count);
    for (size_t i = 0; i < tls_count; i++)
        all[count++] = tls[i];
    return harness_run(all, count);
}
