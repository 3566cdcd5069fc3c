/*
 * Virtual memory: the kernel's own mappings and the x86_64 paging objects.
 *
 * Kernel view (PML4 slot 511, shared by every address space): a window onto
 * physical memory at PPTR_BASE (kernel objects are reached through it), the
 * kernel image at KERNEL_ELF_BASE and uncached device registers at
 * KDEV_BASE.  User address spaces own PML4 slots 0..255.
 *
 * User paging objects follow seL4: a PML4 gets an ASID from an ASID pool;
 * PDPTs, page directories, page tables and frames are mapped by invoking
 * their capability with the PML4 as argument, and the capability records
 * where it is mapped (ASID + vaddr).  Unmapping double-checks that the entry
 * still points at the object, so stale capabilities (their address space or
 * table already gone) unmap nothing.
 */
#include <kernel.h>
#include <boot.h>
#include <arch/machine.h>
#include <sel4/invocation.h>
#include <sel4/constants.h>

#define PTE_P BIT(0)
#define PTE_RW BIT(1)
#define PTE_US BIT(2)
#define PTE_PWT BIT(3)
#define PTE_PCD BIT(4)
#define PTE_PS BIT(7)
#define PTE_PAT_4K BIT(7)
#define PTE_PAT_LARGE BIT(12)
#define PTE_ADDR 0x000ffffffffff000ull

extern word_t kernel_pml4_storage[512];
extern word_t kernel_pdpt[512];
word_t *kernel_pml4 = kernel_pml4_storage;
asid_pool_t *asid_table[8];

static word_t kdev_pd[512] ALIGNED(4096);
static word_t kdev_pt[512] ALIGNED(4096);
static unsigned kdev_next;

void *ptr_from_paddr(paddr_t pa) { return (void *)(PPTR_BASE + pa); }

paddr_t paddr_from_ptr(const void *p)
{
    word_t v = (word_t)p;
    if (v >= KERNEL_ELF_BASE)
        return v - KERNEL_ELF_BASE;
    return v - PPTR_BASE;
}

static inline word_t *table_of(word_t pte) { return ptr_from_paddr(pte & PTE_ADDR); }
static inline unsigned idx(vptr_t va, unsigned shift) { return (va >> shift) & 511; }

/* ---------------------------------------------------------------- kernel */

BOOT_CODE void window_extend(paddr_t top)
{
    uint32_t a, b, c, d;
    cpuid(0x80000001, 0, &a, &b, &c, &d);
    bool gb_pages = d & BIT(26);
    word_t gib = (top + MASK(30)) >> 30;
    if (gib > 510)
        gib = 510;
    for (word_t i = 4; i < gib; i++) {
        if (!gb_pages) {
            kprintf("window: no 1 GiB pages; physical memory above 4 GiB is not used\n");
            break;
        }
        kernel_pdpt[i] = (i << 30) | PTE_P | PTE_RW | PTE_PS;
    }
    /* Device page table at KDEV_BASE. */
    kdev_pd[0] = paddr_from_ptr(kdev_pt) | PTE_P | PTE_RW;
    kernel_pdpt[511] = paddr_from_ptr(kdev_pd) | PTE_P | PTE_RW;
    flush_tlb();
}

paddr_t window_top(void)
{
    uint32_t a, b, c, d;
    cpuid(0x80000001, 0, &a, &b, &c, &d);
    return (d & BIT(26)) ? PPTR_WINDOW_SIZE : (4ull << 30);
}

BOOT_CODE void drop_identity_map(void)
{
    kernel_pml4[0] = 0;
    flush_tlb();
}

vptr_t map_kernel_device(paddr_t pa)
{
    if (kdev_next >= 512)
        panic("out of kernel device mappings");
    kdev_pt[kdev_next] = (pa & PTE_ADDR) | PTE_P | PTE_RW | PTE_PCD | PTE_PWT;
    vptr_t va = KDEV_BASE + (word_t)kdev_next * 4096;
    kdev_next++;
    invlpg(va);
    return va;
}

