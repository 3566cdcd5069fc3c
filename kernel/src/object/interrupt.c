/*
 * Interrupts, I/O ports and the domain capability.
 *
 * IRQ control issues one handler capability per IRQ.  A handler can be
 * given a notification; when its IRQ fires the kernel signals that
 * notification (with the badge of the capability it was given) and masks
 * the IRQ until the handler is acknowledged.  The notification capability
 * is kept in a per-IRQ kernel slot (irq_node) so it stays valid if the user
 * deletes their copy.
 *
 * IO-port control issues capabilities for port ranges, each range at most
 * once; an IO-port capability permits in/out inside its range only.
 */
#include <kernel.h>
#include <arch/machine.h>
#include <sel4/invocation.h>

uint8_t irq_state[NUM_IRQS];
cte_t irq_node[NUM_IRQS];
static uint8_t io_port_issued[65536 / 8];
void arch_forget_irq(word_t irq);
void pic_eoi(word_t irq);
bool arch_timer_is_pit(void);

static exception_t error(word_t type)
{
    current_syscall_error.type = type;
    return EXCEPTION_SYSCALL_ERROR;
}

static exception_t range_error(word_t lo, word_t hi)
{
    current_syscall_error.type = seL4_RangeError;
    current_syscall_error.range_min = lo;
    current_syscall_error.range_max = hi;
    return EXCEPTION_SYSCALL_ERROR;
}

void irq_init(void)
{
    irq_state[IRQ_TIMER] = irq_timer;
    if (arch_timer_is_pit())
        irq_state[0] = irq_timer;
}

void irq_deactivate(word_t irq)
{
    if (irq >= NUM_IRQS || irq_state[irq] == irq_timer)
        return;
    irq_mask(irq, true);
    cte_delete_one(&irq_node[irq]);
    irq_state[irq] = irq_inactive;
    arch_forget_irq(irq);
}

void handle_irq(word_t irq)
{
    if (irq >= NUM_IRQS)
        return;
    bool legacy = ks_pic_mode && irq < 16;
    if (irq_state[irq] == irq_timer) {
        timer_tick();
    } else if (irq_state[irq] == irq_signal) {
        cap_t c = irq_node[irq].cap;
        irq_mask(irq, true);
        if (cap_get_type(c) == cap_notification && (cap_rights(c) & CAP_RIGHT_WRITE))
            send_signal(cap_ptr(c), cap_badge(c));
    } else {
        irq_mask(irq, true);
    }
    if (legacy || (irq == 0 && arch_timer_is_pit()))
        pic_eoi(irq);
    else
        lapic_eoi();
}

/* Issue a handler cap for `irq` into the slot named by (root, index, depth). */
static exception_t issue_handler(word_t irq, cte_t *control, word_t index, word_t depth, cte_t **dest_out)
{
    cte_t *dest;
    exception_t ex = lookup_target_slot(current_extra_slots[0]->cap, index, depth, &dest);
    if (ex)
        return ex;
    ex = ensure_empty_slot(dest);
    if (ex)
        return ex;
    *dest_out = dest;
    return EXCEPTION_NONE;
}

static void activate_handler(word_t irq, cte_t *control, cte_t *dest)
{
    irq_state[irq] = irq_signal;
    cdt_insert_child(control, dest, cap_irq_handler_new(irq), true, true);
}

