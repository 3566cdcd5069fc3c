/*
 * Untyped memory: Retype.
 *
 * An untyped capability covers 2^size bytes and keeps a free index (the
 * watermark, in bytes).  Retype places n objects contiguously at the free
 * index rounded up to the object size and advances it; if the capability
 * has no children left, the watermark restarts at 0.  New capabilities are
 * children of the untyped in the derivation tree, so revoking the untyped
 * deletes them all.  Kernel objects are zeroed at creation; device memory
 * can only become frames or smaller device untypeds and is never touched.
 */
#include <kernel.h>
#include <sel4/objecttype.h>
#include <sel4/constants.h>
#include <sel4/invocation.h>

static exception_t error(word_t type)
{
    current_syscall_error.type = type;
    return EXCEPTION_SYSCALL_ERROR;
}

static exception_t range_error(word_t lo, word_t hi)
{
    current_syscall_error.type = seL4_RangeError;
    current_syscall_error.range_min = lo;
    current_syscall_error.range_max = hi;
    return EXCEPTION_SYSCALL_ERROR;
}

static exception_t invalid_arg(word_t n)
{
    current_syscall_error.type = seL4_InvalidArgument;
    current_syscall_error.invalid_argument_number = n;
    return EXCEPTION_SYSCALL_ERROR;
}

static bool is_frame_type(word_t t)
{
    return t == seL4_X86_4K || t == seL4_X86_LargePageObject || t == seL4_X64_HugePageObject;
}

exception_t decode_untyped_invocation(word_t label, word_t length, cte_t *slot, cap_t cap, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (label != UntypedRetype)
        return error(seL4_IllegalOperation);
    if (length < 6 || !current_extra_slots[0])
        return error(seL4_TruncatedMessage);
    word_t type = get_mr(t, buffer, 0), user_bits = get_mr(t, buffer, 1);
    word_t node_index = get_mr(t, buffer, 2), node_depth = get_mr(t, buffer, 3);
    word_t node_offset = get_mr(t, buffer, 4), n = get_mr(t, buffer, 5);
    cap_t root = current_extra_slots[0]->cap;

    if (type >= seL4_ObjectTypeCount)
        return invalid_arg(0);
    word_t obj_bits = object_size_bits(type, user_bits);
    if (user_bits >= 64 || obj_bits > seL4_MaxUntypedBits)
        return range_error(0, seL4_MaxUntypedBits);
    if (type == seL4_CapTableObject && user_bits == 0)
        return invalid_arg(1);
    if (type == seL4_UntypedObject && user_bits < seL4_MinUntypedBits)
        return invalid_arg(1);

    cap_t node = root;
    if (node_depth != 0) {
        cte_t *s;
        exception_t ex = lookup_target_slot(root, node_index, node_depth, &s);
        if (ex)
            return ex;
        node = s->cap;
    }
    if (cap_get_type(node) != cap_cnode) {
        current_syscall_error.type = seL4_FailedLookup;
        current_syscall_error.failed_lookup_was_source = false;
        current_lookup_fault = (lookup_fault_t){ seL4_MissingCapability, node_depth, 0, 0 };
        return EXCEPTION_SYSCALL_ERROR;
    }
    word_t node_size = BIT(cap_cnode_radix(node));
    if (node_offset > node_size - 1)
        return range_error(0, node_size - 1);
    if (n < 1 || n > CONFIG_RETYPE_FAN_OUT_LIMIT)
        return range_error(1, CONFIG_RETYPE_FAN_OUT_LIMIT);
    if (n > node_size - node_offset)
        return range_error(1, node_size - node_offset);
    cte_t *dest = (cte_t *)cap_ptr(node) + node_offset;
    for (word_t i = 0; i < n; i++)
        if (!cap_is_null(dest[i].cap))
            return error(seL4_DeleteFirst);

    bool device = cap_untyped_is_device(cap);
    if (device && !is_frame_type(type) && type != seL4_UntypedObject)
        return invalid_arg(1);
    word_t size = BIT(cap_untyped_size_bits(cap));
    word_t free_index = cdt_has_children(slot) ? cap_untyped_free_index(cap) : 0;
    paddr_t base = (paddr_t)cap_ptr(cap);
    word_t start = ROUND_UP(base + free_index, obj_bits) - base;
    word_t avail = start <= size ? size - start : 0;
    if ((avail >> obj_bits) < n) {
        current_syscall_error.type = seL4_NotEnoughMemory;
        current_syscall_error.memory_left = size - free_index;
        return EXCEPTION_SYSCALL_ERROR;
    }

    /* --- invoke --- */
    slot->cap = cap_untyped_set_free_index(cap, start + (n << obj_bits));
    for (word_t i = 0; i < n; i++) {
        paddr_t pa = base + start + (i << obj_bits);
        void *region = device ? NULL : ptr_from_paddr(pa);
        if (!device && type != seL4_UntypedObject)
            memset(region, 0, BIT(obj_bits));
        cap_t c = create_object(type, region, pa, user_bits, device);
        cdt_insert_child(slot, &dest[i], c, true, true);
    }
    return EXCEPTION_NONE;
}
