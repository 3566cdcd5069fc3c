/*
 * except.S — the parts of exception handling that must be assembly:
 * KiUserExceptionDispatcher (where the executive starts a thread with an
 * exception), RtlCaptureContext and RtlRestoreContext.  docs/exceptions.md.
 *
 * CONTEXT offsets (include/ndk/amd64/ketypes.h): ContextFlags 0x30,
 * MxCsr 0x34, SegCs 0x38, SegDs 0x3a, SegEs 0x3c, SegFs 0x3e, SegGs 0x40,
 * SegSs 0x42, EFlags 0x44, Rax 0x78, Rcx 0x80, Rdx 0x88, Rbx 0x90,
 * Rsp 0x98, Rbp 0xa0, Rsi 0xa8, Rdi 0xb0, R8..R15 0xb8..0xf0, Rip 0xf8,
 * FltSave 0x100.
 */
    .text

/*
 * rsp = the CONTEXT of the exception, 16-byte aligned; CONTEXT_EX at
 * +0x4d0, the EXCEPTION_RECORD at +0x4f0, the machine frame at +0x590.
 * The unwind information says so, so a stack walk passes through here
 * to the code that faulted.  The executive cannot read the FPU state: when
 * CONTEXT_EX.Reserved (+0x4e8) is 1 it is still the faulting code's, and
 * is saved into the CONTEXT first.  The callee's home area is the CONTEXT's
 * P1Home..P4Home, as on Windows.
 */
    .globl KiUserExceptionDispatcher
    .p2align 4
    .def KiUserExceptionDispatcher; .scl 2; .type 32; .endef
KiUserExceptionDispatcher:
    .seh_proc KiUserExceptionDispatcher
    .seh_pushframe
    .seh_stackalloc 0x590
    .seh_endprologue
    cld
    cmpq $1, 0x4e8(%rsp)
    jne 1f
    fxsave 0x100(%rsp)
    stmxcsr 0x34(%rsp)
    movq $0, 0x4e8(%rsp)
1:  lea 0x4f0(%rsp), %rcx
    mov %rsp, %rdx
    call RtlpDispatchUserException
    ud2
    .seh_endproc

/* VOID RtlCaptureContext(PCONTEXT rcx): the caller's registers as it
 * returns from this call (Rip the return address, Rsp above it). */
    .globl RtlCaptureContext
    .p2align 4
    .def RtlCaptureContext; .scl 2; .type 32; .endef
RtlCaptureContext:
    .seh_proc RtlCaptureContext
    pushfq
    .seh_stackalloc 8
    .seh_endprologue
    movl $0x10000f, 0x30(%rcx)          /* CONTEXT_FULL | CONTEXT_SEGMENTS */
    mov %rax, 0x78(%rcx)
    mov %rcx, 0x80(%rcx)
    mov %rdx, 0x88(%rcx)
    mov %rbx, 0x90(%rcx)
    mov %rbp, 0xa0(%rcx)
    mov %rsi, 0xa8(%rcx)
    mov %rdi, 0xb0(%rcx)
    mov %r8, 0xb8(%rcx)
    mov %r9, 0xc0(%rcx)
    mov %r10, 0xc8(%rcx)
    mov %r11, 0xd0(%rcx)
    mov %r12, 0xd8(%rcx)
    mov %r13, 0xe0(%rcx)
    mov %r14, 0xe8(%rcx)
    mov %r15, 0xf0(%rcx)
    movw $0x33, 0x38(%rcx)              /* Windows' selectors (ketypes.h) */
    movw $0x2b, 0x3a(%rcx)
    movw $0x2b, 0x3c(%rcx)
    movw $0x53, 0x3e(%rcx)
    movw $0x2b, 0x40(%rcx)
    movw $0x2b, 0x42(%rcx)
    mov (%rsp), %rax                    /* the flags pushed above */
    mov %eax, 0x44(%rcx)
    lea 16(%rsp), %rax                  /* the caller's rsp after the return */
    mov %rax, 0x98(%rcx)
    mov 8(%rsp), %rax                   /* the return address */
    mov %rax, 0xf8(%rcx)
    fxsave 0x100(%rcx)
    stmxcsr 0x34(%rcx)
    mov 0x78(%rcx), %rax
    add $8, %rsp
    ret
    .seh_endproc

/*
 * VOID RtlRestoreContext(PCONTEXT rcx, PEXCEPTION_RECORD rdx): continue
 * at the context.  FPU state from FltSave if CONTEXT_FLOATING_POINT, then
 * every integer register, rflags (arithmetic flags and DF), rsp and rip
 * at once through an iretq to our own privilege level.  The record (for
 * STATUS_UNWIND_CONSOLIDATE) is not used yet.
 */
    .globl RtlRestoreContext
    .p2align 4
    .def RtlRestoreContext; .scl 2; .type 32; .endef
RtlRestoreContext:
    .seh_proc RtlRestoreContext
    sub $0x28, %rsp
    .seh_stackalloc 0x28
    .seh_endprologue
    testl $8, 0x30(%rcx)
    jz 1f
    fxrstor 0x100(%rcx)
    ldmxcsr 0x34(%rcx)
1:  mov 0xf8(%rcx), %rax
    mov %rax, 0(%rsp)                   /* iretq frame: rip, cs, rflags, rsp, ss */
    xor %eax, %eax
    mov %cs, %ax
    mov %rax, 8(%rsp)
    mov 0x44(%rcx), %eax
    and $0xcd5, %eax
    or $0x202, %eax
    mov %rax, 16(%rsp)
    mov 0x98(%rcx), %rax
    mov %rax, 24(%rsp)
    xor %eax, %eax
    mov %ss, %ax
    mov %rax, 32(%rsp)
    mov 0x78(%rcx), %rax
    mov 0x88(%rcx), %rdx
    mov 0x90(%rcx), %rbx
    mov 0xa0(%rcx), %rbp
    mov 0xa8(%rcx), %rsi
    mov 0xb0(%rcx), %rdi
    mov 0xb8(%rcx), %r8
    mov 0xc0(%rcx), %r9
    mov 0xc8(%rcx), %r10
    mov 0xd0(%rcx), %r11
    mov 0xd8(%rcx), %r12
    mov 0xe0(%rcx), %r13
    mov 0xe8(%rcx), %r14
    mov 0xf0(%rcx), %r15
    mov 0x80(%rcx), %rcx
    iretq
    .seh_endproc
