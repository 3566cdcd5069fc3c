/*
 * bootarch.c — finding the boot archive.
 *
 * On our kernel the archive is the second boot module, which the kernel
 * maps into the root task and describes by an extra-bootinfo chunk
 * (SEL4_BOOTINFO_HEADER_NEPTUNE_MODULE; see docs/kernel.md).  Upstream
 * seL4 does not pass further modules; the executive then reports that it
 * has no archive (linking one into the image is the planned fallback).
 */
#include "../inc/ntos.h"
#include <sel4rt/sel4rt.h>

const UCHAR *LdrpBootArchive;
SIZE_T LdrpBootArchiveSize;
char LdrpBootCommandLine[512]; /* the archive module's command line */

NTSTATUS LdrInitializeBootArchive(VOID)
{
    seL4_BootInfo *bi = rt_bootinfo();
    const UCHAR *extra = (const UCHAR *)bi + 4096;
    for (seL4_Word off = 0; off + sizeof(seL4_BootInfoHeader) <= bi->extraLen;) {
        seL4_BootInfoHeader h;
        for (ULONG i = 0; i < sizeof(h); i++)
            ((UCHAR *)&h)[i] = extra[off + i];
        if (h.len < sizeof(h))
            break;
        if (h.id == SEL4_BOOTINFO_HEADER_NEPTUNE_MODULE) {
            const seL4_NeptuneBootModule *m = (const void *)(extra + off + sizeof(h));
            LdrpBootArchive = (const UCHAR *)m->vaddr;
            LdrpBootArchiveSize = m->size;
            for (ULONG i = 0; i + 1 < sizeof(LdrpBootCommandLine) && m->cmdline[i]; i++)
                LdrpBootCommandLine[i] = m->cmdline[i];
            DbgTrace(DBG_LDR, "ldr: boot archive at %p, %lu bytes ('%s')\n", (void *)m->vaddr,
                     (unsigned long)m->size, m->cmdline);
            return STATUS_SUCCESS;
        }
        off += h.len;
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}
