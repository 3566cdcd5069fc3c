/*
 * main.c — the ktest runner: registry of test groups, per-test environment,
 * the standard reporter and the final memory check.
 *
 * Resources (set up once by kt_runner_init):
 *
 *   slots    every slot the runtime's allocator can give (rt_alloc_slot) is
 *            reserved at start: the first KT_RUNNER_SLOTS are the runner's,
 *            the rest is the range each test gets (env->slot_first..end).
 *   memory   the largest RAM untyped P is split in two halves: A (runner
 *            objects: endpoint, watchdog, each test thread's TCB) and B,
 *            which every test gets whole as env->untyped.  A device untyped
 *            of at least 1 GiB above 4 GiB (if any) is env->dev_untyped.
 *   endpoint one runner endpoint; minted caps with distinct badges are the
 *            test thread's "done" cap, its fault handler, the helpers'
 *            default fault handler and the watchdog's cap.
 *
 * One test (kt_run_test):
 *
 *   runner (prio 255)                test thread (prio 200)
 *   ---------------------------------------------------------------
 *   new TCB from A, new join ntfn
 *   arm watchdog, WriteRegisters ──► fn(env) ... helpers, checks
 *   Recv(runner ep) ◄──────────────  Send(done cap, MR0 = verdict)
 *     (or a fault / watchdog message)
 *   delete test TCB; leak check:
 *     every test slot empty? B and the device untyped retypable
 *     whole (i.e. no children left)?
 *   revoke B, device untyped; empty all test slots
 *   print "TEST <ID> <name>: PASS|FAIL"
 *
 * At the end MEMORY0001 (run by the runner itself, after deleting its own
 * objects) checks that P and the device untyped are whole again, then the
 * runner prints "N passed, N failed" and exits QEMU through rt_exit.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

/* KT_FILTER: run only tests whose ID starts with it (make KTEST_FILTER=). */
#include "ktest_filter.h"

#define KT_RUNNER_SLOTS 32

enum kt_badge {
    KT_BADGE_DONE = 1,
    KT_BADGE_TEST_FAULT = 2,
    KT_BADGE_HELPER_FAULT = 3,
    KT_BADGE_WATCHDOG = 4,
};

/* Runner slot numbers, relative to kt_runner.slot_base. */
enum kt_runner_slot {
    RS_EXIT_PORT,
    RS_UT_RUNNER, /* A */
    RS_UT_TESTS,  /* B */
    RS_EP,
    RS_EP_DONE,
    RS_EP_TEST_FAULT,
    RS_EP_HELPER_FAULT,
    RS_EP_WATCHDOG,
    RS_WATCHDOG_TCB,
    RS_TEST_TCB,
    RS_JOIN_NTFN,
    RS_SCRATCH,
    RS_COUNT,
};

static const struct kt_group *const kt_groups[] = {
    &kt_group_bootinfo, &kt_group_debug,  &kt_group_untyped,      &kt_group_cnode,
    &kt_group_tcb,      &kt_group_ipc,    &kt_group_notification, &kt_group_faults,
    &kt_group_sched,    &kt_group_vspace, &kt_group_irq,          &kt_group_ioport,
};

static struct {
    seL4_BootInfo *bi;
    seL4_CPtr slot_base;
    seL4_CPtr slot_end;
    seL4_CPtr pool_ut; /* P, a bootinfo untyped */
    unsigned pool_bits;
    unsigned passed, failed;
    const struct kt_test *current;
    struct kt_env env;
} kt_runner;

static struct {
    volatile uint64_t deadline;
    volatile seL4_Word generation;
    volatile seL4_Word armed;
} kt_wd;

static inline void kt_barrier(void) { __asm__ volatile("" ::: "memory"); }

static seL4_CPtr rs(enum kt_runner_slot s) { return kt_runner.slot_base + s; }

static void kt_setup_failed(const char *what, seL4_Word err) {
    printf("ktest: setup failed: %s (%s)\n", what, kt_error_name(err));
    printf("0 passed, 1 failed\n");
    rt_exit(RT_EXIT_FAILURE);
}

/* ---- Setup -------------------------------------------------------------- */

