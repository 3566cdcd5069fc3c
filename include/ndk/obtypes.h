/*
 * ndk/obtypes.h — the object manager as user mode sees it: access rights of
 * directory and symbolic-link objects, the NtDuplicateObject options, the
 * NtQueryObject information classes and the structures they return, and the
 * directory enumeration record of NtQueryDirectoryObject.
 *
 * Layouts are Windows x64's (the same in every release since XP for these
 * structures); each is pinned below.  Variable-length results
 * (OBJECT_NAME_INFORMATION, OBJECT_TYPE_INFORMATION,
 * OBJECT_DIRECTORY_INFORMATION) are a fixed header whose UNICODE_STRINGs
 * point into the same caller buffer, after the header.
 */
#ifndef NDK_OBTYPES_H
#define NDK_OBTYPES_H

#include <nt/ntdef.h>

/* Object directory rights. */
#define DIRECTORY_QUERY 0x0001
#define DIRECTORY_TRAVERSE 0x0002
#define DIRECTORY_CREATE_OBJECT 0x0004
#define DIRECTORY_CREATE_SUBDIRECTORY 0x0008
#define DIRECTORY_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x000f)

/* Symbolic link rights.  SYMBOLIC_LINK_SET is Windows 10's addition. */
#define SYMBOLIC_LINK_QUERY 0x0001
#define SYMBOLIC_LINK_SET 0x0002
#define SYMBOLIC_LINK_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x0001)
#define SYMBOLIC_LINK_ALL_ACCESS_EX (STANDARD_RIGHTS_REQUIRED | SPECIFIC_RIGHTS_ALL)

/* NtDuplicateObject Options. */
#define DUPLICATE_CLOSE_SOURCE 0x00000001
#define DUPLICATE_SAME_ACCESS 0x00000002
#define DUPLICATE_SAME_ATTRIBUTES 0x00000004

/* Handle flags (OBJECT_HANDLE_FLAG_INFORMATION, and the low bits of
 * OBJECT_BASIC_INFORMATION.Attributes as OBJ_INHERIT/OBJ_PROTECT_CLOSE). */
#define HANDLE_FLAG_INHERIT 0x00000001
#define HANDLE_FLAG_PROTECT_FROM_CLOSE 0x00000002

typedef enum _OBJECT_INFORMATION_CLASS {
    ObjectBasicInformation = 0,
    ObjectNameInformation = 1,
    ObjectTypeInformation = 2,
    ObjectTypesInformation = 3,
    ObjectHandleFlagInformation = 4,
    ObjectSessionInformation = 5,
    ObjectSessionObjectInformation = 6,
    MaxObjectInfoClass
} OBJECT_INFORMATION_CLASS;

typedef struct _OBJECT_BASIC_INFORMATION {
    ULONG Attributes;          /* OBJ_INHERIT, OBJ_PERMANENT, ... of this handle/object */
    ACCESS_MASK GrantedAccess; /* of this handle */
    ULONG HandleCount;
    ULONG PointerCount;
    ULONG PagedPoolCharge;
    ULONG NonPagedPoolCharge;
    ULONG Reserved[3];
    ULONG NameInfoSize;
    ULONG TypeInfoSize;
    ULONG SecurityDescriptorSize;
    LARGE_INTEGER CreationTime; /* symbolic links only; zero otherwise */
} OBJECT_BASIC_INFORMATION, *POBJECT_BASIC_INFORMATION;

typedef struct _OBJECT_NAME_INFORMATION {
    UNICODE_STRING Name; /* Buffer points just past this structure */
} OBJECT_NAME_INFORMATION, *POBJECT_NAME_INFORMATION;

