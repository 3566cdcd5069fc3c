/*
 * sel4/macros.h — compiler helpers shared by every ABI header.
 *
 * Pure header: no code, only attributes and a compile-time assertion.  It is
 * included by the kernel, by user programs and by host unit tests, so it must
 * not depend on anything but the compiler (clang or gcc).
 */
#ifndef SEL4_MACROS_H
#define SEL4_MACROS_H

#define SEL4_PACKED __attribute__((__packed__))
#define SEL4_ALIGNED(n) __attribute__((__aligned__(n)))
#define SEL4_DEPRECATED(msg) __attribute__((__deprecated__(msg)))
#define SEL4_FORCE_INLINE __attribute__((__always_inline__))
#define SEL4_NORETURN __attribute__((__noreturn__))
#define SEL4_OFFSETOF(type, member) __builtin_offsetof(type, member)

#define LIBSEL4_UNUSED __attribute__((__unused__))
#define LIBSEL4_WEAK __attribute__((__weak__))
#define LIBSEL4_NOINLINE __attribute__((__noinline__))
#define LIBSEL4_INLINE static inline
#define LIBSEL4_INLINE_FUNC static inline SEL4_FORCE_INLINE
#define LIBSEL4_BIT(n) (1ul << (n))

/* Compile-time check; `name` only has to be a unique identifier. */
#define SEL4_COMPILE_ASSERT(name, expr) _Static_assert((expr), #name)

/* Pin the size of an ABI structure. */
#define SEL4_SIZE_ASSERT(type, size) _Static_assert(sizeof(type) == (size), "ABI size of " #type)

/* Pin the byte offset of one field of an ABI structure. */
#define SEL4_OFFSET_ASSERT(type, member, off)                                                      \
    _Static_assert(SEL4_OFFSETOF(type, member) == (off), "ABI offset of " #type "." #member)

/* Make an enum at least one machine word wide, as libsel4 does. */
#define SEL4_FORCE_LONG_ENUM(type) _enum_pad_##type = (1ul << 63) - 1

#endif /* SEL4_MACROS_H */
