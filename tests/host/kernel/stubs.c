/*
 * The few kernel services the host-compiled kernel logic needs: physical
 * addresses are just host addresses here, and a panic aborts the test.
 */
#include <kernel.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>

paddr_t paddr_from_ptr(const void *p) { return (paddr_t)p; }
void *ptr_from_paddr(paddr_t pa) { return (void *)pa; }

void kernel_panic(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "kernel panic at %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
