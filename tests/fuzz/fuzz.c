/*
 * tests/fuzz/fuzz.c — the syscall fuzzer's root task: setup, watchdog,
 * fault handling and the verdict.
 *
 * See fuzz.h for the threads and the fuzzer's CSpace.  After setup the
 * root task only serves the control endpoint:
 *
 *   badge FZ_BADGE_FUZZ   label FZ_MSG_EPOCH  -> refill P, reply
 *                         label FZ_MSG_DONE   -> stop, run the final checks
 *                         other label         -> a fault of the fuzzer:
 *                                                count it, restart the fuzzer
 *   badge FZ_BADGE_TICKER label 0             -> watchdog tick, reply
 *   any other badge, or a fault label from a helper -> helper fault (a failure)
 *
 * Watchdog: the ticker runs only when every other thread at FZ_PRIO has
 * yielded or blocked, and the ready queue is round-robin, so between two
 * ticks a runnable fuzzer always gets the CPU.  Three ticks in a row
 * without progress therefore mean the fuzzer is blocked (e.g. it sent to
 * an endpoint nobody serves after moving caps around); the root restarts it
 * and it skips that iteration.  A fault is handled the same way.
 *
 * Verdict: a list of checks, each printed, then `N passed, N failed`, then
 * QEMU exit 0x10 if all passed, 0x11 otherwise.
 */
#include <sel4rt/sel4rt.h>

#include "../../bench/kb_env.h"
#include "fuzz.h"

#define FZ_STALE_TICKS 3
#define FZ_MAX_RESTARTS (4 * FZ_ITERATIONS)
#define FZ_U_EPOCH_BITS 18 /* 256 KiB per epoch */

fz_state_t fz_state;
fz_canary_t fz_canary_state;

void fz_canary_fill(void);

static struct rt_thread_mem fz_mem_fuzzer, fz_mem_echo, fz_mem_ticker, fz_mem_canary;
static struct rt_thread fz_echo, fz_ticker, fz_canary;
static fz_echo_arg_t fz_echo_arg;

typedef struct fz_root {
    fz_env_t env;
    seL4_CPtr ctl; /* control endpoint, unbadged (root receives) */
    seL4_CPtr fuzz_tcb;
    seL4_CPtr fuzz_vspace;
    seL4_Word fuzz_tls;
    int done;
    uint64_t faults[6]; /* by fault label 1..5; [0] = anything else */
    uint64_t capfault_addr_bad;
    uint64_t helper_faults;
    uint64_t fault_restarts, stuck_restarts, forced_skips;
    uint64_t epochs, ticks;
    /* watchdog */
    uint64_t wd_next, wd_started;
    unsigned wd_stale;
    uint64_t last_fault_next;
    unsigned same_fault;
} fz_root_t;

static fz_root_t fz_root;

static const char *const fz_kind_names[FZ_K_COUNT] = {
    "Call",  "Send",        "NBSend",          "Poll",          "Reply",
    "Yield", "CapIdentify", "unknown-syscall", "blocking-Recv",
};

static const char *const fz_fault_names[6] = {
    "other", "CapFault", "UnknownSyscall", "UserException", "DebugException", "VMFault",
};

/* ---- setup ---- */

/* A badged copy of the control endpoint in a fresh root slot. */
static seL4_CPtr fz_control_copy(fz_root_t *r, seL4_Word badge) {
    seL4_CPtr slot = rt_alloc_slot();

    if (slot == 0 ||
        seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, seL4_WordBits, seL4_CapInitThreadCNode,
                        r->ctl, seL4_WordBits, seL4_AllRights, badge) != seL4_NoError)
        return 0;
    return slot;
}

