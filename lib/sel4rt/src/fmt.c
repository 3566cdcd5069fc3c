/*
 * fmt.c — a small printf engine.
 *
 * One pass over the format string.  Each conversion is parsed into a
 * `struct spec` (flags, width, precision, length) and rendered by a
 * function per kind (integer, string, character).  Integers are converted
 * into a local digit buffer first, then padded: [sign/prefix][zeros][digits]
 * with spaces on the left or right.  No floating point.
 */
#include "fmt.h"

struct spec {
    int left;  /* '-' */
    int zero;  /* '0' */
    int plus;  /* '+' */
    int space; /* ' ' */
    int alt;   /* '#' */
    int width;
    int precision; /* -1 = none */
    int length;    /* number of 'l' (3 = z/t/j as long), -1 = h, -2 = hh */
};

struct out {
    rt_fmt_sink sink;
    void *ctx;
    int count;
};

static void put(struct out *o, char c) {
    o->sink(o->ctx, c);
    o->count++;
}

static void put_repeat(struct out *o, char c, int n) {
    for (; n > 0; n--)
        put(o, c);
}

static const char *parse_spec(const char *p, struct spec *s, va_list *ap) {
    *s = (struct spec){.precision = -1};
    for (;; p++) {
        if (*p == '-')
            s->left = 1;
        else if (*p == '0')
            s->zero = 1;
        else if (*p == '+')
            s->plus = 1;
        else if (*p == ' ')
            s->space = 1;
        else if (*p == '#')
            s->alt = 1;
        else
            break;
    }
    if (*p == '*') {
        s->width = va_arg(*ap, int);
        if (s->width < 0) {
            s->left = 1;
            s->width = -s->width;
        }
        p++;
    }
    for (; *p >= '0' && *p <= '9'; p++)
        s->width = s->width * 10 + (*p - '0');
    if (*p == '.') {
        p++;
        s->precision = 0;
        if (*p == '*') {
            s->precision = va_arg(*ap, int);
            p++;
        }
        for (; *p >= '0' && *p <= '9'; p++)
            s->precision = s->precision * 10 + (*p - '0');
    }
    for (;; p++) {
        if (*p == 'l')
            s->length++;
        else if (*p == 'h')
            s->length = s->length > 0 ? s->length : s->length - 1;
        else if (*p == 'z' || *p == 't' || *p == 'j')
            s->length = 2;
        else
            break;
    }
    return p;
}

static unsigned long long fetch_unsigned(const struct spec *s, va_list *ap) {
    if (s->length >= 2)
        return va_arg(*ap, unsigned long long);
    if (s->length == 1)
        return va_arg(*ap, unsigned long);
    if (s->length == -1)
        return (unsigned short)va_arg(*ap, unsigned int);
    if (s->length <= -2)
        return (unsigned char)va_arg(*ap, unsigned int);
    return va_arg(*ap, unsigned int);
}

static long long fetch_signed(const struct spec *s, va_list *ap) {
    if (s->length >= 2)
        return va_arg(*ap, long long);
    if (s->length == 1)
        return va_arg(*ap, long);
    if (s->length == -1)
        return (short)va_arg(*ap, int);
    if (s->length <= -2)
        return (signed char)va_arg(*ap, int);
    return va_arg(*ap, int);
}

/* Render digits of v in `base` into buf (reversed); returns the count. */
static int to_digits(char *buf, unsigned long long v, unsigned base, int upper) {
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;

    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    return n;
}

