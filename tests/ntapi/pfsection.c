/*
 * pfsection.c — page-file-backed sections: NtCreateSection without a file,
 * NtOpenSection and NtQuerySection on them, views with NtMapViewOfSection
 * and NtUnmapViewOfSection in this process and in a child, and what the
 * virtual-memory services say about views.
 *
 * Every view of a section shows the same pages: a byte written through one
 * view is read through every other, in this process or another one.  The
 * child is this same program started with RtlCreateUserProcess and never
 * resumed: its memory is reached with NtRead/WriteVirtualMemory.
 *
 * Where Windows and Wine 8 give different statuses for the same refusal,
 * CHECK_STATUS_ONE_OF accepts both (Windows' first: Neptune's).
 */
#include "ntapi_test.h"

#define KIB 1024
#define MIB (1024 * 1024)

static NTSTATUS CreateSection(PHANDLE Section, LONGLONG Size, ULONG Protect, ULONG Attributes) {
    LARGE_INTEGER MaximumSize;

    MaximumSize.QuadPart = Size;
    return NtCreateSection(Section, SECTION_ALL_ACCESS, NULL, &MaximumSize, Protect, Attributes, NULL);
}

static NTSTATUS MapView(HANDLE Section, HANDLE Process, PVOID *Base, ULONG64 Offset, PSIZE_T View,
                        ULONG Protect) {
    LARGE_INTEGER SectionOffset;

    SectionOffset.QuadPart = (LONGLONG)Offset;
    return NtMapViewOfSection(Section, Process, Base, 0, 0, &SectionOffset, View, ViewUnmap, 0, Protect);
}

static BOOLEAN QueryMemory(HANDLE Process, PVOID Address, PMEMORY_BASIC_INFORMATION Mbi) {
    return CHECK_STATUS(NtQueryVirtualMemory(Process, Address, MemoryBasicInformation, Mbi, sizeof(*Mbi), NULL),
                        STATUS_SUCCESS);
}

/* ---- Creation ---------------------------------------------------------------------------------- */

static VOID TestCreateRefusals(VOID) {
    HANDLE Section = NULL, Event;
    LARGE_INTEGER Size = {.QuadPart = 0x10000}, Zero = {.QuadPart = 0};
    OBJECT_ATTRIBUTES Attributes;

    CHECK_STATUS_ONE_OF(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Size, PAGE_READWRITE,
                                        SEC_COMMIT | SEC_RESERVE, NULL),
                        STATUS_INVALID_PARAMETER_6, STATUS_INVALID_PARAMETER);
    CHECK_STATUS_ONE_OF(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Size, PAGE_READWRITE,
                                        SEC_IMAGE | SEC_COMMIT, NULL),
                        STATUS_INVALID_PARAMETER_6, STATUS_INVALID_PARAMETER);
    CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Size, 0, SEC_COMMIT, NULL),
                 STATUS_INVALID_PAGE_PROTECTION);
    CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Size, PAGE_READONLY | PAGE_READWRITE,
                                 SEC_COMMIT, NULL),
                 STATUS_INVALID_PAGE_PROTECTION);
    CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Size, 0x100000, SEC_COMMIT, NULL),
                 STATUS_INVALID_PAGE_PROTECTION);
    /* a page-file section needs a size */
    CHECK_STATUS_ONE_OF(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READWRITE, SEC_COMMIT, NULL),
                        STATUS_INVALID_PARAMETER_4, STATUS_INVALID_PARAMETER);
    CHECK_STATUS_ONE_OF(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Zero, PAGE_READWRITE, SEC_COMMIT, NULL),
                        STATUS_INVALID_PARAMETER_4, STATUS_INVALID_PARAMETER);
    /* bad pointers */
    CHECK_STATUS(NtCreateSection(NULL, SECTION_ALL_ACCESS, NULL, &Size, PAGE_READWRITE, SEC_COMMIT, NULL),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtCreateSection(NTAPI_KERNEL_POINTER, SECTION_ALL_ACCESS, NULL, &Size, PAGE_READWRITE, SEC_COMMIT,
                                 NULL),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, NTAPI_KERNEL_POINTER, PAGE_READWRITE,
                                 SEC_COMMIT, NULL),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NTAPI_KERNEL_POINTER, &Size, PAGE_READWRITE,
                                 SEC_COMMIT, NULL),
                 STATUS_ACCESS_VIOLATION);
    InitializeObjectAttributes(&Attributes, (PUNICODE_STRING)NTAPI_LOW_POINTER, 0, NULL, NULL);
    CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, &Attributes, &Size, PAGE_READWRITE, SEC_COMMIT, NULL),
                 STATUS_ACCESS_VIOLATION);
    /* a file handle that is no handle, or not a file */
    CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Size, PAGE_READWRITE, SEC_COMMIT,
                                 NTAPI_BOGUS_HANDLE),
                 STATUS_INVALID_HANDLE);
    if (CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS)) {
        CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Size, PAGE_READWRITE, SEC_COMMIT, Event),
                     STATUS_OBJECT_TYPE_MISMATCH);
        NtClose(Event);
    }
    CHECK(Section == NULL);
}

/* An image section needs an image file. */
static VOID TestCreateImageWithoutFile(VOID) {
    HANDLE Section = NULL;

    CHECK_STATUS(CreateSection(&Section, 0x10000, PAGE_READONLY, SEC_IMAGE), STATUS_INVALID_FILE_FOR_SECTION);
}

