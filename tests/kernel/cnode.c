/*
 * cnode.c — CNODE tests: the CNode invocations (reference §2.3, §2.4, §5.3)
 * and capability lookup.
 *
 * Lookup facts used here (root CNode: radix 12, guard 0 of 52 bits, so a
 * depth-64 index N < 4096 is slot N):
 *   - depth outside 1..64                     RangeError(1, 64)
 *   - guard bits of the index do not match    GuardMismatch: bitsLeft,
 *     (or fewer bits left than the guard)       guard found = the CNode's
 *                                               guard, guard size
 *   - bits left after the guard < radix       DepthMismatch: bitsLeft,
 *                                               bitsFound = guard + radix
 *   - bits left at a non-CNode cap            DepthMismatch(bitsLeft, 0)
 *   - empty source slot                       MissingCapability(src_depth)
 * FailedLookup replies carry MR0 = 1 for the source side, MR1 = type.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

#define ROOT seL4_CapInitThreadCNode
#define D64 seL4_WordBits

static seL4_Word ident(seL4_CPtr c) { return seL4_DebugCapIdentify(c); }

/* Copy makes a second cap to the same object, keeping the badge. */
static int test_copy(struct kt_env *env) {
    seL4_CPtr ntfn = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr badged = kt_mint(env, ntfn, seL4_AllRights, 0x31);
    seL4_CPtr copy = kt_slot(env);
    seL4_Word badge = 0;

    KT_CHECK_ERR(seL4_CNode_Copy(ROOT, copy, D64, ROOT, badged, D64, seL4_AllRights), seL4_NoError);
    KT_CHECK_EQ(ident(copy), KT_CAP_NOTIFICATION);
    KT_CHECK_EQ(ident(badged), KT_CAP_NOTIFICATION);
    seL4_Signal(copy);
    seL4_Poll(ntfn, &badge);
    KT_CHECK_EQ(badge, 0x31);
    kt_free(env, copy);
    kt_free(env, badged);
    kt_free(env, ntfn);
    return kt_result();
}

