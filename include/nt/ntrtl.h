/*
 * ntrtl.h — the runtime library (Rtl) shared by the executive, ntdll.dll
 * and the host unit tests.
 *
 * Everything declared here is implemented in rtl/ as pure C: no system
 * calls, no global state beyond constant tables, no libc.  Names,
 * signatures, structure layouts and documented behaviour are those of
 * Windows x64 (see docs/rtl.md for the deliberate differences).  Functions
 * named Rtlp... are Neptune extensions with no Windows counterpart; they are
 * the pure cores that ntdll and the executive wrap (for example the path
 * conversion takes the current directory as an argument instead of reading
 * the PEB).
 *
 * Memory.  A few functions allocate (the "Allocate" flag of the string
 * conversions, RtlCreateUnicodeString, the path conversion).  rtl/ does not
 * own an allocator: the program that links it defines
 *
 *     PVOID NTAPI RtlpAllocateStringMemory(SIZE_T Bytes);
 *     VOID  NTAPI RtlpFreeStringMemory(PVOID Buffer);
 *
 * (the executive on its pool, ntdll on the process heap, the host tests on
 * malloc).  Only the objects that allocate reference them, so a program that
 * uses, say, only bitmaps need not define them.
 */
#ifndef NT_NTRTL_H
#define NT_NTRTL_H

#include "nt/ntdef.h"
#include "nt/ntimage.h"
#include "nt/ntstatus.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Allocation hooks (defined by the program linking rtl) --------------- */

PVOID NTAPI RtlpAllocateStringMemory(SIZE_T Bytes);
VOID NTAPI RtlpFreeStringMemory(PVOID Buffer);

/* ---- Memory -------------------------------------------------------------- */

NTSYSAPI SIZE_T NTAPI RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length);
NTSYSAPI VOID NTAPI RtlMoveMemory(PVOID Destination, const VOID *Source, SIZE_T Length);
NTSYSAPI VOID NTAPI RtlFillMemory(PVOID Destination, SIZE_T Length, UCHAR Fill);
NTSYSAPI VOID NTAPI RtlZeroMemory(PVOID Destination, SIZE_T Length);

#define RtlCopyMemory(Destination, Source, Length) RtlMoveMemory((Destination), (Source), (Length))
#define RtlEqualMemory(Source1, Source2, Length)                                                   \
    (RtlCompareMemory((Source1), (Source2), (Length)) == (Length))

/* ---- Counted strings ------------------------------------------------------ */

NTSYSAPI VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString);
NTSYSAPI NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING DestinationString,
                                               PCWSTR SourceString);
NTSYSAPI VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSTR SourceString);
NTSYSAPI NTSTATUS NTAPI RtlInitAnsiStringEx(PANSI_STRING DestinationString, PCSTR SourceString);
NTSYSAPI VOID NTAPI RtlInitString(PSTRING DestinationString, PCSTR SourceString);
NTSYSAPI VOID NTAPI RtlInitEmptyUnicodeString(PUNICODE_STRING String, PWCHAR Buffer,
                                              USHORT BufferSize);

NTSYSAPI VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString,
                                         PCUNICODE_STRING SourceString);
NTSYSAPI VOID NTAPI RtlCopyString(PSTRING DestinationString, const STRING *SourceString);
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination,
                                                       PCUNICODE_STRING Source);
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source);
NTSYSAPI NTSTATUS NTAPI RtlAppendStringToString(PSTRING Destination, const STRING *Source);

NTSYSAPI LONG NTAPI RtlCompareUnicodeStrings(PCWCH String1, SIZE_T String1Length, PCWCH String2,
                                             SIZE_T String2Length, BOOLEAN CaseInSensitive);
NTSYSAPI LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                            BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                             BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                              BOOLEAN CaseInSensitive);
NTSYSAPI LONG NTAPI RtlCompareString(const STRING *String1, const STRING *String2,
                                     BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualString(const STRING *String1, const STRING *String2,
                                      BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlPrefixString(const STRING *String1, const STRING *String2,
                                       BOOLEAN CaseInSensitive);

/* Allocating helpers: the buffer comes from RtlpAllocateStringMemory. */
NTSYSAPI BOOLEAN NTAPI RtlCreateUnicodeString(PUNICODE_STRING DestinationString,
                                              PCWSTR SourceString);
#define RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE 0x00000001
#define RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING 0x00000002
NTSYSAPI NTSTATUS NTAPI RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING StringIn,
                                                  PUNICODE_STRING StringOut);
NTSYSAPI VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);
NTSYSAPI VOID NTAPI RtlFreeAnsiString(PANSI_STRING AnsiString);

