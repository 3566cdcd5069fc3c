/*
 * tests/fuzz/fz_fuzzer.c — the fuzzing thread.
 *
 * Runs in its own CSpace (L1 -> P, see fuzz.h) and its own VSpace.  For
 * each iteration i it draws an invocation from fz_rng_for(seed, i), asks
 * the kernel what the target cap is (DebugCapIdentify; a release kernel
 * lacks it, and then what the root put there this epoch is used), often
 * swaps the label for one of that object's own methods with well-shaped
 * arguments (fz_shape.c), picks a syscall that cannot block forever on
 * that kind of cap, issues it with a raw `syscall` and checks the answer.  (One kind, FZ_K_BLOCK, is
 * a Recv that blocks on purpose now and then, so that the watchdog and the
 * kernel's cancelling of a blocked receive are exercised every run.)
 *
 *   - a Call answered by the kernel must carry an seL4_Error label (0..10)
 *     and badge 0, and an error reply must have the documented length and
 *     sensible detail words (RangeError min <= max, ...);
 *   - a Call answered by the echo thread must come back with the label
 *     XOR FZ_ECHO_XOR, the length clamped to 120 and the same words.
 *
 * The raw syscall (not libsel4's wrappers) is needed because the fuzzer
 * also issues syscall numbers libsel4 has no function for, and because it
 * checks RDI (the badge) after a Call.  MR4.. and the extra caps go through
 * the IPC buffer with seL4_SetMR / seL4_SetCap.
 *
 * Crash safety: `started` is set to i + 1 just before the syscall and
 * `next` to i + 1 after its checks.  If the thread faults or blocks, the
 * root restarts it at fz_fuzzer_main, which sees started == next + 1 and
 * skips that iteration.  Everything else it needs is in fz_state.
 */
#include "fuzz.h"

typedef struct fz_regs {
    uint64_t rdi, rsi, mr[4];
} fz_regs_t;

static void fz_syscall(int64_t nr, fz_regs_t *r) {
    register uint64_t r10 __asm__("r10") = r->mr[0];
    register uint64_t r8 __asm__("r8") = r->mr[1];
    register uint64_t r9 __asm__("r9") = r->mr[2];
    register uint64_t r15 __asm__("r15") = r->mr[3];
    uint64_t rdi = r->rdi, rsi = r->rsi, rdx = (uint64_t)nr;

    __asm__ volatile("movq %%rsp, %%rbx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %%rsp"
                     : "+d"(rdx), "+D"(rdi), "+S"(rsi), "+r"(r10), "+r"(r8), "+r"(r9), "+r"(r15)
                     :
                     : "rcx", "r11", "rbx", "memory", "cc");
    r->rdi = rdi;
    r->rsi = rsi;
    r->mr[0] = r10;
    r->mr[1] = r8;
    r->mr[2] = r9;
    r->mr[3] = r15;
}

static void fz_note_bad(fz_state_t *st, uint64_t iter) {
    if (st->last_bad_iter == 0)
        st->last_bad_iter = iter + 1;
}

/* Word i of a received message (registers for 0..3, IPC buffer after). */
static uint64_t fz_reply_word(const fz_regs_t *r, unsigned i) {
    return i < 4 ? r->mr[i] : seL4_GetMR((int)i);
}

static void fz_check_echo(fz_state_t *st, const fz_call_t *c, const fz_regs_t *r, uint64_t iter) {
    seL4_MessageInfo_t info = {{r->rsi}};
    unsigned n = c->len < FZ_MAX_MRS ? c->len : FZ_MAX_MRS;
    int ok = seL4_MessageInfo_get_length(info) == n;

    for (unsigned i = 0; ok && i < n; i++)
        ok = fz_reply_word(r, i) == c->mr[i];
    if (ok) {
        st->echo_ok++;
    } else {
        st->echo_bad++;
        fz_note_bad(st, iter);
    }
}

/*
 * Shape of an error reply (reference §5.1): its length, and the ranges of
 * the words that describe the error.  Returns 1 if it is well formed.
 */
static int fz_error_shape_ok(uint64_t err, const fz_regs_t *r, uint64_t len) {
    /* Reply length for each lookup failure type 1..4 (MR0 source flag too). */
    static const uint64_t lookup_len[5] = {0, 2, 3, 4, 5};

    switch (err) {
    case seL4_InvalidArgument:
    case seL4_NotEnoughMemory:
        return len == 1;
    case seL4_InvalidCapability:
        return len == 1 && r->mr[0] <= seL4_MsgMaxExtraCaps;
    case seL4_RangeError:
        return len == 2 && r->mr[0] <= r->mr[1];
    case seL4_FailedLookup:
        return r->mr[0] <= 1 && r->mr[1] >= seL4_InvalidRoot && r->mr[1] <= seL4_GuardMismatch &&
               len == lookup_len[r->mr[1]];
    default: /* IllegalOperation, AlignmentError, TruncatedMessage, ... */
        return len == 0;
    }
}

