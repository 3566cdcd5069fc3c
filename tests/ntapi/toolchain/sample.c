/*
 * sample.c — the DLL of the PE toolchain self-test (tools/pe.mk): one of
 * each kind of export a loader must handle, and absolute pointers that only
 * work if the loader applies base relocations.
 *
 *   SampleAdd, SampleApply...   functions imported by name
 *   SampleCounter               a data export (imported with dllimport)
 *   SampleSecret                exported by ordinal 10 only (NONAME)
 *   SampleUpcase                a forwarder to ntdll!RtlUpcaseUnicodeChar
 *   SampleOperations            a pointer table: DIR64 base relocations
 *
 * The build links it with the same preferred base as app.exe, so it can
 * never load there.  app.c holds the tests.
 */
#include <nt/ntdef.h>
#include <nt/ntimage.h>

extern IMAGE_DOS_HEADER __ImageBase;

typedef LONG SAMPLE_OPERATION(LONG Value);

LONG SampleCounter = 5;
static ULONG SampleAttaches;

static LONG SampleTwice(LONG Value) { return 2 * Value; }

static LONG SampleSquare(LONG Value) { return Value * Value; }

/* Writable, so the compiler keeps the absolute addresses in the image. */
static SAMPLE_OPERATION *SampleOperations[] = {SampleTwice, SampleSquare};

LONG SampleAdd(LONG Left, LONG Right) { return Left + Right; }

LONG SampleApply(ULONG Index, LONG Value) {
    if (Index >= RTL_NUMBER_OF(SampleOperations))
        return -1;
    return SampleOperations[Index](Value);
}

ULONG SampleAttachCount(VOID) { return SampleAttaches; }

LONG SampleReadCounter(VOID) { return SampleCounter; }

PVOID SampleImageBase(VOID) { return &__ImageBase; }

ULONG SampleSecret(VOID) { return 0x5ec2e7; }

BOOL NTAPI SampleDllMain(PVOID DllHandle, ULONG Reason, PVOID Context) {
    if (Reason == 1 /* DLL_PROCESS_ATTACH */)
        SampleAttaches++;
    return TRUE;
}
