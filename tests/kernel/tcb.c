/*
 * tcb.c — TCB tests: the TCB invocations (reference §5.3 "TCB", §9, §11.1).
 *
 * Threads whose progress must be observed without relying on the timer run
 * "yield loops" at the test thread's own priority: each iteration bumps a
 * counter and yields, so the test thread sees the counter move exactly when
 * it yields itself.  Threads that must be blocked somewhere known run an
 * assembly probe (probes.S), whose syscall instruction address is known.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

#define ROOT seL4_CapInitThreadCNode
#define D64 seL4_WordBits

static void yield_loop(struct kt_thread *t, seL4_Word a0, seL4_Word a1, seL4_Word a2) {
    for (;;) {
        t->counter++;
        seL4_Yield();
    }
}

static void yield_n(unsigned n) {
    while (n-- > 0)
        seL4_Yield();
}

/* Configure: every argument checked; a configured thread runs. */
static int test_configure(struct kt_env *env) {
    seL4_CPtr tcb = kt_alloc(env, seL4_TCBObject, 0);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr pml4 = kt_alloc(env, seL4_X64_PML4Object, 0);
    seL4_CPtr buf = rt_image_frame_cap(seL4_GetIPCBuffer());
    seL4_CPtr devf = kt_slot(env);
    seL4_Word va = (seL4_Word)seL4_GetIPCBuffer(); /* any aligned address */
    seL4_Error err;

    err = seL4_TCB_Configure(tcb, 0, ROOT, 0, env->vspace, 0, va + 8, buf);
    KT_CHECK_ERR(err, seL4_AlignmentError);
    err = seL4_TCB_Configure(tcb, 0, ROOT, 0, env->vspace, 0, va, ep);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    if (env->dev_untyped != seL4_CapNull &&
        KT_CHECK_ERR(kt_retype(env->dev_untyped, seL4_X86_4K, 0, devf), seL4_NoError)) {
        err = seL4_TCB_Configure(tcb, 0, ROOT, 0, env->vspace, 0, va, devf);
        KT_CHECK_ERR(err, seL4_IllegalOperation);
    }
    err = seL4_TCB_Configure(tcb, 0, ep, 0, env->vspace, 0, va, buf);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    err = seL4_TCB_Configure(tcb, 0, ROOT, 0, pml4, 0, va, buf);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    err = seL4_TCB_Configure(tcb, 0, ROOT, 0, ep, 0, va, buf);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    /* No IPC buffer at all is fine (the frame cap slot may be empty). */
    err = seL4_TCB_Configure(tcb, 0, ROOT, 0, env->vspace, 0, 0, seL4_CapNull);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_TCB_Configure(tcb, 0, ROOT, 0, env->vspace, 0, va, buf);
    KT_CHECK_ERR(err, seL4_NoError);
    kt_free(env, devf);
    kt_free(env, tcb);
    kt_free(env, pml4);
    kt_free(env, ep);
    return kt_result();
}

static void set_result(struct kt_thread *t, seL4_Word a0, seL4_Word a1, seL4_Word a2) {
    t->result = a0 + a1 + a2;
}

static int test_start_thread(struct kt_env *env) {
    struct kt_thread t;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, set_result, 1, 20, 300);
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 321);
    kt_thread_destroy(env, &t);
    return kt_result();
}

/*
 * SetSpace: a thread with its own CSpace (a 16-slot CNode whose guard makes
 * it resolve 64 bits) finds its caps there: it signals the notification it
 * sees at index 3 of that CNode.
 */