/* Attributes Windows refuses and Wine 8 takes: none at all (Windows wants
 * SEC_COMMIT, SEC_RESERVE or SEC_IMAGE; Wine makes it SEC_COMMIT) and
 * unknown bits (Wine ignores them). */
static VOID TestCreateAttributeRefusals(VOID) {
    HANDLE Section = NULL;

    CHECK_STATUS(CreateSection(&Section, 0x10000, PAGE_READWRITE, 0), STATUS_INVALID_PARAMETER_6);
    CHECK_STATUS(CreateSection(&Section, 0x10000, PAGE_READWRITE, SEC_COMMIT | 0x1), STATUS_INVALID_PARAMETER_6);
}

/* A no-access section is refused; so is one larger than memory can commit
 * (Windows: STATUS_COMMITMENT_LIMIT for 512 GiB; Wine 8 has no limit). */
static VOID TestCreateLimits(VOID) {
    HANDLE Section = NULL;

    CHECK_STATUS(CreateSection(&Section, 0x10000, PAGE_NOACCESS, SEC_COMMIT), STATUS_INVALID_PAGE_PROTECTION);
    CHECK_STATUS(CreateSection(&Section, 0x8000000000LL, PAGE_READWRITE, SEC_COMMIT), STATUS_COMMITMENT_LIMIT);
    CHECK_STATUS(CreateSection(&Section, 0x800000000000LL, PAGE_READWRITE, SEC_RESERVE), STATUS_SECTION_TOO_BIG);
}

static VOID TestCreateAndQuery(VOID) {
    HANDLE Section, Weak;
    SECTION_BASIC_INFORMATION Basic;
    SECTION_IMAGE_INFORMATION Image;
    SIZE_T Length = 0;

    if (!CHECK_STATUS(CreateSection(&Section, 0x1801, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtQuerySection(Section, SectionBasicInformation, &Basic, sizeof(Basic), &Length), STATUS_SUCCESS);
    CHECK_EQ(Length, sizeof(Basic));
    CHECK(Basic.BaseAddress == NULL);
    CHECK((Basic.AllocationAttributes & SEC_COMMIT) != 0);
    CHECK((Basic.AllocationAttributes & (SEC_IMAGE | SEC_RESERVE)) == 0);
    CHECK_EQ(Basic.MaximumSize.QuadPart, 0x2000); /* rounded to pages */
    CHECK_STATUS(NtQuerySection(Section, SectionImageInformation, &Image, sizeof(Image), NULL),
                 STATUS_SECTION_NOT_IMAGE);
    CHECK_STATUS(NtQuerySection(Section, SectionBasicInformation, &Basic, sizeof(Basic) - 1, NULL),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK_STATUS(NtQuerySection(Section, SectionBasicInformation, NTAPI_KERNEL_POINTER, sizeof(Basic), NULL),
                 STATUS_ACCESS_VIOLATION);
    if (CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), Section, NtCurrentProcess(), &Weak, SECTION_MAP_READ, 0, 0),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtQuerySection(Weak, SectionBasicInformation, &Basic, sizeof(Basic), NULL),
                     STATUS_ACCESS_DENIED);
        NtClose(Weak);
    }
    NtClose(Section);

    if (!CHECK_STATUS(CreateSection(&Section, 0x20000, PAGE_READONLY, SEC_RESERVE), STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtQuerySection(Section, SectionBasicInformation, &Basic, sizeof(Basic), NULL), STATUS_SUCCESS);
    CHECK((Basic.AllocationAttributes & SEC_RESERVE) != 0);
    CHECK((Basic.AllocationAttributes & SEC_COMMIT) == 0);
    CHECK_EQ(Basic.MaximumSize.QuadPart, 0x20000);
    NtClose(Section);
}

/* ---- Views ------------------------------------------------------------------------------------- */

/* Two whole views and one at an offset show the same pages; untouched
 * pages read zero. */
static VOID TestViewsShareMemory(VOID) {
    HANDLE Section;
    PVOID A = NULL, B = NULL, C = NULL;
    SIZE_T ViewA = 0, ViewB = 0, ViewC = 0;
    MEMORY_BASIC_INFORMATION Mbi;

    if (!CHECK_STATUS(CreateSection(&Section, 0x30000, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS))
        return;
    if (!CHECK_STATUS(MapView(Section, NtCurrentProcess(), &A, 0, &ViewA, PAGE_READWRITE), STATUS_SUCCESS))
        goto out;
    CHECK_EQ(ViewA, 0x30000);
    CHECK(((ULONG_PTR)A & 0xffff) == 0);
    if (!CHECK_STATUS(MapView(Section, NtCurrentProcess(), &B, 0, &ViewB, PAGE_READWRITE), STATUS_SUCCESS))
        goto out_a;
    CHECK(A != B);
    volatile ULONG *Pa = A, *Pb = B;
    CHECK_EQ(Pb[100], 0);
    Pa[100] = 0xabcd1234;
    CHECK_EQ(Pb[100], 0xabcd1234);
    Pb[0x2ffff / 4] = 0x55aa55aa; /* the last word of the last page */
    CHECK_EQ(Pa[0x2ffff / 4], 0x55aa55aa);
    CHECK_EQ(Pa[0x1000 / 4], 0); /* never touched */
    Pa[0x10000 / 4] = 77;
    if (CHECK_STATUS(MapView(Section, NtCurrentProcess(), &C, 0x10000, &ViewC, PAGE_READONLY), STATUS_SUCCESS)) {
        CHECK_EQ(ViewC, 0x20000);
        CHECK_EQ(*(volatile ULONG *)C, 77);
        CHECK_EQ(((volatile ULONG *)C)[0x1ffff / 4], 0x55aa55aa);
        if (QueryMemory(NtCurrentProcess(), C, &Mbi)) {
            CHECK_EQ(Mbi.Type, MEM_MAPPED);
            CHECK_EQ(Mbi.Protect, PAGE_READONLY);
            CHECK_EQ(Mbi.RegionSize, 0x20000);
        }
        CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), C), STATUS_SUCCESS);
    }
    if (QueryMemory(NtCurrentProcess(), (PUCHAR)A + 0x1000, &Mbi)) {
        CHECK_EQ(Mbi.Type, MEM_MAPPED);
        CHECK_EQ(Mbi.State, MEM_COMMIT);
        CHECK_EQ(Mbi.Protect, PAGE_READWRITE);
        CHECK_EQ(Mbi.AllocationProtect, PAGE_READWRITE);
        CHECK(Mbi.AllocationBase == A);
        CHECK(Mbi.BaseAddress == (PUCHAR)A + 0x1000);
        CHECK_EQ(Mbi.RegionSize, 0x2f000);
    }
    /* the executive's copies reach the same pages */
    ULONG Value = 0;
    CHECK_STATUS(NtReadVirtualMemory(NtCurrentProcess(), (PUCHAR)B + 400, &Value, sizeof(Value), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Value, 0xabcd1234);
    Value = 0x600d;
    CHECK_STATUS(NtWriteVirtualMemory(NtCurrentProcess(), (PUCHAR)B + 0x5000, &Value, sizeof(Value), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Pa[0x5000 / 4], 0x600d);
    CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), B), STATUS_SUCCESS);
