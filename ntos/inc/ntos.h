/*
 * ntos.h — what every part of the NT Executive includes.
 *
 * The executive is the kernel's root task (see docs/executive.md): NT types
 * and status codes from include/nt, the seL4 interface from abi/, and the
 * cross-component headers of ntos/inc.  Component-private declarations live
 * in each component's own header (mi.h, obp.h, ...).
 */
#pragma once

#include <nt/ntdef.h>
#include <nt/ntstatus.h>
#include <sel4/sel4.h>

#include "ke.h"
#include "ex.h"
#include "mm.h"
#include "ldr.h"
#include "ps.h"
#include "io.h"
