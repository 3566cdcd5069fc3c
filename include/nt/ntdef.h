/*
 * ntdef.h — the NT base types, as Windows x64 lays them out.
 *
 * Everything NT-side in Neptune OS (the executive, ntdll.dll, wdm.dll,
 * drivers, native programs and the host unit tests) describes its data with
 * these types, so the header has to mean the same thing under three
 * compilers:
 *
 *   host       clang, x86_64 Linux (LP64: `long` is 64-bit, wchar_t 32-bit)
 *   executive  clang --target=x86_64-unknown-none-elf (LP64 as well)
 *   PE images  clang --target=x86_64-pc-windows-msvc (LLP64)
 *
 * Hence the rules below: LONG/ULONG are `int`-sized on every build (they are
 * 32-bit on Windows x64), WCHAR is an unsigned 16-bit integer rather than
 * wchar_t (write wide literals as u"..." in portable code), and the
 * pointer-sized integers follow the compiler's own uintptr_t so that they
 * interconvert with size_t without casts.  The sizes and offsets that other
 * components depend on are pinned with _Static_assert at the end.
 *
 * Calling conventions.  On Windows x64 __stdcall is accepted and ignored, so
 * NTAPI costs nothing in PE builds.  The ELF executive uses the System V
 * calling convention internally; only functions that are called across the
 * PE boundary (a PE image calling into ELF code, or the reverse) need
 * __attribute__((ms_abi)).  NTAPI therefore stays empty on ELF builds unless
 * the build defines it, and such boundary functions are declared with
 * NT_PE_ABI explicitly.  A build can override NTAPI, NTSYSAPI and NTSYSCALLAPI
 * with -D; the defaults are set only when the macro is not yet defined.
 *
 * Only types and helpers from Windows' ntdef.h (plus the handful of
 * winnt.h/minwindef.h names that NT structures use: BYTE/WORD/DWORD,
 * ACCESS_MASK and the standard access rights) live here; NT status codes are
 * in ntstatus.h, PE image structures in ntimage.h, executive and process
 * structures (PEB, TEB...) in include/ndk/.
 */
#ifndef NT_NTDEF_H
#define NT_NTDEF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Calling conventions and declaration decorations ------------------ */

#if defined(_WIN32)
#define NT_PE_ABI /* the native convention already is the PE one */
#else
#define NT_PE_ABI __attribute__((ms_abi))
#endif

#ifndef NTAPI
#if defined(_WIN32)
#define NTAPI __stdcall
#else
#define NTAPI
#endif
#endif

#ifndef WINAPI
#define WINAPI NTAPI
#endif
#ifndef CALLBACK
#define CALLBACK NTAPI
#endif
#ifndef FASTCALL
#define FASTCALL
#endif
#ifndef NTAPI_INLINE
#define NTAPI_INLINE NTAPI
#endif

#if defined(_WIN32)
#define DECLSPEC_IMPORT __declspec(dllimport)
#define DECLSPEC_EXPORT __declspec(dllexport)
#else
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT __attribute__((visibility("default")))
#endif

#ifndef NTSYSAPI
#define NTSYSAPI
#endif
#ifndef NTSYSCALLAPI
#define NTSYSCALLAPI
#endif

#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define FORCEINLINE static inline __attribute__((always_inline))

/* SAL-style annotations that NT prototypes use; they document only. */
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef CONST
#define CONST const
#endif

#define UNREFERENCED_PARAMETER(p) ((void)(p))
#define C_ASSERT(e) _Static_assert(e, #e)

/* ---- Scalar types ------------------------------------------------------ */

#define VOID void
typedef void *PVOID, **PPVOID;
typedef const void *PCVOID;

typedef char CHAR, CCHAR, *PCHAR, *PSTR, *LPSTR, *PCH;
typedef const char *PCSTR, *LPCSTR, *PCCH;
typedef unsigned char UCHAR, *PUCHAR;
typedef signed char SCHAR, *PSCHAR;

