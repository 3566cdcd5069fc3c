/*
 * faults.c — FAULT tests: fault messages and fault replies (reference §8).
 *
 * Each test runs an assembly probe (probes.S) in a helper thread whose
 * fault handler is a badged cap to an endpoint the test thread receives
 * on; the probe reports progress on the same endpoint through a cap with
 * another badge.  So one Recv tells the test either "fault" (FAULT_BADGE,
 * label = fault type, MRs = the message) or "the probe got past its
 * instruction" (REPORT_BADGE, MR0 = the probe's value).
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

#define ROOT seL4_CapInitThreadCNode
#define D64 seL4_WordBits

/* check_user_exception: "error code names IDT gate <low byte>". */
#define KT_GP_IDT_CODE (1ul << 32)

#define FAULT_BADGE 0xf0
#define REPORT_BADGE 0x0e

struct fault_ctx {
    seL4_CPtr ep, fault_cap, report_cap;
    struct kt_thread t;
};

/* Thread + endpoint; the thread's fault handler is ep badged FAULT_BADGE. */
static bool fctx_init(struct kt_env *env, struct fault_ctx *c, seL4_CapRights_t fault_rights) {
    seL4_Error err;

    memset(c, 0, sizeof(*c));
    c->t.pool_index = -1;
    c->ep = kt_alloc(env, seL4_EndpointObject, 0);
    c->fault_cap = kt_mint(env, c->ep, fault_rights, FAULT_BADGE);
    c->report_cap = kt_mint(env, c->ep, seL4_AllRights, REPORT_BADGE);
    if (c->report_cap == seL4_CapNull || !kt_thread_create(env, &c->t, KT_HELPER_PRIO))
        return false;
    err = seL4_TCB_SetSpace(c->t.tcb, c->fault_cap, ROOT, 0, env->vspace, 0);
    return KT_CHECK_ERR(err, seL4_NoError);
}

static void fctx_fini(struct kt_env *env, struct fault_ctx *c) {
    kt_thread_destroy(env, &c->t);
    kt_free(env, c->report_cap);
    kt_free(env, c->fault_cap);
    kt_free(env, c->ep);
}

/* Receive the next fault message; false (and a failure) if it is not one. */
static bool expect_fault(struct fault_ctx *c, seL4_Word type, seL4_Word length,
                         seL4_MessageInfo_t *tag_out) {
    seL4_MessageInfo_t tag;
    seL4_Word badge = 0;

    tag = seL4_Recv(c->ep, &badge);
    if (tag_out != NULL)
        *tag_out = tag;
    if (!KT_CHECK_EQ(badge, FAULT_BADGE)) {
        kt_printf("      (got a report, MR0 0x%lx, not a fault)\n", seL4_GetMR(0));
        return false;
    }
    KT_CHECK_EQ(seL4_MessageInfo_get_extraCaps(tag), 0);
    return KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), type) &&
           KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), length);
}

/* Receive the probe's report; returns its MR0. */
static seL4_Word expect_report(struct fault_ctx *c) {
    seL4_MessageInfo_t tag;
    seL4_Word badge = 0;

    tag = seL4_Recv(c->ep, &badge);
    if (!KT_CHECK_EQ(badge, REPORT_BADGE))
        kt_print_fault("probe", badge, tag);
    return seL4_GetMR(0);
}

/* After a drain: true if the probe has neither reported nor faulted. */
static bool probe_silent(struct kt_env *env, struct fault_ctx *c) {
    seL4_Word badge = 0;

    kt_drain(env);
    seL4_NBRecv(c->ep, &badge);
    return badge == 0;
}

/* CapFault on the invoked cap (send phase): guard mismatch; restart. */
static int test_cap_fault_send(struct kt_env *env) {
    struct fault_ctx c;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start_probe(&c.t, kt_probe_send_info, 0x1000, 0,
                          seL4_MessageInfo_new(0, 0, 0, 1).words[0]);
    if (expect_fault(&c, seL4_Fault_CapFault, 7, NULL)) {
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)kt_probe_send_info_insn);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), 0x1000);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 0);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_GuardMismatch);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 64);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_GuardMismatch_GuardFound), 0);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_GuardMismatch_BitsFound), 52);
    }
    /* The reply restarts the syscall, which faults again. */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    if (expect_fault(&c, seL4_Fault_CapFault, 7, NULL))
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)kt_probe_send_info_insn);
    fctx_fini(env, &c);
    return kt_result();
}

