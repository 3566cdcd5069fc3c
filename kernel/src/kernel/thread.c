/*
 * Threads and the scheduler.
 *
 * Fixed-priority preemptive scheduling over 256 priorities with round robin
 * inside a priority (a timeslice of CONFIG_TIME_SLICE ticks).  Ready threads
 * sit in one queue per priority; a two-level bitmap (4 words and a word
 * saying which of them are non-zero) finds the highest non-empty queue in
 * two bit scans (highest_ready_prio, inline in kernel.h for the fastpath).  The running thread is never in a ready queue.
 *
 * Decisions are deferred: code that wakes or blocks threads only records a
 * scheduler action (ks_sched_action: resume the current thread, choose a new
 * one, or switch to a given thread), and schedule() carries it out once, on
 * the way out of the kernel.  This keeps every kernel path free of context
 * switches in the middle of its work.
 *
 * Also here: message-register access (MR0..3 live in registers, the rest in
 * the IPC buffer) and the idle thread, which halts in kernel mode.
 */
#include <kernel.h>
#include <arch/machine.h>
#include <sel4/constants.h>

tcb_t *ks_cur_thread;
tcb_t *ks_idle_thread;
tcb_t *ks_sched_action;
static tcb_t *ready_head[CONFIG_NUM_PRIORITIES], *ready_tail[CONFIG_NUM_PRIORITIES];
word_t ready_bitmap[CONFIG_NUM_PRIORITIES / 64];
word_t ready_bitmap_l1; /* bit w: ready_bitmap[w] != 0 */
static tcb_t *debug_threads;
static tcb_t idle_tcb ALIGNED(2048);
extern char idle_loop[], kernel_stack_top[];

bool thread_runnable(const tcb_t *t)
{
    return t->state == ts_running || t->state == ts_restart;
}

void sched_enqueue(tcb_t *t)
{
    if (t->in_ready_queue || t == ks_idle_thread)
        return;
    word_t p = t->prio;
    t->sched_prev = NULL;
    t->sched_next = ready_head[p];
    if (ready_head[p])
        ready_head[p]->sched_prev = t;
    else
        ready_tail[p] = t;
    ready_head[p] = t;
    ready_bitmap[p / 64] |= BIT(p % 64);
    ready_bitmap_l1 |= BIT(p / 64);
    t->in_ready_queue = true;
}

void sched_append(tcb_t *t)
{
    if (t->in_ready_queue || t == ks_idle_thread)
        return;
    word_t p = t->prio;
    t->sched_next = NULL;
    t->sched_prev = ready_tail[p];
    if (ready_tail[p])
        ready_tail[p]->sched_next = t;
    else
        ready_head[p] = t;
    ready_tail[p] = t;
    ready_bitmap[p / 64] |= BIT(p % 64);
    ready_bitmap_l1 |= BIT(p / 64);
    t->in_ready_queue = true;
}

void sched_dequeue(tcb_t *t)
{
    if (!t->in_ready_queue)
        return;
    word_t p = t->prio;
    if (t->sched_prev)
        t->sched_prev->sched_next = t->sched_next;
    else
        ready_head[p] = t->sched_next;
    if (t->sched_next)
        t->sched_next->sched_prev = t->sched_prev;
    else
        ready_tail[p] = t->sched_prev;
    if (!ready_head[p]) {
        ready_bitmap[p / 64] &= ~BIT(p % 64);
        if (!ready_bitmap[p / 64])
            ready_bitmap_l1 &= ~BIT(p / 64);
    }
    t->in_ready_queue = false;
    t->sched_next = t->sched_prev = NULL;
}

void reschedule_required(void)
{
    if (ks_sched_action != NULL && ks_sched_action != SCHED_CHOOSE_NEW)
        sched_enqueue(ks_sched_action);
    ks_sched_action = SCHED_CHOOSE_NEW;
}

void possible_switch_to(tcb_t *t)
{
    if (ks_sched_action != NULL) {
        reschedule_required();
        sched_enqueue(t);
    } else {
        ks_sched_action = t;
    }
}

void set_thread_state(tcb_t *t, thread_state_t s)
{
    t->state = s;
    if (t == ks_cur_thread && ks_sched_action == NULL && !thread_runnable(t))
        reschedule_required();
}

void switch_to_thread(tcb_t *t)
{
    sched_dequeue(t);
    if (t != ks_cur_thread) {
        arch_switch_context(ks_cur_thread, t);
        ks_cur_thread = t;
    }
    if (t != ks_idle_thread)
        set_vm_root(t);
}

static void choose_thread(void)
{
    int p = highest_ready_prio();
    switch_to_thread(p < 0 ? ks_idle_thread : ready_head[p]);
}

void schedule(void)
{
    tcb_t *cur = ks_cur_thread, *action = ks_sched_action;
    bool cur_ready = cur != ks_idle_thread && thread_runnable(cur);
    ks_sched_action = NULL;
    if (action == NULL) {
        if (!cur_ready && cur != ks_idle_thread)
            choose_thread();
        return;
    }
    if (action == SCHED_CHOOSE_NEW) {
        if (cur_ready)
            sched_enqueue(cur);
        choose_thread();
        return;
    }
    /* A specific candidate: take it unless something outranks it. */
    int best = highest_ready_prio();
    if ((cur_ready && cur->prio > action->prio) || (best >= 0 && (word_t)best > action->prio)) {
        sched_enqueue(action);
        if (cur_ready)
            sched_enqueue(cur);
        choose_thread();
        return;
    }
    if (cur_ready)
        sched_enqueue(cur);
    switch_to_thread(action);
}

