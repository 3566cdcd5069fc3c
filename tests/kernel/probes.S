/*
 * probes.S — assembly probes for the kernel ABI tests (see probes.h).
 *
 * All probes live in one 4 KiB page (kt_probe_page_start .. _end) so that a
 * test can map exactly this page into a new address space and run a probe
 * there with nothing else mapped.  No probe touches the stack or any memory
 * except through the address it is given.
 *
 * Syscall numbers used: Call -1, ReplyRecv -2, Send -3, Recv -5 (§1.1).
 * Message info = label << 12 | length.
 */
#include "probes.h"

#define SYS_CALL       -1
#define SYS_REPLY_RECV -2
#define SYS_SEND       -3
#define SYS_RECV       -5

	.text
	.balign 4096
	.globl kt_probe_page_start
kt_probe_page_start:

/* Report r10 by Call on r12 (label 0, length 1), forever. */
kt_probe_report:
	movq	%r10, %rbp
1:	movq	%r12, %rdi
	movq	$1, %rsi
	movq	%rbp, %r10
	movq	$SYS_CALL, %rdx
	syscall
	jmp	1b

#define REPORT_DONE \
	movq	$KT_PROBE_DONE, %r10; \
	jmp	kt_probe_report

/* Recv on r12, then answer every message with MR0 + 1 (ReplyRecv). */
	.globl kt_probe_echo
kt_probe_echo:
	movq	%r12, %rdi
	movq	$SYS_RECV, %rdx
	syscall
1:	addq	$1, %r10
	movq	%r12, %rdi
	movq	$1, %rsi
	movq	$SYS_REPLY_RECV, %rdx
	syscall
	jmp	1b

/* Load the word at r13 and report it. */
	.globl kt_probe_load, kt_probe_load_insn
kt_probe_load:
kt_probe_load_insn:
	movq	(%r13), %r10
	jmp	kt_probe_report

/* Store r14 at r13, then report KT_PROBE_DONE. */
	.globl kt_probe_store, kt_probe_store_insn
kt_probe_store:
kt_probe_store_insn:
	movq	%r14, (%r13)
	REPORT_DONE

	.globl kt_probe_ud2, kt_probe_ud2_insn
kt_probe_ud2:
kt_probe_ud2_insn:
	ud2
	REPORT_DONE

	.globl kt_probe_int3, kt_probe_int3_insn
kt_probe_int3:
kt_probe_int3_insn:
	int3
	REPORT_DONE

/* Vector 0x80 has a DPL 0 gate: #GP with error code 0x80 << 3 | 2. */
	.globl kt_probe_int80, kt_probe_int80_insn
kt_probe_int80:
kt_probe_int80_insn:
	int	$0x80
	REPORT_DONE

/* Vector 0xff is ignored by the kernel (spurious). */
	.globl kt_probe_int_ff, kt_probe_int_ff_insn
kt_probe_int_ff:
kt_probe_int_ff_insn:
	int	$0xff
	REPORT_DONE

/* Privileged instruction: #GP(0). */
	.globl kt_probe_hlt, kt_probe_hlt_insn
kt_probe_hlt:
kt_probe_hlt_insn:
	hlt
	REPORT_DONE

/* Divide by zero: #DE. */
	.globl kt_probe_divide, kt_probe_divide_insn
kt_probe_divide:
	xorl	%ecx, %ecx
	movl	$1, %eax
	xorl	%edx, %edx
kt_probe_divide_insn:
	divl	%ecx
	REPORT_DONE

/* First SSE instruction: #NM when the thread's FPU is disabled. */
	.globl kt_probe_sse, kt_probe_sse_insn
kt_probe_sse:
kt_probe_sse_insn:
	xorps	%xmm0, %xmm0
	REPORT_DONE

/*
 * `syscall` with number r13 and known values in every other register the
 * fault message carries; afterwards report RAX (a fault handler may have
 * changed it through its reply).
 */
	.globl kt_probe_unknown_syscall, kt_probe_unknown_syscall_insn
