/*
 * ndk/ldrtypes.h — the loader's per-process records: PEB_LDR_DATA (what
 * PEB.Ldr points to) and LDR_DATA_TABLE_ENTRY, one per mapped image (the
 * executable first, then ntdll and the DLLs).
 *
 * Each entry sits on three circular lists at once, all headed in
 * PEB_LDR_DATA: load order, memory order and initialization order.  Walking
 * a list gives the LIST_ENTRY inside each entry, so recover the entry with
 * CONTAINING_RECORD(link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks) (or the
 * matching member).  Programs and debuggers walk these lists directly, so
 * the layout is Windows x64's: the entry as of Windows 10 1703 (0x120
 * bytes; later releases append).  The fields after TimeDateStamp are the
 * loader's own and may stay zero in Neptune's ntdll.
 */
#ifndef NDK_LDRTYPES_H
#define NDK_LDRTYPES_H

#include <ndk/rtltypes.h>
#include <nt/ntdef.h>

typedef struct _PEB_LDR_DATA {
    ULONG Length;
    BOOLEAN Initialized;
    HANDLE SsHandle;
    LIST_ENTRY InLoadOrderModuleList;
    LIST_ENTRY InMemoryOrderModuleList;
    LIST_ENTRY InInitializationOrderModuleList;
    PVOID EntryInProgress;
    BOOLEAN ShutdownInProgress;
    HANDLE ShutdownThreadId;
} PEB_LDR_DATA, *PPEB_LDR_DATA;

/* LDR_DATA_TABLE_ENTRY.Flags (the ones with stable meanings). */
#define LDRP_STATIC_LINK 0x00000002
#define LDRP_IMAGE_DLL 0x00000004
#define LDRP_LOAD_IN_PROGRESS 0x00001000
#define LDRP_ENTRY_PROCESSED 0x00004000
#define LDRP_DONT_CALL_FOR_THREADS 0x00040000
#define LDRP_PROCESS_ATTACH_CALLED 0x00080000
#define LDRP_IMAGE_NOT_AT_BASE 0x00200000

typedef struct _LDR_DATA_TABLE_ENTRY {
    LIST_ENTRY InLoadOrderLinks;
    LIST_ENTRY InMemoryOrderLinks;
    LIST_ENTRY InInitializationOrderLinks;
    PVOID DllBase;
    PVOID EntryPoint;
    ULONG SizeOfImage;
    UNICODE_STRING FullDllName;
    UNICODE_STRING BaseDllName;
    ULONG Flags;      /* LDRP_* */
    USHORT LoadCount; /* ObsoleteLoadCount since Windows 8 */
    USHORT TlsIndex;
    LIST_ENTRY HashLinks;
    ULONG TimeDateStamp;
    PVOID EntryPointActivationContext;
    PVOID Lock;
    PVOID DdagNode;
    LIST_ENTRY NodeModuleLink;
    PVOID LoadContext;
    PVOID ParentDllBase;
    PVOID SwitchBackContext;
    RTL_BALANCED_NODE BaseAddressIndexNode;
    RTL_BALANCED_NODE MappingInfoIndexNode;
    ULONG_PTR OriginalBase;
    LARGE_INTEGER LoadTime;
    ULONG BaseNameHashValue;
    ULONG LoadReason;
    ULONG ImplicitPathOptions;
    ULONG ReferenceCount;
    ULONG DependentLoadFlags;
    UCHAR SigningLevel;
} LDR_DATA_TABLE_ENTRY, *PLDR_DATA_TABLE_ENTRY;

/* DllMain's Reason argument. */
#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define DLL_THREAD_ATTACH 2
#define DLL_THREAD_DETACH 3

_Static_assert(sizeof(PEB_LDR_DATA) == 0x58, "PEB_LDR_DATA size");
_Static_assert(__builtin_offsetof(PEB_LDR_DATA, Initialized) == 0x04, "PEB_LDR_DATA");
_Static_assert(__builtin_offsetof(PEB_LDR_DATA, InLoadOrderModuleList) == 0x10, "PEB_LDR_DATA");
_Static_assert(__builtin_offsetof(PEB_LDR_DATA, InMemoryOrderModuleList) == 0x20, "PEB_LDR_DATA");
_Static_assert(__builtin_offsetof(PEB_LDR_DATA, InInitializationOrderModuleList) == 0x30,
               "PEB_LDR_DATA");
_Static_assert(__builtin_offsetof(PEB_LDR_DATA, EntryInProgress) == 0x40, "PEB_LDR_DATA");
_Static_assert(__builtin_offsetof(PEB_LDR_DATA, ShutdownThreadId) == 0x50, "PEB_LDR_DATA");

_Static_assert(sizeof(LDR_DATA_TABLE_ENTRY) == 0x120, "LDR_DATA_TABLE_ENTRY size");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, InMemoryOrderLinks) == 0x10, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, InInitializationOrderLinks) == 0x20,
               "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, DllBase) == 0x30, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, EntryPoint) == 0x38, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, SizeOfImage) == 0x40, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, FullDllName) == 0x48, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, BaseDllName) == 0x58, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, Flags) == 0x68, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, LoadCount) == 0x6c, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, TlsIndex) == 0x6e, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, HashLinks) == 0x70, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, TimeDateStamp) == 0x80, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, DdagNode) == 0x98, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, BaseAddressIndexNode) == 0xc8, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, OriginalBase) == 0xf8, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, LoadTime) == 0x100, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, LoadReason) == 0x10c, "LDTE");
_Static_assert(__builtin_offsetof(LDR_DATA_TABLE_ENTRY, SigningLevel) == 0x11c, "LDTE");

#endif /* NDK_LDRTYPES_H */
