/*
 * test_tls.c — host tests of ntdll/ldrtls.c: TLS index allocation, the
 * per-thread blocks (template copied, zero fill), vectors that grow while
 * threads hold them, module and thread removal, allocation failures, and
 * that every block is given back.
 */
#include "harness.h"
#include "ldrp.h"
#include "ntdll_mock.h"

#include <string.h>

/* A module's TLS: its template, zero fill and _tls_index. */
struct tls_module {
    UCHAR data[24];
    ULONG index;
    IMAGE_TLS_DIRECTORY dir;
};

static void make_module(struct tls_module *m, UCHAR fill, ULONG zero_fill) {
    memset(m->data, fill, sizeof(m->data));
    m->index = 0xdeadbeef;
    memset(&m->dir, 0, sizeof(m->dir));
    m->dir.StartAddressOfRawData = (ULONGLONG)(ULONG_PTR)m->data;
    m->dir.EndAddressOfRawData = (ULONGLONG)(ULONG_PTR)(m->data + sizeof(m->data));
    m->dir.AddressOfIndex = (ULONGLONG)(ULONG_PTR)&m->index;
    m->dir.SizeOfZeroFill = zero_fill;
}

/* Is the block a copy of the module's template followed by zeros? */
static int block_is_fresh(const UCHAR *block, const struct tls_module *m) {
    if (block == NULL || memcmp(block, m->data, sizeof(m->data)) != 0)
        return 0;
    for (ULONG i = 0; i < m->dir.SizeOfZeroFill; i++) {
        if (block[sizeof(m->data) + i] != 0)
            return 0;
    }
    return 1;
}

static void test_tls_thread_then_modules(void) {
    LDRP_TLS_TABLE table;
    LDRP_TLS_THREAD thread;
    PVOID holder = NULL;
    struct tls_module a, b;
    ULONG index;
    long before = mock_ldr_blocks;

    LdrpTlsInitializeTable(&table);
    CHECK_EQ(LdrpTlsAddThread(&table, &thread, (PVOID)1, &holder), STATUS_SUCCESS);
    CHECK(holder == thread.Vector);
    CHECK(LdrpTlsFindThread(&table, (PVOID)1) == &thread);
    CHECK(LdrpTlsFindThread(&table, (PVOID)2) == NULL);

    make_module(&a, 0xa1, 16);
    make_module(&b, 0xb2, 0);
    CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)0x1000, &a.dir, &index), STATUS_SUCCESS);
    CHECK_EQ(index, 0);
    CHECK_EQ(a.index, 0); /* written to the module's _tls_index */
    CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)0x2000, &b.dir, &index), STATUS_SUCCESS);
    CHECK_EQ(b.index, 1);
    CHECK(block_is_fresh(((PVOID *)holder)[0], &a));
    CHECK(block_is_fresh(((PVOID *)holder)[1], &b));
    CHECK_EQ(table.SlotCount, 2);

    LdrpTlsRemoveThread(&table, &thread);
    CHECK(holder == NULL);
    LdrpTlsRemoveModule(&table, 0);
    LdrpTlsRemoveModule(&table, 1);
    CHECK_EQ(table.SlotCount, 0);
    LdrpFree(table.Slots);
    CHECK_EQ(mock_ldr_blocks, before);
}

/* A thread that arrives later gets the template, not another thread's data. */
static void test_tls_new_thread_gets_template(void) {
    LDRP_TLS_TABLE table;
    LDRP_TLS_THREAD first, second;
    PVOID first_vector = NULL, second_vector = NULL;
    struct tls_module m;
    ULONG index;
    long before = mock_ldr_blocks;

    LdrpTlsInitializeTable(&table);
    make_module(&m, 0x5a, 8);
    CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)0x1000, &m.dir, &index), STATUS_SUCCESS);
    CHECK_EQ(LdrpTlsAddThread(&table, &first, (PVOID)1, &first_vector), STATUS_SUCCESS);
    ((UCHAR *)((PVOID *)first_vector)[index])[0] = 0x77; /* the first thread writes */
    ((UCHAR *)((PVOID *)first_vector)[index])[30] = 0x77;
    CHECK_EQ(LdrpTlsAddThread(&table, &second, (PVOID)2, &second_vector), STATUS_SUCCESS);
    CHECK(block_is_fresh(((PVOID *)second_vector)[index], &m));
    CHECK(((PVOID *)second_vector)[index] != ((PVOID *)first_vector)[index]);
    LdrpTlsRemoveThread(&table, &first);
    LdrpTlsRemoveThread(&table, &second);
    LdrpTlsRemoveModule(&table, index);
    LdrpFree(table.Slots);
    CHECK_EQ(mock_ldr_blocks, before);
}

