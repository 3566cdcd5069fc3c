/*
 * vm.c — private virtual memory: NtAllocateVirtualMemory (reserve, commit,
 * both at once, rounding), NtFreeVirtualMemory (decommit, release),
 * NtQueryVirtualMemory's basic class as the witness of each state change,
 * and the refusals: bad protection, bad type, conflicting ranges, freeing
 * not at the base or what was never allocated, bad pointers.
 *
 * Rules pinned here (documented for VirtualAlloc/VirtualFree, which are
 * thin wrappers): reservations start on 64 KiB boundaries and cover whole
 * pages; committed memory reads as zero; releasing takes the reservation's
 * base and a size of 0.
 */
#include "ntapi_test.h"

#define PAGE 0x1000
#define GRANULARITY 0x10000

static NTSTATUS Allocate(PVOID *Base, SIZE_T Size, ULONG Type, ULONG Protect) {
    return NtAllocateVirtualMemory(NtCurrentProcess(), Base, 0, &Size, Type, Protect);
}

static NTSTATUS Release(PVOID Base) {
    SIZE_T Size = 0;

    return NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, MEM_RELEASE);
}

static BOOLEAN Query(PVOID Address, PMEMORY_BASIC_INFORMATION Info) {
    SIZE_T Length = 0;

    if (!CHECK_STATUS(NtQueryVirtualMemory(NtCurrentProcess(), Address, MemoryBasicInformation,
                                           Info, sizeof(*Info), &Length),
                      STATUS_SUCCESS))
        return FALSE;
    return CHECK_EQ(Length, sizeof(*Info));
}

static VOID TestReserveCommitRelease(VOID) {
    PVOID Base = NULL, Page;
    SIZE_T Size = 16 * PAGE;
    MEMORY_BASIC_INFORMATION Info;
    volatile ULONG *Word;

    if (!CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size, MEM_RESERVE,
                                              PAGE_READWRITE),
                      STATUS_SUCCESS))
        return;
    CHECK(IS_ALIGNED(Base, GRANULARITY));
    CHECK_EQ(Size, 16 * PAGE);
    if (Query(Base, &Info)) {
        CHECK_EQ(Info.State, MEM_RESERVE);
        CHECK(Info.AllocationBase == Base);
        CHECK_EQ(Info.RegionSize, 16 * PAGE);
        CHECK_EQ(Info.Type, MEM_PRIVATE);
    }
    /* Commit the third page only. */
    Page = (PUCHAR)Base + 2 * PAGE;
    if (CHECK_STATUS(Allocate(&Page, PAGE, MEM_COMMIT, PAGE_READWRITE), STATUS_SUCCESS)) {
        Word = Page;
        CHECK_EQ(Word[0], 0);
        Word[0] = 0xfeedface;
        CHECK_EQ(Word[0], 0xfeedface);
        if (Query(Page, &Info)) {
            CHECK_EQ(Info.State, MEM_COMMIT);
            CHECK_EQ(Info.Protect, PAGE_READWRITE);
            CHECK_EQ(Info.RegionSize, PAGE);
            CHECK(Info.AllocationBase == Base);
        }
        if (Query((PUCHAR)Page + PAGE, &Info)) {
            CHECK_EQ(Info.State, MEM_RESERVE);
            CHECK_EQ(Info.RegionSize, 13 * PAGE);
        }
    }
    CHECK_STATUS(Release(Base), STATUS_SUCCESS);
    if (Query(Base, &Info))
        CHECK_EQ(Info.State, MEM_FREE);
}

static VOID TestReserveAndCommitRounds(VOID) {
    PVOID Base = NULL;
    SIZE_T Size = 5000; /* rounds up to two pages */
    MEMORY_BASIC_INFORMATION Info;
    PUCHAR Bytes;
    ULONG Index;
    BOOLEAN Zero = TRUE;

    if (!CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size,
                                              MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE),
                      STATUS_SUCCESS))
        return;
    CHECK_EQ(Size, 2 * PAGE);
    Bytes = Base;
    for (Index = 0; Index < 2 * PAGE; Index++)
        Zero = Zero && Bytes[Index] == 0;
    CHECK(Zero);
    Bytes[2 * PAGE - 1] = 1; /* the last byte of the rounded size is ours */
    if (Query(Base, &Info)) {
        CHECK_EQ(Info.State, MEM_COMMIT);
        CHECK_EQ(Info.AllocationProtect, PAGE_READWRITE);
    }
    CHECK_STATUS(Release(Base), STATUS_SUCCESS);
}

static VOID TestDecommit(VOID) {
    PVOID Base = NULL, Address;
    SIZE_T Size = 4 * PAGE;
    MEMORY_BASIC_INFORMATION Info;

    if (!CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size,
                                              MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE),
                      STATUS_SUCCESS))
        return;
    Address = (PUCHAR)Base + PAGE;
    Size = PAGE;
    CHECK_STATUS(NtFreeVirtualMemory(NtCurrentProcess(), &Address, &Size, MEM_DECOMMIT),
                 STATUS_SUCCESS);
    CHECK(Address == (PUCHAR)Base + PAGE && Size == PAGE);
    if (Query(Address, &Info)) {
        CHECK_EQ(Info.State, MEM_RESERVE);
        CHECK_EQ(Info.RegionSize, PAGE);
    }
    if (Query(Base, &Info))
        CHECK_EQ(Info.State, MEM_COMMIT);
    CHECK_STATUS(Release(Base), STATUS_SUCCESS);
}

