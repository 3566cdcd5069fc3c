/*
 * sel4/simple_types.h — the scalar types of the seL4 ABI (x86_64, LP64).
 *
 * Pure header: usable by the kernel (freestanding, no libc), by root tasks
 * and by host unit tests.  The types are defined from the compiler's basic
 * types rather than <stdint.h> so that nothing here depends on a C library.
 * seL4_Word is `unsigned long` on x86_64, as in libsel4, which matters for
 * printf formats (SEL4_PRIx_word) and for C++/_Generic users.
 *
 * The capability "typedefs" (seL4_CNode, seL4_TCB, ...) are all seL4_CPtr;
 * they exist so that the generated invocation stubs (client.h) carry the same
 * signatures as libsel4's.
 */
#ifndef SEL4_SIMPLE_TYPES_H
#define SEL4_SIMPLE_TYPES_H

typedef signed char seL4_Int8;
typedef signed short seL4_Int16;
typedef signed int seL4_Int32;
typedef signed long seL4_Int64;
typedef unsigned char seL4_Uint8;
typedef unsigned short seL4_Uint16;
typedef unsigned int seL4_Uint32;
typedef unsigned long seL4_Uint64;

typedef seL4_Int8 seL4_Bool;
typedef seL4_Uint64 seL4_Word;
typedef seL4_Int64 seL4_SWord;
typedef seL4_Word seL4_CPtr;
typedef seL4_Word seL4_NodeId;
typedef seL4_Word seL4_PAddr;
typedef seL4_Word seL4_Domain;
typedef seL4_Uint64 seL4_Time;

#define seL4_True 1
#define seL4_False 0
#define seL4_Null ((void *)0)

#define SEL4_WORD_IS_UINT64 1
#define _seL4_word_fmt l
#define SEL4_PRId_word "ld"
#define SEL4_PRIi_word "li"
#define SEL4_PRIu_word "lu"
#define SEL4_PRIx_word "lx"
#define SEL4_PRIo_word "lo"

/* Generic object capabilities. */
typedef seL4_CPtr seL4_CNode;
typedef seL4_CPtr seL4_IRQHandler;
typedef seL4_CPtr seL4_IRQControl;
typedef seL4_CPtr seL4_TCB;
typedef seL4_CPtr seL4_Untyped;
typedef seL4_CPtr seL4_DomainSet;
typedef seL4_CPtr seL4_SchedContext;
typedef seL4_CPtr seL4_SchedControl;

/* x86 / x86_64 object capabilities. */
typedef seL4_CPtr seL4_X86_ASIDControl;
typedef seL4_CPtr seL4_X86_ASIDPool;
typedef seL4_CPtr seL4_X86_IOSpace;
typedef seL4_CPtr seL4_X86_IOPort;
typedef seL4_CPtr seL4_X86_IOPortControl;
typedef seL4_CPtr seL4_X86_Page;
typedef seL4_CPtr seL4_X86_PDPT;
typedef seL4_CPtr seL4_X86_PageDirectory;
typedef seL4_CPtr seL4_X86_PageTable;
typedef seL4_CPtr seL4_X86_IOPageTable;
typedef seL4_CPtr seL4_X86_EPTPML4;
typedef seL4_CPtr seL4_X86_EPTPDPT;
typedef seL4_CPtr seL4_X86_EPTPD;
typedef seL4_CPtr seL4_X86_EPTPT;
typedef seL4_CPtr seL4_X86_VCPU;
typedef seL4_CPtr seL4_X64_PML4;

_Static_assert(sizeof(seL4_Word) == 8, "x86_64 ABI: 64-bit words");
_Static_assert(sizeof(seL4_Uint32) == 4, "seL4_Uint32 width");
_Static_assert(sizeof(seL4_Uint16) == 2, "seL4_Uint16 width");
_Static_assert(sizeof(void *) == 8, "x86_64 ABI: 64-bit pointers");

#endif /* SEL4_SIMPLE_TYPES_H */