out_a:
    CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), A), STATUS_SUCCESS);
out:
    NtClose(Section);
}

static VOID TestMapRefusals(VOID) {
    HANDLE Section, Weak, Event;
    PVOID Base = NULL;
    SIZE_T View = 0;
    LARGE_INTEGER Offset = {.QuadPart = 0};

    if (!CHECK_STATUS(CreateSection(&Section, 0x20000, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS))
        return;
    CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0x1000, &View, PAGE_READWRITE), STATUS_MAPPED_ALIGNMENT);
    CHECK_STATUS_ONE_OF(MapView(Section, NtCurrentProcess(), &Base, 0x20000, &View, PAGE_READWRITE),
                        STATUS_INVALID_VIEW_SIZE, STATUS_INVALID_PARAMETER);
    View = 0x20001;
    CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, &View, PAGE_READWRITE), STATUS_INVALID_VIEW_SIZE);
    View = 0x10001;
    CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0x10000, &View, PAGE_READWRITE),
                 STATUS_INVALID_VIEW_SIZE);
    View = 0;
    Base = (PVOID)0x30001000;
    CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, &View, PAGE_READWRITE), STATUS_MAPPED_ALIGNMENT);
    Base = NULL;
    CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, &View, 0x3), STATUS_INVALID_PAGE_PROTECTION);
    CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, &View, 0), STATUS_INVALID_PAGE_PROTECTION);
    CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 25, 0, &Offset, &View, ViewUnmap, 0,
                                    PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_4);
    View = (SIZE_T)-1;
    CHECK_STATUS_ONE_OF(MapView(Section, NtCurrentProcess(), &Base, 0, &View, PAGE_READWRITE),
                        STATUS_INVALID_PARAMETER_3, STATUS_INVALID_VIEW_SIZE);
    View = 0;
    /* bad pointers */
    CHECK_STATUS(MapView(Section, NtCurrentProcess(), NULL, 0, &View, PAGE_READWRITE), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(MapView(Section, NtCurrentProcess(), NTAPI_KERNEL_POINTER, 0, &View, PAGE_READWRITE),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, NULL, PAGE_READWRITE), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, NTAPI_KERNEL_POINTER, PAGE_READWRITE),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NTAPI_KERNEL_POINTER, &View, ViewUnmap,
                                    0, PAGE_READWRITE),
                 STATUS_ACCESS_VIOLATION);
    /* bad handles */
    CHECK_STATUS(MapView(NTAPI_BOGUS_HANDLE, NtCurrentProcess(), &Base, 0, &View, PAGE_READWRITE),
                 STATUS_INVALID_HANDLE);
    CHECK_STATUS(MapView(Section, NTAPI_BOGUS_HANDLE, &Base, 0, &View, PAGE_READWRITE), STATUS_INVALID_HANDLE);
    if (CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS)) {
        CHECK_STATUS(MapView(Event, NtCurrentProcess(), &Base, 0, &View, PAGE_READWRITE), STATUS_OBJECT_TYPE_MISMATCH);
        CHECK_STATUS(MapView(Section, Event, &Base, 0, &View, PAGE_READWRITE), STATUS_OBJECT_TYPE_MISMATCH);
        NtClose(Event);
    }
    CHECK(Base == NULL);
    CHECK_EQ(View, 0);
    /* a handle without SECTION_MAP_WRITE maps read-only, not read/write */
    if (CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), Section, NtCurrentProcess(), &Weak,
                                       SECTION_MAP_READ | SECTION_QUERY, 0, 0),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(MapView(Weak, NtCurrentProcess(), &Base, 0, &View, PAGE_READWRITE), STATUS_ACCESS_DENIED);
        if (CHECK_STATUS(MapView(Weak, NtCurrentProcess(), &Base, 0, &View, PAGE_READONLY), STATUS_SUCCESS))
            CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Base), STATUS_SUCCESS);
        NtClose(Weak);
    }
    NtClose(Section);
}

