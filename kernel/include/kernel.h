/*
 * Cross-module interface of the kernel: global state, the error currency
 * and the functions one part of the kernel offers the others.
 *
 * Error currency: functions that can refuse return exception_t.  The
 * details of a refusal travel in two globals (like registers of a tiny
 * exception machine), filled just before returning the exception:
 *   current_syscall_error  for EXCEPTION_SYSCALL_ERROR (an seL4_Error reply)
 *   current_lookup_fault   for EXCEPTION_LOOKUP_FAULT
 *   current_fault          for EXCEPTION_FAULT (a fault message)
 */
#pragma once
#include <types.h>
#include <config.h>
#include <object/structures.h>
#include <sel4/errors.h>

typedef enum {
    EXCEPTION_NONE = 0,
    EXCEPTION_FAULT,
    EXCEPTION_LOOKUP_FAULT,
    EXCEPTION_SYSCALL_ERROR,
} exception_t;

typedef struct syscall_error {
    word_t type; /* seL4_Error */
    word_t invalid_argument_number;
    word_t invalid_cap_number;
    word_t range_min, range_max;
    word_t memory_left;
    bool failed_lookup_was_source;
} syscall_error_t;

extern syscall_error_t current_syscall_error;
extern lookup_fault_t current_lookup_fault;
extern fault_t current_fault;

/* ---- scheduler state (kernel/thread.c) ---- */
extern tcb_t *ks_cur_thread;
extern tcb_t *ks_idle_thread;
extern tcb_t *ks_sched_action; /* NULL: resume current, SCHED_CHOOSE_NEW, or a thread */
#define SCHED_CHOOSE_NEW ((tcb_t *)1)
extern word_t ks_work_units;

void sched_enqueue(tcb_t *t);
void sched_append(tcb_t *t);
void sched_dequeue(tcb_t *t);
void schedule(void);
extern word_t ready_bitmap[CONFIG_NUM_PRIORITIES / 64];
extern word_t ready_bitmap_l1;
/* The highest priority with a ready thread, -1 if none (O(1)). */
static inline int highest_ready_prio(void)
{
    if (!ready_bitmap_l1)
        return -1;
    int w = 63 - __builtin_clzll(ready_bitmap_l1);
    return w * 64 + 63 - __builtin_clzll(ready_bitmap[w]);
}
void reschedule_required(void);
void possible_switch_to(tcb_t *t);
void set_thread_state(tcb_t *t, thread_state_t s);
bool thread_runnable(const tcb_t *t);
void thread_set_priority(tcb_t *t, word_t prio);
void timer_tick(void);
void activate_thread(void);
void thread_init_context(tcb_t *t);
void debug_list_add(tcb_t *t);
void debug_list_remove(tcb_t *t);
void dump_scheduler(void);
void idle_thread_init(void);
void switch_to_thread(tcb_t *t);
void restart_thread(tcb_t *t);
void suspend_thread(tcb_t *t);

/* ---- CSpace (kernel/cspace.c) ---- */
typedef struct lookup_slot_result {
    cte_t *slot;
    word_t bits_remaining;
} lookup_slot_result_t;

exception_t resolve_address_bits(cap_t node, cptr_t cptr, word_t depth, lookup_slot_result_t *out);
exception_t lookup_slot(tcb_t *t, cptr_t cptr, cte_t **out);
exception_t lookup_cap(tcb_t *t, cptr_t cptr, cap_t *out);
exception_t lookup_cap_and_slot(tcb_t *t, cptr_t cptr, cap_t *cap, cte_t **slot);
exception_t lookup_target_slot(cap_t root, cptr_t index, word_t depth, cte_t **out);
exception_t lookup_source_slot(cap_t root, cptr_t index, word_t depth, cte_t **out);
exception_t lookup_pivot_slot(cap_t root, cptr_t index, word_t depth, cte_t **out);