static int test_set_space(struct kt_env *env) {
    seL4_CPtr cnode = kt_alloc(env, seL4_CapTableObject, 4);
    seL4_CPtr ntfn = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_Word guard = seL4_CNode_CapData_new(0, 60).words[0];
    struct kt_thread t;
    seL4_Word badge = 0;
    seL4_Error err;

    KT_CHECK_ERR(seL4_CNode_Mint(cnode, 3, 4, ROOT, ntfn, D64, seL4_AllRights, 0x33), seL4_NoError);
    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    err = seL4_TCB_SetSpace(t.tcb, 0, ep, 0, env->vspace, 0);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    err = seL4_TCB_SetSpace(t.tcb, 0, ROOT, 0, ep, 0);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    err = seL4_TCB_SetSpace(t.tcb, 0, cnode, guard, env->vspace, 0);
    KT_CHECK_ERR(err, seL4_NoError);
    /* Slot 3 of its own CSpace; its exit path (root cptrs) will fault
     * silently (no usable fault handler there). */
    kt_thread_start(&t, kt_body_signal, 3, 0, 0);
    seL4_Wait(ntfn, &badge);
    KT_CHECK_EQ(badge, 0x33);
    kt_thread_destroy(env, &t);
    kt_free(env, cnode);
    kt_free(env, ep);
    kt_free(env, ntfn);
    return kt_result();
}

/* Priorities and MCPs are bounded by the authority's MCP. */
static int test_priority_rules(struct kt_env *env) {
    seL4_CPtr auth = kt_alloc(env, seL4_TCBObject, 0);
    seL4_CPtr target = kt_alloc(env, seL4_TCBObject, 0);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_Error err;

    err = seL4_TCB_SetSchedParams(auth, env->tcb, 100, 50);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_TCB_SetPriority(target, auth, 101);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 0, 100);
    err = seL4_TCB_SetPriority(target, auth, 100);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_TCB_SetMCPriority(target, auth, 101);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 0, 100);
    err = seL4_TCB_SetMCPriority(target, auth, 100);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_TCB_SetSchedParams(target, auth, 100, 101);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 0, 100);
    err = seL4_TCB_SetSchedParams(target, auth, 101, 50);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 0, 100);
    /* target's MCP is now 100: as an authority it allows up to 100. */
    err = seL4_TCB_SetPriority(auth, target, 100);
    KT_CHECK_ERR(err, seL4_NoError);
    /* The root thread's MCP is 255. */
    err = seL4_TCB_SetPriority(target, seL4_CapInitThreadTCB, 256);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 0, 255);
    err = seL4_TCB_SetPriority(target, seL4_CapInitThreadTCB, 255);
    KT_CHECK_ERR(err, seL4_NoError);
    /* The authority must be a TCB. */
    err = seL4_TCB_SetPriority(target, ep, 10);
    KT_CHECK_ERR_MRS(err, seL4_InvalidCapability, 1);
    err = seL4_TCB_SetMCPriority(target, ep, 10);
    KT_CHECK_ERR_MRS(err, seL4_InvalidCapability, 1);
    err = seL4_TCB_SetSchedParams(target, ep, 10, 10);
    KT_CHECK_ERR_MRS(err, seL4_InvalidCapability, 1);
    kt_free(env, ep);
    kt_free(env, target);
    kt_free(env, auth);
    return kt_result();
}

static int test_set_ipc_buffer(struct kt_env *env) {
    seL4_CPtr tcb = kt_alloc(env, seL4_TCBObject, 0);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr buf = rt_image_frame_cap(seL4_GetIPCBuffer());
    seL4_Word va = (seL4_Word)seL4_GetIPCBuffer();
    seL4_Error err;

    err = seL4_TCB_SetIPCBuffer(tcb, va + 512, buf);
    KT_CHECK_ERR(err, seL4_AlignmentError);
    err = seL4_TCB_SetIPCBuffer(tcb, va + 1024, ep);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    err = seL4_TCB_SetIPCBuffer(tcb, va + 1024, buf);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_TCB_SetIPCBuffer(tcb, 0, seL4_CapNull);
    KT_CHECK_ERR(err, seL4_NoError);
    kt_free(env, ep);
    kt_free(env, tcb);
    return kt_result();
}

static int test_read_registers_errors(struct kt_env *env) {
    seL4_CPtr tcb = kt_alloc(env, seL4_TCBObject, 0);
    seL4_UserContext regs;
    seL4_Error err;

    err = seL4_TCB_ReadRegisters(env->tcb, 0, 0, 20, &regs);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    err = seL4_TCB_ReadRegisters(tcb, 0, 0, 0, &regs);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 1, 20);
    err = seL4_TCB_ReadRegisters(tcb, 0, 0, 21, &regs);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 1, 20);
    memset(&regs, 0, sizeof(regs));
    err = seL4_TCB_WriteRegisters(env->tcb, 0, 0, 20, &regs);
    KT_CHECK_ERR(err, seL4_IllegalOperation);
    kt_free(env, tcb);
    return kt_result();
}