#if defined(__cplusplus) && __SIZEOF_WCHAR_T__ == 2
typedef wchar_t WCHAR;
#else
typedef unsigned short WCHAR;
#endif
typedef WCHAR *PWCHAR, *PWCH, *PWSTR, *LPWSTR, *PZZWSTR;
typedef const WCHAR *PCWCH, *PCWSTR, *LPCWSTR, *PCZZWSTR;

typedef short SHORT, CSHORT, *PSHORT;
typedef unsigned short USHORT, *PUSHORT;
typedef int LONG, *PLONG;
typedef unsigned int ULONG, *PULONG, LOGICAL, *PLOGICAL;
typedef int INT, *PINT;
typedef unsigned int UINT, *PUINT;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;

typedef signed char INT8, *PINT8;
typedef unsigned char UINT8, *PUINT8;
typedef short INT16, *PINT16;
typedef unsigned short UINT16, *PUINT16;
typedef int INT32, *PINT32, LONG32, *PLONG32;
typedef unsigned int UINT32, *PUINT32, ULONG32, *PULONG32, DWORD32, *PDWORD32;
typedef long long INT64, *PINT64, LONG64, *PLONG64;
typedef unsigned long long UINT64, *PUINT64, ULONG64, *PULONG64, DWORD64, *PDWORD64;

/* minwindef.h names that NT structures (PE headers, PEB fields) use. */
typedef unsigned char BYTE, *PBYTE;
typedef unsigned short WORD, *PWORD;
typedef unsigned int DWORD, *PDWORD;
typedef int BOOL, *PBOOL;

typedef UCHAR BOOLEAN, *PBOOLEAN;
#define TRUE 1
#define FALSE 0

/* Pointer-sized integers: 64-bit on x64, matching the compiler's uintptr_t. */
typedef __INTPTR_TYPE__ LONG_PTR, *PLONG_PTR, INT_PTR, *PINT_PTR, SSIZE_T, *PSSIZE_T;
typedef __UINTPTR_TYPE__ ULONG_PTR, *PULONG_PTR, UINT_PTR, *PUINT_PTR, DWORD_PTR, *PDWORD_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef ULONG_PTR KAFFINITY, *PKAFFINITY;

typedef void *HANDLE, **PHANDLE;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef ULONG ACCESS_MASK, *PACCESS_MASK;
typedef ULONG LCID, *PLCID;
typedef USHORT LANGID, *PLANGID;
typedef LONG KPRIORITY, *PKPRIORITY;

#define MINCHAR 0x80
#define MAXCHAR 0x7f
#define MINSHORT 0x8000
#define MAXSHORT 0x7fff
#define MINLONG 0x80000000
#define MAXLONG 0x7fffffff
#define MAXUCHAR 0xff
#define MAXUSHORT 0xffff
#define MAXULONG 0xffffffffu
#define MAXLONGLONG 0x7fffffffffffffffll
#define MAXULONGLONG 0xffffffffffffffffull
#define MAXULONG_PTR (~(ULONG_PTR)0)
#define MAXLONG_PTR ((LONG_PTR)(MAXULONG_PTR >> 1))
#define MAXSIZE_T MAXULONG_PTR

#define ANYSIZE_ARRAY 1
#define UNICODE_NULL ((WCHAR)0)
#define ANSI_NULL ((CHAR)0)

/* ---- 64-bit integers as two halves ------------------------------------- */

typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG HighPart;
    };
    struct {
        ULONG LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        ULONG LowPart;
        ULONG HighPart;
    };
    struct {
        ULONG LowPart;
        ULONG HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

/* ---- Status values ------------------------------------------------------ */

/*
 * Bits 31..30 of an NTSTATUS are its severity: 0 success, 1 informational,
 * 2 warning, 3 error.  Success and informational values are >= 0.
 */
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status) ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status) ((((ULONG)(Status)) >> 30) == 3)

#define STATUS_SEVERITY_SUCCESS 0x0
#define STATUS_SEVERITY_INFORMATIONAL 0x1
#define STATUS_SEVERITY_WARNING 0x2
#define STATUS_SEVERITY_ERROR 0x3

