/*
 * Notifications: a word of signal bits plus a queue of waiters.
 *
 * Signal ORs the capability's badge into the word, or hands it straight to
 * the first waiter; Wait returns the accumulated word and clears it.  A
 * notification may be bound to one thread: that thread then also wakes
 * from a Recv on an endpoint when the notification is signalled.
 */
#include <kernel.h>

static void ntfn_append(notification_t *n, tcb_t *t)
{
    tcb_t *tail = n->tail;
    t->ep_next = NULL;
    t->ep_prev = tail;
    if (tail)
        tail->ep_next = t;
    else
        n->head_state = (word_t)t;
    n->tail = t;
    n->head_state = (n->head_state & ~3ull) | ntfn_waiting;
}

static void ntfn_remove(notification_t *n, tcb_t *t)
{
    if (t->ep_prev)
        t->ep_prev->ep_next = t->ep_next;
    else
        n->head_state = (word_t)t->ep_next | ntfn_waiting;
    if (t->ep_next)
        t->ep_next->ep_prev = t->ep_prev;
    else
        n->tail = t->ep_prev;
    if (!ntfn_head(n))
        n->head_state = ntfn_idle;
    t->ep_next = t->ep_prev = NULL;
}

void send_signal(notification_t *n, word_t badge)
{
    switch (ntfn_state(n)) {
    case ntfn_idle: {
        tcb_t *b = n->bound;
        if (b && b->state == ts_blocked_on_receive) {
            cancel_ipc(b);
            set_thread_state(b, ts_running);
            b->ctx.rdi = badge;
            possible_switch_to(b);
        } else {
            n->word = badge;
            n->head_state = ntfn_active;
        }
        break;
    }
    case ntfn_waiting: {
        tcb_t *t = ntfn_head(n);
        ntfn_remove(n, t);
        set_thread_state(t, ts_running);
        t->ctx.rdi = badge;
        possible_switch_to(t);
        break;
    }
    case ntfn_active:
        n->word |= badge;
        break;
    }
}

void receive_signal(tcb_t *t, cap_t cap, bool blocking)
{
    notification_t *n = cap_ptr(cap);
    if (ntfn_state(n) == ntfn_active) {
        t->ctx.rdi = n->word;
        n->word = 0;
        n->head_state = ntfn_idle;
        return;
    }
    if (!blocking) {
        t->ctx.rdi = 0;
        return;
    }
    t->blocked_on = n;
    set_thread_state(t, ts_blocked_on_notification);
    ntfn_append(n, t);
}

void cancel_signal(tcb_t *t, notification_t *n)
{
    ntfn_remove(n, t);
    set_thread_state(t, ts_inactive);
}

void cancel_all_signals(notification_t *n)
{
    if (ntfn_state(n) != ntfn_waiting)
        return;
    tcb_t *t = ntfn_head(n);
    n->head_state = ntfn_idle;
    n->tail = NULL;
    while (t) {
        tcb_t *next = t->ep_next;
        t->ep_next = t->ep_prev = NULL;
        set_thread_state(t, ts_restart);
        sched_enqueue(t);
        t = next;
    }
    reschedule_required();
}

void bind_notification(tcb_t *t, notification_t *n)
{
    n->bound = t;
    t->bound_notification = n;
}

void unbind_notification(tcb_t *t)
{
    if (t->bound_notification) {
        t->bound_notification->bound = NULL;
        t->bound_notification = NULL;
    }
}

void unbind_maybe_notification(notification_t *n)
{
    if (n->bound)
        unbind_notification(n->bound);
}
