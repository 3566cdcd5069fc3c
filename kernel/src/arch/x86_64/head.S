/*
 * Kernel entry from a multiboot (1 or 2) loader.
 *
 * The loader enters _start in 32-bit protected mode, paging off, with the
 * magic in EAX and the info pointer in EBX.  We build the boot page tables
 * (identity map of the low 4 GiB plus the kernel's upper-half view, all with
 * 2 MiB pages), switch to long mode and jump to the kernel's linked
 * (virtual) address, where boot_main() in C takes over.  The identity map
 * is dropped by boot_main once it no longer needs it.
 *
 * The kernel is linked at KERNEL_ELF_BASE + physical address; this code
 * lives in .boot32, linked at its physical address, and reaches kernel
 * symbols through PHYS().
 */
#define KOFF 0xffffffff80000000
#define PHYS(x) ((x) - KOFF)

    .section .mbheader, "a"
    .align 8
mb1_header:
    .long 0x1badb002
    .long 0x00000003             /* page-align modules, want memory info */
    .long -(0x1badb002 + 0x00000003)

    .align 8
mb2_header:
    .long 0xe85250d6
    .long 0                       /* i386 */
    .long mb2_header_end - mb2_header
    .long -(0xe85250d6 + (mb2_header_end - mb2_header))
    .align 8
    .short 0, 0                   /* end tag */
    .long 8
mb2_header_end:

    .section .boot32, "ax"
    .code32
    .global _start
_start:
    cli
    cld
    mov %eax, %edi
    mov %ebx, %esi
    mov $PHYS(boot_stack_top), %esp

    /* Fill the four boot page directories: 2 MiB pages over 0..4 GiB. */
    mov $PHYS(boot_pd), %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $0x83, %eax                /* present | writable | large page */
    mov %eax, (%ebx, %ecx, 8)
    mov %ecx, %eax
    shr $11, %eax                 /* bits 32+ of the physical address */
    mov %eax, 4(%ebx, %ecx, 8)
    inc %ecx
    cmp $2048, %ecx
    jne 1b

    /* PDPTs: low (identity) and high (window + kernel image). */
    mov $PHYS(boot_pd) + 3, %eax
    mov %eax, PHYS(boot_pdpt_low)
    mov %eax, PHYS(kernel_pdpt)
    mov %eax, PHYS(kernel_pdpt) + 510 * 8
    add $0x1000, %eax
    mov %eax, PHYS(boot_pdpt_low) + 8
    mov %eax, PHYS(kernel_pdpt) + 8
    add $0x1000, %eax
    mov %eax, PHYS(boot_pdpt_low) + 16
    mov %eax, PHYS(kernel_pdpt) + 16
    add $0x1000, %eax
    mov %eax, PHYS(boot_pdpt_low) + 24
    mov %eax, PHYS(kernel_pdpt) + 24

    mov $PHYS(boot_pdpt_low) + 3, %eax
    mov %eax, PHYS(kernel_pml4_storage)
    mov $PHYS(kernel_pdpt) + 3, %eax
    mov %eax, PHYS(kernel_pml4_storage) + 511 * 8

    mov %cr4, %eax
    or $0x20, %eax                /* PAE */
    mov %eax, %cr4
    mov $PHYS(kernel_pml4_storage), %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx         /* EFER.LME */
    rdmsr
    or $0x100, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80010001, %eax          /* PG | WP | PE */
    mov %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $long_entry

    .code64
long_entry:
    movabs $high_entry, %rax
    jmp *%rax

    .align 16
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff      /* 64-bit code */
    .quad 0x00cf92000000ffff      /* data */
boot_gdt_ptr:
    .short boot_gdt_ptr - boot_gdt - 1
    .long boot_gdt

    .text
high_entry:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %eax, %eax
    mov %ax, %fs
    mov %ax, %gs
    movabs $kernel_stack_top, %rsp
    xor %ebp, %ebp
    /* boot_main(magic = edi, info = esi) */
    mov %edi, %edi
    mov %esi, %esi
    call boot_main
1:  cli
    hlt
    jmp 1b

    .section .bss
    .align 4096
    .global kernel_pml4_storage, kernel_pdpt, boot_pd, boot_pdpt_low
kernel_pml4_storage: .skip 4096
kernel_pdpt: .skip 4096
boot_pdpt_low: .skip 4096
boot_pd: .skip 4 * 4096
    .align 16
boot_stack: .skip 4096
boot_stack_top:
    .global kernel_stack, kernel_stack_top
    .align 4096
kernel_stack: .skip 16384
kernel_stack_top:
