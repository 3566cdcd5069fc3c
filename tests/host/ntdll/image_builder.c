/*
 * image_builder.c — see image_builder.h.
 */
#include "image_builder.h"

#include <stdlib.h>
#include <string.h>

#define HEADERS_END 0x400u

void img_init(struct image *img, uint32_t size, uint64_t preferred_base) {
    IMAGE_DOS_HEADER *dos;
    IMAGE_NT_HEADERS *nt;

    img->size = (size + 0xfff) & ~0xfffu;
    img->base = aligned_alloc(0x1000, img->size);
    memset(img->base, 0, img->size);
    img->next = HEADERS_END;
    dos = (IMAGE_DOS_HEADER *)img->base;
    dos->e_magic = IMAGE_DOS_SIGNATURE;
    dos->e_lfanew = 0x80;
    nt = img_nt(img);
    nt->Signature = IMAGE_NT_SIGNATURE;
    nt->FileHeader.Machine = 0x8664;
    nt->FileHeader.SizeOfOptionalHeader = sizeof(IMAGE_OPTIONAL_HEADER64);
    nt->FileHeader.Characteristics = IMAGE_FILE_DLL | 0x0022;
    nt->OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    nt->OptionalHeader.ImageBase = preferred_base;
    nt->OptionalHeader.SectionAlignment = 0x1000;
    nt->OptionalHeader.FileAlignment = 0x200;
    nt->OptionalHeader.SizeOfImage = img->size;
    nt->OptionalHeader.SizeOfHeaders = HEADERS_END;
    nt->OptionalHeader.Subsystem = IMAGE_SUBSYSTEM_WINDOWS_CUI;
    nt->OptionalHeader.NumberOfRvaAndSizes = IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
}

void img_free(struct image *img) {
    free(img->base);
    img->base = NULL;
}

IMAGE_NT_HEADERS *img_nt(struct image *img) {
    return (IMAGE_NT_HEADERS *)(img->base + ((IMAGE_DOS_HEADER *)img->base)->e_lfanew);
}

void *img_ptr(struct image *img, uint32_t rva) { return img->base + rva; }

uint32_t img_alloc(struct image *img, uint32_t bytes, uint32_t align) {
    uint32_t rva = (img->next + align - 1) & ~(align - 1);

    if (rva + bytes > img->size)
        abort(); /* the test's image is too small */
    img->next = rva + bytes;
    return rva;
}

uint32_t img_string(struct image *img, const char *text) {
    uint32_t rva = img_alloc(img, (uint32_t)strlen(text) + 1, 1);

    memcpy(img->base + rva, text, strlen(text) + 1);
    return rva;
}

void img_set_dir(struct image *img, int index, uint32_t rva, uint32_t size) {
    img_nt(img)->OptionalHeader.DataDirectory[index].VirtualAddress = rva;
    img_nt(img)->OptionalHeader.DataDirectory[index].Size = size;
}

static const struct img_export *sort_exports;

static int compare_names(const void *a, const void *b) {
    return strcmp(sort_exports[*(const int *)a].name, sort_exports[*(const int *)b].name);
}

