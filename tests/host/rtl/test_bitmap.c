/*
 * test_bitmap.c — RTL_BITMAP (rtl/bitmap.c): fixed cases at word
 * boundaries, then random operations checked against a byte-per-bit
 * reference model.
 */
#include "harness.h"
#include "rtl_hooks.h"

#include <stdlib.h>
#include <string.h>

#define NOT_FOUND 0xFFFFFFFFu

static void test_set_clear_across_words(void) {
    ULONG buffer[4] = {0};
    RTL_BITMAP map;

    RtlInitializeBitMap(&map, buffer, 100);
    RtlSetBits(&map, 30, 11); /* 30..40 crosses the first word boundary */
    CHECK_EQ(buffer[0], 0xC0000000u);
    CHECK_EQ(buffer[1], 0x1FFu);
    CHECK_EQ(RtlNumberOfSetBits(&map), 11);
    CHECK_EQ(RtlNumberOfClearBits(&map), 89);
    CHECK(RtlAreBitsSet(&map, 30, 11));
    CHECK(!RtlAreBitsSet(&map, 29, 2));
    CHECK(!RtlAreBitsSet(&map, 40, 2));
    CHECK(RtlAreBitsClear(&map, 0, 30));
    CHECK(RtlAreBitsClear(&map, 41, 59));
    CHECK(!RtlAreBitsClear(&map, 41, 60)); /* past the end */
    CHECK(!RtlAreBitsClear(&map, 99, 2));
    CHECK(!RtlAreBitsClear(&map, 0, 0)); /* empty range */
    CHECK(RtlTestBit(&map, 40) && !RtlTestBit(&map, 41) && !RtlTestBit(&map, 200));

    RtlClearBits(&map, 31, 9);
    CHECK(RtlTestBit(&map, 30) && RtlTestBit(&map, 40) && !RtlTestBit(&map, 35));
    RtlSetBits(&map, 95, 10); /* out of range: ignored */
    CHECK_EQ(RtlNumberOfSetBits(&map), 2);
    RtlSetBit(&map, 64);
    RtlClearBit(&map, 30);
    CHECK_EQ(buffer[2], 1u);
    CHECK_EQ(RtlNumberOfSetBits(&map), 2);

    RtlSetAllBits(&map);
    CHECK_EQ(RtlNumberOfSetBits(&map), 100); /* bits past 100 are not counted */
    RtlClearAllBits(&map);
    CHECK_EQ(RtlNumberOfSetBits(&map), 0);
    buffer[3] = 0xFFFFFFF0u; /* garbage past the end */
    CHECK_EQ(RtlNumberOfSetBits(&map), 0);
    CHECK_EQ(RtlFindSetBits(&map, 1, 0), NOT_FOUND);
}

static void test_find(void) {
    ULONG buffer[2];
    RTL_BITMAP map;

    RtlInitializeBitMap(&map, buffer, 64);
    RtlSetAllBits(&map);
    RtlClearBits(&map, 10, 10); /* clear: 10..19 */
    CHECK_EQ(RtlFindClearBits(&map, 10, 0), 10);
    CHECK_EQ(RtlFindClearBits(&map, 11, 0), NOT_FOUND);
    CHECK_EQ(RtlFindClearBits(&map, 5, 15), 15);
    CHECK_EQ(RtlFindClearBits(&map, 5, 30), 10);   /* wraps to the start */
    CHECK_EQ(RtlFindClearBits(&map, 3, 1000), 10); /* hint past the end counts as 0 */
    CHECK_EQ(RtlFindClearBits(&map, 0, 13), 8);    /* zero bits: the hint, byte-aligned */
    CHECK_EQ(RtlFindClearBits(&map, 65, 0), NOT_FOUND);
    CHECK_EQ(RtlFindSetBits(&map, 44, 0), 20);
    CHECK_EQ(RtlFindSetBits(&map, 45, 0), NOT_FOUND);
    CHECK_EQ(RtlFindClearBitsAndSet(&map, 4, 12), 12);
    CHECK(RtlAreBitsSet(&map, 12, 4));
    CHECK_EQ(RtlFindClearBitsAndSet(&map, 4, 12), 16);
    CHECK_EQ(RtlFindClearBitsAndSet(&map, 4, 12), NOT_FOUND);
    CHECK_EQ(RtlFindSetBitsAndClear(&map, 64, 0), NOT_FOUND);
    CHECK_EQ(RtlFindSetBitsAndClear(&map, 20, 40), 40); /* 40..63 is long enough */
    CHECK(RtlAreBitsClear(&map, 40, 20));
    CHECK_EQ(RtlFindSetBitsAndClear(&map, 20, 61), 12); /* 60..63 is not: wraps to 12..39 */
    CHECK(RtlAreBitsClear(&map, 10, 22) && RtlAreBitsSet(&map, 32, 8));
}

