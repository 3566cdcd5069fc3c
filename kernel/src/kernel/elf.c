/*
 * ELF64 parsing for the root task image.  Pure functions over a byte
 * buffer: every header and segment is bounds-checked against the buffer
 * size, so a malformed image is refused rather than read out of bounds.
 * Built for the host too (tests/host/test_elf.c).
 */
#include <boot.h>

typedef struct {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} elf64_ehdr_t;

typedef struct {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
} elf64_phdr_t;

static const elf64_phdr_t *phdr(const void *image, unsigned i)
{
    const elf64_ehdr_t *eh = image;
    return (const elf64_phdr_t *)((const uint8_t *)image + eh->phoff + (word_t)i * eh->phentsize);
}

bool elf_check(const void *image, word_t size)
{
    const elf64_ehdr_t *eh = image;
    if (size < sizeof(*eh))
        return false;
    if (eh->ident[0] != 0x7f || eh->ident[1] != 'E' || eh->ident[2] != 'L' || eh->ident[3] != 'F')
        return false;
    if (eh->ident[4] != 2 /* ELFCLASS64 */ || eh->phentsize < sizeof(elf64_phdr_t))
        return false;
    if (eh->phoff > size || (word_t)eh->phnum * eh->phentsize > size - eh->phoff)
        return false;
    unsigned loadable = 0;
    for (unsigned i = 0; i < eh->phnum; i++) {
        const elf64_phdr_t *p = phdr(image, i);
        if (p->memsz == 0)
            continue;
        if (p->filesz > p->memsz || p->offset > size || p->filesz > size - p->offset)
            return false;
        if (p->vaddr + p->memsz < p->vaddr)
            return false;
        loadable++;
    }
    return loadable > 0;
}

bool elf_bounds(const void *image, word_t size, vptr_t *lo, vptr_t *hi)
{
    const elf64_ehdr_t *eh = image;
    vptr_t l = ~0ull, h = 0;
    if (!elf_check(image, size))
        return false;
    for (unsigned i = 0; i < eh->phnum; i++) {
        const elf64_phdr_t *p = phdr(image, i);
        if (p->memsz == 0)
            continue;
        l = MIN(l, p->vaddr);
        h = MAX(h, p->vaddr + p->memsz);
    }
    *lo = l;
    *hi = h;
    return true;
}

vptr_t elf_entry(const void *image) { return ((const elf64_ehdr_t *)image)->entry; }

/* Fill one page of the image: dest is a zeroed 4 KiB buffer standing for
 * the virtual page at page_va. */
void elf_load_page(const void *image, vptr_t page_va, void *dest)
{
    const elf64_ehdr_t *eh = image;
    for (unsigned i = 0; i < eh->phnum; i++) {
        const elf64_phdr_t *p = phdr(image, i);
        if (p->filesz == 0)
            continue;
        vptr_t s = MAX(p->vaddr, page_va), e = MIN(p->vaddr + p->filesz, page_va + 4096);
        if (s >= e)
            continue;
        memcpy((uint8_t *)dest + (s - page_va), (const uint8_t *)image + p->offset + (s - p->vaddr), e - s);
    }
}