static void fill_pattern(seL4_UserContext *r, seL4_Word base) {
    seL4_Word *w = (seL4_Word *)r;
    unsigned i;

    for (i = 0; i < seL4_UserContext_NumWords; i++)
        w[i] = base + i;
}

/* Write/read round trip with sanitisation (reference §9). */
static int test_register_round_trip(struct kt_env *env) {
    seL4_CPtr tcb = kt_alloc(env, seL4_TCBObject, 0);
    seL4_UserContext in, out;
    seL4_Word *wi = (seL4_Word *)&in, *wo = (seL4_Word *)&out;
    seL4_Error err;
    unsigned i;

    fill_pattern(&in, 0x5000);
    in.rip = 0x401000;
    in.rflags = 0;
    in.fs_base = 0x7000000;
    in.gs_base = 0xffff800000001000ul; /* canonical, upper half */
    err = seL4_TCB_WriteRegisters(tcb, 0, 0, 20, &in);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_TCB_ReadRegisters(tcb, 0, 0, 20, &out);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(out.rflags, 0x202);
    for (i = 0; i < seL4_UserContext_NumWords; i++) {
        if (i == 2)
            continue;
        if (!KT_CHECK_EQ(wo[i], wi[i]))
            kt_printf("      (register index %u)\n", i);
    }
    /* rflags: reserved bit 1 and IF set, bits 3/5 and TF cleared, only
     * the low 12 bits kept; non-canonical rip/fs/gs become 0. */
    in.rflags = ~0ul;
    in.rip = 0x0000800000000000ul;
    in.fs_base = 0xffff7fffffffffffull;
    in.gs_base = 0x00badbad00000000ul;
    err = seL4_TCB_WriteRegisters(tcb, 0, 0, 20, &in);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_TCB_ReadRegisters(tcb, 0, 0, 20, &out);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(out.rflags, 0xed7);
    KT_CHECK_EQ(out.rip, 0);
    KT_CHECK_EQ(out.fs_base, 0);
    KT_CHECK_EQ(out.gs_base, 0);
    /* count 3 writes rip, rsp, rflags only. */
    fill_pattern(&in, 0x9000);
    in.rip = 0x402000;
    in.rflags = 0x200;
    err = seL4_TCB_WriteRegisters(tcb, 0, 0, 3, &in);
    KT_CHECK_ERR(err, seL4_NoError);
    err = seL4_TCB_ReadRegisters(tcb, 0, 0, 20, &out);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(out.rip, 0x402000);
    KT_CHECK_EQ(out.rsp, 0x9001);
    KT_CHECK_EQ(out.rflags, 0x202);
    KT_CHECK_EQ(out.rax, 0x5003);
    KT_CHECK_EQ(out.r15, 0x5011);
    kt_free(env, tcb);
    return kt_result();
}

/* A thread blocked in Recv: rip is its syscall instruction (§1.5). */
static int test_read_blocked_thread(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr report = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_UserContext r;
    struct kt_thread t;
    seL4_Error err;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start_probe(&t, kt_probe_recv, report, ep, 0x77);
    kt_drain(env);
    err = seL4_TCB_ReadRegisters(t.tcb, 0, 0, 20, &r);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(r.rip, (seL4_Word)kt_probe_recv_insn);
    KT_CHECK_EQ(r.rdx, (seL4_Word)seL4_SysRecv);
    KT_CHECK_EQ(r.rdi, ep);
    KT_CHECK_EQ(r.r12, report);
    KT_CHECK_EQ(r.r13, ep);
    KT_CHECK_EQ(r.r14, 0x77);
    KT_CHECK_EQ(r.fs_base, t.tls);
    kt_thread_destroy(env, &t);
    kt_free(env, report);
    kt_free(env, ep);
    return kt_result();
}

