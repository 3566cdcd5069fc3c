/*
 * ipc.c — IPC tests: endpoints (reference §1.3, §3, §11.2, §11.3).
 *
 * The test thread is usually the receiver or server; helpers (lower
 * priority, so they run only while the test thread is blocked) are the
 * senders and clients.  Message registers MR0..3 travel in registers, MR4
 * and up through the two IPC buffers; extra caps through caps_or_badges[]
 * and the receiver's receive path.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

#define ROOT seL4_CapInitThreadCNode
#define D64 seL4_WordBits

static seL4_Word pattern(seL4_Word i) { return 0x1000100010001ul * (i + 1); }

/* a0 = cap, a1 = length, a2 = label: Send MR i = pattern(i). */
static void send_pattern(struct kt_thread *t, seL4_Word cap, seL4_Word len, seL4_Word label) {
    seL4_Word i;

    for (i = 0; i < len && i < seL4_MsgMaxLength; i++)
        seL4_SetMR((int)i, pattern(i));
    seL4_Send(cap, seL4_MessageInfo_new(label, 0, 0, len));
    t->result = 1;
}

static bool check_pattern(seL4_Word len) {
    seL4_Word i;

    for (i = 0; i < len; i++) {
        if (!KT_CHECK_EQ(seL4_GetMR((int)i), pattern(i))) {
            kt_printf("      (MR%lu)\n", i);
            return false;
        }
    }
    return true;
}

static int test_send_recv(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr b = kt_mint(env, ep, seL4_AllRights, 0xfedcba9876543210ul);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge = 0;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, send_pattern, b, 4, 0xfffffffffffff);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(badge, 0xfedcba9876543210ul);
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), 0xfffffffffffff);
    KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), 4);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 0);
    KT_CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(tag), 0);
    check_pattern(4);
    kt_thread_join(env, &t);
    /* Unbadged cap: badge 0. */
    kt_thread_start(&t, send_pattern, ep, 1, 7);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(badge, 0);
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), 7);
    kt_thread_join(env, &t);
    kt_thread_destroy(env, &t);
    kt_free(env, b);
    kt_free(env, ep);
    return kt_result();
}

/* A sender blocks until a receiver comes. */
static int test_send_blocks(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_send, ep, 0x3, 0);
    kt_drain(env);
    KT_CHECK_EQ(t.result, 0);
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), 0x3);
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 1);
    kt_thread_destroy(env, &t);
    kt_free(env, ep);
    return kt_result();
}

/* Queued senders are received in FIFO order. */
static int test_fifo(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr b[3];
    struct kt_thread t[3];
    seL4_Word badge;
    unsigned i;

    for (i = 0; i < 3; i++) {
        b[i] = kt_mint(env, ep, seL4_AllRights, 10 + i);
        if (!kt_thread_create(env, &t[i], KT_HELPER_PRIO))
            return KT_FAIL;
        kt_thread_start(&t[i], kt_body_send, b[i], i, 0);
        kt_drain(env);
    }
    for (i = 0; i < 3; i++) {
        seL4_Recv(ep, &badge);
        KT_CHECK_EQ(badge, 10 + i);
    }
    for (i = 0; i < 3; i++) {
        kt_thread_join(env, &t[i]);
        kt_thread_destroy(env, &t[i]);
        kt_free(env, b[i]);
    }
    kt_free(env, ep);
    return kt_result();
}

static int test_call_reply(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr b = kt_mint(env, ep, seL4_AllRights, 0x77);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_call, b, 0x1234, 0x99);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(badge, 0x77);
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), 0x99);
    KT_CHECK_EQ(seL4_GetMR(0), 0x1234);
    KT_CHECK_EQ(t.finished, 0);
    seL4_SetMR(0, 0x4321);
    seL4_Reply(seL4_MessageInfo_new(0xaa, 0, 0, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0x4321);
    KT_CHECK_EQ(t.counter, 0xaa);
    /* A second Reply has no caller: nothing happens. */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    kt_thread_destroy(env, &t);
    kt_free(env, b);
    kt_free(env, ep);
    return kt_result();
}

/* a0 = cap, a1 = calls: Call MR0 = i, expect i + 100; counter = ok calls. */
static void client_loop(struct kt_thread *t, seL4_Word cap, seL4_Word calls, seL4_Word unused) {
    seL4_Word i;

    for (i = 0; i < calls; i++) {
        seL4_SetMR(0, i);
        seL4_Call(cap, seL4_MessageInfo_new(0, 0, 0, 1));
        if (seL4_GetMR(0) == i + 100)
            t->counter++;
    }
}