/* ---- Counted strings ---------------------------------------------------- */

/*
 * Length and MaximumLength are in bytes, not characters; Buffer need not be
 * NUL-terminated.  An UNICODE_STRING therefore holds at most 32767 WCHARs.
 */
typedef struct _UNICODE_STRING {
    USHORT Length;
    USHORT MaximumLength;
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING *PCSTRING, *PCANSI_STRING, *PCOEM_STRING;

#define UNICODE_STRING_MAX_BYTES ((USHORT)65534)
#define UNICODE_STRING_MAX_CHARS 32767

/* Number of elements of an array (not of a pointer). */
#define RTL_NUMBER_OF(a) (sizeof(a) / sizeof((a)[0]))
#define ARRAYSIZE(a) RTL_NUMBER_OF(a)

/* Initializer for a counted string from a literal: RTL_CONSTANT_STRING(u"x"). */
#define RTL_CONSTANT_STRING(s)                                                                     \
    { (USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), (void *)(s) }

/* ---- Object attributes -------------------------------------------------- */

#define OBJ_PROTECT_CLOSE 0x00000001L
#define OBJ_INHERIT 0x00000002L
#define OBJ_AUDIT_OBJECT_CLOSE 0x00000004L
#define OBJ_PERMANENT 0x00000010L
#define OBJ_EXCLUSIVE 0x00000020L
#define OBJ_CASE_INSENSITIVE 0x00000040L
#define OBJ_OPENIF 0x00000080L
#define OBJ_OPENLINK 0x00000100L
#define OBJ_KERNEL_HANDLE 0x00000200L
#define OBJ_FORCE_ACCESS_CHECK 0x00000400L
#define OBJ_IGNORE_IMPERSONATED_DEVICEMAP 0x00000800L
#define OBJ_DONT_REPARSE 0x00001000L
#define OBJ_VALID_ATTRIBUTES 0x00001FF2L

typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor;       /* PSECURITY_DESCRIPTOR */
    PVOID SecurityQualityOfService; /* PSECURITY_QUALITY_OF_SERVICE */
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
typedef CONST OBJECT_ATTRIBUTES *PCOBJECT_ATTRIBUTES;

#define InitializeObjectAttributes(p, n, a, r, s)                                                  \
    do {                                                                                           \
        (p)->Length = sizeof(OBJECT_ATTRIBUTES);                                                   \
        (p)->RootDirectory = (r);                                                                  \
        (p)->Attributes = (a);                                                                     \
        (p)->ObjectName = (n);                                                                     \
        (p)->SecurityDescriptor = (s);                                                             \
        (p)->SecurityQualityOfService = NULL;                                                      \
    } while (0)

#define RTL_CONSTANT_OBJECT_ATTRIBUTES(n, a)                                                       \
    { sizeof(OBJECT_ATTRIBUTES), NULL, (PUNICODE_STRING)(n), (a), NULL, NULL }

/* ---- Identifiers -------------------------------------------------------- */

typedef struct _CLIENT_ID {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

typedef struct _GUID {
    ULONG Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID, *PGUID, UUID, *PUUID;
typedef const GUID *PCGUID, *LPCGUID;

/* ---- Standard access rights (winnt.h) ----------------------------------- */

#define DELETE 0x00010000L
#define READ_CONTROL 0x00020000L
#define WRITE_DAC 0x00040000L
#define WRITE_OWNER 0x00080000L
#define SYNCHRONIZE 0x00100000L
#define STANDARD_RIGHTS_REQUIRED 0x000F0000L
#define STANDARD_RIGHTS_READ READ_CONTROL
#define STANDARD_RIGHTS_WRITE READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE READ_CONTROL
#define STANDARD_RIGHTS_ALL 0x001F0000L
#define SPECIFIC_RIGHTS_ALL 0x0000FFFFL
#define ACCESS_SYSTEM_SECURITY 0x01000000L
#define MAXIMUM_ALLOWED 0x02000000L
#define GENERIC_READ 0x80000000L
#define GENERIC_WRITE 0x40000000L
#define GENERIC_EXECUTE 0x20000000L
#define GENERIC_ALL 0x10000000L

typedef struct _GENERIC_MAPPING {
    ACCESS_MASK GenericRead;
    ACCESS_MASK GenericWrite;
    ACCESS_MASK GenericExecute;
    ACCESS_MASK GenericAll;
} GENERIC_MAPPING, *PGENERIC_MAPPING;

/* ---- Structure arithmetic ----------------------------------------------- */

#define FIELD_OFFSET(type, field) ((LONG) __builtin_offsetof(type, field))
#define UFIELD_OFFSET(type, field) ((ULONG) __builtin_offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field)                                                      \
    (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))

/* The structure of `type` whose member `field` lives at `address`. */
#define CONTAINING_RECORD(address, type, field)                                                    \
    ((type *)((PCHAR)(address) - (ULONG_PTR) __builtin_offsetof(type, field)))

/*
 * Alignment (powers of two only).  The _BY forms take a byte count, the
 * plain forms a type whose size is the alignment, as in Windows.
 */
#define ALIGN_DOWN_BY(length, alignment) ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment)-1))
#define ALIGN_UP_BY(length, alignment)                                                             \
    ALIGN_DOWN_BY((ULONG_PTR)(length) + (ULONG_PTR)(alignment)-1, alignment)
#define ALIGN_DOWN_POINTER_BY(address, alignment) ((PVOID)ALIGN_DOWN_BY(address, alignment))
#define ALIGN_UP_POINTER_BY(address, alignment) ((PVOID)ALIGN_UP_BY(address, alignment))
#define ALIGN_DOWN(length, type) ALIGN_DOWN_BY(length, sizeof(type))
#define ALIGN_UP(length, type) ALIGN_UP_BY(length, sizeof(type))
#define ALIGN_DOWN_POINTER(address, type) ALIGN_DOWN_POINTER_BY(address, sizeof(type))
#define ALIGN_UP_POINTER(address, type) ALIGN_UP_POINTER_BY(address, sizeof(type))
#define IS_ALIGNED(value, alignment) (((ULONG_PTR)(value) & ((ULONG_PTR)(alignment)-1)) == 0)

/* ---- Doubly and singly linked lists ------------------------------------- */

/*
 * A LIST_ENTRY list is circular with a head entry that is not an element:
 * an empty list's head points to itself both ways.
 */
typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
    struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

typedef struct LIST_ENTRY32 {
    ULONG Flink;
    ULONG Blink;
} LIST_ENTRY32, *PLIST_ENTRY32;

typedef struct LIST_ENTRY64 {
    ULONGLONG Flink;
    ULONGLONG Blink;
} LIST_ENTRY64, *PLIST_ENTRY64;

FORCEINLINE VOID InitializeListHead(PLIST_ENTRY ListHead) {
    ListHead->Flink = ListHead;
    ListHead->Blink = ListHead;
}

FORCEINLINE BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead) { return ListHead->Flink == ListHead; }

/* Unlinks Entry; returns TRUE if the list it was on is now empty. */
FORCEINLINE BOOLEAN RemoveEntryList(PLIST_ENTRY Entry) {
    PLIST_ENTRY Next = Entry->Flink;
    PLIST_ENTRY Prev = Entry->Blink;

    Prev->Flink = Next;
    Next->Blink = Prev;
    return Next == Prev;
}

FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead) {
    PLIST_ENTRY Entry = ListHead->Flink;

    RemoveEntryList(Entry);
    return Entry;
}