/* WriteRegisters with resume starts a thread at the given state. */
static int test_write_registers_resume(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    static volatile seL4_Word target;
    struct kt_thread t;
    seL4_Word badge;

    target = 0;
    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    /* r12 report endpoint, r13 address, r14 value to store. */
    kt_thread_start_probe(&t, kt_probe_store, ep, (seL4_Word)&target, 0xfeedface);
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), KT_PROBE_DONE);
    KT_CHECK_EQ(target, 0xfeedface);
    kt_thread_destroy(env, &t);
    kt_free(env, ep);
    return kt_result();
}

/* CopyRegisters: frame and integer groups separately; resume_target. */
static int test_copy_registers(struct kt_env *env) {
    seL4_CPtr src = kt_alloc(env, seL4_TCBObject, 0);
    seL4_CPtr dst = kt_alloc(env, seL4_TCBObject, 0);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_UserContext a, b, out;
    static volatile seL4_Word target;
    struct kt_thread t;
    seL4_Word badge;
    seL4_Error err;

    fill_pattern(&a, 0x100);
    a.rip = 0x401000;
    a.rflags = 0x202;
    a.fs_base = 0x1000;
    a.gs_base = 0x2000;
    fill_pattern(&b, 0x900);
    b.rip = 0x403000;
    b.rflags = 0x202;
    b.fs_base = 0x3000;
    b.gs_base = 0x4000;
    KT_CHECK_ERR(seL4_TCB_WriteRegisters(src, 0, 0, 20, &a), seL4_NoError);
    KT_CHECK_ERR(seL4_TCB_WriteRegisters(dst, 0, 0, 20, &b), seL4_NoError);
    err = seL4_TCB_CopyRegisters(dst, src, 0, 0, 1, 0, 0);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_ERR(seL4_TCB_ReadRegisters(dst, 0, 0, 20, &out), seL4_NoError);
    KT_CHECK_EQ(out.rip, a.rip);
    KT_CHECK_EQ(out.rax, a.rax);
    KT_CHECK_EQ(out.r15, a.r15);
    KT_CHECK_EQ(out.fs_base, b.fs_base);
    KT_CHECK_EQ(out.gs_base, b.gs_base);
    err = seL4_TCB_CopyRegisters(dst, src, 0, 0, 0, 1, 0);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_ERR(seL4_TCB_ReadRegisters(dst, 0, 0, 20, &out), seL4_NoError);
    KT_CHECK_EQ(out.fs_base, a.fs_base);
    KT_CHECK_EQ(out.gs_base, a.gs_base);
    err = seL4_TCB_CopyRegisters(dst, ep, 0, 0, 1, 1, 0);
    KT_CHECK_ERR_MRS(err, seL4_InvalidCapability, 1);
    /* Resume the target with a copy of a probe's start state. */
    target = 0;
    if (kt_thread_create(env, &t, KT_HELPER_PRIO)) {
        memset(&a, 0, sizeof(a));
        a.rip = (seL4_Word)kt_probe_store;
        a.rflags = 0x202;
        a.r12 = ep;
        a.r13 = (seL4_Word)&target;
        a.r14 = 0xc0b1;
        KT_CHECK_ERR(seL4_TCB_WriteRegisters(src, 0, 0, 20, &a), seL4_NoError);
        err = seL4_TCB_CopyRegisters(t.tcb, src, 0, 1, 1, 1, 0);
        KT_CHECK_ERR(err, seL4_NoError);
        seL4_Recv(ep, &badge);
        KT_CHECK_EQ(seL4_GetMR(0), KT_PROBE_DONE);
        KT_CHECK_EQ(target, 0xc0b1);
        kt_thread_destroy(env, &t);
    }
    kt_free(env, ep);
    kt_free(env, dst);
    kt_free(env, src);
    return kt_result();
}

/* Suspend stops a thread; Resume lets it continue. */
static int test_suspend_resume(struct kt_env *env) {
    struct kt_thread t;
    seL4_Word c;

    if (!kt_thread_create(env, &t, env->prio))
        return KT_FAIL;
    kt_thread_start(&t, yield_loop, 0, 0, 0);
    yield_n(5);
    KT_CHECK(t.counter >= 4);
    KT_CHECK_ERR(seL4_TCB_Suspend(t.tcb), seL4_NoError);
    c = t.counter;
    yield_n(5);
    KT_CHECK_EQ(t.counter, c);
    KT_CHECK_ERR(seL4_TCB_Suspend(t.tcb), seL4_NoError); /* again: fine */
    KT_CHECK_ERR(seL4_TCB_Resume(t.tcb), seL4_NoError);
    yield_n(5);
    KT_CHECK(t.counter >= c + 4);
    /* Resume of a running thread changes nothing. */
    KT_CHECK_ERR(seL4_TCB_Resume(t.tcb), seL4_NoError);
    c = t.counter;
    yield_n(1);
    KT_CHECK_EQ(t.counter, c + 1);
    kt_thread_destroy(env, &t);
    return kt_result();
}