/* ---- capability derivation tree (kernel/cdt.c) ---- */
void cdt_insert_child(cte_t *parent, cte_t *child, cap_t cap, bool revocable, bool first_badged);
void cdt_insert_after(cte_t *prev, cte_t *child, cap_t cap);
void cdt_remove(cte_t *slot);
void cdt_move(cte_t *from, cte_t *to, cap_t cap);
void cdt_swap(cap_t c1, cte_t *s1, cap_t c2, cte_t *s2);
bool cdt_is_parent_of(const cte_t *a, const cte_t *b);
bool cdt_has_children(const cte_t *slot);
bool cdt_is_final(const cte_t *slot);
bool cap_same_region(cap_t a, cap_t b);
bool cap_same_object(cap_t a, cap_t b);

/* ---- deletion engine (object/cnode.c) ---- */
exception_t cte_delete(cte_t *slot);
exception_t cte_revoke(cte_t *slot);
void cte_delete_one(cte_t *slot);
void cte_insert_copy(cap_t cap, cte_t *src, cte_t *dest);
exception_t ensure_empty_slot(cte_t *slot);

/* ---- object types (object/objecttype.c) ---- */
word_t object_size_bits(word_t type, word_t user_bits);
cap_t create_object(word_t type, void *region, paddr_t pa, word_t user_bits, bool device);
cap_t cap_derive_for_transfer(cap_t cap, cte_t *slot, exception_t *ex);
exception_t derive_cap(cte_t *slot, cap_t cap, cap_t *out);
cap_t update_cap_data(bool preserve, word_t data, cap_t cap);
cap_t mask_cap_rights(word_t rights, cap_t cap);
bool cap_is_revocable_on_copy(cap_t new_cap, cap_t src_cap);
void finalise_cap(cap_t cap, bool final);
bool cap_is_container(cap_t cap);
exception_t decode_invocation(word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap,
                              bool block, bool call, word_t *buffer);
word_t debug_cap_identify(cap_t cap);

/* ---- invocations (object/ files) ---- */
exception_t decode_untyped_invocation(word_t label, word_t length, cte_t *slot, cap_t cap, word_t *buffer);
exception_t decode_cnode_invocation(word_t label, word_t length, cap_t cap, word_t *buffer);
exception_t decode_tcb_invocation(word_t label, word_t length, cap_t cap, cte_t *slot, bool call, word_t *buffer);
exception_t decode_irq_control_invocation(word_t label, word_t length, cte_t *slot, word_t *buffer);
exception_t decode_irq_handler_invocation(word_t label, word_t irq);
exception_t decode_domain_invocation(word_t label, word_t length, word_t *buffer);
exception_t decode_x86_mmu_invocation(word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap, word_t *buffer);
exception_t decode_io_port_control_invocation(word_t label, word_t length, cte_t *slot, word_t *buffer);
exception_t decode_io_port_invocation(word_t label, word_t length, cap_t cap, bool call, word_t *buffer);

/* ---- IPC (object/endpoint.c, object/notification.c) ---- */
void send_ipc(bool blocking, bool do_call, word_t badge, bool can_grant, bool can_grant_reply,
              tcb_t *thread, endpoint_t *ep);
void receive_ipc(tcb_t *thread, cap_t cap, bool blocking);
void do_reply_transfer(tcb_t *sender, tcb_t *receiver, cte_t *slot, bool grant);
void cancel_ipc(tcb_t *t);
void cancel_all_ipc(endpoint_t *ep);
void cancel_badged_sends(endpoint_t *ep, word_t badge);
void send_signal(notification_t *n, word_t badge);
void receive_signal(tcb_t *t, cap_t cap, bool blocking);
void cancel_all_signals(notification_t *n);
void cancel_signal(tcb_t *t, notification_t *n);
void bind_notification(tcb_t *t, notification_t *n);
void unbind_notification(tcb_t *t);
void unbind_maybe_notification(notification_t *n);
void delete_caller_cap(tcb_t *t);
void reply_from_kernel_error(tcb_t *t);
void reply_from_kernel_success_empty(tcb_t *t);
void ep_append(endpoint_t *ep, tcb_t *t, ep_state_t st);
void ep_remove(endpoint_t *ep, tcb_t *t);
void do_ipc_transfer(tcb_t *sender, endpoint_t *ep, word_t badge, bool grant, tcb_t *receiver);