static void test_runs(void) {
    ULONG buffer[7];
    RTL_BITMAP map;
    ULONG start = 0;

    RtlInitializeBitMap(&map, buffer, 200);
    RtlSetAllBits(&map);
    CHECK_EQ(RtlFindFirstRunClear(&map, &start), 0);
    RtlClearBits(&map, 37, 70); /* spans three words */
    RtlClearBits(&map, 150, 20);
    RtlClearBits(&map, 199, 1);
    CHECK_EQ(RtlFindFirstRunClear(&map, &start), 70);
    CHECK_EQ(start, 37);
    CHECK_EQ(RtlFindNextForwardRunClear(&map, 107, &start), 20);
    CHECK_EQ(start, 150);
    CHECK_EQ(RtlFindNextForwardRunClear(&map, 160, &start), 10);
    CHECK_EQ(start, 160);
    CHECK_EQ(RtlFindNextForwardRunClear(&map, 170, &start), 1);
    CHECK_EQ(start, 199);
    CHECK_EQ(RtlFindNextForwardRunClear(&map, 200, &start), 0);
    CHECK_EQ(RtlFindLongestRunClear(&map, &start), 70);
    CHECK_EQ(start, 37);
    RtlClearBits(&map, 107, 43); /* joins the first two runs: 37..169 */
    CHECK_EQ(RtlFindLongestRunClear(&map, &start), 133);
    CHECK_EQ(start, 37);
}

/* ---- Random operations against a reference ------------------------------- */

static unsigned long long rng_state = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned limit) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % limit);
}

/* Reference: first run of count bits equal to value starting in [from, to). */
static ULONG ref_scan(const unsigned char *bits, ULONG size, ULONG from, ULONG to, ULONG count,
                      int value) {
    for (ULONG i = from; i < to && count <= size - i; i++) {
        ULONG n = 0;

        while (n < count && bits[i + n] == value)
            n++;
        if (n == count)
            return i;
    }
    return NOT_FOUND;
}

static ULONG ref_find(const unsigned char *bits, ULONG size, ULONG count, ULONG hint, int value) {
    ULONG found;

    if (hint >= size)
        hint = 0;
    if (count > size)
        return NOT_FOUND;
    found = ref_scan(bits, size, hint, size, count, value);
    if (found == NOT_FOUND && hint != 0)
        found = ref_scan(bits, size, 0, hint, count, value);
    return found;
}

static void test_random_against_reference(void) {
    int mismatches = 0;

    for (int round = 0; round < 300; round++) {
        ULONG size = 1 + rnd(300);
        ULONG words = (size + 31) / 32;
        ULONG *buffer = malloc(words * sizeof(ULONG));
        unsigned char *ref = calloc(size, 1);
        RTL_BITMAP map;

        RtlInitializeBitMap(&map, buffer, size);
        RtlClearAllBits(&map);
        buffer[words - 1] |= size % 32 ? ~0u << (size % 32) : 0; /* garbage past the end */
        for (int op = 0; op < 60; op++) {
            ULONG start = rnd(size), count = 1 + rnd(size - start);
            ULONG hint = rnd(size + 8), want = 1 + rnd(40), set = 0, first, length;
            int value = rnd(2);

            if (value)
                RtlSetBits(&map, start, count);
            else
                RtlClearBits(&map, start, count);
            memset(ref + start, value, count);

            for (ULONG i = 0; i < size; i++)
                set += ref[i];
            mismatches += RtlNumberOfSetBits(&map) != set;
            mismatches += RtlFindClearBits(&map, want, hint) != ref_find(ref, size, want, hint, 0);
            mismatches += RtlFindSetBits(&map, want, hint) != ref_find(ref, size, want, hint, 1);
            length = RtlFindFirstRunClear(&map, &first);
            if (set == size) {
                mismatches += length != 0;
            } else {
                ULONG ref_first = 0, ref_length = 0;

                while (ref[ref_first])
                    ref_first++;
                while (ref_first + ref_length < size && !ref[ref_first + ref_length])
                    ref_length++;
                mismatches += first != ref_first || length != ref_length;
            }
            mismatches += RtlAreBitsSet(&map, start, count) != (value == 1);
            mismatches += RtlAreBitsClear(&map, start, count) != (value == 0);
        }
        free(buffer);
        free(ref);
    }
    CHECK_EQ(mismatches, 0);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_set_clear_across_words),
    HARNESS_TEST(test_find),
    HARNESS_TEST(test_runs),
    HARNESS_TEST(test_random_against_reference),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
