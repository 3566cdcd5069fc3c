/*
 * notification.c — NTFN tests: notification objects (reference §11.2).
 *
 * A signal ORs the sending cap's badge into the notification word and
 * wakes one waiter; Wait returns the accumulated word and clears it; Poll
 * does the same without blocking (0 if nothing).  A notification bound to
 * a TCB also wakes that TCB's Recv on an endpoint, and only it may wait.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

#define ROOT seL4_CapInitThreadCNode
#define D64 seL4_WordBits

static int test_signal_wait(struct kt_env *env) {
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr b = kt_mint(env, n, seL4_AllRights, 0x1234);
    seL4_Word badge = 0;

    seL4_Signal(b);
    seL4_Wait(n, &badge);
    KT_CHECK_EQ(badge, 0x1234);
    seL4_Poll(n, &badge);
    KT_CHECK_EQ(badge, 0);
    kt_free(env, b);
    kt_free(env, n);
    return kt_result();
}

static int test_badge_or(struct kt_env *env) {
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr b1 = kt_mint(env, n, seL4_AllRights, 0x1);
    seL4_CPtr b2 = kt_mint(env, n, seL4_AllRights, 0x2);
    seL4_CPtr b4 = kt_mint(env, n, seL4_AllRights, 0x8000000000000004ul);
    seL4_Word badge = 0;

    seL4_Signal(b1);
    seL4_Signal(b2);
    seL4_Signal(b4);
    seL4_Signal(b2);
    seL4_Wait(n, &badge);
    KT_CHECK_EQ(badge, 0x8000000000000007ul);
    seL4_Signal(b2);
    seL4_Poll(n, &badge);
    KT_CHECK_EQ(badge, 0x2);
    seL4_Poll(n, &badge);
    KT_CHECK_EQ(badge, 0);
    kt_free(env, b4);
    kt_free(env, b2);
    kt_free(env, b1);
    kt_free(env, n);
    return kt_result();
}

static int test_wait_blocks(struct kt_env *env) {
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr b = kt_mint(env, n, seL4_AllRights, 0x77);
    struct kt_thread t;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_wait, n, 0, 0);
    kt_drain(env);
    KT_CHECK_EQ(t.counter, 0);
    seL4_Signal(b);
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0x77);
    kt_thread_destroy(env, &t);
    kt_free(env, b);
    kt_free(env, n);
    return kt_result();
}

/* An unbadged signal still wakes the waiter (with badge 0). */
static int test_unbadged_signal(struct kt_env *env) {
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    struct kt_thread t;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    t.result = 0xdead;
    kt_thread_start(&t, kt_body_wait, n, 0, 0);
    kt_drain(env);
    seL4_Signal(n);
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0);
    KT_CHECK_EQ(t.counter, 1);
    kt_thread_destroy(env, &t);
    kt_free(env, n);
    return kt_result();
}

/* One signal wakes exactly one of two waiters. */
static int test_one_waiter_per_signal(struct kt_env *env) {
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr b = kt_mint(env, n, seL4_AllRights, 1);
    struct kt_thread a, c;

    if (!kt_thread_create(env, &a, KT_HELPER_PRIO) || !kt_thread_create(env, &c, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&a, kt_body_wait, n, 0, 0);
    kt_drain(env);
    kt_thread_start(&c, kt_body_wait, n, 0, 0);
    kt_drain(env);
    seL4_Signal(b);
    kt_drain(env);
    KT_CHECK_EQ(a.counter + c.counter, 1);
    seL4_Signal(b);
    kt_drain(env);
    KT_CHECK_EQ(a.counter + c.counter, 2);
    kt_thread_destroy(env, &a);
    kt_thread_destroy(env, &c);
    kt_free(env, b);
    kt_free(env, n);
    return kt_result();
}

/* Call on a notification signals it and returns an empty success reply. */
static int test_call_signals(struct kt_env *env) {
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr b = kt_mint(env, n, seL4_AllRights, 0x5);
    seL4_MessageInfo_t tag;
    seL4_Word badge = 0;

    tag = seL4_Call(b, seL4_MessageInfo_new(0x3, 0, 0, 2));
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), 0);
    KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), 0);
    seL4_Poll(n, &badge);
    KT_CHECK_EQ(badge, 0x5);
    kt_free(env, b);
    kt_free(env, n);
    return kt_result();
}

/* Bound notification: thread bound to it, receiving on an endpoint. */
static void recv_twice(struct kt_thread *t, seL4_Word ep, seL4_Word unused, seL4_Word unused2) {
    seL4_Word badge = 0;

    seL4_Recv(ep, &badge);
    t->result = badge;
    seL4_Recv(ep, &badge);
    t->counter = badge;
}

