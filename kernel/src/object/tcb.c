/*
 * TCB invocations: configuration (spaces, IPC buffer, fault handler),
 * scheduling parameters, register access, suspend/resume, notification
 * binding, TLS base and flags.
 *
 * A thread's CSpace root, VSpace root and IPC-buffer frame are copies of
 * capabilities kept in the TCB's own slots, so deleting the originals does
 * not pull the rug from under a running thread.  Replacing one deletes the
 * old copy first and then copies the new cap only if its source slot still
 * holds it (the delete may have removed it).
 */
#include <kernel.h>
#include <sel4/invocation.h>
#include <sel4/constants.h>

void arch_sync_current_bases(void);
void arch_load_current_bases(void);

static exception_t error(word_t type)
{
    current_syscall_error.type = type;
    return EXCEPTION_SYSCALL_ERROR;
}

static exception_t invalid_cap(word_t n)
{
    current_syscall_error.type = seL4_InvalidCapability;
    current_syscall_error.invalid_cap_number = n;
    return EXCEPTION_SYSCALL_ERROR;
}

static exception_t range_error(word_t lo, word_t hi)
{
    current_syscall_error.type = seL4_RangeError;
    current_syscall_error.range_min = lo;
    current_syscall_error.range_max = hi;
    return EXCEPTION_SYSCALL_ERROR;
}

word_t sanitise_register(unsigned reg, word_t v)
{
    if (reg == REG_RFLAGS)
        return (v | 0x2 | 0x200) & ~(word_t)(0x8 | 0x20 | 0x100) & 0xfff;
    if (reg == REG_RIP || reg == REG_FS_BASE || reg == REG_GS_BASE) {
        if (v >= 0x0000800000000000ull && v <= 0xffff7fffffffffffull)
            return 0;
    }
    return v;
}

static word_t read_reg(tcb_t *t, unsigned reg)
{
    return reg == REG_RIP ? t->fault_ip : *ctx_reg(t, reg);
}

static void write_reg(tcb_t *t, unsigned reg, word_t v)
{
    v = sanitise_register(reg, v);
    if (reg == REG_RIP) {
        t->fault_ip = v;
        t->ctx.rip = v;
    } else {
        *ctx_reg(t, reg) = v;
    }
    t->ctx.error = ENTRY_IRET; /* restore everything on the way out */
}

void reply_set_mr(unsigned i, word_t v);
void reply_set_length(word_t len);

/* Replace the cap in one of the thread's slots by a copy of new_cap from src. */
static void install_tcb_cap(tcb_t *t, unsigned idx, cap_t new_cap, cte_t *src)
{
    cte_t *slot = &t->ctes[idx];
    cte_delete(slot);
    if (src && !cap_is_null(new_cap) && cap_same_object(new_cap, src->cap) && cap_is_null(slot->cap))
        cte_insert_copy(new_cap, src, slot);
}

static exception_t derive_space(cte_t *src, word_t data, bool is_cspace, cap_t *out)
{
    cap_t c = src->cap;
    if (is_cspace && data)
        c = update_cap_data(false, data, c);
    if (derive_cap(src, c, &c) != EXCEPTION_NONE || cap_is_null(c))
        return error(seL4_IllegalOperation);
    if (is_cspace ? cap_get_type(c) != cap_cnode : !is_valid_vtable_root(c))
        return error(seL4_IllegalOperation);
    *out = c;
    return EXCEPTION_NONE;
}

static exception_t derive_buffer(word_t addr, cte_t *src, cap_t *out)
{
    if (addr == 0) {
        *out = cap_null_cap();
        return EXCEPTION_NONE;
    }
    cap_t c;
    if (derive_cap(src, src->cap, &c) != EXCEPTION_NONE)
        return EXCEPTION_SYSCALL_ERROR;
    exception_t ex = check_valid_ipc_buffer(addr, c);
    if (ex)
        return ex;
    *out = c;
    return EXCEPTION_NONE;
}

