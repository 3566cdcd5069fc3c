/*
 * sel4/sel4.h — the whole user-side seL4 API (libsel4-compatible).
 *
 * USER-ONLY umbrella: pure types, IPC-buffer access, syscalls and the
 * generated object-invocation stubs.  The kernel includes sel4/types.h (or
 * the individual pure headers) instead.
 */
#ifndef SEL4_SEL4_H
#define SEL4_SEL4_H

#include <sel4/arch_constants.h>
#include <sel4/client.h>
#include <sel4/fault.h>
#include <sel4/functions.h>
#include <sel4/invocation_names.h>
#include <sel4/syscalls.h>
#include <sel4/types.h>

#endif /* SEL4_SEL4_H */
