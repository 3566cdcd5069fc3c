/*
 * Boot: from the loader's hand-off to the root task's first instruction.
 *
 *   boot_main            console, multiboot info, CPU tables, memory,
 *                        ACPI/APIC/timer, then create_root_task()
 *   free list            physical RAM not used by the kernel, the loader's
 *                        modules or boot objects; boot objects are carved from
 *                        it, what remains becomes untyped capabilities
 *   create_root_task     loads the first module (an ELF64 file) and builds the
 *                        root task exactly as seL4 does: initial caps in slots
 *                        0..15, the image, IPC buffer, bootinfo and extra
 *                        bootinfo frames, paging caps, untypeds (device first)
 *
 * The slot order and the bootinfo contents are part of the ABI
 * (reference §7); the physical placement of objects is not.
 */
#include <kernel.h>
#include <boot.h>
#include <arch/machine.h>
#include <sel4/bootinfo_types.h>
#include <sel4/objecttype.h>
#include <sel4/constants.h>

extern char ki_end[];
void cpu_init(void);
void window_extend(paddr_t top);
paddr_t window_top(void);
void drop_identity_map(void);
void boot_map(word_t *pml4, vptr_t va, int level, paddr_t pa, bool frame);
void idle_thread_init(void);

/* ------------------------------------------------------------ free list */

static BOOT_BSS region_t free_list[MAX_REGIONS];
static BOOT_BSS unsigned n_free;

static void free_add(paddr_t s, paddr_t e)
{
    s = ROUND_UP(s, 12);
    e = ROUND_DOWN(e, 12);
    if (s >= e || n_free >= MAX_REGIONS)
        return;
    /* keep sorted, merge neighbours */
    unsigned i = 0;
    while (i < n_free && free_list[i].start < s)
        i++;
    for (unsigned j = n_free; j > i; j--)
        free_list[j] = free_list[j - 1];
    free_list[i] = (region_t){ s, e };
    n_free++;
    for (unsigned j = 0; j + 1 < n_free;) {
        if (free_list[j].end >= free_list[j + 1].start) {
            free_list[j].end = MAX(free_list[j].end, free_list[j + 1].end);
            for (unsigned k = j + 1; k + 1 < n_free; k++)
                free_list[k] = free_list[k + 1];
            n_free--;
        } else {
            j++;
        }
    }
}

static void free_remove(paddr_t s, paddr_t e)
{
    s = ROUND_DOWN(s, 12);
    e = ROUND_UP(e, 12);
    for (unsigned i = 0; i < n_free; i++) {
        region_t r = free_list[i];
        if (e <= r.start || s >= r.end)
            continue;
        /* cut [s,e) out of r */
        for (unsigned k = i; k + 1 < n_free; k++)
            free_list[k] = free_list[k + 1];
        n_free--;
        if (r.start < s)
            free_add(r.start, s);
        if (e < r.end)
            free_add(e, r.end);
        i = (unsigned)-1; /* restart: the list changed */
    }
}

/* Allocate 2^bits bytes aligned to their size; zeroed. */
static paddr_t boot_alloc(unsigned bits)
{
    for (unsigned i = 0; i < n_free; i++) {
        paddr_t s = ROUND_UP(free_list[i].start, bits);
        if (s + BIT(bits) <= free_list[i].end && s >= free_list[i].start) {
            free_remove(s, s + BIT(bits));
            memset(ptr_from_paddr(s), 0, BIT(bits));
            return s;
        }
    }
    panic("out of memory while booting (need 2^%u bytes)", bits);
}

/* --------------------------------------------------------------- memory */

static BOOT_BSS region_t ram[MAX_REGIONS]; /* usable RAM: >= 1 MiB, inside the window */
static BOOT_BSS unsigned n_ram;

static void memory_layout(void)
{
    paddr_t top = 0, wtop = window_top();
    for (unsigned i = 0; i < boot_state.n_ram; i++)
        top = MAX(top, boot_state.ram[i].end);
    window_extend(MIN(top, wtop));
    for (unsigned i = 0; i < boot_state.n_ram; i++) {
        paddr_t s = MAX(boot_state.ram[i].start, 0x100000ull), e = MIN(boot_state.ram[i].end, wtop);
        free_add(s, e);
    }
    /* the merged free list is now exactly the usable RAM */
    for (unsigned i = 0; i < n_free; i++)
        ram[i] = free_list[i];
    n_ram = n_free;
    free_remove(KERNEL_ELF_PADDR, ROUND_UP((paddr_t)(ki_end - (char *)KERNEL_ELF_BASE), 12));
    for (unsigned i = 0; i < boot_state.n_modules; i++)
        free_remove(boot_state.modules[i].start, boot_state.modules[i].end);
}

/* ------------------------------------------------------------ root task */