static void kt_reserve_slots(void) {
    seL4_CPtr first = rt_alloc_slot(), prev = first, s;

    if (first == seL4_CapNull)
        kt_setup_failed("no free slots", 0);
    while ((s = rt_alloc_slot()) != seL4_CapNull && s == prev + 1)
        prev = s;
    kt_runner.slot_base = first;
    kt_runner.slot_end = prev + 1;
    if (kt_runner.slot_end - first < KT_RUNNER_SLOTS + 600)
        kt_setup_failed("too few free slots", 0);
}

static void kt_pick_untypeds(void) {
    seL4_BootInfo *bi = kt_runner.bi;
    seL4_Word n = bi->untyped.end - bi->untyped.start, i;
    int best = -1, dev = -1;

    for (i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];

        if (!d->isDevice) {
            if (best < 0 || d->sizeBits > bi->untypedList[best].sizeBits)
                best = (int)i;
            continue;
        }
        /* Device memory above 4 GiB, inside the kernel window, with a
         * naturally aligned 1 GiB at its start: nothing lives there. */
        if (d->sizeBits >= 30 && d->paddr >= (1ul << 32) && d->paddr < (1ul << 39) &&
            (d->paddr & ((1ul << 30) - 1)) == 0 &&
            (dev < 0 || d->sizeBits < bi->untypedList[dev].sizeBits))
            dev = (int)i;
    }
    if (best < 0 || bi->untypedList[best].sizeBits < 22)
        kt_setup_failed("no RAM untyped of 4 MiB or more", 0);
    kt_runner.pool_ut = bi->untyped.start + best;
    kt_runner.pool_bits = bi->untypedList[best].sizeBits;
    if (dev >= 0) {
        kt_runner.env.dev_untyped = bi->untyped.start + dev;
        kt_runner.env.dev_untyped_bits = bi->untypedList[dev].sizeBits;
        kt_runner.env.dev_untyped_paddr = bi->untypedList[dev].paddr;
    }
}

static void kt_runner_objects(void) {
    seL4_CPtr cn = seL4_CapInitThreadCNode;
    seL4_Error err;
    static const struct {
        enum kt_runner_slot slot;
        seL4_Word badge;
    } mints[] = {
        {RS_EP_DONE, KT_BADGE_DONE},
        {RS_EP_TEST_FAULT, KT_BADGE_TEST_FAULT},
        {RS_EP_HELPER_FAULT, KT_BADGE_HELPER_FAULT},
        {RS_EP_WATCHDOG, KT_BADGE_WATCHDOG},
    };
    unsigned i;

    err = seL4_Untyped_Retype(kt_runner.pool_ut, seL4_UntypedObject, kt_runner.pool_bits - 1, cn, 0,
                              0, rs(RS_UT_RUNNER), 2);
    if (err != seL4_NoError)
        kt_setup_failed("splitting the pool untyped", err);
    err = kt_retype(rs(RS_UT_RUNNER), seL4_EndpointObject, 0, rs(RS_EP));
    if (err != seL4_NoError)
        kt_setup_failed("runner endpoint", err);
    for (i = 0; i < KT_ARRAY_SIZE(mints); i++) {
        err = seL4_CNode_Mint(cn, rs(mints[i].slot), seL4_WordBits, cn, rs(RS_EP), seL4_WordBits,
                              seL4_AllRights, mints[i].badge);
        if (err != seL4_NoError)
            kt_setup_failed("minting runner endpoint caps", err);
    }
}

static void kt_watchdog_main(void *arg) {
    seL4_CPtr ep = (seL4_CPtr)arg;
    seL4_Word gen;

    for (;;) {
        gen = kt_wd.generation;
        kt_barrier();
        if (!kt_wd.armed || (int64_t)(kt_rdtsc() - kt_wd.deadline) < 0)
            continue;
        kt_barrier();
        if (gen != kt_wd.generation)
            continue;
        kt_wd.armed = 0;
        seL4_SetMR(0, gen);
        seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    }
}

/*
 * Create a thread on pool entry `index` running fn(arg) in the root spaces.
 * The TCB goes into runner slot `slot`, carved from untyped A.
 */
