/*
 * bench/kb_asm.S — the measured loops of kbench and the helper threads.
 *
 * Why assembly: the number reported for an operation is the number of guest
 * instructions between two rdtsc reads (QEMU -icount), so every instruction
 * inside the bracket must be fixed.  The compiler never sees these loops.
 *
 * Conventions: SysV calling convention for the kb_measure_* routines (they
 * save and restore rbx, rbp, r12-r15).  A system call follows the seL4
 * x86_64 `syscall` ABI: RDX = syscall number, RDI = cap, RSI = message info,
 * R10/R8/R9/R15 = MR0..MR3; the kernel preserves RBX/RBP/R12-R14, clobbers
 * RCX/R11 and returns with RSP = 0, so RSP is parked in RBX across the call
 * (outside the bracket: the park is setup, the restore comes after the
 * closing rdtsc).
 *
 * Inside the bracket of kb_measure_syscall there are exactly two
 * instructions of ours besides the bracket itself: the load of RDX (rdtsc
 * clobbers it, so it cannot be loaded earlier) and `syscall`.
 */
#include "kb_asm.h"

	.text

/* TSC_OPEN: r12 := TSC.  Counted after the rdtsc: lfence, shl, or, mov. */
.macro TSC_OPEN
	lfence
	rdtsc
	lfence
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, %r12
.endm

/* TSC_CLOSE: rax := TSC.  Counted: lfence, rdtsc. */
.macro TSC_CLOSE
	lfence
	rdtsc
	lfence
	shl	$32, %rdx
	or	%rdx, %rax
.endm

.macro SAVE_CALLEE
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
.endm

.macro RESTORE_CALLEE
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
.endm

/* Load the input registers of the syscall described by *rbp, except RDX. */
.macro LOAD_SYS
	mov	KB_SYS_RDI(%rbp), %rdi
	mov	KB_SYS_RSI(%rbp), %rsi
	mov	KB_SYS_MR0(%rbp), %r10
	mov	KB_SYS_MR1(%rbp), %r8
	mov	KB_SYS_MR2(%rbp), %r9
	mov	KB_SYS_MR3(%rbp), %r15
.endm

/* void kb_measure_empty(uint64_t *out, uint64_t n) */
	.globl	kb_measure_empty
	.type	kb_measure_empty, @function
kb_measure_empty:
	SAVE_CALLEE
	mov	%rdi, %r13
	mov	%rsi, %r14
1:	TSC_OPEN
	TSC_CLOSE
	sub	%r12, %rax
	mov	%rax, (%r13)
	add	$8, %r13
	dec	%r14
	jnz	1b
	RESTORE_CALLEE
	ret
	.size	kb_measure_empty, . - kb_measure_empty

/* void kb_measure_syscall(const kb_sys_t *s, uint64_t *out, uint64_t n) */
	.globl	kb_measure_syscall
	.type	kb_measure_syscall, @function
kb_measure_syscall:
	SAVE_CALLEE
	mov	%rdi, %rbp
	mov	%rsi, %r13
	mov	%rdx, %r14
1:	LOAD_SYS
	mov	%rsp, %rbx
	TSC_OPEN
	mov	KB_SYS_NR(%rbp), %rdx
	syscall
	TSC_CLOSE
	mov	%rbx, %rsp
	sub	%r12, %rax
	mov	%rax, (%r13)
	add	$8, %r13
	dec	%r14
	jnz	1b
	RESTORE_CALLEE
	ret
	.size	kb_measure_syscall, . - kb_measure_syscall

/*
 * void kb_measure_oneway(const kb_sys_t *s, const kb_stamps_t *st,
 *                        uint64_t *out_there, uint64_t *out_back, uint64_t n)
 * Same loop as kb_measure_syscall.  Before each sample (outside the
 * bracket) both stamps are zeroed; if the helper did not leave both during
 * the sample (it was preempted, or did not run), the sample is stored as
 * ~0 in both arrays and the caller drops it.  The two arrays are indexed
 * together through r13 (out_there) and r13 + (out_back - out_there).
 */
	.globl	kb_measure_oneway
	.type	kb_measure_oneway, @function
kb_measure_oneway:
	SAVE_CALLEE
	mov	%rdi, %rbp
	mov	%rdx, %r13
	sub	%rdx, %rcx		/* rcx = out_back - out_there */
	push	%rcx			/* 8(%rsp): distance between arrays */
	push	%rsi			/* 0(%rsp): st */
	mov	%r8, %r14
1:	mov	0(%rsp), %rsi
	movq	$0, KB_STAMP_WOKE(%rsi)
	movq	$0, KB_STAMP_SLEEP(%rsi)
	LOAD_SYS
	mov	%rsp, %rbx
	TSC_OPEN
	mov	KB_SYS_NR(%rbp), %rdx
	syscall
	TSC_CLOSE
	mov	%rbx, %rsp
	mov	0(%rsp), %rsi		/* st */
	mov	KB_STAMP_WOKE(%rsi), %rcx
	mov	KB_STAMP_SLEEP(%rsi), %rdx
	test	%rcx, %rcx
	jz	2f
	test	%rdx, %rdx
	jz	2f
	sub	%r12, %rcx		/* there = woke - start */
	sub	%rdx, %rax		/* back = end - sleep */
	jmp	3f
2:	mov	$-1, %rcx		/* helper did not run in between */
	mov	$-1, %rax
3:	mov	%rcx, (%r13)
	mov	8(%rsp), %rcx
	mov	%rax, (%r13, %rcx)
	add	$8, %r13
	dec	%r14
	jnz	1b
	add	$16, %rsp
	RESTORE_CALLEE
	ret
	.size	kb_measure_oneway, . - kb_measure_oneway

/*
 * void kb_helper_plain(uint64_t cap, int64_t first_nr, int64_t loop_nr)
 * Helper thread body: no stack, no TLS.  rbp = cap, r14 = loop_nr.
 */
	.globl	kb_helper_plain
	.type	kb_helper_plain, @function
kb_helper_plain:
	mov	%rdi, %rbp
	mov	%rdx, %r14
	test	%rsi, %rsi
	jz	1f
	mov	%rsi, %rdx
	syscall
1:	mov	%rbp, %rdi
	mov	%r14, %rdx
	syscall
	jmp	1b
	.size	kb_helper_plain, . - kb_helper_plain

/*
 * void kb_helper_stamp(uint64_t cap, int64_t first_nr, int64_t loop_nr,
 *                      kb_stamps_t *st)
 * As kb_helper_plain, but records st->woke right after each syscall
 * returns and st->sleep right before the next one.  The received message
 * info (RSI, echoed back) is parked in r13 while rdtsc runs; r12 = st.
 */
	.globl	kb_helper_stamp
	.type	kb_helper_stamp, @function
kb_helper_stamp:
	mov	%rdi, %rbp
	mov	%rdx, %r14
	mov	%rcx, %r12
	test	%rsi, %rsi
	jz	1f
	mov	%rsi, %rdx
	syscall
1:	mov	%rsi, %r13		/* received message info, echoed back */
	lfence
	rdtsc
	lfence
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, KB_STAMP_WOKE(%r12)
	lfence
	rdtsc
	lfence
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, KB_STAMP_SLEEP(%r12)
	mov	%r13, %rsi
	mov	%rbp, %rdi
	mov	%r14, %rdx
	syscall
	jmp	1b
	.size	kb_helper_stamp, . - kb_helper_stamp
