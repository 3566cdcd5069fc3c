/*
 * Synchronous IPC through endpoints, and the non-MCS reply model.
 *
 * An endpoint is idle, or holds a queue of blocked senders, or a queue of
 * blocked receivers.  A send meeting a waiting receiver (or a receive meeting
 * a waiting sender) transfers the message at once: MR0..3 register to
 * register, the rest between IPC buffers, plus at most one capability into
 * the receiver's chosen slot.  A Call additionally blocks the caller on a
 * reply and puts a reply capability into the receiver's hidden caller slot;
 * the reply capability is not in the derivation tree: the caller records
 * which slot holds it (tcb->reply_slot), so a move or delete keeps both ends
 * in step.
 *
 * Faults travel the same way: a faulting thread "calls" its fault handler
 * with a message built from its fault (faults.c); the reply decides whether
 * it restarts.
 */
#include <kernel.h>
#include <sel4/constants.h>

/* ----------------------------------------------------------- queues */

void ep_append(endpoint_t *ep, tcb_t *t, ep_state_t st)
{
    tcb_t *tail = ep->tail;
    t->ep_next = NULL;
    t->ep_prev = tail;
    if (tail)
        tail->ep_next = t;
    else
        ep->head_state = (word_t)t;
    ep->tail = t;
    ep->head_state = (ep->head_state & ~3ull) | st;
}

void ep_remove(endpoint_t *ep, tcb_t *t)
{
    ep_state_t st = ep_state(ep);
    if (t->ep_prev)
        t->ep_prev->ep_next = t->ep_next;
    else
        ep->head_state = (word_t)t->ep_next | st;
    if (t->ep_next)
        t->ep_next->ep_prev = t->ep_prev;
    else
        ep->tail = t->ep_prev;
    if (!ep_head(ep))
        ep->head_state = ep_idle;
    t->ep_next = t->ep_prev = NULL;
}

/* --------------------------------------------------------- transfer */

word_t current_extra_caps[3];
cte_t *current_extra_slots[3];

exception_t lookup_extra_caps(tcb_t *t, word_t *buffer, word_t info)
{
    for (int i = 0; i < 3; i++)
        current_extra_slots[i] = NULL;
    if (!buffer)
        return EXCEPTION_NONE;
    word_t n = mi_extra_caps(info);
    for (word_t i = 0; i < n; i++) {
        cptr_t cptr = buffer[122 + i];
        cte_t *slot;
        if (lookup_slot(t, cptr, &slot) != EXCEPTION_NONE) {
            current_fault = (fault_t){ fault_cap, { cptr, 0, 0, 0 } };
            return EXCEPTION_LOOKUP_FAULT;
        }
        current_extra_slots[i] = slot;
    }
    return EXCEPTION_NONE;
}

static cte_t *get_receive_slot(tcb_t *receiver, word_t *buffer)
{
    cap_t root;
    if (lookup_cap(receiver, buffer[125], &root) != EXCEPTION_NONE)
        return NULL;
    cte_t *slot;
    if (lookup_target_slot(root, buffer[126], buffer[127], &slot) != EXCEPTION_NONE)
        return NULL;
    return cap_is_null(slot->cap) ? slot : NULL;
}

/* Move the sender's extra caps; returns the updated message info bits. */
static word_t transfer_caps(word_t info, endpoint_t *ep, tcb_t *receiver, word_t *recv_buf)
{
    word_t extra = 0, unwrapped = 0;
    if (!current_extra_slots[0] || !recv_buf)
        return msg_info_new(mi_label(info), 0, 0, mi_length(info));
    cte_t *dest = get_receive_slot(receiver, recv_buf);
    for (int i = 0; i < 3 && current_extra_slots[i]; i++) {
        cte_t *src = current_extra_slots[i];
        cap_t cap = src->cap;
        if (cap_get_type(cap) == cap_endpoint && ep && cap_ptr(cap) == ep) {
            recv_buf[122 + i] = cap_badge(cap);
            unwrapped |= BIT(i);
        } else {
            cap_t derived;
            if (!dest || derive_cap(src, cap, &derived) != EXCEPTION_NONE || cap_is_null(derived))
                break;
            cte_insert_copy(derived, src, dest);
            dest = NULL;
        }
        extra = (word_t)i + 1;
    }
    return msg_info_new(mi_label(info), unwrapped, extra, mi_length(info));
}

