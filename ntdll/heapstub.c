/*
 * heapstub.c — rtl's allocation hooks for ntdll, until the process heap
 * (RtlCreateHeap/RtlAllocateHeap over NtAllocateVirtualMemory) lands.
 *
 * Without a heap the allocating Rtl routines (RtlCreateUnicodeString,
 * RtlDosPathNameToNtPathName_U...) fail cleanly with STATUS_NO_MEMORY /
 * FALSE, which is what they do when a heap is exhausted.
 */
#include <nt/ntdef.h>
#include <nt/ntrtl.h>

PVOID NTAPI RtlpAllocateStringMemory(SIZE_T Bytes)
{
    (void)Bytes;
    return NULL;
}

VOID NTAPI RtlpFreeStringMemory(PVOID Buffer) { (void)Buffer; }