static exception_t set_space(tcb_t *t, word_t length, word_t *buffer, bool with_buffer)
{
    tcb_t *cur = ks_cur_thread;
    unsigned need_caps = with_buffer ? 3 : 2;
    if (length < (with_buffer ? 4u : 3u) || !current_extra_slots[need_caps - 1])
        return error(seL4_TruncatedMessage);
    word_t fault_ep = get_mr(cur, buffer, 0), cspace_data = get_mr(cur, buffer, 1);
    word_t buf_addr = with_buffer ? get_mr(cur, buffer, 3) : 0;
    cte_t *cs_src = current_extra_slots[0], *vs_src = current_extra_slots[1];
    cte_t *buf_src = with_buffer ? current_extra_slots[2] : NULL;
    cap_t cs, vs, bc = cap_null_cap();
    exception_t ex = derive_space(cs_src, cspace_data, true, &cs);
    if (ex)
        return ex;
    ex = derive_space(vs_src, 0, false, &vs);
    if (ex)
        return ex;
    if (with_buffer) {
        ex = derive_buffer(buf_addr, buf_src, &bc);
        if (ex)
            return ex;
    }
    /* invoke */
    t->fault_handler = fault_ep;
    install_tcb_cap(t, tcb_cte_cspace, cs, cs_src);
    install_tcb_cap(t, tcb_cte_vspace, vs, vs_src);
    if (with_buffer) {
        t->ipc_buffer = buf_addr;
        install_tcb_cap(t, tcb_cte_ipc_buffer, bc, buf_src);
    }
    if (t == ks_cur_thread)
        reschedule_required();
    return EXCEPTION_NONE;
}

static exception_t read_registers(tcb_t *t, word_t length, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread;
    if (length < 2)
        return error(seL4_TruncatedMessage);
    word_t flags = get_mr(cur, buffer, 0), n = get_mr(cur, buffer, 1);
    if (t == cur)
        return error(seL4_IllegalOperation);
    if (n < 1 || n > REG_COUNT)
        return range_error(1, REG_COUNT);
    if (flags & 1)
        suspend_thread(t);
    for (unsigned i = 0; i < n; i++)
        reply_set_mr(i, read_reg(t, i));
    reply_set_length(n);
    return EXCEPTION_NONE;
}

static exception_t write_registers(tcb_t *t, word_t length, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread;
    if (length < 2)
        return error(seL4_TruncatedMessage);
    word_t flags = get_mr(cur, buffer, 0), n = get_mr(cur, buffer, 1);
    if (t == cur)
        return error(seL4_IllegalOperation);
    if (length - 2 < n)
        return error(seL4_TruncatedMessage);
    n = MIN(n, (word_t)REG_COUNT);
    for (unsigned i = 0; i < n; i++)
        write_reg(t, i, get_mr(cur, buffer, i + 2));
    if (flags & 1)
        restart_thread(t);
    return EXCEPTION_NONE;
}

static exception_t copy_registers(tcb_t *t, word_t length, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread;
    if (length < 1 || !current_extra_slots[0])
        return error(seL4_TruncatedMessage);
    word_t flags = get_mr(cur, buffer, 0);
    cap_t src_cap = current_extra_slots[0]->cap;
    if (cap_get_type(src_cap) != cap_thread)
        return invalid_cap(1);
    tcb_t *src = cap_ptr(src_cap);
    arch_sync_current_bases();
    if (flags & 1)
        suspend_thread(src);
    if (flags & 4)
        for (unsigned i = REG_RIP; i <= REG_R15; i++)
            write_reg(t, i, read_reg(src, i));
    if (flags & 8)
        for (unsigned i = REG_FS_BASE; i <= REG_GS_BASE; i++)
            write_reg(t, i, read_reg(src, i));
    if (t == cur)
        arch_load_current_bases();
    if (flags & 2)
        restart_thread(t);
    return EXCEPTION_NONE;
}

static exception_t get_authority(tcb_t **auth)
{
    if (!current_extra_slots[0])
        return error(seL4_TruncatedMessage);
    cap_t a = current_extra_slots[0]->cap;
    if (cap_get_type(a) != cap_thread)
        return invalid_cap(1);
    *auth = cap_ptr(a);
    return EXCEPTION_NONE;
}

