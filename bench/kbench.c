/*
 * bench/kbench.c — kernel micro-benchmarks, a root task.
 *
 * What it measures (docs/bench.md has the full methodology):
 *
 *   bracket_empty        the rdtsc bracket alone (6 by construction)
 *   null_reply           seL4_Reply with no caller: a syscall that does nothing
 *   yield_alone          seL4_Yield with no other thread at our priority
 *   poll_empty           seL4_Poll (NBRecv) on a notification never signalled
 *   signal_nowaiter      seL4_Signal on a notification nobody waits on
 *   invoke_getaddr       seL4_X86_Page_GetAddress: the cheapest object invocation
 *   ipc_rt_{same,cross}_{0,4,10}
 *                        client seL4_Call -> server seL4_ReplyRecv -> client,
 *                        0/4/10-word messages, server in the same VSpace or in
 *                        a second one (new PML4 + ASID, image frames mapped)
 *   ipc_call_*, ipc_replyrecv_*
 *                        the two directions of the same exchange, measured
 *                        from one thread's rdtsc to the other thread's
 *   ntfn_rt, ntfn_signal_to_wake, ntfn_wait_to_signaller
 *                        signal -> a higher-priority waiter wakes -> it waits
 *                        again -> back to the signaller
 *   yield_pingpong, yield_there, yield_back
 *                        two equal-priority threads yielding to each other
 *   page_map_4k, page_unmap_4k
 *                        seL4_X86_Page_Map / _Unmap of one 4 KiB frame
 *
 * Every case runs KB_ROUNDS rounds of KB_ITERS individually bracketed
 * operations; see kb_stats.h for the reduction.  Output: one line
 * `BENCH <name> <median> <min> <max>` per series, `BENCH-SKIP <name> <why>`
 * for a case that could not run, then the QEMU exit code 0x10 (all ran) or
 * 0x11 (something was skipped).
 *
 * Threads: the root task is the client / signaller and lowers itself to
 * KB_PRIO; helpers run the stackless loops of kb_asm.S at KB_PRIO (IPC
 * server, yield partner) or KB_PRIO + 1 (notification waiter, so that a
 * signal preempts the signaller).  Helpers share the root CNode.
 */
#include <sel4/sel4.h>
#include <sel4rt/sel4rt.h>

#include "kb_asm.h"
#include "kb_env.h"
#include "kb_stats.h"

#define KB_ROUNDS 21
#define KB_ITERS 1000
#define KB_PRIO 100
#define KB_MAP_VADDR 0x10000000000ul /* 1 TiB: a region nothing else uses */

_Static_assert(KB_SYS_CALL == seL4_SysCall, "syscall number");
_Static_assert(KB_SYS_REPLYRECV == seL4_SysReplyRecv, "syscall number");
_Static_assert(KB_SYS_SEND == seL4_SysSend, "syscall number");
_Static_assert(KB_SYS_NBSEND == seL4_SysNBSend, "syscall number");
_Static_assert(KB_SYS_RECV == seL4_SysRecv, "syscall number");
_Static_assert(KB_SYS_REPLY == seL4_SysReply, "syscall number");
_Static_assert(KB_SYS_YIELD == seL4_SysYield, "syscall number");
_Static_assert(KB_SYS_NBRECV == seL4_SysNBRecv, "syscall number");
_Static_assert(KB_ROUNDS <= KB_MAX_ROUNDS, "rounds");

/* Helper threads, each with an IPC-buffer page and a (small) stack. */
enum { KB_T_SAME, KB_T_CROSS, KB_T_WAITER, KB_T_YIELD, KB_NTHREADS };

static uint8_t kb_ipc_pages[KB_NTHREADS][KB_PAGE_SIZE] __attribute__((aligned(KB_PAGE_SIZE)));
static uint8_t kb_stacks[KB_NTHREADS][1024] __attribute__((aligned(16)));
static kb_thread_t kb_threads[KB_NTHREADS];

/* Written by kb_helper_stamp in whichever VSpace the helper runs. */
static kb_stamps_t kb_stamps __attribute__((aligned(64)));

static uint64_t kb_a[KB_ITERS], kb_b[KB_ITERS];
static unsigned kb_ran, kb_skipped, kb_dropped;

/* ---- running a case ---- */

/*
 * One round: fill a[] (and b[] for two-series cases) with up to *n samples;
 * on return *n is the number of valid samples.  Returns an seL4_Error.
 */
typedef int kb_round_fn(void *ctx, uint64_t *a, uint64_t *b, unsigned *n);