/* ---- Case mapping and code-page conversion ------------------------------ */

/*
 * The "ANSI" and "OEM" code page of this implementation is ISO 8859-1:
 * bytes 0x00-0xFF are U+0000-U+00FF, and characters above U+00FF convert to
 * '?'.  Case mapping covers the BMP (simple 1:1 mappings, Unicode data).
 */
NTSYSAPI WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter);
NTSYSAPI WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR SourceCharacter);
NTSYSAPI CHAR NTAPI RtlUpperChar(CHAR Character);
NTSYSAPI NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString,
                                               PCUNICODE_STRING SourceString,
                                               BOOLEAN AllocateDestinationString);
NTSYSAPI NTSTATUS NTAPI RtlDowncaseUnicodeString(PUNICODE_STRING DestinationString,
                                                 PCUNICODE_STRING SourceString,
                                                 BOOLEAN AllocateDestinationString);
NTSYSAPI VOID NTAPI RtlUpperString(PSTRING DestinationString, const STRING *SourceString);

NTSYSAPI ULONG NTAPI RtlxUnicodeStringToAnsiSize(PCUNICODE_STRING UnicodeString);
NTSYSAPI ULONG NTAPI RtlxAnsiStringToUnicodeSize(PCANSI_STRING AnsiString);
#define RtlUnicodeStringToAnsiSize(String) RtlxUnicodeStringToAnsiSize(String)
#define RtlAnsiStringToUnicodeSize(String) RtlxAnsiStringToUnicodeSize(String)
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
                                                     PCUNICODE_STRING SourceString,
                                                     BOOLEAN AllocateDestinationString);
NTSYSAPI NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
                                                     PCANSI_STRING SourceString,
                                                     BOOLEAN AllocateDestinationString);
NTSYSAPI NTSTATUS NTAPI RtlMultiByteToUnicodeN(PWCH UnicodeString, ULONG MaxBytesInUnicodeString,
                                               PULONG BytesInUnicodeString,
                                               const CHAR *MultiByteString,
                                               ULONG BytesInMultiByteString);
NTSYSAPI NTSTATUS NTAPI RtlMultiByteToUnicodeSize(PULONG BytesInUnicodeString,
                                                  const CHAR *MultiByteString,
                                                  ULONG BytesInMultiByteString);
NTSYSAPI NTSTATUS NTAPI RtlUnicodeToMultiByteN(PCHAR MultiByteString,
                                               ULONG MaxBytesInMultiByteString,
                                               PULONG BytesInMultiByteString, PCWCH UnicodeString,
                                               ULONG BytesInUnicodeString);
NTSYSAPI NTSTATUS NTAPI RtlUnicodeToMultiByteSize(PULONG BytesInMultiByteString,
                                                  PCWCH UnicodeString, ULONG BytesInUnicodeString);

NTSYSAPI NTSTATUS NTAPI RtlUnicodeToUTF8N(PCHAR UTF8StringDestination, ULONG UTF8StringMaxByteCount,
                                          PULONG UTF8StringActualByteCount,
                                          PCWCH UnicodeStringSource, ULONG UnicodeStringByteCount);
NTSYSAPI NTSTATUS NTAPI RtlUTF8ToUnicodeN(PWSTR UnicodeStringDestination,
                                          ULONG UnicodeStringMaxByteCount,
                                          PULONG UnicodeStringActualByteCount,
                                          PCCH UTF8StringSource, ULONG UTF8StringByteCount);

/* ---- Integers and strings ------------------------------------------------ */

NTSYSAPI NTSTATUS NTAPI RtlIntegerToChar(ULONG Value, ULONG Base, LONG OutputLength, PCHAR String);
NTSYSAPI NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String);
NTSYSAPI NTSTATUS NTAPI RtlInt64ToUnicodeString(ULONGLONG Value, ULONG Base,
                                                PUNICODE_STRING String);
NTSYSAPI NTSTATUS NTAPI RtlCharToInteger(PCSTR String, ULONG Base, PULONG Value);
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base,
                                                  PULONG Value);

/* ---- Bitmaps ------------------------------------------------------------- */