static seL4_Error kt_runner_thread(enum kt_runner_slot slot, int index, seL4_CPtr fault_ep,
                                   seL4_Word prio, void (*fn)(void *), void *arg) {
    struct rt_thread_mem *mem = kt_pool_mem(index);
    seL4_UserContext regs;
    seL4_Word tls;
    seL4_Error err;

    err = kt_retype(rs(RS_UT_RUNNER), seL4_TCBObject, 0, rs(slot));
    if (err != seL4_NoError)
        return err;
    err =
        seL4_TCB_Configure(rs(slot), fault_ep, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace,
                           0, (seL4_Word)&mem->ipc, rt_image_frame_cap(&mem->ipc));
    if (err != seL4_NoError)
        return err;
    err = seL4_TCB_SetSchedParams(rs(slot), seL4_CapInitThreadTCB, seL4_MaxPrio, prio);
    if (err != seL4_NoError)
        return err;
    tls = rt_tls_init(mem->tls, sizeof(mem->tls));
    memset(&regs, 0, sizeof(regs));
    rt_thread_context(&regs, mem->stack + sizeof(mem->stack), tls, &mem->ipc, fn, arg, rs(slot));
    return seL4_TCB_WriteRegisters(rs(slot), 1, 0, seL4_UserContext_NumWords, &regs);
}

static void kt_runner_init(seL4_BootInfo *bi) {
    struct kt_env *env = &kt_runner.env;
    seL4_Error err;

    kt_runner.bi = bi;
    kt_env_init_platform(bi);
    kt_reserve_slots();
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0xf4, 0xf7, seL4_CapInitThreadCNode,
                                       rs(RS_EXIT_PORT), seL4_WordBits);
    if (err == seL4_NoError)
        rt_set_exit_port(rs(RS_EXIT_PORT));
    kt_pick_untypeds();
    kt_runner_objects();

    env->bi = bi;
    env->cnode = seL4_CapInitThreadCNode;
    env->vspace = seL4_CapInitThreadVSpace;
    env->prio = KT_TEST_PRIO;
    env->untyped = rs(RS_UT_TESTS);
    env->untyped_bits = kt_runner.pool_bits - 1;
    env->slot_first = kt_runner.slot_base + KT_RUNNER_SLOTS;
    env->slot_end = kt_runner.slot_end;
    env->vm_window = 200ul << 39; /* PML4 slot 200: never used otherwise */
    env->helper_fault_ep = rs(RS_EP_HELPER_FAULT);

    err = kt_runner_thread(RS_WATCHDOG_TCB, KT_POOL_WATCHDOG, seL4_CapNull, KT_WATCHDOG_PRIO,
                           kt_watchdog_main, (void *)rs(RS_EP_WATCHDOG));
    if (err != seL4_NoError)
        kt_setup_failed("starting the watchdog", err);
}

/* ---- Faults ------------------------------------------------------------- */

static const char *kt_fault_name(seL4_Word label) {
    switch (label) {
    case seL4_Fault_CapFault:
        return "CapFault";
    case seL4_Fault_UnknownSyscall:
        return "UnknownSyscall";
    case seL4_Fault_UserException:
        return "UserException";
    case seL4_Fault_VMFault:
        return "VMFault";
    default:
        return "unknown fault type";
    }
}

void kt_print_fault(const char *who, seL4_Word badge, seL4_MessageInfo_t tag) {
    seL4_Word len = seL4_MessageInfo_get_length(tag), i;
    seL4_Word mrs[seL4_UnknownSyscall_Length];

    if (len > KT_ARRAY_SIZE(mrs))
        len = KT_ARRAY_SIZE(mrs);
    for (i = 0; i < len; i++)
        mrs[i] = seL4_GetMR((int)i);
    printf("    %s faulted (badge %lu): %s (label %lu, length %lu)", who, badge,
           kt_fault_name(seL4_MessageInfo_get_label(tag)),
           (seL4_Word)seL4_MessageInfo_get_label(tag), len);
    for (i = 0; i < len; i++)
        printf("%s MR%lu=0x%lx", i % 4 == 0 ? "\n     " : "", i, mrs[i]);
    printf("\n");
}

/* ---- One test ----------------------------------------------------------- */

static void kt_test_thread_main(void *arg) {
    struct kt_env *env = arg;
    int verdict = kt_runner.current->fn(env);

    seL4_SetMR(0, (seL4_Word)verdict);
    seL4_Send(rs(RS_EP_DONE), seL4_MessageInfo_new(0, 0, 0, 1));
}