static int test_reply_recv(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    struct kt_thread t;
    seL4_Word badge, i;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, client_loop, ep, 3, 0);
    seL4_Recv(ep, &badge);
    for (i = 0; i < 3; i++) {
        KT_CHECK_EQ(seL4_GetMR(0), i);
        seL4_SetMR(0, seL4_GetMR(0) + 100);
        if (i < 2)
            seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
        else
            seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    }
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.counter, 3);
    kt_thread_destroy(env, &t);
    kt_free(env, ep);
    return kt_result();
}

/* NBSend without a waiting receiver is dropped; with one it is delivered. */
static int test_nbsend(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr b = kt_mint(env, ep, seL4_AllRights, 5);
    struct kt_thread t;
    seL4_Word badge = 0xdead;

    seL4_SetMR(0, 1);
    seL4_NBSend(b, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_NBRecv(ep, &badge);
    KT_CHECK_EQ(badge, 0);
    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_recv, ep, 0, 0);
    kt_drain(env);
    seL4_SetMR(0, 2);
    seL4_NBSend(b, seL4_MessageInfo_new(0, 0, 0, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 5);
    KT_CHECK_EQ(t.counter, 2);
    kt_thread_destroy(env, &t);
    kt_free(env, b);
    kt_free(env, ep);
    return kt_result();
}

/* NBRecv: nothing -> badge 0; a blocked sender -> its message. */
static int test_nbrecv(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr b = kt_mint(env, ep, seL4_AllRights, 9);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge = 0xdead;

    seL4_NBRecv(ep, &badge);
    KT_CHECK_EQ(badge, 0);
    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_send, b, 0x44, 0x3);
    kt_drain(env);
    tag = seL4_NBRecv(ep, &badge);
    KT_CHECK_EQ(badge, 9);
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), 3);
    KT_CHECK_EQ(seL4_GetMR(0), 0x44);
    kt_thread_join(env, &t);
    kt_thread_destroy(env, &t);
    kt_free(env, b);
    kt_free(env, ep);
    return kt_result();
}

/* 120 words arrive; a length above 120 is clamped to 120. */
static int test_long_message(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, send_pattern, ep, seL4_MsgMaxLength, 1);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), seL4_MsgMaxLength);
    check_pattern(seL4_MsgMaxLength);
    kt_thread_join(env, &t);
    kt_thread_start(&t, send_pattern, ep, 127, 2);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), seL4_MsgMaxLength);
    check_pattern(seL4_MsgMaxLength);
    kt_thread_join(env, &t);
    kt_thread_destroy(env, &t);
    kt_free(env, ep);
    return kt_result();
}

/* Long request and long reply in one Call. */
static void call_long(struct kt_thread *t, seL4_Word cap, seL4_Word len, seL4_Word unused) {
    seL4_MessageInfo_t tag;
    seL4_Word i, ok = 1;

    for (i = 0; i < len; i++)
        seL4_SetMR((int)i, pattern(i));
    tag = seL4_Call(cap, seL4_MessageInfo_new(0, 0, 0, len));
    if (seL4_MessageInfo_get_length(tag) != len)
        ok = 0;
    for (i = 0; i < len; i++)
        if (seL4_GetMR((int)i) != ~pattern(i))
            ok = 0;
    t->result = ok;
}

static int test_long_call(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge, i, len = 64;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, call_long, ep, len, 0);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), len);
    check_pattern(len);
    for (i = 0; i < len; i++)
        seL4_SetMR((int)i, ~pattern(i));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, len));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 1);
    kt_thread_destroy(env, &t);
    kt_free(env, ep);
    return kt_result();
}

/* a0 = endpoint cap, a1..a2: up to two extra caps (0 = none). */
static void send_caps(struct kt_thread *t, seL4_Word ep, seL4_Word c0, seL4_Word c1) {
    seL4_Word n = 0;

    if (c0 != 0)
        seL4_SetCap((int)n++, c0);
    if (c1 != 0)
        seL4_SetCap((int)n++, c1);
    seL4_SetMR(0, 0xcafe);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, n, 1));
    t->result = 1;
}