void copy_kernel_mappings(word_t *pml4) { pml4[511] = kernel_pml4[511]; }

/* ------------------------------------------------------------------ ASIDs */

static word_t *find_vspace_for_asid(word_t asid)
{
    asid_pool_t *pool = asid_table[(asid >> 9) & 7];
    if (!pool || asid == 0 || asid >= 4096)
        return NULL;
    return (word_t *)pool->pml4[asid & 511];
}

bool is_valid_vtable_root(cap_t cap)
{
    return cap_get_type(cap) == cap_pml4 && cap_mapped_asid(cap) != 0;
}

void set_vm_root(tcb_t *t)
{
    cap_t cap = t->ctes[tcb_cte_vspace].cap;
    word_t *pml4 = kernel_pml4;
    if (is_valid_vtable_root(cap)) {
        word_t *found = find_vspace_for_asid(cap_mapped_asid(cap));
        if (found == cap_ptr(cap))
            pml4 = found;
    }
    paddr_t pa = paddr_from_ptr(pml4);
    if (read_cr3() != pa)
        write_cr3(pa);
}

static void flush_for(word_t asid, vptr_t va, bool whole)
{
    word_t *pml4 = find_vspace_for_asid(asid);
    if (pml4 && paddr_from_ptr(pml4) == read_cr3()) {
        if (whole)
            flush_tlb();
        else
            invlpg(va);
    }
}

void delete_asid(word_t asid, void *pml4)
{
    asid_pool_t *pool = asid_table[(asid >> 9) & 7];
    if (pool && pool->pml4[asid & 511] == (word_t)pml4) {
        flush_for(asid, 0, true);
        pool->pml4[asid & 511] = 0;
        if (ks_cur_thread)
            set_vm_root(ks_cur_thread);
    }
}

void delete_asid_pool(unsigned n, asid_pool_t *pool)
{
    if (asid_table[n] == pool) {
        asid_table[n] = NULL;
        if (ks_cur_thread)
            set_vm_root(ks_cur_thread);
    }
}

/* ------------------------------------------------------- walking tables */

/* The entry of level `level` (3 = PML4, 2 = PDPT, 1 = PD, 0 = PT) that
 * covers va, or NULL if a higher level is missing. bits_left tells which. */
static word_t *lookup_entry(word_t *pml4, vptr_t va, int level, word_t *bits_left)
{
    word_t *table = pml4;
    for (int l = 3; l > level; l--) {
        word_t e = table[idx(va, 12 + 9 * l)];
        if (!(e & PTE_P) || (e & PTE_PS)) {
            *bits_left = 12 + 9 * l;
            return NULL;
        }
        table = table_of(e);
    }
    return &table[idx(va, 12 + 9 * level)];
}

static word_t attr_bits(word_t attr, bool large, bool table)
{
    word_t b = 0;
    if (attr & 1)
        b |= PTE_PWT;
    if (attr & 2)
        b |= PTE_PCD;
    if ((attr & 4) && !table)
        b |= large ? PTE_PAT_LARGE : PTE_PAT_4K;
    return b;
}

static const unsigned frame_bits[3] = { 12, 21, 30 };

void unmap_frame(cap_t cap)
{
    word_t asid = cap_mapped_asid(cap);
    if (!asid)
        return;
    word_t *pml4 = find_vspace_for_asid(asid);
    if (!pml4)
        return;
    vptr_t va = cap_mapped_vaddr(cap);
    unsigned sz = cap_frame_size(cap);
    word_t bl;
    word_t *e = lookup_entry(pml4, va, (int)sz, &bl);
    if (!e || !(*e & PTE_P))
        return;
    if (sz != frame_4k && !(*e & PTE_PS))
        return;
    if ((*e & PTE_ADDR & ~MASK(frame_bits[sz])) != cap_frame_paddr(cap))
        return;
    *e = 0;
    flush_for(asid, va, false);
}

static int paging_level(cap_type_t t)
{
    switch (t) {
    case cap_page_table: return 1;
    case cap_page_directory: return 2;
    case cap_pdpt: return 3;
    default: return -1;
    }
}

