/*
 * Interrupt controllers and the kernel timer.
 *
 * The local APIC delivers the kernel's timer tick (periodic, every
 * CONFIG_TIMER_TICK_MS, vector 157) and takes EOIs.  Device interrupts come
 * through the IOAPIC(s) — or, on a machine without an MADT, the legacy PIC —
 * with seL4's numbering: kernel IRQ n is CPU vector n + 0x20, user vectors
 * v (0..107) are IRQs v + 16.  Both the TSC and the LAPIC timer are
 * calibrated against PIT channel 2.  Without a local APIC the PIT itself
 * (through the PIC, IRQ 0) provides the tick.
 */
#include <kernel.h>
#include <boot.h>
#include <arch/machine.h>

bool ks_pic_mode;
static bool no_lapic;
uint32_t ks_tsc_mhz;
static vptr_t lapic;

/* Which IOAPIC pin each IRQ is routed through (for masking), -1 = MSI. */
static int16_t irq_ioapic[NUM_IRQS];
static uint8_t irq_pin[NUM_IRQS];

static inline uint32_t lapic_read(unsigned reg) { return *(volatile uint32_t *)(lapic + reg); }
static inline void lapic_write(unsigned reg, uint32_t v) { *(volatile uint32_t *)(lapic + reg) = v; }

static uint32_t ioapic_read(unsigned n, unsigned reg)
{
    *(volatile uint32_t *)ioapics[n].vaddr = reg;
    return *(volatile uint32_t *)(ioapics[n].vaddr + 0x10);
}
static void ioapic_write(unsigned n, unsigned reg, uint32_t v)
{
    *(volatile uint32_t *)ioapics[n].vaddr = reg;
    *(volatile uint32_t *)(ioapics[n].vaddr + 0x10) = v;
}

static void pic_init(bool mask_all)
{
    outb(0x20, 0x11);
    outb(0xa0, 0x11);
    outb(0x21, 0x20); /* vectors 0x20..0x2f */
    outb(0xa1, 0x28);
    outb(0x21, 0x04);
    outb(0xa1, 0x02);
    outb(0x21, 0x01);
    outb(0xa1, 0x01);
    outb(0x21, mask_all ? 0xff : 0xfb); /* keep the cascade line open */
    outb(0xa1, 0xff);
}

static void pic_mask(unsigned irq, bool mask)
{
    uint16_t port = irq < 8 ? 0x21 : 0xa1;
    uint8_t bit = 1u << (irq & 7);
    uint8_t v = inb(port);
    outb(port, mask ? (v | bit) : (v & ~bit));
}

BOOT_CODE void apic_init(void)
{
    uint32_t a, b, c, d;
    for (unsigned i = 0; i < NUM_IRQS; i++)
        irq_ioapic[i] = -1;
    cpuid(1, 0, &a, &b, &c, &d);
    no_lapic = !(d & BIT(9));
    ks_pic_mode = (n_ioapics == 0);
    pic_init(true);
    if (!no_lapic) {
        lapic = map_kernel_device(lapic_paddr & ~0xfffull);
        wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | BIT(11));
        lapic_write(0xf0, 0x100 | VECTOR_SPURIOUS); /* enable, spurious vector */
        lapic_write(0x80, 0);                       /* accept everything */
        lapic_write(0x350, BIT(16));                /* LINT0 masked */
        lapic_write(0x360, 0x400);                  /* LINT1: NMI */
        lapic_write(0x370, BIT(16));                /* error: masked */
    }
    for (unsigned n = 0; n < n_ioapics; n++) {
        ioapics[n].vaddr = map_kernel_device(ioapics[n].paddr & ~0xfffull) + (ioapics[n].paddr & 0xfff);
        ioapics[n].pins = ((ioapic_read(n, 1) >> 16) & 0xff) + 1;
        for (unsigned p = 0; p < ioapics[n].pins; p++) {
            ioapic_write(n, 0x10 + 2 * p, BIT(16));
            ioapic_write(n, 0x11 + 2 * p, 0);
        }
    }
}

void lapic_eoi(void)
{
    if (!no_lapic)
        lapic_write(0xb0, 0);
}

void pic_eoi(word_t irq)
{
    if (irq >= 8)
        outb(0xa0, 0x20);
    outb(0x20, 0x20);
}

