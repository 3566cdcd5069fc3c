/*
 * vspace.c — VSPACE tests: x86_64 paging invocations and ASIDs (reference
 * §5.3 "x86 paging", "ASIDs", §10).
 *
 * Error cases run in fresh address spaces (a new PML4 with an ASID from the
 * initial pool), where the test knows exactly which levels exist.  Access
 * cases map into the test's window of the root VSpace (env->vm_window,
 * 512 GiB nobody else uses) so the test thread can look at the memory
 * directly; whether a *user* access faults is checked with a load/store
 * probe in a helper thread whose fault handler is the test thread.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

#define ROOT seL4_CapInitThreadCNode
#define D64 seL4_WordBits
#define ATTR seL4_X86_Default_VMAttributes

#define NO_FAULT (~0ul)

/* A PML4 with an ASID from the initial pool. */
static seL4_CPtr new_vspace(struct kt_env *env) {
    seL4_CPtr pml4 = kt_alloc(env, seL4_X64_PML4Object, 0);

    if (pml4 != seL4_CapNull)
        KT_CHECK_ERR(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4), seL4_NoError);
    return pml4;
}

/*
 * Run a load (value == 0 ignored) or store probe on `addr` in `vspace`.
 * Returns the VMFault FSR, or NO_FAULT with *loaded = what the load saw.
 */
static seL4_Word probe_access(struct kt_env *env, seL4_CPtr vspace, const void *probe,
                              seL4_Word addr, seL4_Word value, seL4_Word *loaded) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr fcap = kt_mint(env, ep, seL4_AllRights, 1);
    seL4_CPtr rcap = kt_mint(env, ep, seL4_AllRights, 2);
    seL4_Word badge = 0, result = NO_FAULT;
    seL4_MessageInfo_t tag;
    struct kt_thread t;

    if (rcap != seL4_CapNull && kt_thread_create(env, &t, KT_HELPER_PRIO)) {
        KT_CHECK_ERR(seL4_TCB_SetSpace(t.tcb, fcap, ROOT, 0, vspace, 0), seL4_NoError);
        KT_CHECK_ERR(seL4_TCB_SetIPCBuffer(t.tcb, 0, seL4_CapNull), seL4_NoError);
        kt_thread_start_probe(&t, probe, rcap, addr, value);
        tag = seL4_Recv(ep, &badge);
        if (badge == 1) {
            KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_VMFault);
            KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), addr);
            result = seL4_GetMR(seL4_VMFault_FSR);
        } else if (loaded != NULL) {
            *loaded = seL4_GetMR(0);
        }
        kt_thread_destroy(env, &t);
    }
    kt_free(env, rcap);
    kt_free(env, fcap);
    kt_free(env, ep);
    return result;
}

/* Missing levels: FailedLookup with bitsLeft 39 / 30 / 21. */
static int test_missing_levels(struct kt_env *env) {
    seL4_Word va = 0x10000000;
    seL4_CPtr pml4 = new_vspace(env);
    seL4_CPtr pdpt = kt_alloc(env, seL4_X86_PDPTObject, 0);
    seL4_CPtr pd = kt_alloc(env, seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr pt = kt_alloc(env, seL4_X86_PageTableObject, 0);
    seL4_CPtr f = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr big = kt_alloc(env, seL4_X86_LargePageObject, 0);
    seL4_Error err;

    err = seL4_X86_Page_Map(f, pml4, va, seL4_ReadWrite, ATTR);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_MissingCapability, 39);
    err = seL4_X86_Page_Map(big, pml4, va, seL4_ReadWrite, ATTR);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_MissingCapability, 39);
    err = seL4_X86_PageTable_Map(pt, pml4, va, ATTR);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_MissingCapability, 39);
    err = seL4_X86_PageDirectory_Map(pd, pml4, va, ATTR);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_MissingCapability, 39);
    KT_CHECK_ERR(seL4_X86_PDPT_Map(pdpt, pml4, va, ATTR), seL4_NoError);
    err = seL4_X86_Page_Map(f, pml4, va, seL4_ReadWrite, ATTR);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_MissingCapability, 30);
    err = seL4_X86_PageTable_Map(pt, pml4, va, ATTR);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_MissingCapability, 30);
    KT_CHECK_ERR(seL4_X86_PageDirectory_Map(pd, pml4, va, ATTR), seL4_NoError);
    err = seL4_X86_Page_Map(f, pml4, va, seL4_ReadWrite, ATTR);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_MissingCapability, 21);
    KT_CHECK_ERR(seL4_X86_PageTable_Map(pt, pml4, va, ATTR), seL4_NoError);
    KT_CHECK_ERR(seL4_X86_Page_Map(f, pml4, va, seL4_ReadWrite, ATTR), seL4_NoError);
    kt_free(env, big);
    kt_free(env, f);
    kt_free(env, pt);
    kt_free(env, pd);
    kt_free(env, pdpt);
    kt_free(env, pml4);
    return kt_result();
}