/* Control endpoint, P, L1 (P in slot 0, control endpoint in slot 1). */
static int fz_setup_cspace(fz_root_t *r) {
    int err;

    r->ctl = kb_alloc(seL4_EndpointObject, 0);
    r->env.p = kb_alloc(seL4_CapTableObject, FZ_P_BITS);
    r->env.l1 = kb_alloc(seL4_CapTableObject, 1);
    r->env.u_epoch = kb_alloc(seL4_UntypedObject, FZ_U_EPOCH_BITS);
    r->env.ep_served = kb_alloc(seL4_EndpointObject, 0);
    r->env.tmp = rt_alloc_slot();
    if (!r->ctl || !r->env.p || !r->env.l1 || !r->env.u_epoch || !r->env.ep_served || !r->env.tmp)
        return seL4_NotEnoughMemory;
    err = seL4_CNode_Copy(r->env.l1, 0, 1, seL4_CapInitThreadCNode, r->env.p, seL4_WordBits,
                          seL4_AllRights);
    if (err == seL4_NoError)
        err = seL4_CNode_Mint(r->env.l1, 1, 1, seL4_CapInitThreadCNode, r->ctl, seL4_WordBits,
                              seL4_AllRights, FZ_BADGE_FUZZ);
    return err;
}

/*
 * DebugCapIdentify exists only in debug kernels (in a release kernel the
 * syscall number raises an UnknownSyscall fault, which would stop the root
 * task), so release builds of the fuzzer go by the layout instead.
 */
static int fz_probe_identify(const fz_root_t *r) {
#ifdef CONFIG_DEBUG_BUILD
    return seL4_DebugCapIdentify(r->ctl) == FZ_TAG_ENDPOINT &&
           seL4_DebugCapIdentify(r->env.p) == 10 &&
           seL4_DebugCapIdentify(seL4_CapInitThreadTCB) == 12 &&
           seL4_DebugCapIdentify(seL4_CapNull) == FZ_TAG_NULL;
#else
    (void)r;
    return 0;
#endif
}

/* (Re)start the fuzzer at fz_fuzzer_main with a fresh stack. */
static int fz_start_fuzzer(fz_root_t *r) {
    seL4_UserContext uc;

    rt_thread_context(&uc, fz_mem_fuzzer.stack + sizeof(fz_mem_fuzzer.stack), r->fuzz_tls,
                      &fz_mem_fuzzer.ipc, fz_fuzzer_main, &fz_state, seL4_CapNull);
    return seL4_TCB_WriteRegisters(r->fuzz_tcb, 1, 0, sizeof(uc) / sizeof(seL4_Word), &uc);
}

static int fz_setup_fuzzer(fz_root_t *r) {
    int err = kb_clone_image_vspace(&r->fuzz_vspace);

    if (err != seL4_NoError)
        return err;
    r->fuzz_tcb = kb_alloc(seL4_TCBObject, 0);
    r->fuzz_tls = rt_tls_init(fz_mem_fuzzer.tls, sizeof(fz_mem_fuzzer.tls));
    if (!r->fuzz_tcb || !r->fuzz_tls)
        return seL4_NotEnoughMemory;
    err = seL4_TCB_Configure(r->fuzz_tcb, FZ_CPTR_CONTROL, r->env.l1,
                             seL4_CNode_CapData_new(0, FZ_L1_GUARD).words[0], r->fuzz_vspace, 0,
                             (seL4_Word)&fz_mem_fuzzer.ipc, rt_image_frame_cap(&fz_mem_fuzzer.ipc));
    if (err == seL4_NoError)
        err = seL4_TCB_SetSchedParams(r->fuzz_tcb, seL4_CapInitThreadTCB, FZ_PRIO, FZ_PRIO);
    return err;
}

static int fz_helper(fz_root_t *r, struct rt_thread *t, struct rt_thread_mem *mem, seL4_Word badge,
                     void (*fn)(void *), void *arg) {
    seL4_CPtr fault_ep = fz_control_copy(r, badge);
    int err;

    if (fault_ep == 0)
        return seL4_NotEnoughMemory;
    err = rt_thread_create(t, mem, FZ_PRIO, fault_ep);
    if (err == seL4_NoError)
        err = rt_thread_start(t, fn, arg);
    return err;
}

