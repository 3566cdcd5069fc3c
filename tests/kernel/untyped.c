/*
 * untyped.c — UNTYPED tests: seL4_Untyped_Retype (reference §4, §5.3).
 *
 * Most tests carve a small child untyped of a known size out of the test's
 * untyped, so that sizes, placement and exhaustion are exactly predictable.
 * Placement is observed through frames: seL4_X86_Page_GetAddress gives the
 * physical address of a frame, so a frame retyped at a known moment tells
 * where the untyped's free pointer was.
 *
 * Rules under test: an object of size 2^s starts at the free pointer rounded
 * up to 2^s; n objects are contiguous; the free pointer is reset to the
 * start only when the untyped has no children; NotEnoughMemory reports the
 * bytes left (from the unrounded free pointer); fan-out 1..256; every slot
 * of the destination window must be empty (and nothing is created if one
 * is not); device untypeds make only frames and untypeds.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

/* A child untyped of 2^bits carved from the test's untyped. */
static seL4_CPtr ut_child(struct kt_env *env, unsigned bits) {
    return kt_alloc(env, seL4_UntypedObject, bits);
}

static seL4_Word frame_paddr(seL4_CPtr frame) {
    seL4_X86_Page_GetAddress_t r = seL4_X86_Page_GetAddress(frame);

    KT_CHECK_ERR(r.error, seL4_NoError);
    return r.paddr;
}

/* Retype one object into the root CNode at `slot` from `ut`. */
static seL4_Error retype1(seL4_CPtr ut, seL4_Word type, seL4_Word bits, seL4_CPtr slot) {
    return seL4_Untyped_Retype(ut, type, bits, seL4_CapInitThreadCNode, 0, 0, slot, 1);
}

/*
 * Every type fits exactly into an untyped of its size, a second one does
 * not (NotEnoughMemory, 0 bytes left), and an untyped one size smaller is
 * too small (NotEnoughMemory with its whole size left).
 */
static int test_object_sizes(struct kt_env *env) {
    static const struct {
        seL4_Word type, size_arg, bits;
    } objs[] = {
        {seL4_UntypedObject, 6, 6},
        {seL4_TCBObject, 0, seL4_TCBBits},
        {seL4_EndpointObject, 0, seL4_EndpointBits},
        {seL4_EndpointObject, 20, seL4_EndpointBits}, /* size ignored */
        {seL4_NotificationObject, 0, seL4_NotificationBits},
        {seL4_CapTableObject, 4, 4 + seL4_SlotBits},
        {seL4_X86_PDPTObject, 0, seL4_PDPTBits},
        {seL4_X64_PML4Object, 0, seL4_PML4Bits},
        {seL4_X86_4K, 0, seL4_PageBits},
        {seL4_X86_LargePageObject, 0, seL4_LargePageBits},
        {seL4_X86_PageTableObject, 0, seL4_PageTableBits},
        {seL4_X86_PageDirectoryObject, 0, seL4_PageDirBits},
    };
    seL4_CPtr ut, a, b;
    seL4_Error err;
    unsigned i;

    for (i = 0; i < KT_ARRAY_SIZE(objs); i++) {
        ut = ut_child(env, objs[i].bits);
        a = kt_slot(env);
        b = kt_slot(env);
        err = retype1(ut, objs[i].type, objs[i].size_arg, a);
        if (!KT_CHECK_ERR(err, seL4_NoError))
            kt_printf("      (type %lu)\n", objs[i].type);
        err = retype1(ut, objs[i].type, objs[i].size_arg, b);
        if (!KT_CHECK_ERR_MRS(err, seL4_NotEnoughMemory, 0))
            kt_printf("      (type %lu, second object)\n", objs[i].type);
        kt_free(env, a);
        kt_free(env, b);
        kt_free(env, ut);
        if (objs[i].bits <= seL4_MinUntypedBits)
            continue;
        ut = ut_child(env, objs[i].bits - 1);
        a = kt_slot(env);
        err = retype1(ut, objs[i].type, objs[i].size_arg, a);
        if (!KT_CHECK_ERR_MRS(err, seL4_NotEnoughMemory, 1ul << (objs[i].bits - 1)))
            kt_printf("      (type %lu, untyped too small)\n", objs[i].type);
        kt_free(env, a);
        kt_free(env, ut);
    }
    return kt_result();
}

