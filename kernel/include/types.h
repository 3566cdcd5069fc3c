/*
 * Basic types and helper macros used everywhere inside the kernel.
 *
 * The kernel is freestanding: no libc headers.  word_t is the machine word;
 * ABI-visible types (seL4_Word, seL4_CPtr...) come from abi/include/sel4.
 */
#pragma once

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef uint64_t word_t;
typedef int64_t sword_t;
typedef uint64_t paddr_t;
typedef uint64_t vptr_t;
typedef word_t cptr_t;

#define BIT(n) (1ull << (n))
#define MASK(n) (BIT(n) - 1ull)
#define ROUND_DOWN(x, n) ((x) & ~MASK(n))
#define ROUND_UP(x, n) ROUND_DOWN((x) + MASK(n), (n))
#define IS_ALIGNED(x, n) (((x) & MASK(n)) == 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define PACKED __attribute__((packed))
#define NORETURN __attribute__((noreturn))
#define ALIGNED(n) __attribute__((aligned(n)))
#define SECTION(s) __attribute__((section(s)))
#define UNUSED __attribute__((unused))
#define FORCE_INLINE inline __attribute__((always_inline))

/* Boot-only code and data: placed in .boot so the memory can be reclaimed. */
#define BOOT_CODE SECTION(".boot.text")
#define BOOT_DATA SECTION(".boot.data")
#define BOOT_BSS SECTION(".boot.bss")

NORETURN void kernel_panic(const char *file, int line, const char *fmt, ...);
#define panic(...) kernel_panic(__FILE__, __LINE__, __VA_ARGS__)

#ifdef CONFIG_DEBUG_BUILD
#define assert(e) \
    do { \
        if (unlikely(!(e))) \
            kernel_panic(__FILE__, __LINE__, "assertion failed: %s", #e); \
    } while (0)
#else
#define assert(e) ((void)0)
#endif

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