/* The VSpace argument must be a PML4 with an ASID. */
static int test_bad_vspace(struct kt_env *env) {
    seL4_Word va = 0x10000000;
    seL4_CPtr bare = kt_alloc(env, seL4_X64_PML4Object, 0);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr pdpt = kt_alloc(env, seL4_X86_PDPTObject, 0);
    seL4_CPtr pd = kt_alloc(env, seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr pt = kt_alloc(env, seL4_X86_PageTableObject, 0);
    seL4_CPtr f = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr roots[] = {bare, ep};
    unsigned i;

    for (i = 0; i < KT_ARRAY_SIZE(roots); i++) {
        KT_CHECK_ERR_MRS(seL4_X86_PDPT_Map(pdpt, roots[i], va, ATTR), seL4_InvalidCapability, 1);
        KT_CHECK_ERR_MRS(seL4_X86_PageDirectory_Map(pd, roots[i], va, ATTR), seL4_InvalidCapability,
                         1);
        KT_CHECK_ERR_MRS(seL4_X86_PageTable_Map(pt, roots[i], va, ATTR), seL4_InvalidCapability, 1);
        KT_CHECK_ERR_MRS(seL4_X86_Page_Map(f, roots[i], va, seL4_ReadWrite, ATTR),
                         seL4_InvalidCapability, 1);
    }
    /* Invocations on a PML4 cap do not exist. */
    KT_CHECK_ERR(seL4_X86_Page_Unmap(seL4_CapInitThreadVSpace), seL4_IllegalOperation);
    kt_free(env, f);
    kt_free(env, pt);
    kt_free(env, pd);
    kt_free(env, pdpt);
    kt_free(env, ep);
    kt_free(env, bare);
    return kt_result();
}

static int test_alignment(struct kt_env *env) {
    seL4_Word va = 0x40000000;
    seL4_CPtr pml4 = new_vspace(env);
    struct kt_vm_tables tables;
    seL4_CPtr f = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr big = kt_alloc(env, seL4_X86_LargePageObject, 0);
    seL4_CPtr pd2 = kt_alloc(env, seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr pdpt2 = kt_alloc(env, seL4_X86_PDPTObject, 0);
    seL4_CPtr pdpt3 = kt_alloc(env, seL4_X86_PDPTObject, 0);

    if (!kt_vm_prepare(env, pml4, va, &tables))
        return kt_result();
    KT_CHECK_ERR(seL4_X86_Page_Map(f, pml4, va + 0x800, seL4_ReadWrite, ATTR), seL4_AlignmentError);
    KT_CHECK_ERR(seL4_X86_Page_Map(big, pml4, va + 0x201000, seL4_ReadWrite, ATTR),
                 seL4_AlignmentError);
    /* Paging structures: the address is simply rounded down. */
    KT_CHECK_ERR(seL4_X86_PDPT_Map(pdpt2, pml4, 0x8000001234ul, ATTR), seL4_NoError);
    KT_CHECK_ERR(seL4_X86_PDPT_Map(pdpt3, pml4, 0x8000000000ul, ATTR), seL4_DeleteFirst);
    KT_CHECK_ERR(seL4_X86_PageDirectory_Map(pd2, pml4, va + 0x40001234, ATTR), seL4_NoError);
    KT_CHECK_ERR(seL4_X86_Page_Map(f, pml4, va + 0x1000, seL4_ReadWrite, ATTR), seL4_NoError);
    kt_free(env, pdpt3);
    kt_free(env, pdpt2);
    kt_free(env, pd2);
    kt_free(env, big);
    kt_free(env, f);
    kt_vm_release(env, &tables);
    kt_free(env, pml4);
    return kt_result();
}

/* DeleteFirst when the slot of a level is already taken. */
static int test_delete_first(struct kt_env *env) {
    seL4_Word va = 0x40000000;
    seL4_CPtr pml4 = new_vspace(env);
    struct kt_vm_tables tables;
    seL4_CPtr pdpt2 = kt_alloc(env, seL4_X86_PDPTObject, 0);
    seL4_CPtr pd2 = kt_alloc(env, seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr pt2 = kt_alloc(env, seL4_X86_PageTableObject, 0);
    seL4_CPtr big = kt_alloc(env, seL4_X86_LargePageObject, 0);

    if (!kt_vm_prepare(env, pml4, va, &tables))
        return kt_result();
    KT_CHECK_ERR(seL4_X86_PDPT_Map(pdpt2, pml4, va, ATTR), seL4_DeleteFirst);
    KT_CHECK_ERR(seL4_X86_PageDirectory_Map(pd2, pml4, va, ATTR), seL4_DeleteFirst);
    KT_CHECK_ERR(seL4_X86_PageTable_Map(pt2, pml4, va, ATTR), seL4_DeleteFirst);
    /* A 2 MiB page where a page table is, and the other way round. */
    KT_CHECK_ERR(seL4_X86_Page_Map(big, pml4, va, seL4_ReadWrite, ATTR), seL4_DeleteFirst);
    KT_CHECK_ERR(seL4_X86_Page_Map(big, pml4, va + 0x200000, seL4_ReadWrite, ATTR), seL4_NoError);
    KT_CHECK_ERR(seL4_X86_PageTable_Map(pt2, pml4, va + 0x200000, ATTR), seL4_DeleteFirst);
    kt_free(env, big);
    kt_free(env, pt2);
    kt_free(env, pd2);
    kt_free(env, pdpt2);
    kt_vm_release(env, &tables);
    kt_free(env, pml4);
    return kt_result();
}

/* Mapped caps cannot be mapped again elsewhere. */
static int test_already_mapped(struct kt_env *env) {
    seL4_Word va = 0x40000000;
    seL4_CPtr pml4 = new_vspace(env), other = new_vspace(env);
    struct kt_vm_tables tables, tables2;
    seL4_CPtr f = kt_alloc(env, seL4_X86_4K, 0);

    if (!kt_vm_prepare(env, pml4, va, &tables) || !kt_vm_prepare(env, other, va, &tables2))
        return kt_result();
    KT_CHECK_ERR_MRS(seL4_X86_PDPT_Map(tables.pdpt, pml4, va + (1ul << 39), ATTR),
                     seL4_InvalidCapability, 0);
    KT_CHECK_ERR_MRS(seL4_X86_PageDirectory_Map(tables.pd, pml4, va + (1ul << 30), ATTR),
                     seL4_InvalidCapability, 0);
    KT_CHECK_ERR_MRS(seL4_X86_PageTable_Map(tables.pt, pml4, va + (1ul << 21), ATTR),
                     seL4_InvalidCapability, 0);
    KT_CHECK_ERR(seL4_X86_Page_Map(f, pml4, va, seL4_ReadWrite, ATTR), seL4_NoError);
    /* Same VSpace, other address; other VSpace. */
    KT_CHECK_ERR_MRS(seL4_X86_Page_Map(f, pml4, va + 0x1000, seL4_ReadWrite, ATTR),
                     seL4_InvalidArgument, 0);
    KT_CHECK_ERR_MRS(seL4_X86_Page_Map(f, other, va, seL4_ReadWrite, ATTR), seL4_InvalidCapability,
                     1);
    /* Same place again: a remap (new rights/attributes) is fine. */
    KT_CHECK_ERR(seL4_X86_Page_Map(f, pml4, va, seL4_CanRead, seL4_X86_WriteThrough), seL4_NoError);
    /* After an unmap the cap can go anywhere. */
    KT_CHECK_ERR(seL4_X86_Page_Unmap(f), seL4_NoError);
    KT_CHECK_ERR(seL4_X86_Page_Unmap(f), seL4_NoError);
    KT_CHECK_ERR(seL4_X86_Page_Map(f, other, va, seL4_ReadWrite, ATTR), seL4_NoError);
    kt_free(env, f);
    kt_vm_release(env, &tables2);
    kt_vm_release(env, &tables);
    kt_free(env, other);
    kt_free(env, pml4);
    return kt_result();
}

/* Upper limits of the user address space. */
static int test_address_limits(struct kt_env *env) {
    seL4_Word last = 0x7fffffffe000ul;
    seL4_CPtr pml4 = new_vspace(env);
    seL4_CPtr pdpt = kt_alloc(env, seL4_X86_PDPTObject, 0);
    struct kt_vm_tables tables;
    seL4_CPtr f = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr g = kt_alloc(env, seL4_X86_4K, 0);

    if (!kt_vm_prepare(env, pml4, last, &tables))
        return kt_result();
    KT_CHECK_ERR_MRS(seL4_X86_Page_Map(g, pml4, last + 0x1000, seL4_ReadWrite, ATTR),
                     seL4_InvalidArgument, 0);
    KT_CHECK_ERR(seL4_X86_Page_Map(f, pml4, last, seL4_ReadWrite, ATTR), seL4_NoError);
    KT_CHECK_ERR_MRS(seL4_X86_PDPT_Map(pdpt, pml4, 0xffff800000000000ul, ATTR),
                     seL4_InvalidArgument, 0);
    kt_free(env, g);
    kt_free(env, f);
    kt_vm_release(env, &tables);
    kt_free(env, pdpt);
    kt_free(env, pml4);
    return kt_result();
}

/* Map, use, alias: two mappings of one frame show the same memory. */
static int test_map_and_alias(struct kt_env *env) {
    seL4_Word va = env->vm_window, va2 = va + 0x3000;
    volatile seL4_Word *p = (volatile seL4_Word *)va;
    volatile seL4_Word *q = (volatile seL4_Word *)va2;
    struct kt_vm_tables tables;
    seL4_CPtr f, copy;
    seL4_X86_Page_GetAddress_t a, b;

    if (!kt_vm_prepare(env, env->vspace, va, &tables))
        return kt_result();
    f = kt_vm_map_new_frame(env, env->vspace, va, seL4_ReadWrite);
    copy = kt_copy(env, f, seL4_AllRights);
    KT_CHECK_ERR(seL4_X86_Page_Map(copy, env->vspace, va2, seL4_ReadWrite, ATTR), seL4_NoError);
    p[0] = 0x1122334455667788ul;
    p[511] = 0x99;
    KT_CHECK_EQ(q[0], 0x1122334455667788ul);
    KT_CHECK_EQ(q[511], 0x99);
    q[7] = 0xabc;
    KT_CHECK_EQ(p[7], 0xabc);
    a = seL4_X86_Page_GetAddress(f);
    b = seL4_X86_Page_GetAddress(copy);
    KT_CHECK_ERR(a.error, seL4_NoError);
    KT_CHECK_EQ(a.paddr, b.paddr);
    KT_CHECK_EQ(a.paddr & 0xfff, 0);
    kt_free(env, copy);
    kt_free(env, f);
    kt_vm_release(env, &tables);
    return kt_result();
}

/* Rights: read-only maps are readable only; no Read right = kernel-only. */
static int test_rights(struct kt_env *env) {
    seL4_Word va = env->vm_window + 0x10000;
    struct kt_vm_tables tables;
    seL4_CPtr ro, ko, all, fresh, rocap;
    seL4_Word seen = 0;

    if (!kt_vm_prepare(env, env->vspace, va, &tables))
        return kt_result();
    ro = kt_alloc(env, seL4_X86_4K, 0);
    ko = kt_alloc(env, seL4_X86_4K, 0);
    all = kt_alloc(env, seL4_X86_4K, 0);
    fresh = kt_alloc(env, seL4_X86_4K, 0);
    KT_CHECK_ERR(seL4_X86_Page_Map(all, env->vspace, va, seL4_AllRights, ATTR), seL4_NoError);
    *(volatile seL4_Word *)va = 0x600;
    KT_CHECK_ERR(seL4_X86_Page_Map(ro, env->vspace, va + 0x1000, seL4_CanRead, ATTR), seL4_NoError);
    KT_CHECK_ERR(seL4_X86_Page_Map(ko, env->vspace, va + 0x2000, seL4_CanWrite, ATTR),
                 seL4_NoError);
    /* Grant bits do not matter: AllRights is read-write. */
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_store, va, 1, NULL), NO_FAULT);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_load, va + 0x1000, 0, &seen), NO_FAULT);
    KT_CHECK_EQ(seen, 0);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_store, va + 0x1000, 1, NULL), 0x7);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_load, va + 0x2000, 0, NULL), 0x5);
    /* A read-only cap maps read-only even when read-write is asked. */
    rocap = kt_copy(env, fresh, seL4_CanRead);
    KT_CHECK_ERR(seL4_X86_Page_Map(rocap, env->vspace, va + 0x3000, seL4_ReadWrite, ATTR),
                 seL4_NoError);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_store, va + 0x3000, 1, NULL), 0x7);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_load, va + 0x3000, 0, NULL), NO_FAULT);
    kt_free(env, rocap);
    kt_free(env, fresh);
    kt_free(env, all);
    kt_free(env, ko);
    kt_free(env, ro);
    kt_vm_release(env, &tables);
    return kt_result();
}