/* Objects start at the free pointer rounded up to their size. */
static int test_placement(struct kt_env *env) {
    seL4_CPtr ut = ut_child(env, 16);
    seL4_CPtr f0 = kt_slot(env), ep = kt_slot(env), f1 = kt_slot(env);
    seL4_CPtr tcb = kt_slot(env), f2 = kt_slot(env), four = kt_slots(env, 4);
    seL4_Word base;
    unsigned i;

    KT_CHECK_ERR(retype1(ut, seL4_X86_4K, 0, f0), seL4_NoError);         /* 0x0000 */
    KT_CHECK_ERR(retype1(ut, seL4_EndpointObject, 0, ep), seL4_NoError); /* 0x1000 */
    KT_CHECK_ERR(retype1(ut, seL4_X86_4K, 0, f1), seL4_NoError);         /* 0x2000 */
    KT_CHECK_ERR(retype1(ut, seL4_TCBObject, 0, tcb), seL4_NoError);     /* 0x3000 */
    KT_CHECK_ERR(retype1(ut, seL4_X86_4K, 0, f2), seL4_NoError);         /* 0x4000 */
    base = frame_paddr(f0);
    KT_CHECK_EQ(base & 0xffff, 0); /* the child untyped is 64 KiB aligned */
    KT_CHECK_EQ(frame_paddr(f1), base + 0x2000);
    KT_CHECK_EQ(frame_paddr(f2), base + 0x4000);
    /* Four frames at once are contiguous, after the last object. */
    KT_CHECK_ERR(seL4_Untyped_Retype(ut, seL4_X86_4K, 0, seL4_CapInitThreadCNode, 0, 0, four, 4),
                 seL4_NoError);
    for (i = 0; i < 4; i++)
        KT_CHECK_EQ(frame_paddr(four + i), base + 0x5000 + i * 0x1000);
    for (i = 0; i < 4; i++)
        kt_free(env, four + i);
    kt_free(env, f0);
    kt_free(env, ep);
    kt_free(env, f1);
    kt_free(env, tcb);
    kt_free(env, f2);
    kt_free(env, ut);
    return kt_result();
}

/*
 * Deleting some children does not give memory back (the free pointer only
 * moves forward); deleting all of them resets it to the start.
 */
static int test_reset_when_no_children(struct kt_env *env) {
    seL4_CPtr ut = ut_child(env, 14);
    seL4_CPtr f[4], g = kt_slot(env), h = kt_slot(env);
    seL4_Word base;
    unsigned i;

    for (i = 0; i < 4; i++) {
        f[i] = kt_slot(env);
        KT_CHECK_ERR(retype1(ut, seL4_X86_4K, 0, f[i]), seL4_NoError);
    }
    base = frame_paddr(f[0]);
    /* Full: a fifth frame does not fit even after deleting two. */
    kt_free(env, f[1]);
    kt_free(env, f[2]);
    KT_CHECK_ERR_MRS(retype1(ut, seL4_X86_4K, 0, g), seL4_NotEnoughMemory, 0);
    /* No children left: the untyped starts over at its beginning. */
    kt_free(env, f[0]);
    kt_free(env, f[3]);
    KT_CHECK_ERR(retype1(ut, seL4_X86_4K, 0, g), seL4_NoError);
    KT_CHECK_EQ(frame_paddr(g), base);
    KT_CHECK_ERR(retype1(ut, seL4_X86_4K, 0, h), seL4_NoError);
    KT_CHECK_EQ(frame_paddr(h), base + 0x1000);
    kt_free(env, g);
    kt_free(env, h);
    kt_free(env, ut);
    return kt_result();
}

/* Revoking a used untyped deletes its children and makes it whole again. */
static int test_revoke_resets(struct kt_env *env) {
    seL4_CPtr ut = ut_child(env, 14);
    seL4_CPtr four = kt_slots(env, 4), whole = kt_slot(env);
    seL4_Error err;
    unsigned i;

    err = seL4_Untyped_Retype(ut, seL4_X86_4K, 0, seL4_CapInitThreadCNode, 0, 0, four, 4);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_ERR_MRS(retype1(ut, seL4_UntypedObject, 14, whole), seL4_NotEnoughMemory, 0);
    KT_CHECK_ERR(seL4_CNode_Revoke(seL4_CapInitThreadCNode, ut, seL4_WordBits), seL4_NoError);
    for (i = 0; i < 4; i++)
        KT_CHECK_EQ(seL4_DebugCapIdentify(four + i), KT_CAP_NULL);
    KT_CHECK_EQ(seL4_DebugCapIdentify(ut), KT_CAP_UNTYPED);
    KT_CHECK_ERR(retype1(ut, seL4_UntypedObject, 14, whole), seL4_NoError);
    kt_free(env, whole);
    kt_free(env, ut);
    return kt_result();
}

