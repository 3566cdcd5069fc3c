/*
 * The capability derivation tree (CDT).
 *
 * The tree is stored as a doubly linked list in depth-first order through
 * the mdb links of every slot: a capability's descendants are exactly the
 * run of nodes after it for which cdt_is_parent_of() holds.  With that
 * representation
 *   - inserting a child or a copy is O(1) (right after its source),
 *   - "is this the last capability to the object" (cdt_is_final) only looks
 *     at the two neighbours, because capabilities to one object are always
 *     adjacent, and
 *   - revoke deletes successors until one is no longer a child.
 *
 * Parenthood: the parent must be revocable and cover the child's region
 * (untyped memory covers the objects retyped from it; otherwise the same
 * object).  Badged endpoint/notification caps form sub-trees: an unbadged
 * original is the parent of all its badged mints; a badged cap is the
 * parent of later copies with the same badge, up to the next node marked
 * "first badged" (the start of another mint of the same badge).
 *
 * Pure logic over cte_t: compiled for the host too (tests/host/test_cdt.c).
 */
#include <kernel.h>

/* --- regions ---------------------------------------------------------- */

static bool cap_is_physical(cap_t c, paddr_t *base, word_t *size)
{
    switch (cap_get_type(c)) {
    case cap_untyped:
        *base = (paddr_t)cap_ptr(c);
        *size = BIT(cap_untyped_size_bits(c));
        return true;
    case cap_frame: {
        static const unsigned bits[3] = { 12, 21, 30 };
        *base = cap_frame_paddr(c);
        *size = BIT(bits[cap_frame_size(c)]);
        return true;
    }
    case cap_endpoint: *size = 16; break;
    case cap_notification: *size = 32; break;
    case cap_cnode: *size = 32ull << cap_cnode_radix(c); break;
    case cap_thread: *size = 2048; break;
    case cap_page_table:
    case cap_page_directory:
    case cap_pdpt:
    case cap_pml4:
    case cap_asid_pool: *size = 4096; break;
    case cap_zombie: *size = cap_zombie_is_tcb(c) ? 2048 : (32ull << cap_zombie_radix(c)); break;
    default: return false;
    }
    *base = paddr_from_ptr(cap_ptr(c));
    return true;
}

/* Does `a` cover what `b` refers to? */
bool cap_same_region(cap_t a, cap_t b)
{
    cap_type_t ta = cap_get_type(a), tb = cap_get_type(b);
    paddr_t ab, bb;
    word_t as, bs;
    switch (ta) {
    case cap_untyped:
        if (!cap_is_physical(b, &bb, &bs))
            return false;
        cap_is_physical(a, &ab, &as);
        return bb >= ab && bb + bs - 1 <= ab + as - 1 && bs > 0;
    case cap_frame:
        if (tb != cap_frame)
            return false;
        cap_is_physical(a, &ab, &as);
        cap_is_physical(b, &bb, &bs);
        return bb >= ab && bb + bs - 1 <= ab + as - 1;
    case cap_endpoint:
    case cap_notification:
    case cap_thread:
    case cap_page_table:
    case cap_page_directory:
    case cap_pdpt:
    case cap_pml4:
    case cap_asid_pool:
    case cap_reply:
        return tb == ta && cap_ptr(a) == cap_ptr(b);
    case cap_cnode:
        return tb == cap_cnode && cap_ptr(a) == cap_ptr(b) && cap_cnode_radix(a) == cap_cnode_radix(b);
    case cap_irq_control:
        return tb == cap_irq_control || tb == cap_irq_handler;
    case cap_irq_handler:
        return tb == cap_irq_handler && cap_irq(a) == cap_irq(b);
    case cap_io_port_control:
        return tb == cap_io_port_control || tb == cap_io_port;
    case cap_io_port:
        return tb == cap_io_port && cap_io_port_first(a) == cap_io_port_first(b) &&
               cap_io_port_last(a) == cap_io_port_last(b);
    case cap_asid_control:
        return tb == cap_asid_control || tb == cap_asid_pool;
    case cap_domain:
        return tb == cap_domain;
    default:
        return false;
    }
}