/* Wait for the test thread's verdict, a fault, or the watchdog. */
static int kt_wait_verdict(void) {
    seL4_MessageInfo_t tag;
    seL4_Word badge;

    for (;;) {
        tag = seL4_Recv(rs(RS_EP), &badge);
        switch (badge) {
        case KT_BADGE_DONE:
            return seL4_GetMR(0) == KT_PASS ? KT_PASS : KT_FAIL;
        case KT_BADGE_TEST_FAULT:
            kt_print_fault("test thread", badge, tag);
            return KT_FAIL;
        case KT_BADGE_HELPER_FAULT:
            kt_print_fault("helper thread", badge, tag);
            kt_failures++;
            break;
        case KT_BADGE_WATCHDOG:
            if (seL4_GetMR(0) == kt_wd.generation && kt_wd.armed == 0) {
                printf("    TIMEOUT: no verdict after %u ms\n", KT_TEST_TIMEOUT_MS);
                return KT_FAIL;
            }
            break;
        default:
            printf("    runner: unexpected message, badge %lu\n", badge);
            break;
        }
    }
}

/* Is `ut` free of children?  (Retype it whole; undo at once.) */
static bool kt_untyped_whole(seL4_CPtr ut, unsigned bits, const char *what) {
    seL4_Error err;

    err = seL4_Untyped_Retype(ut, seL4_UntypedObject, bits, seL4_CapInitThreadCNode, 0, 0,
                              rs(RS_SCRATCH), 1);
    if (err != seL4_NoError) {
        printf("    LEAK: %s cannot be retyped whole: %s (MR0 0x%lx)\n", what, kt_error_name(err),
               seL4_GetMR(0));
        return false;
    }
    seL4_CNode_Delete(seL4_CapInitThreadCNode, rs(RS_SCRATCH), seL4_WordBits);
    return true;
}

static bool kt_slots_empty(seL4_CPtr first, seL4_CPtr end) {
    bool ok = true;
    seL4_CPtr s;
    seL4_Uint32 tag;

    for (s = first; s < end; s++) {
        tag = seL4_DebugCapIdentify(s);
        if (tag != KT_CAP_NULL) {
            printf("    LEAK: slot %lu still holds a cap (type %u)\n", s, tag);
            ok = false;
        }
    }
    return ok;
}

static bool kt_leak_check(struct kt_env *env) {
    bool ok = kt_slots_empty(env->slot_first, env->slot_next);

    ok = kt_untyped_whole(env->untyped, env->untyped_bits, "the test untyped") && ok;
    if (env->dev_untyped != seL4_CapNull)
        ok = kt_untyped_whole(env->dev_untyped, env->dev_untyped_bits, "the device untyped") && ok;
    return ok;
}

static void kt_cleanup(struct kt_env *env) {
    seL4_CPtr cn = seL4_CapInitThreadCNode, s;

    seL4_CNode_Delete(cn, rs(RS_TEST_TCB), seL4_WordBits);
    seL4_CNode_Revoke(cn, env->untyped, seL4_WordBits);
    if (env->dev_untyped != seL4_CapNull)
        seL4_CNode_Revoke(cn, env->dev_untyped, seL4_WordBits);
    for (s = env->slot_first; s < env->slot_next; s++)
        seL4_CNode_Delete(cn, s, seL4_WordBits);
    seL4_CNode_Delete(cn, rs(RS_JOIN_NTFN), seL4_WordBits);
    kt_thread_pool_reset();
}

static void kt_report(const struct kt_test *t, int verdict) {
    if (verdict == KT_PASS)
        kt_runner.passed++;
    else
        kt_runner.failed++;
    printf("TEST %s %s: %s\n", t->id, t->name, verdict == KT_PASS ? "PASS" : "FAIL");
}

