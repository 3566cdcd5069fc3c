/*
 * switch.S — switching between the executive's coroutines (see async.c).
 *
 * KiSwitchContext(ULONG_PTR *SaveRsp, ULONG_PTR NewRsp): push the System V
 * callee-saved registers, store the stack pointer in *SaveRsp, load NewRsp,
 * pop the same registers from there and return into that context.  A new
 * coroutine's stack is prepared (async.c) so that this first "return" lands
 * in KiCoroutineEntry with the coroutine in r12.
 */
    .text
    .globl KiSwitchContext
    .type KiSwitchContext, @function
KiSwitchContext:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

    .globl KiCoroutineEntry
    .type KiCoroutineEntry, @function
KiCoroutineEntry:
    mov %r12, %rdi
    xor %ebp, %ebp
    call KiCoroutineMain /* never returns */
    ud2