void irq_mask(word_t irq, bool mask)
{
    if (ks_pic_mode || (no_lapic && irq < 16)) {
        if (irq < 16)
            pic_mask(irq, mask);
        return;
    }
    int n = irq_ioapic[irq];
    if (n < 0)
        return; /* MSI: nothing to mask at the kernel's level */
    uint32_t lo = ioapic_read(n, 0x10 + 2 * irq_pin[irq]);
    ioapic_write(n, 0x10 + 2 * irq_pin[irq], mask ? (lo | BIT(16)) : (lo & ~BIT(16)));
}

word_t arch_num_ioapics(void) { return n_ioapics; }
word_t arch_ioapic_pins(word_t n) { return n < n_ioapics ? ioapics[n].pins : 0; }

/* Route IOAPIC `ioapic` pin `pin` to user vector `vector` (IRQ vector+16). */
exception_t arch_get_ioapic_irq(word_t ioapic, word_t pin, word_t level, word_t polarity, word_t vector)
{
    word_t irq = vector + IRQ_USER_MIN;
    for (unsigned i = 0; i < NUM_IRQS; i++) {
        if (irq_ioapic[i] == (int16_t)ioapic && irq_pin[i] == pin && irq_state[i] != irq_inactive) {
            current_syscall_error.type = seL4_RevokeFirst;
            return EXCEPTION_SYSCALL_ERROR;
        }
    }
    irq_ioapic[irq] = (int16_t)ioapic;
    irq_pin[irq] = (uint8_t)pin;
    uint32_t lo = (uint32_t)(vector + IRQ_OFFSET) | (level ? BIT(15) : 0) | (polarity ? BIT(13) : 0);
    ioapic_write(ioapic, 0x11 + 2 * pin, 0); /* destination: APIC 0 */
    ioapic_write(ioapic, 0x10 + 2 * pin, lo);
    return EXCEPTION_NONE;
}

void arch_forget_irq(word_t irq)
{
    if (irq_ioapic[irq] >= 0) {
        irq_mask(irq, true);
        irq_ioapic[irq] = -1;
    }
}

/* Wait for PIT channel 2 to count `ticks` (1.193182 MHz) with the gate. */
static void pit_wait_start(uint16_t ticks)
{
    outb(0x61, (inb(0x61) & ~0x02) | 0x01); /* gate on, speaker off */
    outb(0x43, 0xb0);                       /* channel 2, lo/hi, mode 0 */
    outb(0x42, ticks & 0xff);
    outb(0x42, ticks >> 8);
}

static bool pit_done(void) { return inb(0x61) & 0x20; }

BOOT_CODE void timer_init(void)
{
    const uint16_t ticks = 11932; /* 10 ms */
    if (!no_lapic) {
        lapic_write(0x3e0, 0x3);        /* divide by 16 */
        lapic_write(0x320, BIT(16));    /* masked one-shot */
        lapic_write(0x380, 0xffffffff);
    }
    outb(0x61, inb(0x61) & ~0x01); /* gate off to restart */
    pit_wait_start(ticks);
    uint64_t t0 = rdtsc();
    uint32_t l0 = no_lapic ? 0 : lapic_read(0x390);
    unsigned guard = 0;
    while (!pit_done() && guard++ < 100000000)
        ;
    uint64_t t1 = rdtsc();
    uint32_t l1 = no_lapic ? 0 : lapic_read(0x390);
    ks_tsc_mhz = (uint32_t)((t1 - t0) / 10000);
    if (!no_lapic) {
        uint32_t per_tick = (l0 - l1) / (10 / CONFIG_TIMER_TICK_MS);
        if (per_tick == 0)
            per_tick = 1;
        lapic_write(0x320, BIT(17) | VECTOR_TIMER); /* periodic */
        lapic_write(0x380, per_tick);
        kprintf("timer: TSC %u MHz, LAPIC %u counts per %u ms tick\n", ks_tsc_mhz, per_tick,
                CONFIG_TIMER_TICK_MS);
    } else {
        /* PIT channel 0, rate generator, IRQ 0 through the PIC */
        uint16_t div = (uint16_t)(1193182 / (1000 / CONFIG_TIMER_TICK_MS));
        outb(0x43, 0x34);
        outb(0x40, div & 0xff);
        outb(0x40, div >> 8);
        pic_mask(0, false);
        kprintf("timer: no local APIC, PIT tick every %u ms\n", CONFIG_TIMER_TICK_MS);
    }
}

bool arch_timer_is_pit(void) { return no_lapic; }