void unmap_page_table_object(cap_t cap)
{
    word_t asid = cap_mapped_asid(cap);
    if (!asid)
        return;
    word_t *pml4 = find_vspace_for_asid(asid);
    if (!pml4)
        return;
    word_t bl;
    int level = paging_level(cap_get_type(cap));
    word_t *e = lookup_entry(pml4, cap_mapped_vaddr(cap), level, &bl);
    if (!e || !(*e & PTE_P) || (*e & PTE_PS) || (*e & PTE_ADDR) != paddr_from_ptr(cap_ptr(cap)))
        return;
    *e = 0;
    flush_for(asid, 0, true);
}

exception_t check_valid_ipc_buffer(vptr_t va, cap_t cap)
{
    if (cap_get_type(cap) != cap_frame || cap_frame_is_device(cap)) {
        current_syscall_error.type = seL4_IllegalOperation;
        return EXCEPTION_SYSCALL_ERROR;
    }
    if (!IS_ALIGNED(va, seL4_IPCBufferSizeBits)) {
        current_syscall_error.type = seL4_AlignmentError;
        return EXCEPTION_SYSCALL_ERROR;
    }
    return EXCEPTION_NONE;
}

/* ------------------------------------------------------------ invocations */

static exception_t syscall_error(word_t type)
{
    current_syscall_error.type = type;
    return EXCEPTION_SYSCALL_ERROR;
}

static exception_t invalid_cap(word_t n)
{
    current_syscall_error.type = seL4_InvalidCapability;
    current_syscall_error.invalid_cap_number = n;
    return EXCEPTION_SYSCALL_ERROR;
}

static exception_t invalid_arg(word_t n)
{
    current_syscall_error.type = seL4_InvalidArgument;
    current_syscall_error.invalid_argument_number = n;
    return EXCEPTION_SYSCALL_ERROR;
}

static exception_t failed_lookup(word_t type, word_t bits_left)
{
    current_syscall_error.type = seL4_FailedLookup;
    current_syscall_error.failed_lookup_was_source = false;
    current_lookup_fault = (lookup_fault_t){ type, bits_left, 0, 0 };
    return EXCEPTION_SYSCALL_ERROR;
}

/* Check the extra cap is an ASID-assigned PML4 that is still installed. */
static exception_t get_vspace(word_t **pml4_out, word_t *asid_out)
{
    if (!current_extra_slots[0])
        return syscall_error(seL4_TruncatedMessage);
    cap_t vs = current_extra_slots[0]->cap;
    if (!is_valid_vtable_root(vs))
        return invalid_cap(1);
    word_t asid = cap_mapped_asid(vs);
    word_t *pml4 = find_vspace_for_asid(asid);
    if (!pml4)
        return failed_lookup(1 /* InvalidRoot */, 0);
    if (pml4 != cap_ptr(vs))
        return invalid_cap(1);
    *pml4_out = pml4;
    *asid_out = asid;
    return EXCEPTION_NONE;
}

static word_t vm_rights_mask(unsigned vmr, word_t rights)
{
    bool r = rights & CAP_RIGHT_READ, w = rights & CAP_RIGHT_WRITE;
    if (vmr == vm_read_write && r && w)
        return vm_read_write;
    if ((vmr == vm_read_write || vmr == vm_read_only) && r)
        return vm_read_only;
    return vm_kernel_only;
}

