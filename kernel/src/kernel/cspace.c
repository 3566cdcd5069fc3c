/*
 * Capability addressing: resolving a CPtr through a tree of CNodes.
 *
 * Each CNode level consumes `guard size` bits that must equal the CNode
 * cap's guard, then `radix` bits of slot index, most significant bits first.
 * Resolution stops when the bits run out or at a slot holding anything but
 * a CNode.  Failures are described as lookup faults (reference §5.1, §8.2).
 */
#include <kernel.h>
#include <sel4/errors.h>

syscall_error_t current_syscall_error;
lookup_fault_t current_lookup_fault;
fault_t current_fault;

static inline word_t shr(word_t x, word_t n) { return n >= 64 ? 0 : x >> n; }

exception_t resolve_address_bits(cap_t node, cptr_t cptr, word_t n_bits, lookup_slot_result_t *out)
{
    if (cap_get_type(node) != cap_cnode) {
        current_lookup_fault = (lookup_fault_t){ seL4_InvalidRoot, 0, 0, 0 };
        return EXCEPTION_LOOKUP_FAULT;
    }
    for (;;) {
        word_t radix = cap_cnode_radix(node), guard_size = cap_cnode_guard_size(node);
        word_t level = radix + guard_size;
        word_t guard = cap_cnode_guard(node) & MASK(guard_size);
        word_t found = shr(cptr, n_bits - guard_size) & MASK(guard_size);
        if (guard_size > n_bits || found != guard) {
            current_lookup_fault = (lookup_fault_t){ seL4_GuardMismatch, n_bits, guard, guard_size };
            return EXCEPTION_LOOKUP_FAULT;
        }
        if (level > n_bits) {
            current_lookup_fault = (lookup_fault_t){ seL4_DepthMismatch, n_bits, level, 0 };
            return EXCEPTION_LOOKUP_FAULT;
        }
        word_t index = shr(cptr, n_bits - level) & MASK(radix);
        cte_t *slot = (cte_t *)cap_ptr(node) + index;
        n_bits -= level;
        if (n_bits == 0 || cap_get_type(slot->cap) != cap_cnode) {
            out->slot = slot;
            out->bits_remaining = n_bits;
            return EXCEPTION_NONE;
        }
        node = slot->cap;
    }
}

exception_t lookup_slot(tcb_t *t, cptr_t cptr, cte_t **out)
{
    lookup_slot_result_t r;
    exception_t ex = resolve_address_bits(t->ctes[tcb_cte_cspace].cap, cptr, 64, &r);
    if (ex)
        return ex;
    *out = r.slot;
    return EXCEPTION_NONE;
}

exception_t lookup_cap_and_slot(tcb_t *t, cptr_t cptr, cap_t *cap, cte_t **slot)
{
    cte_t *s;
    exception_t ex = lookup_slot(t, cptr, &s);
    if (ex)
        return ex;
    if (slot)
        *slot = s;
    *cap = s->cap;
    return EXCEPTION_NONE;
}

exception_t lookup_cap(tcb_t *t, cptr_t cptr, cap_t *out)
{
    return lookup_cap_and_slot(t, cptr, out, NULL);
}

/* (root, index, depth) addressing for CNode operations: depth must be
 * consumed exactly. */
static exception_t lookup_for_cnode_op(bool is_source, cap_t root, cptr_t index, word_t depth, cte_t **out)
{
    current_syscall_error.failed_lookup_was_source = is_source;
    if (cap_get_type(root) != cap_cnode) {
        current_syscall_error.type = seL4_FailedLookup;
        current_lookup_fault = (lookup_fault_t){ seL4_InvalidRoot, 0, 0, 0 };
        return EXCEPTION_SYSCALL_ERROR;
    }
    if (depth < 1 || depth > 64) {
        current_syscall_error.type = seL4_RangeError;
        current_syscall_error.range_min = 1;
        current_syscall_error.range_max = 64;
        return EXCEPTION_SYSCALL_ERROR;
    }
    lookup_slot_result_t r;
    if (resolve_address_bits(root, index, depth, &r) != EXCEPTION_NONE) {
        current_syscall_error.type = seL4_FailedLookup;
        return EXCEPTION_SYSCALL_ERROR;
    }
    if (r.bits_remaining != 0) {
        current_syscall_error.type = seL4_FailedLookup;
        current_lookup_fault = (lookup_fault_t){ seL4_DepthMismatch, r.bits_remaining, 0, 0 };
        return EXCEPTION_SYSCALL_ERROR;
    }
    *out = r.slot;
    return EXCEPTION_NONE;
}

exception_t lookup_target_slot(cap_t root, cptr_t index, word_t depth, cte_t **out)
{
    return lookup_for_cnode_op(false, root, index, depth, out);
}

exception_t lookup_source_slot(cap_t root, cptr_t index, word_t depth, cte_t **out)
{
    return lookup_for_cnode_op(true, root, index, depth, out);
}

exception_t lookup_pivot_slot(cap_t root, cptr_t index, word_t depth, cte_t **out)
{
    return lookup_for_cnode_op(true, root, index, depth, out);
}