/* CapFault in the receive phase: empty slot, missing Read right, frame. */
static int test_cap_fault_recv(struct kt_env *env) {
    seL4_CPtr empty = kt_slot(env);
    seL4_CPtr ep2 = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr wo = kt_copy(env, ep2, seL4_CanWrite);
    seL4_CPtr frame = kt_alloc(env, seL4_X86_4K, 0);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr nwo = kt_copy(env, n, seL4_CanWrite);
    seL4_CPtr targets[] = {empty, wo, frame, nwo};
    struct fault_ctx c;
    unsigned i;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    for (i = 0; i < KT_ARRAY_SIZE(targets); i++) {
        kt_thread_start_probe(&c.t, kt_probe_recv, c.report_cap, targets[i], 0);
        if (!expect_fault(&c, seL4_Fault_CapFault, 5, NULL)) {
            kt_printf("      (case %u)\n", i);
            continue;
        }
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)kt_probe_recv_insn);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), targets[i]);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 0);
        KT_CHECK_ERR(seL4_TCB_Suspend(c.t.tcb), seL4_NoError);
    }
    fctx_fini(env, &c);
    kt_free(env, nwo);
    kt_free(env, n);
    kt_free(env, frame);
    kt_free(env, wo);
    kt_free(env, ep2);
    return kt_result();
}

/* The handler fixes the cap and replies: the Recv is re-done and works. */
static int test_cap_fault_fixed(struct kt_env *env) {
    seL4_CPtr slot = kt_slot(env);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    struct fault_ctx c;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start_probe(&c.t, kt_probe_recv, c.report_cap, slot, 0);
    if (expect_fault(&c, seL4_Fault_CapFault, 5, NULL)) {
        KT_CHECK_ERR(seL4_CNode_Mint(ROOT, slot, D64, ROOT, n, D64, seL4_AllRights, 0x4d),
                     seL4_NoError);
        seL4_Signal(slot);
        /* Label and contents of a CapFault reply are ignored. */
        seL4_SetMR(0, 0xbad);
        seL4_Reply(seL4_MessageInfo_new(0x7, 0, 0, 1));
        KT_CHECK_EQ(expect_report(&c), 0x4d);
    }
    fctx_fini(env, &c);
    kt_free(env, slot);
    kt_free(env, n);
    return kt_result();
}

/* An extra cap that does not resolve: CapFault naming that cptr. */
static void send_bad_extra_cap(struct kt_thread *t, seL4_Word ep, seL4_Word bad, seL4_Word unused) {
    seL4_SetCap(0, bad);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 1, 0));
    t->result = 1;
}

static int test_cap_fault_extra_cap(struct kt_env *env) {
    struct fault_ctx c;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start(&c.t, send_bad_extra_cap, c.report_cap, 0x2000, 0);
    if (expect_fault(&c, seL4_Fault_CapFault, 7, NULL)) {
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), 0x2000);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 0);
        KT_CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_GuardMismatch);
    }
    fctx_fini(env, &c);
    return kt_result();
}

/* NBSend on an unresolvable cptr: nothing happens, no fault. */
static void nbsend_bad(struct kt_thread *t, seL4_Word bad, seL4_Word unused, seL4_Word unused2) {
    seL4_NBSend(bad, seL4_MessageInfo_new(0, 0, 0, 0));
    t->result = 1;
}

static int test_nbsend_no_fault(struct kt_env *env) {
    struct kt_thread t;

    /* A fault would reach the runner (helper fault) and fail the test. */
    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    kt_thread_start(&t, nbsend_bad, 0x1000, 0, 0);
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 1);
    kt_thread_destroy(env, &t);
    return kt_result();
}

/* Check an UnknownSyscall message against the probe's register values. */
static void check_unknown_syscall_msg(struct fault_ctx *c, seL4_Word number) {
    static const struct {
        unsigned mr;
        seL4_Word value;
    } regs[] = {
        {seL4_UnknownSyscall_RAX, KT_PROBE_RAX}, {seL4_UnknownSyscall_RBX, KT_PROBE_RBX},
        {seL4_UnknownSyscall_RSI, KT_PROBE_RSI}, {seL4_UnknownSyscall_RDI, KT_PROBE_RDI},
        {seL4_UnknownSyscall_RBP, KT_PROBE_RBP}, {seL4_UnknownSyscall_R8, KT_PROBE_R8},
        {seL4_UnknownSyscall_R9, KT_PROBE_R9},   {seL4_UnknownSyscall_R10, KT_PROBE_R10},
        {seL4_UnknownSyscall_R14, KT_PROBE_R14}, {seL4_UnknownSyscall_R15, KT_PROBE_R15},
    };
    unsigned i;

    for (i = 0; i < KT_ARRAY_SIZE(regs); i++)
        if (!KT_CHECK_EQ(seL4_GetMR(regs[i].mr), regs[i].value))
            kt_printf("      (MR%u)\n", regs[i].mr);
    KT_CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_RDX), number);
    KT_CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_R12), c->report_cap);
    KT_CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_R13), number);
    KT_CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)kt_probe_unknown_syscall_insn);
    KT_CHECK(seL4_GetMR(seL4_UnknownSyscall_FLAGS) & 0x200);
    KT_CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), number);
}

/*
 * Reply to an UnknownSyscall fault with the registers it reported, RAX
 * replaced and the IP moved by `ip_delta` (2 skips the syscall).  The
 * registers are written back even when `label` != 0 (the thread then stays
 * stopped).
 */
static void reply_regs(seL4_Word new_rax, seL4_Word ip_delta, seL4_Word label) {
    seL4_Word mrs[18], i;

    for (i = 0; i < 18; i++)
        mrs[i] = seL4_GetMR((int)i);
    mrs[seL4_UnknownSyscall_RAX] = new_rax;
    mrs[seL4_UnknownSyscall_FaultIP] += ip_delta;
    for (i = 0; i < 18; i++)
        seL4_SetMR((int)i, mrs[i]);
    seL4_Reply(seL4_MessageInfo_new(label, 0, 0, 18));
}

static int test_unknown_syscall(struct kt_env *env) {
    static const seL4_Word numbers[] = {
        1234, 0, (seL4_Word)-15, (seL4_Word)-30, 0x7fffffff,
    };
    struct fault_ctx c;
    unsigned i;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    for (i = 0; i < KT_ARRAY_SIZE(numbers); i++) {
        kt_thread_start_probe(&c.t, kt_probe_unknown_syscall, c.report_cap, numbers[i], 0);
        if (!expect_fault(&c, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length, NULL)) {
            kt_printf("      (syscall number 0x%lx)\n", numbers[i]);
            continue;
        }
        check_unknown_syscall_msg(&c, numbers[i]);
        /* Skip the syscall and return 0x5a5a + i in RAX. */
        reply_regs(0x5a5a + i, 2, 0);
        KT_CHECK_EQ(expect_report(&c), 0x5a5a + i);
        KT_CHECK_ERR(seL4_TCB_Suspend(c.t.tcb), seL4_NoError);
    }
    fctx_fini(env, &c);
    return kt_result();
}

/* A reply with a non-zero label leaves the thread stopped. */
static int test_unknown_syscall_stop(struct kt_env *env) {
    struct fault_ctx c;
    seL4_UserContext r;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start_probe(&c.t, kt_probe_unknown_syscall, c.report_cap, 99, 0);
    if (expect_fault(&c, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length, NULL)) {
        reply_regs(0, 0, 1);
        KT_CHECK(probe_silent(env, &c));
        KT_CHECK_ERR(seL4_TCB_ReadRegisters(c.t.tcb, 0, 0, 20, &r), seL4_NoError);
        KT_CHECK_EQ(r.rip, (seL4_Word)kt_probe_unknown_syscall_insn);
    }
    fctx_fini(env, &c);
    return kt_result();
}

/* int $0xa0 (a user trap gate) is an UnknownSyscall fault too. */
static int test_int_trap(struct kt_env *env) {
    struct fault_ctx c;
    seL4_Word number;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start_probe(&c.t, kt_probe_int_trap, c.report_cap, 0, 0);
    if (expect_fault(&c, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length, NULL)) {
        KT_CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)kt_probe_int_trap_insn);
        KT_CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_RAX), KT_PROBE_TRAP_RAX);
        /* (vector << 24) | (EAX & 0xffffff); compare the low 32
         * bits (upstream sign-extends the int). */
        number = seL4_GetMR(seL4_UnknownSyscall_Syscall);
        KT_CHECK_EQ(number & 0xffffffff,
                    ((seL4_Word)KT_PROBE_TRAP_VECTOR << 24) | (KT_PROBE_TRAP_RAX & 0xffffff));
        reply_regs(0x77, 2, 0);
        KT_CHECK_EQ(expect_report(&c), 0x77);
    }
    fctx_fini(env, &c);
    return kt_result();
}