static exception_t sched_params(tcb_t *t, word_t label, word_t length, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread, *auth;
    word_t need = (label == TCBSetSchedParams) ? 2 : 1;
    if (length < need || !current_extra_slots[0])
        return error(seL4_TruncatedMessage);
    exception_t ex = get_authority(&auth);
    if (ex)
        return ex;
    word_t a = get_mr(cur, buffer, 0), b = get_mr(cur, buffer, 1);
    if (a > auth->mcp || (label == TCBSetSchedParams && b > auth->mcp))
        return range_error(0, auth->mcp);
    switch (label) {
    case TCBSetPriority:
        thread_set_priority(t, a);
        break;
    case TCBSetMCPriority:
        t->mcp = a;
        break;
    default:
        t->mcp = a;
        thread_set_priority(t, b);
        break;
    }
    return EXCEPTION_NONE;
}

static exception_t bind(tcb_t *t)
{
    if (!current_extra_slots[0])
        return error(seL4_TruncatedMessage);
    if (t->bound_notification)
        return error(seL4_IllegalOperation);
    cap_t c = current_extra_slots[0]->cap;
    if (cap_get_type(c) != cap_notification)
        return error(seL4_IllegalOperation);
    notification_t *n = cap_ptr(c);
    if (!(cap_rights(c) & CAP_RIGHT_READ) || n->bound || ntfn_state(n) == ntfn_waiting)
        return error(seL4_IllegalOperation);
    bind_notification(t, n);
    return EXCEPTION_NONE;
}

exception_t decode_tcb_invocation(word_t label, word_t length, cap_t cap, cte_t *slot, bool call, word_t *buffer)
{
    tcb_t *t = cap_ptr(cap), *cur = ks_cur_thread;
    switch (label) {
    case TCBReadRegisters:
        return read_registers(t, length, buffer);
    case TCBWriteRegisters:
        return write_registers(t, length, buffer);
    case TCBCopyRegisters:
        return copy_registers(t, length, buffer);
    case TCBConfigure:
        return set_space(t, length, buffer, true);
    case TCBSetSpace:
        return set_space(t, length, buffer, false);
    case TCBSetPriority:
    case TCBSetMCPriority:
    case TCBSetSchedParams:
        return sched_params(t, label, length, buffer);
    case TCBSetIPCBuffer: {
        if (length < 1 || !current_extra_slots[0])
            return error(seL4_TruncatedMessage);
        word_t addr = get_mr(cur, buffer, 0);
        cap_t bc;
        exception_t ex = derive_buffer(addr, current_extra_slots[0], &bc);
        if (ex)
            return ex;
        t->ipc_buffer = addr;
        install_tcb_cap(t, tcb_cte_ipc_buffer, bc, current_extra_slots[0]);
        return EXCEPTION_NONE;
    }
    case TCBSuspend:
        suspend_thread(t);
        return EXCEPTION_NONE;
    case TCBResume:
        restart_thread(t);
        return EXCEPTION_NONE;
    case TCBBindNotification:
        return bind(t);
    case TCBUnbindNotification:
        if (!t->bound_notification)
            return error(seL4_IllegalOperation);
        unbind_notification(t);
        return EXCEPTION_NONE;
    case TCBSetTLSBase:
        if (length < 1)
            return error(seL4_TruncatedMessage);
        t->fs_base = sanitise_register(REG_FS_BASE, get_mr(cur, buffer, 0));
        if (t == cur)
            arch_load_current_bases();
        return EXCEPTION_NONE;
    case TCBSetFlags: {
        if (length < 2)
            return error(seL4_TruncatedMessage);
        word_t clear = get_mr(cur, buffer, 0), set = get_mr(cur, buffer, 1);
        t->flags = (t->flags & ~clear) | (set & 1);
        if (t->flags & 1)
            fpu_thread_delete(t);
        reply_set_mr(0, t->flags);
        reply_set_length(1);
        return EXCEPTION_NONE;
    }
    default:
        return error(seL4_IllegalOperation);
    }
}
