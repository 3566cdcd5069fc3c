/*
 * test_alloc.c — sel4rt's slot and object allocator (lib/sel4rt/src/alloc.c)
 * against a mock of Untyped_Retype that follows the kernel's placement rule
 * (reference §4.2): objects start at the untyped's free offset rounded up to
 * their size; too little room answers NotEnoughMemory.
 */
#include <string.h>

#include <sel4rt/sel4rt.h>

#include "harness.h"
#include "rt_private.h"

__thread seL4_IPCBuffer *__sel4_ipc_buffer;
static seL4_IPCBuffer ipc;
static seL4_BootInfo bi;

/* Mock kernel state. */
static seL4_Word kernel_used[4]; /* free offset per untyped */
static int refuse_untyped = -1;  /* answer NotEnoughMemory for this one */
static seL4_Word forced_error;   /* answer this error for any retype */
static int retypes;
static seL4_Word last_untyped, last_slot;

static seL4_Word object_bits(seL4_Word type, seL4_Word size_bits) {
    switch (type) {
    case seL4_UntypedObject:
        return size_bits;
    case seL4_TCBObject:
        return 11;
    case seL4_EndpointObject:
        return 4;
    case seL4_X86_4K:
        return 12;
    default:
        return 64;
    }
}

seL4_MessageInfo_t mock_call(seL4_CPtr dest, seL4_MessageInfo_t info, seL4_Word *mr0,
                             seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3) {
    seL4_Word k = dest - bi.untyped.start;
    seL4_Word size = (seL4_Word)1 << object_bits(*mr0, *mr1);
    seL4_Word start;

    retypes++;
    CHECK_EQ(seL4_MessageInfo_get_label(info), UntypedRetype);
    CHECK_EQ(ipc.caps_or_badges[0], seL4_CapInitThreadCNode);
    CHECK_EQ(*mr2, 0);       /* node_index */
    CHECK_EQ(*mr3, 0);       /* node_depth: the root CNode itself */
    CHECK_EQ(ipc.msg[5], 1); /* num_objects */
    CHECK(k < 3);
    if (forced_error != 0)
        return seL4_MessageInfo_new(forced_error, 0, 0, 0);
    start = (kernel_used[k] + size - 1) & ~(size - 1);
    if ((int)k == refuse_untyped || bi.untypedList[k].isDevice ||
        start + size > ((seL4_Word)1 << bi.untypedList[k].sizeBits))
        return seL4_MessageInfo_new(seL4_NotEnoughMemory, 0, 0, 1);
    kernel_used[k] = start + size;
    last_untyped = k;
    last_slot = ipc.msg[4]; /* node_offset */
    return seL4_MessageInfo_new(seL4_NoError, 0, 0, 0);
}

static void reset(void) {
    memset(&bi, 0, sizeof(bi));
    memset(kernel_used, 0, sizeof(kernel_used));
    refuse_untyped = -1;
    forced_error = 0;
    retypes = 0;
    seL4_SetIPCBuffer(&ipc);
    bi.empty = (seL4_SlotRegion){100, 110};
    bi.untyped = (seL4_SlotRegion){50, 53};
    bi.untypedList[0] = (seL4_UntypedDesc){.paddr = 0, .sizeBits = 20, .isDevice = 1};
    bi.untypedList[1] = (seL4_UntypedDesc){.paddr = 0x100000, .sizeBits = 12};
    bi.untypedList[2] = (seL4_UntypedDesc){.paddr = 0x200000, .sizeBits = 16};
    rt_alloc_init(&bi);
}

static void test_slots(void) {
    reset();
    CHECK_EQ(rt_alloc_slot(), 100);
    CHECK_EQ(rt_alloc_slot(), 101);
    for (int i = 0; i < 8; i++)
        rt_alloc_slot();
    CHECK_EQ(rt_alloc_slot(), seL4_CapNull);
    CHECK_EQ(rt_alloc_object(seL4_EndpointObject, 0), seL4_CapNull);
}

static void test_first_fit_placement(void) {
    reset();
    CHECK_EQ(rt_free_memory(), 4096 + 65536);
    /* Endpoint: first non-device untyped. */
    CHECK_EQ(rt_alloc_object(seL4_EndpointObject, 0), 100);
    CHECK_EQ(last_untyped, 1);
    CHECK_EQ(last_slot, 100);
    /* TCB: aligned up to 2048 in the 4 KiB untyped, fits exactly. */
    CHECK_EQ(rt_alloc_object(seL4_TCBObject, 0), 101);
    CHECK_EQ(last_untyped, 1);
    CHECK_EQ(kernel_used[1], 4096);
    /* Next TCB no longer fits there: goes to the 64 KiB untyped. */
    CHECK_EQ(rt_alloc_object(seL4_TCBObject, 0), 102);
    CHECK_EQ(last_untyped, 2);
    CHECK_EQ(rt_alloc_object(seL4_X86_4K, 0), 103);
    CHECK_EQ(last_untyped, 2);
    CHECK_EQ(kernel_used[2], 8192);
    CHECK_EQ(rt_free_memory(), 65536 - 8192);
    /* No retype was attempted where the allocator knew it would fail. */
    CHECK_EQ(retypes, 4);
}

static void test_too_big_gives_slot_back(void) {
    reset();
    CHECK_EQ(rt_alloc_object(seL4_UntypedObject, 17), seL4_CapNull);
    CHECK_EQ(retypes, 0);
    CHECK_EQ(rt_alloc_slot(), 100);
    CHECK_EQ(rt_alloc_object(seL4_UntypedObject, 16), 101);
    CHECK_EQ(last_untyped, 2);
    CHECK_EQ(rt_alloc_object(0xFFFF, 0), seL4_CapNull);
}

static void test_kernel_disagrees(void) {
    reset();
    refuse_untyped = 1; /* someone else used it up behind our back */
    CHECK_EQ(rt_alloc_object(seL4_EndpointObject, 0), 100);
    CHECK_EQ(last_untyped, 2);
    CHECK_EQ(retypes, 2);
    CHECK_EQ(rt_free_memory(), 65536 - 16);
    /* The refused untyped is not tried again. */
    CHECK_EQ(rt_alloc_object(seL4_EndpointObject, 0), 101);
    CHECK_EQ(retypes, 3);
}

static void test_other_errors_stop(void) {
    reset();
    forced_error = seL4_InvalidArgument;
    CHECK_EQ(rt_alloc_object(seL4_EndpointObject, 0), seL4_CapNull);
    CHECK_EQ(retypes, 1);
    CHECK_EQ(rt_alloc_slot(), 100);
}

static void test_object_sizes(void) {
    CHECK_EQ(rt_object_size_bits(seL4_TCBObject, 0), seL4_TCBBits);
    CHECK_EQ(rt_object_size_bits(seL4_CapTableObject, 4), 9);
    CHECK_EQ(rt_object_size_bits(seL4_X64_HugePageObject, 0), 30);
    CHECK_EQ(rt_object_size_bits(seL4_X86_LargePageObject, 0), 21);
    CHECK_EQ(rt_object_size_bits(seL4_NotificationObject, 0), 5);
    CHECK_EQ(rt_object_size_bits(seL4_ObjectTypeCount, 0), 0);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_slots),
    HARNESS_TEST(test_first_fit_placement),
    HARNESS_TEST(test_too_big_gives_slot_back),
    HARNESS_TEST(test_kernel_disagrees),
    HARNESS_TEST(test_other_errors_stop),
    HARNESS_TEST(test_object_sizes),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
