/*
 * Host tests of the kernel's capability encoding and derivation tree
 * (kernel/include/object/cap.h, kernel/src/kernel/cdt.c).
 */
#include <kernel.h>
#include <stdlib.h>
#include "harness.h"

static cte_t *new_slots(unsigned n)
{
    cte_t *s = aligned_alloc(64, n * sizeof(cte_t));
    memset(s, 0, n * sizeof(cte_t));
    return s;
}

/* Walk the list from `first` and check prev/next agree; returns length. */
static unsigned list_check(cte_t *first)
{
    unsigned n = 0;
    for (cte_t *c = first; c; c = mdb_next(c)) {
        if (mdb_next(c))
            CHECK(mdb_prev(mdb_next(c)) == c);
        n++;
    }
    return n;
}

static void test_cap_encoding(void)
{
    void *obj = aligned_alloc(4096, 4096);
    cap_t u = cap_untyped_new((void *)0x12345000ull, 20, true, 0x1230);
    CHECK_EQ(cap_get_type(u), cap_untyped);
    CHECK_EQ((paddr_t)cap_ptr(u), 0x12345000ull);
    CHECK_EQ(cap_untyped_size_bits(u), 20);
    CHECK(cap_untyped_is_device(u));
    CHECK_EQ(cap_untyped_free_index(u), 0x1230);

    cap_t e = cap_endpoint_new(obj, 0xfedcba9876543210ull, CAP_RIGHT_READ | CAP_RIGHT_GRANT);
    CHECK_EQ(cap_get_type(e), cap_endpoint);
    CHECK(cap_ptr(e) == obj);
    CHECK_EQ(cap_badge(e), 0xfedcba9876543210ull);
    CHECK_EQ(cap_rights(e), CAP_RIGHT_READ | CAP_RIGHT_GRANT);

    /* kernel window pointers have bit 47 set: sign extension restores them */
    cap_t k = cap_thread_new((void *)0xffffff8000123800ull);
    CHECK_EQ((word_t)cap_ptr(k), 0xffffff8000123800ull);

    cap_t c = cap_cnode_new(obj, 12, 52, 0);
    CHECK_EQ(cap_cnode_radix(c), 12);
    CHECK_EQ(cap_cnode_guard_size(c), 52);
    c = cap_cnode_new(obj, 1, 63, MASK(63));
    CHECK_EQ(cap_cnode_guard(c), MASK(63));
    CHECK_EQ(cap_cnode_guard_size(c), 63);

    cap_t f = cap_frame_new(0x7fffffe00000ull, frame_2m, vm_read_only, false);
    CHECK_EQ(cap_frame_paddr(f), 0x7fffffe00000ull);
    CHECK_EQ(cap_frame_size(f), frame_2m);
    CHECK_EQ(cap_frame_vm_rights(f), vm_read_only);
    CHECK(!cap_frame_is_device(f));
    f = cap_set_mapped(f, 4095, 0x7fffffe00000ull);
    CHECK_EQ(cap_mapped_asid(f), 4095);
    CHECK_EQ(cap_mapped_vaddr(f), 0x7fffffe00000ull);
    CHECK_EQ(cap_frame_paddr(f), 0x7fffffe00000ull); /* untouched by the mapping fields */
    CHECK_EQ(cap_frame_vm_rights(f), vm_read_only);

    cap_t z = cap_zombie_new(obj, 9, false, (void *)0xffffff8000004020ull);
    CHECK_EQ(cap_zombie_radix(z), 9);
    CHECK(!cap_zombie_is_tcb(z));
    CHECK_EQ(cap_badge(z), 0xffffff8000004020ull);
    free(obj);
}

static void test_regions(void)
{
    char *mem = aligned_alloc(4096, 8192);
    cap_t u = cap_untyped_new(mem, 12, false, 0);
    cap_t inside = cap_endpoint_new(mem + 16, 0, CAP_RIGHTS_ALL);
    cap_t outside = cap_endpoint_new(mem + 4096, 0, CAP_RIGHTS_ALL);
    CHECK(cap_same_region(u, inside));
    CHECK(!cap_same_region(u, outside));
    CHECK(!cap_same_object(u, inside));           /* untyped is never "the same object" */
    CHECK(cap_same_object(inside, inside));
    CHECK(!cap_same_object(inside, outside));
    cap_t ctl = { cap_irq_control, 0 }, h = cap_irq_handler_new(20);
    CHECK(cap_same_region(ctl, h));
    CHECK(!cap_same_object(ctl, h));
    CHECK(!cap_same_region(h, cap_irq_handler_new(21)));
    free(mem);
}