void img_exports(struct image *img, const char *dll_name, uint32_t ordinal_base,
                 const struct img_export *exports, int count) {
    uint32_t functions = 0, names = 0, start;
    int named[64], n = 0;
    IMAGE_EXPORT_DIRECTORY *dir;

    for (int i = 0; i < count; i++) {
        if (exports[i].ordinal - ordinal_base + 1 > functions)
            functions = exports[i].ordinal - ordinal_base + 1;
        if (exports[i].name != NULL)
            named[n++] = i;
    }
    names = (uint32_t)n;
    sort_exports = exports;
    qsort(named, (size_t)n, sizeof(named[0]), compare_names);
    start = img_alloc(img, sizeof(*dir), 4);
    dir = img_ptr(img, start);
    dir->Base = ordinal_base;
    dir->NumberOfFunctions = functions;
    dir->NumberOfNames = names;
    dir->AddressOfFunctions = img_alloc(img, functions * 4, 4);
    dir->AddressOfNames = img_alloc(img, names * 4, 4);
    dir->AddressOfNameOrdinals = img_alloc(img, names * 2, 2);
    dir->Name = img_string(img, dll_name);
    for (int i = 0; i < count; i++) {
        uint32_t *slot =
            (uint32_t *)img_ptr(img, dir->AddressOfFunctions) + (exports[i].ordinal - ordinal_base);

        *slot = exports[i].forwarder ? img_string(img, exports[i].forwarder) : exports[i].rva;
    }
    for (int i = 0; i < n; i++) {
        ((uint32_t *)img_ptr(img, dir->AddressOfNames))[i] =
            img_string(img, exports[named[i]].name);
        ((uint16_t *)img_ptr(img, dir->AddressOfNameOrdinals))[i] =
            (uint16_t)(exports[named[i]].ordinal - ordinal_base);
    }
    /* The directory spans its tables and strings: forwarders lie inside. */
    img_set_dir(img, IMAGE_DIRECTORY_ENTRY_EXPORT, start, img->next - start);
}

void img_imports(struct image *img, struct img_import_dll *dlls, int count) {
    uint32_t descriptors =
        img_alloc(img, (uint32_t)(count + 1) * sizeof(IMAGE_IMPORT_DESCRIPTOR), 4);

    for (int d = 0; d < count; d++) {
        IMAGE_IMPORT_DESCRIPTOR *desc = (IMAGE_IMPORT_DESCRIPTOR *)img_ptr(img, descriptors) + d;
        uint32_t table_bytes = (uint32_t)(dlls[d].count + 1) * 8;
        uint32_t iat = img_alloc(img, table_bytes, 8);
        uint32_t lookup = dlls[d].no_lookup_table ? 0 : img_alloc(img, table_bytes, 8);

        desc->Name = img_string(img, dlls[d].dll);
        desc->FirstThunk = iat;
        desc->OriginalFirstThunk = lookup;
        dlls[d].iat_rva = iat;
        for (int i = 0; i < dlls[d].count; i++) {
            const struct img_import *imp = &dlls[d].imports[i];
            uint64_t entry;

            if (imp->name == NULL) {
                entry = IMAGE_ORDINAL_FLAG64 | imp->ordinal;
            } else {
                uint32_t by_name = img_alloc(img, 2 + (uint32_t)strlen(imp->name) + 1, 2);

                *(uint16_t *)img_ptr(img, by_name) = imp->hint;
                memcpy(img_ptr(img, by_name + 2), imp->name, strlen(imp->name) + 1);
                entry = by_name;
            }
            ((uint64_t *)img_ptr(img, iat))[i] = entry;
            if (lookup != 0)
                ((uint64_t *)img_ptr(img, lookup))[i] = entry;
        }
    }
    img_set_dir(img, IMAGE_DIRECTORY_ENTRY_IMPORT, descriptors,
                (uint32_t)(count + 1) * sizeof(IMAGE_IMPORT_DESCRIPTOR));
}

void img_relocs_begin(struct image *img, uint32_t bytes) {
    uint32_t rva = img_alloc(img, bytes, 4);

    img_set_dir(img, IMAGE_DIRECTORY_ENTRY_BASERELOC, rva, 0);
}

void img_reloc_block(struct image *img, uint32_t page_rva, const uint16_t *entries, int count) {
    IMAGE_DATA_DIRECTORY *dir =
        &img_nt(img)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC];
    IMAGE_BASE_RELOCATION *block = img_ptr(img, dir->VirtualAddress + dir->Size);
    uint32_t bytes = (uint32_t)(sizeof(*block) + (size_t)count * 2);

    bytes = (bytes + 3) & ~3u; /* blocks are 32-bit aligned (padding entries) */
    block->VirtualAddress = page_rva;
    block->SizeOfBlock = bytes;
    memcpy(block + 1, entries, (size_t)count * 2);
    dir->Size += bytes;
}