static void kb_print_series(const char *name, const kb_series_t *s) {
    printf("BENCH %s %lu %lu %lu\n", name, (unsigned long)kb_series_median(s),
           (unsigned long)s->min, (unsigned long)s->max);
}

static void kb_skip(const char *name, const char *why, int err) {
    printf("BENCH-SKIP %s %s (error %d)\n", name, why, err);
    kb_skipped++;
}

/* Run fn for KB_ROUNDS rounds; name_b may be NULL for one-series cases. */
static void kb_run(const char *name_a, const char *name_b, kb_round_fn *fn, void *ctx) {
    kb_series_t sa, sb;

    kb_series_reset(&sa);
    kb_series_reset(&sb);
    for (unsigned r = 0; r < KB_ROUNDS; r++) {
        unsigned n = KB_ITERS;
        int err = fn(ctx, kb_a, kb_b, &n);

        if (err == seL4_NoError && n < KB_ITERS / 2)
            err = seL4_IllegalOperation;
        if (err != seL4_NoError) {
            kb_skip(name_a, "operation failed", err);
            return;
        }
        kb_series_add_round(&sa, kb_a, n);
        if (name_b)
            kb_series_add_round(&sb, kb_b, n);
    }
    kb_print_series(name_a, &sa);
    if (name_b)
        kb_print_series(name_b, &sb);
    kb_ran++;
}

static int kb_round_empty(void *ctx, uint64_t *a, uint64_t *b, unsigned *n) {
    kb_measure_empty(a, *n);
    return seL4_NoError;
}

static int kb_round_syscall(void *ctx, uint64_t *a, uint64_t *b, unsigned *n) {
    kb_measure_syscall(ctx, a, *n);
    return seL4_NoError;
}

/* Two-way samples; drops those the helper did not stamp (kb_asm.h). */
static int kb_round_oneway(void *ctx, uint64_t *a, uint64_t *b, unsigned *n) {
    unsigned valid = 0;

    kb_measure_oneway(ctx, &kb_stamps, a, b, *n);
    for (unsigned i = 0; i < *n; i++) {
        if (a[i] == KB_SAMPLE_INVALID || b[i] == KB_SAMPLE_INVALID) {
            kb_dropped++;
            continue;
        }
        a[valid] = a[i];
        b[valid] = b[i];
        valid++;
    }
    *n = valid;
    return seL4_NoError;
}

static kb_sys_t kb_sys(int64_t nr, seL4_CPtr cap, seL4_Word label, seL4_Word len) {
    kb_sys_t s = {.nr = nr, .rdi = cap};

    s.rsi = seL4_MessageInfo_new(label, 0, 0, len).words[0];
    for (unsigned i = 0; i < 4; i++)
        s.mr[i] = i + 1;
    return s;
}

