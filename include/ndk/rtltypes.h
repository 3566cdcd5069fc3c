/*
 * ndk/rtltypes.h — run-time library structures that other NT structures
 * embed or that cross the ntdll boundary: the process parameters block
 * (RTL_USER_PROCESS_PARAMETERS with CURDIR and the per-drive current
 * directories), RtlCreateUserProcess's result, the critical section and the
 * balanced-tree node the loader's indexes use.  The pure Rtl types (strings,
 * bitmaps, AVL tables, time fields) are in nt/ntrtl.h, not here.
 *
 * RTL_USER_PROCESS_PARAMETERS is what PEB.ProcessParameters points to; its
 * layout is Windows 10's (0x440 bytes) and the offsets that programs read
 * (standard handles, CurrentDirectory, ImagePathName 0x60, CommandLine 0x70,
 * Environment 0x80) are pinned below.  Once "normalized"
 * (RTL_USER_PROC_PARAMS_NORMALIZED in Flags) its string Buffers are absolute
 * pointers; before that they are offsets from the start of the block, which
 * is how a parent passes the block into a new process.
 */
#ifndef NDK_RTLTYPES_H
#define NDK_RTLTYPES_H

#include <ndk/mmtypes.h>
#include <nt/ntdef.h>
#include <nt/ntrtl.h> /* RTL_BITMAP */

/* RTL_USER_PROCESS_PARAMETERS.Flags. */
#define RTL_USER_PROC_PARAMS_NORMALIZED 0x00000001
#define RTL_USER_PROC_PROFILE_USER 0x00000002
#define RTL_USER_PROC_PROFILE_KERNEL 0x00000004
#define RTL_USER_PROC_PROFILE_SERVER 0x00000008
#define RTL_USER_PROC_RESERVE_1MB 0x00000020
#define RTL_USER_PROC_RESERVE_16MB 0x00000040
#define RTL_USER_PROC_CASE_SENSITIVE 0x00000080
#define RTL_USER_PROC_DISABLE_HEAP_DECOMMIT 0x00000100
#define RTL_USER_PROC_DLL_REDIRECTION_LOCAL 0x00001000
#define RTL_USER_PROC_APP_MANIFEST_PRESENT 0x00002000
#define RTL_USER_PROC_IMAGE_KEY_MISSING 0x00004000
#define RTL_USER_PROC_OPTIN_PROCESS 0x00020000

#define RTL_MAX_DRIVE_LETTERS 32

typedef struct _CURDIR {
    UNICODE_STRING DosPath; /* with a trailing backslash */
    HANDLE Handle;          /* open directory handle, or NULL */
} CURDIR, *PCURDIR;

typedef struct _RTL_DRIVE_LETTER_CURDIR {
    USHORT Flags;
    USHORT Length;
    ULONG TimeStamp;
    STRING DosPath;
} RTL_DRIVE_LETTER_CURDIR, *PRTL_DRIVE_LETTER_CURDIR;

typedef struct _RTL_USER_PROCESS_PARAMETERS {
    ULONG MaximumLength; /* bytes allocated for the block and its strings */
    ULONG Length;        /* bytes used */
    ULONG Flags;         /* RTL_USER_PROC_* */
    ULONG DebugFlags;
    HANDLE ConsoleHandle;
    ULONG ConsoleFlags;
    HANDLE StandardInput;
    HANDLE StandardOutput;
    HANDLE StandardError;
    CURDIR CurrentDirectory;
    UNICODE_STRING DllPath;
    UNICODE_STRING ImagePathName;
    UNICODE_STRING CommandLine;
    PVOID Environment; /* WCHAR strings "NAME=value\0" ending with an empty one */
    ULONG StartingX;
    ULONG StartingY;
    ULONG CountX;
    ULONG CountY;
    ULONG CountCharsX;
    ULONG CountCharsY;
    ULONG FillAttribute;
    ULONG WindowFlags;
    ULONG ShowWindowFlags;
    UNICODE_STRING WindowTitle;
    UNICODE_STRING DesktopInfo;
    UNICODE_STRING ShellInfo;
    UNICODE_STRING RuntimeData;
    RTL_DRIVE_LETTER_CURDIR CurrentDirectories[RTL_MAX_DRIVE_LETTERS];
    ULONG_PTR EnvironmentSize; /* bytes */
    ULONG_PTR EnvironmentVersion;
    PVOID PackageDependencyData;
    ULONG ProcessGroupId;
    ULONG LoaderThreads;
    UNICODE_STRING RedirectionDllName;
    UNICODE_STRING HeapPartitionName;
    ULONG_PTR *DefaultThreadpoolCpuSetMasks;
    ULONG DefaultThreadpoolCpuSetMaskCount;
    ULONG DefaultThreadpoolThreadMaximum;
} RTL_USER_PROCESS_PARAMETERS, *PRTL_USER_PROCESS_PARAMETERS;

/* What RtlCreateUserProcess returns about the new (suspended) process. */
typedef struct _RTL_USER_PROCESS_INFORMATION {
    ULONG Length;
    HANDLE ProcessHandle;
    HANDLE ThreadHandle;
    CLIENT_ID ClientId;
    SECTION_IMAGE_INFORMATION ImageInformation;
} RTL_USER_PROCESS_INFORMATION, *PRTL_USER_PROCESS_INFORMATION;

/*
 * A critical section (ntdll's recursive user-mode lock).  LockCount is the
 * lock word; its encoding is the implementation's (docs/rtl.md, "Critical
 * sections"); -1 always means free with no waiters.  OwningThread is the
 * owner's thread id (TEB ClientId.UniqueThread), not a handle;
 * LockSemaphore the event waiters sleep on, created on first contention.
 */