static void test_derivation(void)
{
    cte_t *s = new_slots(16);
    char *mem = aligned_alloc(4096, 4096);
    /* slot 0: an untyped original; slots 1, 2: endpoints retyped from it */
    s[0].cap = cap_untyped_new(mem, 12, false, 0);
    mdb_set_flags(&s[0], true, true);
    cdt_insert_child(&s[0], &s[1], cap_endpoint_new(mem, 0, CAP_RIGHTS_ALL), true, true);
    cdt_insert_child(&s[0], &s[2], cap_endpoint_new(mem + 16, 0, CAP_RIGHTS_ALL), true, true);
    CHECK(cdt_has_children(&s[0]));
    CHECK(cdt_is_parent_of(&s[0], &s[2]));
    CHECK(cdt_is_final(&s[1]));
    CHECK_EQ(list_check(&s[0]), 3);

    /* plain copy of endpoint in slot 2: a non-revocable child */
    cdt_insert_child(&s[2], &s[3], s[2].cap, false, false);
    CHECK(!cdt_is_final(&s[2]));
    CHECK(!cdt_is_final(&s[3]));
    CHECK(cdt_is_parent_of(&s[2], &s[3]));
    CHECK(!cdt_has_children(&s[3]));

    /* mint with badge 5: revocable, first badged; copy of it */
    cdt_insert_child(&s[2], &s[4], cap_set_badge(s[2].cap, 5), true, true);
    cdt_insert_child(&s[4], &s[5], s[4].cap, false, false);
    CHECK(cdt_is_parent_of(&s[4], &s[5]));
    /* a second mint of the same badge starts its own group */
    cdt_insert_child(&s[2], &s[6], cap_set_badge(s[2].cap, 5), true, true);
    CHECK(!cdt_is_parent_of(&s[6], &s[4]));
    CHECK_EQ(list_check(&s[0]), 7);

    /* revoke slot 2: remove successors while they are children */
    unsigned removed = 0;
    cte_t *n;
    while ((n = mdb_next(&s[2])) && cdt_is_parent_of(&s[2], n)) {
        cdt_remove(n);
        removed++;
    }
    CHECK_EQ(removed, 4);
    CHECK_EQ(list_check(&s[0]), 3);
    CHECK(cdt_is_final(&s[2]));

    /* move keeps the position; swap of neighbours and of distant slots */
    cdt_move(&s[2], &s[9], s[2].cap);
    CHECK(cap_is_null(s[2].cap));
    CHECK(cdt_is_parent_of(&s[0], &s[9]));
    CHECK_EQ(list_check(&s[0]), 3);
    cap_t c1 = s[1].cap, c9 = s[9].cap;
    cdt_swap(c1, &s[1], c9, &s[9]); /* neighbours in the list */
    CHECK_EQ(list_check(&s[0]), 3);
    CHECK(cap_ptr(s[9].cap) == cap_ptr(c1));
    CHECK(cap_ptr(s[1].cap) == cap_ptr(c9));
    cdt_swap(s[0].cap, &s[0], s[1].cap, &s[1]); /* untyped and a grandchild-position node */
    CHECK_EQ(list_check(&s[1]), 3);
    CHECK_EQ(cap_get_type(s[1].cap), cap_untyped);
    CHECK(cdt_has_children(&s[1]));
    free(mem);
    free(s);
}

static void test_resolve(void)
{
    /* root: radix 4, guard size 4, guard 0xa; slot 3 holds a second-level
     * CNode with radix 8 and no guard. */
    cte_t *root = new_slots(16), *l2 = new_slots(256);
    cap_t rootcap = cap_cnode_new(root, 4, 4, 0xa);
    root[3].cap = cap_cnode_new(l2, 8, 0, 0);
    l2[0x42].cap = cap_endpoint_new(l2, 7, CAP_RIGHTS_ALL);
    lookup_slot_result_t r;
    CHECK_EQ(resolve_address_bits(rootcap, 0xa342, 16, &r), EXCEPTION_NONE);
    CHECK(r.slot == &l2[0x42]);
    CHECK_EQ(r.bits_remaining, 0);
    /* stops at a non-CNode slot with bits left over */
    CHECK_EQ(resolve_address_bits(rootcap, 0xa5ff, 16, &r), EXCEPTION_NONE);
    CHECK(r.slot == &root[5]);
    CHECK_EQ(r.bits_remaining, 8);
    /* guard mismatch reports the cap's guard and its size */
    CHECK_EQ(resolve_address_bits(rootcap, 0xb342, 16, &r), EXCEPTION_LOOKUP_FAULT);
    CHECK_EQ(current_lookup_fault.type, seL4_GuardMismatch);
    CHECK_EQ(current_lookup_fault.bits_left, 16);
    CHECK_EQ(current_lookup_fault.w1, 0xa);
    CHECK_EQ(current_lookup_fault.w2, 4);
    /* the guard matches but too few bits remain for the first level */
    CHECK_EQ(resolve_address_bits(rootcap, 0xa << 2, 6, &r), EXCEPTION_LOOKUP_FAULT);
    CHECK_EQ(current_lookup_fault.type, seL4_DepthMismatch);
    CHECK_EQ(current_lookup_fault.bits_left, 6);
    CHECK_EQ(current_lookup_fault.w1, 8);
    /* not a CNode at all */
    CHECK_EQ(resolve_address_bits(root[3].cap.w0 ? l2[0x42].cap : rootcap, 0, 64, &r), EXCEPTION_LOOKUP_FAULT);
    CHECK_EQ(current_lookup_fault.type, seL4_InvalidRoot);
    /* full 64-bit depth through a 52-bit guard (the root task layout) */
    cte_t *big = new_slots(4096);
    cap_t bigcap = cap_cnode_new(big, 12, 52, 0);
    CHECK_EQ(resolve_address_bits(bigcap, 4095, 64, &r), EXCEPTION_NONE);
    CHECK(r.slot == &big[4095]);
    CHECK_EQ(resolve_address_bits(bigcap, 4096, 64, &r), EXCEPTION_LOOKUP_FAULT);
    CHECK_EQ(current_lookup_fault.type, seL4_GuardMismatch);
    free(root);
    free(l2);
    free(big);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_cap_encoding),
    HARNESS_TEST(test_regions),
    HARNESS_TEST(test_derivation),
    HARNESS_TEST(test_resolve),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
