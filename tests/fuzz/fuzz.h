/*
 * tests/fuzz/fuzz.h — state shared by the fuzzer's root task and its threads.
 *
 * Threads (all but the root at FZ_PRIO, round-robin with Yield):
 *
 *   root     prio 255.  Builds everything, then serves one endpoint, the
 *            "control" endpoint, and never runs otherwise:
 *              - fault messages of every other thread (fault handler caps
 *                are badged copies of the control endpoint),
 *              - the fuzzer's requests (new epoch, done),
 *              - the ticker's calls (watchdog).
 *   fuzzer   own CSpace and own VSpace; issues FZ_ITERATIONS random
 *            syscalls and checks every answer.
 *   echo     serves the "served" endpoint: replies with the message it got.
 *   ticker   calls the control endpoint, then yields, forever.  It only gets
 *            the CPU when the fuzzer blocks, yields or is preempted, which is
 *            exactly when the root should check that the fuzzer progresses.
 *   canary   checksums a buffer the kernel has no business writing and
 *            checks that callee-saved registers survive a syscall.
 *
 * The fuzzer's CSpace:  L1 (radix 1, guard 55 bits of 0)
 *     slot 0 -> P, the playground CNode (radix 8): cptrs 0..255 name P's slots
 *     slot 1 -> the fuzzer's fault endpoint: cptrs 0x100..0x1ff all resolve
 *               here (a lookup stops at a non-CNode cap), so the generator
 *               never uses them except deliberately (FZ_CPTR_CONTROL).
 *
 * Every FZ_EPOCH iterations the root empties P, revokes the untyped all
 * per-epoch objects came from, and fills P with a fresh assortment.
 *
 * This struct lives in the program image, which the fuzzer's VSpace maps at
 * the same addresses: both sides see the same memory.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <sel4/sel4.h>
#include <stdint.h>

#ifndef FZ_SEED /* overridable for exploratory runs: -DFZ_SEED=... */
#define FZ_SEED 0x4e65707475a5f00dull
#endif
#ifndef FZ_ITERATIONS
#define FZ_ITERATIONS 50000u
#endif
#define FZ_EPOCH 2500u
#define FZ_PRIO 100
#define FZ_P_BITS 8 /* radix of P */
#define FZ_P_SLOTS (1u << FZ_P_BITS)
#define FZ_L1_GUARD (64 - 1 - FZ_P_BITS)
#define FZ_CPTR_CONTROL 0x100      /* L1 slot 1 */
#define FZ_SCRATCH_VA 0x40000000ul /* bias for addresses (scratch VSpace) */

/* Badges of the control endpoint's copies: who is talking to the root. */
#define FZ_BADGE_FUZZ 0x1000
#define FZ_BADGE_ECHO 0x2000
#define FZ_BADGE_TICKER 0x4000
#define FZ_BADGE_CANARY 0x8000

/* Labels of the fuzzer's own requests on FZ_CPTR_CONTROL. */
#define FZ_MSG_EPOCH 0xe90c
#define FZ_MSG_DONE 0xd0e

/* The echo thread answers with the caller's label XOR this (never 0..10). */
#define FZ_ECHO_XOR 0x5a5a000ull

/* What the root put into a P slot this epoch (the fuzzer's prior belief). */
enum fz_obj {
    FZ_OBJ_NONE,
    FZ_OBJ_EP_SERVED, /* endpoint the echo thread waits on */
    FZ_OBJ_EP_IDLE,   /* endpoint nobody receives on */
    FZ_OBJ_NTFN,
    FZ_OBJ_FRAME,
    FZ_OBJ_PT,
    FZ_OBJ_PD,
    FZ_OBJ_PDPT,
    FZ_OBJ_PML4, /* scratch VSpace, ASID assigned */
    FZ_OBJ_UNTYPED,
    FZ_OBJ_CNODE, /* small CNode, or P itself */
    FZ_OBJ_TCB,   /* a suspended dummy thread */
    FZ_OBJ_COUNT,
};

/* Syscall kinds the fuzzer issues. */
enum fz_kind {
    FZ_K_CALL,
    FZ_K_SEND,
    FZ_K_NBSEND,
    FZ_K_POLL,
    FZ_K_REPLY,
    FZ_K_YIELD,
    FZ_K_IDENTIFY,
    FZ_K_UNKNOWN, /* a syscall number the kernel does not have */
    FZ_K_BLOCK,   /* a Recv that may block for good: the watchdog's job */
    FZ_K_COUNT,
};

/* DebugCapIdentify tags used by the generator (reference §11.4). */
#define FZ_TAG_NULL 0
#define FZ_TAG_ENDPOINT 4
#define FZ_TAG_NOTIFICATION 6
#define FZ_TAG_REPLY 8

