/*
 * sel4/arch_constants.h — x86 constants libsel4 exports to user code that
 * are not part of the kernel/user binary contract proper: IRQ vector
 * numbering helpers and the historical GDT slot numbers.
 *
 * Pure, but kept out of sel4/types.h (and so out of the kernel's default
 * includes) because these short, unprefixed macro names would collide with
 * kernel-internal definitions.  User code gets it through <sel4/sel4.h>.
 */
#ifndef SEL4_ARCH_CONSTANTS_H
#define SEL4_ARCH_CONSTANTS_H

/* Historical x86_64 GDT slots still exported by libsel4 (unused by the ABI). */
#define TLS_GDT_ENTRY 7
#define TLS_GDT_SELECTOR ((TLS_GDT_ENTRY << 3) | 3)
#define IPCBUF_GDT_ENTRY 8
#define IPCBUF_GDT_SELECTOR ((IPCBUF_GDT_ENTRY << 3) | 3)

/* x86 IRQ numbering: user "vector" v <-> CPU vector v + IRQ_OFFSET. */
#define IRQ_OFFSET 0x30
#define VECTOR_MIN 0
#define VECTOR_MAX 109 /* libsel4's value; the kernel accepts 0..107 */
#define MSI_MIN 0
#define MSI_MAX (VECTOR_MAX - MSI_MIN)

#endif /* SEL4_ARCH_CONSTANTS_H */
