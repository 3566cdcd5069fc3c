/*
 * COM-port console (16550 UART, polled).  The port comes from the command
 * line (console_port=0x...), else the BIOS data area, else 0x3f8.
 */
#include <kernel.h>
#include <arch/machine.h>

static uint16_t serial_port;

void serial_init(uint16_t port)
{
    serial_port = port;
    if (!port)
        return;
    outb(port + 1, 0x00); /* no interrupts */
    outb(port + 3, 0x80); /* DLAB */
    outb(port + 0, 0x01); /* 115200 baud */
    outb(port + 1, 0x00);
    outb(port + 3, 0x03); /* 8N1 */
    outb(port + 2, 0xc7); /* FIFO */
    outb(port + 4, 0x0b);
}

void serial_putc(char c)
{
    if (!serial_port)
        return;
    for (unsigned i = 0; i < 100000 && !(inb(serial_port + 5) & 0x20); i++)
        pause();
    outb(serial_port, (uint8_t)c);
}

void kputchar(char c)
{
    if (c == '\n')
        serial_putc('\r');
    serial_putc(c);
}

/* Stop the machine.  Under QEMU the isa-debug-exit device (port 0xf4) ends
 * the run with a failure status; on real hardware the write is harmless and
 * we halt. */
NORETURN void machine_halt(bool failure)
{
    cli();
    if (failure)
        outl(0xf4, 0x7f);
    for (;;)
        hlt();
}
