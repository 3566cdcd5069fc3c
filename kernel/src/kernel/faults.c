/*
 * Fault delivery.
 *
 * A faulting thread is made to Call its fault handler: the handler
 * capability is a CPtr stored in the TCB, looked up in the faulting thread's
 * CSpace when the fault happens; it must be an endpoint capability with
 * Write and Grant or GrantReply.  Without one the thread just stops
 * (inactive) and the kernel says why on the console.  Message layouts and
 * what a reply may change are those of reference §8.
 */
#include <kernel.h>

static const unsigned syscall_fault_regs[18] = {
    REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_RBP, REG_R8, REG_R9,
    REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15, REG_RIP, REG_RSP, REG_RFLAGS,
};
static const unsigned exception_fault_regs[3] = { REG_RIP, REG_RSP, REG_RFLAGS };

static const char *const fault_names[] = { "null", "cap", "unknown syscall", "user exception", "?", "vm" };

void handle_fault(tcb_t *t)
{
    t->fault = current_fault;
    if (current_fault.type == fault_cap)
        t->lookup_fault = current_lookup_fault;
    cap_t h;
    bool ok = lookup_cap(t, t->fault_handler, &h) == EXCEPTION_NONE && cap_get_type(h) == cap_endpoint &&
              (cap_rights(h) & CAP_RIGHT_WRITE) && (cap_rights(h) & (CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY));
    if (!ok) {
        kprintf("fault: %s fault in thread '%s' at ip %lx (data %lx %lx) with no valid handler: thread stopped\n",
                fault_names[t->fault.type < 6 ? t->fault.type : 4], t->name, t->fault_ip, t->fault.w[0],
                t->fault.w[1]);
        t->fault.type = fault_null;
        set_thread_state(t, ts_inactive);
        return;
    }
    send_ipc(true, false, cap_badge(h), cap_rights(h) & CAP_RIGHT_GRANT, true, t, cap_ptr(h));
}

static word_t reg_value(tcb_t *t, unsigned reg)
{
    return reg == REG_RIP ? t->fault_ip : *ctx_reg(t, reg);
}

unsigned set_fault_mrs(tcb_t *r, word_t *buf, tcb_t *f)
{
    switch (f->fault.type) {
    case fault_cap: {
        lookup_fault_t *lf = &f->lookup_fault;
        set_mr(r, buf, 0, f->fault_ip);
        set_mr(r, buf, 1, f->fault.w[0]);
        set_mr(r, buf, 2, f->fault.w[1]);
        set_mr(r, buf, 3, lf->type);
        switch (lf->type) {
        case seL4_MissingCapability:
            set_mr(r, buf, 4, lf->bits_left);
            return 5;
        case seL4_DepthMismatch:
            set_mr(r, buf, 4, lf->bits_left);
            set_mr(r, buf, 5, lf->w1);
            return 6;
        case seL4_GuardMismatch:
            set_mr(r, buf, 4, lf->bits_left);
            set_mr(r, buf, 5, lf->w1);
            set_mr(r, buf, 6, lf->w2);
            return 7;
        default:
            return 4;
        }
    }
    case fault_unknown_syscall:
        for (unsigned i = 0; i < 18; i++)
            set_mr(r, buf, i, reg_value(f, syscall_fault_regs[i]));
        set_mr(r, buf, 18, f->fault.w[0]);
        return buf ? 19 : 4;
    case fault_user_exception:
        for (unsigned i = 0; i < 3; i++)
            set_mr(r, buf, i, reg_value(f, exception_fault_regs[i]));
        set_mr(r, buf, 3, f->fault.w[0]);
        set_mr(r, buf, 4, f->fault.w[1]);
        return buf ? 5 : 4;
    case fault_vm:
        set_mr(r, buf, 0, f->fault_ip);
        set_mr(r, buf, 1, f->fault.w[0]);
        set_mr(r, buf, 2, f->fault.w[1]);
        set_mr(r, buf, 3, f->fault.w[2]);
        return 4;
    default:
        return 0;
    }
}

static void write_back(tcb_t *faulter, tcb_t *handler, const unsigned *regs, unsigned n)
{
    word_t *buf = lookup_ipc_buffer(false, handler);
    word_t len = mi_length(handler->ctx.rsi);
    if (!buf && len > 4)
        len = 4;
    n = (unsigned)MIN((word_t)n, len);
    for (unsigned i = 0; i < n; i++) {
        word_t v = sanitise_register(regs[i], get_mr(handler, buf, i));
        if (regs[i] == REG_RIP)
            faulter->fault_ip = v;
        else
            *ctx_reg(faulter, regs[i]) = v;
    }
    faulter->ctx.error = ENTRY_IRET;
}

/* Apply a fault handler's reply; returns whether the thread restarts. */
bool handle_fault_reply(tcb_t *faulter, tcb_t *handler)
{
    word_t label = mi_label(handler->ctx.rsi);
    switch (faulter->fault.type) {
    case fault_unknown_syscall:
        write_back(faulter, handler, syscall_fault_regs, 18);
        return label == 0;
    case fault_user_exception:
        write_back(faulter, handler, exception_fault_regs, 3);
        return label == 0;
    default:
        return true;
    }
}
