/*
 * tls.c — static TLS blocks for x86_64 (ELF TLS variant II).
 *
 * The program's TLS template is described by its PT_TLS program header,
 * found through __ehdr_start (the linker script keeps the ELF headers in
 * the first loaded page).  A thread's block looks like:
 *
 *     area                                   tp = thread pointer (FS base)
 *     |  unused  | .tdata copy | .tbss zeros | tcb: [0] = tp, rest zero |
 *                ^ tp - round_up(memsz, align)
 *
 * The linker resolves TLS variables as negative offsets from tp, computed
 * with the same round_up(memsz, align), so tp must be aligned to `align`.
 * %fs:0 must hold tp itself (variant II), which compilers use to form
 * addresses of TLS variables.
 */
#include <sel4rt/sel4rt.h>

/* ELF64 definitions we need (no system headers in a freestanding build). */
struct elf64_ehdr {
    unsigned char e_ident[16];
    seL4_Uint16 e_type, e_machine;
    seL4_Uint32 e_version;
    seL4_Uint64 e_entry, e_phoff, e_shoff;
    seL4_Uint32 e_flags;
    seL4_Uint16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
    seL4_Uint32 p_type, p_flags;
    seL4_Uint64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

#define PT_LOAD 1
#define PT_TLS 7

/* Thread control block placed at the thread pointer. */
#define TCB_BYTES 64

extern const struct elf64_ehdr __ehdr_start;

static const struct elf64_phdr *phdr(seL4_Uint16 i) {
    const unsigned char *base = (const unsigned char *)&__ehdr_start;

    return (const struct elf64_phdr *)(base + __ehdr_start.e_phoff + i * __ehdr_start.e_phentsize);
}

static const struct elf64_phdr *find_tls_phdr(void) {
    for (seL4_Uint16 i = 0; i < __ehdr_start.e_phnum; i++) {
        if (phdr(i)->p_type == PT_TLS)
            return phdr(i);
    }
    return NULL;
}

/*
 * Load bias: 0 for a root task (linked at its run address); non-zero only
 * for position-independent images, e.g. the host unit test of this file.
 */
static seL4_Word load_bias(void) {
    for (seL4_Uint16 i = 0; i < __ehdr_start.e_phnum; i++) {
        if (phdr(i)->p_type == PT_LOAD && phdr(i)->p_offset == 0)
            return (seL4_Word)&__ehdr_start - phdr(i)->p_vaddr;
    }
    return 0;
}

static seL4_Word round_up(seL4_Word x, seL4_Word align) { return (x + align - 1) & ~(align - 1); }

/* Alignment the linker used for the template (p_align, at least 1). */
static seL4_Word template_align(const struct elf64_phdr *ph) {
    if (ph == NULL || ph->p_align == 0)
        return 1;
    return ph->p_align;
}

/* Bytes between the template start and tp: round_up(memsz, p_align). */
static seL4_Word template_span(const struct elf64_phdr *ph) {
    if (ph == NULL)
        return 0;
    return round_up(ph->p_memsz, template_align(ph));
}

/* Alignment of tp: the template's, but at least 16. */
static seL4_Word tp_align(const struct elf64_phdr *ph) {
    seL4_Word align = template_align(ph);

    return align < 16 ? 16 : align;
}

seL4_Word rt_tls_area_size(void) {
    const struct elf64_phdr *ph = find_tls_phdr();

    /* Worst case: `tp_align - 1` bytes lost aligning tp inside the area. */
    return template_span(ph) + TCB_BYTES + tp_align(ph) - 1;
}

seL4_Word rt_tls_init(void *area, seL4_Word size) {
    const struct elf64_phdr *ph = find_tls_phdr();
    seL4_Word span = template_span(ph);
    seL4_Word start = (seL4_Word)area;
    seL4_Word tp, block;

    if (size < TCB_BYTES + span)
        return 0;
    tp = (start + size - TCB_BYTES) & ~(tp_align(ph) - 1);
    if (tp < start + span)
        return 0;
    block = tp - span;
    memset((void *)block, 0, tp + TCB_BYTES - block);
    if (ph != NULL && ph->p_filesz != 0)
        memcpy((void *)block, (const void *)(ph->p_vaddr + load_bias()), ph->p_filesz);
    *(seL4_Word *)tp = tp;
    return tp;
}
