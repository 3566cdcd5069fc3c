/*
 * bitmap.c — RTL_BITMAP: a bit array over caller-owned ULONGs.
 *
 * Bit n is bit (n % 32) of Buffer[n / 32].  Bits at and beyond SizeOfBitMap
 * in the last ULONG are never read as part of the bitmap (RtlSetAllBits
 * does write them, as Windows does).  Ranges are processed a word at a time
 * with masks, so runs that cross word boundaries cost one step per word.
 *
 * Searches (RtlFind*Bits) look for NumberToFind consecutive clear or set
 * bits starting at HintIndex, and if none is found from there to the end,
 * start again from 0.  They return the index of the run or 0xFFFFFFFF.  A
 * hint beyond the map counts as 0.  As in NT, NumberToFind == 0 "finds"
 * the hint rounded down to a multiple of 8 (a byte boundary).
 */
#include "rtlp.h"

#define BITS_PER_ULONG 32
#define NOT_FOUND 0xFFFFFFFFu

static ULONG RtlpMaskFrom(ULONG Bit) { return Bit >= BITS_PER_ULONG ? 0 : 0xFFFFFFFFu << Bit; }

/* Mask of bits [Low, High) within one word, 0 <= Low <= High <= 32. */
static ULONG RtlpMaskRange(ULONG Low, ULONG High) {
    return RtlpMaskFrom(Low) & ~RtlpMaskFrom(High);
}

VOID NTAPI RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer, ULONG SizeOfBitMap) {
    BitMapHeader->SizeOfBitMap = SizeOfBitMap;
    BitMapHeader->Buffer = BitMapBuffer;
}

static ULONG RtlpWordCount(PRTL_BITMAP BitMapHeader) {
    return (BitMapHeader->SizeOfBitMap + BITS_PER_ULONG - 1) / BITS_PER_ULONG;
}

VOID NTAPI RtlClearAllBits(PRTL_BITMAP BitMapHeader) {
    RtlFillMemory(BitMapHeader->Buffer, RtlpWordCount(BitMapHeader) * sizeof(ULONG), 0);
}

VOID NTAPI RtlSetAllBits(PRTL_BITMAP BitMapHeader) {
    RtlFillMemory(BitMapHeader->Buffer, RtlpWordCount(BitMapHeader) * sizeof(ULONG), 0xFF);
}

VOID NTAPI RtlClearBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber) {
    BitMapHeader->Buffer[BitNumber / BITS_PER_ULONG] &= ~(1u << (BitNumber % BITS_PER_ULONG));
}

VOID NTAPI RtlSetBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber) {
    BitMapHeader->Buffer[BitNumber / BITS_PER_ULONG] |= 1u << (BitNumber % BITS_PER_ULONG);
}

BOOLEAN NTAPI RtlTestBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber) {
    if (BitNumber >= BitMapHeader->SizeOfBitMap)
        return FALSE;
    return (BitMapHeader->Buffer[BitNumber / BITS_PER_ULONG] >> (BitNumber % BITS_PER_ULONG)) & 1;
}

/* Sets (Set) or clears bits [Start, Start + Count); the caller checked the range. */
static VOID RtlpChangeBits(PRTL_BITMAP BitMapHeader, ULONG Start, ULONG Count, BOOLEAN Set) {
    ULONG End = Start + Count;

    while (Start < End) {
        ULONG Word = Start / BITS_PER_ULONG;
        ULONG Low = Start % BITS_PER_ULONG;
        ULONG High = RtlpMinUlong(BITS_PER_ULONG, Low + (End - Start));
        ULONG Mask = RtlpMaskRange(Low, High);

        if (Set)
            BitMapHeader->Buffer[Word] |= Mask;
        else
            BitMapHeader->Buffer[Word] &= ~Mask;
        Start += High - Low;
    }
}

static BOOLEAN RtlpRangeValid(PRTL_BITMAP BitMapHeader, ULONG Start, ULONG Count) {
    return Start <= BitMapHeader->SizeOfBitMap && Count <= BitMapHeader->SizeOfBitMap - Start;
}

VOID NTAPI RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToClear) {
    if (RtlpRangeValid(BitMapHeader, StartingIndex, NumberToClear))
        RtlpChangeBits(BitMapHeader, StartingIndex, NumberToClear, FALSE);
}

VOID NTAPI RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToSet) {
    if (RtlpRangeValid(BitMapHeader, StartingIndex, NumberToSet))
        RtlpChangeBits(BitMapHeader, StartingIndex, NumberToSet, TRUE);
}

/* Length of the run of bits equal to Set that starts at Start, at most Limit bits. */
static ULONG RtlpRunLength(PRTL_BITMAP BitMapHeader, ULONG Start, ULONG Limit, BOOLEAN Set) {
    ULONG Position = Start;
    ULONG End = Start + Limit;

    while (Position < End) {
        ULONG Word = BitMapHeader->Buffer[Position / BITS_PER_ULONG];
        ULONG Low = Position % BITS_PER_ULONG;
        ULONG Bits = (Set ? ~Word : Word) & RtlpMaskFrom(Low);
        ULONG Stop = Bits != 0 ? (ULONG)__builtin_ctz(Bits) : BITS_PER_ULONG;
        ULONG WordEnd = Position - Low + Stop;

        if (WordEnd >= End)
            return Limit;
        if (Stop < BITS_PER_ULONG)
            return WordEnd - Start;
        Position = WordEnd;
    }
    return Limit;
}

