/*
 * tests/fuzz/fz_shape.c — well-shaped arguments for the fuzzer.
 *
 * Purely random words rarely get past an invocation's first checks, so the
 * deep paths (a Retype that really creates objects, a CNode Mint that
 * really derives a cap, a Page_Map that really maps) would hardly ever run.
 * For part of the aimed calls the generator therefore fills the message
 * from a per-method template: each argument word is drawn from a typed
 * generator (a slot index, a CNode depth, a rights word, an object type, an
 * address ...) and each cap argument from the slots that hold the right
 * kind of object this epoch.  Lengths are sometimes one short, to keep the
 * TruncatedMessage paths busy.  The layouts are those of reference §5.3.
 */
#include "fuzz.h"

enum fz_arg {
    A_WORD,   /* anything (fz_gen_word) */
    A_SLOT,   /* a CNode index */
    A_DEPTH,  /* a CNode depth */
    A_RIGHTS, /* seL4_CapRights word */
    A_BADGE,  /* badge or guard data */
    A_TYPE,   /* seL4_ObjectType */
    A_BITS,   /* size_bits */
    A_COUNT,  /* small count */
    A_VADDR,  /* an address to map at */
    A_ATTR,   /* VM attributes */
    A_PRIO,   /* priority / MCP */
    A_FLAG,   /* 0 or 1 (flag words) */
    A_ZERO,
};

enum fz_capk { C_ANY, C_CNODE, C_PML4, C_TCB, C_NTFN, C_FRAME };

typedef struct fz_template {
    uint16_t label;
    uint8_t nargs; /* argument words; words past 8 are A_WORD */
    uint8_t args[8];
    uint8_t ncaps;
    uint8_t caps[3];
} fz_template_t;

static const fz_template_t fz_templates[] = {
    {UntypedRetype, 6, {A_TYPE, A_BITS, A_SLOT, A_ZERO, A_SLOT, A_COUNT}, 1, {C_CNODE}},
    {TCBReadRegisters, 2, {A_FLAG, A_COUNT}, 0, {0}},
    {TCBWriteRegisters, 22, {A_FLAG, A_COUNT}, 0, {0}},
    {TCBCopyRegisters, 1, {A_COUNT}, 1, {C_TCB}},
    {TCBConfigure, 4, {A_SLOT, A_ZERO, A_ZERO, A_VADDR}, 3, {C_CNODE, C_PML4, C_FRAME}},
    {TCBSetPriority, 1, {A_PRIO}, 1, {C_TCB}},
    {TCBSetMCPriority, 1, {A_PRIO}, 1, {C_TCB}},
    {TCBSetSchedParams, 2, {A_PRIO, A_PRIO}, 1, {C_TCB}},
    {TCBSetIPCBuffer, 1, {A_VADDR}, 1, {C_FRAME}},
    {TCBSetSpace, 3, {A_SLOT, A_ZERO, A_ZERO}, 2, {C_CNODE, C_PML4}},
    {TCBSuspend, 0, {0}, 0, {0}},
    {TCBResume, 0, {0}, 0, {0}},
    {TCBBindNotification, 0, {0}, 1, {C_NTFN}},
    {TCBUnbindNotification, 0, {0}, 0, {0}},
    {TCBSetTLSBase, 1, {A_VADDR}, 0, {0}},
    {TCBSetFlags, 2, {A_FLAG, A_FLAG}, 0, {0}},
    {CNodeRevoke, 2, {A_SLOT, A_DEPTH}, 0, {0}},
    {CNodeDelete, 2, {A_SLOT, A_DEPTH}, 0, {0}},
    {CNodeCancelBadgedSends, 2, {A_SLOT, A_DEPTH}, 0, {0}},
    {CNodeCopy, 5, {A_SLOT, A_DEPTH, A_SLOT, A_DEPTH, A_RIGHTS}, 1, {C_CNODE}},
    {CNodeMint, 6, {A_SLOT, A_DEPTH, A_SLOT, A_DEPTH, A_RIGHTS, A_BADGE}, 1, {C_CNODE}},
    {CNodeMove, 4, {A_SLOT, A_DEPTH, A_SLOT, A_DEPTH}, 1, {C_CNODE}},
    {CNodeMutate, 5, {A_SLOT, A_DEPTH, A_SLOT, A_DEPTH, A_BADGE}, 1, {C_CNODE}},
    {CNodeRotate,
     8,
     {A_SLOT, A_DEPTH, A_BADGE, A_SLOT, A_DEPTH, A_BADGE, A_SLOT, A_DEPTH},
     2,
     {C_CNODE, C_CNODE}},
    {CNodeSaveCaller, 2, {A_SLOT, A_DEPTH}, 0, {0}},
    {X86PDPTMap, 2, {A_VADDR, A_ATTR}, 1, {C_PML4}},
    {X86PDPTUnmap, 0, {0}, 0, {0}},
    {X86PageDirectoryMap, 2, {A_VADDR, A_ATTR}, 1, {C_PML4}},
    {X86PageDirectoryUnmap, 0, {0}, 0, {0}},
    {X86PageTableMap, 2, {A_VADDR, A_ATTR}, 1, {C_PML4}},
    {X86PageTableUnmap, 0, {0}, 0, {0}},
    {X86PageMap, 3, {A_VADDR, A_RIGHTS, A_ATTR}, 1, {C_PML4}},
    {X86PageUnmap, 0, {0}, 0, {0}},
    {X86PageGetAddress, 0, {0}, 0, {0}},
};

