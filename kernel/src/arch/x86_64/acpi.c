/*
 * ACPI: find the RSDP (from the loader, else by scanning the BIOS areas),
 * walk the RSDT/XSDT to the MADT, and record the local APIC address, the
 * IOAPICs and the ISA interrupt overrides.  No AML: that is user space's
 * business.
 */
#include <kernel.h>
#include <boot.h>

paddr_t lapic_paddr = 0xfee00000;
ioapic_info_t ioapics[CONFIG_MAX_IOAPICS];
unsigned n_ioapics;
uint32_t isa_irq_gsi[16];
uint16_t isa_irq_flags[16];

static bool checksum_ok(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;
    while (n--)
        sum += *p++;
    return sum == 0;
}

static bool scan_rsdp(paddr_t start, paddr_t end)
{
    for (paddr_t pa = start; pa + 20 <= end; pa += 16) {
        const uint8_t *p = ptr_from_paddr(pa);
        if (memcmp(p, "RSD PTR ", 8) == 0 && checksum_ok(p, 20)) {
            memset(boot_state.rsdp, 0, sizeof(boot_state.rsdp));
            memcpy(boot_state.rsdp, p, p[15] >= 2 ? 36 : 20);
            boot_state.have_rsdp = true;
            return true;
        }
    }
    return false;
}

static void parse_madt(const uint8_t *madt)
{
    uint32_t len = *(const uint32_t *)(madt + 4);
    lapic_paddr = *(const uint32_t *)(madt + 36);
    for (uint32_t off = 44; off + 2 <= len;) {
        const uint8_t *e = madt + off;
        if (e[1] < 2)
            break;
        switch (e[0]) {
        case 1:
            if (n_ioapics < CONFIG_MAX_IOAPICS) {
                ioapics[n_ioapics].paddr = *(const uint32_t *)(e + 4);
                ioapics[n_ioapics].gsi_base = *(const uint32_t *)(e + 8);
                n_ioapics++;
            }
            break;
        case 2:
            if (e[3] < 16) {
                isa_irq_gsi[e[3]] = *(const uint32_t *)(e + 4);
                isa_irq_flags[e[3]] = *(const uint16_t *)(e + 8);
            }
            break;
        case 5:
            lapic_paddr = *(const uint64_t *)(e + 4);
            break;
        }
        off += e[1];
    }
}

BOOT_CODE void acpi_init(void)
{
    for (unsigned i = 0; i < 16; i++)
        isa_irq_gsi[i] = i;
    if (!boot_state.have_rsdp) {
        paddr_t ebda = (paddr_t)(*(uint16_t *)ptr_from_paddr(0x40e)) << 4;
        if (!(ebda && scan_rsdp(ebda, ebda + 1024)))
            scan_rsdp(0xe0000, 0x100000);
    }
    if (!boot_state.have_rsdp) {
        kprintf("ACPI: no RSDP found; using the PIC\n");
        return;
    }
    const uint8_t *r = boot_state.rsdp;
    bool xsdt = r[15] >= 2 && *(const uint64_t *)(r + 24);
    paddr_t sdt_pa = xsdt ? *(const uint64_t *)(r + 24) : *(const uint32_t *)(r + 16);
    const uint8_t *sdt = ptr_from_paddr(sdt_pa);
    uint32_t len = *(const uint32_t *)(sdt + 4);
    unsigned esz = xsdt ? 8 : 4;
    for (uint32_t off = 36; off + esz <= len; off += esz) {
        paddr_t pa = xsdt ? *(const uint64_t *)(sdt + off) : *(const uint32_t *)(sdt + off);
        const uint8_t *t = ptr_from_paddr(pa);
        if (memcmp(t, "APIC", 4) == 0)
            parse_madt(t);
    }
    kprintf("ACPI: lapic %lx, %u IOAPIC(s)\n", lapic_paddr, n_ioapics);
}
