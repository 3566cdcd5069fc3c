/*
 * printf.c — standard-named console and string output for sel4rt programs.
 *
 * Console output goes character by character through seL4_DebugPutChar
 * (the kernel's serial console).  The formatting itself is fmt.c.
 */
#include <sel4rt/sel4rt.h>

#include "fmt.h"

static void console_sink(void *ctx, char c) { seL4_DebugPutChar(c); }

int vprintf(const char *fmt, va_list ap) { return rt_vformat(console_sink, NULL, fmt, ap); }

int printf(const char *fmt, ...) {
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
    return rt_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = rt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int putchar(int c) {
    seL4_DebugPutChar((char)c);
    return (unsigned char)c;
}

int puts(const char *s) {
    seL4_DebugPutString(s);
    seL4_DebugPutChar('\n');
    return 0;
}
