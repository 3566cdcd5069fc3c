/*
 * Behaviour common to all capability types: object sizes and creation,
 * derivation (what a copy may be), rights masking, badge/guard updates,
 * finalisation when the last capability goes, and the dispatch of an
 * invocation to the decoder of the invoked object's type.
 */
#include <kernel.h>
#include <sel4/objecttype.h>
#include <sel4/constants.h>
#include <sel4/invocation.h>

word_t object_size_bits(word_t type, word_t user_bits)
{
    switch (type) {
    case seL4_UntypedObject: return user_bits;
    case seL4_TCBObject: return seL4_TCBBits;
    case seL4_EndpointObject: return seL4_EndpointBits;
    case seL4_NotificationObject: return seL4_NotificationBits;
    case seL4_CapTableObject: return user_bits + seL4_SlotBits;
    case seL4_X86_PDPTObject:
    case seL4_X64_PML4Object:
    case seL4_X86_4K:
    case seL4_X86_PageTableObject:
    case seL4_X86_PageDirectoryObject: return 12;
    case seL4_X86_LargePageObject: return 21;
    case seL4_X64_HugePageObject: return 30;
    default: return 0;
    }
}

/* Create the object of `type` at `region` (physical address `pa`); the
 * memory has already been zeroed unless it is device memory. */
cap_t create_object(word_t type, void *region, paddr_t pa, word_t user_bits, bool device)
{
    switch (type) {
    case seL4_UntypedObject:
        return cap_untyped_new((void *)pa, (unsigned)user_bits, device, 0);
    case seL4_TCBObject: {
        tcb_t *t = region;
        thread_init_context(t);
        t->state = ts_inactive;
        t->time_slice = CONFIG_TIME_SLICE;
        debug_list_add(t);
        return cap_thread_new(t);
    }
    case seL4_EndpointObject:
        return cap_endpoint_new(region, 0, CAP_RIGHTS_ALL);
    case seL4_NotificationObject:
        return cap_notification_new(region, 0, CAP_RIGHTS_ALL);
    case seL4_CapTableObject:
        return cap_cnode_new(region, (unsigned)user_bits, 0, 0);
    case seL4_X86_4K:
        return cap_frame_new(pa, frame_4k, vm_read_write, device);
    case seL4_X86_LargePageObject:
        return cap_frame_new(pa, frame_2m, vm_read_write, device);
    case seL4_X64_HugePageObject:
        return cap_frame_new(pa, frame_1g, vm_read_write, device);
    case seL4_X86_PageTableObject:
        return cap_paging_new(cap_page_table, region);
    case seL4_X86_PageDirectoryObject:
        return cap_paging_new(cap_page_directory, region);
    case seL4_X86_PDPTObject:
        return cap_paging_new(cap_pdpt, region);
    case seL4_X64_PML4Object:
        copy_kernel_mappings(region);
        return cap_paging_new(cap_pml4, region);
    }
    panic("create_object: bad type %lu", type);
}

/*
 * The capability a copy of `cap` (held in `slot`) would be.  Copies of a
 * frame start unmapped; an unmapped paging structure cannot be copied (it
 * could then be mapped twice); untyped memory with children cannot be
 * copied; reply caps, IRQ and IO-port control caps never.
 */
exception_t derive_cap(cte_t *slot, cap_t cap, cap_t *out)
{
    switch (cap_get_type(cap)) {
    case cap_zombie:
    case cap_reply:
    case cap_irq_control:
    case cap_io_port_control:
        *out = cap_null_cap();
        if (cap_get_type(cap) != cap_zombie) {
            current_syscall_error.type = seL4_IllegalOperation;
            return EXCEPTION_SYSCALL_ERROR;
        }
        return EXCEPTION_NONE;
    case cap_untyped:
        if (cdt_has_children(slot)) {
            current_syscall_error.type = seL4_RevokeFirst;
            return EXCEPTION_SYSCALL_ERROR;
        }
        break;
    case cap_frame:
        cap = cap_set_mapped(cap, 0, 0);
        break;
    case cap_page_table:
    case cap_page_directory:
    case cap_pdpt:
    case cap_pml4:
        if (!cap_mapped_asid(cap)) {
            current_syscall_error.type = seL4_IllegalOperation;
            return EXCEPTION_SYSCALL_ERROR;
        }
        break;
    default:
        break;
    }
    *out = cap;
    return EXCEPTION_NONE;
}

cap_t mask_cap_rights(word_t rights, cap_t cap)
{
    switch (cap_get_type(cap)) {
    case cap_endpoint:
    case cap_notification:
        return cap_set_rights(cap, cap_rights(cap) & rights);
    case cap_reply:
        return cap_set_field(cap, 5, 1, cap_reply_can_grant(cap) && (rights & CAP_RIGHT_GRANT));
    case cap_frame: {
        unsigned vmr = cap_frame_vm_rights(cap);
        bool r = rights & CAP_RIGHT_READ, w = rights & CAP_RIGHT_WRITE;
        unsigned n = vm_kernel_only;
        if (vmr == vm_read_write && r && w)
            n = vm_read_write;
        else if ((vmr == vm_read_write || vmr == vm_read_only) && r)
            n = vm_read_only;
        return cap_frame_set_vm_rights(cap, n);
    }
    default:
        return cap;
    }
}

/* Mint/Mutate data: a badge for endpoints and notifications (only if not
 * yet badged), a guard for CNodes.  Returns a null cap when refused. */