#define FZ_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const uint8_t fz_capk_obj[] = {
    [C_ANY] = FZ_OBJ_NONE, [C_CNODE] = FZ_OBJ_CNODE, [C_PML4] = FZ_OBJ_PML4,
    [C_TCB] = FZ_OBJ_TCB,  [C_NTFN] = FZ_OBJ_NTFN,   [C_FRAME] = FZ_OBJ_FRAME,
};

/* A slot that held an object of kind `obj` at the start of the epoch. */
static uint64_t fz_slot_of(fz_rng_t *r, const fz_state_t *st, uint8_t obj) {
    uint32_t n = 0, pick;

    for (uint32_t i = 0; i < st->nvalid; i++)
        n += st->slot_obj[st->valid[i]] == obj;
    if (obj == FZ_OBJ_NONE || n == 0 || fz_below(r, 10) == 0)
        return fz_gen_cptr(r, st);
    pick = (uint32_t)fz_below(r, n);
    for (uint32_t i = 0; i < st->nvalid; i++) {
        if (st->slot_obj[st->valid[i]] == obj && pick-- == 0)
            return st->valid[i];
    }
    return fz_gen_cptr(r, st);
}

static uint64_t fz_arg(fz_rng_t *r, const fz_state_t *st, uint8_t kind) {
    static const uint64_t depths[] = {8, 8, 8, 8, 4, 64, 0, 1};

    switch (kind) {
    case A_SLOT:
        return fz_below(r, 2) ? fz_below(r, FZ_P_SLOTS) : fz_gen_cptr(r, st);
    case A_DEPTH:
        return depths[fz_below(r, FZ_ARRAY_LEN(depths))];
    case A_RIGHTS:
        return fz_below(r, 4) ? fz_below(r, 16) : fz_gen_word(r, st);
    case A_BADGE:
        return fz_below(r, 2) ? fz_below(r, 8) : fz_gen_word(r, st);
    case A_TYPE:
        return fz_below(r, 8) ? fz_below(r, seL4_ObjectTypeCount) : fz_gen_word(r, st);
    case A_BITS:
        return fz_below(r, 4) ? fz_below(r, 17) : fz_gen_word(r, st);
    case A_COUNT:
        return fz_below(r, 4) ? 1 + fz_below(r, 4) : fz_below(r, 32);
    case A_VADDR:
        return fz_below(r, 8) ? FZ_SCRATCH_VA + (fz_below(r, 32) << 12) : fz_gen_word(r, st);
    case A_ATTR:
        return fz_below(r, 8) ? 0 : fz_below(r, 8);
    case A_PRIO:
        return fz_below(r, 2) ? 0 : fz_below(r, 300);
    case A_FLAG:
        return fz_below(r, 2);
    case A_ZERO:
        return fz_below(r, 8) ? 0 : fz_gen_word(r, st);
    default:
        return fz_gen_word(r, st);
    }
}

int fz_shape_args(fz_rng_t *r, const fz_state_t *st, fz_call_t *c) {
    const fz_template_t *t = 0;

    for (unsigned i = 0; i < FZ_ARRAY_LEN(fz_templates); i++) {
        if (fz_templates[i].label == c->label)
            t = &fz_templates[i];
    }
    if (t == 0)
        return 0;
    c->len = t->nargs;
    if (c->len && fz_below(r, 8) == 0)
        c->len--; /* one word short: TruncatedMessage */
    for (uint32_t i = 0; i < FZ_MAX_MRS; i++)
        c->mr[i] = i < c->len ? fz_arg(r, st, i < 8 ? t->args[i] : A_WORD) : 0;
    c->extra = t->ncaps;
    for (uint32_t i = 0; i < seL4_MsgMaxExtraCaps; i++)
        c->caps[i] = i < t->ncaps ? fz_slot_of(r, st, fz_capk_obj[t->caps[i]]) : 0;
    return 1;
}