/* Receive one message on `ep` with receive slot `slot`. */
static seL4_MessageInfo_t recv_into(seL4_CPtr ep, seL4_CPtr slot, seL4_Word *badge) {
    seL4_SetCapReceivePath(ROOT, slot, D64);
    return seL4_Recv(ep, badge);
}

/* One extra cap arrives in the receive slot and works. */
static int test_cap_transfer(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr nb = kt_mint(env, ntfn, seL4_AllRights, 0x21);
    seL4_CPtr slot = kt_slot(env);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, send_caps, ep, nb, 0);
    tag = recv_into(ep, slot, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 1);
    KT_CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(tag), 0);
    KT_CHECK_EQ(seL4_GetMR(0), 0xcafe);
    KT_CHECK_EQ(seL4_DebugCapIdentify(slot), KT_CAP_NOTIFICATION);
    seL4_Signal(slot);
    seL4_Poll(ntfn, &badge);
    KT_CHECK_EQ(badge, 0x21); /* the badge travelled with the cap */
    kt_thread_join(env, &t);
    kt_thread_destroy(env, &t);
    kt_free(env, slot);
    kt_free(env, nb);
    kt_free(env, ntfn);
    kt_free(env, ep);
    return kt_result();
}

/* Without Grant on the sender's cap, caps are silently dropped. */
static int test_cap_transfer_needs_grant(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr nogrant = kt_copy(env, ep, seL4_ReadWrite);
    seL4_CPtr ntfn = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr slot = kt_slot(env);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, send_caps, nogrant, ntfn, 0);
    tag = recv_into(ep, slot, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 0);
    KT_CHECK_EQ(seL4_GetMR(0), 0xcafe);
    KT_CHECK_EQ(seL4_DebugCapIdentify(slot), KT_CAP_NULL);
    kt_thread_join(env, &t);
    kt_thread_destroy(env, &t);
    kt_free(env, ntfn);
    kt_free(env, nogrant);
    kt_free(env, ep);
    return kt_result();
}

/* Caps to the endpoint received on are unwrapped into badges. */
static int test_cap_unwrap(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr b1 = kt_mint(env, ep, seL4_AllRights, 0x10);
    seL4_CPtr b2 = kt_mint(env, ep, seL4_AllRights, 0x20);
    seL4_CPtr ntfn = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr slot = kt_slot(env), slot2 = kt_slot(env);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    /* [b2, ntfn] sent through b1: b2 unwrapped, ntfn transferred. */
    kt_thread_start(&t, send_caps, b1, b2, ntfn);
    tag = recv_into(ep, slot, &badge);
    KT_CHECK_EQ(badge, 0x10);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 2);
    KT_CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(tag), 0x1);
    KT_CHECK_EQ(seL4_GetBadge(0), 0x20);
    KT_CHECK_EQ(seL4_DebugCapIdentify(slot), KT_CAP_NOTIFICATION);
    kt_thread_join(env, &t);
    /* [ntfn, b2]: ntfn transferred, then b2 unwrapped at index 1. */
    kt_thread_start(&t, send_caps, b1, ntfn, b2);
    tag = recv_into(ep, slot2, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 2);
    KT_CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(tag), 0x2);
    KT_CHECK_EQ(seL4_GetBadge(1), 0x20);
    KT_CHECK_EQ(seL4_DebugCapIdentify(slot2), KT_CAP_NOTIFICATION);
    kt_thread_join(env, &t);
    kt_thread_destroy(env, &t);
    kt_free(env, slot2);
    kt_free(env, slot);
    kt_free(env, ntfn);
    kt_free(env, b2);
    kt_free(env, b1);
    kt_free(env, ep);
    return kt_result();
}

/* Only one real cap per message; an occupied receive slot takes none. */
static int test_cap_transfer_limits(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr n1 = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr n2 = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr slot = kt_slot(env), busy = kt_alloc(env, seL4_X86_4K, 0);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, send_caps, ep, n1, n2);
    tag = recv_into(ep, slot, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 1);
    KT_CHECK_EQ(seL4_DebugCapIdentify(slot), KT_CAP_NOTIFICATION);
    kt_thread_join(env, &t);
    kt_thread_start(&t, send_caps, ep, n2, 0);
    tag = recv_into(ep, busy, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 0);
    KT_CHECK_EQ(seL4_GetMR(0), 0xcafe);
    KT_CHECK_EQ(seL4_DebugCapIdentify(busy), KT_CAP_FRAME);
    kt_thread_join(env, &t);
    /* A receive path whose root is not a CNode takes no cap either. */
    kt_thread_start(&t, send_caps, ep, n2, 0);
    seL4_SetCapReceivePath(n1, slot, D64);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 0);
    KT_CHECK_EQ(seL4_GetMR(0), 0xcafe);
    kt_thread_join(env, &t);
    kt_thread_destroy(env, &t);
    kt_free(env, busy);
    kt_free(env, slot);
    kt_free(env, n2);
    kt_free(env, n1);
    kt_free(env, ep);
    return kt_result();
}