cap_t update_cap_data(bool preserve, word_t data, cap_t cap)
{
    switch (cap_get_type(cap)) {
    case cap_endpoint:
    case cap_notification:
        if (!preserve && cap_badge(cap) == 0)
            return cap_set_badge(cap, data);
        return cap_null_cap();
    case cap_cnode: {
        word_t guard_size = data & 0x3f, guard = data >> 6;
        if (guard_size + cap_cnode_radix(cap) > 64)
            return cap_null_cap();
        return cap_cnode_new(cap_ptr(cap), cap_cnode_radix(cap), (unsigned)guard_size,
                             guard & MASK(guard_size));
    }
    default:
        return cap;
    }
}

bool cap_is_revocable_on_copy(cap_t new_cap, cap_t src_cap)
{
    switch (cap_get_type(new_cap)) {
    case cap_endpoint:
    case cap_notification:
        return cap_badge(new_cap) != cap_badge(src_cap);
    case cap_untyped:
        return true;
    case cap_irq_handler:
        return cap_get_type(src_cap) == cap_irq_control;
    case cap_io_port:
        return cap_get_type(src_cap) == cap_io_port_control;
    default:
        return false;
    }
}

bool cap_is_container(cap_t cap)
{
    cap_type_t t = cap_get_type(cap);
    return t == cap_cnode || t == cap_thread;
}

void io_port_release(uint16_t first, uint16_t last);
void irq_deactivate(word_t irq);

/* Clean up after a capability that is going away.  Containers (CNodes,
 * TCBs) are torn down by the delete engine in cnode.c, not here. */
void finalise_cap(cap_t cap, bool final)
{
    switch (cap_get_type(cap)) {
    case cap_endpoint:
        if (final)
            cancel_all_ipc(cap_ptr(cap));
        break;
    case cap_notification:
        if (final) {
            unbind_maybe_notification(cap_ptr(cap));
            cancel_all_signals(cap_ptr(cap));
        }
        break;
    case cap_frame:
        unmap_frame(cap);
        break;
    case cap_page_table:
    case cap_page_directory:
    case cap_pdpt:
        if (final)
            unmap_page_table_object(cap);
        break;
    case cap_pml4:
        if (final && cap_mapped_asid(cap))
            delete_asid(cap_mapped_asid(cap), cap_ptr(cap));
        break;
    case cap_asid_pool:
        if (final)
            delete_asid_pool(cap_asid_pool_number(cap), cap_ptr(cap));
        break;
    case cap_irq_handler:
        if (final)
            irq_deactivate(cap_irq(cap));
        break;
    case cap_io_port:
        if (final)
            io_port_release(cap_io_port_first(cap), cap_io_port_last(cap));
        break;
    default:
        break;
    }
}

/* Kernel cap-type tags reported by DebugCapIdentify (reference §11.4). */
word_t debug_cap_identify(cap_t cap)
{
    static const uint8_t tags[cap_type_count] = {
        [cap_null] = 0, [cap_untyped] = 2, [cap_endpoint] = 4, [cap_notification] = 6, [cap_reply] = 8,
        [cap_cnode] = 10, [cap_thread] = 12, [cap_irq_control] = 14, [cap_irq_handler] = 16,
        [cap_zombie] = 18, [cap_domain] = 20, [cap_frame] = 1, [cap_page_table] = 3,
        [cap_page_directory] = 5, [cap_pdpt] = 7, [cap_pml4] = 9, [cap_asid_control] = 11,
        [cap_asid_pool] = 13, [cap_io_port_control] = 31, [cap_io_port] = 19,
    };
    return tags[cap_get_type(cap)];
}

exception_t decode_invocation(word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap, bool block,
                              bool call, word_t *buffer)
{
    switch (cap_get_type(cap)) {
    case cap_null:
    case cap_zombie:
        current_syscall_error.type = seL4_InvalidCapability;
        current_syscall_error.invalid_cap_number = 0;
        return EXCEPTION_SYSCALL_ERROR;
    case cap_endpoint:
        if (!(cap_rights(cap) & CAP_RIGHT_WRITE)) {
            current_syscall_error.type = seL4_InvalidCapability;
            current_syscall_error.invalid_cap_number = 0;
            return EXCEPTION_SYSCALL_ERROR;
        }
        send_ipc(block, call, cap_badge(cap), cap_rights(cap) & CAP_RIGHT_GRANT,
                 cap_rights(cap) & (CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY), ks_cur_thread, cap_ptr(cap));
        return EXCEPTION_NONE;
    case cap_notification:
        if (!(cap_rights(cap) & CAP_RIGHT_WRITE)) {
            current_syscall_error.type = seL4_InvalidCapability;
            current_syscall_error.invalid_cap_number = 0;
            return EXCEPTION_SYSCALL_ERROR;
        }
        send_signal(cap_ptr(cap), cap_badge(cap));
        return EXCEPTION_NONE;
    case cap_reply:
        do_reply_transfer(ks_cur_thread, cap_ptr(cap), slot, cap_reply_can_grant(cap));
        return EXCEPTION_NONE;
    case cap_untyped:
        return decode_untyped_invocation(label, length, slot, cap, buffer);
    case cap_cnode:
        return decode_cnode_invocation(label, length, cap, buffer);
    case cap_thread:
        return decode_tcb_invocation(label, length, cap, slot, call, buffer);
    case cap_irq_control:
        return decode_irq_control_invocation(label, length, slot, buffer);
    case cap_irq_handler:
        return decode_irq_handler_invocation(label, cap_irq(cap));
    case cap_domain:
        return decode_domain_invocation(label, length, buffer);
    case cap_io_port_control:
        return decode_io_port_control_invocation(label, length, slot, buffer);
    case cap_io_port:
        return decode_io_port_invocation(label, length, cap, call, buffer);
    default:
        return decode_x86_mmu_invocation(label, length, cptr, slot, cap, buffer);
    }
}