/* Unmap, deleting the frame, deleting the page table: access faults. */
static int test_unmap(struct kt_env *env) {
    seL4_Word va = env->vm_window + 0x20000;
    struct kt_vm_tables tables;
    seL4_CPtr f, g, ptcopy;

    if (!kt_vm_prepare(env, env->vspace, va, &tables))
        return kt_result();
    f = kt_vm_map_new_frame(env, env->vspace, va, seL4_ReadWrite);
    g = kt_vm_map_new_frame(env, env->vspace, va + 0x1000, seL4_ReadWrite);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_load, va, 0, NULL), NO_FAULT);
    KT_CHECK_ERR(seL4_X86_Page_Unmap(f), seL4_NoError);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_load, va, 0, NULL), 0x4);
    kt_free(env, f);
    /* A page table with another cap to it cannot be unmapped. */
    ptcopy = kt_copy(env, tables.pt, seL4_AllRights);
    KT_CHECK_ERR(seL4_X86_PageTable_Unmap(tables.pt), seL4_RevokeFirst);
    kt_free(env, ptcopy);
    KT_CHECK_ERR(seL4_X86_PageTable_Unmap(tables.pt), seL4_NoError);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_load, va + 0x1000, 0, NULL), 0x4);
    /* Mapped again, the (cleared) table has no entries. */
    KT_CHECK_ERR(seL4_X86_PageTable_Map(tables.pt, env->vspace, va, ATTR), seL4_NoError);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_load, va + 0x1000, 0, NULL), 0x4);
    kt_free(env, g);
    kt_vm_release(env, &tables);
    return kt_result();
}