static int test_copy_errors(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr occupied = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr frame = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr empty = kt_slot(env), dest = kt_slot(env);
    seL4_Error err;

    err = seL4_CNode_Copy(ROOT, occupied, D64, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_DeleteFirst);
    /* Empty source: MissingCapability with bitsLeft = the source depth
     * (upstream; the reference only says FailedLookup, MR0 = 1). */
    err = seL4_CNode_Copy(ROOT, dest, D64, ROOT, empty, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 1, seL4_MissingCapability, 64);
    err = seL4_CNode_Copy(ROOT, dest, D64, ep, ep, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 1, seL4_InvalidRoot);
    err = seL4_CNode_Copy(ROOT, dest, 0, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 1, 64);
    err = seL4_CNode_Copy(ROOT, dest, 65, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 1, 64);
    err = seL4_CNode_Copy(ROOT, dest, D64, ROOT, ep, 65, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 1, 64);
    KT_CHECK_EQ(ident(dest), KT_CAP_NULL);
    /* A CNode method on a frame cap is an illegal operation.  (Not on
     * an endpoint: Call on an endpoint is IPC, not an invocation.) */
    err = seL4_CNode_Copy(frame, dest, D64, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    KT_CHECK_EQ(ident(dest), KT_CAP_NULL);
    kt_free(env, frame);
    kt_free(env, ep);
    kt_free(env, occupied);
    return kt_result();
}

static int test_lookup_failures(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_Error err;

    /* Index bit 12 set: the 52-bit guard (0) does not match. */
    err = seL4_CNode_Copy(ROOT, 0x1000, D64, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_GuardMismatch, 64, 0, 52);
    /* Fewer bits than the guard: also a guard mismatch. */
    err = seL4_CNode_Copy(ROOT, 5, 32, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_GuardMismatch, 32, 0, 52);
    /* Guard fits, radix does not: depth mismatch. */
    err = seL4_CNode_Copy(ROOT, 5, 60, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_DepthMismatch, 60, 64);
    /* The same on the source side (into an empty slot). */
    err = seL4_CNode_Copy(ROOT, kt_slot(env), D64, ROOT, ep | 0x1000, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 1, seL4_GuardMismatch, 64, 0, 52);
    kt_free(env, ep);
    return kt_result();
}

/* Lookups through two levels: a root CNode cap minted without a guard. */
static int test_two_levels(struct kt_env *env) {
    seL4_CPtr mroot = kt_mint(env, ROOT, seL4_AllRights, seL4_CNode_CapData_new(0, 0).words[0]);
    seL4_CPtr sub = kt_alloc(env, seL4_CapTableObject, 8);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr back = kt_slot(env);
    seL4_Error err;

    /* mroot resolves 12 bits per level; sub 8 more. */
    err = seL4_CNode_Copy(mroot, (sub << 8) | 5, 20, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_CNode_Copy(ROOT, back, D64, sub, 5, 8, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(ident(back), KT_CAP_ENDPOINT);
    /* Depth 12 names the slot holding `sub` itself: occupied. */
    err = seL4_CNode_Copy(mroot, sub, 12, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_DeleteFirst);
    /* 4 bits left at sub (radix 8): depth mismatch. */
    err = seL4_CNode_Copy(mroot, (sub << 4) | 1, 16, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_DepthMismatch, 4, 8);
    /* 8 bits left at an endpoint: depth mismatch, nothing found. */
    err = seL4_CNode_Copy(mroot, (ep << 8) | 1, 20, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_DepthMismatch, 8, 0);
    kt_free(env, back);
    kt_free(env, sub); /* deletes the copy inside */
    kt_free(env, ep);
    kt_free(env, mroot);
    return kt_result();
}

/* Mint sets a badge once; minting a badged cap is refused. */
static int test_mint_badge(struct kt_env *env) {
    seL4_CPtr ntfn = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr b1 = kt_slot(env), b2 = kt_slot(env), u0 = kt_slot(env);
    seL4_CPtr b3 = kt_slot(env), e1 = kt_slot(env), e2 = kt_slot(env);
    seL4_Word badge = 0;

    KT_CHECK_ERR(seL4_CNode_Mint(ROOT, b1, D64, ROOT, ntfn, D64, seL4_AllRights, 0xbadc0ffee),
                 seL4_NoError);
    seL4_Signal(b1);
    seL4_Poll(ntfn, &badge);
    KT_CHECK_EQ(badge, 0xbadc0ffee);
    /* Already badged: any new badge (even 0) is refused. */
    KT_CHECK_ERR(seL4_CNode_Mint(ROOT, b2, D64, ROOT, b1, D64, seL4_AllRights, 7),
                 seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_CNode_Mint(ROOT, b2, D64, ROOT, b1, D64, seL4_AllRights, 0),
                 seL4_IllegalOperation);
    KT_CHECK_EQ(ident(b2), KT_CAP_NULL);
    /* Badge 0 leaves the cap unbadged: it can still be badged later. */
    KT_CHECK_ERR(seL4_CNode_Mint(ROOT, u0, D64, ROOT, ntfn, D64, seL4_AllRights, 0), seL4_NoError);
    KT_CHECK_ERR(seL4_CNode_Mint(ROOT, b3, D64, ROOT, u0, D64, seL4_AllRights, 0x44), seL4_NoError);
    seL4_Signal(b3);
    seL4_Poll(ntfn, &badge);
    KT_CHECK_EQ(badge, 0x44);
    /* Endpoints: full 64-bit badges; again only once. */
    KT_CHECK_ERR(seL4_CNode_Mint(ROOT, e1, D64, ROOT, ep, D64, seL4_AllRights, ~0ul), seL4_NoError);
    KT_CHECK_ERR(seL4_CNode_Mint(ROOT, e2, D64, ROOT, e1, D64, seL4_AllRights, 1),
                 seL4_IllegalOperation);
    kt_free(env, e1);
    kt_free(env, b3);
    kt_free(env, u0);
    kt_free(env, b1);
    kt_free(env, ep);
    kt_free(env, ntfn);
    return kt_result();
}

/* Minting a CNode cap sets its guard. */
static int test_mint_guard(struct kt_env *env) {
    seL4_CPtr sub = kt_alloc(env, seL4_CapTableObject, 4);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr g = kt_slot(env), bad = kt_slot(env), back = kt_slot(env);
    seL4_Error err;

    /* Guard 0x5 of 4 bits: the CNode now resolves 8 bits. */
    err = seL4_CNode_Mint(ROOT, g, D64, ROOT, sub, D64, seL4_AllRights,
                          seL4_CNode_CapData_new(0x5, 4).words[0]);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_CNode_Copy(g, 0x53, 8, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_CNode_Copy(ROOT, back, D64, sub, 3, 4, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(ident(back), KT_CAP_ENDPOINT);
    err = seL4_CNode_Copy(g, 0x63, 8, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 0, seL4_GuardMismatch, 8, 5, 4);
    /* The old radix-only cap needs exactly 4 bits now as before. */
    err = seL4_CNode_Copy(sub, 3, 8, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_FailedLookup);
    /* guardSize + radix > 64 is refused. */
    err = seL4_CNode_Mint(ROOT, bad, D64, ROOT, sub, D64, seL4_AllRights,
                          seL4_CNode_CapData_new(0, 61).words[0]);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    KT_CHECK_EQ(ident(bad), KT_CAP_NULL);
    /* Exactly 64 is fine. */
    err = seL4_CNode_Mint(ROOT, bad, D64, ROOT, sub, D64, seL4_AllRights,
                          seL4_CNode_CapData_new(0, 60).words[0]);
    KT_CHECK_ERR(err, seL4_NoError);
    kt_free(env, bad);
    kt_free(env, back);
    kt_free(env, g);
    kt_free(env, sub);
    kt_free(env, ep);
    return kt_result();
}

static int test_move(struct kt_env *env) {
    seL4_CPtr ntfn = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr b = kt_mint(env, ntfn, seL4_AllRights, 9);
    seL4_CPtr dest = kt_slot(env), other = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_Word badge = 0;
    seL4_Error err;

    err = seL4_CNode_Move(ROOT, dest, D64, ROOT, b, D64);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(ident(b), KT_CAP_NULL);
    KT_CHECK_EQ(ident(dest), KT_CAP_NOTIFICATION);
    seL4_Signal(dest);
    seL4_Poll(ntfn, &badge);
    KT_CHECK_EQ(badge, 9); /* the badge moved with it */
    err = seL4_CNode_Move(ROOT, other, D64, ROOT, dest, D64);
    KT_CHECK_ERR(err, seL4_DeleteFirst);
    err = seL4_CNode_Move(ROOT, b, D64, ROOT, b + 0, D64);
    KT_CHECK_ERR(err, seL4_FailedLookup);
    err = seL4_CNode_Move(ROOT, kt_slot(env), D64, ROOT, b, D64);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 1, seL4_MissingCapability, 64);
    kt_free(env, dest);
    kt_free(env, other);
    kt_free(env, ntfn);
    return kt_result();
}

/* Mutate: guard of CNode caps; refused for endpoints; plain move else. */
static int test_mutate(struct kt_env *env) {
    seL4_CPtr sub = kt_alloc(env, seL4_CapTableObject, 4);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr frame = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr d1 = kt_slot(env), d2 = kt_slot(env), d3 = kt_slot(env);
    seL4_Error err;

    err = seL4_CNode_Mutate(ROOT, d1, D64, ROOT, sub, D64, seL4_CNode_CapData_new(0, 60).words[0]);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(ident(sub), KT_CAP_NULL);
    /* d1 now resolves 64 bits: 60 guard bits (0) + 4 radix. */
    err = seL4_CNode_Copy(d1, 2, D64, ROOT, ep, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_CNode_Mutate(ROOT, d2, D64, ROOT, ep, D64, 0);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    KT_CHECK_EQ(ident(ep), KT_CAP_ENDPOINT);
    err = seL4_CNode_Mutate(ROOT, d3, D64, ROOT, frame, D64, 0x1234);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(ident(frame), KT_CAP_NULL);
    KT_CHECK_EQ(ident(d3), KT_CAP_FRAME);
    kt_free(env, d3);
    kt_free(env, d1);
    kt_free(env, ep);
    return kt_result();
}

/* Rotate: pivot -> dest, src -> pivot; with dest == src a swap. */
static int test_rotate(struct kt_env *env) {
    seL4_CPtr a = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr b = kt_alloc(env, seL4_X86_PageTableObject, 0);
    seL4_CPtr c = kt_slot(env);
    seL4_Error err;

    err = seL4_CNode_Rotate(ROOT, c, D64, 0, ROOT, b, D64, 0, ROOT, a, D64);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(ident(a), KT_CAP_NULL);
    KT_CHECK_EQ(ident(b), KT_CAP_FRAME);
    KT_CHECK_EQ(ident(c), KT_CAP_PAGE_TABLE);
    /* Swap b and c: dest == src == b, pivot c. */
    err = seL4_CNode_Rotate(ROOT, b, D64, 0, ROOT, c, D64, 0, ROOT, b, D64);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(ident(b), KT_CAP_PAGE_TABLE);
    KT_CHECK_EQ(ident(c), KT_CAP_FRAME);
    kt_free(env, b);
    kt_free(env, c);
    return kt_result();
}

static int test_rotate_errors(struct kt_env *env) {
    seL4_CPtr a = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr b = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr c = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr e = kt_slot(env), f = kt_slot(env);
    seL4_Error err;

    err = seL4_CNode_Rotate(ROOT, e, D64, 0, ROOT, a, D64, 0, ROOT, a, D64);
    KT_CHECK_ERR(err, seL4_IllegalOperation); /* pivot == src */
    err = seL4_CNode_Rotate(ROOT, a, D64, 0, ROOT, a, D64, 0, ROOT, b, D64);
    KT_CHECK_ERR(err, seL4_IllegalOperation); /* pivot == dest */
    err = seL4_CNode_Rotate(ROOT, c, D64, 0, ROOT, b, D64, 0, ROOT, a, D64);
    KT_CHECK_ERR(err, seL4_DeleteFirst); /* dest occupied, != src */
    err = seL4_CNode_Rotate(ROOT, e, D64, 0, ROOT, b, D64, 0, ROOT, f, D64);
    KT_CHECK_ERR_MRS(err, seL4_FailedLookup, 1, seL4_MissingCapability, 64);
    /* Endpoint caps cannot be given new data by Rotate. */
    err = seL4_CNode_Rotate(ROOT, e, D64, 0, ROOT, b, D64, 0, ROOT, ep, D64);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    /* Nothing moved. */
    KT_CHECK_EQ(ident(a), KT_CAP_FRAME);
    KT_CHECK_EQ(ident(b), KT_CAP_FRAME);
    KT_CHECK_EQ(ident(c), KT_CAP_FRAME);
    KT_CHECK_EQ(ident(ep), KT_CAP_ENDPOINT);
    KT_CHECK_EQ(ident(e), KT_CAP_NULL);
    kt_free(env, a);
    kt_free(env, b);
    kt_free(env, c);
    kt_free(env, ep);
    return kt_result();
}

static int test_delete(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr empty = kt_slot(env);

    KT_CHECK_ERR(seL4_CNode_Delete(ROOT, ep, D64), seL4_NoError);
    KT_CHECK_EQ(ident(ep), KT_CAP_NULL);
    KT_CHECK_ERR(seL4_CNode_Delete(ROOT, ep, D64), seL4_NoError);
    KT_CHECK_ERR(seL4_CNode_Delete(ROOT, empty, D64), seL4_NoError);
    KT_CHECK_ERR_MRS(seL4_CNode_Delete(ROOT, 0x1000, D64), seL4_FailedLookup, 0, seL4_GuardMismatch,
                     64, 0, 52);
    KT_CHECK_ERR_MRS(seL4_CNode_Delete(ROOT, empty, 0), seL4_RangeError, 1, 64);
    return kt_result();
}

/* Revoke deletes every cap derived from the one in the slot. */
static int test_revoke(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr c1 = kt_copy(env, ep, seL4_AllRights);
    seL4_CPtr c2 = kt_copy(env, c1, seL4_CanWrite);
    seL4_CPtr m = kt_mint(env, ep, seL4_AllRights, 5);
    seL4_CPtr mc = kt_copy(env, m, seL4_AllRights);

    /* Revoking the badged cap removes only its copies. */
    KT_CHECK_ERR(seL4_CNode_Revoke(ROOT, m, D64), seL4_NoError);
    KT_CHECK_EQ(ident(mc), KT_CAP_NULL);
    KT_CHECK_EQ(ident(m), KT_CAP_ENDPOINT);
    KT_CHECK_EQ(ident(c1), KT_CAP_ENDPOINT);
    /* Revoking the original removes everything else. */
    KT_CHECK_ERR(seL4_CNode_Revoke(ROOT, ep, D64), seL4_NoError);
    KT_CHECK_EQ(ident(c1), KT_CAP_NULL);
    KT_CHECK_EQ(ident(c2), KT_CAP_NULL);
    KT_CHECK_EQ(ident(m), KT_CAP_NULL);
    KT_CHECK_EQ(ident(ep), KT_CAP_ENDPOINT);
    /* Revoking a slot without children or an empty slot is fine. */
    KT_CHECK_ERR(seL4_CNode_Revoke(ROOT, ep, D64), seL4_NoError);
    KT_CHECK_ERR(seL4_CNode_Revoke(ROOT, m, D64), seL4_NoError);
    kt_free(env, ep);
    return kt_result();
}

/* Every slot of a full CNode refuses another cap. */
static int test_full_cnode(struct kt_env *env) {
    seL4_CPtr sub = kt_alloc(env, seL4_CapTableObject, 2);
    seL4_CPtr ut = kt_alloc(env, seL4_UntypedObject, 12);
    seL4_Error err;
    unsigned i;

    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, sub, D64, 0, 4);
    KT_CHECK_ERR(err, seL4_NoError);
    for (i = 0; i < 4; i++) {
        err = seL4_CNode_Copy(sub, i, 2, sub, 0, 2, seL4_AllRights);
        KT_CHECK_ERR(err, seL4_DeleteFirst);
        err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, sub, D64, i, 1);
        KT_CHECK_ERR(err, seL4_DeleteFirst);
    }
    err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, sub, D64, 4, 1);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 0, 3);
    kt_free(env, sub);
    kt_free(env, ut);
    return kt_result();
}

/* Copy masks rights; masked rights cannot be regained. */
static int test_rights_masking(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr ro = kt_copy(env, ep, seL4_CanRead);
    seL4_CPtr again = kt_copy(env, ro, seL4_AllRights);
    seL4_CPtr ntfn = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr nro = kt_mint(env, ntfn, seL4_CanRead, 3);
    seL4_MessageInfo_t tag;
    seL4_Word badge = 0;

    tag = seL4_Call(ro, seL4_MessageInfo_new(0, 0, 0, 0));
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_InvalidCapability);
    KT_CHECK_EQ(seL4_GetMR(0), 0);
    tag = seL4_Call(again, seL4_MessageInfo_new(0, 0, 0, 0));
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_InvalidCapability);
    /* A read-only notification cap cannot signal. */
    tag = seL4_Call(nro, seL4_MessageInfo_new(0, 0, 0, 0));
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_InvalidCapability);
    seL4_Signal(nro);
    seL4_Poll(ntfn, &badge);
    KT_CHECK_EQ(badge, 0);
    kt_free(env, nro);
    kt_free(env, ntfn);
    kt_free(env, again);
    kt_free(env, ro);
    kt_free(env, ep);
    return kt_result();
}

