/*
 * Multiboot 1 and 2 information parsing.  Everything the kernel needs later
 * is copied into boot_state: the loader's structures live in memory that
 * becomes untyped memory.  The three loaders we meet (QEMU, GRUB, SYSLINUX)
 * disagree on whether the kernel's file name starts the command line, so
 * options are looked up as key=value tokens anywhere in it.
 */
#include <kernel.h>
#include <boot.h>

BOOT_BSS boot_state_t boot_state;

static void *phys(paddr_t pa) { return ptr_from_paddr(pa); }

static void copy_str(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; src && src[i] && i + 1 < n; i++)
        dst[i] = src[i];
    dst[i] = 0;
}

static void add_ram(uint64_t base, uint64_t len)
{
    if (boot_state.n_ram < MAX_REGIONS && len)
        boot_state.ram[boot_state.n_ram++] = (region_t){ base, base + len };
}

static void add_mmap_entry(uint64_t base, uint64_t len, uint32_t type, bool record)
{
    if (type == 1)
        add_ram(base, len);
    if (record && boot_state.mmap_length / 24 < MAX_MMAP_ENTRIES) {
        mb_mmap_entry_t *e = &boot_state.mmap[boot_state.mmap_length / 24];
        e->size = 20;
        e->base = base;
        e->length = len;
        e->type = type;
        boot_state.mmap_length += 24;
    }
}

struct PACKED mb1_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr, config_table, boot_loader_name, apm_table;
    uint32_t vbe_control_info, vbe_mode_info;
    uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off, vbe_interface_len;
};

static void parse_mb1(paddr_t info_pa)
{
    struct mb1_info *mbi = phys(info_pa);
    if (mbi->flags & BIT(2))
        copy_str(boot_state.cmdline, sizeof(boot_state.cmdline), phys(mbi->cmdline));
    if (mbi->flags & BIT(3)) {
        uint32_t *m = phys(mbi->mods_addr);
        for (uint32_t i = 0; i < mbi->mods_count && i < MAX_MODULES; i++, m += 4) {
            boot_module_t *bm = &boot_state.modules[boot_state.n_modules++];
            bm->start = m[0];
            bm->end = m[1];
            copy_str(bm->cmdline, sizeof(bm->cmdline), m[2] ? phys(m[2]) : "");
        }
    }
    if (mbi->flags & BIT(6)) {
        uint8_t *p = phys(mbi->mmap_addr), *end = p + mbi->mmap_length;
        while (p < end) {
            mb_mmap_entry_t *e = (mb_mmap_entry_t *)p;
            add_mmap_entry(e->base, e->length, e->type, true);
            p += e->size + 4;
        }
    } else if (mbi->flags & BIT(0)) {
        add_ram(0x100000, (uint64_t)mbi->mem_upper * 1024);
    }
    if (mbi->flags & BIT(11)) {
        boot_state.have_vbe = true;
        memcpy(boot_state.vbe, phys(mbi->vbe_control_info), 512);
        memcpy(boot_state.vbe + 512, phys(mbi->vbe_mode_info), 256);
        uint32_t w[4] = { mbi->vbe_mode, mbi->vbe_interface_seg, mbi->vbe_interface_off,
                          mbi->vbe_interface_len };
        memcpy(boot_state.vbe + 768, w, 16);
    }
}

static void parse_mb2(paddr_t info_pa)
{
    uint8_t *base = phys(info_pa);
    uint32_t total = *(uint32_t *)base;
    bool have_mmap = false;
    uint32_t mem_upper_kb = 0;
    for (uint32_t off = 8; off + 8 <= total;) {
        uint32_t type = *(uint32_t *)(base + off), size = *(uint32_t *)(base + off + 4);
        uint8_t *tag = base + off;
        if (type == 0 || size < 8)
            break;
        switch (type) {
        case 1: /* command line */
            copy_str(boot_state.cmdline, sizeof(boot_state.cmdline), (char *)tag + 8);
            break;
        case 3: /* module */
            if (boot_state.n_modules < MAX_MODULES) {
                boot_module_t *bm = &boot_state.modules[boot_state.n_modules++];
                bm->start = *(uint32_t *)(tag + 8);
                bm->end = *(uint32_t *)(tag + 12);
                copy_str(bm->cmdline, sizeof(bm->cmdline), (char *)tag + 16);
            }
            break;
        case 6: { /* memory map */
            uint32_t esz = *(uint32_t *)(tag + 8);
            for (uint32_t e = 16; e + esz <= size; e += esz) {
                uint64_t b = *(uint64_t *)(tag + e), l = *(uint64_t *)(tag + e + 8);
                uint32_t t = *(uint32_t *)(tag + e + 16);
                add_mmap_entry(b, l, t, false);
            }
            have_mmap = true;
            break;
        }
        case 8: /* framebuffer */
            if (*(uint64_t *)(tag + 8)) {
                boot_state.have_fb = true;
                memcpy(boot_state.fb, tag + 8, 22);
            }
            break;
        case 14: /* ACPI 1.0 RSDP */
            if (!boot_state.have_rsdp) {
                boot_state.have_rsdp = true;
                memcpy(boot_state.rsdp, tag + 8, MIN(size - 8, 20u));
            }
            break;
        case 15: /* ACPI 2.0 RSDP */
            boot_state.have_rsdp = true;
            memcpy(boot_state.rsdp, tag + 8, MIN(size - 8, 36u));
            break;
        case 4: /* basic memory info */
            mem_upper_kb = *(uint32_t *)(tag + 12);
            break;
        }
        off += (size + 7) & ~7u;
    }
    if (!have_mmap)
        add_ram(0x100000, (uint64_t)mem_upper_kb * 1024);
}

BOOT_CODE void multiboot_parse(uint32_t magic, paddr_t info)
{
    boot_state.magic = magic;
    if (magic == 0x2badb002)
        parse_mb1(info);
    else if (magic == 0x36d76289)
        parse_mb2(info);
    else
        panic("not booted by a multiboot loader (magic %x)", magic);
}

/* Find `key` (e.g. "console_port=") as a token; returns what follows it. */
const char *cmdline_option(const char *key)
{
    const char *s = boot_state.cmdline;
    size_t n = strlen(key);
    for (size_t i = 0; s[i]; i++) {
        if ((i == 0 || s[i - 1] == ' ') && strncmp(s + i, key, n) == 0)
            return s + i + n;
    }
    return NULL;
}