/* Bit n lives in Buffer[n / 32], bit (n % 32); bits past SizeOfBitMap are ignored. */
typedef struct _RTL_BITMAP {
    ULONG SizeOfBitMap;
    PULONG Buffer;
} RTL_BITMAP, *PRTL_BITMAP;

typedef struct _RTL_BITMAP_RUN {
    ULONG StartingIndex;
    ULONG NumberOfBits;
} RTL_BITMAP_RUN, *PRTL_BITMAP_RUN;

NTSYSAPI VOID NTAPI RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer,
                                        ULONG SizeOfBitMap);
NTSYSAPI VOID NTAPI RtlClearAllBits(PRTL_BITMAP BitMapHeader);
NTSYSAPI VOID NTAPI RtlSetAllBits(PRTL_BITMAP BitMapHeader);
NTSYSAPI VOID NTAPI RtlClearBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);
NTSYSAPI VOID NTAPI RtlSetBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);
NTSYSAPI BOOLEAN NTAPI RtlTestBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);
NTSYSAPI VOID NTAPI RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex,
                                 ULONG NumberToClear);
NTSYSAPI VOID NTAPI RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToSet);
NTSYSAPI BOOLEAN NTAPI RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length);
NTSYSAPI BOOLEAN NTAPI RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length);
NTSYSAPI ULONG NTAPI RtlFindClearBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind,
                                      ULONG HintIndex);
NTSYSAPI ULONG NTAPI RtlFindSetBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
NTSYSAPI ULONG NTAPI RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader, ULONG NumberToFind,
                                            ULONG HintIndex);
NTSYSAPI ULONG NTAPI RtlFindSetBitsAndClear(PRTL_BITMAP BitMapHeader, ULONG NumberToFind,
                                            ULONG HintIndex);
NTSYSAPI ULONG NTAPI RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader);
NTSYSAPI ULONG NTAPI RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader);
NTSYSAPI ULONG NTAPI RtlFindFirstRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex);
NTSYSAPI ULONG NTAPI RtlFindNextForwardRunClear(PRTL_BITMAP BitMapHeader, ULONG FromIndex,
                                                PULONG StartingRunIndex);
NTSYSAPI ULONG NTAPI RtlFindLongestRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex);

/* ---- AVL generic tables -------------------------------------------------- */

typedef ULONG CLONG;

typedef enum _TABLE_SEARCH_RESULT {
    TableEmptyTree,
    TableFoundNode,
    TableInsertAsLeft,
    TableInsertAsRight
} TABLE_SEARCH_RESULT;

typedef enum _RTL_GENERIC_COMPARE_RESULTS {
    GenericLessThan,
    GenericGreaterThan,
    GenericEqual
} RTL_GENERIC_COMPARE_RESULTS;

/*
 * Every element is one allocation: these links, then the caller's data
 * (the routines hand out and take pointers to the data).  Balance is -1
 * (left subtree one deeper), 0 or +1.
 */
typedef struct _RTL_BALANCED_LINKS {
    struct _RTL_BALANCED_LINKS *Parent;
    struct _RTL_BALANCED_LINKS *LeftChild;
    struct _RTL_BALANCED_LINKS *RightChild;
    CHAR Balance;
    UCHAR Reserved[3];
} RTL_BALANCED_LINKS, *PRTL_BALANCED_LINKS;

struct _RTL_AVL_TABLE;

typedef RTL_GENERIC_COMPARE_RESULTS(NTAPI *PRTL_AVL_COMPARE_ROUTINE)(struct _RTL_AVL_TABLE *Table,
                                                                     PVOID FirstStruct,
                                                                     PVOID SecondStruct);
/* ByteSize includes sizeof(RTL_BALANCED_LINKS). */
typedef PVOID(NTAPI *PRTL_AVL_ALLOCATE_ROUTINE)(struct _RTL_AVL_TABLE *Table, CLONG ByteSize);
typedef VOID(NTAPI *PRTL_AVL_FREE_ROUTINE)(struct _RTL_AVL_TABLE *Table, PVOID Buffer);
typedef NTSTATUS(NTAPI *PRTL_AVL_MATCH_FUNCTION)(struct _RTL_AVL_TABLE *Table, PVOID UserData,
                                                 PVOID MatchData);

/*
 * BalancedRoot is a sentinel: the tree's root is BalancedRoot.RightChild
 * and its Parent points back at BalancedRoot.
 */