static void emit_integer(struct out *o, const struct spec *s, unsigned long long v, int negative,
                         unsigned base, int upper, const char *prefix) {
    char digits[24];
    int ndigits = to_digits(digits, v, base, upper);
    int prefix_len = 0;
    int zeros = 0;
    int body, pad;
    char sign = negative ? '-' : s->plus ? '+' : s->space ? ' ' : 0;

    if (s->precision == 0 && v == 0)
        ndigits = 0;
    while (prefix != NULL && prefix[prefix_len] != '\0')
        prefix_len++;
    if (s->precision > ndigits)
        zeros = s->precision - ndigits;
    body = (sign != 0) + prefix_len + zeros + ndigits;
    pad = s->width > body ? s->width - body : 0;
    if (s->zero && !s->left && s->precision < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!s->left)
        put_repeat(o, ' ', pad);
    if (sign != 0)
        put(o, sign);
    for (int i = 0; i < prefix_len; i++)
        put(o, prefix[i]);
    put_repeat(o, '0', zeros);
    while (ndigits > 0)
        put(o, digits[--ndigits]);
    if (s->left)
        put_repeat(o, ' ', pad);
}

static void emit_string(struct out *o, const struct spec *s, const char *str) {
    int len = 0;
    int pad;

    if (str == NULL)
        str = "(null)";
    while (str[len] != '\0' && (s->precision < 0 || len < s->precision))
        len++;
    pad = s->width > len ? s->width - len : 0;
    if (!s->left)
        put_repeat(o, ' ', pad);
    for (int i = 0; i < len; i++)
        put(o, str[i]);
    if (s->left)
        put_repeat(o, ' ', pad);
}

static void emit_char(struct out *o, const struct spec *s, char c) {
    int pad = s->width > 1 ? s->width - 1 : 0;

    if (!s->left)
        put_repeat(o, ' ', pad);
    put(o, c);
    if (s->left)
        put_repeat(o, ' ', pad);
}

/* Handle one conversion character `c`; returns 0 if it is unknown. */
static int convert(struct out *o, const struct spec *s, char c, va_list *ap) {
    long long sv;

    switch (c) {
    case 'd':
    case 'i':
        sv = fetch_signed(s, ap);
        emit_integer(o, s, sv < 0 ? 0ull - (unsigned long long)sv : (unsigned long long)sv, sv < 0,
                     10, 0, NULL);
        return 1;
    case 'u':
        emit_integer(o, s, fetch_unsigned(s, ap), 0, 10, 0, NULL);
        return 1;
    case 'x':
    case 'X': {
        unsigned long long v = fetch_unsigned(s, ap);
        const char *prefix = s->alt && v != 0 ? (c == 'x' ? "0x" : "0X") : NULL;

        emit_integer(o, s, v, 0, 16, c == 'X', prefix);
        return 1;
    }
    case 'o':
        emit_integer(o, s, fetch_unsigned(s, ap), 0, 8, 0, s->alt ? "0" : NULL);
        return 1;
    case 'p':
        emit_integer(o, s, (unsigned long long)(unsigned long)va_arg(*ap, void *), 0, 16, 0, "0x");
        return 1;
    case 'c':
        emit_char(o, s, (char)va_arg(*ap, int));
        return 1;
    case 's':
        emit_string(o, s, va_arg(*ap, const char *));
        return 1;
    case '%':
        put(o, '%');
        return 1;
    default:
        return 0;
    }
}

int rt_vformat(rt_fmt_sink sink, void *ctx, const char *fmt, va_list ap) {
    struct out o = {sink, ctx, 0};
    va_list args;
    const char *p;

    va_copy(args, ap);
    for (p = fmt; *p != '\0'; p++) {
        const char *start = p;
        struct spec s;

        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        p = parse_spec(p + 1, &s, &args);
        if (*p == '\0' || !convert(&o, &s, *p, &args)) {
            /* Unknown conversion: print it literally. */
            for (; start <= p && *start != '\0'; start++)
                put(&o, *start);
            if (*p == '\0')
                break;
        }
    }
    va_end(args);
    return o.count;
}

struct buffer {
    char *buf;
    size_t size;
    size_t len;
};

static void buffer_sink(void *ctx, char c) {
    struct buffer *b = ctx;

    if (b->len + 1 < b->size)
        b->buf[b->len] = c;
    b->len++;
}

int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
    struct buffer b = {buf, size, 0};
    int n = rt_vformat(buffer_sink, &b, fmt, ap);

    if (size != 0)
        buf[b.len < size ? b.len : size - 1] = '\0';
    return n;
}
