/*
 * sched.c — SCHED tests: the non-MCS scheduler (reference §11.1): strict
 * priorities, round robin within a priority through Yield and through the
 * timer (10 ms timeslice), immediate preemption when a higher-priority
 * thread becomes runnable.
 *
 * Threads record the order in which they ran in a small shared log.  Every
 * busy loop is bounded by the TSC so that a kernel without timer
 * preemption fails these tests instead of hanging the suite.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

#define LOG_MAX 16
#define SPIN_LIMIT_MS 1500

static struct {
    volatile seL4_Word n;
    volatile seL4_Word ids[LOG_MAX];
} run_log;

static void log_reset(void) { run_log.n = 0; }

static void log_id(seL4_Word id) {
    seL4_Word i = run_log.n;

    if (i < LOG_MAX) {
        run_log.ids[i] = id;
        run_log.n = i + 1;
    }
}

static bool log_is(const seL4_Word *expect, seL4_Word n) {
    seL4_Word i;
    bool ok = KT_CHECK_EQ(run_log.n, n);

    for (i = 0; ok && i < n; i++)
        ok = KT_CHECK_EQ(run_log.ids[i], expect[i]);
    if (!ok) {
        kt_printf("      log:");
        for (i = 0; i < run_log.n; i++)
            kt_printf(" %lu", run_log.ids[i]);
        kt_printf("\n");
    }
    return ok;
}

static void log_once(struct kt_thread *t, seL4_Word id, seL4_Word unused, seL4_Word unused2) {
    log_id(id);
}

/* a0 = id, a1 = rounds: log and Yield, `rounds` times. */
static void log_and_yield(struct kt_thread *t, seL4_Word id, seL4_Word rounds, seL4_Word unused) {
    seL4_Word i;

    for (i = 0; i < rounds; i++) {
        log_id(id);
        seL4_Yield();
    }
}

/* Of two runnable threads the higher priority one runs first. */
static int test_priority_order(struct kt_env *env) {
    static const seL4_Word expect[] = {2, 1, 3};
    struct kt_thread a, b, c;

    log_reset();
    if (!kt_thread_create(env, &a, 100) || !kt_thread_create(env, &b, 150) ||
        !kt_thread_create(env, &c, 50))
        return KT_FAIL;
    kt_thread_start(&a, log_once, 1, 0, 0);
    kt_thread_start(&c, log_once, 3, 0, 0);
    kt_thread_start(&b, log_once, 2, 0, 0);
    KT_CHECK_EQ(run_log.n, 0); /* all lower than us: none ran yet */
    kt_thread_join(env, &c);
    kt_thread_join(env, &a);
    kt_thread_join(env, &b);
    log_is(expect, 3);
    kt_thread_destroy(env, &a);
    kt_thread_destroy(env, &b);
    kt_thread_destroy(env, &c);
    return kt_result();
}

/*
 * Equal priorities take turns on Yield: every thread runs once per round,
 * in the same order each round.  (Which of the three runs first is not
 * specified: upstream puts a resumed thread at the head of its queue.)
 */
static int test_yield_round_robin(struct kt_env *env) {
    struct kt_thread t[3];
    seL4_Word seen = 0;
    unsigned i;

    log_reset();
    for (i = 0; i < 3; i++) {
        if (!kt_thread_create(env, &t[i], KT_HELPER_PRIO))
            return KT_FAIL;
        kt_thread_start(&t[i], log_and_yield, i + 1, 3, 0);
    }
    for (i = 0; i < 3; i++)
        kt_thread_join(env, &t[i]);
    KT_CHECK_EQ(run_log.n, 9);
    for (i = 0; i < 3; i++)
        seen |= 1ul << run_log.ids[i];
    KT_CHECK_EQ(seen, 0xe); /* ids 1, 2, 3 in the first round */
    for (i = 3; i < 9; i++)
        if (!KT_CHECK_EQ(run_log.ids[i], run_log.ids[i - 3]))
            break;
    for (i = 0; i < 3; i++)
        kt_thread_destroy(env, &t[i]);
    return kt_result();
}

/* Yield without another thread at our priority returns at once. */
static int test_yield_alone(struct kt_env *env) {
    unsigned i;

    for (i = 0; i < 100; i++)
        seL4_Yield();
    return kt_result();
}