typedef struct _RTL_CRITICAL_SECTION {
    PVOID DebugInfo; /* PRTL_CRITICAL_SECTION_DEBUG, or (PVOID)-1: none */
    LONG LockCount;
    LONG RecursionCount;
    HANDLE OwningThread;
    HANDLE LockSemaphore;
    ULONG_PTR SpinCount;
} RTL_CRITICAL_SECTION, *PRTL_CRITICAL_SECTION;

/* The debugging record a critical section may point at (Windows' layout). */
typedef struct _RTL_CRITICAL_SECTION_DEBUG {
    USHORT Type; /* RTL_CRITSECT_TYPE */
    USHORT CreatorBackTraceIndex;
    PRTL_CRITICAL_SECTION CriticalSection;
    LIST_ENTRY ProcessLocksList;
    ULONG EntryCount;
    ULONG ContentionCount;
    ULONG Flags;
    USHORT CreatorBackTraceIndexHigh;
    USHORT Identifier;
} RTL_CRITICAL_SECTION_DEBUG, *PRTL_CRITICAL_SECTION_DEBUG;

#define RTL_CRITSECT_TYPE 0
#define RTL_RESOURCE_TYPE 1

/* RtlInitializeCriticalSectionEx's Flags (the top byte of a ULONG). */
#define RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO 0x01000000
#define RTL_CRITICAL_SECTION_FLAG_DYNAMIC_SPIN 0x02000000
#define RTL_CRITICAL_SECTION_FLAG_STATIC_INIT 0x04000000
#define RTL_CRITICAL_SECTION_FLAG_RESOURCE_TYPE 0x08000000
#define RTL_CRITICAL_SECTION_FLAG_FORCE_DEBUG_INFO 0x10000000
#define RTL_CRITICAL_SECTION_ALL_FLAG_BITS 0xFF000000

/* A red-black or AVL tree node; the low bits of ParentValue hold the colour
 * or balance. */
typedef struct _RTL_BALANCED_NODE {
    union {
        struct _RTL_BALANCED_NODE *Children[2];
        struct {
            struct _RTL_BALANCED_NODE *Left;
            struct _RTL_BALANCED_NODE *Right;
        };
    };
    union {
        UCHAR Red : 1;
        UCHAR Balance : 2;
        ULONG_PTR ParentValue;
    };
} RTL_BALANCED_NODE, *PRTL_BALANCED_NODE;

_Static_assert(sizeof(CURDIR) == 0x18, "CURDIR size");
_Static_assert(sizeof(RTL_DRIVE_LETTER_CURDIR) == 0x18, "RTL_DRIVE_LETTER_CURDIR size");
_Static_assert(sizeof(RTL_USER_PROCESS_PARAMETERS) == 0x440, "RTL_USER_PROCESS_PARAMETERS size");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, Flags) == 0x08, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, ConsoleHandle) == 0x10, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, ConsoleFlags) == 0x18, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, StandardInput) == 0x20, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, StandardOutput) == 0x28, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, StandardError) == 0x30, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, CurrentDirectory) == 0x38, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, DllPath) == 0x50, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, ImagePathName) == 0x60, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, CommandLine) == 0x70, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, Environment) == 0x80, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, StartingX) == 0x88, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, ShowWindowFlags) == 0xa8, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, WindowTitle) == 0xb0, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, RuntimeData) == 0xe0, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, CurrentDirectories) == 0xf0, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, EnvironmentSize) == 0x3f0, "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, PackageDependencyData) == 0x400,
               "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, RedirectionDllName) == 0x410,
               "RUPP");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_PARAMETERS, DefaultThreadpoolCpuSetMasks) ==
                   0x430,
               "RUPP");
_Static_assert(sizeof(RTL_USER_PROCESS_INFORMATION) == 0x68, "RTL_USER_PROCESS_INFORMATION size");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_INFORMATION, ClientId) == 0x18, "RUPI");
_Static_assert(__builtin_offsetof(RTL_USER_PROCESS_INFORMATION, ImageInformation) == 0x28, "RUPI");
_Static_assert(sizeof(RTL_CRITICAL_SECTION) == 0x28, "RTL_CRITICAL_SECTION size");
_Static_assert(__builtin_offsetof(RTL_CRITICAL_SECTION, LockCount) == 0x08, "RTL_CS");
_Static_assert(__builtin_offsetof(RTL_CRITICAL_SECTION, RecursionCount) == 0x0c, "RTL_CS");
_Static_assert(__builtin_offsetof(RTL_CRITICAL_SECTION, OwningThread) == 0x10, "RTL_CS");
_Static_assert(__builtin_offsetof(RTL_CRITICAL_SECTION, LockSemaphore) == 0x18, "RTL_CS");
_Static_assert(__builtin_offsetof(RTL_CRITICAL_SECTION, SpinCount) == 0x20, "RTL_CS");
_Static_assert(sizeof(RTL_CRITICAL_SECTION_DEBUG) == 0x30, "RTL_CRITICAL_SECTION_DEBUG size");
_Static_assert(__builtin_offsetof(RTL_CRITICAL_SECTION_DEBUG, CriticalSection) == 0x08, "RTL_CSD");
_Static_assert(__builtin_offsetof(RTL_CRITICAL_SECTION_DEBUG, EntryCount) == 0x20, "RTL_CSD");
_Static_assert(__builtin_offsetof(RTL_CRITICAL_SECTION_DEBUG, Flags) == 0x28, "RTL_CSD");
_Static_assert(sizeof(RTL_BALANCED_NODE) == 0x18, "RTL_BALANCED_NODE size");

#endif /* NDK_RTLTYPES_H */