/* Caps that cannot be copied, and an untyped with children. */
static int test_uncopyable(struct kt_env *env) {
    seL4_CPtr dest = kt_slot(env);
    seL4_CPtr ut = kt_alloc(env, seL4_UntypedObject, 12);
    seL4_CPtr child = kt_slot(env);
    seL4_CPtr pt = kt_alloc(env, seL4_X86_PageTableObject, 0);
    seL4_CPtr pml4 = kt_alloc(env, seL4_X64_PML4Object, 0);
    seL4_Error err;

    err = seL4_CNode_Copy(ROOT, dest, D64, ROOT, seL4_CapIRQControl, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    err = seL4_CNode_Copy(ROOT, dest, D64, ROOT, seL4_CapIOPortControl, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    /* Unmapped page table, PML4 without an ASID: not derivable. */
    err = seL4_CNode_Copy(ROOT, dest, D64, ROOT, pt, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    err = seL4_CNode_Copy(ROOT, dest, D64, ROOT, pml4, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    /* Untyped: copyable without children, RevokeFirst with. */
    err = seL4_CNode_Copy(ROOT, dest, D64, ROOT, ut, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_NoError);
    kt_free(env, dest);
    KT_CHECK_ERR(kt_retype(ut, seL4_EndpointObject, 0, child), seL4_NoError);
    err = seL4_CNode_Copy(ROOT, dest, D64, ROOT, ut, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_RevokeFirst);
    KT_CHECK_EQ(ident(dest), KT_CAP_NULL);
    /* The initial (mapped) paging caps and the root PML4 are copyable. */
    err =
        seL4_CNode_Copy(ROOT, dest, D64, ROOT, env->bi->userImagePaging.start, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_NoError);
    kt_free(env, dest);
    err = seL4_CNode_Copy(ROOT, dest, D64, ROOT, seL4_CapInitThreadVSpace, D64, seL4_AllRights);
    KT_CHECK_ERR(err, seL4_NoError);
    kt_free(env, dest);
    kt_free(env, child);
    kt_free(env, ut);
    kt_free(env, pt);
    kt_free(env, pml4);
    return kt_result();
}

/* SaveCaller moves the pending reply cap into a slot; Send on it replies. */
static int test_save_caller(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr slot = kt_slot(env), busy = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr none = kt_slot(env);
    struct kt_thread t;
    seL4_Word badge;

    /* Nothing to save: succeeds, slot stays empty. */
    KT_CHECK_ERR(seL4_CNode_SaveCaller(ROOT, none, D64), seL4_NoError);
    KT_CHECK_EQ(ident(none), KT_CAP_NULL);
    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_call, ep, 0x11, 0);
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), 0x11);
    KT_CHECK_ERR(seL4_CNode_SaveCaller(ROOT, busy, D64), seL4_DeleteFirst);
    KT_CHECK_ERR(seL4_CNode_SaveCaller(ROOT, slot, D64), seL4_NoError);
    KT_CHECK_EQ(ident(slot), KT_CAP_REPLY);
    /* Reply caps cannot be copied. */
    KT_CHECK_ERR(seL4_CNode_Copy(ROOT, none, D64, ROOT, slot, D64, seL4_AllRights),
                 seL4_IllegalOperation);
    seL4_SetMR(0, 0x22);
    seL4_Send(slot, seL4_MessageInfo_new(0x5, 0, 0, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0x22);
    KT_CHECK_EQ(t.counter, 0x5);
    /* A reply cap is used up by replying. */
    KT_CHECK_EQ(ident(slot), KT_CAP_NULL);
    kt_thread_destroy(env, &t);
    kt_free(env, busy);
    kt_free(env, ep);
    return kt_result();
}

/*
 * CancelBadgedSends: senders with the badge are restarted (they re-issue
 * their Send and go to the back of the queue), others stay queued.
 */
static int test_cancel_badged_sends(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr b1 = kt_mint(env, ep, seL4_AllRights, 1);
    seL4_CPtr b2 = kt_mint(env, ep, seL4_AllRights, 2);
    seL4_CPtr rw = kt_mint(env, ep, seL4_ReadWrite, 3);
    seL4_CPtr ntfn = kt_alloc(env, seL4_NotificationObject, 0);
    struct kt_thread a, b;
    seL4_Word badge = 0;

    if (!kt_thread_create(env, &a, KT_HELPER_PRIO) || !kt_thread_create(env, &b, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&a, kt_body_send, b1, 0xa, 0);
    kt_drain(env);
    kt_thread_start(&b, kt_body_send, b2, 0xb, 0);
    kt_drain(env);
    /* Queue: a (badge 1), b (badge 2). */
    KT_CHECK_ERR(seL4_CNode_CancelBadgedSends(ROOT, b1, D64), seL4_NoError);
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(badge, 2);
    KT_CHECK_EQ(seL4_GetMR(0), 0xb);
    seL4_Recv(ep, &badge); /* a runs, sends again */
    KT_CHECK_EQ(badge, 1);
    KT_CHECK_EQ(seL4_GetMR(0), 0xa);
    kt_thread_join(env, &a);
    kt_thread_join(env, &b);
    /* Needs all rights; unbadged is a no-op; other types refused. */
    KT_CHECK_ERR(seL4_CNode_CancelBadgedSends(ROOT, rw, D64), seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_CNode_CancelBadgedSends(ROOT, ep, D64), seL4_NoError);
    KT_CHECK_ERR(seL4_CNode_CancelBadgedSends(ROOT, ntfn, D64), seL4_IllegalOperation);
    kt_thread_destroy(env, &a);
    kt_thread_destroy(env, &b);
    kt_free(env, ntfn);
    kt_free(env, rw);
    kt_free(env, b2);
    kt_free(env, b1);
    kt_free(env, ep);
    return kt_result();
}

/* Deleting a CNode deletes the caps inside (and destroys their objects). */
static int test_delete_cnode_contents(struct kt_env *env) {
    seL4_CPtr ut = kt_alloc(env, seL4_UntypedObject, 12);
    seL4_CPtr sub = kt_slot(env), ep = kt_slot(env), whole = kt_slot(env);

    KT_CHECK_ERR(kt_retype(ut, seL4_CapTableObject, 2, sub), seL4_NoError);
    KT_CHECK_ERR(kt_retype(ut, seL4_EndpointObject, 0, ep), seL4_NoError);
    KT_CHECK_ERR(seL4_CNode_Move(sub, 1, 2, ROOT, ep, D64), seL4_NoError);
    kt_free(env, sub);
    /* Both objects are gone: the untyped has no children left. */
    KT_CHECK_ERR(kt_retype(ut, seL4_UntypedObject, 12, whole), seL4_NoError);
    kt_free(env, whole);
    kt_free(env, ut);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"CNODE0001", "copy keeps object and badge", test_copy},
    {"CNODE0002", "copy errors: DeleteFirst, FailedLookup, RangeError", test_copy_errors},
    {"CNODE0003", "lookup failures: guard and depth mismatch MRs", test_lookup_failures},
    {"CNODE0004", "two-level lookup through a guardless root cap", test_two_levels},
    {"CNODE0005", "mint badges once (64-bit badges)", test_mint_badge},
    {"CNODE0006", "mint CNode guard data", test_mint_guard},
    {"CNODE0007", "move", test_move},
    {"CNODE0008", "mutate: CNode guard, endpoint refused, frame moved", test_mutate},
    {"CNODE0009", "rotate and swap", test_rotate},
    {"CNODE0010", "rotate errors", test_rotate_errors},
    {"CNODE0011", "delete", test_delete},
    {"CNODE0012", "revoke removes derived caps only", test_revoke},
    {"CNODE0013", "full CNode refuses more caps", test_full_cnode},
    {"CNODE0014", "rights masking on copy/mint", test_rights_masking},
    {"CNODE0015", "uncopyable caps and untyped with children", test_uncopyable},
    {"CNODE0016", "SaveCaller then Send on the reply cap", test_save_caller},
    {"CNODE0017", "CancelBadgedSends restarts matching senders", test_cancel_badged_sends},
    {"CNODE0018", "deleting a CNode deletes its contents", test_delete_cnode_contents},
};

const struct kt_group kt_group_cnode = {"cnode", tests, KT_ARRAY_SIZE(tests)};
