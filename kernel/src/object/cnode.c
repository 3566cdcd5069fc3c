/*
 * CNode invocations and the capability delete engine.
 *
 * Deleting the last capability to a container (a CNode, or a TCB with its
 * own capability slots) must delete everything inside it, which may contain
 * the last capabilities of further containers, and so on.  Doing that by
 * recursion would let a user nest CNodes deep enough to overflow the kernel
 * stack, so the engine is iterative:
 *
 *   - the slot holding a dying container's last capability is turned into a
 *     zombie capability: {container, the zombie slot of the container that
 *     encloses it (or none)};
 *   - the container's slots are emptied from the top down; a slot holding
 *     the last capability of another container becomes that container's
 *     zombie and the walk descends into it;
 *   - when a container is empty its zombie slot is cleared and the walk
 *     resumes in the enclosing container just below the slot it came from.
 *
 * The chain of zombie slots is the walk's stack, kept in the objects being
 * destroyed (pointer reversal), so the kernel needs no memory for it.
 * Zombies met while scanning are ancestors of the walk (capability cycles)
 * and are cleared when the walk returns to them.  All of it happens within
 * one system call; nothing can observe a zombie.
 */
#include <kernel.h>
#include <sel4/invocation.h>
#include <sel4/constants.h>

static exception_t error(word_t type)
{
    current_syscall_error.type = type;
    return EXCEPTION_SYSCALL_ERROR;
}

exception_t ensure_empty_slot(cte_t *slot)
{
    if (!cap_is_null(slot->cap))
        return error(seL4_DeleteFirst);
    return EXCEPTION_NONE;
}

/* Keep a caller's pointer to the slot holding its reply capability. */
static void note_reply_slot(cte_t *slot)
{
    if (cap_get_type(slot->cap) == cap_reply)
        ((tcb_t *)cap_ptr(slot->cap))->reply_slot = slot;
}

void cte_insert_copy(cap_t cap, cte_t *src, cte_t *dest)
{
    bool rev = cap_is_revocable_on_copy(cap, src->cap);
    cdt_insert_child(src, dest, cap, rev, rev);
}

static void cte_move(cap_t cap, cte_t *from, cte_t *to)
{
    cdt_move(from, to, cap);
    note_reply_slot(to);
}

/* Delete one capability that is not the last one to a container. */
void cte_delete_one(cte_t *slot)
{
    cap_t cap = slot->cap;
    if (cap_is_null(cap))
        return;
    bool final = cdt_is_final(slot);
    if (cap_get_type(cap) == cap_reply) {
        tcb_t *caller = cap_ptr(cap);
        if (caller->reply_slot == slot)
            caller->reply_slot = NULL;
    }
    finalise_cap(cap, final);
    cdt_remove(slot);
}

static void prepare_thread_delete(tcb_t *t)
{
    suspend_thread(t);
    unbind_notification(t);
    if (t->reply_slot)
        cte_delete_one(t->reply_slot);
    fpu_thread_delete(t);
    debug_list_remove(t);
    if (ks_sched_action == t)
        ks_sched_action = SCHED_CHOOSE_NEW;
}

static void make_zombie(cte_t *slot, cte_t *parent)
{
    cap_t cap = slot->cap;
    if (cap_get_type(cap) == cap_thread) {
        tcb_t *t = cap_ptr(cap);
        prepare_thread_delete(t);
        slot->cap = cap_zombie_new(t, 0, true, parent);
    } else {
        slot->cap = cap_zombie_new(cap_ptr(cap), cap_cnode_radix(cap), false, parent);
    }
}

static word_t zombie_slots(cap_t z)
{
    return cap_zombie_is_tcb(z) ? tcb_cte_count : BIT(cap_zombie_radix(z));
}

static void reap(cte_t *zslot)
{
    word_t i = zombie_slots(zslot->cap);
    for (;;) {
        cte_t *base = cap_ptr(zslot->cap);
        bool descended = false;
        for (; i > 0; i--) {
            cte_t *s = &base[i - 1];
            cap_type_t t = cap_get_type(s->cap);
            if (t == cap_null || t == cap_zombie)
                continue;
            if (cap_is_container(s->cap) && cdt_is_final(s)) {
                make_zombie(s, zslot);
                zslot = s;
                i = zombie_slots(s->cap);
                descended = true;
                break;
            }
            cte_delete_one(s);
        }
        if (descended)
            continue;
        cte_t *parent = (cte_t *)cap_badge(zslot->cap);
        cdt_remove(zslot);
        if (!parent)
            return;
        i = (word_t)(zslot - (cte_t *)cap_ptr(parent->cap));
        zslot = parent;
    }
}

exception_t cte_delete(cte_t *slot)
{
    if (cap_is_null(slot->cap))
        return EXCEPTION_NONE;
    if (!cap_is_container(slot->cap) || !cdt_is_final(slot)) {
        cte_delete_one(slot);
        return EXCEPTION_NONE;
    }
    make_zombie(slot, NULL);
    reap(slot);
    return EXCEPTION_NONE;
}

exception_t cte_revoke(cte_t *slot)
{
    cte_t *n;
    while (!cap_is_null(slot->cap) && (n = mdb_next(slot)) && cdt_is_parent_of(slot, n))
        cte_delete(n);
    return EXCEPTION_NONE;
}

/* ------------------------------------------------------------- decode */