/* Do `a` and `b` name the same object (so that neither is the last)? */
bool cap_same_object(cap_t a, cap_t b)
{
    cap_type_t ta = cap_get_type(a), tb = cap_get_type(b);
    if (ta == cap_untyped || ta == cap_null || ta == cap_zombie)
        return false;
    if ((ta == cap_irq_control && tb == cap_irq_handler) || (ta == cap_io_port_control && tb == cap_io_port) ||
        (ta == cap_asid_control && tb == cap_asid_pool))
        return false;
    if (ta == cap_frame)
        return tb == cap_frame && cap_frame_paddr(a) == cap_frame_paddr(b) &&
               cap_frame_size(a) == cap_frame_size(b) && cap_frame_is_device(a) == cap_frame_is_device(b);
    return cap_same_region(a, b);
}

/* --- tree queries ---------------------------------------------------- */

bool cdt_is_parent_of(const cte_t *a, const cte_t *b)
{
    if (!mdb_revocable(a) || !cap_same_region(a->cap, b->cap))
        return false;
    cap_type_t t = cap_get_type(a->cap);
    if (t == cap_endpoint || t == cap_notification) {
        word_t badge = cap_badge(a->cap);
        if (badge == 0)
            return true;
        return badge == cap_badge(b->cap) && !mdb_first_badged(b);
    }
    return true;
}

bool cdt_has_children(const cte_t *slot)
{
    const cte_t *n = mdb_next(slot);
    return n && cdt_is_parent_of(slot, n);
}

bool cdt_is_final(const cte_t *slot)
{
    const cte_t *p = mdb_prev(slot), *n = mdb_next(slot);
    if (p && cap_same_object(p->cap, slot->cap))
        return false;
    if (n && cap_same_object(slot->cap, n->cap))
        return false;
    return true;
}

/* --- tree updates ---------------------------------------------------- */

static void link_after(cte_t *prev, cte_t *node)
{
    cte_t *next = mdb_next(prev);
    mdb_set_prev(node, prev);
    mdb_set_next(node, next);
    if (next)
        mdb_set_prev(next, node);
    mdb_set_next(prev, node);
}

void cdt_insert_child(cte_t *parent, cte_t *child, cap_t cap, bool revocable, bool first_badged)
{
    child->cap = cap;
    child->mdb = (mdb_t){ 0, 0 };
    mdb_set_flags(child, revocable, first_badged);
    link_after(parent, child);
}

void cdt_insert_after(cte_t *prev, cte_t *child, cap_t cap)
{
    cdt_insert_child(prev, child, cap, false, false);
}

void cdt_remove(cte_t *slot)
{
    cte_t *p = mdb_prev(slot), *n = mdb_next(slot);
    if (p)
        mdb_set_next(p, n);
    if (n) {
        mdb_set_prev(n, p);
        mdb_set_flags(n, mdb_revocable(n), mdb_first_badged(n) || mdb_first_badged(slot));
    }
    slot->cap = cap_null_cap();
    slot->mdb = (mdb_t){ 0, 0 };
}

void cdt_move(cte_t *from, cte_t *to, cap_t cap)
{
    to->cap = cap;
    to->mdb = from->mdb;
    cte_t *p = mdb_prev(to), *n = mdb_next(to);
    if (p)
        mdb_set_next(p, to);
    if (n)
        mdb_set_prev(n, to);
    from->cap = cap_null_cap();
    from->mdb = (mdb_t){ 0, 0 };
}

static cte_t *swap_ref(cte_t *p, cte_t *s1, cte_t *s2)
{
    return p == s1 ? s2 : p == s2 ? s1 : p;
}

/* Exchange the contents of two slots: the node that held c1 in s1 now
 * lives in s2 (holding c1) and vice versa; list positions are kept. */
void cdt_swap(cap_t c1, cte_t *s1, cap_t c2, cte_t *s2)
{
    mdb_t m1 = s1->mdb, m2 = s2->mdb;
    s1->cap = c2;
    s1->mdb = m2;
    s2->cap = c1;
    s2->mdb = m1;
    cte_t *slots[2] = { s1, s2 };
    for (int i = 0; i < 2; i++) {
        cte_t *s = slots[i];
        mdb_set_prev(s, swap_ref(mdb_prev(s), s1, s2));
        mdb_set_next(s, swap_ref(mdb_next(s), s1, s2));
    }
    for (int i = 0; i < 2; i++) {
        cte_t *s = slots[i];
        if (mdb_prev(s))
            mdb_set_next(mdb_prev(s), s);
        if (mdb_next(s))
            mdb_set_prev(mdb_next(s), s);
    }
}