/* ReadRegisters with suspend_source suspends the target first. */
static int test_read_suspends(struct kt_env *env) {
    struct kt_thread t;
    seL4_UserContext r;
    seL4_Word c;

    if (!kt_thread_create(env, &t, env->prio))
        return KT_FAIL;
    kt_thread_start(&t, yield_loop, 0, 0, 0);
    yield_n(3);
    KT_CHECK_ERR(seL4_TCB_ReadRegisters(t.tcb, 1, 0, 20, &r), seL4_NoError);
    c = t.counter;
    yield_n(5);
    KT_CHECK_EQ(t.counter, c);
    kt_thread_destroy(env, &t);
    return kt_result();
}

/* Suspending a receiver cancels its Recv; Resume re-issues it. */
static int test_suspend_cancels_ipc(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr b = kt_mint(env, ep, seL4_AllRights, 0x66);
    struct kt_thread t;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_recv, ep, 0, 0);
    kt_drain(env);
    KT_CHECK_ERR(seL4_TCB_Suspend(t.tcb), seL4_NoError);
    seL4_SetMR(0, 1);
    seL4_NBSend(b, seL4_MessageInfo_new(0, 0, 0, 1)); /* nobody waits */
    kt_drain(env);
    KT_CHECK_EQ(t.finished, 0);
    KT_CHECK_ERR(seL4_TCB_Resume(t.tcb), seL4_NoError);
    kt_drain(env); /* back in Recv */
    KT_CHECK_EQ(t.finished, 0);
    seL4_SetMR(0, 2);
    seL4_NBSend(b, seL4_MessageInfo_new(0, 0, 0, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0x66);
    KT_CHECK_EQ(t.counter, 2);
    kt_thread_destroy(env, &t);
    kt_free(env, b);
    kt_free(env, ep);
    return kt_result();
}

/* Resuming a thread blocked on a reply makes it re-issue its Call. */
static int test_resume_restarts_call(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    struct kt_thread t;
    seL4_Word badge;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, kt_body_call, ep, 0x51, 0);
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), 0x51);
    KT_CHECK_ERR(seL4_TCB_Resume(t.tcb), seL4_NoError);
    seL4_Recv(ep, &badge);
    KT_CHECK_EQ(seL4_GetMR(0), 0x51);
    seL4_SetMR(0, 0x52);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 0x52);
    kt_thread_destroy(env, &t);
    kt_free(env, ep);
    return kt_result();
}

static int test_bind_notification(struct kt_env *env) {
    seL4_CPtr n1 = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr n2 = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr n3 = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr wo = kt_copy(env, n2, seL4_CanWrite);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr a = kt_alloc(env, seL4_TCBObject, 0);
    seL4_CPtr b = kt_alloc(env, seL4_TCBObject, 0);
    struct kt_thread w;

    KT_CHECK_ERR(seL4_TCB_UnbindNotification(a), seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_TCB_BindNotification(a, wo), seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_TCB_BindNotification(a, ep), seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_TCB_BindNotification(a, n1), seL4_NoError);
    /* TCB already bound; notification already bound. */
    KT_CHECK_ERR(seL4_TCB_BindNotification(a, n2), seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_TCB_BindNotification(b, n1), seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_TCB_UnbindNotification(a), seL4_NoError);
    KT_CHECK_ERR(seL4_TCB_UnbindNotification(a), seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_TCB_BindNotification(b, n1), seL4_NoError);
    /* A notification with a waiter cannot be bound. */
    if (kt_thread_create(env, &w, KT_HELPER_PRIO)) {
        kt_thread_start(&w, kt_body_wait, n3, 0, 0);
        kt_drain(env);
        KT_CHECK_ERR(seL4_TCB_BindNotification(a, n3), seL4_IllegalOperation);
        seL4_Signal(n3);
        kt_thread_join(env, &w);
        kt_thread_destroy(env, &w);
    }
    KT_CHECK_ERR(seL4_TCB_BindNotification(a, n3), seL4_NoError);
    kt_free(env, a); /* deleting a bound TCB unbinds */
    kt_free(env, b);
    kt_free(env, ep);
    kt_free(env, wo);
    kt_free(env, n3);
    kt_free(env, n2);
    kt_free(env, n1);
    return kt_result();
}

