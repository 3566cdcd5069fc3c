/*
 * ndk/mmtypes.h — the memory manager's user-visible vocabulary: allocation
 * types (MEM_*), page protections (PAGE_*), section attributes (SEC_*) and
 * rights, MEMORY_BASIC_INFORMATION (NtQueryVirtualMemory's basic class) and
 * the section information structures NtQuerySection and the process
 * creation path return.
 *
 * Values are winnt.h's; structure layouts are Windows x64's and pinned
 * below.
 */
#ifndef NDK_MMTYPES_H
#define NDK_MMTYPES_H

#include <nt/ntdef.h>

/* AllocationType / State / Type. */
#define MEM_COMMIT 0x00001000
#define MEM_RESERVE 0x00002000
#define MEM_DECOMMIT 0x00004000
#define MEM_RELEASE 0x00008000
#define MEM_FREE 0x00010000
#define MEM_PRIVATE 0x00020000
#define MEM_MAPPED 0x00040000
#define MEM_RESET 0x00080000
#define MEM_TOP_DOWN 0x00100000
#define MEM_WRITE_WATCH 0x00200000
#define MEM_PHYSICAL 0x00400000
#define MEM_IMAGE 0x01000000
#define MEM_RESET_UNDO 0x01000000
#define MEM_LARGE_PAGES 0x20000000

/* Page protection. */
#define PAGE_NOACCESS 0x001
#define PAGE_READONLY 0x002
#define PAGE_READWRITE 0x004
#define PAGE_WRITECOPY 0x008
#define PAGE_EXECUTE 0x010
#define PAGE_EXECUTE_READ 0x020
#define PAGE_EXECUTE_READWRITE 0x040
#define PAGE_EXECUTE_WRITECOPY 0x080
#define PAGE_GUARD 0x100
#define PAGE_NOCACHE 0x200
#define PAGE_WRITECOMBINE 0x400

/* Section AllocationAttributes. */
#define SEC_BASED 0x00200000
#define SEC_NO_CHANGE 0x00400000
#define SEC_FILE 0x00800000
#define SEC_IMAGE 0x01000000
#define SEC_PROTECTED_IMAGE 0x02000000
#define SEC_RESERVE 0x04000000
#define SEC_COMMIT 0x08000000
#define SEC_NOCACHE 0x10000000
#define SEC_WRITECOMBINE 0x40000000
#define SEC_LARGE_PAGES 0x80000000
#define SEC_IMAGE_NO_EXECUTE (SEC_IMAGE | SEC_NOCACHE)

/* Section object rights. */
#define SECTION_QUERY 0x0001
#define SECTION_MAP_WRITE 0x0002
#define SECTION_MAP_READ 0x0004
#define SECTION_MAP_EXECUTE 0x0008
#define SECTION_EXTEND_SIZE 0x0010
#define SECTION_MAP_EXECUTE_EXPLICIT 0x0020
#define SECTION_ALL_ACCESS                                                                         \
    (STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | SECTION_MAP_WRITE | SECTION_MAP_READ |             \
     SECTION_MAP_EXECUTE | SECTION_EXTEND_SIZE)

/* NtMapViewOfSection InheritDisposition. */
typedef enum _SECTION_INHERIT { ViewShare = 1, ViewUnmap = 2 } SECTION_INHERIT;

typedef enum _MEMORY_INFORMATION_CLASS {
    MemoryBasicInformation = 0,
    MemoryWorkingSetInformation = 1,
    MemoryMappedFilenameInformation = 2,
    MemoryRegionInformation = 3,
    MemoryWorkingSetExInformation = 4,
    MemorySharedCommitInformation = 5,
    MemoryImageInformation = 6
} MEMORY_INFORMATION_CLASS;