/* Refusals of Windows that Wine 8 maps anyway: a view may not do more
 * than its section (no writable view of a read-only section, no executable
 * view of a section that is not executable), MEM_COMMIT is no
 * AllocationType of views, and InheritDisposition is ViewShare or
 * ViewUnmap. */
static VOID TestMapRefusalsWineTakes(VOID) {
    HANDLE Section;
    PVOID Base = NULL;
    SIZE_T View = 0;

    if (CHECK_STATUS(CreateSection(&Section, 0x10000, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS)) {
        CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NULL, &View, ViewUnmap, MEM_COMMIT,
                                        PAGE_READWRITE),
                     STATUS_INVALID_PARAMETER_9);
        CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NULL, &View, (SECTION_INHERIT)3, 0,
                                        PAGE_READWRITE),
                     STATUS_INVALID_PARAMETER_8);
        CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, &View, PAGE_EXECUTE_READWRITE),
                     STATUS_SECTION_PROTECTION);
        CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, &View, PAGE_EXECUTE_READ),
                     STATUS_SECTION_PROTECTION);
        NtClose(Section);
    }
    if (CHECK_STATUS(CreateSection(&Section, 0x10000, PAGE_READONLY, SEC_COMMIT), STATUS_SUCCESS)) {
        CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, &View, PAGE_READWRITE),
                     STATUS_SECTION_PROTECTION);
        if (CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, &View, PAGE_WRITECOPY), STATUS_SUCCESS))
            NtUnmapViewOfSection(NtCurrentProcess(), Base);
        NtClose(Section);
    }
}

/* SEC_RESERVE: NtMapViewOfSection's CommitSize commits the view's first
 * pages (Windows); Wine 8 ignores it. */
static VOID TestReserveCommitSize(VOID) {
    HANDLE Section;
    PVOID A = NULL;
    SIZE_T ViewA = 0x20000;
    LARGE_INTEGER Offset = {.QuadPart = 0};
    MEMORY_BASIC_INFORMATION Mbi;

    if (!CHECK_STATUS(CreateSection(&Section, 0x20000, PAGE_READWRITE, SEC_RESERVE), STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &A, 0, 0x1000, &Offset, &ViewA, ViewUnmap, 0,
                                        PAGE_READWRITE),
                     STATUS_SUCCESS)) {
        if (QueryMemory(NtCurrentProcess(), A, &Mbi)) {
            CHECK_EQ(Mbi.State, MEM_COMMIT);
            CHECK_EQ(Mbi.RegionSize, 0x1000);
        }
        ((volatile UCHAR *)A)[10] = 10;
        CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), A), STATUS_SUCCESS);
    }
    NtClose(Section);
}

/* Placement: the address asked for, or STATUS_CONFLICTING_ADDRESSES;
 * MEM_TOP_DOWN; ZeroBits. */
static VOID TestViewPlacement(VOID) {
    HANDLE Section;
    PVOID Base = NULL, Again, Low, High = NULL;
    SIZE_T View = 0;

    if (!CHECK_STATUS(CreateSection(&Section, 0x10000, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, &View, PAGE_READWRITE), STATUS_SUCCESS)) {
        Again = Base;
        CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Again, 0, &View, PAGE_READWRITE),
                     STATUS_CONFLICTING_ADDRESSES);
        CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Base), STATUS_SUCCESS);
        Again = Base;
        if (CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Again, 0, &View, PAGE_READWRITE), STATUS_SUCCESS)) {
            CHECK(Again == Base);
            CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Again), STATUS_SUCCESS);
        }
    }
    View = 0;
    if (CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &High, 0, 0, NULL, &View, ViewUnmap,
                                        MEM_TOP_DOWN, PAGE_READWRITE),
                     STATUS_SUCCESS)) {
        CHECK((ULONG_PTR)High > (ULONG_PTR)Base);
        CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), High), STATUS_SUCCESS);
    }
    Low = NULL;
    View = 0;
    if (CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Low, 1, 0, NULL, &View, ViewUnmap, MEM_TOP_DOWN,
                                        PAGE_READWRITE),
                     STATUS_SUCCESS)) {
        CHECK((ULONG_PTR)Low + View <= 0x80000000);
        CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Low), STATUS_SUCCESS);
    }
    NtClose(Section);
}