/* A 2 MiB page in the root window. */
static int test_large_page(struct kt_env *env) {
    seL4_Word va = env->vm_window + 0x40000000;
    struct kt_vm_tables tables;
    seL4_CPtr big = kt_alloc(env, seL4_X86_LargePageObject, 0);
    volatile seL4_Word *p = (volatile seL4_Word *)va;
    seL4_X86_Page_GetAddress_t a;

    /* PDPT and PD for va; the PT the helper makes is removed again. */
    if (!kt_vm_prepare(env, env->vspace, va, &tables))
        return kt_result();
    kt_free(env, tables.pt);
    tables.pt = seL4_CapNull;
    KT_CHECK_ERR(seL4_X86_Page_Map(big, env->vspace, va, seL4_ReadWrite, ATTR), seL4_NoError);
    p[0] = 1;
    p[(1 << 21) / 8 - 1] = 2;
    KT_CHECK_EQ(p[0] + p[(1 << 21) / 8 - 1], 3);
    a = seL4_X86_Page_GetAddress(big);
    KT_CHECK_ERR(a.error, seL4_NoError);
    KT_CHECK_EQ(a.paddr & ((1 << 21) - 1), 0);
    kt_free(env, big);
    kt_vm_release(env, &tables);
    return kt_result();
}

