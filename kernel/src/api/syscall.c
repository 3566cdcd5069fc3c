/*
 * System-call and trap handling: the kernel's entry points from traps.S.
 *
 *   c_handle_syscall   syscall instruction (fastpath first, see fastpath.c)
 *   c_handle_trap      exceptions, interrupts and `int N` from user mode
 *   c_handle_kernel_trap   anything taken in kernel mode: interrupts while
 *                      idle; a CPU exception in the kernel is a bug → panic
 *
 * Every path ends the same way: schedule(), activate the chosen thread,
 * return to user mode through restore_user_context (traps.S).
 */
#include <kernel.h>
#include <arch/machine.h>
#include <sel4/syscall.h>
#include <sel4/constants.h>

static bool reply_is_call, reply_set;

/* Kernel replies to an invocation made with Call. */
void reply_set_mr(unsigned i, word_t v)
{
    if (reply_is_call)
        set_mr(ks_cur_thread, lookup_ipc_buffer(true, ks_cur_thread), i, v);
}

void reply_set_length(word_t len)
{
    if (reply_is_call) {
        ks_cur_thread->ctx.rsi = msg_info_new(0, 0, 0, len);
        ks_cur_thread->ctx.rdi = 0;
        reply_set = true;
    }
}

void set_msg_info_reply(tcb_t *t, word_t label, word_t length)
{
    reply_set_length(length);
    t->ctx.rsi = msg_info_new(label, 0, 0, length);
}

void reply_from_kernel_success_empty(tcb_t *t)
{
    t->ctx.rsi = 0;
    t->ctx.rdi = 0;
}

void reply_from_kernel_error(tcb_t *t)
{
    word_t *buf = lookup_ipc_buffer(true, t);
    syscall_error_t *e = &current_syscall_error;
    unsigned n = 0;
    switch (e->type) {
    case seL4_InvalidArgument:
        n = set_mr(t, buf, 0, e->invalid_argument_number);
        break;
    case seL4_InvalidCapability:
        n = set_mr(t, buf, 0, e->invalid_cap_number);
        break;
    case seL4_RangeError:
        set_mr(t, buf, 0, e->range_min);
        n = set_mr(t, buf, 1, e->range_max);
        break;
    case seL4_FailedLookup: {
        lookup_fault_t *lf = &current_lookup_fault;
        set_mr(t, buf, 0, e->failed_lookup_was_source);
        n = set_mr(t, buf, 1, lf->type);
        if (lf->type == seL4_MissingCapability || lf->type == seL4_DepthMismatch || lf->type == seL4_GuardMismatch)
            n = set_mr(t, buf, 2, lf->bits_left);
        if (lf->type == seL4_DepthMismatch || lf->type == seL4_GuardMismatch)
            n = set_mr(t, buf, 3, lf->w1);
        if (lf->type == seL4_GuardMismatch)
            n = set_mr(t, buf, 4, lf->w2);
        break;
    }
    case seL4_NotEnoughMemory:
        n = set_mr(t, buf, 0, e->memory_left);
        break;
    default:
        break;
    }
    t->ctx.rsi = msg_info_new(e->type, 0, 0, n);
    t->ctx.rdi = 0;
}

static void cap_fault(tcb_t *t, cptr_t addr, bool in_receive)
{
    current_fault = (fault_t){ fault_cap, { addr, in_receive, 0, 0 } };
    handle_fault(t);
}

static void handle_invocation(bool is_call, bool is_blocking)
{
    tcb_t *t = ks_cur_thread;
    word_t info = t->ctx.rsi;
    cptr_t cptr = t->ctx.rdi;
    cap_t cap;
    cte_t *slot;
    if (lookup_cap_and_slot(t, cptr, &cap, &slot) != EXCEPTION_NONE) {
        if (is_blocking)
            cap_fault(t, cptr, false);
        return;
    }
    word_t *buffer = lookup_ipc_buffer(false, t);
    if (lookup_extra_caps(t, buffer, info) != EXCEPTION_NONE) {
        if (is_blocking) {
            current_fault.type = fault_cap;
            current_fault.w[1] = 0;
            handle_fault(t);
        }
        return;
    }
    word_t length = MIN(mi_length(info), (word_t)seL4_MsgMaxLength);
    if (!buffer && length > 4)
        length = 4;
    reply_is_call = is_call;
    reply_set = false;
    exception_t ex = decode_invocation(mi_label(info), length, cptr, slot, cap, is_blocking, is_call, buffer);
    if (ex == EXCEPTION_SYSCALL_ERROR) {
        if (is_call)
            reply_from_kernel_error(t);
    } else if (is_call && !reply_set && t->state == ts_running) {
        cap_type_t ty = cap_get_type(cap);
        if (ty != cap_endpoint)
            reply_from_kernel_success_empty(t);
    }
    reply_is_call = false;
}