/* Untyped children of untypeds; revoking the parent removes grandchildren. */
static int test_nested_untyped(struct kt_env *env) {
    seL4_CPtr ut = ut_child(env, 16);
    seL4_CPtr child = kt_slot(env), ep = kt_slot(env), ntfn = kt_slot(env);

    KT_CHECK_ERR(retype1(ut, seL4_UntypedObject, 12, child), seL4_NoError);
    KT_CHECK_ERR(retype1(child, seL4_EndpointObject, 0, ep), seL4_NoError);
    KT_CHECK_ERR(retype1(child, seL4_NotificationObject, 0, ntfn), seL4_NoError);
    KT_CHECK_ERR(seL4_CNode_Revoke(seL4_CapInitThreadCNode, ut, seL4_WordBits), seL4_NoError);
    KT_CHECK_EQ(seL4_DebugCapIdentify(child), KT_CAP_NULL);
    KT_CHECK_EQ(seL4_DebugCapIdentify(ep), KT_CAP_NULL);
    KT_CHECK_EQ(seL4_DebugCapIdentify(ntfn), KT_CAP_NULL);
    kt_free(env, ut);
    return kt_result();
}

/* num_objects must be 1..256; 256 objects at once work. */
static int test_fan_out(struct kt_env *env) {
    seL4_CPtr cnode = kt_alloc(env, seL4_CapTableObject, 8);
    seL4_CPtr ut = ut_child(env, 13), s = kt_slot(env);
    seL4_Error err;

    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, cnode,
                              seL4_WordBits, 0, 257);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 1, 256);
    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0, 0, s, 0);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 1, 256);
    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, cnode,
                              seL4_WordBits, 0, 256);
    KT_CHECK_ERR(err, seL4_NoError);
    /* 256 endpoints = 4 KiB: the 8 KiB untyped has exactly half left. */
    err = retype1(ut, seL4_UntypedObject, 13, s);
    KT_CHECK_ERR_MRS(err, seL4_NotEnoughMemory, 0x1000);
    /* Deleting the CNode deletes the 256 endpoint caps in it. */
    kt_free(env, cnode);
    kt_free(env, ut);
    return kt_result();
}

/* NotEnoughMemory reports the bytes left from the unrounded free pointer. */
static int test_not_enough_memory(struct kt_env *env) {
    seL4_CPtr ut = ut_child(env, 13), ep = kt_slot(env);
    seL4_CPtr two = kt_slots(env, 2), big = kt_slot(env);
    seL4_Error err;

    KT_CHECK_ERR(retype1(ut, seL4_EndpointObject, 0, ep), seL4_NoError);
    err = seL4_Untyped_Retype(ut, seL4_X86_4K, 0, seL4_CapInitThreadCNode, 0, 0, two, 2);
    KT_CHECK_ERR_MRS(err, seL4_NotEnoughMemory, 0x2000 - 0x10);
    err = retype1(ut, seL4_UntypedObject, 20, big);
    KT_CHECK_ERR_MRS(err, seL4_NotEnoughMemory, 0x2000 - 0x10);
    /* One frame still fits (placed at 0x1000). */
    KT_CHECK_ERR(retype1(ut, seL4_X86_4K, 0, two), seL4_NoError);
    kt_free(env, two);
    kt_free(env, ep);
    kt_free(env, ut);
    return kt_result();
}

/* Every destination slot must be empty; nothing is created otherwise. */
static int test_delete_first(struct kt_env *env) {
    seL4_CPtr ut = ut_child(env, 12), three = kt_slots(env, 3);
    seL4_Error err;

    KT_CHECK_ERR(retype1(ut, seL4_EndpointObject, 0, three + 2), seL4_NoError);
    err = seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, seL4_CapInitThreadCNode, 0, 0, three,
                              3);
    KT_CHECK_ERR(err, seL4_DeleteFirst);
    KT_CHECK_EQ(seL4_DebugCapIdentify(three), KT_CAP_NULL);
    KT_CHECK_EQ(seL4_DebugCapIdentify(three + 1), KT_CAP_NULL);
    KT_CHECK_EQ(seL4_DebugCapIdentify(three + 2), KT_CAP_ENDPOINT);
    kt_free(env, three + 2);
    kt_free(env, ut);
    return kt_result();
}