/* A 1 GiB page (from device memory: there is no 1 GiB of free RAM). */
static int test_huge_page(struct kt_env *env) {
    seL4_Word va = env->vm_window + 0x80000000ul;
    struct kt_vm_tables tables;
    seL4_CPtr huge = kt_slot(env);
    seL4_CPtr pd2 = kt_alloc(env, seL4_X86_PageDirectoryObject, 0);
    seL4_X86_Page_GetAddress_t a;

    if (!KT_CHECK(env->dev_untyped != seL4_CapNull))
        return kt_result();
    KT_CHECK_ERR(kt_retype(env->dev_untyped, seL4_X64_HugePageObject, 0, huge), seL4_NoError);
    a = seL4_X86_Page_GetAddress(huge);
    KT_CHECK_EQ(a.paddr, env->dev_untyped_paddr);
    if (!kt_vm_prepare(env, env->vspace, va, &tables))
        return kt_result();
    /* The PD there is in the way. */
    KT_CHECK_ERR(seL4_X86_Page_Map(huge, env->vspace, va, seL4_ReadWrite, ATTR), seL4_DeleteFirst);
    KT_CHECK_ERR(seL4_X86_Page_Map(huge, env->vspace, va + 0x1000, seL4_ReadWrite, ATTR),
                 seL4_AlignmentError);
    KT_CHECK_ERR(seL4_X86_Page_Map(huge, env->vspace, va + 0x40000000, seL4_ReadWrite, ATTR),
                 seL4_NoError);
    /* ... and now no page directory fits there. */
    KT_CHECK_ERR(seL4_X86_PageDirectory_Map(pd2, env->vspace, va + 0x40000000, ATTR),
                 seL4_DeleteFirst);
    kt_free(env, pd2);
    kt_free(env, huge);
    kt_vm_release(env, &tables);
    return kt_result();
}

