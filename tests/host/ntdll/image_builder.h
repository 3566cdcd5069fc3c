/*
 * image_builder.h — PE32+ images built in memory for the loader's host
 * tests: headers, export directories (names, NONAME ordinals, holes,
 * forwarders), import directories (by name with a hint, by ordinal, with
 * or without a lookup table) and base-relocation tables, laid out "as
 * mapped" (RVA = offset), the way ldr.c sees an image.
 */
#ifndef TESTS_HOST_NTDLL_IMAGE_BUILDER_H
#define TESTS_HOST_NTDLL_IMAGE_BUILDER_H

#include <nt/ntimage.h>
#include <stdint.h>

struct image {
    uint8_t *base;
    uint32_t size; /* SizeOfImage */
    uint32_t next; /* next free RVA */
};

/* A zeroed image of Size bytes (page-aligned) with DOS and NT headers. */
void img_init(struct image *img, uint32_t size, uint64_t preferred_base);
void img_free(struct image *img);
IMAGE_NT_HEADERS *img_nt(struct image *img);
/* Zeroed space inside the image; returns its RVA. */
uint32_t img_alloc(struct image *img, uint32_t bytes, uint32_t align);
uint32_t img_string(struct image *img, const char *text);
void img_set_dir(struct image *img, int index, uint32_t rva, uint32_t size);
void *img_ptr(struct image *img, uint32_t rva);

/* One export: Name NULL = NONAME.  Rva, or Forwarder ("dll.Name"). */
struct img_export {
    const char *name;
    uint32_t ordinal;
    uint32_t rva;
    const char *forwarder;
};

/* The export directory, names sorted as a linker sorts them.  Ordinals
 * between Base and the highest are holes (RVA 0). */
void img_exports(struct image *img, const char *dll_name, uint32_t ordinal_base,
                 const struct img_export *exports, int count);

/* One import: by name (with Hint) or, Name NULL, by Ordinal. */
struct img_import {
    const char *name;
    uint16_t hint;
    uint16_t ordinal;
};

struct img_import_dll {
    const char *dll;
    const struct img_import *imports;
    int count;
    int no_lookup_table; /* OriginalFirstThunk 0: the IAT is the lookup table */
    uint32_t iat_rva;    /* out: where the IAT is */
};

void img_imports(struct image *img, struct img_import_dll *dlls, int count);

/* Base relocations: begin with room for Bytes, then add blocks in order. */
void img_relocs_begin(struct image *img, uint32_t bytes);
void img_reloc_block(struct image *img, uint32_t page_rva, const uint16_t *entries, int count);

#endif
