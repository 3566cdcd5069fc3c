/*
 * Capability encoding.
 *
 * A capability is two machine words (16 bytes), so that a capability slot
 * (cte_t: capability + derivation-tree links) is exactly 32 bytes, the size
 * the ABI fixes through seL4_SlotBits.
 *
 *   w0:  [4:0] cap type   [19:5] small type-specific fields
 *        [63:20] object pointer, stored as (kernel vaddr & 2^48-1) >> 4
 *   w1:  a type-specific word (badge, guard, mapped address, free index...)
 *
 * Frames store a physical address instead of a pointer (device frames may
 * lie outside the kernel window).  All fields are read and written through
 * the accessors below; nothing else in the kernel knows the bit layout.
 * tests/host/test_cap.c checks the round trips.
 */
#pragma once
#include <types.h>

typedef enum {
    cap_null = 0,
    cap_untyped,
    cap_endpoint,
    cap_notification,
    cap_reply,
    cap_cnode,
    cap_thread,
    cap_irq_control,
    cap_irq_handler,
    cap_zombie,
    cap_domain,
    cap_frame,
    cap_page_table,
    cap_page_directory,
    cap_pdpt,
    cap_pml4,
    cap_asid_control,
    cap_asid_pool,
    cap_io_port_control,
    cap_io_port,
    cap_type_count
} cap_type_t;

typedef struct cap {
    word_t w0, w1;
} cap_t;

/* Capability rights bits, as in seL4_CapRights. */
#define CAP_RIGHT_WRITE BIT(0)
#define CAP_RIGHT_READ BIT(1)
#define CAP_RIGHT_GRANT BIT(2)
#define CAP_RIGHT_GRANT_REPLY BIT(3)
#define CAP_RIGHTS_ALL 0xf

/* VM rights of frame caps. */
enum { vm_kernel_only = 1, vm_read_only = 2, vm_read_write = 3 };

/* Frame sizes. */
enum { frame_4k = 0, frame_2m = 1, frame_1g = 2 };

static inline cap_type_t cap_get_type(cap_t c) { return (cap_type_t)(c.w0 & 0x1f); }
static inline bool cap_is_null(cap_t c) { return cap_get_type(c) == cap_null; }

static inline word_t cap_field(cap_t c, unsigned lo, unsigned width) { return (c.w0 >> lo) & MASK(width); }
static inline cap_t cap_set_field(cap_t c, unsigned lo, unsigned width, word_t v)
{
    c.w0 = (c.w0 & ~(MASK(width) << lo)) | ((v & MASK(width)) << lo);
    return c;
}

static inline void *cap_ptr(cap_t c)
{
    word_t p = (c.w0 >> 20) << 4;
    if (p & BIT(47))
        p |= 0xffff000000000000ull;
    return (void *)p;
}
static inline cap_t cap_make(cap_type_t t, void *ptr, word_t w1)
{
    cap_t c;
    c.w0 = ((((word_t)ptr & MASK(48)) >> 4) << 20) | (word_t)t;
    c.w1 = w1;
    return c;
}
static inline cap_t cap_null_cap(void) { return (cap_t){ 0, 0 }; }

/* --- untyped: [10:5] size bits, [11] device; w1 = free index (bytes) --- */
static inline cap_t cap_untyped_new(void *ptr, unsigned size_bits, bool device, word_t free_index)
{
    cap_t c = cap_make(cap_untyped, ptr, free_index);
    c = cap_set_field(c, 5, 6, size_bits);
    return cap_set_field(c, 11, 1, device);
}
static inline unsigned cap_untyped_size_bits(cap_t c) { return cap_field(c, 5, 6); }
static inline bool cap_untyped_is_device(cap_t c) { return cap_field(c, 11, 1); }
static inline word_t cap_untyped_free_index(cap_t c) { return c.w1; }
static inline cap_t cap_untyped_set_free_index(cap_t c, word_t i) { c.w1 = i; return c; }

/* --- endpoint and notification: [8:5] rights; w1 = badge --- */
static inline cap_t cap_endpoint_new(void *ep, word_t badge, word_t rights)
{
    return cap_set_field(cap_make(cap_endpoint, ep, badge), 5, 4, rights);
}
static inline cap_t cap_notification_new(void *ntfn, word_t badge, word_t rights)
{
    return cap_set_field(cap_make(cap_notification, ntfn, badge), 5, 4, rights);
}
static inline word_t cap_rights(cap_t c) { return cap_field(c, 5, 4); }
static inline cap_t cap_set_rights(cap_t c, word_t r) { return cap_set_field(c, 5, 4, r); }
static inline word_t cap_badge(cap_t c) { return c.w1; }
static inline cap_t cap_set_badge(cap_t c, word_t b) { c.w1 = b; return c; }

