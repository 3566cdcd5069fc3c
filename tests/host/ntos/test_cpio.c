/*
 * Host tests of the boot-archive reader (ntos/ldr/cpio.c) on archives made
 * by the cpio tool and on damaged ones.
 */
#include "../../../ntos/inc/ntos.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

/* Build a newc member by hand. */
static size_t member(unsigned char *out, const char *name, const char *data, size_t len)
{
    size_t nl = strlen(name) + 1, off;
    off = (size_t)sprintf((char *)out, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", 1, 0100644,
                          0, 0, 1, 0, (unsigned)len, 0, 0, 0, 0, (unsigned)nl, 0);
    memcpy(out + off, name, nl);
    off += nl;
    while (off % 4)
        out[off++] = 0;
    memcpy(out + off, data, len);
    off += len;
    while (off % 4)
        out[off++] = 0;
    return off;
}

static unsigned char arc[4096];
static size_t arc_len;

static void build(void)
{
    memset(arc, 0, sizeof(arc));
    arc_len = member(arc, "ntdll.dll", "MZ...", 5);
    arc_len += member(arc + arc_len, "system32/smss.exe", "MZabcdef", 8);
    arc_len += member(arc + arc_len, "empty", "", 0);
    arc_len += member(arc + arc_len, "TRAILER!!!", "", 0);
}

static void test_walk(void)
{
    build();
    SIZE_T off = 0;
    CPIO_FILE f;
    CHECK_EQ(LdrCpioNext(arc, arc_len, &off, &f), STATUS_SUCCESS);
    CHECK_EQ(f.NameLength, 9);
    CHECK(memcmp(f.Name, "ntdll.dll", 9) == 0);
    CHECK_EQ(f.Size, 5);
    CHECK(memcmp(f.Data, "MZ...", 5) == 0);
    CHECK_EQ(LdrCpioNext(arc, arc_len, &off, &f), STATUS_SUCCESS);
    CHECK_EQ(f.Size, 8);
    CHECK_EQ(LdrCpioNext(arc, arc_len, &off, &f), STATUS_SUCCESS);
    CHECK_EQ(f.Size, 0);
    CHECK_EQ(LdrCpioNext(arc, arc_len, &off, &f), STATUS_NO_MORE_ENTRIES);
}

static void test_find(void)
{
    build();
    CPIO_FILE f;
    CHECK_EQ(LdrCpioFind(arc, arc_len, "system32/smss.exe", &f), STATUS_SUCCESS);
    CHECK(memcmp(f.Data, "MZabcdef", 8) == 0);
    CHECK_EQ(LdrCpioFind(arc, arc_len, "smss.exe", &f), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(LdrCpioFind(arc, arc_len, "ntdll.dl", &f), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void test_damaged(void)
{
    build();
    SIZE_T off;
    CPIO_FILE f;
    /* every truncation is refused or ends cleanly, never read past the end */
    for (size_t cut = 0; cut < arc_len; cut++) {
        unsigned char *copy = malloc(cut ? cut : 1);
        memcpy(copy, arc, cut);
        off = 0;
        NTSTATUS st;
        int n = 0;
        while ((st = LdrCpioNext(copy, cut, &off, &f)) == STATUS_SUCCESS && n < 10)
            n++;
        CHECK(st == STATUS_INVALID_IMAGE_FORMAT || st == STATUS_NO_MORE_ENTRIES);
        free(copy);
    }
    build();
    arc[0] = '1'; /* bad magic */
    off = 0;
    CHECK_EQ(LdrCpioNext(arc, arc_len, &off, &f), STATUS_INVALID_IMAGE_FORMAT);
    build();
    arc[6 + 6 * 8] = 'f'; /* file size 0xf0000005: beyond the archive */
    off = 0;
    CHECK_EQ(LdrCpioNext(arc, arc_len, &off, &f), STATUS_INVALID_IMAGE_FORMAT);
    build();
    arc[6 + 11 * 8] = 'z'; /* not hex */
    off = 0;
    CHECK_EQ(LdrCpioNext(arc, arc_len, &off, &f), STATUS_INVALID_IMAGE_FORMAT);
}

/* The archive the build makes for the boot is read completely. */
static void test_real_archive(void)
{
    FILE *fp = fopen(NTOS_BOOTARCH, "rb");
    CHECK(fp != NULL);
    if (!fp)
        return;
    static unsigned char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf), fp);
    fclose(fp);
    CPIO_FILE f;
    CHECK_EQ(LdrCpioFind(buf, n, "executive.md", &f), STATUS_SUCCESS);
    CHECK(f.Size > 100);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_walk),
    HARNESS_TEST(test_find),
    HARNESS_TEST(test_damaged),
    HARNESS_TEST(test_real_archive),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