/* Every cache attribute is accepted (as a remap of the same page). */
static int test_attributes(struct kt_env *env) {
    seL4_Word va = env->vm_window + 0x30000;
    struct kt_vm_tables tables;
    seL4_CPtr f;
    seL4_Word attr;

    if (!kt_vm_prepare(env, env->vspace, va, &tables))
        return kt_result();
    f = kt_vm_map_new_frame(env, env->vspace, va, seL4_ReadWrite);
    for (attr = seL4_X86_WriteBack; attr <= seL4_X86_WriteCombining; attr++)
        KT_CHECK_ERR(
            seL4_X86_Page_Map(f, env->vspace, va, seL4_ReadWrite, (seL4_X86_VMAttributes)attr),
            seL4_NoError);
    *(volatile seL4_Word *)va = 5;
    KT_CHECK_EQ(*(volatile seL4_Word *)va, 5);
    kt_free(env, f);
    kt_vm_release(env, &tables);
    return kt_result();
}

/*
 * A 4 KiB map over an existing 4 KiB mapping replaces it; deleting the
 * replaced frame's cap later must not remove the new mapping.
 */
static int test_map_over_existing(struct kt_env *env) {
    seL4_Word va = env->vm_window + 0x40000;
    volatile seL4_Word *p = (volatile seL4_Word *)va;
    struct kt_vm_tables tables;
    seL4_CPtr a, b;

    if (!kt_vm_prepare(env, env->vspace, va, &tables))
        return kt_result();
    a = kt_vm_map_new_frame(env, env->vspace, va, seL4_ReadWrite);
    p[0] = 0xaaaa;
    b = kt_alloc(env, seL4_X86_4K, 0);
    KT_CHECK_ERR(seL4_X86_Page_Map(b, env->vspace, va, seL4_ReadWrite, ATTR), seL4_NoError);
    KT_CHECK_EQ(p[0], 0);
    p[0] = 0xbbbb;
    kt_free(env, a);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_load, va, 0, NULL), NO_FAULT);
    KT_CHECK_EQ(p[0], 0xbbbb);
    kt_free(env, b);
    kt_vm_release(env, &tables);
    return kt_result();
}

