/*
 * Host tests of the executive pool (ntos/ex/pool.c) over a host memory
 * region standing in for the executive's heap.
 */
#include "../../../ntos/inc/ntos.h"
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "harness.h"

extern ULONG_PTR ExpHeapBase;
static ULONG_PTR heap_end;
static int mapped_pages;
static jmp_buf bugcheck_jmp;
static ULONG last_bugcheck;

NTSTATUS ExpMapPage(ULONG_PTR Va)
{
    if (Va + 4096 > heap_end)
        return STATUS_NO_MEMORY;
    mapped_pages++;
    return STATUS_SUCCESS;
}

VOID KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    last_bugcheck = Code;
    longjmp(bugcheck_jmp, 1);
}

static void setup(SIZE_T bytes)
{
    static void *region;
    static SIZE_T region_size;
    if (region)
        munmap(region, region_size);
    region = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    region_size = bytes;
    ExpHeapBase = (ULONG_PTR)region;
    heap_end = ExpHeapBase + bytes;
    mapped_pages = 0;
    ExInitializePool();
}

static void test_sizes(void)
{
    setup(16 << 20);
    static const SIZE_T sizes[] = { 1, 15, 16, 17, 100, 1000, 2032, 2033, 4000, 4096, 10000, 100000 };
    PVOID p[12];
    for (int i = 0; i < 12; i++) {
        p[i] = ExAllocatePoolWithTag(NonPagedPool, sizes[i], 'tseT');
        CHECK(p[i] != NULL);
        CHECK_EQ((ULONG_PTR)p[i] % 16, 0);
        unsigned char *b = p[i];
        int nonzero = 0;
        for (SIZE_T k = 0; k < sizes[i]; k++)
            nonzero |= b[k];
        CHECK_EQ(nonzero, 0);
        memset(p[i], 0xa5, sizes[i]);
    }
    EX_POOL_STATS st;
    ExQueryPoolStats(&st);
    CHECK_EQ(st.Allocations, 12);
    for (int i = 0; i < 12; i++)
        ExFreePoolWithTag(p[i], 'tseT');
    ExQueryPoolStats(&st);
    CHECK_EQ(st.Allocations, 0);
    CHECK_EQ(st.BytesInUse, 0);
    /* memory is reused: the same small allocation comes back zeroed */
    PVOID q = ExAllocatePoolWithTag(NonPagedPool, 100, 'tseT');
    CHECK(((unsigned char *)q)[50] == 0);
    ExFreePool(q);
}

static void test_reuse_bounded(void)
{
    setup(4 << 20);
    for (int round = 0; round < 50; round++) {
        PVOID p[64];
        for (int i = 0; i < 64; i++) {
            p[i] = ExAllocatePoolWithTag(NonPagedPool, (SIZE_T)(i * 97 % 5000) + 1, 'loop');
            CHECK(p[i] != NULL);
        }
        for (int i = 0; i < 64; i++)
            ExFreePoolWithTag(p[i], 'loop');
    }
    CHECK(mapped_pages < 200); /* freed memory is reused, the heap does not grow forever */
}

static void test_exhaustion(void)
{
    setup(64 << 10);
    CHECK(ExAllocatePoolWithTag(NonPagedPool, 1 << 20, 'big ') == NULL);
    PVOID p = ExAllocatePoolWithTag(NonPagedPool, 100, 'smal');
    CHECK(p != NULL);
    ExFreePool(p);
}

static void test_bad_frees(void)
{
    setup(1 << 20);
    PVOID p = ExAllocatePoolWithTag(NonPagedPool, 64, 'good');
    last_bugcheck = 0;
    if (!setjmp(bugcheck_jmp))
        ExFreePoolWithTag(p, 'bad ');
    CHECK_EQ(last_bugcheck, BAD_POOL_CALLER);
    ExFreePoolWithTag(p, 'good');
    last_bugcheck = 0;
    if (!setjmp(bugcheck_jmp))
        ExFreePoolWithTag(p, 'good'); /* double free */
    CHECK_EQ(last_bugcheck, BAD_POOL_CALLER);
    last_bugcheck = 0;
    static char outside[64];
    if (!setjmp(bugcheck_jmp))
        ExFreePool(outside + 16);
    CHECK_EQ(last_bugcheck, BAD_POOL_CALLER);
    /* a write after free is caught when the block is handed out again */
    PVOID q = ExAllocatePoolWithTag(NonPagedPool, 64, 'uaf ');
    ExFreePool(q);
    memset((char *)q - 16, 0x41, 8);
    last_bugcheck = 0;
    PVOID r = NULL;
    if (!setjmp(bugcheck_jmp))
        r = ExAllocatePoolWithTag(NonPagedPool, 64, 'uaf ');
    CHECK_EQ(last_bugcheck, BAD_POOL_CALLER);
    (void)r;
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_sizes),
    HARNESS_TEST(test_reuse_bounded),
    HARNESS_TEST(test_exhaustion),
    HARNESS_TEST(test_bad_frees),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