void timer_tick(void)
{
    tcb_t *cur = ks_cur_thread;
    if (cur == ks_idle_thread || !thread_runnable(cur))
        return;
    if (cur->time_slice > 1) {
        cur->time_slice--;
        return;
    }
    cur->time_slice = CONFIG_TIME_SLICE;
    sched_append(cur);
    reschedule_required();
}

/* Make the current thread ready to return to user mode. */
void activate_thread(void)
{
    tcb_t *t = ks_cur_thread;
    if (t->state == ts_restart) {
        t->ctx.rip = t->fault_ip;
        set_thread_state(t, ts_running);
    }
}

void thread_init_context(tcb_t *t)
{
    memset(&t->ctx, 0, sizeof(t->ctx));
    t->ctx.cs = SEL_UCODE;
    t->ctx.ss = SEL_UDATA;
    t->ctx.rflags = 0x202;
    t->ctx.error = ENTRY_IRET;
    t->fault_ip = 0;
    fpu_thread_init(t);
}

void thread_set_priority(tcb_t *t, word_t prio)
{
    bool queued = t->in_ready_queue;
    sched_dequeue(t);
    t->prio = prio;
    if (queued)
        sched_enqueue(t);
    if (t == ks_cur_thread || (thread_runnable(t) && t->prio > ks_cur_thread->prio))
        reschedule_required();
}

void idle_thread_init(void)
{
    tcb_t *t = &idle_tcb;
    memset(t, 0, sizeof(*t));
    t->ctx.rip = (word_t)idle_loop;
    t->ctx.cs = SEL_KCODE;
    t->ctx.ss = SEL_KDATA;
    t->ctx.rflags = 0x202;
    t->ctx.rsp = (word_t)kernel_stack_top;
    t->ctx.error = ENTRY_IRET;
    t->state = ts_idle;
    memcpy(t->name, "idle", 5);
    ks_idle_thread = t;
}

/* ---------------------------------------------------- debugging lists */

void debug_list_add(tcb_t *t)
{
    t->dbg_prev = NULL;
    t->dbg_next = debug_threads;
    if (debug_threads)
        debug_threads->dbg_prev = t;
    debug_threads = t;
}

void debug_list_remove(tcb_t *t)
{
    if (t->dbg_prev)
        t->dbg_prev->dbg_next = t->dbg_next;
    else if (debug_threads == t)
        debug_threads = t->dbg_next;
    if (t->dbg_next)
        t->dbg_next->dbg_prev = t->dbg_prev;
    t->dbg_next = t->dbg_prev = NULL;
}

void dump_scheduler(void)
{
    static const char *const names[] = { "inactive", "running", "restart", "blocked-recv", "blocked-send",
                                         "blocked-reply", "blocked-ntfn", "idle" };
    kprintf("%-20s %-16s %-14s %4s\n", "name", "address", "state", "prio");
    for (tcb_t *t = debug_threads; t; t = t->dbg_next)
        kprintf("%20s %p %14s %4lu%s\n", t->name[0] ? t->name : "(unnamed)", t, names[t->state], t->prio,
                t == ks_cur_thread ? " *" : "");
}

/* ---------------------------------------------------- message registers */

const unsigned msg_registers[4] = { REG_R10, REG_R8, REG_R9, REG_R15 };

/* Offsets in tcb_t of the registers, in seL4_UserContext order. */
#define CTX(r) (offsetof(tcb_t, ctx) + offsetof(user_context_t, r))
static const uint16_t reg_offset[REG_COUNT] = {
    CTX(rip), CTX(rsp), CTX(rflags), CTX(rax), CTX(rbx), CTX(rcx), CTX(rdx),
    CTX(rsi), CTX(rdi), CTX(rbp), CTX(r8), CTX(r9), CTX(r10), CTX(r11),
    CTX(r12), CTX(r13), CTX(r14), CTX(r15), offsetof(tcb_t, fs_base), offsetof(tcb_t, gs_base),
};

word_t *ctx_reg(tcb_t *t, unsigned idx)
{
    return (word_t *)((uint8_t *)t + reg_offset[idx < REG_COUNT ? idx : REG_GS_BASE]);
}

/* The kernel's view of t's IPC buffer, or NULL if it has no usable one. */
word_t *lookup_ipc_buffer(bool is_receiver, tcb_t *t)
{
    cap_t c = t->ctes[tcb_cte_ipc_buffer].cap;
    if (cap_get_type(c) != cap_frame || cap_frame_is_device(c))
        return NULL;
    unsigned vmr = cap_frame_vm_rights(c);
    if (!(vmr == vm_read_write || (!is_receiver && vmr == vm_read_only)))
        return NULL;
    static const unsigned bits[3] = { 12, 21, 30 };
    word_t off = t->ipc_buffer & MASK(bits[cap_frame_size(c)]);
    return (word_t *)((uint8_t *)ptr_from_paddr(cap_frame_paddr(c)) + off);
}

word_t get_mr(tcb_t *t, word_t *buffer, unsigned i)
{
    if (i < 4)
        return *ctx_reg(t, msg_registers[i]);
    return buffer ? buffer[i + 1] : 0;
}

unsigned set_mr(tcb_t *t, word_t *buffer, unsigned i, word_t v)
{
    if (i < 4) {
        *ctx_reg(t, msg_registers[i]) = v;
        return i + 1;
    }
    if (buffer && i < seL4_MsgMaxLength) {
        buffer[i + 1] = v;
        return i + 1;
    }
    return i;
}

word_t msg_info_new(word_t label, word_t caps_unwrapped, word_t extra_caps, word_t length)
{
    return (label << 12) | ((caps_unwrapped & 7) << 9) | ((extra_caps & 3) << 7) | (length & 0x7f);
}
