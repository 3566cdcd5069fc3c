/*
 * bench/kb_env.h — the small environment kbench builds on top of sel4rt:
 * object allocation, a second address space that maps the program image,
 * and helper threads that run the assembly bodies of kb_asm.S.
 *
 * The program image is reachable two ways: the root task's own mapping,
 * and the frame caps the kernel lists in bootinfo->userImageFrames (one per
 * 4 KiB page, ascending from the lowest image address).  A page-aligned
 * static buffer therefore has a frame cap for free — kb_image_frame() —
 * which is how helper threads get their IPC buffers, and how a second VSpace
 * gets the same code and data at the same addresses (copies of every image
 * frame cap, mapped into a fresh PML4).
 */
#ifndef KB_ENV_H
#define KB_ENV_H

#include <sel4/sel4.h>

#define KB_PAGE_SIZE 4096ul

/* Record where the image is; 0 on success. */
int kb_image_init(const seL4_BootInfo *bi);

/* Frame cap of the image page holding addr (0 if addr is outside). */
seL4_CPtr kb_image_frame(const void *addr);

/* Retype one object; 0 if out of memory or slots. */
seL4_CPtr kb_alloc(seL4_Word type, seL4_Word size_bits);

/*
 * Map `frame` read-write at `vaddr` in `pml4`, creating the PDPT, page
 * directory and page table on the way when this code has not created them
 * before.  Returns the seL4_Error of the last invocation.
 */
int kb_map_page(seL4_CPtr pml4, seL4_CPtr frame, seL4_Word vaddr);

/* Make paging structures so a 4 KiB page can be mapped at vaddr. */
int kb_prepare_paging(seL4_CPtr pml4, seL4_Word vaddr);

/*
 * New VSpace (PML4 + ASID from the initial pool) in which every image page
 * is mapped at its usual address.  *pml4 = its cap.  Returns seL4_Error.
 */
int kb_clone_image_vspace(seL4_CPtr *pml4);

typedef struct kb_thread {
    seL4_CPtr tcb;
    void *stack_top;
} kb_thread_t;

/*
 * Create a thread in `vspace` sharing the root CNode, with priority and MCP
 * `prio`, no fault handler, and the IPC buffer `ipc_page` (a page-aligned
 * image page).  It does not run until kb_thread_start().
 */
int kb_thread_create(kb_thread_t *t, seL4_CPtr vspace, seL4_Word prio, void *ipc_page,
                     void *stack_top);

/* (Re)start t at entry(a0, a1, a2, a3); a running thread is restarted. */
int kb_thread_start(kb_thread_t *t, void *entry, seL4_Word a0, seL4_Word a1, seL4_Word a2,
                    seL4_Word a3);

/* Stop t (suspend); it can be started again. */
int kb_thread_stop(kb_thread_t *t);

#endif /* KB_ENV_H */
