/*
 * sel4/shared_types.h — the one-word bitfield types of the seL4 ABI.
 *
 * Pure header.  seL4_MessageInfo_t (the message tag in RSI), seL4_CapRights_t
 * (the rights word of CNode_Copy/Mint and Page_Map) and seL4_CNode_CapData_t
 * (the guard word of a CNode cap) are each a struct holding one 64-bit word,
 * so that they cannot be confused with plain words.  For every field there
 * are four accessors with libsel4's names:
 *
 *     T_get_F(v)        value of field F
 *     T_set_F(v, x)     copy of v with F replaced (x is truncated to F's width)
 *     T_ptr_get_F(&v)   as get, through a pointer
 *     T_ptr_set_F(&v,x) in-place set
 *
 * T_new(...) takes the fields from the most significant to the least
 * significant, as libsel4 does; excess bits of an argument are dropped.
 *
 *   seL4_MessageInfo:    label 63..12 | capsUnwrapped 11..9 | extraCaps 8..7 | length 6..0
 *   seL4_CapRights:      grantReply 3 | grant 2 | read 1 | write 0
 *   seL4_CNode_CapData:  guard 63..6 | guardSize 5..0
 */
#ifndef SEL4_SHARED_TYPES_H
#define SEL4_SHARED_TYPES_H

#include <sel4/macros.h>
#include <sel4/simple_types.h>

/* Mask of a `width`-bit field starting at bit `shift` (width < 64). */
#define SEL4_BF_MASK(shift, width) ((((seL4_Uint64)1 << (width)) - 1) << (shift))
#define SEL4_BF_GET(word, shift, width) (((word) >> (shift)) & (((seL4_Uint64)1 << (width)) - 1))
#define SEL4_BF_PUT(value, shift, width)                                                           \
    (((seL4_Uint64)(value) << (shift)) & SEL4_BF_MASK(shift, width))

/* ---- seL4_MessageInfo ---- */
struct seL4_MessageInfo {
    seL4_Uint64 words[1];
};
typedef struct seL4_MessageInfo seL4_MessageInfo_t;