/* Indices are reused lowest-first; a removed module's blocks are freed. */
static void test_tls_index_reuse(void) {
    LDRP_TLS_TABLE table;
    LDRP_TLS_THREAD thread;
    PVOID holder = NULL;
    struct tls_module m[4];
    ULONG index;
    long before = mock_ldr_blocks;

    LdrpTlsInitializeTable(&table);
    CHECK_EQ(LdrpTlsAddThread(&table, &thread, (PVOID)1, &holder), STATUS_SUCCESS);
    for (int i = 0; i < 3; i++) {
        make_module(&m[i], (UCHAR)i, 0);
        CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)(ULONG_PTR)(0x1000 * (i + 1)), &m[i].dir, &index),
                 STATUS_SUCCESS);
        CHECK_EQ(index, (ULONG)i);
    }
    LdrpTlsRemoveModule(&table, 1);
    CHECK(((PVOID *)holder)[1] == NULL);
    CHECK_EQ(table.SlotCount, 3);
    make_module(&m[3], 3, 0);
    CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)0x9000, &m[3].dir, &index), STATUS_SUCCESS);
    CHECK_EQ(index, 1);
    CHECK(block_is_fresh(((PVOID *)holder)[1], &m[3]));
    /* Removing the top index shrinks the count past every free slot. */
    LdrpTlsRemoveModule(&table, 2);
    LdrpTlsRemoveModule(&table, 1);
    CHECK_EQ(table.SlotCount, 1);
    LdrpTlsRemoveModule(&table, 1); /* twice: ignored */
    LdrpTlsRemoveModule(&table, 0);
    CHECK_EQ(table.SlotCount, 0);
    LdrpTlsRemoveThread(&table, &thread);
    LdrpFree(table.Slots);
    CHECK_EQ(mock_ldr_blocks, before);
}

/* Many modules: vectors of live threads are replaced as they grow, and
 * the blocks a thread had stay where they were. */
static void test_tls_vectors_grow(void) {
    enum { MODULES = 40 };
    static struct tls_module m[MODULES];
    LDRP_TLS_TABLE table;
    LDRP_TLS_THREAD t1, t2;
    PVOID h1 = NULL, h2 = NULL, first_block, first_vector;
    ULONG index;
    long before = mock_ldr_blocks;

    LdrpTlsInitializeTable(&table);
    CHECK_EQ(LdrpTlsAddThread(&table, &t1, (PVOID)1, &h1), STATUS_SUCCESS);
    CHECK_EQ(LdrpTlsAddThread(&table, &t2, (PVOID)2, &h2), STATUS_SUCCESS);
    first_vector = h1;
    make_module(&m[0], 0, 4);
    CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)0x1000, &m[0].dir, &index), STATUS_SUCCESS);
    first_block = ((PVOID *)h1)[0];
    for (int i = 1; i < MODULES; i++) {
        make_module(&m[i], (UCHAR)i, (ULONG)i);
        CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)(ULONG_PTR)(0x1000 * (i + 1)), &m[i].dir, &index),
                 STATUS_SUCCESS);
        CHECK_EQ(index, (ULONG)i);
    }
    CHECK(h1 != first_vector); /* replaced... */
    CHECK(t1.Retired != NULL); /* ...and the old one kept */
    CHECK(((PVOID *)first_vector)[0] == first_block);
    CHECK(((PVOID *)h1)[0] == first_block);
    CHECK(t1.Capacity >= MODULES && t2.Capacity >= MODULES);
    int fresh = 1;
    for (int i = 0; i < MODULES; i++)
        fresh &= block_is_fresh(((PVOID *)h1)[i], &m[i]) & block_is_fresh(((PVOID *)h2)[i], &m[i]);
    CHECK(fresh);
    for (int i = 0; i < MODULES; i++)
        LdrpTlsRemoveModule(&table, (ULONG)i);
    LdrpTlsRemoveThread(&table, &t1);
    LdrpTlsRemoveThread(&table, &t2);
    LdrpFree(table.Slots);
    CHECK_EQ(mock_ldr_blocks, before);
}