/* int $0xff is ignored (spurious vector). */
static int test_int_ff_ignored(struct kt_env *env) {
    struct fault_ctx c;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start_probe(&c.t, kt_probe_int_ff, c.report_cap, 0, 0);
    KT_CHECK_EQ(expect_report(&c), KT_PROBE_DONE);
    fctx_fini(env, &c);
    return kt_result();
}

/* UserException: check the message; optionally resume at `resume_ip`. */
/*
 * Error code of a #GP raised by `int $vector` through a gate the caller may
 * not use: the IDT flag (2) and the vector as the selector index.  Real
 * CPUs put the vector in bits 3..; QEMU's TCG puts it in bits 4.. (the
 * byte offset of the 16-byte gate).  The kernel passes either through.
 */
static bool is_idt_gp_code(seL4_Word code, seL4_Word vector) {
    return code == ((vector << 3) | 2) || code == ((vector << 4) | 2);
}

static void check_user_exception(struct kt_env *env, const void *probe, const void *fault_ip,
                                 seL4_Word number, seL4_Word code, const void *resume_ip) {
    struct fault_ctx c;

    if (!fctx_init(env, &c, seL4_AllRights))
        return;
    kt_thread_start_probe(&c.t, probe, c.report_cap, 0, 0);
    if (expect_fault(&c, seL4_Fault_UserException, seL4_UserException_Length, NULL)) {
        KT_CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)fault_ip);
        KT_CHECK_EQ(seL4_GetMR(seL4_UserException_SP), c.t.stack_top);
        KT_CHECK(seL4_GetMR(seL4_UserException_FLAGS) & 0x200);
        KT_CHECK_EQ(seL4_GetMR(seL4_UserException_Number), number);
        if (code & KT_GP_IDT_CODE)
            KT_CHECK(is_idt_gp_code(seL4_GetMR(seL4_UserException_Code), code & 0xff));
        else
            KT_CHECK_EQ(seL4_GetMR(seL4_UserException_Code), code);
        if (resume_ip != NULL) {
            seL4_SetMR(0, (seL4_Word)resume_ip);
            seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));
            KT_CHECK_EQ(expect_report(&c), KT_PROBE_DONE);
        } else {
            /* Label != 0: the thread stays stopped. */
            seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 0));
            KT_CHECK(probe_silent(env, &c));
        }
    }
    fctx_fini(env, &c);
}

static int test_ud2(struct kt_env *env) {
    check_user_exception(env, kt_probe_ud2, kt_probe_ud2_insn, 6, 0, kt_probe_ud2_insn + 2);
    return kt_result();
}

/* int3 is a trap: the saved IP is already past the 1-byte instruction. */
static int test_int3(struct kt_env *env) {
    check_user_exception(env, kt_probe_int3, kt_probe_int3_insn + 1, 3, 0, kt_probe_int3_insn + 1);
    return kt_result();
}

static int test_general_protection(struct kt_env *env) {
    /* int $0x80 through a DPL 0 gate: an IDT-referencing error code. */
    check_user_exception(env, kt_probe_int80, kt_probe_int80_insn, 13, KT_GP_IDT_CODE | 0x80, NULL);
    check_user_exception(env, kt_probe_hlt, kt_probe_hlt_insn, 13, 0, NULL);
    return kt_result();
}

static int test_divide_error(struct kt_env *env) {
    check_user_exception(env, kt_probe_divide, kt_probe_divide_insn, 0, 0, NULL);
    return kt_result();
}