static int fz_setup(fz_root_t *r) {
    seL4_CPtr tick;
    int err;

    err = fz_setup_cspace(r);
    if (err != seL4_NoError)
        return err;
    fz_state.seed = FZ_SEED;
    fz_state.total = FZ_ITERATIONS;
    fz_state.have_identify = (uint32_t)fz_probe_identify(r);
    err = fz_epoch_fill(&r->env, &fz_state, 0);
    if (err != seL4_NoError)
        return err;
    err = fz_setup_fuzzer(r);
    if (err != seL4_NoError)
        return err;
    fz_canary_fill();
    tick = fz_control_copy(r, FZ_BADGE_TICKER);
    if (tick == 0)
        return seL4_NotEnoughMemory;
    fz_echo_arg.ep = r->env.ep_served;
    fz_echo_arg.recv_slot = rt_alloc_slot();
    if (fz_echo_arg.recv_slot == 0)
        return seL4_NotEnoughMemory;
    err = fz_helper(r, &fz_echo, &fz_mem_echo, FZ_BADGE_ECHO, fz_echo_main, &fz_echo_arg);
    if (err == seL4_NoError)
        err = fz_helper(r, &fz_canary, &fz_mem_canary, FZ_BADGE_CANARY, fz_canary_main,
                        &fz_canary_state);
    if (err == seL4_NoError)
        err =
            fz_helper(r, &fz_ticker, &fz_mem_ticker, FZ_BADGE_TICKER, fz_ticker_main, (void *)tick);
    if (err == seL4_NoError)
        err = fz_start_fuzzer(r);
    return err;
}

/* ---- serving the control endpoint ---- */

/* Restart the fuzzer after a fault or a block; it skips the iteration. */
static void fz_restart(fz_root_t *r) {
    /* A fault outside the syscall repeats on restart: skip it by force. */
    if (fz_state.next == r->last_fault_next) {
        if (++r->same_fault >= 3) {
            fz_state.next++;
            r->forced_skips++;
            r->same_fault = 0;
        }
    } else {
        r->same_fault = 0;
    }
    r->last_fault_next = fz_state.next;
    seL4_TCB_Suspend(r->fuzz_tcb);
    if (fz_start_fuzzer(r) != seL4_NoError)
        printf("fuzz: cannot restart the fuzzer\n");
}

static int fz_cptr_was_named(uint64_t addr) {
    for (uint32_t i = 0; i < fz_state.cur_ncptr && i < 4; i++) {
        if (fz_state.cur_cptr[i] == addr)
            return 1;
    }
    return 0;
}

static void fz_fuzzer_fault(fz_root_t *r, seL4_Word label) {
    r->faults[label < 6 ? label : 0]++;
    if (label == seL4_Fault_CapFault) {
        seL4_Word addr = seL4_GetMR(seL4_CapFault_Addr);

        if (!fz_cptr_was_named(addr)) {
            if (r->capfault_addr_bad++ < 5)
                printf("fuzz: iteration %lu: CapFault names cptr 0x%lx, "
                       "which the syscall did not use\n",
                       (unsigned long)fz_state.next, (unsigned long)addr);
        }
    }
    r->fault_restarts++;
    fz_restart(r);
}

static void fz_watchdog(fz_root_t *r) {
    r->ticks++;
    if (fz_state.next != r->wd_next || fz_state.started != r->wd_started) {
        r->wd_next = fz_state.next;
        r->wd_started = fz_state.started;
        r->wd_stale = 0;
        return;
    }
    if (++r->wd_stale < FZ_STALE_TICKS)
        return;
    r->wd_stale = 0;
    r->stuck_restarts++;
    fz_restart(r);
}

static void fz_helper_fault(fz_root_t *r, seL4_Word badge, seL4_Word label) {
    if (r->helper_faults++ < 5)
        printf("fuzz: helper (badge 0x%lx) faulted: label %lu, MR0 0x%lx "
               "MR1 0x%lx\n",
               (unsigned long)badge, (unsigned long)label, (unsigned long)seL4_GetMR(0),
               (unsigned long)seL4_GetMR(1));
}

static void fz_reply_empty(void) { seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0)); }

