/*
 * Boot-time state: what the loader told us (copied out of its structures
 * before they may be overwritten) and the free-memory list from which the
 * boot objects are carved.  Only used while booting.
 */
#pragma once
#include <types.h>

typedef struct region {
    paddr_t start, end; /* [start, end) */
} region_t;

#define MAX_REGIONS 64
#define MAX_MODULES 8
#define MAX_MMAP_ENTRIES 50

typedef struct boot_module {
    paddr_t start, end;
    char cmdline[512];
} boot_module_t;

typedef struct PACKED mb_mmap_entry {
    uint32_t size;
    uint64_t base;
    uint64_t length;
    uint32_t type;
} mb_mmap_entry_t;

typedef struct boot_state {
    uint32_t magic;
    char cmdline[256];
    region_t ram[MAX_REGIONS]; /* type-1 memory as the loader reported it */
    unsigned n_ram;
    boot_module_t modules[MAX_MODULES];
    unsigned n_modules;
    /* raw multiboot1 memory map (for the extra bootinfo) */
    mb_mmap_entry_t mmap[MAX_MMAP_ENTRIES];
    uint32_t mmap_length;
    bool have_rsdp;
    uint8_t rsdp[36];
    bool have_fb;
    uint8_t fb[22];
    bool have_vbe;
    uint8_t vbe[784]; /* controller info (512) + mode info (256) + 4 words */
} boot_state_t;

extern boot_state_t boot_state;

void multiboot_parse(uint32_t magic, paddr_t info);
const char *cmdline_option(const char *key);
void acpi_init(void);
void apic_init(void);
void timer_init(void);
void memory_init(void);
vptr_t map_kernel_device(paddr_t pa);
void create_root_task(void);

/* ACPI facts found at boot */
typedef struct ioapic_info {
    paddr_t paddr;
    vptr_t vaddr;
    uint32_t gsi_base;
    uint32_t pins;
} ioapic_info_t;

extern paddr_t lapic_paddr;
extern ioapic_info_t ioapics[];
extern unsigned n_ioapics;
extern uint32_t isa_irq_gsi[16];
extern uint16_t isa_irq_flags[16];

/* ELF (kernel/elf.c; pure, also built for host tests) */
bool elf_check(const void *image, word_t size);
bool elf_bounds(const void *image, word_t size, vptr_t *lo, vptr_t *hi);
void elf_load_page(const void *image, vptr_t page_va, void *dest);
vptr_t elf_entry(const void *image);