/* PDPT unmap follows the last-cap rule and removes the whole region. */
static int test_pdpt_unmap(struct kt_env *env) {
    seL4_Word va = env->vm_window + 0x50000;
    struct kt_vm_tables tables;
    seL4_CPtr f, copy;

    if (!kt_vm_prepare(env, env->vspace, va, &tables))
        return kt_result();
    f = kt_vm_map_new_frame(env, env->vspace, va, seL4_ReadWrite);
    copy = kt_copy(env, tables.pdpt, seL4_AllRights);
    KT_CHECK_ERR(seL4_X86_PDPT_Unmap(tables.pdpt), seL4_RevokeFirst);
    kt_free(env, copy);
    KT_CHECK_ERR(seL4_X86_PDPT_Unmap(tables.pdpt), seL4_NoError);
    KT_CHECK_EQ(probe_access(env, env->vspace, kt_probe_load, va, 0, NULL), 0x4);
    KT_CHECK_ERR(seL4_X86_PageDirectory_Unmap(tables.pd), seL4_NoError);
    kt_free(env, f);
    kt_vm_release(env, &tables);
    return kt_result();
}

/* MakePool: argument checks, up to 7 new pools, then DeleteFirst. */
static int test_make_pool(struct kt_env *env) {
    seL4_CPtr ut8k = kt_alloc(env, seL4_UntypedObject, 13);
    seL4_CPtr used = kt_alloc(env, seL4_UntypedObject, 12);
    seL4_CPtr child = kt_slot(env), busy = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr ut[8], pool[8];
    seL4_Error err;
    unsigned i, made = 0;

    KT_CHECK_ERR(kt_retype(used, seL4_EndpointObject, 0, child), seL4_NoError);
    for (i = 0; i < 8; i++) {
        ut[i] = kt_alloc(env, seL4_UntypedObject, seL4_ASIDPoolBits);
        pool[i] = kt_slot(env);
    }
    err = seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut8k, ROOT, pool[0], D64);
    KT_CHECK_ERR_MRS(err, seL4_InvalidCapability, 1);
    err = seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, busy, ROOT, pool[0], D64);
    KT_CHECK_ERR_MRS(err, seL4_InvalidCapability, 1);
    err = seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, used, ROOT, pool[0], D64);
    KT_CHECK_ERR(err, seL4_RevokeFirst);
    err = seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut[0], ROOT, busy, D64);
    KT_CHECK_ERR(err, seL4_DeleteFirst);
    for (i = 0; i < 8; i++) {
        err = seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut[i], ROOT, pool[i], D64);
        if (err != seL4_NoError)
            break;
        KT_CHECK_EQ(seL4_DebugCapIdentify(pool[i]), KT_CAP_ASID_POOL);
        made++;
    }
    /* Pools 1..7 are free at boot (pool 0 is the initial one). */
    KT_CHECK_EQ(made, 7);
    KT_CHECK_ERR(err, seL4_DeleteFirst);
    for (i = 0; i < 8; i++) {
        kt_free(env, pool[i]);
        kt_free(env, ut[i]);
    }
    kt_free(env, busy);
    kt_free(env, child);
    kt_free(env, used);
    kt_free(env, ut8k);
    return kt_result();
}

/* Assign: argument checks; a fresh pool takes 512 VSpaces, then is full. */
static int test_assign(struct kt_env *env) {
    seL4_CPtr ut = kt_alloc(env, seL4_UntypedObject, seL4_ASIDPoolBits);
    seL4_CPtr pool = kt_slot(env), ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr pml4s = kt_slots(env, 513);
    seL4_CPtr pml4ut = kt_alloc(env, seL4_UntypedObject, 22);
    seL4_Error err;
    unsigned i, ok = 0;

    if (pml4s == seL4_CapNull || pml4ut == seL4_CapNull)
        return kt_result();
    KT_CHECK_ERR(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, pool, D64),
                 seL4_NoError);
    for (i = 0; i < 513; i += 256) {
        err = seL4_Untyped_Retype(pml4ut, seL4_X64_PML4Object, 0, ROOT, 0, 0, pml4s + i,
                                  i + 256 <= 513 ? 256 : 513 - i);
        KT_CHECK_ERR(err, seL4_NoError);
    }
    KT_CHECK_ERR_MRS(seL4_X86_ASIDPool_Assign(pool, ep), seL4_InvalidCapability, 1);
    for (i = 0; i < 512; i++)
        if (seL4_X86_ASIDPool_Assign(pool, pml4s + i) == seL4_NoError)
            ok++;
    KT_CHECK_EQ(ok, 512);
    KT_CHECK_ERR(seL4_X86_ASIDPool_Assign(pool, pml4s + 512), seL4_DeleteFirst);
    /* Already assigned. */
    KT_CHECK_ERR_MRS(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4s),
                     seL4_InvalidCapability, 1);
    /* Deleting one VSpace frees its ASID. */
    kt_free(env, pml4s + 100);
    KT_CHECK_ERR(seL4_X86_ASIDPool_Assign(pool, pml4s + 512), seL4_NoError);
    for (i = 0; i < 513; i++)
        kt_free(env, pml4s + i);
    kt_free(env, pml4ut);
    kt_free(env, pool);
    kt_free(env, ut);
    kt_free(env, ep);
    return kt_result();
}