/* With fpuDisabled, the first SSE instruction raises #NM (7). */
static int test_fpu_disabled(struct kt_env *env) {
    struct fault_ctx c;
    seL4_TCB_SetFlags_t r;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    r = seL4_TCB_SetFlags(c.t.tcb, 0, seL4_TCBFlag_fpuDisabled);
    KT_CHECK_ERR(r.error, seL4_NoError);
    kt_thread_start_probe(&c.t, kt_probe_sse, c.report_cap, 0, 0);
    if (expect_fault(&c, seL4_Fault_UserException, seL4_UserException_Length, NULL)) {
        KT_CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)kt_probe_sse_insn);
        KT_CHECK_EQ(seL4_GetMR(seL4_UserException_Number), 7);
        /* Enable the FPU and retry the instruction. */
        r = seL4_TCB_SetFlags(c.t.tcb, seL4_TCBFlag_fpuDisabled, 0);
        KT_CHECK_ERR(r.error, seL4_NoError);
        seL4_SetMR(0, (seL4_Word)kt_probe_sse_insn);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
        KT_CHECK_EQ(expect_report(&c), KT_PROBE_DONE);
    }
    fctx_fini(env, &c);
    return kt_result();
}

/*
 * VMFault on a load from an unmapped page: reported with the address and
 * FSR 4 (user, read, not present); replying without fixing anything just
 * faults again; after the handler maps the page, the load completes.
 */
static int test_vm_fault_read(struct kt_env *env) {
    seL4_Word va = env->vm_window + 0x5000;
    struct kt_vm_tables tables;
    seL4_CPtr frame;
    struct fault_ctx c;

    if (!kt_vm_prepare(env, env->vspace, va, &tables) || !fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start_probe(&c.t, kt_probe_load, c.report_cap, va + 0x18, 0);
    if (expect_fault(&c, seL4_Fault_VMFault, seL4_VMFault_Length, NULL)) {
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), (seL4_Word)kt_probe_load_insn);
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), va + 0x18);
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_PrefetchFault), 0);
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 0x4);
    }
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    if (expect_fault(&c, seL4_Fault_VMFault, seL4_VMFault_Length, NULL))
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), va + 0x18);
    frame = kt_vm_map_new_frame(env, env->vspace, va, seL4_ReadWrite);
    if (frame != seL4_CapNull) {
        *(volatile seL4_Word *)(va + 0x18) = 0x1234abcd;
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
        KT_CHECK_EQ(expect_report(&c), 0x1234abcd);
    }
    fctx_fini(env, &c);
    kt_free(env, frame);
    kt_vm_release(env, &tables);
    return kt_result();
}

/* Writes: to nothing (FSR 6), to a read-only page (FSR 7). */
static int test_vm_fault_write(struct kt_env *env) {
    seL4_Word va = env->vm_window + 0x7000;
    volatile seL4_Word *p = (volatile seL4_Word *)va;
    struct kt_vm_tables tables;
    seL4_CPtr frame = seL4_CapNull;
    struct fault_ctx c;
    seL4_Error err;

    if (!kt_vm_prepare(env, env->vspace, va, &tables) || !fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start_probe(&c.t, kt_probe_store, c.report_cap, va, 0x55aa);
    if (expect_fault(&c, seL4_Fault_VMFault, seL4_VMFault_Length, NULL)) {
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), (seL4_Word)kt_probe_store_insn);
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), va);
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 0x6);
        frame = kt_vm_map_new_frame(env, env->vspace, va, seL4_CanRead);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
    if (frame != seL4_CapNull && expect_fault(&c, seL4_Fault_VMFault, seL4_VMFault_Length, NULL)) {
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), va);
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 0x7);
        /* Remap read-write in place and let the store happen. */
        err = seL4_X86_Page_Map(frame, env->vspace, va, seL4_ReadWrite,
                                seL4_X86_Default_VMAttributes);
        KT_CHECK_ERR(err, seL4_NoError);
        /* Label and contents of a VMFault reply are ignored. */
        seL4_SetMR(0, 0xbad);
        seL4_Reply(seL4_MessageInfo_new(0x3, 0, 0, 1));
        KT_CHECK_EQ(expect_report(&c), KT_PROBE_DONE);
        KT_CHECK_EQ(*p, 0x55aa);
    }
    fctx_fini(env, &c);
    kt_free(env, frame);
    kt_vm_release(env, &tables);
    return kt_result();
}

