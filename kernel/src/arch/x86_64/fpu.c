/*
 * Lazy FPU switching.
 *
 * Each TCB holds an XSAVE area (x87, SSE and, where the CPU has it, AVX
 * state).  The CPU's FPU registers belong to `fpu_owner`; switching to any
 * other thread sets CR0.TS, and that thread's first FPU instruction traps
 * (#NM), at which point the owner's state is saved and the new thread's
 * loaded.  Threads that never touch the FPU cost nothing extra.  A thread
 * with seL4_TCBFlag_fpuDisabled gets a UserException (vector 7) instead.
 * Without XSAVE, FXSAVE (x87 + SSE) is used.
 */
#include <kernel.h>
#include <arch/machine.h>

static tcb_t *fpu_owner;
static bool have_xsave;
static uint64_t xsave_mask;
static uint8_t fpu_init_state[1024] ALIGNED(64);

static void fpu_save(tcb_t *t)
{
    if (have_xsave)
        __asm__ volatile("xsave (%0)" ::"r"(t->fpu), "a"((uint32_t)xsave_mask),
                         "d"((uint32_t)(xsave_mask >> 32)) : "memory");
    else
        __asm__ volatile("fxsave (%0)" ::"r"(t->fpu) : "memory");
}

static void fpu_load(const uint8_t *area)
{
    if (have_xsave)
        __asm__ volatile("xrstor (%0)" ::"r"(area), "a"((uint32_t)xsave_mask),
                         "d"((uint32_t)(xsave_mask >> 32)) : "memory");
    else
        __asm__ volatile("fxrstor (%0)" ::"r"(area) : "memory");
}

BOOT_CODE void fpu_init(void)
{
    uint32_t a, b, c, d;
    word_t cr0 = read_cr0();
    cr0 &= ~BIT(2);          /* EM */
    cr0 |= BIT(1) | BIT(5);  /* MP, NE */
    write_cr0(cr0);
    word_t cr4 = read_cr4() | BIT(9) | BIT(10); /* OSFXSR, OSXMMEXCPT */
    cpuid(1, 0, &a, &b, &c, &d);
    if (c & BIT(26)) {
        cr4 |= CR4_OSXSAVE;
        write_cr4(cr4);
        cpuid(0xd, 0, &a, &b, &c, &d);
        xsave_mask = a & 0x7; /* x87 | SSE | AVX where supported */
        __asm__ volatile("xsetbv" ::"c"(0), "a"((uint32_t)xsave_mask), "d"(0));
        cpuid(0xd, 0, &a, &b, &c, &d);
        if (b <= sizeof(fpu_init_state))
            have_xsave = true;
    } else {
        write_cr4(cr4);
    }
    clts();
    __asm__ volatile("fninit");
    uint32_t mxcsr = 0x1f80;
    __asm__ volatile("ldmxcsr %0" ::"m"(mxcsr));
    memset(fpu_init_state, 0, sizeof(fpu_init_state));
    if (have_xsave)
        __asm__ volatile("xsave (%0)" ::"r"(fpu_init_state), "a"((uint32_t)xsave_mask),
                         "d"((uint32_t)(xsave_mask >> 32)) : "memory");
    else
        __asm__ volatile("fxsave (%0)" ::"r"(fpu_init_state) : "memory");
    write_cr0(read_cr0() | CR0_TS);
}

void fpu_thread_init(tcb_t *t)
{
    memcpy(t->fpu, fpu_init_state, sizeof(t->fpu));
}

void fpu_switch_to(tcb_t *t)
{
    word_t cr0 = read_cr0();
    bool want_ts = (t != fpu_owner);
    if (want_ts != !!(cr0 & CR0_TS))
        write_cr0(want_ts ? (cr0 | CR0_TS) : (cr0 & ~CR0_TS));
}

void fpu_thread_delete(tcb_t *t)
{
    if (fpu_owner == t) {
        fpu_owner = NULL;
        write_cr0(read_cr0() | CR0_TS);
    }
}

/* #NM from user mode: give the FPU to the current thread.  Returns false if
 * the thread may not use the FPU (a user exception follows). */
bool fpu_handle_nm(void)
{
    tcb_t *t = ks_cur_thread;
    if (t->flags & 1 /* seL4_TCBFlag_fpuDisabled */)
        return false;
    clts();
    if (fpu_owner && fpu_owner != t)
        fpu_save(fpu_owner);
    if (fpu_owner != t)
        fpu_load(t->fpu);
    fpu_owner = t;
    return true;
}