/*
 * Client side for the Grant/GrantReply tests: a0 = endpoint cap, a1 = cap
 * to send along, a2 = receive slot for the reply's cap.  result = reply
 * extraCaps + 1 (so 0 means "no reply yet"), counter = reply MR0.
 */
static void call_with_cap(struct kt_thread *t, seL4_Word ep, seL4_Word cap, seL4_Word slot) {
    seL4_MessageInfo_t tag;

    seL4_SetCapReceivePath(ROOT, slot, D64);
    seL4_SetCap(0, cap);
    seL4_SetMR(0, 0x1);
    tag = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 1, 1));
    t->counter = seL4_GetMR(0);
    t->result = seL4_MessageInfo_get_extraCaps(tag) + 1;
}

/*
 * Full Grant: caps go both ways.  GrantReply only: the Call works and gets
 * a reply, the request carries no caps.  Whether the *reply* may carry caps
 * is decided by the receiver: the reply cap gets Grant iff the endpoint cap
 * the server received on had Grant (seL4 16.0.0 takes it from the
 * receiver's blockingIPCCanGrant; reference §11.2 says "the caller's cap",
 * which is not what seL4 does).  So: server receiving with Grant → caps in
 * the reply arrive; server receiving without Grant → they don't.
 */
static int test_grant_reply(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr gr = kt_copy(env, ep, seL4_CapRights_new(1, 0, 1, 1));
    seL4_CPtr n1 = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr n2 = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr srv_slot = kt_slot(env), cli_slot = kt_slot(env);
    seL4_CPtr srv_slot2 = kt_slot(env), cli_slot2 = kt_slot(env);
    seL4_CPtr srv_slot3 = kt_slot(env), cli_slot3 = kt_slot(env);
    seL4_CPtr no_grant = kt_copy(env, ep, seL4_ReadWrite);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, call_with_cap, ep, n1, cli_slot);
    tag = recv_into(ep, srv_slot, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 1);
    KT_CHECK_EQ(seL4_DebugCapIdentify(srv_slot), KT_CAP_NOTIFICATION);
    seL4_SetCap(0, n2);
    seL4_SetMR(0, 0x2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 1, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 2);
    KT_CHECK_EQ(t.counter, 0x2);
    KT_CHECK_EQ(seL4_DebugCapIdentify(cli_slot), KT_CAP_NOTIFICATION);

    kt_thread_start(&t, call_with_cap, gr, n1, cli_slot2);
    tag = recv_into(ep, srv_slot2, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 0);
    KT_CHECK_EQ(seL4_DebugCapIdentify(srv_slot2), KT_CAP_NULL);
    seL4_SetCap(0, n2);
    seL4_SetMR(0, 0x3);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 1, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 2);
    KT_CHECK_EQ(t.counter, 0x3);
    KT_CHECK_EQ(seL4_DebugCapIdentify(cli_slot2), KT_CAP_NOTIFICATION);

    /* the server receives through a cap without Grant: no caps in the reply */
    kt_thread_start(&t, call_with_cap, ep, n1, cli_slot3);
    tag = recv_into(no_grant, srv_slot3, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 1);
    seL4_SetCap(0, n2);
    seL4_SetMR(0, 0x4);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 1, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 1);
    KT_CHECK_EQ(t.counter, 0x4);
    KT_CHECK_EQ(seL4_DebugCapIdentify(cli_slot3), KT_CAP_NULL);
    kt_thread_destroy(env, &t);
    kt_free(env, srv_slot3);
    kt_free(env, cli_slot3);
    kt_free(env, no_grant);
    kt_free(env, cli_slot2);
    kt_free(env, srv_slot2);
    kt_free(env, cli_slot);
    kt_free(env, srv_slot);
    kt_free(env, n2);
    kt_free(env, n1);
    kt_free(env, gr);
    kt_free(env, ep);
    return kt_result();
}

