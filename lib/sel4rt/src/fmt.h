/*
 * fmt.h — the printf formatting engine of sel4rt, free of any seL4
 * dependency so that host unit tests can compile fmt.c directly.
 */
#ifndef SEL4RT_FMT_H
#define SEL4RT_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives every output character in order. */
typedef void (*rt_fmt_sink)(void *ctx, char c);

/*
 * Format `fmt` with `ap` into `sink`.  Supports %d %i %u %x %X %o %c %s %p
 * %%, the flags '-', '0', '+', ' ', '#', a width and precision (digits or
 * '*'), and the length modifiers hh h l ll z t j.  Returns the number of
 * characters produced.
 */
int rt_vformat(rt_fmt_sink sink, void *ctx, const char *fmt, va_list ap);

/* vsnprintf semantics on top of rt_vformat (always NUL-terminates if size>0). */
int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif /* SEL4RT_FMT_H */