static exception_t decode_frame_map(word_t length, cte_t *slot, cap_t cap, word_t *buffer)
{
    if (length < 3 || !current_extra_slots[0])
        return syscall_error(seL4_TruncatedMessage);
    vptr_t va = get_mr(ks_cur_thread, buffer, 0);
    word_t rights = get_mr(ks_cur_thread, buffer, 1);
    word_t attr = get_mr(ks_cur_thread, buffer, 2);
    word_t *pml4, asid;
    exception_t ex = get_vspace(&pml4, &asid);
    if (ex)
        return ex;
    unsigned sz = cap_frame_size(cap), bits = frame_bits[sz];
    if (!IS_ALIGNED(va, bits))
        return syscall_error(seL4_AlignmentError);
    if (va + BIT(bits) > CONFIG_USER_TOP || va + BIT(bits) < va)
        return invalid_arg(0);
    if (cap_mapped_asid(cap)) {
        if (cap_mapped_asid(cap) != asid)
            return invalid_cap(1);
        if (cap_mapped_vaddr(cap) != va)
            return invalid_arg(0);
    }
    word_t vmr = vm_rights_mask(cap_frame_vm_rights(cap), rights);
    word_t bl;
    word_t *e = lookup_entry(pml4, va, (int)sz, &bl);
    if (!e)
        return failed_lookup(2 /* MissingCapability */, bl);
    if (sz != frame_4k && (*e & PTE_P) && !(*e & PTE_PS))
        return syscall_error(seL4_DeleteFirst);

    word_t pte = cap_frame_paddr(cap) | PTE_P | attr_bits(attr, sz != frame_4k, false);
    if (sz != frame_4k)
        pte |= PTE_PS;
    if (vmr == vm_read_write)
        pte |= PTE_RW | PTE_US;
    else if (vmr == vm_read_only)
        pte |= PTE_US;
    *e = pte;
    flush_for(asid, va, false);
    slot->cap = cap_set_mapped(cap, asid, va);
    return EXCEPTION_NONE;
}

static exception_t decode_table_map(word_t length, cte_t *slot, cap_t cap, word_t *buffer)
{
    if (length < 2 || !current_extra_slots[0])
        return syscall_error(seL4_TruncatedMessage);
    if (cap_mapped_asid(cap))
        return invalid_cap(0);
    vptr_t va = get_mr(ks_cur_thread, buffer, 0);
    word_t attr = get_mr(ks_cur_thread, buffer, 1);
    word_t *pml4, asid;
    exception_t ex = get_vspace(&pml4, &asid);
    if (ex)
        return ex;
    if (va > CONFIG_USER_TOP)
        return invalid_arg(0);
    int level = paging_level(cap_get_type(cap));
    va = ROUND_DOWN(va, 12 + 9 * level);
    word_t bl;
    word_t *e = lookup_entry(pml4, va, level, &bl);
    if (!e)
        return failed_lookup(2, bl);
    if (*e & PTE_P)
        return syscall_error(seL4_DeleteFirst);
    *e = paddr_from_ptr(cap_ptr(cap)) | PTE_P | PTE_RW | PTE_US | attr_bits(attr, false, true);
    slot->cap = cap_set_mapped(cap, asid, va);
    return EXCEPTION_NONE;
}

static exception_t decode_table_unmap(cte_t *slot, cap_t cap)
{
    if (!cdt_is_final(slot))
        return syscall_error(seL4_RevokeFirst);
    if (cap_mapped_asid(cap)) {
        unmap_page_table_object(cap);
        memset(cap_ptr(cap), 0, 4096);
        slot->cap = cap_set_mapped(cap, 0, 0);
    }
    return EXCEPTION_NONE;
}

static exception_t decode_make_pool(word_t length, word_t *buffer)
{
    if (length < 2 || !current_extra_slots[0] || !current_extra_slots[1])
        return syscall_error(seL4_TruncatedMessage);
    word_t index = get_mr(ks_cur_thread, buffer, 0), depth = get_mr(ks_cur_thread, buffer, 1);
    unsigned n;
    for (n = 0; n < 8 && asid_table[n]; n++)
        ;
    if (n == 8)
        return syscall_error(seL4_DeleteFirst);
    cte_t *ut_slot = current_extra_slots[0];
    cap_t ut = ut_slot->cap;
    if (cap_get_type(ut) != cap_untyped || cap_untyped_is_device(ut) ||
        cap_untyped_size_bits(ut) != seL4_ASIDPoolBits)
        return invalid_cap(1);
    if (cdt_has_children(ut_slot) || cap_untyped_free_index(ut) != 0)
        return syscall_error(seL4_RevokeFirst);
    cte_t *dest;
    exception_t ex = lookup_target_slot(current_extra_slots[1]->cap, index, depth, &dest);
    if (ex)
        return ex;
    ex = ensure_empty_slot(dest);
    if (ex)
        return ex;
    asid_pool_t *pool = ptr_from_paddr((paddr_t)cap_ptr(ut)); /* untyped caps hold a paddr */
    memset(pool, 0, sizeof(*pool));
    ut_slot->cap = cap_untyped_set_free_index(ut, BIT(seL4_ASIDPoolBits));
    cdt_insert_child(ut_slot, dest, cap_asid_pool_new(pool, n), false, false);
    asid_table[n] = pool;
    return EXCEPTION_NONE;
}