static void do_normal_transfer(tcb_t *sender, endpoint_t *ep, word_t badge, bool grant, tcb_t *receiver,
                               word_t *recv_buf)
{
    word_t info = sender->ctx.rsi;
    word_t *send_buf = lookup_ipc_buffer(false, sender);
    word_t length = MIN(mi_length(info), (word_t)seL4_MsgMaxLength);
    if (grant && mi_extra_caps(info) && send_buf) {
        if (lookup_extra_caps(sender, send_buf, info) != EXCEPTION_NONE)
            current_extra_slots[0] = NULL;
    } else {
        current_extra_slots[0] = NULL;
    }
    word_t n = length;
    if (!send_buf || !recv_buf)
        n = MIN(n, 4ull);
    user_context_t *sc = &sender->ctx, *rc = &receiver->ctx;
    switch (MIN(n, 4ull)) {
    case 4:
        rc->r15 = sc->r15;
        /* fall through */
    case 3:
        rc->r9 = sc->r9;
        /* fall through */
    case 2:
        rc->r8 = sc->r8;
        /* fall through */
    case 1:
        rc->r10 = sc->r10;
        /* fall through */
    default:
        break;
    }
    for (word_t i = 4; i < n; i++)
        recv_buf[i + 1] = send_buf[i + 1];
    info = msg_info_new(mi_label(info), 0, 0, n);
    receiver->ctx.rsi = transfer_caps(info, ep, receiver, recv_buf);
    receiver->ctx.rdi = badge;
}

static void do_fault_transfer(word_t badge, tcb_t *sender, tcb_t *receiver, word_t *recv_buf)
{
    unsigned len = set_fault_mrs(receiver, recv_buf, sender);
    receiver->ctx.rsi = msg_info_new(sender->fault.type, 0, 0, len);
    receiver->ctx.rdi = badge;
}

void do_ipc_transfer(tcb_t *sender, endpoint_t *ep, word_t badge, bool grant, tcb_t *receiver)
{
    word_t *recv_buf = lookup_ipc_buffer(true, receiver);
    if (sender->fault.type == fault_null)
        do_normal_transfer(sender, ep, badge, grant, receiver, recv_buf);
    else
        do_fault_transfer(badge, sender, receiver, recv_buf);
}

/* ------------------------------------------------------ reply caps */

void delete_caller_cap(tcb_t *t)
{
    cte_delete_one(&t->ctes[tcb_cte_caller]);
}

static void setup_caller_cap(tcb_t *sender, tcb_t *receiver, bool can_grant)
{
    set_thread_state(sender, ts_blocked_on_reply);
    cte_t *slot = &receiver->ctes[tcb_cte_caller];
    cte_delete_one(slot);
    slot->cap = cap_reply_new(sender, can_grant);
    slot->mdb = (mdb_t){ 0, 0 };
    sender->reply_slot = slot;
}

void do_reply_transfer(tcb_t *sender, tcb_t *receiver, cte_t *slot, bool grant)
{
    if (receiver->state != ts_blocked_on_reply) {
        cte_delete_one(slot);
        return;
    }
    if (receiver->fault.type == fault_null) {
        do_ipc_transfer(sender, NULL, 0, grant, receiver);
        cte_delete_one(slot);
        set_thread_state(receiver, ts_running);
        possible_switch_to(receiver);
    } else {
        cte_delete_one(slot);
        bool restart = handle_fault_reply(receiver, sender);
        receiver->fault.type = fault_null;
        if (restart) {
            set_thread_state(receiver, ts_restart);
            possible_switch_to(receiver);
        } else {
            set_thread_state(receiver, ts_inactive);
        }
    }
}

/* ------------------------------------------------------- send / recv */

