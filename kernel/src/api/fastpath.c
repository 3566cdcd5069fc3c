/*
 * The IPC fastpath: Call and ReplyRecv with a short message (at most the
 * four register MRs, no capabilities) between threads where nothing else
 * needs deciding.  It does exactly what the general path would do for
 * that case, in straight-line code, and switches directly to the partner:
 *
 *   Call:       endpoint has a waiting receiver that outranks every ready
 *               thread → message to the receiver, we block on reply, reply
 *               cap into the receiver's caller slot, run the receiver.
 *   ReplyRecv:  we hold a reply cap to a caller that outranks every ready
 *               thread, and the endpoint has no waiting sender (nor our
 *               bound notification a pending signal) → reply to the caller,
 *               we block receiving, run the caller.
 * Either way the current thread blocks, so the partner only has to be the
 * best ready thread, whatever our own priority (a server replying to a
 * lower-priority client stays on the fastpath).
 *
 * Any other situation returns false and the general path handles it.
 * Both partners entered the kernel through `syscall`, so the exit is a
 * sysretq.  Budget (debug build, guest instructions, see docs/kernel.md):
 * the checks are loads and compares; the work is a queue operation, four
 * register copies, the reply-cap write and the context switch.
 */
#include <kernel.h>

/*
 * Resolve by hand through one CNode level (NT threads' CSpaces) or two
 * (the executive's, 1024 x 4096 slots), taking exactly the steps of
 * resolve_address_bits without its bookkeeping.  Anything else (a guard
 * or depth mismatch, a third level) takes the general lookup, which also
 * records the lookup fault.
 */
static inline __attribute__((always_inline)) bool fast_lookup(tcb_t *t, word_t cptr, cap_t *out)
{
    cap_t root = t->ctes[tcb_cte_cspace].cap;
    if (cap_get_type(root) == cap_cnode) {
        word_t radix = cap_cnode_radix(root), gs = cap_cnode_guard_size(root), used = radix + gs;
        if (radix && used == 64) {
            if ((cptr >> radix) == (cap_cnode_guard(root) & MASK(gs))) {
                *out = ((cte_t *)cap_ptr(root))[cptr & MASK(radix)].cap;
                return true;
            }
        } else if (radix && used < 64) {
            word_t rest = 64 - used, top = cptr >> rest; /* top: this level's used bits */
            if ((top >> radix) == (cap_cnode_guard(root) & MASK(gs))) {
                cap_t next = ((cte_t *)cap_ptr(root))[top & MASK(radix)].cap;
                if (cap_get_type(next) != cap_cnode) {
                    *out = next; /* resolution stops at a slot holding anything else */
                    return true;
                }
                word_t r2 = cap_cnode_radix(next), g2 = cap_cnode_guard_size(next);
                if (r2 && r2 + g2 == rest && ((cptr & MASK(rest)) >> r2) == (cap_cnode_guard(next) & MASK(g2))) {
                    *out = ((cte_t *)cap_ptr(next))[cptr & MASK(r2)].cap;
                    return true;
                }
            }
        }
    }
    return lookup_cap(t, cptr, out) == EXCEPTION_NONE;
}

static inline void copy_mrs(tcb_t *from, tcb_t *to, word_t n)
{
    switch (n) {
    case 4:
        to->ctx.r15 = from->ctx.r15;
        /* fall through */
    case 3:
        to->ctx.r9 = from->ctx.r9;
        /* fall through */
    case 2:
        to->ctx.r8 = from->ctx.r8;
        /* fall through */
    case 1:
        to->ctx.r10 = from->ctx.r10;
        /* fall through */
    default:
        break;
    }
}

static inline void fast_switch(tcb_t *to)
{
    arch_switch_context(ks_cur_thread, to);
    ks_cur_thread = to;
    set_vm_root(to);
}

bool fastpath_call(word_t cptr, word_t info)
{
    tcb_t *cur = ks_cur_thread;
    if ((info & 0x180) || (info & 0x7f) > 4)
        return false;
    cap_t cap;
    if (!fast_lookup(cur, cptr, &cap) || cap_get_type(cap) != cap_endpoint)
        return false;
    word_t rights = cap_rights(cap);
    if (!(rights & CAP_RIGHT_WRITE) || !(rights & (CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY)))
        return false;
    endpoint_t *ep = cap_ptr(cap);
    if (ep_state(ep) != ep_recv)
        return false;
    tcb_t *dest = ep_head(ep);
    cte_t *caller_slot = &dest->ctes[tcb_cte_caller];
    /* We block, so dest must be the best thread to run next. */
    if ((sword_t)dest->prio < highest_ready_prio() || !cap_is_null(caller_slot->cap))
        return false;

    ep_remove(ep, dest);
    word_t n = info & 0x7f;
    copy_mrs(cur, dest, n);
    dest->ctx.rsi = info & ~0xe00ull; /* label and length; no caps */
    dest->ctx.rdi = cap_badge(cap);
    cur->state = ts_blocked_on_reply;
    caller_slot->cap = cap_reply_new(cur, dest->reply_can_grant);
    caller_slot->mdb = (mdb_t){ 0, 0 };
    cur->reply_slot = caller_slot;
    dest->state = ts_running;
    fast_switch(dest);
    return true;
}

bool fastpath_reply_recv(word_t cptr, word_t info)
{
    tcb_t *cur = ks_cur_thread;
    if ((info & 0x180) || (info & 0x7f) > 4)
        return false;
    cap_t cap;
    if (!fast_lookup(cur, cptr, &cap) || cap_get_type(cap) != cap_endpoint ||
        !(cap_rights(cap) & CAP_RIGHT_READ))
        return false;
    endpoint_t *ep = cap_ptr(cap);
    if (ep_state(ep) == ep_send)
        return false;
    notification_t *bound = cur->bound_notification;
    if (bound && ntfn_state(bound) == ntfn_active)
        return false;
    cte_t *caller_slot = &cur->ctes[tcb_cte_caller];
    if (cap_get_type(caller_slot->cap) != cap_reply)
        return false;
    tcb_t *caller = cap_ptr(caller_slot->cap);
    if (caller->state != ts_blocked_on_reply || caller->fault.type != fault_null ||
        (sword_t)caller->prio < highest_ready_prio())
        return false;

    caller_slot->cap = cap_null_cap();
    caller->reply_slot = NULL;
    cur->blocked_on = ep;
    cur->reply_can_grant = cap_rights(cap) & CAP_RIGHT_GRANT;
    cur->state = ts_blocked_on_receive;
    ep_append(ep, cur, ep_recv);
    word_t n = info & 0x7f;
    copy_mrs(cur, caller, n);
    caller->ctx.rsi = info & ~0xe00ull;
    caller->ctx.rdi = 0;
    caller->state = ts_running;
    fast_switch(caller);
    return true;
}