/* node_offset and the window must lie inside the destination CNode. */
static int test_window_range(struct kt_env *env) {
    seL4_CPtr cnode = kt_alloc(env, seL4_CapTableObject, 4);
    seL4_CPtr ut = ut_child(env, 12);
    seL4_Error err;

    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, cnode,
                              seL4_WordBits, 16, 1);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 0, 15);
    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, cnode,
                              seL4_WordBits, 14, 3);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 1, 2);
    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, cnode,
                              seL4_WordBits, 14, 2);
    KT_CHECK_ERR(err, seL4_NoError);
    kt_free(env, cnode);
    kt_free(env, ut);
    return kt_result();
}

/* Bad type numbers and size_bits. */
static int test_bad_type_and_size(struct kt_env *env) {
    seL4_CPtr ut = ut_child(env, 12), s = kt_slot(env);

    KT_CHECK_ERR_MRS(retype1(ut, seL4_ObjectTypeCount, 0, s), seL4_InvalidArgument, 0);
    KT_CHECK_ERR_MRS(retype1(ut, seL4_X86_IOPageTableObject, 0, s), seL4_InvalidArgument, 0);
    KT_CHECK_ERR_MRS(retype1(ut, seL4_UntypedObject, 3, s), seL4_InvalidArgument, 1);
    KT_CHECK_ERR_MRS(retype1(ut, seL4_CapTableObject, 0, s), seL4_InvalidArgument, 1);
    KT_CHECK_ERR_MRS(retype1(ut, seL4_UntypedObject, 48, s), seL4_RangeError, 0, 47);
    KT_CHECK_ERR_MRS(retype1(ut, seL4_CapTableObject, 43, s), seL4_RangeError, 0, 47);
    KT_CHECK_ERR_MRS(retype1(ut, seL4_EndpointObject, 64, s), seL4_RangeError, 0, 47);
    KT_CHECK_EQ(seL4_DebugCapIdentify(s), KT_CAP_NULL);
    kt_free(env, ut);
    return kt_result();
}

/* The destination must be a CNode. */
static int test_bad_destination(struct kt_env *env) {
    seL4_CPtr ut = ut_child(env, 12), ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_Error err;

    /* node_depth 0: `root` itself is the destination, and is no CNode. */
    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ep, 0, 0, 0, 1);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_MissingCapability, 0);
    /* (node_index, 64) names a slot holding an endpoint. */
    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, ep,
                              seL4_WordBits, 0, 1);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_MissingCapability, 64);
    kt_free(env, ep);
    kt_free(env, ut);
    return kt_result();
}

/* Device untypeds: frames and untypeds only; frames at the device address. */
static int test_device_untyped(struct kt_env *env) {
    seL4_CPtr dev = env->dev_untyped;
    seL4_CPtr f = kt_slot(env), u = kt_slot(env), s = kt_slot(env);

    if (!KT_CHECK(dev != seL4_CapNull))
        return kt_result();
    KT_CHECK_ERR_MRS(retype1(dev, seL4_EndpointObject, 0, s), seL4_InvalidArgument, 1);
    KT_CHECK_ERR_MRS(retype1(dev, seL4_TCBObject, 0, s), seL4_InvalidArgument, 1);
    KT_CHECK_ERR_MRS(retype1(dev, seL4_X86_PageTableObject, 0, s), seL4_InvalidArgument, 1);
    KT_CHECK_ERR(retype1(dev, seL4_X86_4K, 0, f), seL4_NoError);
    KT_CHECK_EQ(frame_paddr(f), env->dev_untyped_paddr);
    KT_CHECK_ERR(retype1(dev, seL4_UntypedObject, 16, u), seL4_NoError);
    KT_CHECK_EQ(seL4_DebugCapIdentify(u), KT_CAP_UNTYPED);
    /* A child of a device untyped is a device untyped too. */
    KT_CHECK_ERR_MRS(retype1(u, seL4_NotificationObject, 0, s), seL4_InvalidArgument, 1);
    KT_CHECK_ERR(retype1(u, seL4_X86_4K, 0, s), seL4_NoError);
    KT_CHECK_EQ(frame_paddr(s), env->dev_untyped_paddr + 0x10000);
    kt_free(env, s);
    kt_free(env, u);
    kt_free(env, f);
    return kt_result();
}