static VOID TestBadProtection(VOID) {
    PVOID Base = NULL;

    CHECK_STATUS(Allocate(&Base, PAGE, MEM_RESERVE | MEM_COMMIT, 0x12345),
                 STATUS_INVALID_PAGE_PROTECTION);
    CHECK_STATUS(Allocate(&Base, PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE | PAGE_READONLY),
                 STATUS_INVALID_PAGE_PROTECTION);
    CHECK(Base == NULL);
}

static VOID TestBadAllocationType(VOID) {
    PVOID Base = NULL;

    CHECK_STATUS_ONE_OF(Allocate(&Base, PAGE, 0, PAGE_READWRITE), STATUS_INVALID_PARAMETER_5,
                        STATUS_INVALID_PARAMETER);
    CHECK_STATUS_ONE_OF(Allocate(&Base, PAGE, MEM_RELEASE, PAGE_READWRITE),
                        STATUS_INVALID_PARAMETER_5, STATUS_INVALID_PARAMETER);
    CHECK(Base == NULL);
}

static VOID TestConflictingReservation(VOID) {
    PVOID Base = NULL, Again;

    if (!CHECK_STATUS(Allocate(&Base, GRANULARITY, MEM_RESERVE, PAGE_READWRITE), STATUS_SUCCESS))
        return;
    Again = Base;
    CHECK_STATUS(Allocate(&Again, PAGE, MEM_RESERVE, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);
    CHECK_STATUS(Release(Base), STATUS_SUCCESS);
}

static VOID TestFreeRefusals(VOID) {
    PVOID Base = NULL, Inside;
    SIZE_T Size = 0;

    if (!CHECK_STATUS(Allocate(&Base, 4 * PAGE, MEM_RESERVE, PAGE_READWRITE), STATUS_SUCCESS))
        return;
    Inside = (PUCHAR)Base + PAGE;
    CHECK_STATUS(NtFreeVirtualMemory(NtCurrentProcess(), &Inside, &Size, MEM_RELEASE),
                 STATUS_FREE_VM_NOT_AT_BASE);
    CHECK_STATUS(Release(Base), STATUS_SUCCESS);
}

/* Wine 8 answers STATUS_INVALID_PARAMETER to both. */
static VOID TestFreeUnallocatedAndBadType(VOID) {
    PVOID Base = NULL;
    SIZE_T Size = PAGE;

    if (!CHECK_STATUS(Allocate(&Base, PAGE, MEM_RESERVE, PAGE_READWRITE), STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, MEM_DECOMMIT | MEM_RELEASE),
                 STATUS_INVALID_PARAMETER_4);
    CHECK_STATUS(Release(Base), STATUS_SUCCESS);
    CHECK_STATUS(Release(Base), STATUS_MEMORY_NOT_ALLOCATED); /* nothing there now */
}

static VOID TestBadPointers(VOID) {
    PVOID Base = NULL;
    SIZE_T Size = PAGE;

    CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), (PVOID *)NTAPI_KERNEL_POINTER, 0,
                                         &Size, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0,
                                         (PSIZE_T)NTAPI_KERNEL_POINTER, MEM_RESERVE,
                                         PAGE_READWRITE),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(
        NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)NTAPI_LOW_POINTER, &Size, MEM_RELEASE),
        STATUS_ACCESS_VIOLATION);
    CHECK(Base == NULL);
}

static VOID TestQueryRefusals(VOID) {
    MEMORY_BASIC_INFORMATION Info;
    PVOID Base = NULL;

    if (!CHECK_STATUS(Allocate(&Base, PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtQueryVirtualMemory(NtCurrentProcess(), Base, MemoryBasicInformation, &Info,
                                      sizeof(Info) - 1, NULL),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK_STATUS(NtQueryVirtualMemory(NtCurrentProcess(), Base, MemoryBasicInformation,
                                      NTAPI_KERNEL_POINTER, sizeof(Info), NULL),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtQueryVirtualMemory(NtCurrentProcess(), NTAPI_KERNEL_POINTER,
                                      MemoryBasicInformation, &Info, sizeof(Info), NULL),
                 STATUS_INVALID_PARAMETER);
    CHECK_STATUS(Release(Base), STATUS_SUCCESS);
}

static VOID TestQueryImage(VOID) {
    MEMORY_BASIC_INFORMATION Info;
    PVOID Image = NtCurrentPeb()->ImageBaseAddress;

    if (!Query(Image, &Info))
        return;
    CHECK_EQ(Info.Type, MEM_IMAGE);
    CHECK(Info.AllocationBase == Image);
    CHECK_EQ(Info.State, MEM_COMMIT);
}

const CHAR NtapiFamily[] = "vm";
const NTAPI_TEST NtapiTests[] = {
    {"reserve-commit-release", TestReserveCommitRelease, 0},
    {"reserve-and-commit-rounds", TestReserveAndCommitRounds, 0},
    {"decommit", TestDecommit, 0},
    {"bad-protection", TestBadProtection, 0},
    {"bad-allocation-type", TestBadAllocationType, 0},
    {"conflicting-reservation", TestConflictingReservation, 0},
    {"free-refusals", TestFreeRefusals, 0},
    {"free-unallocated-and-bad-type", TestFreeUnallocatedAndBadType, NTAPI_TEST_WINE_DIFFERS},
    {"bad-pointers", TestBadPointers, 0},
    {"query-refusals", TestQueryRefusals, 0},
    {"query-image", TestQueryImage, 0},
    {NULL, NULL, 0},
};
