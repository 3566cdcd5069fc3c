/*
 * tests/fuzz/fz_epoch.c — the root task's side of the playground CNode P.
 *
 * At the start of every epoch the root task:
 *   1. revokes its per-epoch untyped, which destroys every object made from
 *      it last epoch, wherever the fuzzer has copied or moved the caps (and
 *      everything the fuzzer retyped from the untyped it was given, which
 *      was itself carved from the per-epoch untyped);
 *   2. deletes whatever is left in P's 256 slots (copies of the persistent
 *      objects: the served endpoint, P itself);
 *   3. creates a fresh assortment and places it at slots drawn from the
 *      epoch's permutation (fz_gen_layout), recording in fz_state what went
 *      where so that the generator can aim at filled slots.
 *
 * Objects are staged in one root slot (retype there, configure, optionally
 * mint variants with fewer rights or a badge into P) and then moved into P,
 * so the fuzzer holds the only cap of most of them.  Paging structures must
 * be moved, not copied: the kernel refuses to copy an unmapped one.
 *
 * Never in P: the root task's TCB, CNode or VSpace, any control cap (IRQ,
 * I/O port, ASID control or pool, domain), the fuzzer's own TCB, CNodes or
 * VSpace, and the control endpoint.
 */
#include "fuzz.h"

#define FZ_LAYOUT_SLOTS 96 /* the assortment lands in slots 1..96 */

typedef struct fz_fill {
    const fz_env_t *env;
    fz_state_t *st;
    uint8_t slots[FZ_LAYOUT_SLOTS];
    uint32_t used;
    int err;
} fz_fill_t;

/* Next layout slot for an object of kind `obj`. */
static seL4_Word fz_take(fz_fill_t *f, enum fz_obj obj) {
    uint8_t pos = f->slots[f->used++];

    f->st->slot_obj[pos] = (uint8_t)obj;
    f->st->valid[f->st->nvalid++] = pos;
    return pos;
}

/* Retype one object into the staging slot. */
static void fz_stage(fz_fill_t *f, seL4_Word type, seL4_Word bits) {
    if (f->err == seL4_NoError)
        f->err = seL4_Untyped_Retype(f->env->u_epoch, type, bits, seL4_CapInitThreadCNode, 0, 0,
                                     f->env->tmp, 1);
}

/* Derive a copy of root slot `src` with `rights`/`badge` into P. */
static void fz_mint(fz_fill_t *f, enum fz_obj obj, seL4_CPtr src, seL4_CapRights_t rights,
                    seL4_Word badge) {
    if (f->err == seL4_NoError)
        f->err = seL4_CNode_Mint(f->env->p, fz_take(f, obj), FZ_P_BITS, seL4_CapInitThreadCNode,
                                 src, seL4_WordBits, rights, badge);
}

/* Move the staged object into P. */
static void fz_move(fz_fill_t *f, enum fz_obj obj) {
    if (f->err == seL4_NoError)
        f->err = seL4_CNode_Move(f->env->p, fz_take(f, obj), FZ_P_BITS, seL4_CapInitThreadCNode,
                                 f->env->tmp, seL4_WordBits);
}

static void fz_fill_memory_objects(fz_fill_t *f) {
    /* Largest first, so that alignment wastes nothing. */
    fz_stage(f, seL4_UntypedObject, 16);
    fz_move(f, FZ_OBJ_UNTYPED);
    for (int i = 0; i < 3; i++) {
        fz_stage(f, seL4_X86_4K, 0);
        if (i == 0)
            fz_mint(f, FZ_OBJ_FRAME, f->env->tmp, seL4_CanRead, 0);
        fz_move(f, FZ_OBJ_FRAME);
    }
    fz_stage(f, seL4_X86_PageTableObject, 0);
    fz_move(f, FZ_OBJ_PT);
    fz_stage(f, seL4_X86_PageTableObject, 0);
    fz_move(f, FZ_OBJ_PT);
    fz_stage(f, seL4_X86_PageDirectoryObject, 0);
    fz_move(f, FZ_OBJ_PD);
    fz_stage(f, seL4_X86_PDPTObject, 0);
    fz_move(f, FZ_OBJ_PDPT);
    fz_stage(f, seL4_X64_PML4Object, 0);
    if (f->err == seL4_NoError)
        f->err = seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, f->env->tmp);
    fz_move(f, FZ_OBJ_PML4);
}

static void fz_fill_kernel_objects(fz_fill_t *f) {
    fz_stage(f, seL4_TCBObject, 0);
    fz_move(f, FZ_OBJ_TCB);
    fz_stage(f, seL4_CapTableObject, 4);
    fz_move(f, FZ_OBJ_CNODE);
    for (int i = 0; i < 2; i++) {
        fz_stage(f, seL4_NotificationObject, 0);
        if (i == 0) {
            fz_mint(f, FZ_OBJ_NTFN, f->env->tmp, seL4_CanRead, 0);
            fz_mint(f, FZ_OBJ_NTFN, f->env->tmp, seL4_AllRights, 0x3);
        }
        fz_move(f, FZ_OBJ_NTFN);
    }
    fz_stage(f, seL4_EndpointObject, 0);
    fz_move(f, FZ_OBJ_EP_IDLE);
    fz_mint(f, FZ_OBJ_EP_SERVED, f->env->ep_served, seL4_AllRights, 0x55);
    fz_mint(f, FZ_OBJ_EP_SERVED, f->env->ep_served, seL4_AllRights, 0);
    fz_mint(f, FZ_OBJ_CNODE, f->env->p, seL4_AllRights, 0);
}

/* Empty P and destroy last epoch's objects. */
static int fz_epoch_clear(const fz_env_t *env, fz_state_t *st) {
    int err = seL4_CNode_Revoke(seL4_CapInitThreadCNode, env->u_epoch, seL4_WordBits);

    for (seL4_Word s = 0; s < FZ_P_SLOTS && err == seL4_NoError; s++)
        err = seL4_CNode_Delete(env->p, s, FZ_P_BITS);
    for (seL4_Word s = 0; s < FZ_P_SLOTS; s++)
        st->slot_obj[s] = FZ_OBJ_NONE;
    st->nvalid = 0;
    return err;
}

int fz_epoch_fill(const fz_env_t *env, fz_state_t *st, uint32_t epoch) {
    fz_fill_t f = {.env = env, .st = st};

    f.err = fz_epoch_clear(env, st);
    fz_gen_layout(st->seed, epoch, f.slots, FZ_LAYOUT_SLOTS);
    fz_fill_memory_objects(&f);
    fz_fill_kernel_objects(&f);
    return f.err;
}