/* Call with neither Grant nor GrantReply: delivered, but no reply cap. */
static int test_call_without_grant(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr wo = kt_copy(env, ep, seL4_ReadWrite);
    seL4_CPtr saved = kt_slot(env);
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_call, wo, 0x61, 0);
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), 0x61);
    KT_CHECK_ERR(seL4_CNode_SaveCaller(ROOT, saved, D64), seL4_NoError);
    KT_CHECK_EQ(seL4_DebugCapIdentify(saved), KT_CAP_NULL);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    kt_drain(env);
    KT_CHECK_EQ(t.finished, 0);
    kt_thread_destroy(env, &t);
    kt_free(env, wo);
    kt_free(env, ep);
    return kt_result();
}

/* A new Recv throws away an unused reply cap: that caller stays blocked. */
static int test_recv_drops_reply_cap(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr a_cap = kt_mint(env, ep, seL4_AllRights, 1);
    seL4_CPtr b_cap = kt_mint(env, ep, seL4_AllRights, 2);
    struct kt_thread a, b;
    seL4_Word badge;

    if (!kt_thread_create(env, &a, KT_HELPER_PRIO) || !kt_thread_create(env, &b, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&a, kt_body_call, a_cap, 0xa, 0);
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(badge, 1);
    kt_thread_start(&b, kt_body_call, b_cap, 0xb, 0);
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(badge, 2);
    seL4_SetMR(0, 0xbb);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    kt_thread_join(env, &b);
    KT_CHECK_EQ(b.result, 0xbb);
    kt_drain(env);
    KT_CHECK_EQ(a.finished, 0);
    kt_thread_destroy(env, &a);
    kt_thread_destroy(env, &b);
    kt_free(env, b_cap);
    kt_free(env, a_cap);
    kt_free(env, ep);
    return kt_result();
}

/* A saved reply cap works once with NBSend; then the slot is empty. */
static int test_saved_reply_nbsend(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr saved = kt_slot(env);
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_call, ep, 0x70, 0);
    seL4_Recv(ep, &badge);
    KT_CHECK_ERR(seL4_CNode_SaveCaller(ROOT, saved, D64), seL4_NoError);
    /* Our own Reply now has nobody to go to. */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    kt_drain(env);
    KT_CHECK_EQ(t.finished, 0);
    seL4_SetMR(0, 0x71);
    seL4_NBSend(saved, seL4_MessageInfo_new(0, 0, 0, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0x71);
    KT_CHECK_EQ(seL4_DebugCapIdentify(saved), KT_CAP_NULL);
    kt_thread_destroy(env, &t);
    kt_free(env, ep);
    return kt_result();
}

/* A sender without an IPC buffer can only send MR0..3 (length cut to 4). */
static int test_no_ipc_buffer(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_SetIPCBuffer(t.tcb, 0, seL4_CapNull), seL4_NoError);
    kt_thread_start_probe(&t, kt_probe_send_info, ep, 0,
                          seL4_MessageInfo_new(0x55, 0, 0, 10).words[0]);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), 0x55);
    KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), 4);
    KT_CHECK_EQ(seL4_GetMR(0), KT_PROBE_MR0);
    KT_CHECK_EQ(seL4_GetMR(3), KT_PROBE_MR3);
    kt_thread_destroy(env, &t);
    kt_free(env, ep);
    return kt_result();
}

/* IPC with a thread of another address space (probe echo server). */
static int test_cross_vspace(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    struct kt_vspace vs;
    struct kt_thread t;
    seL4_MessageInfo_t tag;
    unsigned i;

    if (!kt_vspace_create(env, &vs))
        return kt_result();
    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_SetSpace(t.tcb, 0, ROOT, 0, vs.pml4, 0), seL4_NoError);
    KT_CHECK_ERR(seL4_TCB_SetIPCBuffer(t.tcb, 0, seL4_CapNull), seL4_NoError);
    kt_thread_start_probe(&t, kt_probe_echo, ep, 0, 0);
    for (i = 0; i < 3; i++) {
        seL4_SetMR(0, 41 + i);
        tag = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), 1);
        KT_CHECK_EQ(seL4_GetMR(0), 42 + i);
    }
    kt_thread_destroy(env, &t);
    kt_vspace_destroy(env, &vs);
    kt_free(env, ep);
    return kt_result();
}

