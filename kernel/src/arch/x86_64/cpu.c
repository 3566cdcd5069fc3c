/*
 * Per-CPU set-up: GDT, TSS, IDT, the syscall MSRs, control-register
 * features, and the per-thread parts of a context switch (TSS.RSP0,
 * FS/GS base).
 *
 * GDT layout (the user selectors are seL4's): 0 null, 1 kernel code (0x08),
 * 2 kernel data (0x10), 3-4 TSS (0x18), 5 user code (0x2b), 6 user data
 * (0x33), 7-8 user data for FS/GS (0x3b, 0x43; historical, base 0).
 *
 * IDT: every vector has a stub (traps.S).  User-callable (DPL 3) gates:
 * int3 and INT_TRAP_MIN..255; the syscall layer turns them into
 * UserException / UnknownSyscall faults as seL4 does, and ignores `int 0xff`
 * (the spurious-interrupt vector).
 */
#include <kernel.h>
#include <arch/machine.h>

typedef struct PACKED tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} tss_t;

static uint64_t gdt[9] ALIGNED(16);
static uint64_t idt[512] ALIGNED(16);
static tss_t tss ALIGNED(16);
static uint8_t ist_stack[4096] ALIGNED(16);

extern const uint64_t trap_stub_table[256];
extern void syscall_entry(void);

word_t ks_cur_ctx_top;

static void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = 0x00af9a000000ffffull; /* kernel code, 64-bit */
    gdt[2] = 0x00cf92000000ffffull; /* kernel data */
    gdt[5] = 0x00affa000000ffffull; /* user code, 64-bit, DPL 3 */
    gdt[6] = 0x00cff2000000ffffull; /* user data, DPL 3 */
    gdt[7] = 0x00cff2000000ffffull;
    gdt[8] = 0x00cff2000000ffffull;

    uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;
    gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[4] = base >> 32;

    struct PACKED { uint16_t limit; uint64_t base; } ptr = { sizeof(gdt) - 1, (uint64_t)gdt };
    __asm__ volatile("lgdt %0" ::"m"(ptr));
    __asm__ volatile("pushq $0x08\n"
                     "lea 1f(%%rip), %%rax\n"
                     "pushq %%rax\n"
                     "lretq\n"
                     "1:\n"
                     "mov $0x10, %%ax\n"
                     "mov %%ax, %%ds\n"
                     "mov %%ax, %%es\n"
                     "mov %%ax, %%ss\n"
                     ::: "rax", "memory");
    tss.iomap_base = sizeof(tss); /* no I/O bitmap: user port access faults */
    tss.ist[0] = (uint64_t)(ist_stack + sizeof(ist_stack));
    __asm__ volatile("ltr %w0" ::"r"(SEL_TSS));
}

static void idt_set(unsigned vec, uint64_t handler, unsigned dpl, unsigned ist)
{
    idt[vec * 2] = (handler & 0xffff) | ((uint64_t)SEL_KCODE << 16) | ((uint64_t)ist << 32) |
                   ((uint64_t)(0x8e | (dpl << 5)) << 40) | (((handler >> 16) & 0xffff) << 48);
    idt[vec * 2 + 1] = handler >> 32;
}

static void idt_init(void)
{
    for (unsigned v = 0; v < 256; v++) {
        unsigned dpl = (v == 3 || v >= INT_TRAP_MIN) ? 3 : 0; /* int 0xff: ignored */
        unsigned ist = (v == 2 || v == 8 || v == 18) ? 1 : 0;
        idt_set(v, trap_stub_table[v], dpl, ist);
    }
    struct PACKED { uint16_t limit; uint64_t base; } ptr = { sizeof(idt) - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" ::"m"(ptr));
}

static void syscall_init(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | BIT(0) /* SCE */);
    /* syscall: CS = 0x08, SS = 0x10; sysretq: CS = 0x1b + 16 = 0x2b, SS = 0x1b + 8 */
    wrmsr(MSR_STAR, ((uint64_t)(SEL_UCODE - 16) << 48) | ((uint64_t)SEL_KCODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* Clear IF, TF, DF, AC, NT on entry. */
    wrmsr(MSR_FMASK, BIT(9) | BIT(8) | BIT(10) | BIT(18) | BIT(14));
}

BOOT_CODE void cpu_init(void)
{
    uint32_t a, b, c, d;
    gdt_init();
    idt_init();
    syscall_init();

    cpuid(7, 0, &a, &b, &c, &d);
    word_t cr4 = read_cr4();
    if (b & BIT(0))
        cr4 |= CR4_FSGSBASE;
    else
        panic("CPU lacks FSGSBASE (use -cpu max under QEMU)");
    cr4 |= BIT(7); /* PGE */
    write_cr4(cr4);

    /* PAT: PA0 WB, PA1 WT, PA2 UC-, PA3 UC, PA4 WC, PA5 WP, PA6 UC-, PA7 UC */
    wrmsr(MSR_PAT, 0x0007050100070406ull);
    /* NXE is left off: seL4 never sets NX on user mappings. */
    fpu_init();
}

void arch_set_kernel_stack(tcb_t *t)
{
    ks_cur_ctx_top = (word_t)(&t->ctx + 1);
    tss.rsp[0] = ks_cur_ctx_top;
}

static inline word_t rdfsbase(void) { word_t v; __asm__ volatile("rdfsbase %0" : "=r"(v)); return v; }
static inline void wrfsbase(word_t v) { __asm__ volatile("wrfsbase %0" ::"r"(v)); }

/*
 * Save the outgoing thread's FS/GS bases and load the incoming thread's.
 * User code may change them with wrfsbase/wrgsbase at any time, so the
 * saved values are read back from the CPU here.  The user GS base lives in
 * MSR_GS_BASE (the kernel never uses GS).
 */
void arch_switch_context(tcb_t *from, tcb_t *to)
{
    if (from && from != ks_idle_thread) {
        from->fs_base = rdfsbase();
        from->gs_base = rdmsr(MSR_GS_BASE);
    }
    if (to != ks_idle_thread) {
        wrfsbase(to->fs_base);
        wrmsr(MSR_GS_BASE, to->gs_base);
    }
    arch_set_kernel_stack(to);
    fpu_switch_to(to);
}

/* Re-read the running thread's FS/GS base (for ReadRegisters on itself is
 * forbidden, but other paths read the current thread's values). */
void arch_sync_current_bases(void)
{
    if (ks_cur_thread && ks_cur_thread != ks_idle_thread) {
        ks_cur_thread->fs_base = rdfsbase();
        ks_cur_thread->gs_base = rdmsr(MSR_GS_BASE);
    }
}

void arch_load_current_bases(void)
{
    if (ks_cur_thread && ks_cur_thread != ks_idle_thread) {
        wrfsbase(ks_cur_thread->fs_base);
        wrmsr(MSR_GS_BASE, ks_cur_thread->gs_base);
    }
}