/* What the virtual-memory services do with a view. */
static VOID TestViewAndVirtualMemory(VOID) {
    HANDLE Section;
    PVOID Base = NULL, Address, Private = NULL;
    SIZE_T View = 0, Size;
    MEMORY_BASIC_INFORMATION Mbi;

    if (!CHECK_STATUS(CreateSection(&Section, 0x20000, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS))
        return;
    if (!CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Base, 0, &View, PAGE_READWRITE), STATUS_SUCCESS)) {
        NtClose(Section);
        return;
    }
    Address = Base;
    Size = 0;
    CHECK_STATUS_ONE_OF(NtFreeVirtualMemory(NtCurrentProcess(), &Address, &Size, MEM_RELEASE),
                        STATUS_UNABLE_TO_DELETE_SECTION, STATUS_INVALID_PARAMETER);
    Address = Base;
    Size = 0x1000;
    CHECK_STATUS_ONE_OF(NtFreeVirtualMemory(NtCurrentProcess(), &Address, &Size, MEM_DECOMMIT),
                        STATUS_UNABLE_TO_DELETE_SECTION, STATUS_INVALID_PARAMETER);
    /* committing what a SEC_COMMIT view has committed already */
    Address = (PUCHAR)Base + 0x1000;
    Size = 0x1000;
    CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Address, 0, &Size, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_SUCCESS);
    CHECK(Address == (PUCHAR)Base + 0x1000);
    /* reserving inside it */
    Address = Base;
    Size = 0x1000;
    CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Address, 0, &Size, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_CONFLICTING_ADDRESSES);
    *(volatile ULONG *)Base = 5;
    CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Base), STATUS_SUCCESS);
    if (QueryMemory(NtCurrentProcess(), Base, &Mbi))
        CHECK_EQ(Mbi.State, MEM_FREE);
    CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Base), STATUS_NOT_MAPPED_VIEW);
    CHECK_STATUS(NtUnmapViewOfSection(NTAPI_BOGUS_HANDLE, Base), STATUS_INVALID_HANDLE);
    /* private memory is no view */
    Size = 0x1000;
    if (CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Private, 0, &Size, MEM_RESERVE | MEM_COMMIT,
                                             PAGE_READWRITE),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Private), STATUS_NOT_MAPPED_VIEW);
        Size = 0;
        NtFreeVirtualMemory(NtCurrentProcess(), &Private, &Size, MEM_RELEASE);
    }
    NtClose(Section);
}

/* SEC_RESERVE: pages are committed per section, through any view. */
static VOID TestReserveSection(VOID) {
    HANDLE Section;
    PVOID A = NULL, B = NULL, Address;
    SIZE_T ViewA = 0, ViewB = 0, Size;
    MEMORY_BASIC_INFORMATION Mbi;

    if (!CHECK_STATUS(CreateSection(&Section, 0x20000, PAGE_READWRITE, SEC_RESERVE), STATUS_SUCCESS))
        return;
    if (!CHECK_STATUS(MapView(Section, NtCurrentProcess(), &A, 0, &ViewA, PAGE_READWRITE), STATUS_SUCCESS))
        goto out;
    if (QueryMemory(NtCurrentProcess(), A, &Mbi)) {
        CHECK_EQ(Mbi.State, MEM_RESERVE);
        CHECK_EQ(Mbi.RegionSize, 0x20000);
        CHECK_EQ(Mbi.Type, MEM_MAPPED);
    }
    Address = A;
    Size = 0x1000;
    CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Address, 0, &Size, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_SUCCESS);
    if (QueryMemory(NtCurrentProcess(), A, &Mbi)) {
        CHECK_EQ(Mbi.State, MEM_COMMIT);
        CHECK_EQ(Mbi.RegionSize, 0x1000);
        CHECK_EQ(Mbi.Type, MEM_MAPPED);
    }
    if (QueryMemory(NtCurrentProcess(), (PUCHAR)A + 0x1000, &Mbi)) {
        CHECK_EQ(Mbi.State, MEM_RESERVE);
        CHECK_EQ(Mbi.RegionSize, 0x1f000);
    }
    ((volatile UCHAR *)A)[10] = 10;
    if (CHECK_STATUS(MapView(Section, NtCurrentProcess(), &B, 0, &ViewB, PAGE_READWRITE), STATUS_SUCCESS)) {
        Address = (PUCHAR)B + 0x1000;
        Size = 0x1000;
        CHECK_STATUS(NtAllocateVirtualMemory(NtCurrentProcess(), &Address, 0, &Size, MEM_COMMIT, PAGE_READWRITE),
                     STATUS_SUCCESS);
        /* committed in the other view too */
        if (QueryMemory(NtCurrentProcess(), (PUCHAR)A + 0x1000, &Mbi))
            CHECK_EQ(Mbi.State, MEM_COMMIT);
        ((volatile UCHAR *)A)[0x1000] = 42;
        CHECK_EQ(((volatile UCHAR *)B)[0x1000], 42);
        CHECK_EQ(((volatile UCHAR *)B)[10], 10);
        /* committing past the view */
        Address = (PUCHAR)B + 0x1f000;
        Size = 0x2000;
        CHECK_STATUS_ONE_OF(NtAllocateVirtualMemory(NtCurrentProcess(), &Address, 0, &Size, MEM_COMMIT,
                                                    PAGE_READWRITE),
                            STATUS_CONFLICTING_ADDRESSES, STATUS_NOT_MAPPED_VIEW);
        CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), B), STATUS_SUCCESS);
    }
    CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), A), STATUS_SUCCESS);
out:
    NtClose(Section);
}

/* A view keeps its section: closing the handle loses nothing. */
static VOID TestViewOutlivesHandle(VOID) {
    HANDLE Section;
    PVOID A = NULL, B = NULL;
    SIZE_T ViewA = 0, ViewB = 0;

    if (!CHECK_STATUS(CreateSection(&Section, 0x10000, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS))
        return;
    if (!CHECK_STATUS(MapView(Section, NtCurrentProcess(), &A, 0, &ViewA, PAGE_READWRITE), STATUS_SUCCESS) ||
        !CHECK_STATUS(MapView(Section, NtCurrentProcess(), &B, 0, &ViewB, PAGE_READWRITE), STATUS_SUCCESS)) {
        NtClose(Section);
        return;
    }
    ((volatile ULONG *)A)[3] = 0x1234;
    CHECK_STATUS(NtClose(Section), STATUS_SUCCESS);
    CHECK_EQ(((volatile ULONG *)B)[3], 0x1234);
    ((volatile ULONG *)B)[0x3000] = 0x4321; /* a page first touched now */
    CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), B), STATUS_SUCCESS);
    CHECK_EQ(((volatile ULONG *)A)[0x3000], 0x4321);
    CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), A), STATUS_SUCCESS);
}

