/*
 * cpio.c — reading the boot archive, a cpio "newc" archive.
 *
 * Each member is a 110-byte ASCII header ("070701" and thirteen 8-digit
 * hex fields), the NUL-terminated name padded to a multiple of 4, then the
 * data padded to a multiple of 4; a member named "TRAILER!!!" ends the
 * archive.  Every length is checked against the archive's size, so a
 * damaged archive is reported (STATUS_INVALID_IMAGE_FORMAT), never read
 * beyond.  Pure code: host-tested in tests/host/ntos/test_cpio.c.
 */
#include "../inc/ntos.h"

#define CPIO_HEADER 110

static BOOLEAN LdrpHex8(const UCHAR *p, ULONG *Value)
{
    ULONG v = 0;
    for (int i = 0; i < 8; i++) {
        UCHAR c = p[i];
        ULONG d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return FALSE;
        v = (v << 4) | d;
    }
    *Value = v;
    return TRUE;
}

static SIZE_T LdrpAlign4(SIZE_T v) { return (v + 3) & ~(SIZE_T)3; }

NTSTATUS LdrCpioNext(const UCHAR *Archive, SIZE_T Size, SIZE_T *Offset, CPIO_FILE *File)
{
    SIZE_T off = *Offset;
    if (off > Size || Size - off < CPIO_HEADER)
        return STATUS_INVALID_IMAGE_FORMAT;
    const UCHAR *h = Archive + off;
    static const char magic[6] = { '0', '7', '0', '7', '0', '1' };
    for (int i = 0; i < 6; i++)
        if (h[i] != (UCHAR)magic[i])
            return STATUS_INVALID_IMAGE_FORMAT;
    ULONG f[13];
    for (int i = 0; i < 13; i++)
        if (!LdrpHex8(h + 6 + 8 * i, &f[i]))
            return STATUS_INVALID_IMAGE_FORMAT;
    ULONG mode = f[1], filesize = f[6], namesize = f[11];
    if (namesize == 0 || namesize > Size - off - CPIO_HEADER)
        return STATUS_INVALID_IMAGE_FORMAT;
    const char *name = (const char *)h + CPIO_HEADER;
    if (name[namesize - 1] != 0)
        return STATUS_INVALID_IMAGE_FORMAT;
    SIZE_T data = LdrpAlign4(off + CPIO_HEADER + namesize);
    if (data > Size || filesize > Size - data)
        return STATUS_INVALID_IMAGE_FORMAT;
    static const char trailer[] = "TRAILER!!!";
    if (namesize == sizeof(trailer)) {
        BOOLEAN same = TRUE;
        for (ULONG i = 0; i < namesize; i++)
            if (name[i] != trailer[i])
                same = FALSE;
        if (same)
            return STATUS_NO_MORE_ENTRIES;
    }
    File->Name = name;
    File->NameLength = namesize - 1;
    File->Mode = mode;
    File->Mtime = f[5];
    File->Data = Archive + data;
    File->Size = filesize;
    *Offset = LdrpAlign4(data + filesize);
    return STATUS_SUCCESS;
}

NTSTATUS LdrCpioFind(const UCHAR *Archive, SIZE_T Size, const char *Name, CPIO_FILE *File)
{
    SIZE_T off = 0, len = 0;
    while (Name[len])
        len++;
    for (;;) {
        NTSTATUS st = LdrCpioNext(Archive, Size, &off, File);
        if (st == STATUS_NO_MORE_ENTRIES)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        if (!NT_SUCCESS(st))
            return st;
        if (File->NameLength != len)
            continue;
        ULONG i = 0;
        while (i < len && File->Name[i] == Name[i])
            i++;
        if (i == len)
            return STATUS_SUCCESS;
    }
}
