/*
 * ndk/ntndk.h — the Native Development Kit: everything a native NT program
 * needs to call ntdll, in one include.
 *
 * The NDK is split by executive component, as Windows' own headers are:
 *
 *   *types.h   layouts and constants, safe everywhere: PE programs, the ELF
 *              executive (which lays out PEB/TEB/KUSER_SHARED_DATA for its
 *              processes) and the host unit tests.  Every structure is pinned
 *              with _Static_assert to its Windows x64 size and offsets.
 *   *funcs.h   prototypes of ntdll's exports, for PE code only (the
 *              executive implements services under its own signatures).
 *
 *   ketypes  KUSER_SHARED_DATA, KSYSTEM_TIME, CONTEXT (amd64/ketypes.h)
 *   obtypes  object information classes, directory/link rights
 *   extypes  events, system information, shutdown
 *   mmtypes  MEM_/PAGE_/SEC_ values, MEMORY_BASIC_INFORMATION, sections
 *   iotypes  IO_STATUS_BLOCK, file rights and options
 *   rtltypes RTL_USER_PROCESS_PARAMETERS, CURDIR, critical section
 *   ldrtypes PEB_LDR_DATA, LDR_DATA_TABLE_ENTRY
 *   pstypes  TEB, PEB, NT_TIB, process/thread classes and rights
 *
 * Base types come from nt/ntdef.h, status codes from nt/ntstatus.h, the PE
 * image format from nt/ntimage.h and the pure Rtl from nt/ntrtl.h.  Do not
 * mix these headers with mingw-w64's or Windows SDK headers in one file.
 */
#ifndef NDK_NTNDK_H
#define NDK_NTNDK_H

#include <nt/ntdef.h>
#include <nt/ntimage.h>
#include <nt/ntstatus.h>

#include <ndk/extypes.h>
#include <ndk/iotypes.h>
#include <ndk/ketypes.h>
#include <ndk/ldrtypes.h>
#include <ndk/mmtypes.h>
#include <ndk/obtypes.h>
#include <ndk/pstypes.h>
#include <ndk/rtltypes.h>

#include <ndk/exfuncs.h>
#include <ndk/iofuncs.h>
#include <ndk/kefuncs.h>
#include <ndk/ldrfuncs.h>
#include <ndk/mmfuncs.h>
#include <ndk/obfuncs.h>
#include <ndk/psfuncs.h>
#include <ndk/rtlfuncs.h>

#endif /* NDK_NTNDK_H */