typedef struct _RTL_AVL_TABLE {
    RTL_BALANCED_LINKS BalancedRoot;
    PVOID OrderedPointer;
    ULONG WhichOrderedElement;
    ULONG NumberGenericTableElements;
    ULONG DepthOfTree;
    PRTL_BALANCED_LINKS RestartKey;
    ULONG DeleteCount;
    PRTL_AVL_COMPARE_ROUTINE CompareRoutine;
    PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine;
    PRTL_AVL_FREE_ROUTINE FreeRoutine;
    PVOID TableContext;
} RTL_AVL_TABLE, *PRTL_AVL_TABLE;

NTSYSAPI VOID NTAPI RtlInitializeGenericTableAvl(PRTL_AVL_TABLE Table,
                                                 PRTL_AVL_COMPARE_ROUTINE CompareRoutine,
                                                 PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine,
                                                 PRTL_AVL_FREE_ROUTINE FreeRoutine,
                                                 PVOID TableContext);
NTSYSAPI PVOID NTAPI RtlInsertElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                     CLONG BufferSize, PBOOLEAN NewElement);
NTSYSAPI PVOID NTAPI RtlInsertElementGenericTableFullAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                         CLONG BufferSize, PBOOLEAN NewElement,
                                                         PVOID NodeOrParent,
                                                         TABLE_SEARCH_RESULT SearchResult);
NTSYSAPI BOOLEAN NTAPI RtlDeleteElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer);
NTSYSAPI VOID NTAPI RtlDeleteElementGenericTableAvlEx(PRTL_AVL_TABLE Table, PVOID NodeOrParent);
NTSYSAPI PVOID NTAPI RtlLookupElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer);
NTSYSAPI PVOID NTAPI RtlLookupElementGenericTableFullAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                         PVOID *NodeOrParent,
                                                         TABLE_SEARCH_RESULT *SearchResult);
NTSYSAPI PVOID NTAPI RtlLookupFirstMatchingElementGenericTableAvl(PRTL_AVL_TABLE Table,
                                                                  PVOID Buffer, PVOID *RestartKey);
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTableAvl(PRTL_AVL_TABLE Table, BOOLEAN Restart);
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTableWithoutSplayingAvl(PRTL_AVL_TABLE Table,
                                                                PVOID *RestartKey);
NTSYSAPI PVOID NTAPI RtlGetElementGenericTableAvl(PRTL_AVL_TABLE Table, ULONG I);
NTSYSAPI ULONG NTAPI RtlNumberGenericTableElementsAvl(PRTL_AVL_TABLE Table);
NTSYSAPI BOOLEAN NTAPI RtlIsGenericTableEmptyAvl(PRTL_AVL_TABLE Table);

/* ---- Time ---------------------------------------------------------------- */

/* System time: 100 ns units since 1601-01-01 00:00:00 UTC. */
typedef struct _TIME_FIELDS {
    CSHORT Year;         /* 1601... */
    CSHORT Month;        /* 1..12 */
    CSHORT Day;          /* 1..31 */
    CSHORT Hour;         /* 0..23 */
    CSHORT Minute;       /* 0..59 */
    CSHORT Second;       /* 0..59 */
    CSHORT Milliseconds; /* 0..999 */
    CSHORT Weekday;      /* 0 = Sunday .. 6 = Saturday */
} TIME_FIELDS, *PTIME_FIELDS;

NTSYSAPI VOID NTAPI RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields);
NTSYSAPI BOOLEAN NTAPI RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time);
NTSYSAPI BOOLEAN NTAPI RtlTimeToSecondsSince1970(PLARGE_INTEGER Time, PULONG ElapsedSeconds);
NTSYSAPI VOID NTAPI RtlSecondsSince1970ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time);
NTSYSAPI BOOLEAN NTAPI RtlTimeToSecondsSince1980(PLARGE_INTEGER Time, PULONG ElapsedSeconds);
NTSYSAPI VOID NTAPI RtlSecondsSince1980ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time);

/* ---- Errors -------------------------------------------------------------- */

NTSYSAPI ULONG NTAPI RtlNtStatusToDosErrorNoTeb(NTSTATUS Status);
/* The TEB-less build of rtl provides this too; ntdll's own sets TEB->LastStatusValue. */
NTSYSAPI ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status);

/* ---- DOS paths ----------------------------------------------------------- */