/* One message on the control endpoint. */
static void fz_serve_one(fz_root_t *r) {
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(r->ctl, &badge);
    seL4_Word label = seL4_MessageInfo_get_label(info);

    if (badge == FZ_BADGE_TICKER && label == 0) {
        fz_watchdog(r);
        fz_reply_empty();
    } else if (badge == FZ_BADGE_FUZZ && label == FZ_MSG_EPOCH) {
        int err = fz_epoch_fill(&r->env, &fz_state, (uint32_t)(fz_state.next / FZ_EPOCH));

        if (err != seL4_NoError)
            printf("fuzz: epoch refill failed: %s\n", rt_error_name(err));
        r->epochs++;
        fz_reply_empty();
    } else if (badge == FZ_BADGE_FUZZ && label == FZ_MSG_DONE) {
        r->done = 1;
    } else if (badge == FZ_BADGE_FUZZ) {
        fz_fuzzer_fault(r, label);
    } else {
        fz_helper_fault(r, badge, label);
    }
}

/* ---- verdict ---- */

static unsigned fz_passed, fz_failed;

static void fz_check(const char *name, int ok, const char *detail) {
    printf("fuzz: check %-22s %s%s%s\n", name, ok ? "ok" : "FAILED", detail ? ": " : "",
           detail ? detail : "");
    if (ok)
        fz_passed++;
    else
        fz_failed++;
}

/* Known-good invocations must still get their documented answers. */
static void fz_known_good(fz_root_t *r) {
    seL4_CPtr s = rt_alloc_slot(), t = kb_alloc(seL4_TCBObject, 0);
    seL4_CPtr frame = kb_alloc(seL4_X86_4K, 0);
    seL4_X86_Page_GetAddress_t ga;
    int e1, e2, e3;

    e1 = seL4_CNode_Copy(seL4_CapInitThreadCNode, s, seL4_WordBits, seL4_CapInitThreadCNode, r->ctl,
                         seL4_WordBits, seL4_AllRights);
    e2 = seL4_CNode_Copy(seL4_CapInitThreadCNode, s, seL4_WordBits, seL4_CapInitThreadCNode, r->ctl,
                         seL4_WordBits, seL4_AllRights);
    e3 = seL4_CNode_Delete(seL4_CapInitThreadCNode, s, seL4_WordBits);
    fz_check("copy-then-DeleteFirst",
             e1 == seL4_NoError && e2 == seL4_DeleteFirst && e3 == seL4_NoError, NULL);

    e1 = t ? seL4_TCB_SetSchedParams(t, seL4_CapInitThreadTCB, 50, 50) : seL4_NotEnoughMemory;
    e2 = t ? seL4_TCB_SetPriority(t, t, 51) : seL4_NotEnoughMemory;
    fz_check("priority-above-MCP",
             e1 == seL4_NoError && e2 == seL4_RangeError && seL4_GetMR(0) == 0 &&
                 seL4_GetMR(1) == 50,
             NULL);

    e1 = seL4_CNode_Revoke(seL4_CapInitThreadCNode, r->env.u_epoch, seL4_WordBits);
    e2 = seL4_Untyped_Retype(r->env.u_epoch, 99, 0, seL4_CapInitThreadCNode, 0, 0, s, 1);
    e3 = seL4_Untyped_Retype(r->env.u_epoch, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0, 0,
                             s, 1);
    fz_check("retype-after-revoke",
             e1 == seL4_NoError && e2 == seL4_InvalidArgument && e3 == seL4_NoError &&
                 (!fz_state.have_identify || seL4_DebugCapIdentify(s) == FZ_TAG_ENDPOINT),
             NULL);

    ga = frame ? seL4_X86_Page_GetAddress(frame)
               : (seL4_X86_Page_GetAddress_t){seL4_NotEnoughMemory, 0};
    fz_check("frame-GetAddress",
             ga.error == seL4_NoError && ga.paddr != 0 && (ga.paddr & 0xfff) == 0, NULL);
}