/* Copy-on-write views share pages until they write. */
static VOID TestCopyOnWriteView(VOID) {
    HANDLE Section;
    PVOID A = NULL, C = NULL;
    SIZE_T ViewA = 0, ViewC = 0;

    if (!CHECK_STATUS(CreateSection(&Section, 0x10000, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(MapView(Section, NtCurrentProcess(), &A, 0, &ViewA, PAGE_READWRITE), STATUS_SUCCESS)) {
        volatile ULONG *Pa = A;
        Pa[0] = 1;
        Pa[1024] = 2;
        if (CHECK_STATUS(MapView(Section, NtCurrentProcess(), &C, 0, &ViewC, PAGE_WRITECOPY), STATUS_SUCCESS)) {
            volatile ULONG *Pc = C;
            CHECK_EQ(Pc[0], 1);
            Pc[0] = 100; /* a private copy of page 0 */
            Pa[1024] = 3;
            CHECK_EQ(Pa[0], 1);
            CHECK_EQ(Pc[0], 100);
            CHECK_EQ(Pc[1024], 3); /* page 1 is still shared */
            Pa[0] = 4;
            CHECK_EQ(Pc[0], 100);
            CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), C), STATUS_SUCCESS);
        }
        CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), A), STATUS_SUCCESS);
    }
    NtClose(Section);
}

/* ---- Names ------------------------------------------------------------------------------------- */

static VOID TestNamedSections(VOID) {
    WCHAR Buffer[80];
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    LARGE_INTEGER Size = {.QuadPart = 0x10000};
    HANDLE First, Second = NULL, Opened, Event;
    PVOID A = NULL, B = NULL;
    SIZE_T ViewA = 0, ViewB = 0;

    NtapiUniqueName(&Name, Buffer, RTL_NUMBER_OF(Buffer), "\\BaseNamedObjects\\ntapi-pfsection");
    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (!CHECK_STATUS(NtCreateSection(&First, SECTION_ALL_ACCESS, &Attributes, &Size, PAGE_READWRITE, SEC_COMMIT,
                                      NULL),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtCreateSection(&Second, SECTION_ALL_ACCESS, &Attributes, &Size, PAGE_READWRITE, SEC_COMMIT, NULL),
                 STATUS_OBJECT_NAME_COLLISION);
    CHECK(Second == NULL);
    Attributes.Attributes |= OBJ_OPENIF;
    if (CHECK_STATUS(NtCreateSection(&Second, SECTION_ALL_ACCESS, &Attributes, &Size, PAGE_READWRITE, SEC_COMMIT,
                                     NULL),
                     STATUS_OBJECT_NAME_EXISTS)) {
        /* the same section: the same memory */
        if (CHECK_STATUS(MapView(First, NtCurrentProcess(), &A, 0, &ViewA, PAGE_READWRITE), STATUS_SUCCESS) &&
            CHECK_STATUS(MapView(Second, NtCurrentProcess(), &B, 0, &ViewB, PAGE_READWRITE), STATUS_SUCCESS)) {
            *(volatile ULONG *)A = 0x77;
            CHECK_EQ(*(volatile ULONG *)B, 0x77);
        }
        if (A)
            NtUnmapViewOfSection(NtCurrentProcess(), A);
        if (B)
            NtUnmapViewOfSection(NtCurrentProcess(), B);
        NtClose(Second);
    }
    Attributes.Attributes &= ~OBJ_OPENIF;
    if (CHECK_STATUS(NtOpenSection(&Opened, SECTION_QUERY, &Attributes), STATUS_SUCCESS)) {
        SECTION_BASIC_INFORMATION Basic;
        CHECK_STATUS(NtQuerySection(Opened, SectionBasicInformation, &Basic, sizeof(Basic), NULL), STATUS_SUCCESS);
        CHECK_EQ(Basic.MaximumSize.QuadPart, 0x10000);
        NtClose(Opened);
    }
    /* an event cannot take the name, and is no section */
    CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE),
                 STATUS_OBJECT_NAME_COLLISION);
    NtClose(First);
    /* the last handle closed: the name is gone */
    CHECK_STATUS(NtOpenSection(&Opened, SECTION_QUERY, &Attributes), STATUS_OBJECT_NAME_NOT_FOUND);
    if (CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtOpenSection(&Opened, SECTION_QUERY, &Attributes), STATUS_OBJECT_TYPE_MISMATCH);
        Attributes.Attributes |= OBJ_OPENIF;
        CHECK_STATUS(NtCreateSection(&Second, SECTION_ALL_ACCESS, &Attributes, &Size, PAGE_READWRITE, SEC_COMMIT,
                                     NULL),
                     STATUS_OBJECT_TYPE_MISMATCH);
        NtClose(Event);
    }
}

/* ---- Another process --------------------------------------------------------------------------- */

/* This program again, created suspended (it never runs). */
static NTSTATUS CreateChild(PRTL_USER_PROCESS_INFORMATION Information) {
    return NtapiCreateSelf(NULL, Information);
}

