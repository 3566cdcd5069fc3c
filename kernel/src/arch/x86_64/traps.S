/*
 * Kernel entry and exit.
 *
 * The kernel runs on one stack with interrupts disabled.  User registers are
 * saved straight into the current thread's user_context_t (see
 * object/structures.h): ks_cur_ctx_top points just past it and is also
 * TSS.RSP0, so on an interrupt from user mode the CPU itself pushes the
 * hardware frame into the TCB, and the stubs push the remaining registers
 * below it.  The syscall entry does the same by hand.
 *
 * Context offsets (user_context_t):
 *   r15 0, r14 8, r13 16, r12 24, r11 32, r10 40, r9 48, r8 56, rbp 64,
 *   rdi 72, rsi 80, rdx 88, rcx 96, rbx 104, rax 112, error 120, rip 128,
 *   cs 136, rflags 144, rsp 152, ss 160; size 168.
 *
 * Exit: restore_user_context uses sysretq when the thread last entered by
 * `syscall` and nobody rewrote its frame (error == -1), else iretq.
 */
#define CTX_SIZE 168
#define CTX_ERROR 120

    .macro PUSH_GPRS_AFTER_RAX
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    .endm

    .text
    .global syscall_entry
    .align 16
syscall_entry:
    mov ks_cur_ctx_top(%rip), %rsp
    sub $16, %rsp                 /* ss, rsp: not saved on syscall */
    push %r11                     /* rflags */
    sub $8, %rsp                  /* cs: constant */
    push %rcx                     /* rip = next instruction */
    push $-1                      /* error = ENTRY_SYSCALL */
    push %rax
    PUSH_GPRS_AFTER_RAX
    lea kernel_stack_top(%rip), %rsp
    /* c_handle_syscall(cptr = rdi, msginfo = rsi, sysno = rdx) */
    call c_handle_syscall
    jmp restore_user_context

/* Interrupt and exception stubs: push a dummy error code if the CPU
 * doesn't, then the vector number, and go to the common path. */
    .macro STUB vec
    .align 16
trap_stub_\vec:
    .if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
    .else
    push $0
    .endif
    push $\vec
    jmp trap_common
    .endm

    .altmacro
    .set vec, 0
    .rept 256
    STUB %vec
    .set vec, vec + 1
    .endr

    .section .rodata
    .global trap_stub_table
    .align 8
trap_stub_table:
    .macro STUBADDR v
    .quad trap_stub_\v
    .endm
    .set vec, 0
    .rept 256
    STUBADDR %vec
    .set vec, vec + 1
    .endr

    .text
    .align 16
trap_common:
    /* stack: vector, error, rip, cs, rflags, rsp, ss */
    testb $3, 24(%rsp)
    jz trap_from_kernel
    xchg %rax, (%rsp)             /* save user rax in its slot; rax = vector */
    PUSH_GPRS_AFTER_RAX
    lea kernel_stack_top(%rip), %rsp
    mov %rax, %rdi
    call c_handle_trap
    jmp restore_user_context

trap_from_kernel:
    /* The idle loop (interrupts) or a kernel bug (exceptions). */
    push %rax
    PUSH_GPRS_AFTER_RAX
    mov %rsp, %rsi                /* saved registers, same layout as user_context_t from r15 */
    mov 120(%rsp), %rdi           /* vector (in the rax slot position + 8) */
    and $-16, %rsp
    call c_handle_kernel_trap
    /* only returns for spurious interrupts during idle */
    mov %rax, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp                 /* vector, error */
    iretq

    .global restore_user_context
    .align 16
restore_user_context:
    mov ks_cur_thread(%rip), %rax
    cmp ks_idle_thread(%rip), %rax
    je idle_loop
    mov ks_cur_ctx_top(%rip), %rsp
    sub $CTX_SIZE, %rsp
    cmpq $-1, CTX_ERROR(%rsp)
    je 1f
    /* The selectors are constants: never trust saved ones (sysretq loads
     * SS = 0x23, which is not a valid selector for iretq). */
    movq $0x2b, 136(%rsp)
    movq $0x33, 160(%rsp)
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $8, %rsp                  /* error */
    iretq
1:  pop %r15
    pop %r14
    pop %r13
    pop %r12
    add $8, %rsp                  /* r11 is loaded with rflags below */
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    add $8, %rsp                  /* rcx is loaded with rip below */
    pop %rbx
    pop %rax
    add $8, %rsp                  /* error */
    pop %rcx                      /* rip */
    add $8, %rsp                  /* cs */
    pop %r11                      /* rflags */
    xor %esp, %esp
    sysretq

    /* The idle thread: halt with interrupts enabled until one arrives. */
    .global idle_loop
    .align 16
idle_loop:
    lea kernel_stack_top(%rip), %rsp
1:  sti
    hlt
    cli
    jmp 1b