typedef struct _OBJECT_TYPE_INFORMATION {
    UNICODE_STRING TypeName;
    ULONG TotalNumberOfObjects;
    ULONG TotalNumberOfHandles;
    ULONG TotalPagedPoolUsage;
    ULONG TotalNonPagedPoolUsage;
    ULONG TotalNamePoolUsage;
    ULONG TotalHandleTableUsage;
    ULONG HighWaterNumberOfObjects;
    ULONG HighWaterNumberOfHandles;
    ULONG HighWaterPagedPoolUsage;
    ULONG HighWaterNonPagedPoolUsage;
    ULONG HighWaterNamePoolUsage;
    ULONG HighWaterHandleTableUsage;
    ULONG InvalidAttributes;
    GENERIC_MAPPING GenericMapping;
    ULONG ValidAccessMask;
    BOOLEAN SecurityRequired;
    BOOLEAN MaintainHandleCount;
    UCHAR TypeIndex;
    CHAR ReservedByte;
    ULONG PoolType;
    ULONG DefaultPagedPoolCharge;
    ULONG DefaultNonPagedPoolCharge;
} OBJECT_TYPE_INFORMATION, *POBJECT_TYPE_INFORMATION;

/* ObjectTypesInformation: this header, then one aligned
 * OBJECT_TYPE_INFORMATION (plus its name) per type. */
typedef struct _OBJECT_TYPES_INFORMATION {
    ULONG NumberOfTypes;
} OBJECT_TYPES_INFORMATION, *POBJECT_TYPES_INFORMATION;

typedef struct _OBJECT_HANDLE_FLAG_INFORMATION {
    BOOLEAN Inherit;
    BOOLEAN ProtectFromClose;
} OBJECT_HANDLE_FLAG_INFORMATION, *POBJECT_HANDLE_FLAG_INFORMATION;

/*
 * NtQueryDirectoryObject fills an array of these, ended by an all-zero
 * entry, with the names after the array in the same buffer.
 */
typedef struct _OBJECT_DIRECTORY_INFORMATION {
    UNICODE_STRING Name;
    UNICODE_STRING TypeName;
} OBJECT_DIRECTORY_INFORMATION, *POBJECT_DIRECTORY_INFORMATION;

_Static_assert(sizeof(OBJECT_BASIC_INFORMATION) == 0x38, "OBJECT_BASIC_INFORMATION size");
_Static_assert(__builtin_offsetof(OBJECT_BASIC_INFORMATION, GrantedAccess) == 0x04, "OBI");
_Static_assert(__builtin_offsetof(OBJECT_BASIC_INFORMATION, HandleCount) == 0x08, "OBI");
_Static_assert(__builtin_offsetof(OBJECT_BASIC_INFORMATION, PointerCount) == 0x0c, "OBI");
_Static_assert(__builtin_offsetof(OBJECT_BASIC_INFORMATION, NameInfoSize) == 0x24, "OBI");
_Static_assert(__builtin_offsetof(OBJECT_BASIC_INFORMATION, CreationTime) == 0x30, "OBI");
_Static_assert(sizeof(OBJECT_NAME_INFORMATION) == 0x10, "OBJECT_NAME_INFORMATION size");
_Static_assert(sizeof(OBJECT_TYPE_INFORMATION) == 0x68, "OBJECT_TYPE_INFORMATION size");
_Static_assert(__builtin_offsetof(OBJECT_TYPE_INFORMATION, TotalNumberOfObjects) == 0x10, "OTI");
_Static_assert(__builtin_offsetof(OBJECT_TYPE_INFORMATION, InvalidAttributes) == 0x40, "OTI");
_Static_assert(__builtin_offsetof(OBJECT_TYPE_INFORMATION, GenericMapping) == 0x44, "OTI");
_Static_assert(__builtin_offsetof(OBJECT_TYPE_INFORMATION, ValidAccessMask) == 0x54, "OTI");
_Static_assert(__builtin_offsetof(OBJECT_TYPE_INFORMATION, TypeIndex) == 0x5a, "OTI");
_Static_assert(__builtin_offsetof(OBJECT_TYPE_INFORMATION, PoolType) == 0x5c, "OTI");
_Static_assert(sizeof(OBJECT_HANDLE_FLAG_INFORMATION) == 2, "OHFI size");
_Static_assert(sizeof(OBJECT_DIRECTORY_INFORMATION) == 0x20, "ODI size");

#endif /* NDK_OBTYPES_H */
