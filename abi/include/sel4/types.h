/*
 * sel4/types.h — all pure ABI types in one include.
 *
 * Pure header: safe for the kernel, user code and host tests.  Pulls in
 * every header that has no inline assembly, no TLS and no user-only code.
 * The generated <sel4/invocation.h> (labels) is pure as well and included
 * here too.
 */
#ifndef SEL4_TYPES_H
#define SEL4_TYPES_H

#include <sel4/arch_types.h>
#include <sel4/bootinfo_types.h>
#include <sel4/config.h>
#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/faults_types.h>
#include <sel4/invocation.h>
#include <sel4/macros.h>
#include <sel4/objecttype.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscall.h>

#endif /* SEL4_TYPES_H */
