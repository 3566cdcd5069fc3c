/*
 * tests/fuzz/fz_asm.S — register-preservation probe for the canary thread.
 *
 * int fz_regs_survive_yield(uint64_t pattern)
 *   Loads distinct values derived from `pattern` into RBX, RBP, R12, R13
 *   and R14 (the registers the kernel must preserve across any syscall),
 *   does seL4_Yield, and returns 1 if all five still hold their values.
 *   RSP comes back as 0 from the kernel, so it is parked in memory, and so
 *   is the pattern (RDI is not one of the preserved registers).  Only the
 *   canary thread calls this.
 */
	.text
	.globl	fz_regs_survive_yield
	.type	fz_regs_survive_yield, @function
fz_regs_survive_yield:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, fz_parked_rsp(%rip)
	mov	%rdi, fz_parked_pattern(%rip)
	mov	%rdi, %rbx
	lea	1(%rdi), %rbp
	lea	2(%rdi), %r12
	lea	3(%rdi), %r13
	lea	4(%rdi), %r14
	mov	$-7, %rdx		/* seL4_SysYield */
	syscall
	mov	fz_parked_rsp(%rip), %rsp
	xor	%eax, %eax
	cmp	fz_parked_pattern(%rip), %rbx
	jne	1f
	lea	1(%rbx), %rcx
	cmp	%rcx, %rbp
	jne	1f
	lea	2(%rbx), %rcx
	cmp	%rcx, %r12
	jne	1f
	lea	3(%rbx), %rcx
	cmp	%rcx, %r13
	jne	1f
	lea	4(%rbx), %rcx
	cmp	%rcx, %r14
	jne	1f
	mov	$1, %eax
1:	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret
	.size	fz_regs_survive_yield, . - fz_regs_survive_yield

	.bss
	.align	8
fz_parked_rsp:
	.quad	0
fz_parked_pattern:
	.quad	0