exception_t decode_irq_control_invocation(word_t label, word_t length, cte_t *slot, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    cte_t *dest;
    exception_t ex;
    if (label == IRQIssueIRQHandler) {
        if (!ks_pic_mode)
            return error(seL4_IllegalOperation);
        if (length < 3 || !current_extra_slots[0])
            return error(seL4_TruncatedMessage);
        word_t irq = get_mr(t, buffer, 0);
        if (irq > 15)
            return range_error(0, 15);
        if (irq_state[irq] != irq_inactive)
            return error(seL4_RevokeFirst);
        ex = issue_handler(irq, slot, get_mr(t, buffer, 1), get_mr(t, buffer, 2), &dest);
        if (ex)
            return ex;
        activate_handler(irq, slot, dest);
        irq_mask(irq, false);
        return EXCEPTION_NONE;
    }
    if (label != X86IRQIssueIRQHandlerIOAPIC && label != X86IRQIssueIRQHandlerMSI)
        return error(seL4_IllegalOperation);
    if (length < 7 || !current_extra_slots[0])
        return error(seL4_TruncatedMessage);
    word_t index = get_mr(t, buffer, 0), depth = get_mr(t, buffer, 1);
    word_t vector = get_mr(t, buffer, 6);
    word_t a = get_mr(t, buffer, 2), b = get_mr(t, buffer, 3), c = get_mr(t, buffer, 4);
    word_t d = get_mr(t, buffer, 5);
    if (vector > IRQ_USER_MAX - IRQ_USER_MIN)
        return range_error(0, IRQ_USER_MAX - IRQ_USER_MIN);
    word_t irq = vector + IRQ_USER_MIN;
    if (irq_state[irq] != irq_inactive)
        return error(seL4_RevokeFirst);
    ex = issue_handler(irq, slot, index, depth, &dest);
    if (ex)
        return ex;
    if (label == X86IRQIssueIRQHandlerIOAPIC) {
        /* a = ioapic, b = pin, c = level, d = polarity */
        if (a >= arch_num_ioapics())
            return range_error(0, arch_num_ioapics() ? arch_num_ioapics() - 1 : 0);
        if (b >= arch_ioapic_pins(a))
            return range_error(0, arch_ioapic_pins(a) - 1);
        if (c > 1 || d > 1)
            return range_error(0, 1);
        ex = arch_get_ioapic_irq(a, b, c, d, vector);
        if (ex)
            return ex;
    } else {
        /* a = bus, b = dev, c = func, d = handle */
        if (a > 255)
            return range_error(0, 255);
        if (b > 31)
            return range_error(0, 31);
        if (c > 7)
            return range_error(0, 7);
    }
    activate_handler(irq, slot, dest);
    return EXCEPTION_NONE;
}

exception_t decode_irq_handler_invocation(word_t label, word_t irq)
{
    switch (label) {
    case IRQAckIRQ:
        irq_mask(irq, false);
        return EXCEPTION_NONE;
    case IRQSetIRQHandler: {
        if (!current_extra_slots[0])
            return error(seL4_TruncatedMessage);
        cte_t *src = current_extra_slots[0];
        cap_t c = src->cap;
        if (cap_get_type(c) != cap_notification || !(cap_rights(c) & CAP_RIGHT_WRITE)) {
            current_syscall_error.type = seL4_InvalidCapability;
            current_syscall_error.invalid_cap_number = 0;
            return EXCEPTION_SYSCALL_ERROR;
        }
        cte_delete_one(&irq_node[irq]);
        cte_insert_copy(c, src, &irq_node[irq]);
        return EXCEPTION_NONE;
    }
    case IRQClearIRQHandler:
        cte_delete_one(&irq_node[irq]);
        return EXCEPTION_NONE;
    default:
        return error(seL4_IllegalOperation);
    }
}

/* ------------------------------------------------------------ IO ports */

static bool port_issued(unsigned p) { return io_port_issued[p / 8] & (1u << (p % 8)); }

void io_port_release(uint16_t first, uint16_t last)
{
    for (unsigned p = first; p <= last; p++)
        io_port_issued[p / 8] &= (uint8_t) ~(1u << (p % 8));
}

exception_t decode_io_port_control_invocation(word_t label, word_t length, cte_t *slot, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (label != X86IOPortControlIssue)
        return error(seL4_IllegalOperation);
    if (length < 4 || !current_extra_slots[0])
        return error(seL4_TruncatedMessage);
    word_t first = get_mr(t, buffer, 0) & 0xffff, last = get_mr(t, buffer, 1) & 0xffff;
    if (last < first) {
        current_syscall_error.type = seL4_InvalidArgument;
        current_syscall_error.invalid_argument_number = 1;
        return EXCEPTION_SYSCALL_ERROR;
    }
    for (word_t p = first; p <= last; p++)
        if (port_issued((unsigned)p))
            return error(seL4_RevokeFirst);
    cte_t *dest;
    exception_t ex = lookup_target_slot(current_extra_slots[0]->cap, get_mr(t, buffer, 2),
                                        get_mr(t, buffer, 3), &dest);
    if (ex)
        return ex;
    ex = ensure_empty_slot(dest);
    if (ex)
        return ex;
    for (word_t p = first; p <= last; p++)
        io_port_issued[p / 8] |= (uint8_t)(1u << (p % 8));
    cdt_insert_child(slot, dest, cap_io_port_new((uint16_t)first, (uint16_t)last), true, true);
    return EXCEPTION_NONE;
}

void reply_set_mr(unsigned i, word_t v);
void reply_set_length(word_t len);

exception_t decode_io_port_invocation(word_t label, word_t length, cap_t cap, bool call, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (label < X86IOPortIn8 || label > X86IOPortOut32)
        return error(seL4_IllegalOperation);
    bool out = label >= X86IOPortOut8;
    if (length < (out ? 2u : 1u))
        return error(seL4_TruncatedMessage);
    word_t port = get_mr(t, buffer, 0) & 0xffff;
    unsigned width = (label == X86IOPortIn8 || label == X86IOPortOut8) ? 1
                     : (label == X86IOPortIn16 || label == X86IOPortOut16) ? 2 : 4;
    if (port < cap_io_port_first(cap) || port + width - 1 > cap_io_port_last(cap))
        return error(seL4_IllegalOperation);
    if (out) {
        word_t v = get_mr(t, buffer, 1);
        if (width == 1)
            outb((uint16_t)port, (uint8_t)v);
        else if (width == 2)
            outw((uint16_t)port, (uint16_t)v);
        else
            outl((uint16_t)port, (uint32_t)v);
        return EXCEPTION_NONE;
    }
    word_t v = width == 1 ? inb((uint16_t)port) : width == 2 ? inw((uint16_t)port) : inl((uint16_t)port);
    reply_set_mr(0, v);
    reply_set_length(1);
    return EXCEPTION_NONE;
}

/* -------------------------------------------------------------- domains */

exception_t decode_domain_invocation(word_t label, word_t length, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    switch (label) {
    case DomainSetSet: {
        if (length < 1 || !current_extra_slots[0])
            return error(seL4_TruncatedMessage);
        word_t dom = get_mr(t, buffer, 0) & 0xff;
        if (dom >= CONFIG_NUM_DOMAINS) {
            current_syscall_error.type = seL4_InvalidArgument;
            current_syscall_error.invalid_argument_number = 0;
            return EXCEPTION_SYSCALL_ERROR;
        }
        if (cap_get_type(current_extra_slots[0]->cap) != cap_thread) {
            current_syscall_error.type = seL4_InvalidArgument;
            current_syscall_error.invalid_argument_number = 1;
            return EXCEPTION_SYSCALL_ERROR;
        }
        ((tcb_t *)cap_ptr(current_extra_slots[0]->cap))->domain = dom;
        return EXCEPTION_NONE;
    }
    case DomainScheduleConfigure: {
        if (length < 3)
            return error(seL4_TruncatedMessage);
        word_t index = get_mr(t, buffer, 0), dom = get_mr(t, buffer, 1) & 0xff;
        word_t duration = get_mr(t, buffer, 2);
        if (index > CONFIG_NUM_DOMAIN_SCHEDULES - 2)
            return range_error(0, CONFIG_NUM_DOMAIN_SCHEDULES - 2);
        if (dom >= CONFIG_NUM_DOMAINS)
            return range_error(0, CONFIG_NUM_DOMAINS - 1);
        if (duration > MASK(56) || duration == 0) {
            /* duration 0 would end the schedule at its current start entry */
            current_syscall_error.type = seL4_InvalidArgument;
            current_syscall_error.invalid_argument_number = 2;
            return EXCEPTION_SYSCALL_ERROR;
        }
        return EXCEPTION_NONE;
    }
    case DomainScheduleSetStart: {
        if (length < 1)
            return error(seL4_TruncatedMessage);
        word_t index = get_mr(t, buffer, 0);
        if (index >= CONFIG_NUM_DOMAIN_SCHEDULES)
            return range_error(0, CONFIG_NUM_DOMAIN_SCHEDULES - 1);
        if (index == CONFIG_NUM_DOMAIN_SCHEDULES - 1) {
            current_syscall_error.type = seL4_InvalidArgument;
            current_syscall_error.invalid_argument_number = 0;
            return EXCEPTION_SYSCALL_ERROR;
        }
        return EXCEPTION_NONE;
    }
    default:
        return error(seL4_IllegalOperation);
    }
}