/*
 * Registers the kernel does not write: a 1-word message leaves MR1..3 as
 * they were; a notification wakeup leaves MR0..3 and RSI alone (§1.3).
 */
static int test_untouched_registers(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr report = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start_probe(&t, kt_probe_recv_regs, report, ep, 0);
    kt_drain(env);
    seL4_SetMR(0, 0x77);
    seL4_Send(ep, seL4_MessageInfo_new(0x5, 0, 0, 1));
    tag = seL4_Recv(report, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), 4);
    KT_CHECK_EQ(seL4_GetMR(0), 0x77);
    KT_CHECK_EQ(seL4_GetMR(1), KT_PROBE_MARK1);
    KT_CHECK_EQ(seL4_GetMR(2), KT_PROBE_MARK2);
    KT_CHECK_EQ(seL4_GetMR(3), KT_PROBE_MARK3);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Recv(report, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), seL4_MessageInfo_new(0x5, 0, 0, 1).words[0]);
    /* The same probe waiting on a notification. */
    kt_thread_start_probe(&t, kt_probe_recv_regs, report, n, 0);
    kt_drain(env);
    seL4_Signal(n);
    seL4_Recv(report, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), KT_PROBE_MARK0);
    KT_CHECK_EQ(seL4_GetMR(1), KT_PROBE_MARK1);
    KT_CHECK_EQ(seL4_GetMR(2), KT_PROBE_MARK2);
    KT_CHECK_EQ(seL4_GetMR(3), KT_PROBE_MARK3);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Recv(report, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), KT_PROBE_MARKI);
    kt_thread_destroy(env, &t);
    kt_free(env, n);
    kt_free(env, report);
    kt_free(env, ep);
    return kt_result();
}

/* After a Call answered by Reply or by the kernel, RDI (badge) is 0. */
static int test_call_badge_zero(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr b = kt_mint(env, ep, seL4_AllRights, 0x42);
    seL4_CPtr report = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start_probe(&t, kt_probe_call_rdi, report, b, 0);
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(badge, 0x42);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Recv(report, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), 0);
    /* A Call on a notification is answered by the kernel. */
    kt_thread_start_probe(&t, kt_probe_call_rdi, report, n, 0);
    seL4_Recv(report, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), 0);
    kt_thread_destroy(env, &t);
    kt_free(env, n);
    kt_free(env, report);
    kt_free(env, b);
    kt_free(env, ep);
    return kt_result();
}

/*
 * The unused reply cap is thrown away by a receive on an endpoint (even
 * an NBRecv that finds nothing) but not by waiting on a notification.
 */
static int test_reply_cap_and_notification(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr other = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_call, ep, 0x1, 0);
    seL4_Recv(ep, &badge);
    seL4_Signal(n);
    seL4_Wait(n, &badge);
    seL4_Poll(n, &badge);
    seL4_SetMR(0, 0x2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0x2);
    kt_thread_start(&t, kt_body_call, ep, 0x3, 0);
    seL4_Recv(ep, &badge);
    seL4_NBRecv(other, &badge);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    kt_drain(env);
    KT_CHECK_EQ(t.finished, 0);
    kt_thread_destroy(env, &t);
    kt_free(env, n);
    kt_free(env, other);
    kt_free(env, ep);
    return kt_result();
}

/*
 * The receive path is (receiveCNode looked up at depth 64, then index and
 * depth inside it): here a guardless copy of the root CNode and a 16-bit
 * path that ends in slot 3 of a 16-slot CNode.
 */
static int test_receive_path_depth(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr sub = kt_alloc(env, seL4_CapTableObject, 4);
    seL4_CPtr mroot = kt_mint(env, ROOT, seL4_AllRights, seL4_CNode_CapData_new(0, 0).words[0]);
    seL4_CPtr back = kt_slot(env);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, send_caps, ep, n, 0);
    seL4_SetCapReceivePath(mroot, (sub << 4) | 3, 16);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 1);
    KT_CHECK_ERR(seL4_CNode_Move(ROOT, back, D64, sub, 3, 4), seL4_NoError);
    KT_CHECK_EQ(seL4_DebugCapIdentify(back), KT_CAP_NOTIFICATION);
    kt_thread_join(env, &t);
    kt_thread_destroy(env, &t);
    kt_free(env, back);
    kt_free(env, mroot);
    kt_free(env, sub);
    kt_free(env, n);
    kt_free(env, ep);
    return kt_result();
}