/* --- reply: [5] can grant; pointer = caller TCB --- */
static inline cap_t cap_reply_new(void *tcb, bool can_grant)
{
    return cap_set_field(cap_make(cap_reply, tcb, 0), 5, 1, can_grant);
}
static inline bool cap_reply_can_grant(cap_t c) { return cap_field(c, 5, 1); }

/* --- cnode: [10:5] radix, [16:11] guard size; w1 = guard --- */
static inline cap_t cap_cnode_new(void *slots, unsigned radix, unsigned guard_size, word_t guard)
{
    cap_t c = cap_make(cap_cnode, slots, guard);
    c = cap_set_field(c, 5, 6, radix);
    return cap_set_field(c, 11, 6, guard_size);
}
static inline unsigned cap_cnode_radix(cap_t c) { return cap_field(c, 5, 6); }
static inline unsigned cap_cnode_guard_size(cap_t c) { return cap_field(c, 11, 6); }
static inline word_t cap_cnode_guard(cap_t c) { return c.w1; }

/* --- thread --- */
static inline cap_t cap_thread_new(void *tcb) { return cap_make(cap_thread, tcb, 0); }

/* --- irq handler: w1 = irq number --- */
static inline cap_t cap_irq_handler_new(word_t irq) { return (cap_t){ cap_irq_handler, irq }; }
static inline word_t cap_irq(cap_t c) { return c.w1; }

/* --- io port: w1 = first | last << 16 --- */
static inline cap_t cap_io_port_new(uint16_t first, uint16_t last)
{
    return (cap_t){ cap_io_port, (word_t)first | ((word_t)last << 16) };
}
static inline uint16_t cap_io_port_first(cap_t c) { return c.w1 & 0xffff; }
static inline uint16_t cap_io_port_last(cap_t c) { return (c.w1 >> 16) & 0xffff; }

/*
 * --- frame: [6:5] size, [8:7] vm rights, [9] device, [21:10] mapped ASID
 *     (0 = unmapped), [56:22] paddr >> 12; w1 = mapped vaddr ---
 */
static inline cap_t cap_frame_new(paddr_t pa, unsigned size, unsigned vmr, bool device)
{
    cap_t c = { cap_frame, 0 };
    c = cap_set_field(c, 5, 2, size);
    c = cap_set_field(c, 7, 2, vmr);
    c = cap_set_field(c, 9, 1, device);
    return cap_set_field(c, 22, 35, pa >> 12);
}
static inline unsigned cap_frame_size(cap_t c) { return cap_field(c, 5, 2); }
static inline unsigned cap_frame_vm_rights(cap_t c) { return cap_field(c, 7, 2); }
static inline cap_t cap_frame_set_vm_rights(cap_t c, unsigned r) { return cap_set_field(c, 7, 2, r); }
static inline bool cap_frame_is_device(cap_t c) { return cap_field(c, 9, 1); }
static inline paddr_t cap_frame_paddr(cap_t c) { return cap_field(c, 22, 35) << 12; }

/* Mapping info shared by frames and paging structures: [21:10] ASID, w1 vaddr. */
static inline word_t cap_mapped_asid(cap_t c) { return cap_field(c, 10, 12); }
static inline vptr_t cap_mapped_vaddr(cap_t c) { return c.w1; }
static inline cap_t cap_set_mapped(cap_t c, word_t asid, vptr_t va)
{
    c = cap_set_field(c, 10, 12, asid);
    c.w1 = va;
    return c;
}

/* --- paging structures (PT, PD, PDPT, PML4): pointer + mapping info.
 *     For a PML4, "mapped ASID" is the ASID assigned to it. --- */
static inline cap_t cap_paging_new(cap_type_t t, void *table) { return cap_make(t, table, 0); }

/* --- asid pool: [7:5] pool number --- */
static inline cap_t cap_asid_pool_new(void *pool, unsigned n)
{
    return cap_set_field(cap_make(cap_asid_pool, pool, 0), 5, 3, n);
}
static inline unsigned cap_asid_pool_number(cap_t c) { return cap_field(c, 5, 3); }

/*
 * --- zombie: a slot whose object is being torn down (see cnode.c's delete
 *     engine).  Pointer = the container's slot array, [10:5] radix (number
 *     of slots = 2^radix, or the TCB slot count with [11] set for a TCB);
 *     w1 = the slot holding the zombie of the enclosing container, or 0. ---
 */
static inline cap_t cap_zombie_new(void *slots, unsigned radix, bool is_tcb, void *parent)
{
    cap_t c = cap_make(cap_zombie, slots, (word_t)parent);
    c = cap_set_field(c, 5, 6, radix);
    return cap_set_field(c, 11, 1, is_tcb);
}
static inline unsigned cap_zombie_radix(cap_t c) { return cap_field(c, 5, 6); }
static inline bool cap_zombie_is_tcb(cap_t c) { return cap_field(c, 11, 1); }
