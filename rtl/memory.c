/*
 * memory.c — RtlCompareMemory, RtlMoveMemory, RtlFillMemory, RtlZeroMemory.
 *
 * Plain byte loops.  The library is built with -fno-builtin (and
 * -ffreestanding), so the compiler does not turn these loops back into
 * calls to memcpy/memset, which the PE build does not have.  They are not
 * meant to be fast: bulk copies in the executive use its own memcpy.
 */
#include "rtlp.h"

SIZE_T NTAPI RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length) {
    const UCHAR *A = Source1;
    const UCHAR *B = Source2;
    SIZE_T Same = 0;

    while (Same < Length && A[Same] == B[Same])
        Same++;
    return Same;
}

/* Overlapping ranges are allowed: copy backwards when Destination is above Source. */
VOID NTAPI RtlMoveMemory(PVOID Destination, const VOID *Source, SIZE_T Length) {
    UCHAR *To = Destination;
    const UCHAR *From = Source;

    if (To == From || Length == 0)
        return;
    if (To < From || To >= From + Length) {
        for (SIZE_T i = 0; i < Length; i++)
            To[i] = From[i];
    } else {
        for (SIZE_T i = Length; i > 0; i--)
            To[i - 1] = From[i - 1];
    }
}

VOID NTAPI RtlFillMemory(PVOID Destination, SIZE_T Length, UCHAR Fill) {
    UCHAR *To = Destination;

    for (SIZE_T i = 0; i < Length; i++)
        To[i] = Fill;
}

VOID NTAPI RtlZeroMemory(PVOID Destination, SIZE_T Length) {
    RtlFillMemory(Destination, Length, 0);
}