static void kt_run_test(const struct kt_test *t) {
    struct kt_env *env = &kt_runner.env;
    seL4_Error err;
    int verdict;

    kt_runner.current = t;
    kt_failures = 0;
    env->slot_next = env->slot_first;
    env->tcb = rs(RS_TEST_TCB);
    env->join_ntfn = rs(RS_JOIN_NTFN);
    err = kt_retype(rs(RS_UT_RUNNER), seL4_NotificationObject, 0, rs(RS_JOIN_NTFN));
    if (err == seL4_NoError) {
        kt_wd.deadline = kt_rdtsc() + kt_ms_to_tsc(KT_TEST_TIMEOUT_MS);
        kt_barrier();
        kt_wd.generation++;
        kt_barrier();
        kt_wd.armed = 1;
        err = kt_runner_thread(RS_TEST_TCB, KT_POOL_TEST, rs(RS_EP_TEST_FAULT), KT_TEST_PRIO,
                               kt_test_thread_main, env);
    }
    if (err != seL4_NoError) {
        printf("    runner: cannot start the test thread: %s\n", kt_error_name(err));
        verdict = KT_FAIL;
    } else {
        verdict = kt_wait_verdict();
    }
    kt_wd.armed = 0;
    kt_barrier();
    kt_wd.generation++;
    /* Stop the test thread before looking at what it left behind. */
    seL4_CNode_Delete(seL4_CapInitThreadCNode, rs(RS_TEST_TCB), seL4_WordBits);
    if (kt_failures != 0)
        verdict = KT_FAIL;
    if (verdict == KT_PASS && !kt_leak_check(env))
        verdict = KT_FAIL;
    kt_cleanup(env);
    kt_report(t, verdict);
}

/* ---- Final memory check ------------------------------------------------- */

/*
 * MEMORY0001: after every test, with the runner's own objects deleted, the
 * pool untyped P and the device untyped must be retypable whole (no child
 * left anywhere below them) and every test slot must be empty.  Run by the
 * runner itself because the test thread lives in P.
 */
static void kt_memory_test(void) {
    static const struct kt_test t = {"MEMORY0001", "all memory given back at the end", NULL};
    struct kt_env *env = &kt_runner.env;
    seL4_CPtr cn = seL4_CapInitThreadCNode;
    static const enum kt_runner_slot owned[] = {
        RS_WATCHDOG_TCB,    RS_TEST_TCB,    RS_JOIN_NTFN, RS_EP_DONE,   RS_EP_TEST_FAULT,
        RS_EP_HELPER_FAULT, RS_EP_WATCHDOG, RS_EP,        RS_UT_RUNNER, RS_UT_TESTS,
    };
    bool ok = true;
    seL4_Error err;
    unsigned i;

    kt_runner.current = &t;
    for (i = 0; i < KT_ARRAY_SIZE(owned); i++) {
        err = seL4_CNode_Delete(cn, rs(owned[i]), seL4_WordBits);
        if (err != seL4_NoError) {
            printf("    deleting runner slot %d: %s\n", owned[i], kt_error_name(err));
            ok = false;
        }
    }
    ok = kt_slots_empty(env->slot_first, env->slot_end) && ok;
    ok = kt_untyped_whole(kt_runner.pool_ut, kt_runner.pool_bits, "the pool untyped") && ok;
    if (env->dev_untyped != seL4_CapNull)
        ok = kt_untyped_whole(env->dev_untyped, env->dev_untyped_bits, "the device untyped") && ok;
    seL4_CNode_Revoke(cn, kt_runner.pool_ut, seL4_WordBits);
    kt_report(&t, ok ? KT_PASS : KT_FAIL);
}

/* ---- Entry -------------------------------------------------------------- */

static bool kt_selected(const struct kt_test *t) {
    return strncmp(t->id, KT_FILTER, strlen(KT_FILTER)) == 0;
}

int main(seL4_BootInfo *bi) {
    unsigned g, i, total = 0;

    for (g = 0; g < KT_ARRAY_SIZE(kt_groups); g++)
        for (i = 0; i < kt_groups[g]->count; i++)
            total += kt_selected(&kt_groups[g]->tests[i]);
    printf("ktest: kernel ABI tests, %u tests%s%s\n", total + 1,
           KT_FILTER[0] != '\0' ? ", filter " : "", KT_FILTER);
    kt_runner_init(bi);
    for (g = 0; g < KT_ARRAY_SIZE(kt_groups); g++)
        for (i = 0; i < kt_groups[g]->count; i++)
            if (kt_selected(&kt_groups[g]->tests[i]))
                kt_run_test(&kt_groups[g]->tests[i]);
    kt_memory_test();
    printf("%u passed, %u failed\n", kt_runner.passed, kt_runner.failed);
    rt_exit(kt_runner.failed == 0 ? RT_EXIT_SUCCESS : RT_EXIT_FAILURE);
}
