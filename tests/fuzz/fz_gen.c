/*
 * tests/fuzz/fz_gen.c — deterministic generation of random invocations.
 *
 * Pure logic (no syscalls), so a run is reproducible from the seed alone:
 * iteration i draws from its own generator, seeded by mixing (seed, i) with
 * splitmix64, then steps with xorshift64.  Because nothing carries over from
 * one iteration to the next, an iteration abandoned after a fault or a
 * block does not change what any later iteration does.
 *
 * The distributions are biased toward inputs that get past the kernel's
 * first checks: cptrs of slots that hold something, message words that are
 * small, on a boundary, a depth, an object type or an address in the
 * scratch VSpace; labels mostly within the 52 that exist.
 */
#include "fuzz.h"

static uint64_t fz_splitmix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

fz_rng_t fz_rng_for(uint64_t seed, uint64_t i) {
    fz_rng_t r = {fz_splitmix(seed ^ fz_splitmix(i))};

    if (r.s == 0)
        r.s = 1;
    return r;
}

uint64_t fz_next(fz_rng_t *r) {
    uint64_t x = r->s;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    r->s = x;
    return x;
}

uint64_t fz_below(fz_rng_t *r, uint64_t n) { return fz_next(r) % n; }

/* A cptr in 0x100..0x1ff reaches the control endpoint: move it away. */
static uint64_t fz_avoid_control(uint64_t c) { return (c >> FZ_P_BITS) == 1 ? c ^ 0x300 : c; }

uint64_t fz_gen_cptr(fz_rng_t *r, const fz_state_t *st) {
    uint64_t p = fz_below(r, 100);

    if (p < 70 && st->nvalid)
        return st->valid[fz_below(r, st->nvalid)];
    if (p < 90)
        return fz_below(r, FZ_P_SLOTS);
    switch (fz_below(r, 4)) {
    case 0:
        return fz_avoid_control(fz_next(r));
    case 1:
        return 0x200 + fz_below(r, 0x1000);
    case 2:
        return (1ull << 63) | fz_below(r, FZ_P_SLOTS);
    default:
        return ~0ull;
    }
}

static const uint64_t fz_boundaries[] = {
    0,
    1,
    2,
    0xff,
    0x100,
    0xfff,
    0x1000,
    0xffffffffull,
    0x100000000ull,
    0x7ffffffff000ull,
    0x7fffffffe000ull,
    0x7fffffffffffull,
    0x800000000000ull,
    0xffff800000000000ull,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    ~0ull - 1,
    ~0ull,
};

static const uint64_t fz_depths[] = {0, 1, 4, 7, 8, 9, 32, 55, 56, 63, 64, 65, 255};

#define FZ_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* An address: mostly in the scratch region, aligned to 4 KiB, 2 MiB or 1 GiB. */
static uint64_t fz_gen_address(fz_rng_t *r) {
    static const unsigned shifts[] = {12, 12, 12, 21, 30, 39};
    unsigned shift = shifts[fz_below(r, FZ_ARRAY_LEN(shifts))];

    switch (fz_below(r, 4)) {
    case 0:
        return (fz_next(r) & 0x7fffffffffffull) >> shift << shift;
    case 1:
        return FZ_SCRATCH_VA + fz_below(r, 64) * 0x1000 + fz_below(r, 2);
    default:
        return FZ_SCRATCH_VA + (fz_below(r, 16) << shift);
    }
}

uint64_t fz_gen_word(fz_rng_t *r, const fz_state_t *st) {
    uint64_t p = fz_below(r, 100);
    unsigned k;

    if (p < 25)
        return fz_below(r, 16);
    if (p < 35)
        return st->nvalid && fz_below(r, 2) ? st->valid[fz_below(r, st->nvalid)]
                                            : fz_below(r, FZ_P_SLOTS);
    if (p < 45)
        return fz_depths[fz_below(r, FZ_ARRAY_LEN(fz_depths))];
    if (p < 60) {
        k = (unsigned)fz_below(r, 64);
        switch (fz_below(r, 3)) {
        case 0:
            return fz_boundaries[fz_below(r, FZ_ARRAY_LEN(fz_boundaries))];
        case 1:
            return 1ull << k;
        default:
            return (1ull << k) - 1;
        }
    }
    if (p < 75)
        return fz_gen_address(r);
    if (p < 85)
        return fz_below(r, 2) ? fz_below(r, 14) : fz_below(r, 49);
    return fz_next(r);
}

static uint32_t fz_gen_len(fz_rng_t *r) {
    uint64_t p = fz_below(r, 100);

    if (p < 10)
        return (uint32_t)fz_below(r, 4);
    if (p < 60)
        return (uint32_t)fz_below(r, 9);
    if (p < 85)
        return (uint32_t)fz_below(r, 23);
    return (uint32_t)fz_below(r, 128);
}

static uint32_t fz_gen_extra(fz_rng_t *r) {
    uint64_t p = fz_below(r, 10);

    return p < 6 ? 0 : p < 8 ? 1 : p < 9 ? 2 : 3;
}

void fz_gen_call(fz_rng_t *r, const fz_state_t *st, fz_call_t *c) {
    uint32_t n;

    c->kind = FZ_K_CALL;
    c->cptr = fz_gen_cptr(r, st);
    c->label = fz_below(r, 4) ? 1 + fz_below(r, 52) : fz_below(r, 61);
    c->len = fz_gen_len(r);
    c->extra = fz_gen_extra(r);
    for (uint32_t i = 0; i < seL4_MsgMaxExtraCaps; i++)
        c->caps[i] = i < c->extra ? fz_gen_cptr(r, st) : 0;
    n = c->len < FZ_MAX_MRS ? c->len : FZ_MAX_MRS;
    for (uint32_t i = 0; i < FZ_MAX_MRS; i++)
        c->mr[i] = i < n ? fz_gen_word(r, st) : 0;
    c->sysno = 0;
}