/* Running out of memory part-way leaves everything as it was. */
static void test_tls_allocation_failures(void) {
    LDRP_TLS_TABLE table;
    LDRP_TLS_THREAD t1, t2, t3;
    PVOID h1 = NULL, h2 = NULL, h3 = NULL;
    struct tls_module a, b;
    ULONG index;
    long before = mock_ldr_blocks;

    LdrpTlsInitializeTable(&table);
    CHECK_EQ(LdrpTlsAddThread(&table, &t1, (PVOID)1, &h1), STATUS_SUCCESS);
    CHECK_EQ(LdrpTlsAddThread(&table, &t2, (PVOID)2, &h2), STATUS_SUCCESS);
    make_module(&a, 0xaa, 0);
    CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)0x1000, &a.dir, &index), STATUS_SUCCESS);
    long with_a = mock_ldr_blocks;

    /* The second thread's block fails: the first thread's is taken back. */
    make_module(&b, 0xbb, 0);
    mock_ldr_fail_from(2);
    CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)0x2000, &b.dir, &index), STATUS_NO_MEMORY);
    mock_ldr_fail_from(0);
    CHECK_EQ(mock_ldr_blocks, with_a);
    CHECK_EQ(table.SlotCount, 1);
    CHECK_EQ(b.index, 0xdeadbeef); /* not written */
    CHECK(((PVOID *)h1)[1] == NULL);

    /* A thread whose blocks cannot all be made is not registered. */
    mock_ldr_fail_from(2);
    CHECK_EQ(LdrpTlsAddThread(&table, &t3, (PVOID)3, &h3), STATUS_NO_MEMORY);
    mock_ldr_fail_from(0);
    CHECK(LdrpTlsFindThread(&table, (PVOID)3) == NULL);
    CHECK(h3 == NULL);
    CHECK_EQ(mock_ldr_blocks, with_a);

    /* Now it works, and the index is the one the failure did not use. */
    CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)0x2000, &b.dir, &index), STATUS_SUCCESS);
    CHECK_EQ(index, 1);
    LdrpTlsRemoveModule(&table, 0);
    LdrpTlsRemoveModule(&table, 1);
    LdrpTlsRemoveThread(&table, &t1);
    LdrpTlsRemoveThread(&table, &t2);
    LdrpFree(table.Slots);
    CHECK_EQ(mock_ldr_blocks, before);
}

static void test_tls_bad_directory(void) {
    LDRP_TLS_TABLE table;
    struct tls_module m;
    ULONG index;

    LdrpTlsInitializeTable(&table);
    make_module(&m, 1, 0);
    m.dir.EndAddressOfRawData = m.dir.StartAddressOfRawData - 1;
    CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)0x1000, &m.dir, &index), STATUS_INVALID_IMAGE_FORMAT);
    /* No template at all (only zero fill) is fine. */
    m.dir.StartAddressOfRawData = m.dir.EndAddressOfRawData = 0;
    m.dir.SizeOfZeroFill = 32;
    m.dir.AddressOfIndex = 0; /* and no index variable */
    CHECK_EQ(LdrpTlsAddModule(&table, (PVOID)0x1000, &m.dir, &index), STATUS_SUCCESS);
    LdrpTlsRemoveModule(&table, index);
    LdrpFree(table.Slots);
}

static const struct harness_test tls[] = {
    HARNESS_TEST(test_tls_thread_then_modules), HARNESS_TEST(test_tls_new_thread_gets_template),
    HARNESS_TEST(test_tls_index_reuse),         HARNESS_TEST(test_tls_vectors_grow),
    HARNESS_TEST(test_tls_allocation_failures), HARNESS_TEST(test_tls_bad_directory),
};

void tls_tests(const struct harness_test **tests, size_t *count) {
    *tests = tls;
    *count = HARNESS_COUNT(tls);
}