/*
 * Two address spaces: a child VSpace (only the probe page and one shared
 * frame mapped) stores into the shared frame, and cannot see our memory.
 */
static int test_separate_vspace(struct kt_env *env) {
    seL4_Word shared_va = 0x20000000, mine_va = env->vm_window + 0x60000;
    static volatile seL4_Word secret = 0x5ec12e7;
    struct kt_vm_tables child_tables, my_tables;
    struct kt_vspace vs;
    seL4_CPtr f, fc;

    if (!kt_vspace_create(env, &vs) || !kt_vm_prepare(env, vs.pml4, shared_va, &child_tables) ||
        !kt_vm_prepare(env, env->vspace, mine_va, &my_tables))
        return kt_result();
    f = kt_vm_map_new_frame(env, env->vspace, mine_va, seL4_ReadWrite);
    fc = kt_copy(env, f, seL4_AllRights);
    KT_CHECK_ERR(seL4_X86_Page_Map(fc, vs.pml4, shared_va, seL4_ReadWrite, ATTR), seL4_NoError);
    KT_CHECK_EQ(probe_access(env, vs.pml4, kt_probe_store, shared_va + 8, 0x5151, NULL), NO_FAULT);
    KT_CHECK_EQ(((volatile seL4_Word *)mine_va)[1], 0x5151);
    /* Our data is not mapped over there. */
    KT_CHECK_EQ(probe_access(env, vs.pml4, kt_probe_load, (seL4_Word)&secret, 0, NULL), 0x4);
    kt_free(env, fc);
    kt_free(env, f);
    kt_vm_release(env, &my_tables);
    kt_vm_release(env, &child_tables);
    kt_vspace_destroy(env, &vs);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"VSPACE0001", "missing levels: FailedLookup bitsLeft 39/30/21", test_missing_levels},
    {"VSPACE0002", "VSpace argument must be a PML4 with an ASID", test_bad_vspace},
    {"VSPACE0003", "frame alignment", test_alignment},
    {"VSPACE0004", "DeleteFirst for occupied slots", test_delete_first},
    {"VSPACE0005", "already-mapped caps", test_already_mapped},
    {"VSPACE0006", "user address space limits", test_address_limits},
    {"VSPACE0007", "map, access, alias, GetAddress", test_map_and_alias},
    {"VSPACE0008", "mapping rights: RO, kernel-only, grant ignored", test_rights},
    {"VSPACE0009", "unmap frame and page table", test_unmap},
    {"VSPACE0010", "2 MiB page", test_large_page},
    {"VSPACE0011", "1 GiB page", test_huge_page},
    {"VSPACE0012", "cache attributes", test_attributes},
    {"VSPACE0013", "4 KiB map replaces an existing mapping", test_map_over_existing},
    {"VSPACE0014", "PDPT/PD unmap", test_pdpt_unmap},
    {"VSPACE0015", "ASIDControl_MakePool", test_make_pool},
    {"VSPACE0016", "ASIDPool_Assign and a full pool", test_assign},
    {"VSPACE0017", "separate address spaces share only what is mapped", test_separate_vspace},
};

const struct kt_group kt_group_vspace = {"vspace", tests, KT_ARRAY_SIZE(tests)};