static exception_t missing_source(word_t depth)
{
    current_syscall_error.type = seL4_FailedLookup;
    current_syscall_error.failed_lookup_was_source = true;
    current_lookup_fault = (lookup_fault_t){ seL4_MissingCapability, depth, 0, 0 };
    return EXCEPTION_SYSCALL_ERROR;
}

static exception_t decode_copy_family(word_t label, word_t length, cte_t *dest, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (length < 4 || !current_extra_slots[0])
        return error(seL4_TruncatedMessage);
    word_t src_index = get_mr(t, buffer, 2), src_depth = get_mr(t, buffer, 3);
    cap_t src_root = current_extra_slots[0]->cap;
    exception_t ex = ensure_empty_slot(dest);
    if (ex)
        return ex;
    cte_t *src;
    ex = lookup_source_slot(src_root, src_index, src_depth, &src);
    if (ex)
        return ex;
    if (cap_is_null(src->cap))
        return missing_source(src_depth);

    cap_t new_cap;
    switch (label) {
    case CNodeCopy:
    case CNodeMint: {
        if (length < (label == CNodeCopy ? 5u : 6u))
            return error(seL4_TruncatedMessage);
        word_t rights = get_mr(t, buffer, 4) & CAP_RIGHTS_ALL;
        cap_t c = mask_cap_rights(rights, src->cap);
        if (label == CNodeMint) {
            c = update_cap_data(false, get_mr(t, buffer, 5), c);
            if (cap_is_null(c))
                return error(seL4_IllegalOperation);
        }
        ex = derive_cap(src, c, &new_cap);
        if (ex)
            return ex;
        if (cap_is_null(new_cap))
            return error(seL4_IllegalOperation);
        cte_insert_copy(new_cap, src, dest);
        return EXCEPTION_NONE;
    }
    case CNodeMove:
        cte_move(src->cap, src, dest);
        return EXCEPTION_NONE;
    default: /* CNodeMutate */
        if (length < 5)
            return error(seL4_TruncatedMessage);
        new_cap = update_cap_data(true, get_mr(t, buffer, 4), src->cap);
        if (cap_is_null(new_cap))
            return error(seL4_IllegalOperation);
        cte_move(new_cap, src, dest);
        return EXCEPTION_NONE;
    }
}

static exception_t decode_rotate(word_t length, cte_t *dest, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (length < 8 || !current_extra_slots[0] || !current_extra_slots[1])
        return error(seL4_TruncatedMessage);
    word_t dest_badge = get_mr(t, buffer, 2);
    word_t pivot_index = get_mr(t, buffer, 3), pivot_depth = get_mr(t, buffer, 4);
    word_t pivot_badge = get_mr(t, buffer, 5);
    word_t src_index = get_mr(t, buffer, 6), src_depth = get_mr(t, buffer, 7);
    cte_t *pivot, *src;
    exception_t ex = lookup_pivot_slot(current_extra_slots[0]->cap, pivot_index, pivot_depth, &pivot);
    if (ex)
        return ex;
    ex = lookup_source_slot(current_extra_slots[1]->cap, src_index, src_depth, &src);
    if (ex)
        return ex;
    if (pivot == src || pivot == dest)
        return error(seL4_IllegalOperation);
    if (src != dest) {
        ex = ensure_empty_slot(dest);
        if (ex)
            return ex;
    }
    if (cap_is_null(src->cap))
        return missing_source(src_depth);
    if (cap_is_null(pivot->cap))
        return missing_source(pivot_depth);
    cap_t new_src = update_cap_data(true, pivot_badge, src->cap);
    cap_t new_pivot = update_cap_data(true, dest_badge, pivot->cap);
    if (cap_is_null(new_src) || cap_is_null(new_pivot))
        return error(seL4_IllegalOperation);
    if (src == dest) {
        cdt_swap(new_src, src, new_pivot, pivot);
        note_reply_slot(src);
        note_reply_slot(pivot);
    } else {
        cte_move(new_pivot, pivot, dest);
        cte_move(new_src, src, pivot);
    }
    return EXCEPTION_NONE;
}

exception_t decode_cnode_invocation(word_t label, word_t length, cap_t cap, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (label < CNodeRevoke || label > CNodeSaveCaller)
        return error(seL4_IllegalOperation);
    if (length < 2)
        return error(seL4_TruncatedMessage);
    cte_t *dest;
    exception_t ex = lookup_target_slot(cap, get_mr(t, buffer, 0), get_mr(t, buffer, 1), &dest);
    if (ex)
        return ex;
    switch (label) {
    case CNodeCopy:
    case CNodeMint:
    case CNodeMove:
    case CNodeMutate:
        return decode_copy_family(label, length, dest, buffer);
    case CNodeRevoke:
        return cte_revoke(dest);
    case CNodeDelete:
        return cte_delete(dest);
    case CNodeSaveCaller: {
        ex = ensure_empty_slot(dest);
        if (ex)
            return ex;
        cte_t *caller = &t->ctes[tcb_cte_caller];
        if (cap_get_type(caller->cap) == cap_reply)
            cte_move(caller->cap, caller, dest);
        return EXCEPTION_NONE;
    }
    case CNodeCancelBadgedSends: {
        cap_t c = dest->cap;
        if (cap_get_type(c) != cap_endpoint || cap_rights(c) != CAP_RIGHTS_ALL)
            return error(seL4_IllegalOperation);
        if (cap_badge(c))
            cancel_badged_sends(cap_ptr(c), cap_badge(c));
        return EXCEPTION_NONE;
    }
    default: /* CNodeRotate */
        return decode_rotate(length, dest, buffer);
    }
}