/* Checks after a Call returned. */
static void fz_check_call(fz_state_t *st, const fz_call_t *c, const fz_regs_t *r, uint64_t iter) {
    seL4_MessageInfo_t info = {{r->rsi}};
    uint64_t label = seL4_MessageInfo_get_label(info);

    if (r->rdi != 0) {
        st->bad_badge++;
        fz_note_bad(st, iter);
    }
    if (label == (c->label ^ FZ_ECHO_XOR)) {
        fz_check_echo(st, c, r, iter);
        return;
    }
    if (label < seL4_NumErrors) {
        st->error_count[label]++;
        if (label != seL4_NoError &&
            !fz_error_shape_ok(label, r, seL4_MessageInfo_get_length(info))) {
            st->bad_error_shape++;
            fz_note_bad(st, iter);
        }
    } else {
        st->bad_label++;
        fz_note_bad(st, iter);
    }
}

static int64_t fz_sysno(uint32_t kind, const fz_call_t *c) {
    static const int64_t nr[FZ_K_COUNT] = {
        [FZ_K_CALL] = seL4_SysCall,
        [FZ_K_SEND] = seL4_SysSend,
        [FZ_K_NBSEND] = seL4_SysNBSend,
        [FZ_K_POLL] = seL4_SysNBRecv,
        [FZ_K_REPLY] = seL4_SysReply,
        [FZ_K_YIELD] = seL4_SysYield,
        [FZ_K_IDENTIFY] = seL4_SysDebugCapIdentify,
        [FZ_K_BLOCK] = seL4_SysRecv,
    };

    return kind == FZ_K_UNKNOWN ? c->sysno : nr[kind];
}

/* Put the message into registers and the IPC buffer; note the cptrs. */
static void fz_load(fz_state_t *st, const fz_call_t *c, fz_regs_t *r) {
    unsigned n = c->len < FZ_MAX_MRS ? c->len : FZ_MAX_MRS;

    for (unsigned i = 4; i < n; i++)
        seL4_SetMR((int)i, c->mr[i]);
    for (unsigned i = 0; i < c->extra; i++)
        seL4_SetCap((int)i, c->caps[i]);
    r->rdi = c->cptr;
    r->rsi = seL4_MessageInfo_new(c->label, 0, c->extra, c->len).words[0];
    for (unsigned i = 0; i < 4; i++)
        r->mr[i] = c->mr[i];
    st->cur_cptr[0] = c->cptr;
    for (unsigned i = 0; i < seL4_MsgMaxExtraCaps; i++)
        st->cur_cptr[1 + i] = c->caps[i];
    st->cur_ncptr = 1 + c->extra;
    st->cur_kind = c->kind;
}

static void fz_one(fz_state_t *st, uint64_t iter) {
    static fz_call_t c; /* 1 KiB: not on the stack */
    fz_rng_t r = fz_rng_for(st->seed, iter);
    fz_regs_t regs;
    int tag = -1;

    fz_gen_call(&r, st, &c);
    if (st->have_identify)
        tag = (int)seL4_DebugCapIdentify(c.cptr);
    fz_gen_aim(&r, st, &c, tag >= 0 ? tag : fz_gen_belief_tag(st, c.cptr));
    c.kind = fz_gen_kind(&r, st, &c, tag);
    if (c.kind == FZ_K_UNKNOWN)
        c.sysno = fz_gen_unknown_sysno(&r);
    fz_load(st, &c, &regs);
    st->kind_count[c.kind]++;
    st->started = iter + 1;
    fz_syscall(fz_sysno(c.kind, &c), &regs);
    if (c.kind == FZ_K_CALL)
        fz_check_call(st, &c, &regs, iter);
}

/* Ask the root task for something on the control endpoint. */
static void fz_control(uint64_t label) {
    seL4_Call(FZ_CPTR_CONTROL, seL4_MessageInfo_new(label, 0, 0, 0));
}

void fz_fuzzer_main(void *arg) {
    fz_state_t *st = arg;

    while (st->next < st->total) {
        uint64_t i = st->next;

        if (st->started == i + 1) {
            /* Restarted after a fault or a block in iteration i. */
            st->skipped++;
            st->next = i + 1;
            continue;
        }
        if (i % FZ_EPOCH == 0 && i != 0 && st->epoch_at != i) {
            fz_control(FZ_MSG_EPOCH);
            st->epoch_at = i;
        }
        fz_one(st, i);
        st->next = i + 1;
    }
    for (;;)
        fz_control(FZ_MSG_DONE);
}