static void handle_recv(bool blocking)
{
    tcb_t *t = ks_cur_thread;
    cptr_t cptr = t->ctx.rdi;
    cap_t cap;
    if (lookup_cap(t, cptr, &cap) != EXCEPTION_NONE) {
        cap_fault(t, cptr, true);
        return;
    }
    switch (cap_get_type(cap)) {
    case cap_endpoint:
        if (!(cap_rights(cap) & CAP_RIGHT_READ))
            break;
        receive_ipc(t, cap, blocking);
        return;
    case cap_notification: {
        notification_t *n = cap_ptr(cap);
        if (!(cap_rights(cap) & CAP_RIGHT_READ) || (n->bound && n->bound != t))
            break;
        receive_signal(t, cap, blocking);
        return;
    }
    default:
        break;
    }
    current_lookup_fault = (lookup_fault_t){ seL4_MissingCapability, 0, 0, 0 };
    cap_fault(t, cptr, true);
}

static void handle_reply(void)
{
    tcb_t *t = ks_cur_thread;
    cte_t *slot = &t->ctes[tcb_cte_caller];
    cap_t c = slot->cap;
    if (cap_get_type(c) == cap_reply)
        do_reply_transfer(t, cap_ptr(c), slot, cap_reply_can_grant(c));
}

static void handle_debug_syscall(sword_t sysno)
{
    tcb_t *t = ks_cur_thread;
    switch (sysno) {
    case seL4_SysDebugPutChar:
        kputchar((char)(t->ctx.rdi & 0xff));
        return;
    case seL4_SysDebugDumpScheduler:
        dump_scheduler();
        return;
    case seL4_SysDebugHalt:
        kprintf("DebugHalt from thread '%s': halting\n", t->name);
        machine_halt(false);
    case seL4_SysDebugSnapshot:
        kprintf("DebugSnapshot: not supported by this kernel\n");
        return;
    case seL4_SysDebugCapIdentify: {
        cap_t c;
        t->ctx.rdi = lookup_cap(t, t->ctx.rdi, &c) == EXCEPTION_NONE ? debug_cap_identify(c) : 0;
        return;
    }
    case seL4_SysDebugNameThread: {
        cap_t c;
        word_t *buf = lookup_ipc_buffer(false, t);
        if (lookup_cap(t, t->ctx.rdi, &c) != EXCEPTION_NONE || cap_get_type(c) != cap_thread || !buf) {
            kprintf("DebugNameThread: not a thread capability or no IPC buffer; ignored\n");
            return;
        }
        tcb_t *target = cap_ptr(c);
        const char *name = (const char *)&buf[1];
        unsigned i = 0;
        for (; i < sizeof(target->name) - 1 && i < 960 && name[i]; i++)
            target->name[i] = name[i];
        target->name[i] = 0;
        return;
    }
    }
}

void handle_syscall_slow(word_t sysno_w)
{
    tcb_t *t = ks_cur_thread;
    sword_t sysno = (sword_t)sysno_w;
    switch (sysno) {
    case seL4_SysSend:
        handle_invocation(false, true);
        break;
    case seL4_SysNBSend:
        handle_invocation(false, false);
        break;
    case seL4_SysCall:
        handle_invocation(true, true);
        break;
    case seL4_SysRecv:
        handle_recv(true);
        break;
    case seL4_SysNBRecv:
        handle_recv(false);
        break;
    case seL4_SysReply:
        handle_reply();
        break;
    case seL4_SysReplyRecv:
        handle_reply();
        handle_recv(true);
        break;
    case seL4_SysYield:
        sched_dequeue(t);
        sched_append(t);
        reschedule_required();
        break;
    case seL4_SysDebugPutChar:
    case seL4_SysDebugDumpScheduler:
        /* printing is configured apart from debugging, as in seL4 */
        handle_debug_syscall(sysno);
        break;
    case seL4_SysDebugHalt:
    case seL4_SysDebugCapIdentify:
    case seL4_SysDebugSnapshot:
    case seL4_SysDebugNameThread:
#ifdef CONFIG_DEBUG_BUILD
        handle_debug_syscall(sysno);
        break;
#endif
    default:
        current_fault = (fault_t){ fault_unknown_syscall, { sysno_w, 0, 0, 0 } };
        handle_fault(t);
        break;
    }
}

bool fastpath_call(word_t cptr, word_t info);
bool fastpath_reply_recv(word_t cptr, word_t info);

void c_handle_syscall(word_t cptr, word_t info, word_t sysno)
{
    tcb_t *t = ks_cur_thread;
    t->fault_ip = t->ctx.rip - 2;
    if (sysno == (word_t)seL4_SysCall && fastpath_call(cptr, info))
        return;
    if (sysno == (word_t)seL4_SysReplyRecv && fastpath_reply_recv(cptr, info))
        return;
    handle_syscall_slow(sysno);
    schedule();
    activate_thread();
}

static void handle_exception(word_t vector, word_t error)
{
    tcb_t *t = ks_cur_thread;
    if (vector == 14) {
        current_fault = (fault_t){ fault_vm, { read_cr2(), (error >> 4) & 1, error, 0 } };
    } else if (vector == 7 && fpu_handle_nm()) {
        return;
    } else {
        current_fault = (fault_t){ fault_user_exception, { vector, error, 0, 0 } };
    }
    handle_fault(t);
}

void c_handle_trap(word_t vector)
{
    tcb_t *t = ks_cur_thread;
    t->fault_ip = t->ctx.rip;
    if (vector < 32) {
        handle_exception(vector, t->ctx.error);
    } else if (vector >= INT_TRAP_MIN && vector < 255) {
        t->fault_ip = t->ctx.rip - 2;
        t->ctx.rip = t->fault_ip;
        current_fault = (fault_t){ fault_unknown_syscall, { (vector << 24) | (t->ctx.rax & 0xffffff), 0, 0, 0 } };
        handle_fault(t);
    } else if (vector != VECTOR_SPURIOUS) {
        handle_irq(vector - 0x20);
    }
    t->ctx.error = ENTRY_IRET;
    schedule();
    activate_thread();
}

static const char *const exc_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound", "invalid opcode", "no FPU",
    "double fault", "coprocessor", "invalid TSS", "segment not present", "stack fault",
    "general protection", "page fault", "reserved", "x87 error", "alignment check", "machine check",
    "SIMD error", "virtualisation", "control protection",
};

word_t *c_handle_kernel_trap(word_t vector, word_t *regs)
{
    /* regs: r15..rax (15 words), vector, error, rip, cs, rflags, rsp, ss */
    if (vector >= 0x20 && vector != VECTOR_SPURIOUS && ks_cur_thread == ks_idle_thread) {
        handle_irq(vector - 0x20);
        schedule();
        activate_thread();
        restore_user_context();
    }
    if (vector == VECTOR_SPURIOUS || vector >= 0x20)
        return regs;
    kprintf("\nKERNEL EXCEPTION: %s (vector %lu) error %lx\n", vector < 32 && exc_names[vector] ? exc_names[vector] : "?",
            vector, regs[16]);
    kprintf("  rip %lx cs %lx rflags %lx rsp %lx cr2 %lx\n", regs[17], regs[18], regs[19], regs[20], read_cr2());
    kprintf("  rax %lx rbx %lx rcx %lx rdx %lx\n", regs[14], regs[13], regs[12], regs[11]);
    kprintf("  rsi %lx rdi %lx rbp %lx r8 %lx\n", regs[10], regs[9], regs[8], regs[7]);
    kprintf("  thread '%s'\n", ks_cur_thread ? ks_cur_thread->name : "(none)");
    panic("CPU exception in kernel mode");
}