/* Syscall numbers our configuration does not have (never the debug ones). */
static const int64_t fz_unknown_sysnos[] = {
    -15, -16,  -17, -18, -22, -27, -29, -30,
    -31, -100, 0,   1,   2,   7,   100, (int64_t)0x8000000000000000ull,
};

/* What the root put in the target slot, as a DebugCapIdentify tag. */
int fz_gen_belief_tag(const fz_state_t *st, uint64_t cptr) {
    static const int tags[FZ_OBJ_COUNT] = {
        [FZ_OBJ_NONE] = FZ_TAG_NULL,
        [FZ_OBJ_EP_SERVED] = FZ_TAG_ENDPOINT,
        [FZ_OBJ_EP_IDLE] = FZ_TAG_ENDPOINT,
        [FZ_OBJ_NTFN] = FZ_TAG_NOTIFICATION,
        [FZ_OBJ_FRAME] = 1,
        [FZ_OBJ_UNTYPED] = 2,
        [FZ_OBJ_PT] = 3,
        [FZ_OBJ_PD] = 5,
        [FZ_OBJ_PDPT] = 7,
        [FZ_OBJ_PML4] = 9,
        [FZ_OBJ_CNODE] = 10,
        [FZ_OBJ_TCB] = 12,
    };

    if (cptr >= FZ_P_SLOTS || st->slot_obj[cptr] >= FZ_OBJ_COUNT)
        return FZ_TAG_NULL;
    return tags[st->slot_obj[cptr]];
}

/* Labels of the methods of each kind of object, by DebugCapIdentify tag. */
static const struct {
    int tag;
    uint16_t first, last;
} fz_families[] = {
    {1, X86PageMap, X86PageGetAddress},      /* frame */
    {2, UntypedRetype, UntypedRetype},       /* untyped */
    {3, X86PageTableMap, X86PageTableUnmap}, /* page table */
    {5, X86PageDirectoryMap, X86PageDirectoryUnmap},
    {7, X86PDPTMap, X86PDPTUnmap},
    {10, CNodeRevoke, CNodeSaveCaller},  /* CNode */
    {12, TCBReadRegisters, TCBSetFlags}, /* TCB */
};

void fz_gen_aim(fz_rng_t *r, const fz_state_t *st, fz_call_t *c, int tag) {
    if (fz_below(r, 100) >= 60)
        return;
    for (unsigned i = 0; i < FZ_ARRAY_LEN(fz_families); i++) {
        if (fz_families[i].tag == tag) {
            c->label =
                fz_families[i].first + fz_below(r, 1u + fz_families[i].last - fz_families[i].first);
            if (fz_below(r, 2))
                fz_shape_args(r, st, c);
            return;
        }
    }
}

uint32_t fz_gen_kind(fz_rng_t *r, const fz_state_t *st, const fz_call_t *c, int tag) {
    uint64_t p = fz_below(r, 1000);
    int served = c->cptr < FZ_P_SLOTS && st->slot_obj[c->cptr] == FZ_OBJ_EP_SERVED;

    if (p < 5)
        return FZ_K_BLOCK;
    p /= 10;
    if (p < 2)
        return FZ_K_YIELD;
    if (p < 4)
        return FZ_K_REPLY;
    if (p < 5)
        return FZ_K_UNKNOWN;
    if (p < 7)
        return FZ_K_IDENTIFY;
    if (p < 10)
        return FZ_K_POLL;
    if (tag < 0)
        tag = fz_gen_belief_tag(st, c->cptr);
    p = fz_below(r, 100);
    switch (tag) {
    case FZ_TAG_ENDPOINT:
        /* Call or Send would block forever on an endpoint nobody serves. */
        if (!served)
            return FZ_K_NBSEND;
        return p < 70 ? FZ_K_CALL : p < 85 ? FZ_K_SEND : FZ_K_NBSEND;
    case FZ_TAG_NOTIFICATION:
        return p < 60 ? FZ_K_CALL : p < 80 ? FZ_K_SEND : FZ_K_NBSEND;
    case FZ_TAG_REPLY:
        return FZ_K_NBSEND;
    case FZ_TAG_NULL:
        return p < 40 ? FZ_K_CALL : FZ_K_NBSEND;
    default:
        return p < 88 ? FZ_K_CALL : p < 94 ? FZ_K_SEND : FZ_K_NBSEND;
    }
}

int64_t fz_gen_unknown_sysno(fz_rng_t *r) {
    return fz_unknown_sysnos[fz_below(r, FZ_ARRAY_LEN(fz_unknown_sysnos))];
}

void fz_gen_layout(uint64_t seed, uint32_t epoch, uint8_t *slots, uint32_t n) {
    fz_rng_t r = fz_rng_for(seed ^ 0x1a4047ull, epoch);

    for (uint32_t i = 0; i < n; i++)
        slots[i] = (uint8_t)(i + 1);
    for (uint32_t i = n - 1; i > 0; i--) {
        uint32_t j = (uint32_t)fz_below(&r, i + 1);
        uint8_t t = slots[i];

        slots[i] = slots[j];
        slots[j] = t;
    }
}