BOOLEAN NTAPI RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length) {
    if (Length == 0 || !RtlpRangeValid(BitMapHeader, StartingIndex, Length))
        return FALSE;
    return RtlpRunLength(BitMapHeader, StartingIndex, Length, FALSE) == Length;
}

BOOLEAN NTAPI RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length) {
    if (Length == 0 || !RtlpRangeValid(BitMapHeader, StartingIndex, Length))
        return FALSE;
    return RtlpRunLength(BitMapHeader, StartingIndex, Length, TRUE) == Length;
}

/*
 * First run of Count bits equal to Set that starts in [From, To) and lies
 * wholly inside the map, or NOT_FOUND.  A failed attempt skips past the
 * first mismatching bit, so the scan is linear in the bits examined.
 */
static ULONG RtlpScan(PRTL_BITMAP BitMapHeader, ULONG From, ULONG To, ULONG Count, BOOLEAN Set) {
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG Position = From;

    while (Position < To && Count <= Size - Position) {
        ULONG Run = RtlpRunLength(BitMapHeader, Position, Count, Set);

        if (Run == Count)
            return Position;
        /* Bit Position + Run differs; skip it and any bits like it. */
        Position += Run + 1;
        if (Position < Size)
            Position += RtlpRunLength(BitMapHeader, Position, Size - Position, !Set);
    }
    return NOT_FOUND;
}

static ULONG RtlpFindRun(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex,
                         BOOLEAN Set) {
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG Found;

    if (HintIndex >= Size)
        HintIndex = 0;
    if (NumberToFind == 0)
        return HintIndex & ~7u;
    if (NumberToFind > Size)
        return NOT_FOUND;
    Found = RtlpScan(BitMapHeader, HintIndex, Size, NumberToFind, Set);
    if (Found == NOT_FOUND && HintIndex != 0)
        Found = RtlpScan(BitMapHeader, 0, HintIndex, NumberToFind, Set);
    return Found;
}

ULONG NTAPI RtlFindClearBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex) {
    return RtlpFindRun(BitMapHeader, NumberToFind, HintIndex, FALSE);
}

ULONG NTAPI RtlFindSetBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex) {
    return RtlpFindRun(BitMapHeader, NumberToFind, HintIndex, TRUE);
}

ULONG NTAPI RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex) {
    ULONG Index = RtlFindClearBits(BitMapHeader, NumberToFind, HintIndex);

    if (Index != NOT_FOUND)
        RtlSetBits(BitMapHeader, Index, NumberToFind);
    return Index;
}

ULONG NTAPI RtlFindSetBitsAndClear(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex) {
    ULONG Index = RtlFindSetBits(BitMapHeader, NumberToFind, HintIndex);

    if (Index != NOT_FOUND)
        RtlClearBits(BitMapHeader, Index, NumberToFind);
    return Index;
}

ULONG NTAPI RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader) {
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG Total = 0;

    for (ULONG Word = 0; Word < Size / BITS_PER_ULONG; Word++)
        Total += (ULONG)__builtin_popcount(BitMapHeader->Buffer[Word]);
    if (Size % BITS_PER_ULONG != 0) {
        ULONG Last = BitMapHeader->Buffer[Size / BITS_PER_ULONG];

        Total += (ULONG)__builtin_popcount(Last & ~RtlpMaskFrom(Size % BITS_PER_ULONG));
    }
    return Total;
}

ULONG NTAPI RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader) {
    return BitMapHeader->SizeOfBitMap - RtlNumberOfSetBits(BitMapHeader);
}

/*
 * The clear run that starts at or after FromIndex (the first clear bit at
 * or after it, and all clear bits that follow); its length, 0 if none.
 */
ULONG NTAPI RtlFindNextForwardRunClear(PRTL_BITMAP BitMapHeader, ULONG FromIndex,
                                       PULONG StartingRunIndex) {
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG Start;

    if (FromIndex >= Size) {
        *StartingRunIndex = Size;
        return 0;
    }
    Start = FromIndex + RtlpRunLength(BitMapHeader, FromIndex, Size - FromIndex, TRUE);
    *StartingRunIndex = Start;
    if (Start >= Size)
        return 0;
    return RtlpRunLength(BitMapHeader, Start, Size - Start, FALSE);
}

ULONG NTAPI RtlFindFirstRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex) {
    return RtlFindNextForwardRunClear(BitMapHeader, 0, StartingIndex);
}

ULONG NTAPI RtlFindLongestRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex) {
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG Position = 0, Best = 0;

    *StartingIndex = 0;
    while (Position < Size) {
        ULONG Start;
        ULONG Length = RtlFindNextForwardRunClear(BitMapHeader, Position, &Start);

        if (Length == 0)
            break;
        if (Length > Best) {
            Best = Length;
            *StartingIndex = Start;
        }
        Position = Start + Length;
    }
    return Best;
}
