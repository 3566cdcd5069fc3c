/*
 * rtl_hooks.h — shared helpers for the rtl host tests.
 *
 * rtl_hooks.c defines rtl's allocation hooks on top of malloc and counts the
 * blocks outstanding, so a test can check that what rtl allocated was given
 * back.  rtl_fail_allocations makes the next N allocations fail (NULL), to
 * test the STATUS_NO_MEMORY paths.  WSTR() builds a UNICODE_STRING from a
 * u"" literal (which is UTF-16 on every compiler, unlike L"").
 */
#ifndef TESTS_HOST_RTL_HOOKS_H
#define TESTS_HOST_RTL_HOOKS_H

#include "nt/ntrtl.h"

extern long rtl_outstanding_allocations;
void rtl_fail_allocations(int count);

#define WSTR(literal) ((UNICODE_STRING)RTL_CONSTANT_STRING(literal))
#define ASTR(literal) ((ANSI_STRING)RTL_CONSTANT_STRING(literal))

/* Compares a counted Unicode string with a u"" literal (exact length). */
int rtl_wide_equals(const UNICODE_STRING *String, const WCHAR *Expected);
/* Renders a counted Unicode string as ASCII for failure messages ('?' above 0x7e). */
const char *rtl_wide_ascii(const UNICODE_STRING *String);

#endif
