/*
 * Kernel printf, string helpers and the panic path.
 *
 * kprintf understands %d %i %u %x %X %p %s %c %% with the l/ll/z length
 * modifiers, a field width, zero padding and (for %s) left alignment: what the kernel's messages
 * need, nothing more.
 */
#include <kernel.h>
#include <stdarg.h>

static void put_num(unsigned long long v, unsigned base, bool neg, int width, char pad, bool upper)
{
    char buf[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (neg)
        buf[n++] = '-';
    for (int i = n; i < width; i++)
        kputchar(pad);
    while (n)
        kputchar(buf[--n]);
}

static void vkprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            kputchar(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, longs = 0;
        bool left = false;
        if (*fmt == '-') {
            left = true;
            fmt++;
        }
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z') {
            longs++;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            long long v = longs ? va_arg(ap, long long) : va_arg(ap, int);
            put_num(v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, v < 0, width, pad, false);
            break;
        }
        case 'u':
            put_num(longs ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 10, false, width, pad, false);
            break;
        case 'x':
        case 'X':
            put_num(longs ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 16, false, width, pad,
                    *fmt == 'X');
            break;
        case 'p':
            kputchar('0');
            kputchar('x');
            put_num((word_t)va_arg(ap, void *), 16, false, 16, '0', false);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int len = (int)strlen(s);
            for (int i = len; i < width && !left; i++)
                kputchar(' ');
            while (*s)
                kputchar(*s++);
            for (int i = len; i < width && left; i++)
                kputchar(' ');
            break;
        }
        case 'c':
            kputchar((char)va_arg(ap, int));
            break;
        case '%':
            kputchar('%');
            break;
        default:
            kputchar('%');
            kputchar(*fmt);
            break;
        }
    }
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
}

NORETURN void kernel_panic(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    kprintf("\nKERNEL PANIC at %s:%d: ", file, line);
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    machine_halt(true);
}

/* rep stos/movs: short, and immune to the compiler turning a loop back
 * into a call to the function being defined. */
void *memset(void *d, int c, size_t n)
{
    void *p = d;
    __asm__ volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(c) : "memory");
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    void *p = d;
    __asm__ volatile("rep movsb" : "+D"(p), "+S"(s), "+c"(n) : : "memory");
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (uint8_t)*a - (uint8_t)*b;
        if (!*a)
            return 0;
    }
    return 0;
}