/* Instruction fetch from an unmapped address. */
static int test_vm_fault_prefetch(struct kt_env *env) {
    seL4_Word target = env->vm_window + 0x123000;
    seL4_Word fsr, prefetch;
    struct fault_ctx c;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start_probe(&c.t, kt_probe_jump, c.report_cap, target, 0);
    if (expect_fault(&c, seL4_Fault_VMFault, seL4_VMFault_Length, NULL)) {
        fsr = seL4_GetMR(seL4_VMFault_FSR);
        prefetch = seL4_GetMR(seL4_VMFault_PrefetchFault);
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), target);
        KT_CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), target);
        KT_CHECK_EQ(fsr & 0x7, 0x4); /* user, read, not present */
        /* PrefetchFault is the error code's I/D bit (set by the CPU
         * only with NX or SMEP enabled). */
        KT_CHECK_EQ(prefetch, (fsr >> 4) & 1);
        kt_printf("    (instruction fetch: FSR 0x%lx, PrefetchFault %lu)\n", fsr, prefetch);
    }
    fctx_fini(env, &c);
    return kt_result();
}

/* No fault handler: the faulting thread just stops. */
static int test_no_handler(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr report = kt_mint(env, ep, seL4_AllRights, REPORT_BADGE);
    seL4_UserContext r;
    struct kt_thread t;
    seL4_Word badge = 0;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_SetSpace(t.tcb, seL4_CapNull, ROOT, 0, env->vspace, 0), seL4_NoError);
    kt_thread_start_probe(&t, kt_probe_ud2, report, 0, 0);
    kt_drain(env);
    seL4_NBRecv(ep, &badge);
    KT_CHECK_EQ(badge, 0);
    KT_CHECK_ERR(seL4_TCB_ReadRegisters(t.tcb, 0, 0, 20, &r), seL4_NoError);
    KT_CHECK_EQ(r.rip, (seL4_Word)kt_probe_ud2_insn);
    kt_thread_destroy(env, &t);
    kt_free(env, report);
    kt_free(env, ep);
    return kt_result();
}

/*
 * The handler cap needs Write and Grant or GrantReply: GrantReply alone
 * works, Write alone means no handler (the thread stops).
 */
static int test_handler_rights(struct kt_env *env) {
    struct fault_ctx c;

    if (fctx_init(env, &c, seL4_CapRights_new(1, 0, 0, 1))) {
        kt_thread_start_probe(&c.t, kt_probe_ud2, c.report_cap, 0, 0);
        if (expect_fault(&c, seL4_Fault_UserException, seL4_UserException_Length, NULL)) {
            seL4_SetMR(0, (seL4_Word)kt_probe_ud2_insn + 2);
            seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
            KT_CHECK_EQ(expect_report(&c), KT_PROBE_DONE);
        }
    }
    fctx_fini(env, &c);
    if (fctx_init(env, &c, seL4_ReadWrite)) {
        kt_thread_start_probe(&c.t, kt_probe_ud2, c.report_cap, 0, 0);
        KT_CHECK(probe_silent(env, &c));
    }
    fctx_fini(env, &c);
    /* A notification is no fault handler either. */
    if (fctx_init(env, &c, seL4_AllRights)) {
        seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
        seL4_Word badge = 0;

        KT_CHECK_ERR(seL4_TCB_SetSpace(c.t.tcb, n, ROOT, 0, env->vspace, 0), seL4_NoError);
        kt_thread_start_probe(&c.t, kt_probe_ud2, c.report_cap, 0, 0);
        KT_CHECK(probe_silent(env, &c));
        seL4_Poll(n, &badge);
        KT_CHECK_EQ(badge, 0);
        kt_free(env, n);
    }
    fctx_fini(env, &c);
    return kt_result();
}

/*
 * The fault handler is a cptr looked up in the faulting thread's CSpace
 * when the fault happens: a cap put into that slot after the thread was
 * configured is the one used.
 */
static int test_handler_looked_up_late(struct kt_env *env) {
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr report = kt_mint(env, ep, seL4_AllRights, REPORT_BADGE);
    seL4_CPtr late = kt_slot(env);
    seL4_MessageInfo_t tag;
    struct kt_thread t;
    seL4_Word badge = 0;

    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    KT_CHECK_ERR(seL4_TCB_SetSpace(t.tcb, late, ROOT, 0, env->vspace, 0), seL4_NoError);
    KT_CHECK_ERR(seL4_CNode_Mint(ROOT, late, D64, ROOT, ep, D64, seL4_AllRights, 0x1a7e),
                 seL4_NoError);
    kt_thread_start_probe(&t, kt_probe_ud2, report, 0, 0);
    tag = seL4_Recv(ep, &badge);
    KT_CHECK_EQ(badge, 0x1a7e);
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_UserException);
    kt_thread_destroy(env, &t);
    kt_free(env, late);
    kt_free(env, report);
    kt_free(env, ep);
    return kt_result();
}