static int test_bound_wakes_recv(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr eb = kt_mint(env, ep, seL4_AllRights, 0x99);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr nb = kt_mint(env, n, seL4_AllRights, 0x40);
    struct kt_thread t;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_BindNotification(t.tcb, n), seL4_NoError);
    kt_thread_start(&t, recv_twice, ep, 0, 0);
    kt_drain(env);
    seL4_Signal(nb);
    kt_drain(env);
    KT_CHECK_EQ(t.result, 0x40);
    seL4_SetMR(0, 1);
    seL4_Send(eb, seL4_MessageInfo_new(0, 0, 0, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.counter, 0x99);
    /* A pending signal makes the next Recv return at once. */
    seL4_Signal(nb);
    t.result = t.counter = 0;
    kt_thread_start(&t, recv_twice, ep, 0, 0);
    kt_drain(env);
    KT_CHECK_EQ(t.result, 0x40);
    seL4_Send(eb, seL4_MessageInfo_new(0, 0, 0, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.counter, 0x99);
    kt_thread_destroy(env, &t);
    kt_free(env, nb);
    kt_free(env, n);
    kt_free(env, eb);
    kt_free(env, ep);
    return kt_result();
}

/* After UnbindNotification, signals no longer wake the endpoint Recv. */
static int test_unbound_no_wake(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr eb = kt_mint(env, ep, seL4_AllRights, 0x99);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr nb = kt_mint(env, n, seL4_AllRights, 0x40);
    struct kt_thread t;
    seL4_Word badge = 0;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_BindNotification(t.tcb, n), seL4_NoError);
    KT_CHECK_ERR(seL4_TCB_UnbindNotification(t.tcb), seL4_NoError);
    kt_thread_start(&t, kt_body_recv, ep, 0, 0);
    kt_drain(env);
    seL4_Signal(nb);
    kt_drain(env);
    KT_CHECK_EQ(t.finished, 0);
    seL4_Send(eb, seL4_MessageInfo_new(0, 0, 0, 0));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0x99);
    seL4_Poll(n, &badge);
    KT_CHECK_EQ(badge, 0x40);
    kt_thread_destroy(env, &t);
    kt_free(env, nb);
    kt_free(env, n);
    kt_free(env, eb);
    kt_free(env, ep);
    return kt_result();
}

/* While the bound thread waits for a reply, signals just accumulate. */
static void call_then_poll(struct kt_thread *t, seL4_Word ep, seL4_Word n, seL4_Word unused) {
    seL4_Word badge = 0;

    seL4_SetMR(0, 0x1);
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    t->result = seL4_GetMR(0);
    seL4_Poll(n, &badge);
    t->counter = badge;
}

static int test_bound_during_call(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr nb = kt_mint(env, n, seL4_AllRights, 0x8);
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_BindNotification(t.tcb, n), seL4_NoError);
    kt_thread_start(&t, call_then_poll, ep, n, 0);
    seL4_Recv(ep, &badge);
    seL4_Signal(nb);
    kt_drain(env);
    KT_CHECK_EQ(t.finished, 0);
    seL4_SetMR(0, 0x2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0x2);
    KT_CHECK_EQ(t.counter, 0x8);
    kt_thread_destroy(env, &t);
    kt_free(env, nb);
    kt_free(env, n);
    kt_free(env, ep);
    return kt_result();
}

/* Only the bound thread may wait on a bound notification. */
static int test_bound_wait_by_other(struct kt_env *env) {
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr fault_ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr owner = kt_alloc(env, seL4_TCBObject, 0);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    KT_CHECK_ERR(seL4_TCB_BindNotification(owner, n), seL4_NoError);
    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_SetSpace(t.tcb, fault_ep, ROOT, 0, env->vspace, 0), seL4_NoError);
    kt_thread_start_probe(&t, kt_probe_recv, 0, n, 0);
    tag = seL4_Recv(fault_ep, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_CapFault);
    KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)kt_probe_recv_insn);
    KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), n);
    KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 0);
    kt_thread_destroy(env, &t);
    kt_free(env, owner);
    kt_free(env, fault_ep);
    kt_free(env, n);
    return kt_result();
}

/* ReplyRecv with a notification: reply, then wait on the notification. */
static void call_then_signal(struct kt_thread *t, seL4_Word ep, seL4_Word n, seL4_Word unused) {
    seL4_SetMR(0, 0x1);
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    t->result = seL4_GetMR(0);
    seL4_Signal(n);
}

static int test_reply_recv_notification(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr nb = kt_mint(env, n, seL4_AllRights, 0x300);
    struct kt_thread t;
    seL4_Word badge = 0;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, call_then_signal, ep, nb, 0);
    seL4_Recv(ep, &badge);
    seL4_SetMR(0, 0x2);
    seL4_ReplyRecv(n, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    KT_CHECK_EQ(badge, 0x300);
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0x2);
    kt_thread_destroy(env, &t);
    kt_free(env, nb);
    kt_free(env, n);
    kt_free(env, ep);
    return kt_result();
}

/* Deleting a notification restarts its waiter, whose Wait then faults. */
static int test_delete_with_waiter(struct kt_env *env) {
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr fault_ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_SetSpace(t.tcb, fault_ep, ROOT, 0, env->vspace, 0), seL4_NoError);
    kt_thread_start_probe(&t, kt_probe_recv, 0, n, 0);
    kt_drain(env);
    kt_free(env, n);
    tag = seL4_Recv(fault_ep, &badge);
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_CapFault);
    KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), n);
    KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    kt_thread_destroy(env, &t);
    kt_free(env, fault_ep);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"NTFN0001", "signal then wait returns the badge", test_signal_wait},
    {"NTFN0002", "badges OR-accumulate; Poll clears", test_badge_or},
    {"NTFN0003", "Wait blocks until a signal", test_wait_blocks},
    {"NTFN0004", "unbadged signal wakes with badge 0", test_unbadged_signal},
    {"NTFN0005", "one signal wakes one waiter", test_one_waiter_per_signal},
    {"NTFN0006", "Call on a notification signals it", test_call_signals},
    {"NTFN0007", "bound notification wakes Recv on an endpoint", test_bound_wakes_recv},
    {"NTFN0008", "unbound notification no longer wakes Recv", test_unbound_no_wake},
    {"NTFN0009", "signals accumulate while the bound thread calls", test_bound_during_call},
    {"NTFN0010", "others cannot wait on a bound notification", test_bound_wait_by_other},
    {"NTFN0011", "ReplyRecv on a notification", test_reply_recv_notification},
    {"NTFN0012", "deleting a notification restarts its waiter", test_delete_with_waiter},
};

const struct kt_group kt_group_notification = {"notification", tests, KT_ARRAY_SIZE(tests)};