FORCEINLINE PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead) {
    PLIST_ENTRY Entry = ListHead->Blink;

    RemoveEntryList(Entry);
    return Entry;
}

FORCEINLINE VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
    PLIST_ENTRY Last = ListHead->Blink;

    Entry->Flink = ListHead;
    Entry->Blink = Last;
    Last->Flink = Entry;
    ListHead->Blink = Entry;
}

FORCEINLINE VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
    PLIST_ENTRY First = ListHead->Flink;

    Entry->Flink = First;
    Entry->Blink = ListHead;
    First->Blink = Entry;
    ListHead->Flink = Entry;
}

/*
 * Splices the list that starts at ListToAppend (an element, not a head: the
 * ring it belongs to has no separate head) onto the tail of ListHead.
 */
FORCEINLINE VOID AppendTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListToAppend) {
    PLIST_ENTRY Last = ListHead->Blink;

    Last->Flink = ListToAppend;
    ListHead->Blink = ListToAppend->Blink;
    ListToAppend->Blink->Flink = ListHead;
    ListToAppend->Blink = Last;
}

FORCEINLINE PSINGLE_LIST_ENTRY PopEntryList(PSINGLE_LIST_ENTRY ListHead) {
    PSINGLE_LIST_ENTRY First = ListHead->Next;

    if (First != NULL)
        ListHead->Next = First->Next;
    return First;
}

