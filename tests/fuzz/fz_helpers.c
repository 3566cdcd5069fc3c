/*
 * tests/fuzz/fz_helpers.c — the fuzzer's three helper threads.
 *
 * All run in the root task's CSpace and VSpace at FZ_PRIO, created with
 * sel4rt's rt_thread_create (so they have TLS and an IPC buffer) and with a
 * badged copy of the control endpoint as fault handler: if one of them
 * faults, the root task hears about it and the run fails.
 */
#include "fuzz.h"

/*
 * Echo: serves the "served" endpoint.  The reply carries the caller's
 * label XOR FZ_ECHO_XOR and the caller's words: MR0..3 come back through
 * the registers, MR4.. are still in our IPC buffer where the kernel put
 * them.  A cap the caller grants lands in our receive slot (so the kernel's
 * cap-transfer path sees every kind of cap the fuzzer holds) and is deleted
 * before we answer.  Caps are never sent back.
 */
void fz_echo_main(void *arg) {
    fz_echo_arg_t *a = arg;
    seL4_Word badge, m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    seL4_MessageInfo_t info;

    seL4_SetCapReceivePath(seL4_CapInitThreadCNode, a->recv_slot, seL4_WordBits);
    info = seL4_RecvWithMRs(a->ep, &badge, &m0, &m1, &m2, &m3);
    for (;;) {
        seL4_MessageInfo_t reply =
            seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) ^ FZ_ECHO_XOR, 0, 0,
                                 seL4_MessageInfo_get_length(info));

        if (seL4_MessageInfo_get_capsUnwrapped(info))
            a->caps_unwrapped++;
        else if (seL4_MessageInfo_get_extraCaps(info))
            a->caps_received++;
        /* Deleting an empty slot is a successful no-op. */
        seL4_CNode_Delete(seL4_CapInitThreadCNode, a->recv_slot, seL4_WordBits);
        info = seL4_ReplyRecvWithMRs(a->ep, reply, &badge, &m0, &m1, &m2, &m3);
    }
}

/* Ticker: wake the root task's watchdog whenever it gets the CPU. */
void fz_ticker_main(void *arg) {
    seL4_CPtr ctl = (seL4_CPtr)arg;

    for (;;) {
        seL4_Call(ctl, seL4_MessageInfo_new(0, 0, 0, 0));
        seL4_Yield();
    }
}

#define FZ_CANARY_WORDS 4096

/* The canary's memory: filled by the root task before the canary starts. */
uint64_t fz_canary_buf[FZ_CANARY_WORDS];

static uint64_t fz_checksum(const volatile uint64_t *w, unsigned n) {
    uint64_t h = 0xcbf29ce484222325ull;

    for (unsigned i = 0; i < n; i++)
        h = (h ^ w[i]) * 0x100000001b3ull;
    return h;
}

void fz_canary_fill(void) {
    fz_rng_t r = fz_rng_for(FZ_SEED, 0xca4a7);

    for (unsigned i = 0; i < FZ_CANARY_WORDS; i++)
        fz_canary_buf[i] = fz_next(&r);
    fz_canary_state.expected = fz_checksum(fz_canary_buf, FZ_CANARY_WORDS);
}

/*
 * Canary: the kernel writes user memory only into IPC buffers and new
 * objects, so this buffer must keep its checksum, and the callee-saved
 * registers must survive a syscall.
 */
void fz_canary_main(void *arg) {
    fz_canary_t *c = arg;

    for (;;) {
        if (fz_checksum(fz_canary_buf, FZ_CANARY_WORDS) != c->expected)
            c->bad_sum++;
        if (!fz_regs_survive_yield(0x5eed0000ull + c->passes))
            c->bad_regs++;
        c->passes++;
    }
}
