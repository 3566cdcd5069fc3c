/*
 * vmhelp.c — virtual-memory helpers shared by the tests: building the
 * paging structures for an address, mapping fresh frames, and whole new
 * address spaces with the probe page mapped.
 *
 * x86_64 paging as seen through the ABI: a PML4 (the VSpace root, needs an
 * ASID) holds PDPTs (512 GiB each), a PDPT holds PDs (1 GiB) or 1 GiB
 * pages, a PD holds PTs (2 MiB) or 2 MiB pages, a PT holds 4 KiB pages.
 * Each level is mapped by invoking the lower-level object with the PML4 as
 * argument; DeleteFirst means "already something there", which the
 * helpers take as "this level exists".  Everything is carved from the
 * test's untyped, so the runner's final revoke would clean up anyway, but
 * the helpers give back what they made (the leak check insists).
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

/* Map a fresh object of `type` at vaddr; its cap, or 0 if already there. */
static bool kt_vm_level(struct kt_env *env, seL4_CPtr vspace, seL4_Word vaddr, seL4_Word type,
                        seL4_CPtr *out) {
    seL4_CPtr cap = kt_alloc(env, type, 0);
    seL4_Error err;

    *out = seL4_CapNull;
    if (cap == seL4_CapNull)
        return false;
    switch (type) {
    case seL4_X86_PDPTObject:
        err = seL4_X86_PDPT_Map(cap, vspace, vaddr, seL4_X86_Default_VMAttributes);
        break;
    case seL4_X86_PageDirectoryObject:
        err = seL4_X86_PageDirectory_Map(cap, vspace, vaddr, seL4_X86_Default_VMAttributes);
        break;
    default:
        err = seL4_X86_PageTable_Map(cap, vspace, vaddr, seL4_X86_Default_VMAttributes);
        break;
    }
    if (err == seL4_NoError) {
        *out = cap;
        return true;
    }
    kt_free(env, cap);
    if (err == seL4_DeleteFirst)
        return true;
    KT_FAIL_MSG("mapping paging object type %lu at 0x%lx: %s", type, vaddr, kt_error_name(err));
    return false;
}

bool kt_vm_prepare(struct kt_env *env, seL4_CPtr vspace, seL4_Word vaddr,
                   struct kt_vm_tables *tables) {
    tables->pdpt = tables->pd = tables->pt = seL4_CapNull;
    return kt_vm_level(env, vspace, vaddr, seL4_X86_PDPTObject, &tables->pdpt) &&
           kt_vm_level(env, vspace, vaddr, seL4_X86_PageDirectoryObject, &tables->pd) &&
           kt_vm_level(env, vspace, vaddr, seL4_X86_PageTableObject, &tables->pt);
}

void kt_vm_release(struct kt_env *env, struct kt_vm_tables *tables) {
    kt_free(env, tables->pt);
    kt_free(env, tables->pd);
    kt_free(env, tables->pdpt);
    tables->pdpt = tables->pd = tables->pt = seL4_CapNull;
}

seL4_CPtr kt_vm_map_new_frame(struct kt_env *env, seL4_CPtr vspace, seL4_Word vaddr,
                              seL4_CapRights_t rights) {
    seL4_CPtr frame = kt_alloc(env, seL4_X86_4K, 0);
    seL4_Error err;

    if (frame == seL4_CapNull)
        return seL4_CapNull;
    err = seL4_X86_Page_Map(frame, vspace, vaddr, rights, seL4_X86_Default_VMAttributes);
    if (err != seL4_NoError) {
        KT_FAIL_MSG("mapping a frame at 0x%lx: %s", vaddr, kt_error_name(err));
        kt_free(env, frame);
        return seL4_CapNull;
    }
    return frame;
}

bool kt_vspace_create(struct kt_env *env, struct kt_vspace *vs) {
    seL4_CPtr image_frame = rt_image_frame_cap(kt_probe_page_start);
    seL4_Error err;

    memset(vs, 0, sizeof(*vs));
    if (!KT_CHECK(kt_probe_page_end - kt_probe_page_start == 4096) ||
        !KT_CHECK(image_frame != seL4_CapNull))
        return false;
    vs->pml4 = kt_alloc(env, seL4_X64_PML4Object, 0);
    if (vs->pml4 == seL4_CapNull)
        return false;
    err = seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs->pml4);
    if (!KT_CHECK_ERR(err, seL4_NoError))
        return false;
    if (!kt_vm_prepare(env, vs->pml4, (seL4_Word)kt_probe_page_start, &vs->tables))
        return false;
    vs->code_frame = kt_copy(env, image_frame, seL4_AllRights);
    if (vs->code_frame == seL4_CapNull)
        return false;
    err = seL4_X86_Page_Map(vs->code_frame, vs->pml4, (seL4_Word)kt_probe_page_start, seL4_CanRead,
                            seL4_X86_Default_VMAttributes);
    return KT_CHECK_ERR(err, seL4_NoError);
}

void kt_vspace_destroy(struct kt_env *env, struct kt_vspace *vs) {
    kt_free(env, vs->code_frame);
    kt_vm_release(env, &vs->tables);
    kt_free(env, vs->pml4);
    memset(vs, 0, sizeof(*vs));
}