/* New frames from RAM are zero even if the memory was used before. */
static int test_zeroed(struct kt_env *env) {
    seL4_Word va = env->vm_window;
    struct kt_vm_tables tables;
    seL4_CPtr ut, f = kt_slot(env), g = kt_slot(env);
    volatile seL4_Word *p = (volatile seL4_Word *)va;
    seL4_Word nonzero = 0, paddr;
    unsigned i;

    if (!kt_vm_prepare(env, env->vspace, va, &tables))
        return kt_result();
    ut = ut_child(env, 12);
    KT_CHECK_ERR(retype1(ut, seL4_X86_4K, 0, f), seL4_NoError);
    KT_CHECK_ERR(
        seL4_X86_Page_Map(f, env->vspace, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes),
        seL4_NoError);
    for (i = 0; i < 512; i++)
        p[i] = 0xdeadbeef00000000ul | i;
    paddr = frame_paddr(f);
    kt_free(env, f); /* unmaps it; the untyped has no children now */
    KT_CHECK_ERR(retype1(ut, seL4_X86_4K, 0, g), seL4_NoError);
    KT_CHECK_EQ(frame_paddr(g), paddr);
    KT_CHECK_ERR(
        seL4_X86_Page_Map(g, env->vspace, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes),
        seL4_NoError);
    for (i = 0; i < 512; i++)
        nonzero |= p[i];
    KT_CHECK_EQ(nonzero, 0);
    kt_free(env, g);
    kt_free(env, ut);
    kt_vm_release(env, &tables);
    return kt_result();
}

/* A new CNode is empty; its slots are usable at once. */
static int test_new_cnode_empty(struct kt_env *env) {
    seL4_CPtr cnode = kt_alloc(env, seL4_CapTableObject, 3);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_Error err;
    unsigned i;

    /* Copying into each of the 8 slots succeeds exactly once. */
    for (i = 0; i < 8; i++) {
        err = seL4_CNode_Copy(cnode, i, 3, seL4_CapInitThreadCNode, ep, seL4_WordBits,
                              seL4_AllRights);
        KT_CHECK_ERR(err, seL4_NoError);
        err = seL4_CNode_Copy(cnode, i, 3, seL4_CapInitThreadCNode, ep, seL4_WordBits,
                              seL4_AllRights);
        KT_CHECK_ERR(err, seL4_DeleteFirst);
    }
    kt_free(env, cnode);
    kt_free(env, ep);
    return kt_result();
}

/*
 * The destination CNode is found at (node_index, node_depth) from `root`:
 * with a guardless copy of the root CNode, depth 12 names a root slot.
 */
static int test_destination_depth(struct kt_env *env) {
    seL4_CPtr mroot = kt_mint(env, seL4_CapInitThreadCNode, seL4_AllRights,
                              seL4_CNode_CapData_new(0, 0).words[0]);
    seL4_CPtr sub = kt_alloc(env, seL4_CapTableObject, 2);
    seL4_CPtr ut = ut_child(env, 12);
    seL4_Error err;

    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, mroot, sub, 12, 1, 2);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_ERR(seL4_CNode_Copy(sub, 0, 2, sub, 1, 2, seL4_AllRights), seL4_NoError);
    KT_CHECK_ERR(seL4_CNode_Copy(sub, 3, 2, sub, 2, 2, seL4_AllRights), seL4_NoError);
    /* Depth 13 leaves one bit to resolve inside sub (radix 2): mismatch. */
    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, mroot, (sub << 1), 13, 0, 1);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_DepthMismatch, 1, 2);
    kt_free(env, sub);
    kt_free(env, ut);
    kt_free(env, mroot);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"UNTYPED0001", "object sizes of every type", test_object_sizes},
    {"UNTYPED0002", "placement: free pointer rounded up, contiguous", test_placement},
    {"UNTYPED0003", "free pointer resets only without children", test_reset_when_no_children},
    {"UNTYPED0004", "revoke of a used untyped makes it whole", test_revoke_resets},
    {"UNTYPED0005", "nested untypeds; revoke removes grandchildren", test_nested_untyped},
    {"UNTYPED0006", "fan-out limit 1..256", test_fan_out},
    {"UNTYPED0007", "NotEnoughMemory reports bytes left", test_not_enough_memory},
    {"UNTYPED0008", "DeleteFirst on an occupied slot, nothing created", test_delete_first},
    {"UNTYPED0009", "RangeError for node_offset / window", test_window_range},
    {"UNTYPED0010", "InvalidArgument/RangeError for type and size_bits", test_bad_type_and_size},
    {"UNTYPED0011", "destination must be a CNode (FailedLookup)", test_bad_destination},
    {"UNTYPED0012", "device untyped: only frames and untypeds", test_device_untyped},
    {"UNTYPED0013", "reused memory is zeroed", test_zeroed},
    {"UNTYPED0014", "new CNode is empty", test_new_cnode_empty},
    {"UNTYPED0015", "destination CNode found at a given depth", test_destination_depth},
};

const struct kt_group kt_group_untyped = {"untyped", tests, KT_ARRAY_SIZE(tests)};
