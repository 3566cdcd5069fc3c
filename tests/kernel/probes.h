/*
 * probes.h — constants shared by probes.S and the C tests.
 *
 * The probes are tiny routines in one page of their own (probes.S) that
 * helper threads, or threads of other address spaces, run instead of C
 * code: the tests need to know the exact faulting instruction, the exact
 * register contents at a syscall, or need code that touches no memory at
 * all (a thread of a new VSpace has only that one page mapped).
 *
 * Register conventions on entry (set by seL4_TCB_WriteRegisters):
 *   r12  endpoint cptr used to report (Call, label 0, MR0 = value; the
 *        probe Calls again after every reply, so it stays blocked)
 *   r13  probe argument (address, syscall number, ...)
 *   r14  second argument (value to store)
 * Probes use no stack.
 */
#ifndef KTEST_PROBES_H
#define KTEST_PROBES_H

/* Reported after the instruction of interest completed (or was skipped). */
#define KT_PROBE_DONE 0x600d

/* Register values the unknown-syscall probe sets before its `syscall`. */
#define KT_PROBE_RAX 0x1111000000000001
#define KT_PROBE_RBX 0x1111000000000002
#define KT_PROBE_RSI 0x1111000000000004
#define KT_PROBE_RDI 0x1111000000000005
#define KT_PROBE_RBP 0x1111000000000006
#define KT_PROBE_R8 0x1111000000000008
#define KT_PROBE_R9 0x1111000000000009
#define KT_PROBE_R10 0x111100000000000a
#define KT_PROBE_R14 0x111100000000000e
#define KT_PROBE_R15 0x111100000000000f

/* MR0..3 the send-info probe sends. */
#define KT_PROBE_MR0 0x2222000000000000
#define KT_PROBE_MR1 0x2222000000000001
#define KT_PROBE_MR2 0x2222000000000002
#define KT_PROBE_MR3 0x2222000000000003

/* Register values the recv-regs probe loads before its Recv. */
#define KT_PROBE_MARK0 0x3333000000000000
#define KT_PROBE_MARK1 0x3333000000000001
#define KT_PROBE_MARK2 0x3333000000000002
#define KT_PROBE_MARK3 0x3333000000000003
#define KT_PROBE_MARKI 0x3333000000000009

/* RAX before `int $KT_PROBE_TRAP_VECTOR` (low 24 bits go in the number). */
#define KT_PROBE_TRAP_RAX 0x0012345678abcdef
#define KT_PROBE_TRAP_VECTOR 0xa0

#ifndef __ASSEMBLY__
extern char kt_probe_page_start[], kt_probe_page_end[];
extern char kt_probe_echo[];
extern char kt_probe_load[], kt_probe_load_insn[];
extern char kt_probe_store[], kt_probe_store_insn[];
extern char kt_probe_ud2[], kt_probe_ud2_insn[];
extern char kt_probe_int3[], kt_probe_int3_insn[];
extern char kt_probe_int80[], kt_probe_int80_insn[];
extern char kt_probe_int_ff[], kt_probe_int_ff_insn[];
extern char kt_probe_hlt[], kt_probe_hlt_insn[];
extern char kt_probe_divide[], kt_probe_divide_insn[];
extern char kt_probe_sse[], kt_probe_sse_insn[];
extern char kt_probe_unknown_syscall[], kt_probe_unknown_syscall_insn[];
extern char kt_probe_int_trap[], kt_probe_int_trap_insn[];
extern char kt_probe_jump[];
extern char kt_probe_recv[], kt_probe_recv_insn[];
extern char kt_probe_send_info[], kt_probe_send_info_insn[];
extern char kt_probe_recv_regs[];
extern char kt_probe_call_rdi[];
extern char kt_probe_ud2_rsp[], kt_probe_ud2_rsp_insn[];
#endif

#endif /* KTEST_PROBES_H */
