/*
 * thread.c — helper threads for tests, in the root task's CSpace and VSpace.
 *
 * Memory: a static pool of struct rt_thread_mem (IPC buffer page + TLS +
 * stack, page aligned, inside the root image).  Index 0 belongs to the test
 * thread, 1 to the watchdog; helpers take the others.  Because the pool is
 * part of the image, the IPC buffer's frame cap is one of the image's frame
 * caps (rt_image_frame_cap), so creating a thread needs no mapping at all —
 * only a TCB retyped from the test's untyped.
 *
 * Starting: seL4_TCB_WriteRegisters with resume, registers built by the
 * runtime's rt_thread_context (stack, FS base = fresh TLS block, the thread
 * sets its own __sel4_ipc_buffer, then calls kt_thread_entry).  When the
 * test's function returns, kt_thread_entry marks the thread finished and
 * signals the join notification; the runtime then suspends the thread.
 *
 * Destroying: deleting the (only) TCB cap stops the thread.  The runner
 * revokes the whole test untyped afterwards anyway, so kt_thread_pool_reset
 * only returns the pool memory.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

#define KT_POOL_SIZE (KT_POOL_FIRST_HELPER + KT_MAX_THREADS)

static struct rt_thread_mem kt_pool[KT_POOL_SIZE];
static bool kt_pool_used[KT_POOL_SIZE];

struct rt_thread_mem *kt_pool_mem(int index) {
    if (index < 0 || index >= KT_POOL_SIZE)
        return NULL;
    return &kt_pool[index];
}

void kt_thread_pool_reset(void) {
    int i;

    for (i = KT_POOL_FIRST_HELPER; i < KT_POOL_SIZE; i++)
        kt_pool_used[i] = false;
}

static int kt_pool_take(void) {
    int i;

    for (i = KT_POOL_FIRST_HELPER; i < KT_POOL_SIZE; i++) {
        if (!kt_pool_used[i]) {
            kt_pool_used[i] = true;
            return i;
        }
    }
    return -1;
}

/* Fill the thread's memory fields from pool entry `index`; fresh TLS. */
static bool kt_thread_bind_mem(struct kt_thread *t, int index) {
    struct rt_thread_mem *mem = &kt_pool[index];

    t->pool_index = index;
    t->ipc = &mem->ipc;
    t->ipc_frame = rt_image_frame_cap(&mem->ipc);
    t->stack_top = (seL4_Word)(mem->stack + sizeof(mem->stack));
    t->tls = rt_tls_init(mem->tls, sizeof(mem->tls));
    return t->ipc_frame != seL4_CapNull && t->tls != 0;
}

bool kt_thread_create(struct kt_env *env, struct kt_thread *t, seL4_Word prio) {
    seL4_Error err;
    int index;

    memset(t, 0, sizeof(*t));
    t->pool_index = -1;
    t->join_ntfn = env->join_ntfn;
    index = kt_pool_take();
    if (index < 0) {
        KT_FAIL_MSG("more than %d helper threads", KT_MAX_THREADS);
        return false;
    }
    if (!kt_thread_bind_mem(t, index)) {
        KT_FAIL_MSG("no IPC buffer frame / TLS for pool entry %d", index);
        return false;
    }
    t->tcb = kt_alloc(env, seL4_TCBObject, 0);
    if (t->tcb == seL4_CapNull)
        return false;
    err = seL4_TCB_Configure(t->tcb, env->helper_fault_ep, env->cnode, 0, env->vspace, 0,
                             (seL4_Word)t->ipc, t->ipc_frame);
    if (!KT_CHECK_ERR(err, seL4_NoError))
        return false;
    err = seL4_TCB_SetSchedParams(t->tcb, env->tcb, seL4_MaxPrio, prio);
    return KT_CHECK_ERR(err, seL4_NoError);
}

static void kt_thread_entry(void *arg) {
    struct kt_thread *t = arg;

    t->fn(t, t->arg[0], t->arg[1], t->arg[2]);
    t->finished = 1;
    if (t->join_ntfn != seL4_CapNull)
        seL4_Signal(t->join_ntfn);
}

static void kt_thread_context(struct kt_thread *t, kt_thread_fn fn, seL4_Word a0, seL4_Word a1,
                              seL4_Word a2, seL4_UserContext *regs) {
    t->fn = fn;
    t->arg[0] = a0;
    t->arg[1] = a1;
    t->arg[2] = a2;
    t->finished = 0;
    memset(regs, 0, sizeof(*regs));
    rt_thread_context(regs, (void *)t->stack_top, t->tls, t->ipc, kt_thread_entry, t, t->tcb);
}

bool kt_thread_start(struct kt_thread *t, kt_thread_fn fn, seL4_Word a0, seL4_Word a1,
                     seL4_Word a2) {
    seL4_UserContext regs;
    seL4_Error err;

    kt_thread_context(t, fn, a0, a1, a2, &regs);
    err = seL4_TCB_WriteRegisters(t->tcb, 1, 0, seL4_UserContext_NumWords, &regs);
    return KT_CHECK_ERR(err, seL4_NoError);
}

bool kt_thread_start_probe(struct kt_thread *t, const void *probe, seL4_Word r12, seL4_Word r13,
                           seL4_Word r14) {
    seL4_UserContext regs;
    seL4_Error err;

    memset(&regs, 0, sizeof(regs));
    regs.rip = (seL4_Word)probe;
    regs.rsp = t->stack_top;
    regs.rflags = 0x202;
    regs.r12 = r12;
    regs.r13 = r13;
    regs.r14 = r14;
    regs.fs_base = t->tls;
    t->finished = 0;
    err = seL4_TCB_WriteRegisters(t->tcb, 1, 0, seL4_UserContext_NumWords, &regs);
    return KT_CHECK_ERR(err, seL4_NoError);
}

void kt_thread_join(struct kt_env *env, struct kt_thread *t) {
    seL4_Word badge;

    while (!t->finished)
        seL4_Wait(env->join_ntfn, &badge);
}

void kt_thread_destroy(struct kt_env *env, struct kt_thread *t) {
    if (t->tcb != seL4_CapNull)
        kt_free(env, t->tcb);
    t->tcb = seL4_CapNull;
    if (t->pool_index >= KT_POOL_FIRST_HELPER)
        kt_pool_used[t->pool_index] = false;
    t->pool_index = -1;
}