static inline seL4_Word rdfsbase(void) {
    seL4_Word v;

    __asm__ volatile("rdfsbase %0" : "=r"(v));
    return v;
}

static inline void wrfsbase(seL4_Word v) { __asm__ volatile("wrfsbase %0" ::"r"(v) : "memory"); }

static int test_set_tls_base(struct kt_env *env) {
    seL4_CPtr tcb = kt_alloc(env, seL4_TCBObject, 0);
    seL4_UserContext r;
    seL4_Word mine, seen;
    seL4_Error err;

    KT_CHECK_ERR(seL4_TCB_SetTLSBase(tcb, 0x5a5a000), seL4_NoError);
    KT_CHECK_ERR(seL4_TCB_ReadRegisters(tcb, 0, 0, 20, &r), seL4_NoError);
    KT_CHECK_EQ(r.fs_base, 0x5a5a000);
    /* On ourselves it takes effect before the call returns.  Nothing
     * may touch TLS (our IPC buffer pointer) until FS is restored. */
    mine = rdfsbase();
    err = seL4_TCB_SetTLSBase(env->tcb, 0x6b6b000);
    seen = rdfsbase();
    wrfsbase(mine);
    KT_CHECK_ERR(err, seL4_NoError);
    KT_CHECK_EQ(seen, 0x6b6b000);
    kt_free(env, tcb);
    return kt_result();
}

static int test_set_flags(struct kt_env *env) {
    seL4_CPtr tcb = kt_alloc(env, seL4_TCBObject, 0);
    seL4_TCB_SetFlags_t r;

    r = seL4_TCB_SetFlags(tcb, 0, 0);
    KT_CHECK_ERR(r.error, seL4_NoError);
    KT_CHECK_EQ(r.flags, 0);
    r = seL4_TCB_SetFlags(tcb, 0, seL4_TCBFlag_fpuDisabled);
    KT_CHECK_ERR(r.error, seL4_NoError);
    KT_CHECK_EQ(r.flags, seL4_TCBFlag_fpuDisabled);
    r = seL4_TCB_SetFlags(tcb, 0, 0x6); /* outside the mask: ignored */
    KT_CHECK_ERR(r.error, seL4_NoError);
    KT_CHECK_EQ(r.flags, seL4_TCBFlag_fpuDisabled);
    r = seL4_TCB_SetFlags(tcb, seL4_TCBFlag_fpuDisabled, 0);
    KT_CHECK_ERR(r.error, seL4_NoError);
    KT_CHECK_EQ(r.flags, 0);
    r = seL4_TCB_SetFlags(tcb, ~0ul, ~0ul);
    KT_CHECK_ERR(r.error, seL4_NoError);
    KT_CHECK_EQ(r.flags, seL4_TCBFlag_fpuDisabled);
    kt_free(env, tcb);
    return kt_result();
}

/* Deleting the only cap of a running thread stops it. */
static int test_delete_running(struct kt_env *env) {
    struct kt_thread t;
    seL4_Word c;

    if (!kt_thread_create(env, &t, env->prio))
        return KT_FAIL;
    kt_thread_start(&t, yield_loop, 0, 0, 0);
    yield_n(3);
    KT_CHECK(t.counter >= 2);
    kt_thread_destroy(env, &t);
    c = t.counter;
    yield_n(5);
    KT_CHECK_EQ(t.counter, c);
    return kt_result();
}