void send_ipc(bool blocking, bool do_call, word_t badge, bool can_grant, bool can_grant_reply, tcb_t *thread,
              endpoint_t *ep)
{
    if (ep_state(ep) != ep_recv) {
        if (!blocking)
            return;
        thread->blocked_on = ep;
        thread->blocked_badge = badge;
        thread->blocked_can_grant = can_grant;
        thread->blocked_can_grant_reply = can_grant_reply;
        thread->blocked_is_call = do_call;
        set_thread_state(thread, ts_blocked_on_send);
        ep_append(ep, thread, ep_send);
        return;
    }
    tcb_t *dest = ep_head(ep);
    ep_remove(ep, dest);
    do_ipc_transfer(thread, ep, badge, can_grant, dest);
    bool reply_grant = dest->reply_can_grant;
    set_thread_state(dest, ts_running);
    possible_switch_to(dest);
    if (do_call || thread->fault.type != fault_null) {
        if (can_grant || can_grant_reply)
            setup_caller_cap(thread, dest, reply_grant);
        else
            set_thread_state(thread, ts_inactive);
    }
}

void receive_ipc(tcb_t *thread, cap_t cap, bool blocking)
{
    endpoint_t *ep = cap_ptr(cap);
    delete_caller_cap(thread);
    notification_t *n = thread->bound_notification;
    if (n && ntfn_state(n) == ntfn_active) {
        thread->ctx.rdi = n->word;
        n->word = 0;
        n->head_state = ntfn_idle;
        return;
    }
    if (ep_state(ep) != ep_send) {
        if (!blocking) {
            thread->ctx.rdi = 0;
            return;
        }
        thread->blocked_on = ep;
        thread->reply_can_grant = cap_rights(cap) & CAP_RIGHT_GRANT;
        set_thread_state(thread, ts_blocked_on_receive);
        ep_append(ep, thread, ep_recv);
        return;
    }
    tcb_t *sender = ep_head(ep);
    ep_remove(ep, sender);
    do_ipc_transfer(sender, ep, sender->blocked_badge, sender->blocked_can_grant, thread);
    if (sender->blocked_is_call || sender->fault.type != fault_null) {
        if (sender->blocked_can_grant || sender->blocked_can_grant_reply)
            setup_caller_cap(sender, thread, cap_rights(cap) & CAP_RIGHT_GRANT);
        else
            set_thread_state(sender, ts_inactive);
    } else {
        set_thread_state(sender, ts_running);
        possible_switch_to(sender);
    }
}

/* -------------------------------------------------------- cancelling */

void cancel_ipc(tcb_t *t)
{
    switch (t->state) {
    case ts_blocked_on_send:
    case ts_blocked_on_receive:
        ep_remove(t->blocked_on, t);
        set_thread_state(t, ts_inactive);
        break;
    case ts_blocked_on_notification:
        cancel_signal(t, t->blocked_on);
        break;
    case ts_blocked_on_reply:
        t->fault.type = fault_null;
        if (t->reply_slot)
            cte_delete_one(t->reply_slot);
        set_thread_state(t, ts_inactive);
        break;
    default:
        break;
    }
}

static void restart_after_cancel(tcb_t *t)
{
    if (t->fault.type == fault_null) {
        set_thread_state(t, ts_restart);
        sched_enqueue(t);
    } else {
        set_thread_state(t, ts_inactive);
    }
}

void cancel_all_ipc(endpoint_t *ep)
{
    tcb_t *t = ep_head(ep);
    ep->head_state = ep_idle;
    ep->tail = NULL;
    while (t) {
        tcb_t *next = t->ep_next;
        t->ep_next = t->ep_prev = NULL;
        restart_after_cancel(t);
        t = next;
    }
    reschedule_required();
}

void cancel_badged_sends(endpoint_t *ep, word_t badge)
{
    if (ep_state(ep) != ep_send)
        return;
    for (tcb_t *t = ep_head(ep), *next; t; t = next) {
        next = t->ep_next;
        if (t->blocked_badge == badge) {
            ep_remove(ep, t);
            restart_after_cancel(t);
        }
    }
    reschedule_required();
}

/* --------------------------------------------------------- threads */

void suspend_thread(tcb_t *t)
{
    cancel_ipc(t);
    if (t->state == ts_running)
        t->fault_ip = t->ctx.rip; /* resume where it was, not at its last syscall */
    set_thread_state(t, ts_inactive);
    sched_dequeue(t);
}

void restart_thread(tcb_t *t)
{
    if (t->state == ts_running || t->state == ts_restart || t->state == ts_idle)
        return;
    cancel_ipc(t);
    set_thread_state(t, ts_restart);
    sched_enqueue(t);
    possible_switch_to(t);
}