static void fz_print_counts(const fz_root_t *r) {
    const fz_state_t *st = &fz_state;

    printf("fuzz: syscalls by kind:");
    for (int k = 0; k < FZ_K_COUNT; k++)
        printf(" %s=%lu", fz_kind_names[k], (unsigned long)st->kind_count[k]);
    printf("\nfuzz: kernel replies by error:");
    for (int e = 0; e < seL4_NumErrors; e++)
        printf(" %s=%lu", rt_error_name(e), (unsigned long)st->error_count[e]);
    printf("\nfuzz: echo replies ok=%lu bad=%lu; bad labels=%lu; bad badges=%lu; "
           "malformed error replies=%lu\n",
           (unsigned long)st->echo_ok, (unsigned long)st->echo_bad, (unsigned long)st->bad_label,
           (unsigned long)st->bad_badge, (unsigned long)st->bad_error_shape);
    printf("fuzz: fuzzer faults:");
    for (int f = 1; f < 6; f++)
        printf(" %s=%lu", fz_fault_names[f], (unsigned long)r->faults[f]);
    printf(" other=%lu\n", (unsigned long)r->faults[0]);
    printf("fuzz: restarts after fault=%lu after block=%lu forced skips=%lu "
           "skipped iterations=%lu epochs=%lu ticks=%lu\n",
           (unsigned long)r->fault_restarts, (unsigned long)r->stuck_restarts,
           (unsigned long)r->forced_skips, (unsigned long)st->skipped, (unsigned long)r->epochs,
           (unsigned long)r->ticks);
    printf("fuzz: echo thread got a cap %lu times, an unwrapped badge %lu times\n",
           (unsigned long)fz_echo_arg.caps_received, (unsigned long)fz_echo_arg.caps_unwrapped);
    printf("fuzz: canary passes=%lu bad checksums=%lu bad registers=%lu\n",
           (unsigned long)fz_canary_state.passes, (unsigned long)fz_canary_state.bad_sum,
           (unsigned long)fz_canary_state.bad_regs);
    if (st->last_bad_iter)
        printf("fuzz: first bad answer at iteration %lu\n", (unsigned long)(st->last_bad_iter - 1));
}

static void fz_verdict(fz_root_t *r, int setup_err) {
    const fz_state_t *st = &fz_state;

    fz_check("setup", setup_err == seL4_NoError, setup_err ? rt_error_name(setup_err) : NULL);
    if (setup_err == seL4_NoError) {
        seL4_TCB_Suspend(r->fuzz_tcb);
        seL4_TCB_Suspend(fz_ticker.tcb);
        seL4_TCB_Suspend(fz_echo.tcb);
        seL4_TCB_Suspend(fz_canary.tcb);
        fz_print_counts(r);
    }
    fz_check("all-iterations-done", r->done && st->next == st->total, NULL);
    fz_check("reply-labels-valid", st->bad_label == 0, NULL);
    fz_check("error-replies-well-formed", st->bad_error_shape == 0, NULL);
    fz_check("call-badge-zero", st->bad_badge == 0, NULL);
    fz_check("echo-intact", st->echo_bad == 0, NULL);
    fz_check("no-vm-or-cpu-faults",
             r->faults[0] == 0 && r->faults[seL4_Fault_UserException] == 0 &&
                 r->faults[seL4_Fault_VMFault] == 0,
             NULL);
    fz_check("capfault-address", r->capfault_addr_bad == 0, NULL);
    fz_check("helpers-alive", r->helper_faults == 0, NULL);
    fz_check("canary-memory", fz_canary_state.passes > 0 && fz_canary_state.bad_sum == 0, NULL);
    fz_check("canary-registers", fz_canary_state.bad_regs == 0, NULL);
    if (setup_err == seL4_NoError)
        fz_known_good(r);
    printf("%u passed, %u failed\n", fz_passed, fz_failed);
    rt_exit(fz_failed ? RT_EXIT_FAILURE : RT_EXIT_SUCCESS);
}

int main(seL4_BootInfo *bi) {
    fz_root_t *r = &fz_root;
    int err;

    printf("fuzz: seed 0x%lx, %u iterations, epochs of %u\n", (unsigned long)FZ_SEED, FZ_ITERATIONS,
           FZ_EPOCH);
    err = kb_image_init(bi) ? seL4_InvalidArgument : seL4_NoError;
    if (err == seL4_NoError)
        err = fz_setup(r);
    if (err == seL4_NoError)
        printf("fuzz: DebugCapIdentify %s\n",
               fz_state.have_identify ? "works" : "unavailable: using the layout");
    while (err == seL4_NoError && !r->done &&
           r->fault_restarts + r->stuck_restarts < FZ_MAX_RESTARTS)
        fz_serve_one(r);
    fz_verdict(r, err);
    return 1;
}
