/*
 * display.c — NtDisplayString: text to the boot console (the kernel's
 * serial debug output).  UTF-16 is converted to UTF-8.
 */
#include "../inc/ntos.h"
#include <sel4rt/sel4rt.h>

NTSTATUS NtDisplayString(PETHREAD Thread, PUNICODE_STRING String)
{
    (void)Thread;
    for (ULONG i = 0; i < String->Length / sizeof(WCHAR); i++) {
        ULONG c = String->Buffer[i];
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < String->Length / sizeof(WCHAR)) {
            ULONG lo = String->Buffer[i + 1];
            if (lo >= 0xdc00 && lo < 0xe000) {
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                i++;
            }
        }
        if (c < 0x80) {
            putchar((int)c);
        } else if (c < 0x800) {
            putchar((int)(0xc0 | (c >> 6)));
            putchar((int)(0x80 | (c & 0x3f)));
        } else if (c < 0x10000) {
            putchar((int)(0xe0 | (c >> 12)));
            putchar((int)(0x80 | ((c >> 6) & 0x3f)));
            putchar((int)(0x80 | (c & 0x3f)));
        } else {
            putchar((int)(0xf0 | (c >> 18)));
            putchar((int)(0x80 | ((c >> 12) & 0x3f)));
            putchar((int)(0x80 | ((c >> 6) & 0x3f)));
            putchar((int)(0x80 | (c & 0x3f)));
        }
    }
    return STATUS_SUCCESS;
}