/* A deleted receiver is gone from the endpoint queue. */
static int test_delete_blocked(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    struct kt_thread a, b;

    if (!kt_thread_create(env, &a, KT_HELPER_PRIO) || !kt_thread_create(env, &b, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&a, kt_body_recv, ep, 0, 0);
    kt_drain(env);
    kt_thread_start(&b, kt_body_recv, ep, 0, 0);
    kt_drain(env);
    kt_thread_destroy(env, &a);
    seL4_SetMR(0, 0x99);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1)); /* reaches b */
    kt_thread_join(env, &b);
    KT_CHECK_EQ(b.counter, 0x99);
    kt_thread_destroy(env, &b);
    kt_free(env, ep);
    return kt_result();
}

static int test_domain_set(struct kt_env *env) {
    seL4_CPtr tcb = kt_alloc(env, seL4_TCBObject, 0);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);

    KT_CHECK_ERR(seL4_DomainSet_Set(seL4_CapDomain, 0, tcb), seL4_NoError);
    KT_CHECK_ERR_MRS(seL4_DomainSet_Set(seL4_CapDomain, 1, tcb), seL4_InvalidArgument, 0);
    KT_CHECK_ERR_MRS(seL4_DomainSet_Set(seL4_CapDomain, 0, ep), seL4_InvalidArgument, 1);
    kt_free(env, ep);
    kt_free(env, tcb);
    return kt_result();
}

/*
 * The domain schedule (one domain, schedule length 2: entry 0 and the end
 * marker).  Only the argument checks are exercised, plus SetStart(0),
 * which switches to the entry that is running anyway.
 */
static int test_domain_schedule(struct kt_env *env) {
    seL4_Error err;

    err = seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 1, 0, 100);
    KT_CHECK_ERR_MRS(err, seL4_RangeError, 0, 0);
    err = seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 1, 100);
    KT_CHECK_ERR(err, seL4_RangeError);
    err = seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 0, 1ul << 56);
    KT_CHECK_ERR_MRS(err, seL4_InvalidArgument, 2);
    /* Entry 0 is the start entry: it cannot become an end marker. */
    err = seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 0, 0);
    KT_CHECK_ERR_MRS(err, seL4_InvalidArgument, 2);
    err = seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 2);
    KT_CHECK_ERR(err, seL4_RangeError);
    err = seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 1);
    KT_CHECK_ERR_MRS(err, seL4_InvalidArgument, 0);
    err = seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 0);
    KT_CHECK_ERR(err, seL4_NoError);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"TCB0001", "Configure argument checks", test_configure},
    {"TCB0002", "a configured thread runs", test_start_thread},
    {"TCB0003", "SetSpace: own CSpace with guard", test_set_space},
    {"TCB0004", "priority/MCP bounded by authority MCP", test_priority_rules},
    {"TCB0005", "SetIPCBuffer alignment and cap checks", test_set_ipc_buffer},
    {"TCB0006", "Read/WriteRegisters errors", test_read_registers_errors},
    {"TCB0007", "register round trip and sanitisation", test_register_round_trip},
    {"TCB0008", "registers of a thread blocked in Recv", test_read_blocked_thread},
    {"TCB0009", "WriteRegisters with resume", test_write_registers_resume},
    {"TCB0010", "CopyRegisters groups and resume", test_copy_registers},
    {"TCB0011", "Suspend and Resume", test_suspend_resume},
    {"TCB0012", "ReadRegisters can suspend the source", test_read_suspends},
    {"TCB0013", "Suspend cancels a Recv, Resume re-issues it", test_suspend_cancels_ipc},
    {"TCB0014", "Resume of a caller re-issues its Call", test_resume_restarts_call},
    {"TCB0015", "Bind/UnbindNotification and errors", test_bind_notification},
    {"TCB0016", "SetTLSBase on another thread and on self", test_set_tls_base},
    {"TCB0017", "SetFlags", test_set_flags},
    {"TCB0018", "deleting a running thread's last cap stops it", test_delete_running},
    {"TCB0019", "deleting a blocked receiver", test_delete_blocked},
    {"TCB0020", "DomainSet_Set", test_domain_set},
    {"TCB0021", "domain schedule argument checks", test_domain_schedule},
};

const struct kt_group kt_group_tcb = {"tcb", tests, KT_ARRAY_SIZE(tests)};