/* ---- message registers (kernel/thread.c) ---- */
extern const unsigned msg_registers[4];
word_t *lookup_ipc_buffer(bool is_receiver, tcb_t *t);
word_t get_mr(tcb_t *t, word_t *buffer, unsigned i);
unsigned set_mr(tcb_t *t, word_t *buffer, unsigned i, word_t v);
word_t *ctx_reg(tcb_t *t, unsigned idx);
void set_msg_info_reply(tcb_t *t, word_t label, word_t length);
word_t msg_info_new(word_t label, word_t caps_unwrapped, word_t extra_caps, word_t length);
static inline word_t mi_label(word_t mi) { return mi >> 12; }
static inline word_t mi_caps_unwrapped(word_t mi) { return (mi >> 9) & 7; }
static inline word_t mi_extra_caps(word_t mi) { return (mi >> 7) & 3; }
static inline word_t mi_length(word_t mi) { return mi & 0x7f; }

/* register indexes for ctx_reg(): the seL4_UserContext order */
enum {
    REG_RIP = 0, REG_RSP, REG_RFLAGS, REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI,
    REG_RBP, REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
    REG_FS_BASE, REG_GS_BASE, REG_COUNT
};

/* ---- faults (kernel/faults.c) ---- */
void handle_fault(tcb_t *t);
bool handle_fault_reply(tcb_t *receiver, tcb_t *sender);
unsigned set_fault_mrs(tcb_t *receiver, word_t *buffer, tcb_t *faulter);
word_t sanitise_register(unsigned reg, word_t v);
extern word_t current_extra_caps[3];
extern cte_t *current_extra_slots[3];
exception_t lookup_extra_caps(tcb_t *t, word_t *buffer, word_t info);

/* ---- syscalls (api/syscall.c) ---- */
void handle_syscall_slow(word_t sysno);
void handle_interrupt_entry(word_t vector);
void handle_user_exception(word_t vector, word_t error);
void handle_vm_fault(word_t error);
NORETURN void restore_user_context(void);

/* ---- interrupts (object/interrupt.c + arch) ---- */
enum { irq_inactive = 0, irq_signal, irq_timer, irq_reserved };
extern uint8_t irq_state[NUM_IRQS];
extern cte_t irq_node[NUM_IRQS];
void handle_irq(word_t irq);
void irq_init(void);

/* ---- vspace (arch/x86_64/vspace.c) ---- */
extern word_t *kernel_pml4;
extern asid_pool_t *asid_table[8];
void set_vm_root(tcb_t *t);
void unmap_frame(cap_t cap);
void unmap_page_table_object(cap_t cap);
void delete_asid(word_t asid, void *pml4);
void delete_asid_pool(unsigned n, asid_pool_t *pool);
void copy_kernel_mappings(word_t *pml4);
exception_t check_valid_ipc_buffer(vptr_t va, cap_t cap);
bool is_valid_vtable_root(cap_t cap);
void *ptr_from_paddr(paddr_t pa);
paddr_t paddr_from_ptr(const void *p);

/* ---- console / debug (kernel/printf.c, arch/x86_64/serial.c) ---- */
void kprintf(const char *fmt, ...);
void kputchar(char c);
void serial_init(uint16_t port);
void serial_putc(char c);
NORETURN void machine_halt(bool failure);

/* ---- FPU (arch/x86_64/fpu.c) ---- */
void fpu_init(void);
void fpu_thread_init(tcb_t *t);
void fpu_switch_to(tcb_t *t);
void fpu_thread_delete(tcb_t *t);
bool fpu_handle_nm(void);

/* ---- arch (arch/x86_64) ---- */
void arch_set_kernel_stack(tcb_t *t);
void arch_switch_context(tcb_t *from, tcb_t *to);
void lapic_eoi(void);
void irq_mask(word_t irq, bool mask);
exception_t arch_get_ioapic_irq(word_t ioapic, word_t pin, word_t level, word_t polarity, word_t vector);
word_t arch_num_ioapics(void);
word_t arch_ioapic_pins(word_t ioapic);
extern bool ks_pic_mode;
extern uint32_t ks_tsc_mhz;