static volatile seL4_Word spin_flag;

/* Spin (without yielding) until spin_flag is set; result = 1 if it was. */
static void spin_until_flag(struct kt_thread *t, seL4_Word unused, seL4_Word unused1,
                            seL4_Word unused2) {
    uint64_t end = kt_rdtsc() + kt_ms_to_tsc(SPIN_LIMIT_MS);

    while (!spin_flag && (int64_t)(kt_rdtsc() - end) < 0)
        t->counter++;
    t->result = spin_flag ? 1 : 0;
}

static void set_flag(struct kt_thread *t, seL4_Word unused, seL4_Word unused1, seL4_Word unused2) {
    spin_flag = 1;
}

/*
 * Timer preemption between equal priorities: a spinner waits for a flag
 * that only an equal-priority thread queued behind it sets.
 */
static int test_timeslice(struct kt_env *env) {
    struct kt_thread a, b;

    spin_flag = 0;
    if (!kt_thread_create(env, &a, KT_HELPER_PRIO) || !kt_thread_create(env, &b, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&a, spin_until_flag, 0, 0, 0);
    kt_thread_start(&b, set_flag, 0, 0, 0);
    kt_thread_join(env, &a);
    kt_thread_join(env, &b);
    KT_CHECK_EQ(a.result, 1);
    kt_thread_destroy(env, &a);
    kt_thread_destroy(env, &b);
    return kt_result();
}

/* The same with the test thread itself spinning at its own priority. */
static int test_spinner_does_not_starve(struct kt_env *env) {
    struct kt_thread t;
    uint64_t end;

    spin_flag = 0;
    if (!kt_thread_create(env, &t, env->prio))
        return KT_FAIL;
    kt_thread_start(&t, set_flag, 0, 0, 0);
    end = kt_rdtsc() + kt_ms_to_tsc(SPIN_LIMIT_MS);
    while (!spin_flag && (int64_t)(kt_rdtsc() - end) < 0)
        ;
    KT_CHECK_EQ(spin_flag, 1);
    kt_thread_join(env, &t);
    kt_thread_destroy(env, &t);
    return kt_result();
}

/* A lower-priority thread never runs while we spin (timer or not). */
static int test_lower_starves(struct kt_env *env) {
    struct kt_thread t;
    uint64_t end;

    log_reset();
    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, log_once, 7, 0, 0);
    end = kt_rdtsc() + kt_ms_to_tsc(60); /* several timer ticks */
    while ((int64_t)(kt_rdtsc() - end) < 0)
        ;
    KT_CHECK_EQ(run_log.n, 0);
    kt_thread_join(env, &t);
    KT_CHECK_EQ(run_log.n, 1);
    kt_thread_destroy(env, &t);
    return kt_result();
}

/* Starting a higher-priority thread runs it before the call returns. */
static int test_resume_preempts(struct kt_env *env) {
    struct kt_thread t;

    log_reset();
    if (!kt_thread_create(env, &t, env->prio + 10))
        return KT_FAIL;
    kt_thread_start(&t, log_once, 1, 0, 0);
    KT_CHECK_EQ(run_log.n, 1);
    KT_CHECK(t.finished);
    kt_thread_destroy(env, &t);
    return kt_result();
}

/* Raising a runnable thread above us runs it at once; lowering ourselves
 * below a runnable thread too. */
