/*
 * unwindp.h — private to ntdll's exception code (except.c, unwind.c) and
 * the host test of the unwinder.
 */
#pragma once
#include <ndk/ketypes.h>

PRUNTIME_FUNCTION RtlpSearchFunctionTable(ULONG64 ImageBase, PRUNTIME_FUNCTION Table, ULONG Count, ULONG Rva);