static VOID TestViewInChild(VOID) {
    RTL_USER_PROCESS_INFORMATION Child;
    HANDLE Section;
    PVOID Local = NULL, Remote = NULL;
    SIZE_T LocalView = 0, RemoteView = 0, Done = 0;
    MEMORY_BASIC_INFORMATION Mbi;
    ULONG Value;

    if (!CHECK_STATUS(CreateChild(&Child), STATUS_SUCCESS))
        return;
    if (!CHECK_STATUS(CreateSection(&Section, 0x40000, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS))
        goto out_child;
    if (!CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Local, 0, &LocalView, PAGE_READWRITE), STATUS_SUCCESS))
        goto out_section;
    if (!CHECK_STATUS(MapView(Section, Child.ProcessHandle, &Remote, 0x10000, &RemoteView, PAGE_READWRITE),
                      STATUS_SUCCESS))
        goto out_local;
    CHECK_EQ(RemoteView, 0x30000);
    if (QueryMemory(Child.ProcessHandle, Remote, &Mbi)) {
        CHECK_EQ(Mbi.Type, MEM_MAPPED);
        CHECK_EQ(Mbi.State, MEM_COMMIT);
        CHECK_EQ(Mbi.RegionSize, 0x30000);
    }
    /* ours -> theirs */
    volatile ULONG *P = Local;
    P[0x10000 / 4] = 0xc0ffee;
    P[0x3fffc / 4] = 0xfeed;
    Value = 0;
    CHECK_STATUS(NtReadVirtualMemory(Child.ProcessHandle, Remote, &Value, sizeof(Value), &Done), STATUS_SUCCESS);
    CHECK_EQ(Value, 0xc0ffee);
    CHECK_STATUS(NtReadVirtualMemory(Child.ProcessHandle, (PUCHAR)Remote + 0x2fffc, &Value, sizeof(Value), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Value, 0xfeed);
    /* theirs -> ours, on a page nobody touched before */
    Value = 0xbeef;
    CHECK_STATUS(NtWriteVirtualMemory(Child.ProcessHandle, (PUCHAR)Remote + 0x18000, &Value, sizeof(Value), &Done),
                 STATUS_SUCCESS);
    CHECK_EQ(Done, sizeof(Value));
    CHECK_EQ(P[0x28000 / 4], 0xbeef);
    /* a view in the child survives our handle and our view */
    CHECK_STATUS(NtClose(Section), STATUS_SUCCESS);
    Section = NULL;
    CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Local), STATUS_SUCCESS);
    Local = NULL;
    Value = 0;
    CHECK_STATUS(NtReadVirtualMemory(Child.ProcessHandle, (PUCHAR)Remote + 0x18000, &Value, sizeof(Value), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Value, 0xbeef);
    CHECK_STATUS(NtUnmapViewOfSection(Child.ProcessHandle, Remote), STATUS_SUCCESS);
    if (QueryMemory(Child.ProcessHandle, Remote, &Mbi))
        CHECK_EQ(Mbi.State, MEM_FREE);
out_local:
    if (Local)
        NtUnmapViewOfSection(NtCurrentProcess(), Local);
out_section:
    if (Section)
        NtClose(Section);
out_child:
    NtTerminateProcess(Child.ProcessHandle, 0);
    NtClose(Child.ThreadHandle);
    NtClose(Child.ProcessHandle);
}

/* A process that ends with a view mapped gives up its reference; its
 * views cannot be unmapped any more (STATUS_PROCESS_IS_TERMINATING). */