/* A fault's reply cap can be saved and used later with Send. */
static int test_fault_saved_reply(struct kt_env *env) {
    seL4_CPtr saved = kt_slot(env);
    struct fault_ctx c;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start_probe(&c.t, kt_probe_ud2, c.report_cap, 0, 0);
    if (expect_fault(&c, seL4_Fault_UserException, seL4_UserException_Length, NULL)) {
        KT_CHECK_ERR(seL4_CNode_SaveCaller(ROOT, saved, D64), seL4_NoError);
        KT_CHECK_EQ(seL4_DebugCapIdentify(saved), KT_CAP_REPLY);
        KT_CHECK(probe_silent(env, &c));
        seL4_SetMR(0, (seL4_Word)kt_probe_ud2_insn + 2);
        seL4_Send(saved, seL4_MessageInfo_new(0, 0, 0, 1));
        KT_CHECK_EQ(expect_report(&c), KT_PROBE_DONE);
        KT_CHECK_EQ(seL4_DebugCapIdentify(saved), KT_CAP_NULL);
    }
    fctx_fini(env, &c);
    return kt_result();
}

/* A UserException reply sets FaultIP and RSP (and RFLAGS) of the thread. */
static int test_user_exception_reply_sp(struct kt_env *env) {
    struct fault_ctx c;

    if (!fctx_init(env, &c, seL4_AllRights))
        return kt_result();
    kt_thread_start_probe(&c.t, kt_probe_ud2_rsp, c.report_cap, 0, 0);
    if (expect_fault(&c, seL4_Fault_UserException, seL4_UserException_Length, NULL)) {
        seL4_SetMR(0, (seL4_Word)kt_probe_ud2_rsp_insn + 2);
        seL4_SetMR(1, 0x12345670);
        seL4_SetMR(2, 0x202);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));
        KT_CHECK_EQ(expect_report(&c), 0x12345670);
    }
    fctx_fini(env, &c);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"FAULT0001", "CapFault on the invoked cap; reply restarts", test_cap_fault_send},
    {"FAULT0002", "CapFault in the receive phase", test_cap_fault_recv},
    {"FAULT0003", "handler fixes the cap, Recv succeeds", test_cap_fault_fixed},
    {"FAULT0004", "CapFault on an extra cap", test_cap_fault_extra_cap},
    {"FAULT0005", "NBSend on a bad cptr does not fault", test_nbsend_no_fault},
    {"FAULT0006", "UnknownSyscall: 19 MRs; reply skips the syscall", test_unknown_syscall},
    {"FAULT0007", "UnknownSyscall reply label != 0 stops the thread", test_unknown_syscall_stop},
    {"FAULT0008", "int $0xa0 is an UnknownSyscall", test_int_trap},
    {"FAULT0009", "int $0xff is ignored", test_int_ff_ignored},
    {"FAULT0010", "UserException ud2 (#UD 6), resume past it", test_ud2},
    {"FAULT0011", "UserException int3 (#BP 3)", test_int3},
    {"FAULT0012", "UserException #GP (13) with error codes", test_general_protection},
    {"FAULT0013", "UserException divide error (0)", test_divide_error},
    {"FAULT0014", "fpuDisabled: SSE raises #NM (7)", test_fpu_disabled},
    {"FAULT0015", "VMFault on read; map and restart", test_vm_fault_read},
    {"FAULT0016", "VMFault on write: unmapped, read-only", test_vm_fault_write},
    {"FAULT0017", "VMFault on instruction fetch", test_vm_fault_prefetch},
    {"FAULT0018", "fault without a handler stops the thread", test_no_handler},
    {"FAULT0019", "handler cap rights: GrantReply suffices", test_handler_rights},
    {"FAULT0020", "handler cptr is looked up at fault time", test_handler_looked_up_late},
    {"FAULT0021", "reply to a fault through a saved reply cap", test_fault_saved_reply},
    {"FAULT0022", "UserException reply sets IP and SP", test_user_exception_reply_sp},
};

const struct kt_group kt_group_faults = {"faults", tests, KT_ARRAY_SIZE(tests)};