LIBSEL4_INLINE seL4_MessageInfo_t seL4_MessageInfo_new(seL4_Uint64 label, seL4_Uint64 capsUnwrapped,
                                                       seL4_Uint64 extraCaps, seL4_Uint64 length) {
    seL4_MessageInfo_t v;

    v.words[0] = 0 | SEL4_BF_PUT(label, 12, 52) | SEL4_BF_PUT(capsUnwrapped, 9, 3) |
                 SEL4_BF_PUT(extraCaps, 7, 2) | SEL4_BF_PUT(length, 0, 7);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_MessageInfo_get_label(seL4_MessageInfo_t v) {
    return SEL4_BF_GET(v.words[0], 12, 52);
}

LIBSEL4_INLINE seL4_MessageInfo_t seL4_MessageInfo_set_label(seL4_MessageInfo_t v, seL4_Uint64 x) {
    v.words[0] = (v.words[0] & ~SEL4_BF_MASK(12, 52)) | SEL4_BF_PUT(x, 12, 52);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_MessageInfo_ptr_get_label(const seL4_MessageInfo_t *p) {
    return SEL4_BF_GET(p->words[0], 12, 52);
}

LIBSEL4_INLINE void seL4_MessageInfo_ptr_set_label(seL4_MessageInfo_t *p, seL4_Uint64 x) {
    *p = seL4_MessageInfo_set_label(*p, x);
}

LIBSEL4_INLINE seL4_Uint64 seL4_MessageInfo_get_capsUnwrapped(seL4_MessageInfo_t v) {
    return SEL4_BF_GET(v.words[0], 9, 3);
}

LIBSEL4_INLINE seL4_MessageInfo_t seL4_MessageInfo_set_capsUnwrapped(seL4_MessageInfo_t v,
                                                                     seL4_Uint64 x) {
    v.words[0] = (v.words[0] & ~SEL4_BF_MASK(9, 3)) | SEL4_BF_PUT(x, 9, 3);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_MessageInfo_ptr_get_capsUnwrapped(const seL4_MessageInfo_t *p) {
    return SEL4_BF_GET(p->words[0], 9, 3);
}

LIBSEL4_INLINE void seL4_MessageInfo_ptr_set_capsUnwrapped(seL4_MessageInfo_t *p, seL4_Uint64 x) {
    *p = seL4_MessageInfo_set_capsUnwrapped(*p, x);
}

LIBSEL4_INLINE seL4_Uint64 seL4_MessageInfo_get_extraCaps(seL4_MessageInfo_t v) {
    return SEL4_BF_GET(v.words[0], 7, 2);
}

LIBSEL4_INLINE seL4_MessageInfo_t seL4_MessageInfo_set_extraCaps(seL4_MessageInfo_t v,
                                                                 seL4_Uint64 x) {
    v.words[0] = (v.words[0] & ~SEL4_BF_MASK(7, 2)) | SEL4_BF_PUT(x, 7, 2);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_MessageInfo_ptr_get_extraCaps(const seL4_MessageInfo_t *p) {
    return SEL4_BF_GET(p->words[0], 7, 2);
}

LIBSEL4_INLINE void seL4_MessageInfo_ptr_set_extraCaps(seL4_MessageInfo_t *p, seL4_Uint64 x) {
    *p = seL4_MessageInfo_set_extraCaps(*p, x);
}

LIBSEL4_INLINE seL4_Uint64 seL4_MessageInfo_get_length(seL4_MessageInfo_t v) {
    return SEL4_BF_GET(v.words[0], 0, 7);
}

LIBSEL4_INLINE seL4_MessageInfo_t seL4_MessageInfo_set_length(seL4_MessageInfo_t v, seL4_Uint64 x) {
    v.words[0] = (v.words[0] & ~SEL4_BF_MASK(0, 7)) | SEL4_BF_PUT(x, 0, 7);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_MessageInfo_ptr_get_length(const seL4_MessageInfo_t *p) {
    return SEL4_BF_GET(p->words[0], 0, 7);
}

LIBSEL4_INLINE void seL4_MessageInfo_ptr_set_length(seL4_MessageInfo_t *p, seL4_Uint64 x) {
    *p = seL4_MessageInfo_set_length(*p, x);
}

/* ---- seL4_CapRights ---- */
struct seL4_CapRights {
    seL4_Uint64 words[1];
};
typedef struct seL4_CapRights seL4_CapRights_t;

LIBSEL4_INLINE seL4_CapRights_t seL4_CapRights_new(seL4_Uint64 capAllowGrantReply,
                                                   seL4_Uint64 capAllowGrant,
                                                   seL4_Uint64 capAllowRead,
                                                   seL4_Uint64 capAllowWrite) {
    seL4_CapRights_t v;

    v.words[0] = 0 | SEL4_BF_PUT(capAllowGrantReply, 3, 1) | SEL4_BF_PUT(capAllowGrant, 2, 1) |
                 SEL4_BF_PUT(capAllowRead, 1, 1) | SEL4_BF_PUT(capAllowWrite, 0, 1);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_CapRights_get_capAllowGrantReply(seL4_CapRights_t v) {
    return SEL4_BF_GET(v.words[0], 3, 1);
}

LIBSEL4_INLINE seL4_CapRights_t seL4_CapRights_set_capAllowGrantReply(seL4_CapRights_t v,
                                                                      seL4_Uint64 x) {
    v.words[0] = (v.words[0] & ~SEL4_BF_MASK(3, 1)) | SEL4_BF_PUT(x, 3, 1);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_CapRights_ptr_get_capAllowGrantReply(const seL4_CapRights_t *p) {
    return SEL4_BF_GET(p->words[0], 3, 1);
}

LIBSEL4_INLINE void seL4_CapRights_ptr_set_capAllowGrantReply(seL4_CapRights_t *p, seL4_Uint64 x) {
    *p = seL4_CapRights_set_capAllowGrantReply(*p, x);
}

LIBSEL4_INLINE seL4_Uint64 seL4_CapRights_get_capAllowGrant(seL4_CapRights_t v) {
    return SEL4_BF_GET(v.words[0], 2, 1);
}

LIBSEL4_INLINE seL4_CapRights_t seL4_CapRights_set_capAllowGrant(seL4_CapRights_t v,
                                                                 seL4_Uint64 x) {
    v.words[0] = (v.words[0] & ~SEL4_BF_MASK(2, 1)) | SEL4_BF_PUT(x, 2, 1);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_CapRights_ptr_get_capAllowGrant(const seL4_CapRights_t *p) {
    return SEL4_BF_GET(p->words[0], 2, 1);
}

LIBSEL4_INLINE void seL4_CapRights_ptr_set_capAllowGrant(seL4_CapRights_t *p, seL4_Uint64 x) {
    *p = seL4_CapRights_set_capAllowGrant(*p, x);
}

LIBSEL4_INLINE seL4_Uint64 seL4_CapRights_get_capAllowRead(seL4_CapRights_t v) {
    return SEL4_BF_GET(v.words[0], 1, 1);
}

LIBSEL4_INLINE seL4_CapRights_t seL4_CapRights_set_capAllowRead(seL4_CapRights_t v, seL4_Uint64 x) {
    v.words[0] = (v.words[0] & ~SEL4_BF_MASK(1, 1)) | SEL4_BF_PUT(x, 1, 1);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_CapRights_ptr_get_capAllowRead(const seL4_CapRights_t *p) {
    return SEL4_BF_GET(p->words[0], 1, 1);
}

LIBSEL4_INLINE void seL4_CapRights_ptr_set_capAllowRead(seL4_CapRights_t *p, seL4_Uint64 x) {
    *p = seL4_CapRights_set_capAllowRead(*p, x);
}

LIBSEL4_INLINE seL4_Uint64 seL4_CapRights_get_capAllowWrite(seL4_CapRights_t v) {
    return SEL4_BF_GET(v.words[0], 0, 1);
}

LIBSEL4_INLINE seL4_CapRights_t seL4_CapRights_set_capAllowWrite(seL4_CapRights_t v,
                                                                 seL4_Uint64 x) {
    v.words[0] = (v.words[0] & ~SEL4_BF_MASK(0, 1)) | SEL4_BF_PUT(x, 0, 1);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_CapRights_ptr_get_capAllowWrite(const seL4_CapRights_t *p) {
    return SEL4_BF_GET(p->words[0], 0, 1);
}

LIBSEL4_INLINE void seL4_CapRights_ptr_set_capAllowWrite(seL4_CapRights_t *p, seL4_Uint64 x) {
    *p = seL4_CapRights_set_capAllowWrite(*p, x);
}

/* ---- seL4_CNode_CapData ---- */
struct seL4_CNode_CapData {
    seL4_Uint64 words[1];
};
typedef struct seL4_CNode_CapData seL4_CNode_CapData_t;

LIBSEL4_INLINE seL4_CNode_CapData_t seL4_CNode_CapData_new(seL4_Uint64 guard,
                                                           seL4_Uint64 guardSize) {
    seL4_CNode_CapData_t v;

    v.words[0] = 0 | SEL4_BF_PUT(guard, 6, 58) | SEL4_BF_PUT(guardSize, 0, 6);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_CNode_CapData_get_guard(seL4_CNode_CapData_t v) {
    return SEL4_BF_GET(v.words[0], 6, 58);
}

LIBSEL4_INLINE seL4_CNode_CapData_t seL4_CNode_CapData_set_guard(seL4_CNode_CapData_t v,
                                                                 seL4_Uint64 x) {
    v.words[0] = (v.words[0] & ~SEL4_BF_MASK(6, 58)) | SEL4_BF_PUT(x, 6, 58);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_CNode_CapData_ptr_get_guard(const seL4_CNode_CapData_t *p) {
    return SEL4_BF_GET(p->words[0], 6, 58);
}

LIBSEL4_INLINE void seL4_CNode_CapData_ptr_set_guard(seL4_CNode_CapData_t *p, seL4_Uint64 x) {
    *p = seL4_CNode_CapData_set_guard(*p, x);
}

LIBSEL4_INLINE seL4_Uint64 seL4_CNode_CapData_get_guardSize(seL4_CNode_CapData_t v) {
    return SEL4_BF_GET(v.words[0], 0, 6);
}

LIBSEL4_INLINE seL4_CNode_CapData_t seL4_CNode_CapData_set_guardSize(seL4_CNode_CapData_t v,
                                                                     seL4_Uint64 x) {
    v.words[0] = (v.words[0] & ~SEL4_BF_MASK(0, 6)) | SEL4_BF_PUT(x, 0, 6);
    return v;
}

LIBSEL4_INLINE seL4_Uint64 seL4_CNode_CapData_ptr_get_guardSize(const seL4_CNode_CapData_t *p) {
    return SEL4_BF_GET(p->words[0], 0, 6);
}

LIBSEL4_INLINE void seL4_CNode_CapData_ptr_set_guardSize(seL4_CNode_CapData_t *p, seL4_Uint64 x) {
    *p = seL4_CNode_CapData_set_guardSize(*p, x);
}

/* Rights constants, as libsel4 spells them (struct values, not words). */
#define seL4_AllRights seL4_CapRights_new(1, 1, 1, 1)
#define seL4_CanRead seL4_CapRights_new(0, 0, 1, 0)
#define seL4_CanWrite seL4_CapRights_new(0, 0, 0, 1)
#define seL4_CanGrant seL4_CapRights_new(0, 1, 0, 0)
#define seL4_CanGrantReply seL4_CapRights_new(1, 0, 0, 0)
#define seL4_NoWrite seL4_CapRights_new(1, 1, 1, 0)
#define seL4_NoRead seL4_CapRights_new(1, 1, 0, 1)
#define seL4_NoRights seL4_CapRights_new(0, 0, 0, 0)
#define seL4_ReadWrite seL4_CapRights_new(0, 0, 1, 1)

/* Plain-word values of the same constants (handy in the kernel and tests). */
#define seL4_AllRightsWord 0xful
#define seL4_ReadWriteWord 0x3ul

SEL4_SIZE_ASSERT(seL4_MessageInfo_t, 8);
SEL4_SIZE_ASSERT(seL4_CapRights_t, 8);
SEL4_SIZE_ASSERT(seL4_CNode_CapData_t, 8);

#endif /* SEL4_SHARED_TYPES_H */