static VOID TestChildEndsWithView(VOID) {
    RTL_USER_PROCESS_INFORMATION Child;
    HANDLE Section;
    PVOID Local = NULL, Remote = NULL;
    SIZE_T LocalView = 0, RemoteView = 0;
    LARGE_INTEGER Timeout = NtapiRelativeMs(10000);
    ULONG Value = 9;

    if (!CHECK_STATUS(CreateChild(&Child), STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(CreateSection(&Section, 0x10000, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS)) {
        if (CHECK_STATUS(MapView(Section, Child.ProcessHandle, &Remote, 0, &RemoteView, PAGE_READWRITE),
                         STATUS_SUCCESS))
            CHECK_STATUS(NtWriteVirtualMemory(Child.ProcessHandle, Remote, &Value, sizeof(Value), NULL),
                         STATUS_SUCCESS);
        CHECK_STATUS(NtTerminateProcess(Child.ProcessHandle, 0), STATUS_SUCCESS);
        CHECK_STATUS(NtWaitForSingleObject(Child.ProcessHandle, FALSE, &Timeout), STATUS_WAIT_0);
        /* its address space is gone: there is nothing left to unmap */
        CHECK_STATUS(NtUnmapViewOfSection(Child.ProcessHandle, Remote), STATUS_PROCESS_IS_TERMINATING);
        if (CHECK_STATUS(MapView(Section, NtCurrentProcess(), &Local, 0, &LocalView, PAGE_READONLY),
                         STATUS_SUCCESS)) {
            CHECK_EQ(*(volatile ULONG *)Local, 9);
            NtUnmapViewOfSection(NtCurrentProcess(), Local);
        }
        NtClose(Section);
    }
    NtTerminateProcess(Child.ProcessHandle, 0);
    NtClose(Child.ThreadHandle);
    NtClose(Child.ProcessHandle);
}

/* ---- Neptune's own ----------------------------------------------------------------------------- */

/*
 * Frames go back to the executive: 600 sections of 1 MiB, every page
 * written through one view and some read through another, unmapped and
 * closed one after another, make 600 MiB of frames (more than the test
 * machine's 512 MiB), so frames kept by a dead section would run out within
 * a few hundred rounds (the test then faults: a page cannot be backed).
 */
static VOID TestFramesAreFreed(VOID) {
    for (ULONG Round = 0; Round < 600; Round++) {
        HANDLE Section;
        PVOID A = NULL, B = NULL;
        SIZE_T ViewA = 0, ViewB = 0;
        BOOLEAN Same = TRUE;

        if (!CHECK_STATUS(CreateSection(&Section, MIB, PAGE_READWRITE, Round % 2 ? SEC_COMMIT : SEC_RESERVE),
                          STATUS_SUCCESS))
            return;
        NTSTATUS Status = NtMapViewOfSection(Section, NtCurrentProcess(), &A, 0, MIB, NULL, &ViewA, ViewUnmap, 0,
                                             PAGE_READWRITE);
        if (NT_SUCCESS(Status))
            Status = MapView(Section, NtCurrentProcess(), &B, 0, &ViewB, PAGE_READONLY);
        if (CHECK_STATUS(Status, STATUS_SUCCESS)) {
            for (ULONG i = 0; i < MIB / 4096; i++)
                ((volatile ULONG *)A)[i * 1024] = Round + i;
            for (ULONG i = 0; i < MIB / 4096; i += 61)
                Same &= ((volatile ULONG *)B)[i * 1024] == Round + i;
            CHECK(Same);
        }
        if (A)
            NtUnmapViewOfSection(NtCurrentProcess(), A);
        if (B)
            NtUnmapViewOfSection(NtCurrentProcess(), B);
        NtClose(Section);
        if (!NT_SUCCESS(Status) || !Same) {
            NtapiPrint("  round %u failed\n", Round);
            return;
        }
    }
}

/*
 * Far more capability slots than one CNode has, alive at once: 48 sections
 * of 1 MiB, each mapped and written in full, then all read back before any
 * is dropped.  Every resident page holds a frame capability, the untyped
 * block it was made from and the copy mapped in the view (some 3 slots a
 * page, about 37000 in all): the executive's first CNode has 4096 slots,
 * so this runs only because slot tables are added on demand, and the three
 * rounds reuse the slots (and tables) the previous round gave back.
 */
#define MANY_SECTIONS 48

static VOID TestManySectionsAlive(VOID) {
    HANDLE Sections[MANY_SECTIONS];
    PVOID Views[MANY_SECTIONS];

    for (ULONG Round = 0; Round < 3; Round++) {
        ULONG Made = 0, Wrong = 0;

        for (; Made < MANY_SECTIONS; Made++) {
            SIZE_T View = 0;

            Views[Made] = NULL;
            if (!CHECK_STATUS(CreateSection(&Sections[Made], MIB, PAGE_READWRITE, SEC_COMMIT), STATUS_SUCCESS))
                break;
            if (!CHECK_STATUS(MapView(Sections[Made], NtCurrentProcess(), &Views[Made], 0, &View, PAGE_READWRITE),
                              STATUS_SUCCESS)) {
                NtClose(Sections[Made]);
                break;
            }
            for (ULONG i = 0; i < MIB / 4096; i++)
                ((volatile ULONG *)Views[Made])[i * 1024 + Round] = (Made << 16) | i;
        }
        for (ULONG s = 0; s < Made; s++)
            for (ULONG i = 0; i < MIB / 4096; i++)
                Wrong += ((volatile ULONG *)Views[s])[i * 1024 + Round] != ((s << 16) | i);
        CHECK_EQ(Wrong, 0);
        for (ULONG s = 0; s < Made; s++) {
            CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Views[s]), STATUS_SUCCESS);
            NtClose(Sections[s]);
        }
        if (Made < MANY_SECTIONS || Wrong) {
            NtapiPrint("  round %u: %u sections made, %u words wrong\n", Round, Made, Wrong);
            return;
        }
    }
}

const CHAR NtapiFamily[] = "pfsection";

const NTAPI_TEST NtapiTests[] = {
    {"create-refusals", TestCreateRefusals, 0},
    {"create-image-without-file", TestCreateImageWithoutFile, 0},
    {"create-attribute-refusals", TestCreateAttributeRefusals, NTAPI_TEST_WINE_DIFFERS},
    {"create-limits", TestCreateLimits, NTAPI_TEST_WINE_DIFFERS},
    {"create-and-query", TestCreateAndQuery, 0},
    {"views-share-memory", TestViewsShareMemory, 0},
    {"map-refusals", TestMapRefusals, 0},
    {"map-refusals-wine-takes", TestMapRefusalsWineTakes, NTAPI_TEST_WINE_DIFFERS},
    {"view-placement", TestViewPlacement, 0},
    {"view-and-virtual-memory", TestViewAndVirtualMemory, 0},
    {"reserve-section", TestReserveSection, 0},
    {"reserve-commit-size", TestReserveCommitSize, NTAPI_TEST_WINE_DIFFERS},
    {"view-outlives-handle", TestViewOutlivesHandle, 0},
    {"copy-on-write-view", TestCopyOnWriteView, 0},
    {"named-sections", TestNamedSections, 0},
    {"view-in-child", TestViewInChild, 0},
    {"child-ends-with-view", TestChildEndsWithView, 0},
    {"frames-are-freed", TestFramesAreFreed, NTAPI_TEST_NEPTUNE_ONLY},
    {"many-sections-alive", TestManySectionsAlive, NTAPI_TEST_NEPTUNE_ONLY},
    {NULL, NULL, 0},
};
