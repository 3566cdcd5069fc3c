/*
 * rtlp.h — private helpers shared by the files of rtl/.
 *
 * rtl/ is compiled three ways (host tests, the freestanding ELF executive,
 * the PE ntdll.dll) and may use nothing but clang's freestanding headers.
 * The small inline helpers here stand in for the libc pieces the library
 * would otherwise want (wcslen, strlen, min/max).
 */
#ifndef RTL_RTLP_H
#define RTL_RTLP_H

#include "nt/ntrtl.h"

static inline SIZE_T RtlpWideLength(PCWSTR String) {
    SIZE_T Length = 0;

    while (String[Length] != UNICODE_NULL)
        Length++;
    return Length;
}

static inline SIZE_T RtlpAnsiLength(PCSTR String) {
    SIZE_T Length = 0;

    while (String[Length] != ANSI_NULL)
        Length++;
    return Length;
}

static inline ULONG RtlpMinUlong(ULONG A, ULONG B) { return A < B ? A : B; }

static inline ULONG_PTR RtlpMinPtr(ULONG_PTR A, ULONG_PTR B) { return A < B ? A : B; }

#endif /* RTL_RTLP_H */