typedef enum _RTL_PATH_TYPE {
    RtlPathTypeUnknown,
    RtlPathTypeUncAbsolute,    /* \\server\share\x */
    RtlPathTypeDriveAbsolute,  /* C:\x */
    RtlPathTypeDriveRelative,  /* C:x */
    RtlPathTypeRooted,         /* \x */
    RtlPathTypeRelative,       /* x */
    RtlPathTypeLocalDevice,    /* \\.\x or \\?\x */
    RtlPathTypeRootLocalDevice /* \\. or \\? */
} RTL_PATH_TYPE;

NTSYSAPI RTL_PATH_TYPE NTAPI RtlDetermineDosPathNameType_U(PCWSTR Path);
NTSYSAPI RTL_PATH_TYPE NTAPI RtlDetermineDosPathNameType_Ustr(PCUNICODE_STRING Path);

/*
 * The pure core of RtlDosPathNameToNtPathName_U / RtlGetFullPathName_U.
 * CurrentDirectory is a full DOS path ending in '\' ("C:\dir\" or
 * "\\server\share\dir\"), as in RTL_USER_PROCESS_PARAMETERS; it may be NULL
 * when DosPath is absolute.  On success NtPath->Buffer is allocated with
 * RtlpAllocateStringMemory, NUL-terminated, and *FilePart (if given) points
 * into it at the last component (NULL when the path ends in '\').
 */
NTSYSAPI NTSTATUS NTAPI RtlpDosPathNameToNtPathName(PCUNICODE_STRING DosPath,
                                                    PCUNICODE_STRING CurrentDirectory,
                                                    PUNICODE_STRING NtPath, PWSTR *FilePart);
/* Same resolution, DOS result (no \??\ prefix): "C:\a\b", "\\server\share\x". */
NTSYSAPI NTSTATUS NTAPI RtlpGetFullDosPathName(PCUNICODE_STRING DosPath,
                                               PCUNICODE_STRING CurrentDirectory,
                                               PUNICODE_STRING FullPath, PWSTR *FilePart);

/* ---- PE images ----------------------------------------------------------- */

#define RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK 0x00000001

/* A module handle with the low bit set is a file mapped as data (LoadLibraryEx). */
#define LDR_IS_DATAFILE(Handle) (((ULONG_PTR)(Handle)) & (ULONG_PTR)1)
#define LDR_DATAFILE_TO_VIEW(Handle) ((PVOID)(((ULONG_PTR)(Handle)) & ~(ULONG_PTR)1))

NTSYSAPI PIMAGE_NT_HEADERS NTAPI RtlImageNtHeader(PVOID Base);
NTSYSAPI NTSTATUS NTAPI RtlImageNtHeaderEx(ULONG Flags, PVOID Base, ULONG64 Size,
                                           PIMAGE_NT_HEADERS *OutHeaders);
NTSYSAPI PVOID NTAPI RtlImageDirectoryEntryToData(PVOID Base, BOOLEAN MappedAsImage,
                                                  USHORT DirectoryEntry, PULONG Size);
NTSYSAPI PIMAGE_SECTION_HEADER NTAPI RtlImageRvaToSection(PIMAGE_NT_HEADERS NtHeaders, PVOID Base,
                                                          ULONG Rva);
NTSYSAPI PVOID NTAPI RtlImageRvaToVa(PIMAGE_NT_HEADERS NtHeaders, PVOID Base, ULONG Rva,
                                     PIMAGE_SECTION_HEADER *LastRvaSection);

/*
 * Bounds-checked forms for images that are not trusted yet (a file handed
 * to NtCreateSection, a DLL read by the loader).  Base/Size describe the
 * whole buffer; MappedAsImage says whether it is laid out by section
 * (RVA = offset) or is the raw file (RVA translated through the sections).
 * Every returned pointer, with its length, lies inside [Base, Base + Size).
 */
NTSYSAPI NTSTATUS NTAPI RtlpImageValidateHeaders(PVOID Base, SIZE_T Size,
                                                 PIMAGE_NT_HEADERS *OutHeaders);
NTSYSAPI NTSTATUS NTAPI RtlpImageRvaToPointer(PVOID Base, SIZE_T Size, BOOLEAN MappedAsImage,
                                              ULONG Rva, ULONG Length, PVOID *Pointer);
NTSYSAPI NTSTATUS NTAPI RtlpImageDirectoryEntryToDataChecked(PVOID Base, SIZE_T Size,
                                                             BOOLEAN MappedAsImage,
                                                             USHORT DirectoryEntry, PVOID *Data,
                                                             PULONG DataSize);

#ifdef __cplusplus
}
#endif

#endif /* NT_NTRTL_H */
