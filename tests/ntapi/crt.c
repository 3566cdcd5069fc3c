/*
 * crt.c — the four memory routines compilers emit calls to on their own
 * (structure copies and zeroing), for the test programs.
 *
 * Windows' ntdll exports these, but mingw-w64's libntdll.a does not (they
 * come from msvcrt there), and the tests must link with both toolchains.
 * The loops are written plainly; the build's -fno-builtin (clang) and
 * -fno-tree-loop-distribute-patterns (gcc) keep them from being turned back
 * into calls to themselves.
 */
#include <nt/ntdef.h>

void *memset(void *Destination, int Value, size_t Length) {
    UCHAR *Bytes = Destination;

    while (Length-- > 0)
        *Bytes++ = (UCHAR)Value;
    return Destination;
}

void *memcpy(void *Destination, const void *Source, size_t Length) {
    UCHAR *To = Destination;
    const UCHAR *From = Source;

    while (Length-- > 0)
        *To++ = *From++;
    return Destination;
}

void *memmove(void *Destination, const void *Source, size_t Length) {
    UCHAR *To = Destination;
    const UCHAR *From = Source;

    if (To <= From || To >= From + Length)
        return memcpy(Destination, Source, Length);
    while (Length-- > 0)
        To[Length] = From[Length];
    return Destination;
}

int memcmp(const void *Left, const void *Right, size_t Length) {
    const UCHAR *A = Left, *B = Right;

    for (; Length > 0; Length--, A++, B++) {
        if (*A != *B)
            return *A < *B ? -1 : 1;
    }
    return 0;
}
