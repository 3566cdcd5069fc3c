/*
 * Host tests of the root-task ELF parser (kernel/src/kernel/elf.c): good
 * images load byte-exactly, malformed ones are refused without reading
 * outside the buffer (ASan watches).
 */
#include <boot.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

typedef struct {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} ehdr_t;
typedef struct {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
} phdr_t;

#define IMG_SIZE 0x3000

static uint8_t *make_image(void)
{
    uint8_t *img = calloc(1, IMG_SIZE);
    ehdr_t *eh = (ehdr_t *)img;
    memcpy(eh->ident, "\x7f" "ELF\x02\x01\x01", 7);
    eh->entry = 0x400010;
    eh->phoff = sizeof(ehdr_t);
    eh->phentsize = sizeof(phdr_t);
    eh->phnum = 2;
    phdr_t *ph = (phdr_t *)(img + eh->phoff);
    ph[0] = (phdr_t){ 1, 5, 0x1000, 0x400000, 0x400000, 0x800, 0x800, 0x1000 };
    ph[1] = (phdr_t){ 1, 6, 0x2000, 0x401800, 0x401800, 0x100, 0x2000, 0x1000 };
    for (int i = 0; i < 0x800; i++)
        img[0x1000 + i] = (uint8_t)i;
    memset(img + 0x2000, 0xab, 0x100);
    return img;
}

static void test_good(void)
{
    uint8_t *img = make_image();
    vptr_t lo, hi;
    CHECK(elf_check(img, IMG_SIZE));
    CHECK(elf_bounds(img, IMG_SIZE, &lo, &hi));
    CHECK_EQ(lo, 0x400000);
    CHECK_EQ(hi, 0x403800);
    CHECK_EQ(elf_entry(img), 0x400010);
    uint8_t page[4096];
    memset(page, 0, sizeof(page));
    elf_load_page(img, 0x400000, page);
    CHECK_EQ(page[0x7ff], 0xff);
    CHECK_EQ(page[0x800], 0);      /* gap after the first segment stays zero */
    memset(page, 0, sizeof(page));
    elf_load_page(img, 0x401000, page);
    CHECK_EQ(page[0x7ff], 0);      /* before the second segment */
    CHECK_EQ(page[0x800], 0xab);   /* its file data */
    CHECK_EQ(page[0x8ff], 0xab);
    CHECK_EQ(page[0x900], 0);      /* its bss part */
    memset(page, 0, sizeof(page));
    elf_load_page(img, 0x402000, page);
    for (int i = 0; i < 4096; i++)
        if (page[i]) {
            CHECK(!"bss page not zero");
            break;
        }
    free(img);
}

static void test_bad(void)
{
    uint8_t *img = make_image();
    vptr_t lo, hi;
    CHECK(!elf_check(img, 32));                       /* shorter than the header */
    ((ehdr_t *)img)->ident[4] = 1;                    /* ELF32 */
    CHECK(!elf_check(img, IMG_SIZE));
    free(img);

    img = make_image();
    ((ehdr_t *)img)->phnum = 0x7fff;                  /* headers past the end */
    CHECK(!elf_check(img, IMG_SIZE));
    free(img);

    img = make_image();
    phdr_t *ph = (phdr_t *)(img + sizeof(ehdr_t));
    ph[1].filesz = 0x3000;                            /* filesz > memsz */
    CHECK(!elf_check(img, IMG_SIZE));
    ph[1].filesz = 0x100;
    ph[1].offset = IMG_SIZE - 0x10;                   /* data past the end */
    CHECK(!elf_check(img, IMG_SIZE));
    ph[1].offset = 0x2000;
    ph[1].vaddr = ~0ull - 0x10;                       /* wraps around */
    CHECK(!elf_bounds(img, IMG_SIZE, &lo, &hi));
    free(img);

    img = make_image();
    ph = (phdr_t *)(img + sizeof(ehdr_t));
    ph[0].memsz = ph[0].filesz = 0;
    ph[1].memsz = ph[1].filesz = 0;                   /* nothing to load */
    CHECK(!elf_check(img, IMG_SIZE));
    free(img);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_good),
    HARNESS_TEST(test_bad),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