typedef struct _MEMORY_BASIC_INFORMATION {
    PVOID BaseAddress;    /* page-aligned start of the region queried */
    PVOID AllocationBase; /* start of the reservation it belongs to */
    ULONG AllocationProtect;
    USHORT PartitionId;
    SIZE_T RegionSize; /* bytes from BaseAddress with the same attributes */
    ULONG State;       /* MEM_COMMIT, MEM_RESERVE or MEM_FREE */
    ULONG Protect;
    ULONG Type; /* MEM_PRIVATE, MEM_MAPPED or MEM_IMAGE */
} MEMORY_BASIC_INFORMATION, *PMEMORY_BASIC_INFORMATION;

typedef enum _SECTION_INFORMATION_CLASS {
    SectionBasicInformation = 0,
    SectionImageInformation = 1,
    SectionRelocationInformation = 2,
    SectionOriginalBaseInformation = 3,
    SectionInternalImageInformation = 4,
    MaxSectionInfoClass
} SECTION_INFORMATION_CLASS;

typedef struct _SECTION_BASIC_INFORMATION {
    PVOID BaseAddress;
    ULONG AllocationAttributes; /* SEC_* */
    LARGE_INTEGER MaximumSize;
} SECTION_BASIC_INFORMATION, *PSECTION_BASIC_INFORMATION;

/* What a SEC_IMAGE section knows about its PE image. */
typedef struct _SECTION_IMAGE_INFORMATION {
    PVOID TransferAddress; /* entry point at the preferred base */
    ULONG ZeroBits;
    SIZE_T MaximumStackSize;
    SIZE_T CommittedStackSize;
    ULONG SubSystemType;
    union {
        struct {
            USHORT SubSystemMinorVersion;
            USHORT SubSystemMajorVersion;
        };
        ULONG SubSystemVersion;
    };
    union {
        struct {
            USHORT MajorOperatingSystemVersion;
            USHORT MinorOperatingSystemVersion;
        };
        ULONG OperatingSystemVersion;
    };
    USHORT ImageCharacteristics;
    USHORT DllCharacteristics;
    USHORT Machine;
    BOOLEAN ImageContainsCode;
    UCHAR ImageFlags;
    ULONG LoaderFlags;
    ULONG ImageFileSize;
    ULONG CheckSum;
} SECTION_IMAGE_INFORMATION, *PSECTION_IMAGE_INFORMATION;

_Static_assert(sizeof(MEMORY_BASIC_INFORMATION) == 0x30, "MEMORY_BASIC_INFORMATION size");
_Static_assert(__builtin_offsetof(MEMORY_BASIC_INFORMATION, AllocationProtect) == 0x10, "MBI");
_Static_assert(__builtin_offsetof(MEMORY_BASIC_INFORMATION, RegionSize) == 0x18, "MBI");
_Static_assert(__builtin_offsetof(MEMORY_BASIC_INFORMATION, State) == 0x20, "MBI");
_Static_assert(__builtin_offsetof(MEMORY_BASIC_INFORMATION, Protect) == 0x24, "MBI");
_Static_assert(__builtin_offsetof(MEMORY_BASIC_INFORMATION, Type) == 0x28, "MBI");
_Static_assert(sizeof(SECTION_BASIC_INFORMATION) == 0x18, "SECTION_BASIC_INFORMATION size");
_Static_assert(sizeof(SECTION_IMAGE_INFORMATION) == 0x40, "SECTION_IMAGE_INFORMATION size");
_Static_assert(__builtin_offsetof(SECTION_IMAGE_INFORMATION, SubSystemType) == 0x20, "SII");
_Static_assert(__builtin_offsetof(SECTION_IMAGE_INFORMATION, ImageCharacteristics) == 0x2c, "SII");
_Static_assert(__builtin_offsetof(SECTION_IMAGE_INFORMATION, Machine) == 0x30, "SII");
_Static_assert(__builtin_offsetof(SECTION_IMAGE_INFORMATION, LoaderFlags) == 0x34, "SII");
_Static_assert(__builtin_offsetof(SECTION_IMAGE_INFORMATION, CheckSum) == 0x3c, "SII");

#endif /* NDK_MMTYPES_H */