static exception_t decode_pool_assign(cap_t cap)
{
    if (!current_extra_slots[0])
        return syscall_error(seL4_TruncatedMessage);
    cte_t *vs_slot = current_extra_slots[0];
    cap_t vs = vs_slot->cap;
    if (cap_get_type(vs) != cap_pml4 || cap_mapped_asid(vs))
        return invalid_cap(1);
    unsigned n = cap_asid_pool_number(cap);
    asid_pool_t *pool = asid_table[n];
    if (pool != cap_ptr(cap))
        return failed_lookup(1, 0);
    unsigned i;
    for (i = (n == 0) ? 1 : 0; i < ASID_POOL_ENTRIES && pool->pml4[i]; i++)
        ;
    if (i == ASID_POOL_ENTRIES)
        return syscall_error(seL4_DeleteFirst);
    pool->pml4[i] = (word_t)cap_ptr(vs);
    vs_slot->cap = cap_set_mapped(vs, n * ASID_POOL_ENTRIES + i, 0);
    return EXCEPTION_NONE;
}

exception_t decode_x86_mmu_invocation(word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap,
                                      word_t *buffer)
{
    switch (cap_get_type(cap)) {
    case cap_pml4:
        return syscall_error(seL4_IllegalOperation);
    case cap_pdpt:
        if (label == X86PDPTMap)
            return decode_table_map(length, slot, cap, buffer);
        if (label == X86PDPTUnmap)
            return decode_table_unmap(slot, cap);
        break;
    case cap_page_directory:
        if (label == X86PageDirectoryMap)
            return decode_table_map(length, slot, cap, buffer);
        if (label == X86PageDirectoryUnmap)
            return decode_table_unmap(slot, cap);
        break;
    case cap_page_table:
        if (label == X86PageTableMap)
            return decode_table_map(length, slot, cap, buffer);
        if (label == X86PageTableUnmap)
            return decode_table_unmap(slot, cap);
        break;
    case cap_frame:
        if (label == X86PageMap)
            return decode_frame_map(length, slot, cap, buffer);
        if (label == X86PageUnmap) {
            unmap_frame(cap);
            slot->cap = cap_set_mapped(cap, 0, 0);
            return EXCEPTION_NONE;
        }
        if (label == X86PageGetAddress) {
            tcb_t *t = ks_cur_thread;
            set_mr(t, lookup_ipc_buffer(true, t), 0, cap_frame_paddr(cap));
            set_msg_info_reply(t, 0, 1);
            return EXCEPTION_NONE;
        }
        break;
    case cap_asid_control:
        if (label == X86ASIDControlMakePool)
            return decode_make_pool(length, buffer);
        break;
    case cap_asid_pool:
        if (label == X86ASIDPoolAssign)
            return decode_pool_assign(cap);
        break;
    default:
        break;
    }
    return syscall_error(seL4_IllegalOperation);
}

/* ------------------------------------------------- root task at boot time */

/* Install a table or frame for the root task (boot only; no checks). */
void boot_map(word_t *pml4, vptr_t va, int level, paddr_t pa, bool frame)
{
    word_t bl;
    word_t *e = lookup_entry(pml4, va, level, &bl);
    assert(e);
    *e = pa | PTE_P | PTE_RW | PTE_US | (frame && level > 0 ? PTE_PS : 0);
}
