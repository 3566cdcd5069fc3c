/*
 * crt0.S — the first instructions of a root task and of every new thread.
 *
 * _start: the kernel enters the root task with RDI = seL4_BootInfo *, RSP = 0
 * and all other registers zero.  We switch to a 64 KiB stack in .bss, clear
 * RBP (ends frame-pointer walks) and call the C start code with RDI
 * untouched.  TLS is set up in C (start.c) before anything touches it.
 *
 * _rt_thread_entry: threads made by rt_thread_context start here with
 * RDI = IPC buffer, RSI = function, RDX = argument, RCX = own TCB cap and a
 * 16-byte aligned RSP.  The `call` leaves the stack aligned as the SysV ABI
 * expects at a function entry.
 */

#define MAIN_STACK_BYTES (64 * 1024)

	.section .text.start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	leaq	__sel4rt_main_stack_top(%rip), %rsp
	xorl	%ebp, %ebp
	call	__sel4rt_start_c
	ud2
	.size _start, . - _start

	.text
	.globl _rt_thread_entry
	.type _rt_thread_entry, @function
_rt_thread_entry:
	andq	$-16, %rsp
	xorl	%ebp, %ebp
	call	__sel4rt_thread_main
	ud2
	.size _rt_thread_entry, . - _rt_thread_entry

	.bss
	.balign 16
__sel4rt_main_stack:
	.skip MAIN_STACK_BYTES
__sel4rt_main_stack_top:

	.section .note.GNU-stack, "", @progbits