static BOOT_BSS cte_t *root_cnode;
static BOOT_BSS seL4_BootInfo *bootinfo;
static BOOT_BSS word_t next_slot;

static void provide_cap(word_t slot, cap_t cap)
{
    root_cnode[slot].cap = cap;
    root_cnode[slot].mdb = (mdb_t){ 0, 0 };
    mdb_set_flags(&root_cnode[slot], true, true);
}

static word_t provide_next(cap_t cap)
{
    if (next_slot >= BIT(CONFIG_ROOT_CNODE_SIZE_BITS))
        panic("root CNode full");
    provide_cap(next_slot, cap);
    return next_slot++;
}

static void add_untyped(paddr_t s, paddr_t e, bool device)
{
    while (s < e) {
        unsigned bits = s ? (unsigned)__builtin_ctzll(s) : 63;
        unsigned fit = 63 - (unsigned)__builtin_clzll(e - s);
        bits = MIN(MIN(bits, fit), (unsigned)seL4_MaxUntypedBits);
        if (bits >= seL4_MinUntypedBits) {
            word_t n = next_slot - bootinfo->untyped.start;
            if (n >= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS) {
                kprintf("boot: untyped list full, dropping %lx..%lx\n", s, e);
                return;
            }
            provide_next(cap_untyped_new((void *)s, bits, device, 0));
            bootinfo->untypedList[n].paddr = s;
            bootinfo->untypedList[n].sizeBits = (uint8_t)bits;
            bootinfo->untypedList[n].isDevice = device;
        }
        s += BIT(bits);
    }
}

static void create_untypeds(void)
{
    bootinfo->untyped.start = next_slot;
    /* device memory: everything below 2^47 that is not usable RAM */
    paddr_t at = 0;
    for (unsigned i = 0; i < n_ram; i++) {
        add_untyped(at, ram[i].start, true);
        at = ram[i].end;
    }
    add_untyped(at, CONFIG_PADDR_USER_DEVICE_TOP, true);
    for (unsigned i = 0; i < n_free; i++)
        add_untyped(free_list[i].start, free_list[i].end, false);
    bootinfo->untyped.end = next_slot;
}

/* Where modules 1.. are mapped in the root task (Neptune extension). */
static BOOT_BSS seL4_NeptuneBootModule module_info[MAX_MODULES];

/* Extra bootinfo chunks, laid out back to back as seL4 does. */
static word_t build_extra_bootinfo(uint8_t *out)
{
    word_t off = 0;
    struct { word_t id, len; } h;
#define CHUNK(ID, LEN, DATA, DLEN)                 \
    do {                                           \
        h.id = (ID);                               \
        h.len = (LEN);                             \
        if (out) {                                 \
            memcpy(out + off, &h, 16);             \
            memset(out + off + 16, 0, (LEN) - 16); \
            memcpy(out + off + 16, (DATA), (DLEN)); \
        }                                          \
        off += (LEN);                              \
    } while (0)
    if (boot_state.have_vbe)
        CHUNK(1, 800, boot_state.vbe, 784);
    CHUNK(3, 52, boot_state.rsdp, 36);
    if (boot_state.have_fb)
        CHUNK(4, 38, boot_state.fb, 22);
    {
        uint8_t mm[4 + MAX_MMAP_ENTRIES * 24];
        memcpy(mm, &boot_state.mmap_length, 4);
        memcpy(mm + 4, boot_state.mmap, MAX_MMAP_ENTRIES * 24);
        if (boot_state.magic != 0x2badb002)
            memset(mm, 0, 4);
        CHUNK(2, 1220, mm, sizeof(mm));
    }
    CHUNK(5, 20, &ks_tsc_mhz, 4);
    for (unsigned i = 1; i < boot_state.n_modules; i++)
        CHUNK(SEL4_BOOTINFO_HEADER_NEPTUNE_MODULE, 16 + sizeof(seL4_NeptuneBootModule), &module_info[i],
              sizeof(seL4_NeptuneBootModule));
#undef CHUNK
    return off;
}

/* Allocate and map the paging structures covering [lo, hi) for the root
 * task, recording their caps (PDPTs, then PDs, then PTs). */
static void create_root_paging(word_t *pml4, vptr_t lo, vptr_t hi)
{
    static const cap_type_t types[3] = { cap_pdpt, cap_page_directory, cap_page_table };
    bootinfo->userImagePaging.start = next_slot;
    for (int level = 3; level >= 1; level--) {
        unsigned shift = 12 + 9 * level;
        for (vptr_t va = ROUND_DOWN(lo, shift); va < hi; va += BIT(shift)) {
            paddr_t pa = boot_alloc(12);
            boot_map(pml4, va, level, pa, false);
            cap_t c = cap_paging_new(types[3 - level], ptr_from_paddr(pa));
            provide_next(cap_set_mapped(c, 1, va));
        }
    }
    bootinfo->userImagePaging.end = next_slot;
}

static cap_t map_root_frame(word_t *pml4, vptr_t va, paddr_t pa)
{
    boot_map(pml4, va, 0, pa, true);
    return cap_set_mapped(cap_frame_new(pa, frame_4k, vm_read_write, false), 1, va);
}

BOOT_CODE void create_root_task(void)
{
    if (boot_state.n_modules < 1)
        panic("no boot module: the root task ELF must be the first module");
    boot_module_t *mod = &boot_state.modules[0];
    const void *image = ptr_from_paddr(mod->start);
    word_t size = mod->end - mod->start;
    vptr_t lo, hi;
    if (!elf_bounds(image, size, &lo, &hi))
        panic("first module is not a valid ELF64 file");
    if (!IS_ALIGNED(lo, 12))
        panic("root task's lowest segment is not page aligned");
    vptr_t v_end = ROUND_UP(hi, 12), entry = elf_entry(image);
    if (entry < lo || entry >= v_end)
        panic("root task entry point outside its image");

    word_t extra_len = build_extra_bootinfo(NULL);
    unsigned extra_bits = 12;
    while (BIT(extra_bits) < extra_len)
        extra_bits++;
    vptr_t ipcbuf_va = v_end, bi_va = v_end + 4096, extra_va = v_end + 8192;
    vptr_t vspace_end = extra_va + BIT(extra_bits);
    for (unsigned i = 1; i < boot_state.n_modules; i++) {
        boot_module_t *m = &boot_state.modules[i];
        module_info[i].vaddr = vspace_end;
        module_info[i].size = m->end - m->start;
        memcpy(module_info[i].cmdline, m->cmdline, sizeof(module_info[i].cmdline));
        vspace_end += ROUND_UP(module_info[i].size, 12);
    }
    if (vspace_end > CONFIG_USER_TOP)
        panic("root task image too high");

    /* Core objects. */
    root_cnode = ptr_from_paddr(boot_alloc(CONFIG_ROOT_CNODE_SIZE_BITS + seL4_SlotBits));
    word_t *pml4 = ptr_from_paddr(boot_alloc(12));
    copy_kernel_mappings(pml4);
    asid_pool_t *pool = ptr_from_paddr(boot_alloc(12));
    tcb_t *tcb = ptr_from_paddr(boot_alloc(seL4_TCBBits));
    paddr_t bi_pa = boot_alloc(12), ipc_pa = boot_alloc(12);
    bootinfo = ptr_from_paddr(bi_pa);
    asid_table[0] = pool;
    pool->pml4[1] = (word_t)pml4;

    unsigned guard = 64 - CONFIG_ROOT_CNODE_SIZE_BITS;
    cap_t cnode_cap = cap_cnode_new(root_cnode, CONFIG_ROOT_CNODE_SIZE_BITS, guard, 0);
    cap_t pml4_cap = cap_set_mapped(cap_paging_new(cap_pml4, pml4), 1, 0);
    provide_cap(seL4_CapInitThreadTCB, cap_thread_new(tcb));
    provide_cap(seL4_CapInitThreadCNode, cnode_cap);
    provide_cap(seL4_CapInitThreadVSpace, pml4_cap);
    provide_cap(seL4_CapIRQControl, (cap_t){ cap_irq_control, 0 });
    provide_cap(seL4_CapASIDControl, (cap_t){ cap_asid_control, 0 });
    provide_cap(seL4_CapInitThreadASIDPool, cap_asid_pool_new(pool, 0));
    provide_cap(seL4_CapIOPortControl, (cap_t){ cap_io_port_control, 0 });
    provide_cap(seL4_CapDomain, (cap_t){ cap_domain, 0 });
    next_slot = seL4_NumInitialCaps;

    create_root_paging(pml4, lo, vspace_end);
    cap_t ipc_cap = map_root_frame(pml4, ipcbuf_va, ipc_pa);
    provide_cap(seL4_CapInitThreadIPCBuffer, ipc_cap);
    provide_cap(seL4_CapBootInfoFrame, map_root_frame(pml4, bi_va, bi_pa));

    bootinfo->extraBIPages.start = next_slot;
    paddr_t extra_pa = boot_alloc(extra_bits);
    for (word_t off = 0; off < BIT(extra_bits); off += 4096)
        provide_next(map_root_frame(pml4, extra_va + off, extra_pa + off));
    bootinfo->extraBIPages.end = next_slot;

    bootinfo->userImageFrames.start = next_slot;
    for (vptr_t va = lo; va < v_end; va += 4096) {
        paddr_t pa = boot_alloc(12);
        elf_load_page(image, va, ptr_from_paddr(pa));
        provide_next(map_root_frame(pml4, va, pa));
    }
    bootinfo->userImageFrames.end = next_slot;

    /* Further modules: copied into fresh frames (Neptune extension). */
    for (unsigned i = 1; i < boot_state.n_modules; i++) {
        const uint8_t *src = ptr_from_paddr(boot_state.modules[i].start);
        module_info[i].firstSlot = next_slot;
        for (word_t off = 0; off < module_info[i].size; off += 4096) {
            paddr_t pa = boot_alloc(12);
            memcpy(ptr_from_paddr(pa), src + off, MIN(4096ull, module_info[i].size - off));
            provide_next(map_root_frame(pml4, module_info[i].vaddr + off, pa));
        }
        module_info[i].numSlots = next_slot - module_info[i].firstSlot;
    }
    build_extra_bootinfo(ptr_from_paddr(extra_pa));

    /* The module is loaded: its memory is free again. */
    for (unsigned i = 0; i < boot_state.n_modules; i++)
        free_add(boot_state.modules[i].start, boot_state.modules[i].end);

    bootinfo->extraLen = extra_len;
    bootinfo->nodeID = 0;
    bootinfo->numNodes = 1;
    bootinfo->numIOPTLevels = (seL4_Word)-1;
    bootinfo->ipcBuffer = (seL4_IPCBuffer *)ipcbuf_va;
    bootinfo->initThreadCNodeSizeBits = CONFIG_ROOT_CNODE_SIZE_BITS;
    bootinfo->initThreadDomain = 0;
    create_untypeds();
    bootinfo->empty.start = next_slot;
    bootinfo->empty.end = BIT(CONFIG_ROOT_CNODE_SIZE_BITS);

    /* The initial thread. */
    tcb->ctes[tcb_cte_cspace].cap = cnode_cap;
    cdt_insert_after(&root_cnode[seL4_CapInitThreadCNode], &tcb->ctes[tcb_cte_cspace], cnode_cap);
    tcb->ctes[tcb_cte_vspace].cap = pml4_cap;
    cdt_insert_after(&root_cnode[seL4_CapInitThreadVSpace], &tcb->ctes[tcb_cte_vspace], pml4_cap);
    cap_t ipc_copy = cap_set_mapped(ipc_cap, 0, 0);
    cdt_insert_after(&root_cnode[seL4_CapInitThreadIPCBuffer], &tcb->ctes[tcb_cte_ipc_buffer], ipc_copy);
    thread_init_context(tcb);
    tcb->ipc_buffer = ipcbuf_va;
    tcb->ctx.rip = entry;
    tcb->ctx.rdi = bi_va;
    tcb->prio = tcb->mcp = CONFIG_MAX_PRIO;
    tcb->time_slice = CONFIG_TIME_SLICE;
    memcpy(tcb->name, "rootserver", 11);
    debug_list_add(tcb);
    set_thread_state(tcb, ts_running);
    ks_cur_thread = tcb;

    word_t mem = 0;
    for (word_t i = 0; i < bootinfo->untyped.end - bootinfo->untyped.start; i++)
        if (!bootinfo->untypedList[i].isDevice)
            mem += BIT(bootinfo->untypedList[i].sizeBits);
    kprintf("boot: root task %lx..%lx entry %lx, %lu untypeds (%lu KiB RAM), first free slot %lu\n", lo,
            v_end, entry, bootinfo->untyped.end - bootinfo->untyped.start, mem >> 10, next_slot);
}

/* ------------------------------------------------------------- boot_main */

BOOT_CODE void boot_main(uint32_t magic, uint32_t info)
{
    uint16_t port = *(uint16_t *)ptr_from_paddr(0x400);
    serial_init(port ? port : 0x3f8);
    multiboot_parse(magic, info);
    const char *opt = cmdline_option("console_port=");
    if (opt) {
        word_t v = 0;
        if (opt[0] == '0' && opt[1] == 'x')
            opt += 2;
        for (; *opt && *opt != ' '; opt++)
            v = v * 16 + (word_t)(*opt <= '9' ? *opt - '0' : (*opt | 0x20) - 'a' + 10);
        serial_init((uint16_t)v);
    }
    kprintf("\nNeptune OS microkernel (seL4 ABI, x86_64) booting: %s loader, cmdline '%s'\n",
            magic == 0x2badb002 ? "multiboot1" : "multiboot2", boot_state.cmdline);
    cpu_init();
    memory_layout();
    acpi_init();
    apic_init();
    drop_identity_map();
    timer_init();
    irq_init();
    idle_thread_init();
    create_root_task();
#ifdef CONFIG_DEBUG_BUILD
    /* Scenario test of the kernel-fault path: must print and exit QEMU 255. */
    if (cmdline_option("selftest=kernel_fault"))
        __asm__ volatile("ud2");
#endif
    set_vm_root(ks_cur_thread);
    arch_switch_context(NULL, ks_cur_thread);
    schedule();
    activate_thread();
    restore_user_context();
}