/* Serves two Calls on ep: replies MR0 + 1, the second by ReplyRecv. */
static void serve_two(struct kt_thread *t, seL4_Word ep, seL4_Word unused, seL4_Word unused2) {
    seL4_Word badge;
    seL4_MessageInfo_t tag = seL4_Recv(ep, &badge);

    seL4_SetMR(0, seL4_GetMR(0) + 1);
    tag = seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    seL4_SetMR(0, seL4_GetMR(0) + 1);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_MessageInfo_get_length(tag)));
    t->result = 1;
}

/* Calls ep with 7, then with 9; result = the two replies' MR0 summed. */
static void call_twice(struct kt_thread *t, seL4_Word ep, seL4_Word unused, seL4_Word unused2) {
    seL4_Word sum = 0;

    for (seL4_Word v = 7; v <= 9; v += 2) {
        seL4_SetMR(0, v);
        seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        sum += seL4_GetMR(0);
    }
    t->result = sum;
}

/*
 * The IPC fast paths resolve one or two CNode levels by hand.  Here the
 * test thread's own CSpace becomes two-level: a 16-slot root (guard of 48
 * zero bits, then 4 bits) whose slot 0 holds a guardless copy of the usual
 * root (12 bits), so every CPtr names the same slot as before, through two
 * levels.  Calls to a helper, and a helper's Calls answered by
 * Recv/ReplyRecv, must work the same.
 */
static int test_two_level_fastpath(struct kt_env *env) {
    seL4_CPtr top = kt_alloc(env, seL4_CapTableObject, 4);
    seL4_CPtr mroot = kt_mint(env, ROOT, seL4_AllRights, seL4_CNode_CapData_new(0, 0).words[0]);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    struct kt_thread server, client;
    seL4_MessageInfo_t tag;
    seL4_Word badge, i;

    KT_CHECK_ERR(seL4_CNode_Copy(top, 0, 4, ROOT, mroot, D64, seL4_AllRights), seL4_NoError);
    /* at our priority, so that the fast paths' priority checks pass */
    if (!kt_thread_create(env, &server, KT_TEST_PRIO) || !kt_thread_create(env, &client, KT_TEST_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_SetSpace(env->tcb, seL4_CapNull, top, seL4_CNode_CapData_new(0, 48).words[0],
                                   env->vspace, 0),
                 seL4_NoError);
    /* our Calls: the fast path looks ep up through both levels */
    kt_thread_start(&server, serve_two, ep, 0, 0);
    for (i = 0; i < 2; i++) {
        seL4_SetMR(0, 100 + i);
        tag = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), 1);
        KT_CHECK_EQ(seL4_GetMR(0), 101 + i);
    }
    kt_thread_join(env, &server);
    KT_CHECK_EQ(server.result, 1);
    /* the other side: our Recv and ReplyRecv */
    kt_thread_start(&client, call_twice, ep, 0, 0);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), 7);
    seL4_SetMR(0, 8);
    tag = seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    KT_CHECK_EQ(seL4_GetMR(0), 9);
    seL4_SetMR(0, 10);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    kt_thread_join(env, &client);
    KT_CHECK_EQ(client.result, 18);
    KT_CHECK_ERR(seL4_TCB_SetSpace(env->tcb, seL4_CapNull, ROOT, 0, env->vspace, 0), seL4_NoError);
    kt_thread_destroy(env, &client);
    kt_thread_destroy(env, &server);
    kt_free(env, ep);
    kt_free(env, top);
    kt_free(env, mroot);
    return kt_result();
}

/*
 * A thread whose IPC buffer is a freshly retyped frame mapped at a free
 * address (not part of the image): long messages use that frame, both as
 * sender and as receiver.
 */
static void echo_long(struct kt_thread *t, seL4_Word ep, seL4_Word unused, seL4_Word unused2) {
    seL4_MessageInfo_t tag;
    seL4_Word badge, i, n;

    tag = seL4_Recv(ep, &badge);
    n = seL4_MessageInfo_get_length(tag);
    for (i = 0; i < n; i++)
        seL4_SetMR((int)i, seL4_GetMR((int)i) + 1);
    t->result = (seL4_Word)seL4_GetIPCBuffer();
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, n));
}

