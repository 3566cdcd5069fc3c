/*
 * thread.c — threads sharing the root task's CSpace and VSpace.
 *
 * A thread needs a TCB (allocated here), an IPC buffer inside a frame the
 * root task holds a cap to, a stack and a TLS block.  struct rt_thread_mem
 * packs buffer, TLS area and stack into page-aligned static storage, so
 * the IPC buffer's frame cap is found among the root task's image frames.
 *
 * Start-up protocol (registers set with TCB_WriteRegisters):
 *     rip = _rt_thread_entry  rsp = top of stack  fs_base = TLS thread ptr
 *     rdi = IPC buffer        rsi = fn            rdx = arg    rcx = TCB cap
 * _rt_thread_entry (crt0.S) aligns the stack and calls __sel4rt_thread_main,
 * which stores the IPC buffer pointer in the thread's own TLS, runs fn(arg)
 * and suspends the thread when fn returns.
 */
#include <sel4rt/sel4rt.h>

#include "rt_private.h"

#define RFLAGS_DEFAULT 0x202ul /* IF | reserved bit 1 */

SEL4_NORETURN void __sel4rt_thread_main(seL4_IPCBuffer *ipc, void (*fn)(void *), void *arg,
                                        seL4_CPtr tcb) {
    seL4_SetIPCBuffer(ipc);
    fn(arg);
    for (;;) {
        if (tcb != seL4_CapNull)
            seL4_TCB_Suspend(tcb);
        __builtin_trap(); /* no TCB cap: fault, the kernel stops us */
    }
}

void rt_thread_context(seL4_UserContext *uc, void *stack_top, seL4_Word tls_base,
                       seL4_IPCBuffer *ipc, void (*fn)(void *), void *arg, seL4_CPtr tcb) {
    memset(uc, 0, sizeof(*uc));
    uc->rip = (seL4_Word)_rt_thread_entry;
    uc->rsp = (seL4_Word)stack_top & ~(seL4_Word)15;
    uc->rflags = RFLAGS_DEFAULT;
    uc->rdi = (seL4_Word)ipc;
    uc->rsi = (seL4_Word)fn;
    uc->rdx = (seL4_Word)arg;
    uc->rcx = tcb;
    uc->fs_base = tls_base;
}

int rt_thread_create(struct rt_thread *t, struct rt_thread_mem *mem, seL4_Word prio,
                     seL4_CPtr fault_ep) {
    seL4_CPtr frame = rt_image_frame_cap(&mem->ipc);
    seL4_Error err;

    t->tcb = seL4_CapNull;
    t->mem = mem;
    t->tls_base = rt_tls_init(mem->tls, sizeof(mem->tls));
    if (frame == seL4_CapNull || t->tls_base == 0)
        return seL4_InvalidArgument;
    t->tcb = rt_alloc_object(seL4_TCBObject, 0);
    if (t->tcb == seL4_CapNull)
        return seL4_NotEnoughMemory;
    err = seL4_TCB_Configure(t->tcb, fault_ep, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace,
                             0, (seL4_Word)&mem->ipc, frame);
    if (err != seL4_NoError)
        return err;
    return seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, prio);
}

int rt_thread_start(struct rt_thread *t, void (*fn)(void *), void *arg) {
    seL4_UserContext uc;
    void *stack_top = t->mem->stack + sizeof(t->mem->stack);

    rt_thread_context(&uc, stack_top, t->tls_base, &t->mem->ipc, fn, arg, t->tcb);
    return seL4_TCB_WriteRegisters(t->tcb, 1, 0, seL4_UserContext_NumWords, &uc);
}
