/*
 * bench/kb_env.c — allocation, address spaces and helper threads for kbench.
 *
 * Objects come from sel4rt's allocator (rt_alloc_object), which retypes
 * bootinfo untypeds into free slots of the root CNode.  Paging structures
 * that this file creates are remembered in a small table so that a second
 * mapping in the same 2 MiB / 1 GiB / 512 GiB region does not create them
 * again; the kernel's own answer (DeleteFirst: already present) is also
 * accepted, which covers the regions the kernel populated at boot.
 *
 * Helper threads share the root CNode (so every cptr means the same thing
 * to them as to the root task) and get no fault handler: a helper that
 * faults just stops, and the benchmark notices because it stops answering.
 */
#include "kb_env.h"

#include <sel4rt/sel4rt.h>

#define KB_MAX_PAGING 64

/* Paging levels below the PML4: the shift of the region one object covers. */
enum { KB_PDPT_SHIFT = 39, KB_PD_SHIFT = 30, KB_PT_SHIFT = 21 };

static struct {
    seL4_CPtr pml4;
    seL4_Word shift;
    seL4_Word index;
} kb_paging[KB_MAX_PAGING];
static unsigned kb_npaging;

static seL4_Word kb_img_base, kb_img_end;
static seL4_CPtr kb_img_first_frame;

int kb_image_init(const seL4_BootInfo *bi) {
    seL4_Word n = bi->userImageFrames.end - bi->userImageFrames.start;
    seL4_Word here = (seL4_Word)&kb_image_init;

    kb_img_end = (seL4_Word)bi->ipcBuffer;
    kb_img_base = kb_img_end - n * KB_PAGE_SIZE;
    kb_img_first_frame = bi->userImageFrames.start;
    if (n == 0 || here < kb_img_base || here >= kb_img_end)
        return -1;
    return 0;
}

seL4_CPtr kb_image_frame(const void *addr) {
    seL4_Word a = (seL4_Word)addr;

    if (a < kb_img_base || a >= kb_img_end)
        return 0;
    return kb_img_first_frame + (a - kb_img_base) / KB_PAGE_SIZE;
}

seL4_CPtr kb_alloc(seL4_Word type, seL4_Word size_bits) { return rt_alloc_object(type, size_bits); }

static int kb_paging_known(seL4_CPtr pml4, seL4_Word shift, seL4_Word index) {
    for (unsigned i = 0; i < kb_npaging; i++) {
        if (kb_paging[i].pml4 == pml4 && kb_paging[i].shift == shift && kb_paging[i].index == index)
            return 1;
    }
    return 0;
}

/* Create and map the paging object of level `shift` covering vaddr. */
static int kb_paging_level(seL4_CPtr pml4, seL4_Word shift, seL4_Word vaddr) {
    seL4_Word index = vaddr >> shift;
    seL4_Word base = index << shift;
    seL4_CPtr obj;
    int err;

    if (kb_paging_known(pml4, shift, index))
        return seL4_NoError;
    if (kb_npaging == KB_MAX_PAGING)
        return seL4_NotEnoughMemory;
    switch (shift) {
    case KB_PDPT_SHIFT:
        obj = kb_alloc(seL4_X86_PDPTObject, 0);
        err = obj ? seL4_X86_PDPT_Map(obj, pml4, base, seL4_X86_Default_VMAttributes)
                  : seL4_NotEnoughMemory;
        break;
    case KB_PD_SHIFT:
        obj = kb_alloc(seL4_X86_PageDirectoryObject, 0);
        err = obj ? seL4_X86_PageDirectory_Map(obj, pml4, base, seL4_X86_Default_VMAttributes)
                  : seL4_NotEnoughMemory;
        break;
    default:
        obj = kb_alloc(seL4_X86_PageTableObject, 0);
        err = obj ? seL4_X86_PageTable_Map(obj, pml4, base, seL4_X86_Default_VMAttributes)
                  : seL4_NotEnoughMemory;
        break;
    }
    /* DeleteFirst: the kernel already has a structure there (boot-time). */
    if (err != seL4_NoError && err != seL4_DeleteFirst)
        return err;
    kb_paging[kb_npaging].pml4 = pml4;
    kb_paging[kb_npaging].shift = shift;
    kb_paging[kb_npaging].index = index;
    kb_npaging++;
    return seL4_NoError;
}

int kb_prepare_paging(seL4_CPtr pml4, seL4_Word vaddr) {
    int err = kb_paging_level(pml4, KB_PDPT_SHIFT, vaddr);

    if (err == seL4_NoError)
        err = kb_paging_level(pml4, KB_PD_SHIFT, vaddr);
    if (err == seL4_NoError)
        err = kb_paging_level(pml4, KB_PT_SHIFT, vaddr);
    return err;
}

int kb_map_page(seL4_CPtr pml4, seL4_CPtr frame, seL4_Word vaddr) {
    int err = kb_prepare_paging(pml4, vaddr);

    if (err != seL4_NoError)
        return err;
    return seL4_X86_Page_Map(frame, pml4, vaddr, seL4_ReadWrite, seL4_X86_Default_VMAttributes);
}

int kb_clone_image_vspace(seL4_CPtr *pml4_out) {
    seL4_CPtr pml4 = kb_alloc(seL4_X64_PML4Object, 0);
    seL4_Word n = (kb_img_end - kb_img_base) / KB_PAGE_SIZE;
    int err;

    if (pml4 == 0)
        return seL4_NotEnoughMemory;
    err = seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4);
    if (err != seL4_NoError)
        return err;
    for (seL4_Word i = 0; i < n; i++) {
        seL4_CPtr copy = rt_alloc_slot();

        if (copy == 0)
            return seL4_NotEnoughMemory;
        err = seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits, seL4_CapInitThreadCNode,
                              kb_img_first_frame + i, seL4_WordBits, seL4_AllRights);
        if (err == seL4_NoError)
            err = kb_map_page(pml4, copy, kb_img_base + i * KB_PAGE_SIZE);
        if (err != seL4_NoError)
            return err;
    }
    *pml4_out = pml4;
    return seL4_NoError;
}

int kb_thread_create(kb_thread_t *t, seL4_CPtr vspace, seL4_Word prio, void *ipc_page,
                     void *stack_top) {
    seL4_CPtr frame = kb_image_frame(ipc_page);
    int err;

    t->tcb = kb_alloc(seL4_TCBObject, 0);
    t->stack_top = stack_top;
    if (t->tcb == 0 || frame == 0)
        return seL4_NotEnoughMemory;
    err = seL4_TCB_Configure(t->tcb, 0, seL4_CapInitThreadCNode, 0, vspace, 0, (seL4_Word)ipc_page,
                             frame);
    if (err == seL4_NoError)
        err = seL4_TCB_SetSchedParams(t->tcb, seL4_CapInitThreadTCB, prio, prio);
    return err;
}

int kb_thread_start(kb_thread_t *t, void *entry, seL4_Word a0, seL4_Word a1, seL4_Word a2,
                    seL4_Word a3) {
    seL4_UserContext ctx = {0};

    ctx.rip = (seL4_Word)entry;
    ctx.rsp = (seL4_Word)t->stack_top;
    ctx.rflags = 0x202;
    ctx.rdi = a0;
    ctx.rsi = a1;
    ctx.rdx = a2;
    ctx.rcx = a3;
    return seL4_TCB_WriteRegisters(t->tcb, 1, 0, sizeof(ctx) / sizeof(seL4_Word), &ctx);
}

int kb_thread_stop(kb_thread_t *t) { return seL4_TCB_Suspend(t->tcb); }
