/*
 * sel4/objecttype.h — seL4_ObjectType numbers accepted by Untyped_Retype.
 *
 * Pure header.  seL4 numbers object types in three consecutive runs: the
 * generic types, the x86_64 ("mode") types, then the x86 ("arch") types.
 * Types that do not exist in this configuration (IOMMU page tables, VT-x
 * objects) get libsel4's out-of-range sentinel values so that code naming
 * them still compiles but any Retype with them fails with InvalidArgument.
 */
#ifndef SEL4_OBJECTTYPE_H
#define SEL4_OBJECTTYPE_H

#include <sel4/config.h>
#include <sel4/simple_types.h>

enum api_object {
    seL4_UntypedObject = 0,
    seL4_TCBObject,
    seL4_EndpointObject,
    seL4_NotificationObject,
    seL4_CapTableObject,
    seL4_NonArchObjectTypeCount,
};

enum _mode_object {
    seL4_X86_PDPTObject = seL4_NonArchObjectTypeCount,
    seL4_X64_PML4Object,
    seL4_X64_HugePageObject,
    seL4_ModeObjectTypeCount,
};

enum _object {
    seL4_X86_4K = seL4_ModeObjectTypeCount,
    seL4_X86_LargePageObject,
    seL4_X86_PageTableObject,
    seL4_X86_PageDirectoryObject,
    seL4_ObjectTypeCount,
};

/* Not present in this configuration (IOMMU off, VT-x off). */
#define seL4_X86_IOPageTableObject 0xffffff
#define seL4_X86_VCPUObject 0xfffffe
#define seL4_X86_EPTPML4Object 0xfffffd
#define seL4_X86_EPTPDPTObject 0xfffffc
#define seL4_X86_EPTPDObject 0xfffffb
#define seL4_X86_EPTPTObject 0xfffffa

/* Older and alternative spellings kept by libsel4. */
#define seL4_IA32_PDPTObject seL4_X86_PDPTObject
#define seL4_IA32_4K seL4_X86_4K
#define seL4_IA32_LargePage seL4_X86_LargePageObject
#define seL4_IA32_PageTableObject seL4_X86_PageTableObject
#define seL4_IA32_PageDirectoryObject seL4_X86_PageDirectoryObject
#define seL4_X86_HugePageObject seL4_X64_HugePageObject
#define seL4_PageDirectoryObject seL4_X86_PageDirectoryObject
#define seL4_PageTableObject seL4_X86_PageTableObject

typedef enum api_object api_object_t;
typedef enum _object seL4_ArchObjectType;
typedef enum _mode_object seL4_seL4ArchObjectType;
typedef seL4_Word seL4_ObjectType;

_Static_assert(seL4_X86_PDPTObject == 5, "object type numbering");
_Static_assert(seL4_X86_4K == 8, "object type numbering");
_Static_assert(seL4_ObjectTypeCount == 12, "object type numbering");

#endif /* SEL4_OBJECTTYPE_H */