static int test_mapped_ipc_buffer(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_Word va = env->vm_window + 0x200000;
    struct kt_vm_tables tables;
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_CPtr frame;
    seL4_Word i;

    if (!kt_vm_prepare(env, env->vspace, va, &tables))
        return kt_result();
    frame = kt_vm_map_new_frame(env, env->vspace, va, seL4_ReadWrite);
    if (frame == seL4_CapNull || !kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    /* The second 1 KiB of the page, to check the offset is honoured. */
    t.ipc = (seL4_IPCBuffer *)(va + 0x400);
    KT_CHECK_ERR(seL4_TCB_SetIPCBuffer(t.tcb, (seL4_Word)t.ipc, frame), seL4_NoError);
    kt_thread_start(&t, echo_long, ep, 0, 0);
    for (i = 0; i < seL4_MsgMaxLength; i++)
        seL4_SetMR((int)i, pattern(i));
    tag = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, seL4_MsgMaxLength));
    KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), seL4_MsgMaxLength);
    for (i = 0; i < seL4_MsgMaxLength; i++)
        if (!KT_CHECK_EQ(seL4_GetMR((int)i), pattern(i) + 1))
            break;
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, va + 0x400);
    /* The helper's MR4.. really were in that frame. */
    KT_CHECK_EQ(t.ipc->msg[100], pattern(100) + 1);
    kt_thread_destroy(env, &t);
    kt_free(env, frame);
    kt_vm_release(env, &tables);
    kt_free(env, ep);
    return kt_result();
}

/*
 * Deleting an endpoint puts its waiting receiver back to re-run its Recv,
 * which now finds no cap: a receive-phase CapFault.
 */
static int test_delete_endpoint_with_receiver(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr fault_ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_SetSpace(t.tcb, fault_ep, ROOT, 0, env->vspace, 0), seL4_NoError);
    kt_thread_start_probe(&t, kt_probe_recv, 0, ep, 0);
    kt_drain(env);
    kt_free(env, ep);
    tag = seL4_Recv(fault_ep, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_CapFault);
    KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)kt_probe_recv_insn);
    KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), ep);
    KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    kt_thread_destroy(env, &t);
    kt_free(env, fault_ep);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"IPC0001", "send/recv: badge, label, length, MRs", test_send_recv},
    {"IPC0002", "Send blocks until received", test_send_blocks},
    {"IPC0003", "queued senders are FIFO", test_fifo},
    {"IPC0004", "Call and Reply", test_call_reply},
    {"IPC0005", "ReplyRecv server loop", test_reply_recv},
    {"IPC0006", "NBSend without receiver is dropped", test_nbsend},
    {"IPC0007", "NBRecv: nothing gives badge 0", test_nbrecv},
    {"IPC0008", "120-word message; length clamped to 120", test_long_message},
    {"IPC0009", "long Call and long reply", test_long_call},
    {"IPC0010", "extra cap transfer into the receive slot", test_cap_transfer},
    {"IPC0011", "cap transfer needs Grant", test_cap_transfer_needs_grant},
    {"IPC0012", "caps to the endpoint are unwrapped", test_cap_unwrap},
    {"IPC0013", "one cap per message; occupied receive slot", test_cap_transfer_limits},
    {"IPC0014", "Grant vs GrantReply for calls and replies", test_grant_reply},
    {"IPC0015", "Call without Grant/GrantReply gets no reply cap", test_call_without_grant},
    {"IPC0016", "Recv drops an unused reply cap", test_recv_drops_reply_cap},
    {"IPC0017", "saved reply cap: NBSend replies once", test_saved_reply_nbsend},
    {"IPC0018", "sender without IPC buffer: 4 MRs only", test_no_ipc_buffer},
    {"IPC0019", "IPC with another address space", test_cross_vspace},
    {"IPC0020", "deleting an endpoint restarts its receiver", test_delete_endpoint_with_receiver},
    {"IPC0021", "IPC buffer in a frame mapped at a free address", test_mapped_ipc_buffer},
    {"IPC0022", "registers the kernel leaves alone on receive", test_untouched_registers},
    {"IPC0023", "badge register is 0 after a Call", test_call_badge_zero},
    {"IPC0024", "reply cap: kept across a notification wait, dropped by NBRecv",
     test_reply_cap_and_notification},
    {"IPC0025", "receive path through a two-level CSpace", test_receive_path_depth},
    {"IPC0026", "Call and ReplyRecv from a two-level CSpace (fast path lookups)", test_two_level_fastpath},
};

const struct kt_group kt_group_ipc = {"ipc", tests, KT_ARRAY_SIZE(tests)};