static int test_set_priority_preempts(struct kt_env *env) {
    struct kt_thread a, b;

    log_reset();
    if (!kt_thread_create(env, &a, KT_HELPER_PRIO) || !kt_thread_create(env, &b, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&a, log_once, 1, 0, 0);
    kt_thread_start(&b, log_once, 2, 0, 0);
    KT_CHECK_ERR(seL4_TCB_SetPriority(a.tcb, env->tcb, env->prio + 1), seL4_NoError);
    KT_CHECK_EQ(run_log.n, 1);
    KT_CHECK_ERR(seL4_TCB_SetPriority(env->tcb, env->tcb, KT_HELPER_PRIO - 1), seL4_NoError);
    /* b ran while we were below it. */
    KT_CHECK_EQ(run_log.n, 2);
    KT_CHECK_ERR(seL4_TCB_SetPriority(env->tcb, env->tcb, env->prio), seL4_NoError);
    kt_thread_destroy(env, &a);
    kt_thread_destroy(env, &b);
    return kt_result();
}

/*
 * A higher-priority thread woken by a signal preempts the signaller: it
 * has already run when seL4_Signal returns.
 */
static void wait_then_log(struct kt_thread *t, seL4_Word ntfn, seL4_Word unused,
                          seL4_Word unused2) {
    seL4_Word badge;

    seL4_Wait(ntfn, &badge);
    log_id(2);
}

static void signal_then_log(struct kt_thread *t, seL4_Word ntfn, seL4_Word unused,
                            seL4_Word unused2) {
    log_id(1);
    seL4_Signal(ntfn);
    log_id(3);
}

static int test_signal_preempts(struct kt_env *env) {
    static const seL4_Word expect[] = {1, 2, 3};
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    struct kt_thread hi, lo;

    log_reset();
    if (!kt_thread_create(env, &hi, KT_HELPER_PRIO + 20) ||
        !kt_thread_create(env, &lo, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&hi, wait_then_log, n, 0, 0);
    kt_thread_start(&lo, signal_then_log, n, 0, 0);
    kt_thread_join(env, &lo);
    kt_thread_join(env, &hi);
    log_is(expect, 3);
    kt_thread_destroy(env, &hi);
    kt_thread_destroy(env, &lo);
    kt_free(env, n);
    return kt_result();
}

/* The same for IPC: a higher-priority receiver runs as soon as it gets
 * the message; a lower-priority one only when the sender blocks. */
static void recv_then_log(struct kt_thread *t, seL4_Word ep, seL4_Word id, seL4_Word unused) {
    seL4_Word badge;

    seL4_Recv(ep, &badge);
    log_id(id);
}

static int test_send_preempts(struct kt_env *env) {
    static const seL4_Word expect[] = {1, 9, 2};
    seL4_CPtr ep_hi = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr ep_lo = kt_alloc(env, seL4_EndpointObject, 0);
    struct kt_thread hi, lo;

    log_reset();
    if (!kt_thread_create(env, &hi, env->prio + 5) || !kt_thread_create(env, &lo, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&hi, recv_then_log, ep_hi, 1, 0);
    kt_thread_start(&lo, recv_then_log, ep_lo, 2, 0);
    kt_drain(env); /* lo now waits in Recv */
    seL4_NBSend(ep_hi, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(ep_lo, seL4_MessageInfo_new(0, 0, 0, 0));
    log_id(9);
    kt_thread_join(env, &lo);
    log_is(expect, 3);
    kt_thread_destroy(env, &hi);
    kt_thread_destroy(env, &lo);
    kt_free(env, ep_lo);
    kt_free(env, ep_hi);
    return kt_result();
}

/* A reply to a higher-priority caller runs it before Reply returns. */
static int test_reply_preempts(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, env->prio + 10))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_call, ep, 0x1, 0); /* runs, blocks in Call */
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(t.finished, 0);
    seL4_SetMR(0, 0x2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    KT_CHECK_EQ(t.finished, 1);
    KT_CHECK_EQ(t.result, 0x2);
    kt_thread_destroy(env, &t);
    kt_free(env, ep);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"SCHED0001", "higher priority runs first", test_priority_order},
    {"SCHED0002", "Yield round robin at equal priority", test_yield_round_robin},
    {"SCHED0003", "Yield alone returns", test_yield_alone},
    {"SCHED0004", "timer preempts an equal-priority spinner", test_timeslice},
    {"SCHED0005", "our own spinning does not starve an equal thread", test_spinner_does_not_starve},
    {"SCHED0006", "lower priority never runs while we spin", test_lower_starves},
    {"SCHED0007", "starting a higher-priority thread preempts", test_resume_preempts},
    {"SCHED0008", "SetPriority preempts both ways", test_set_priority_preempts},
    {"SCHED0009", "signal wakes a higher-priority thread at once", test_signal_preempts},
    {"SCHED0010", "message wakes a higher-priority receiver at once", test_send_preempts},
    {"SCHED0011", "reply to a higher-priority caller preempts", test_reply_preempts},
};

const struct kt_group kt_group_sched = {"sched", tests, KT_ARRAY_SIZE(tests)};
