/*
 * tests/fuzz/test_fz_gen.c — host unit tests for the fuzzer's generator
 * (fz_gen.c) and the benchmark's statistics (bench/kb_stats.c): the pure
 * logic of both root tasks.
 *
 * What must hold for the fuzzer to be reproducible and safe:
 *   - iteration i's draw depends only on (seed, i);
 *   - no generated cptr ever lands in 0x100..0x1ff (the control endpoint);
 *   - fields stay in their ranges (label 0..60, length 0..127, extraCaps 0..3),
 *     also after aiming and shaping (fz_shape.c);
 *   - an endpoint the root did not mark as served never gets Call or Send
 *     (they would block forever);
 *   - each epoch's layout is a permutation of slots 1..n.
 */
#include <string.h>

#include "../../bench/kb_stats.h"
#include "fuzz.h"
#include "harness.h"

__thread seL4_IPCBuffer *__sel4_ipc_buffer;

static fz_state_t st;

static void setup_state(void) {
    memset(&st, 0, sizeof(st));
    st.seed = FZ_SEED;
    for (uint32_t i = 0; i < 20; i++) {
        st.valid[i] = (uint8_t)(i * 7 + 3);
        st.slot_obj[i * 7 + 3] = (uint8_t)(1 + i % (FZ_OBJ_COUNT - 1));
    }
    st.nvalid = 20;
}

static void test_rng_depends_on_iteration_only(void) {
    fz_rng_t a = fz_rng_for(FZ_SEED, 1234), b = fz_rng_for(FZ_SEED, 1234);
    fz_rng_t c = fz_rng_for(FZ_SEED, 1235);
    int same = 1;

    for (int i = 0; i < 100; i++) {
        uint64_t x = fz_next(&a);

        CHECK_EQ(x, fz_next(&b));
        same &= x == fz_next(&c);
    }
    CHECK(!same);
    CHECK(fz_rng_for(FZ_SEED, 0).s != 0);
}

static void test_calls_stay_in_range(void) {
    static fz_call_t c;
    unsigned control = 0, bad = 0;

    setup_state();
    for (uint64_t i = 0; i < 20000; i++) {
        fz_rng_t r = fz_rng_for(FZ_SEED, i);

        fz_gen_call(&r, &st, &c);
        fz_gen_aim(&r, &st, &c, (int)(i % 13)); /* every tag, shaped or not */
        control += (c.cptr >> FZ_P_BITS) == 1;
        for (unsigned k = 0; k < c.extra; k++)
            control += (c.caps[k] >> FZ_P_BITS) == 1;
        bad += c.label > 60 || c.len > 127 || c.extra > 3;
    }
    CHECK_EQ(control, 0);
    CHECK_EQ(bad, 0);
}

static void test_unserved_endpoints_never_block(void) {
    static fz_call_t c;
    unsigned blocking = 0, calls = 0;

    setup_state();
    st.slot_obj[5] = FZ_OBJ_EP_IDLE;
    st.slot_obj[6] = FZ_OBJ_EP_SERVED;
    for (uint64_t i = 0; i < 5000; i++) {
        fz_rng_t r = fz_rng_for(FZ_SEED, i);
        uint32_t kind;

        fz_gen_call(&r, &st, &c);
        c.cptr = 5 + (i & 1);
        kind = fz_gen_kind(&r, &st, &c, FZ_TAG_ENDPOINT);
        if (c.cptr == 5)
            blocking += kind == FZ_K_CALL || kind == FZ_K_SEND;
        else
            calls += kind == FZ_K_CALL;
    }
    CHECK_EQ(blocking, 0);
    CHECK(calls > 1000);
}

static void test_shapes_match_reference(void) {
    static fz_call_t c;
    fz_rng_t r = fz_rng_for(FZ_SEED, 7);
    unsigned full = 0;

    setup_state();
    /* CNode_Mint: 6 words (or 5, one short), one cap. */
    for (int i = 0; i < 64; i++) {
        c.label = CNodeMint;
        CHECK(fz_shape_args(&r, &st, &c));
        CHECK(c.len == 6 || c.len == 5);
        CHECK_EQ(c.extra, 1);
        full += c.len == 6;
    }
    CHECK(full > 32);
    c.label = TCBWriteRegisters;
    CHECK(fz_shape_args(&r, &st, &c));
    CHECK(c.len == 22 || c.len == 21);
    c.label = X86IOPortIn8; /* not a method of anything in P */
    CHECK(!fz_shape_args(&r, &st, &c));
}

static void test_layout_is_permutation(void) {
    uint8_t slots[96];
    unsigned seen[97] = {0};

    fz_gen_layout(FZ_SEED, 3, slots, 96);
    for (unsigned i = 0; i < 96; i++)
        seen[slots[i]]++;
    CHECK_EQ(seen[0], 0);
    for (unsigned i = 1; i <= 96; i++)
        CHECK_EQ(seen[i], 1);
}

static void test_stats(void) {
    uint64_t a[7] = {9, 3, 7, 1, 5, 100, 2};
    uint64_t b[4] = {4, 8, 6, 2};
    kb_series_t s;

    kb_series_reset(&s);
    kb_series_add_round(&s, a, 7);
    CHECK_EQ(a[0], 1);
    CHECK_EQ(a[6], 100);
    kb_series_add_round(&s, b, 4);
    CHECK_EQ(s.round_median[0], 5);
    CHECK_EQ(s.round_median[1], 4); /* lower middle of 2 4 6 8 */
    CHECK_EQ(kb_series_median(&s), 4);
    CHECK_EQ(s.min, 1);
    CHECK_EQ(s.max, 100);
}

static void test_sort_large(void) {
    static uint64_t v[5000];
    fz_rng_t r = fz_rng_for(1, 1);
    int sorted = 1;

    for (unsigned i = 0; i < 5000; i++)
        v[i] = fz_next(&r) % 1000;
    kb_sort(v, 5000);
    for (unsigned i = 1; i < 5000; i++)
        sorted &= v[i - 1] <= v[i];
    CHECK(sorted);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_rng_depends_on_iteration_only),
    HARNESS_TEST(test_calls_stay_in_range),
    HARNESS_TEST(test_unserved_endpoints_never_block),
    HARNESS_TEST(test_shapes_match_reference),
    HARNESS_TEST(test_layout_is_permutation),
    HARNESS_TEST(test_stats),
    HARNESS_TEST(test_sort_large),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