kt_probe_unknown_syscall:
	movabsq	$KT_PROBE_RAX, %rax
	movabsq	$KT_PROBE_RBX, %rbx
	movabsq	$KT_PROBE_RSI, %rsi
	movabsq	$KT_PROBE_RDI, %rdi
	movabsq	$KT_PROBE_RBP, %rbp
	movabsq	$KT_PROBE_R8, %r8
	movabsq	$KT_PROBE_R9, %r9
	movabsq	$KT_PROBE_R10, %r10
	movabsq	$KT_PROBE_R14, %r14
	movabsq	$KT_PROBE_R15, %r15
	movq	%r13, %rdx
kt_probe_unknown_syscall_insn:
	syscall
	movq	%rax, %r10
	jmp	kt_probe_report

/* A user trap vector: reported as an UnknownSyscall fault. */
	.globl kt_probe_int_trap, kt_probe_int_trap_insn
kt_probe_int_trap:
	movabsq	$KT_PROBE_TRAP_RAX, %rax
kt_probe_int_trap_insn:
	int	$KT_PROBE_TRAP_VECTOR
	movq	%rax, %r10
	jmp	kt_probe_report

/* Recv on cptr r13, then report the badge. */
	.globl kt_probe_recv, kt_probe_recv_insn
kt_probe_recv:
	movq	%r13, %rdi
	movq	$SYS_RECV, %rdx
kt_probe_recv_insn:
	syscall
	movq	%rdi, %r10
	jmp	kt_probe_report

/* Send on r12 with message info r14 and MR0..3 = KT_PROBE_MR0..3; repeat. */
	.globl kt_probe_send_info
kt_probe_send_info:
1:	movq	%r12, %rdi
	movq	%r14, %rsi
	movabsq	$KT_PROBE_MR0, %r10
	movabsq	$KT_PROBE_MR1, %r8
	movabsq	$KT_PROBE_MR2, %r9
	movabsq	$KT_PROBE_MR3, %r15
	movq	$SYS_SEND, %rdx
	.globl kt_probe_send_info_insn
kt_probe_send_info_insn:
	syscall
	jmp	1b

/*
 * Load marker values into MR0..3 (R10, R8, R9, R15) and RSI, Recv on r13,
 * then report: first a Call with length 4 carrying MR0..3 exactly as the
 * Recv left them, then (forever) the message info the Recv returned.
 */
	.globl kt_probe_recv_regs
kt_probe_recv_regs:
	movabsq	$KT_PROBE_MARK0, %r10
	movabsq	$KT_PROBE_MARK1, %r8
	movabsq	$KT_PROBE_MARK2, %r9
	movabsq	$KT_PROBE_MARK3, %r15
	movabsq	$KT_PROBE_MARKI, %rsi
	movq	%r13, %rdi
	movq	$SYS_RECV, %rdx
	syscall
	movq	%rsi, %rbx
	movq	%r12, %rdi
	movq	$4, %rsi
	movq	$SYS_CALL, %rdx
	syscall
	movq	%rbx, %r10
	jmp	kt_probe_report

/* Call r13 (RDI = r13, empty message); report RDI after the reply. */
	.globl kt_probe_call_rdi
kt_probe_call_rdi:
	movq	%r13, %rdi
	xorl	%esi, %esi
	movq	$SYS_CALL, %rdx
	syscall
	movq	%rdi, %r10
	jmp	kt_probe_report

/* ud2, then report RSP (a fault handler may have replaced it). */
	.globl kt_probe_ud2_rsp, kt_probe_ud2_rsp_insn
kt_probe_ud2_rsp:
kt_probe_ud2_rsp_insn:
	ud2
	movq	%rsp, %r10
	jmp	kt_probe_report

	.globl kt_probe_jump
kt_probe_jump:
	jmp	*%r13

	.balign 4096
	.globl kt_probe_page_end
kt_probe_page_end:
