/*
 * bugcheck.c — stopping the system, and debug output.
 *
 * The executive prints through the kernel's debug console (sel4rt's printf
 * over seL4_DebugPutChar).  A bug check prints its code and parameters and
 * ends the run: under QEMU through the isa-debug-exit port with the failure
 * value, so tests see it as a failure.
 */
#include "../inc/ntos.h"
#include <sel4rt/sel4rt.h>
#include <stdarg.h>

ULONG KiDebugComponents = DBG_KE | DBG_MM | DBG_LDR | DBG_OB | DBG_PS;

ULONG DbgPrint(const char *Format, ...)
{
    va_list ap;
    va_start(ap, Format);
    int n = vprintf(Format, ap);
    va_end(ap);
    return (ULONG)n;
}

VOID KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    printf("\n*** STOP: 0x%08x (0x%lx, 0x%lx, 0x%lx, 0x%lx)\n", Code, (unsigned long)P1, (unsigned long)P2,
           (unsigned long)P3, (unsigned long)P4);
    printf("*** The NT Executive stopped the system.\n");
    rt_exit(0x11);
}

VOID KiPowerOff(BOOLEAN Success)
{
    printf("ntos: power off\n");
    rt_exit(Success ? 0x10 : 0x11);
}
