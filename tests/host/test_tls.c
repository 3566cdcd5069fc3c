/*
 * test_tls.c — sel4rt's static TLS layout (lib/sel4rt/src/tls.c) on the host.
 *
 * The host's own C library lays out the executable's TLS block with the
 * same x86_64 variant II rule the runtime implements, and the linker
 * resolved this file's __thread variables against that rule.  So for each
 * variable, its offset from the host thread pointer (%fs:0) must also be
 * where rt_tls_init puts the variable's initial value in a fresh block.
 */
#include <stdlib.h>
#include <string.h>

#include <sel4rt/sel4rt.h>

#include "harness.h"

/* sel4rt normally defines this; tls.c is linked alone. */
__thread seL4_IPCBuffer *__sel4_ipc_buffer;

static __thread seL4_Uint32 tls_word = 0x12345678;
static __thread char tls_text[13] = "hello, tls!";
static __thread seL4_Word tls_zero;
static __thread seL4_Uint64 tls_aligned __attribute__((aligned(64))) = 0xA11A;

static char *host_tp(void) {
    char *tp;

    __asm__("movq %%fs:0, %0" : "=r"(tp));
    return tp;
}

static long offset_of(const void *var) { return (const char *)var - host_tp(); }

static void test_layout_matches_host(void) {
    seL4_Word size = rt_tls_area_size();
    unsigned char *area = malloc(size);
    seL4_Word tp;

    /* Modify the live copies: the new block must come from the template. */
    tls_word = 1;
    tls_zero = 99;
    CHECK(size >= 64);
    tp = rt_tls_init(area, size);
    CHECK(tp != 0);
    CHECK(tp >= (seL4_Word)area && tp + 64 <= (seL4_Word)area + size);
    CHECK_EQ(tp % 64, 0);
    CHECK_EQ(*(seL4_Word *)tp, tp);
    CHECK_EQ(*(seL4_Uint32 *)(tp + offset_of(&tls_word)), 0x12345678);
    CHECK_STR((char *)(tp + offset_of(tls_text)), "hello, tls!");
    CHECK_EQ(*(seL4_Word *)(tp + offset_of(&tls_zero)), 0);
    CHECK_EQ(*(seL4_Uint64 *)(tp + offset_of(&tls_aligned)), 0xA11A);
    CHECK_EQ((tp + offset_of(&tls_aligned)) % 64, 0);
    free(area);
}

static void test_area_too_small(void) {
    unsigned char area[32];

    CHECK_EQ(rt_tls_init(area, sizeof(area)), 0);
}

static void test_unaligned_area(void) {
    seL4_Word size = rt_tls_area_size();
    unsigned char *raw = malloc(size + 1);
    seL4_Word tp = rt_tls_init(raw + 1, size);

    CHECK(tp != 0);
    CHECK_EQ(tp % 64, 0);
    CHECK_EQ(*(seL4_Uint32 *)(tp + offset_of(&tls_word)), 0x12345678);
    free(raw);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_layout_matches_host),
    HARNESS_TEST(test_area_too_small),
    HARNESS_TEST(test_unaligned_area),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