FORCEINLINE VOID PushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY Entry) {
    Entry->Next = ListHead->Next;
    ListHead->Next = Entry;
}

/* ---- Layout checks (Windows x64) ---------------------------------------- */

_Static_assert(sizeof(CHAR) == 1 && sizeof(WCHAR) == 2, "character sizes");
_Static_assert(sizeof(SHORT) == 2 && sizeof(LONG) == 4 && sizeof(ULONG) == 4, "LONG is 32-bit");
_Static_assert(sizeof(LONGLONG) == 8 && sizeof(ULONGLONG) == 8, "LONGLONG is 64-bit");
_Static_assert(sizeof(BOOLEAN) == 1, "BOOLEAN is a byte");
_Static_assert(sizeof(ULONG_PTR) == 8 && sizeof(SIZE_T) == 8 && sizeof(HANDLE) == 8,
               "pointer-sized types are 64-bit");
_Static_assert(sizeof(NTSTATUS) == 4, "NTSTATUS is a LONG");
_Static_assert(sizeof(LARGE_INTEGER) == 8 && sizeof(ULARGE_INTEGER) == 8, "LARGE_INTEGER");
_Static_assert(__builtin_offsetof(LARGE_INTEGER, HighPart) == 4, "LARGE_INTEGER.HighPart");
_Static_assert(sizeof(UNICODE_STRING) == 16, "UNICODE_STRING size");
_Static_assert(__builtin_offsetof(UNICODE_STRING, MaximumLength) == 2, "UNICODE_STRING.Max");
_Static_assert(__builtin_offsetof(UNICODE_STRING, Buffer) == 8, "UNICODE_STRING.Buffer");
_Static_assert(sizeof(STRING) == 16 && __builtin_offsetof(STRING, Buffer) == 8, "STRING");
_Static_assert(sizeof(OBJECT_ATTRIBUTES) == 48, "OBJECT_ATTRIBUTES size");
_Static_assert(__builtin_offsetof(OBJECT_ATTRIBUTES, RootDirectory) == 8, "OA.RootDirectory");
_Static_assert(__builtin_offsetof(OBJECT_ATTRIBUTES, ObjectName) == 16, "OA.ObjectName");
_Static_assert(__builtin_offsetof(OBJECT_ATTRIBUTES, Attributes) == 24, "OA.Attributes");
_Static_assert(__builtin_offsetof(OBJECT_ATTRIBUTES, SecurityDescriptor) == 32, "OA.SD");
_Static_assert(__builtin_offsetof(OBJECT_ATTRIBUTES, SecurityQualityOfService) == 40, "OA.QoS");
_Static_assert(sizeof(CLIENT_ID) == 16, "CLIENT_ID size");
_Static_assert(sizeof(GUID) == 16 && __builtin_offsetof(GUID, Data4) == 8, "GUID");
_Static_assert(sizeof(LIST_ENTRY) == 16 && sizeof(SINGLE_LIST_ENTRY) == 8, "list entries");
_Static_assert(sizeof(LIST_ENTRY32) == 8 && sizeof(LIST_ENTRY64) == 16, "fixed list entries");

#ifdef __cplusplus
}
#endif

#endif /* NT_NTDEF_H */