typedef struct fz_state {
    /* Set by the root before the fuzzer starts. */
    uint64_t seed;
    uint32_t total;
    uint32_t have_identify;       /* DebugCapIdentify works */
    uint8_t slot_obj[FZ_P_SLOTS]; /* enum fz_obj, per epoch */
    uint8_t valid[FZ_P_SLOTS];    /* slots the root filled, in order */
    uint32_t nvalid;

    /* Progress, written by the fuzzer, read by the root's watchdog. */
    volatile uint64_t next;     /* next iteration to run */
    volatile uint64_t started;  /* i + 1 while iteration i is issued */
    volatile uint64_t epoch_at; /* iteration whose epoch reset was done */

    /* What the current iteration named: a CapFault must name one of these. */
    volatile uint64_t cur_cptr[4];
    volatile uint32_t cur_ncptr;
    volatile uint32_t cur_kind;

    /* Results, written by the fuzzer. */
    uint64_t kind_count[FZ_K_COUNT];
    uint64_t error_count[seL4_NumErrors];
    uint64_t bad_label;       /* kernel reply label outside 0..10 */
    uint64_t bad_error_shape; /* error reply of the wrong length/content */
    uint64_t bad_badge;       /* RDI != 0 after a Call */
    uint64_t echo_ok;
    uint64_t echo_bad;      /* served endpoint answered wrongly */
    uint64_t skipped;       /* iterations abandoned (fault / stuck) */
    uint64_t last_bad_iter; /* first iteration with a bad answer, + 1 */
} fz_state_t;

extern fz_state_t fz_state;

/* Canary results (written by the canary thread). */
typedef struct fz_canary {
    volatile uint64_t passes;
    volatile uint64_t bad_sum;
    volatile uint64_t bad_regs;
    uint64_t expected;
} fz_canary_t;

extern fz_canary_t fz_canary_state;

/* ---- fz_gen.c: deterministic generation (pure logic) ---- */

typedef struct fz_rng {
    uint64_t s;
} fz_rng_t;

/* Generator for iteration i: depends only on (seed, i). */
fz_rng_t fz_rng_for(uint64_t seed, uint64_t i);
uint64_t fz_next(fz_rng_t *r);
/* Uniform in [0, n) (n > 0). */
uint64_t fz_below(fz_rng_t *r, uint64_t n);

#define FZ_MAX_MRS seL4_MsgMaxLength

typedef struct fz_call {
    uint32_t kind;
    uint64_t cptr;
    uint64_t label;
    uint32_t len;   /* as put in the message info (0..127) */
    uint32_t extra; /* extraCaps 0..3 */
    uint64_t caps[seL4_MsgMaxExtraCaps];
    uint64_t mr[FZ_MAX_MRS];
    int64_t sysno; /* FZ_K_UNKNOWN only */
} fz_call_t;

/* A cptr: mostly slots the root filled, some other slots, some garbage. */
uint64_t fz_gen_cptr(fz_rng_t *r, const fz_state_t *st);
/* A message word biased toward small, boundary and address-like values. */
uint64_t fz_gen_word(fz_rng_t *r, const fz_state_t *st);
/* Everything but the kind (chosen by the fuzzer from the target's type). */
void fz_gen_call(fz_rng_t *r, const fz_state_t *st, fz_call_t *c);
/* DebugCapIdentify tag of what the root put at cptr this epoch. */
int fz_gen_belief_tag(const fz_state_t *st, uint64_t cptr);
/*
 * Often replace the label by one of the target's own methods (tag known),
 * and then half the time shape the arguments like that method's (fz_shape.c).
 */
void fz_gen_aim(fz_rng_t *r, const fz_state_t *st, fz_call_t *c, int tag);
/* Fill len, MRs and caps from c->label's template; 0 if it has none. */
int fz_shape_args(fz_rng_t *r, const fz_state_t *st, fz_call_t *c);
/* Pick the kind given the target's DebugCapIdentify tag (or -1 unknown). */
uint32_t fz_gen_kind(fz_rng_t *r, const fz_state_t *st, const fz_call_t *c, int tag);
/* A syscall number outside every range the kernel implements. */
int64_t fz_gen_unknown_sysno(fz_rng_t *r);
/* Layout of P for an epoch: a permutation of slots 1..n. */
void fz_gen_layout(uint64_t seed, uint32_t epoch, uint8_t *slots, uint32_t n);

/* ---- thread bodies ---- */
typedef struct fz_echo_arg {
    seL4_CPtr ep;                     /* the served endpoint (root CNode) */
    seL4_CPtr recv_slot;              /* empty root slot for granted caps */
    volatile uint64_t caps_received;  /* messages that brought a cap */
    volatile uint64_t caps_unwrapped; /* ... or an unwrapped badge */
} fz_echo_arg_t;

void fz_fuzzer_main(void *arg);
void fz_echo_main(void *arg);
void fz_ticker_main(void *arg);
void fz_canary_main(void *arg);

/* fz_asm.S: 1 if RBX, RBP, R12-R14 survive a seL4_Yield, else 0. */
int fz_regs_survive_yield(uint64_t pattern);

/* ---- fz_epoch.c: the root's side of P ---- */
typedef struct fz_env {
    seL4_CPtr p;         /* root's cap to P (depth FZ_P_BITS) */
    seL4_CPtr l1;        /* root's cap to L1 */
    seL4_CPtr u_epoch;   /* root's untyped for per-epoch objects */
    seL4_CPtr ep_served; /* original */
    seL4_CPtr tmp;       /* root slot used to stage one object */
} fz_env_t;

/* Empty P, revoke last epoch's objects, fill P for `epoch`.  seL4_Error. */
int fz_epoch_fill(const fz_env_t *env, fz_state_t *st, uint32_t epoch);

#endif /* FUZZ_H */
