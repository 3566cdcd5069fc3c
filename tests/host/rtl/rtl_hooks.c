/*
 * rtl_hooks.c — malloc-backed RtlpAllocateStringMemory/RtlpFreeStringMemory
 * for the host tests, with a leak counter and injected failures.
 */
#include "rtl_hooks.h"

#include <stdlib.h>
#include <string.h>

long rtl_outstanding_allocations;
static int fail_next;

void rtl_fail_allocations(int count) { fail_next = count; }

PVOID NTAPI RtlpAllocateStringMemory(SIZE_T Bytes) {
    void *block;

    if (fail_next > 0) {
        fail_next--;
        return NULL;
    }
    block = malloc(Bytes ? Bytes : 1);
    if (block != NULL)
        rtl_outstanding_allocations++;
    return block;
}

VOID NTAPI RtlpFreeStringMemory(PVOID Buffer) {
    if (Buffer != NULL)
        rtl_outstanding_allocations--;
    free(Buffer);
}

int rtl_wide_equals(const UNICODE_STRING *String, const WCHAR *Expected) {
    size_t length = 0;

    while (Expected[length] != 0)
        length++;
    return String->Length == length * sizeof(WCHAR) &&
           (length == 0 || memcmp(String->Buffer, Expected, String->Length) == 0);
}

const char *rtl_wide_ascii(const UNICODE_STRING *String) {
    static char text[4][512];
    static int next;
    char *out = text[next++ % 4];
    size_t chars = String->Length / sizeof(WCHAR);
    size_t i;

    for (i = 0; i < chars && i < sizeof(text[0]) - 1; i++) {
        WCHAR c = String->Buffer[i];

        out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    out[i] = 0;
    return out;
}