/* dst := a + b + "_" + decimal(n) (names such as ipc_rt_same_4). */
static void kb_name(char *dst, unsigned size, const char *a, const char *b, unsigned n) {
    char digits[12];
    unsigned len = 0, nd = 0;

    for (const char *p = a; *p && len + 1 < size; p++)
        dst[len++] = *p;
    for (const char *p = b; *p && len + 1 < size; p++)
        dst[len++] = *p;
    if (len + 1 < size)
        dst[len++] = '_';
    do {
        digits[nd++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (nd && len + 1 < size)
        dst[len++] = digits[--nd];
    dst[len] = 0;
}

/* ---- the cases ---- */

static void kb_case_syscalls(void) {
    seL4_CPtr ntfn_poll = kb_alloc(seL4_NotificationObject, 0);
    seL4_CPtr ntfn_sig = kb_alloc(seL4_NotificationObject, 0);
    seL4_X86_Page_GetAddress_t ga;
    kb_sys_t s;

    kb_run("bracket_empty", NULL, kb_round_empty, NULL);

    s = kb_sys(KB_SYS_REPLY, 0, 0, 0);
    kb_run("null_reply", NULL, kb_round_syscall, &s);

    s = kb_sys(KB_SYS_YIELD, 0, 0, 0);
    kb_run("yield_alone", NULL, kb_round_syscall, &s);

    if (ntfn_poll == 0 || ntfn_sig == 0) {
        kb_skip("poll_empty", "no notification", seL4_NotEnoughMemory);
        kb_skip("signal_nowaiter", "no notification", seL4_NotEnoughMemory);
    } else {
        s = kb_sys(KB_SYS_NBRECV, ntfn_poll, 0, 0);
        kb_run("poll_empty", NULL, kb_round_syscall, &s);
        s = kb_sys(KB_SYS_SEND, ntfn_sig, 0, 0);
        kb_run("signal_nowaiter", NULL, kb_round_syscall, &s);
    }

    ga = seL4_X86_Page_GetAddress(seL4_CapInitThreadIPCBuffer);
    if (ga.error != seL4_NoError) {
        kb_skip("invoke_getaddr", "GetAddress refused", ga.error);
    } else {
        s = kb_sys(KB_SYS_CALL, seL4_CapInitThreadIPCBuffer, X86PageGetAddress, 0);
        kb_run("invoke_getaddr", NULL, kb_round_syscall, &s);
    }
}

/*
 * IPC between the root task and the helper `t` (already created in the
 * VSpace under test).  `where` is "same" or "cross".
 */
static void kb_case_ipc(kb_thread_t *t, seL4_CPtr ep, const char *where) {
    static const unsigned lens[] = {0, 4, 10};
    char na[48], nb[48];
    kb_sys_t s;
    int err;

    err = kb_thread_start(t, kb_helper_plain, ep, KB_SYS_RECV, KB_SYS_REPLYRECV, 0);
    for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        kb_name(na, sizeof(na), "ipc_rt_", where, lens[i]);
        if (err != seL4_NoError) {
            kb_skip(na, "server did not start", err);
            continue;
        }
        s = kb_sys(KB_SYS_CALL, ep, 0, lens[i]);
        kb_run(na, NULL, kb_round_syscall, &s);
    }
    kb_thread_stop(t);

    err = kb_thread_start(t, kb_helper_stamp, ep, KB_SYS_RECV, KB_SYS_REPLYRECV,
                          (seL4_Word)&kb_stamps);
    for (unsigned i = 0; i < 2; i++) {
        kb_name(na, sizeof(na), "ipc_call_", where, lens[i]);
        kb_name(nb, sizeof(nb), "ipc_replyrecv_", where, lens[i]);
        if (err != seL4_NoError) {
            kb_skip(na, "server did not start", err);
            continue;
        }
        s = kb_sys(KB_SYS_CALL, ep, 0, lens[i]);
        kb_run(na, nb, kb_round_oneway, &s);
    }
    kb_thread_stop(t);
}

static void kb_case_notification(kb_thread_t *t) {
    seL4_CPtr ntfn = kb_alloc(seL4_NotificationObject, 0);
    kb_sys_t s = kb_sys(KB_SYS_SEND, ntfn, 0, 0);
    int err;

    if (ntfn == 0) {
        kb_skip("ntfn_rt", "no notification", seL4_NotEnoughMemory);
        return;
    }
    /* The waiter has the higher priority: it runs at once and blocks. */
    err = kb_thread_start(t, kb_helper_plain, ntfn, 0, KB_SYS_RECV, 0);
    if (err == seL4_NoError)
        kb_run("ntfn_rt", NULL, kb_round_syscall, &s);
    else
        kb_skip("ntfn_rt", "waiter did not start", err);
    kb_thread_stop(t);

    err = kb_thread_start(t, kb_helper_stamp, ntfn, 0, KB_SYS_RECV, (seL4_Word)&kb_stamps);
    if (err == seL4_NoError)
        kb_run("ntfn_signal_to_wake", "ntfn_wait_to_signaller", kb_round_oneway, &s);
    else
        kb_skip("ntfn_signal_to_wake", "waiter did not start", err);
    kb_thread_stop(t);
}

static void kb_case_yield(kb_thread_t *t) {
    kb_sys_t s = kb_sys(KB_SYS_YIELD, 0, 0, 0);
    int err;

    err = kb_thread_start(t, kb_helper_plain, 0, 0, KB_SYS_YIELD, 0);
    if (err == seL4_NoError)
        kb_run("yield_pingpong", NULL, kb_round_syscall, &s);
    else
        kb_skip("yield_pingpong", "partner did not start", err);
    kb_thread_stop(t);

    err = kb_thread_start(t, kb_helper_stamp, 0, 0, KB_SYS_YIELD, (seL4_Word)&kb_stamps);
    if (err == seL4_NoError)
        kb_run("yield_there", "yield_back", kb_round_oneway, &s);
    else
        kb_skip("yield_there", "partner did not start", err);
    kb_thread_stop(t);
}

/* ---- page map / unmap: C loop around the libsel4 stubs ---- */

typedef struct kb_map_ctx {
    seL4_CPtr frame;
    seL4_CPtr vspace;
    seL4_Word vaddr;
} kb_map_ctx_t;

/* Same bracket as kb_asm.S, but the compiler schedules the code around it. */
static inline uint64_t kb_tsc(void) {
    uint32_t lo, hi;

    __asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

static int kb_round_map(void *ctx, uint64_t *a, uint64_t *b, unsigned *n) {
    kb_map_ctx_t *m = ctx;

    for (unsigned i = 0; i < *n; i++) {
        uint64_t t0 = kb_tsc();
        int err = seL4_X86_Page_Map(m->frame, m->vspace, m->vaddr, seL4_ReadWrite,
                                    seL4_X86_Default_VMAttributes);
        uint64_t t1 = kb_tsc();

        if (err != seL4_NoError)
            return err;
        a[i] = t1 - t0;
        t0 = kb_tsc();
        err = seL4_X86_Page_Unmap(m->frame);
        t1 = kb_tsc();
        if (err != seL4_NoError)
            return err;
        b[i] = t1 - t0;
    }
    return seL4_NoError;
}

static void kb_case_map(void) {
    kb_map_ctx_t m = {
        .frame = kb_alloc(seL4_X86_4K, 0),
        .vspace = seL4_CapInitThreadVSpace,
        .vaddr = KB_MAP_VADDR,
    };
    int err = m.frame ? kb_prepare_paging(m.vspace, m.vaddr) : seL4_NotEnoughMemory;

    if (err != seL4_NoError) {
        kb_skip("page_map_4k", "no frame or paging structures", err);
        return;
    }
    kb_run("page_map_4k", "page_unmap_4k", kb_round_map, &m);
}

/* ---- setup ---- */

static int kb_make_thread(unsigned i, seL4_CPtr vspace, seL4_Word prio) {
    return kb_thread_create(&kb_threads[i], vspace, prio, kb_ipc_pages[i],
                            kb_stacks[i] + sizeof(kb_stacks[i]));
}

static void kb_run_all(void) {
    seL4_CPtr ep = kb_alloc(seL4_EndpointObject, 0);
    seL4_CPtr vs2 = 0;
    int err;

    kb_case_syscalls();

    err = ep ? kb_make_thread(KB_T_SAME, seL4_CapInitThreadVSpace, KB_PRIO) : seL4_NotEnoughMemory;
    if (err == seL4_NoError)
        kb_case_ipc(&kb_threads[KB_T_SAME], ep, "same");
    else
        kb_skip("ipc_*_same", "no endpoint or server thread", err);

    err = ep ? kb_clone_image_vspace(&vs2) : seL4_NotEnoughMemory;
    if (err == seL4_NoError)
        err = kb_make_thread(KB_T_CROSS, vs2, KB_PRIO);
    if (err == seL4_NoError)
        kb_case_ipc(&kb_threads[KB_T_CROSS], ep, "cross");
    else
        kb_skip("ipc_*_cross", "second address space not built", err);

    err = kb_make_thread(KB_T_WAITER, seL4_CapInitThreadVSpace, KB_PRIO + 1);
    if (err == seL4_NoError)
        kb_case_notification(&kb_threads[KB_T_WAITER]);
    else
        kb_skip("ntfn_*", "no waiter thread", err);

    err = kb_make_thread(KB_T_YIELD, seL4_CapInitThreadVSpace, KB_PRIO);
    if (err == seL4_NoError)
        kb_case_yield(&kb_threads[KB_T_YIELD]);
    else
        kb_skip("yield_*", "no partner thread", err);

    kb_case_map();
}

int main(seL4_BootInfo *bi) {
    int err;

    printf("kbench: %u rounds x %u iterations; figures are the median of "
           "round medians, min, max (rdtsc deltas)\n",
           KB_ROUNDS, KB_ITERS);
    if (kb_image_init(bi) != 0) {
        printf("kbench: cannot locate the program image in bootinfo\n");
        rt_exit(RT_EXIT_FAILURE);
    }
    err = seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, KB_PRIO);
    if (err != seL4_NoError)
        printf("kbench: warning: could not lower priority (error %d)\n", err);
    kb_run_all();
    printf("BENCH-DONE ran=%u skipped=%u dropped-one-way-samples=%u\n", kb_ran, kb_skipped,
           kb_dropped);
    rt_exit(kb_skipped ? RT_EXIT_FAILURE : RT_EXIT_SUCCESS);
}
