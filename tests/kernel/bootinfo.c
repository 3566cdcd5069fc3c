/*
 * bootinfo.c — BOOTINFO tests: what the kernel hands the root task
 * (reference §7): the fixed bootinfo fields, the order of the slot regions,
 * where the IPC buffer / bootinfo / extra bootinfo frames sit relative to
 * the image, the untyped list, the initial paging caps and the extra
 * bootinfo chunks.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

/* Bounds of our own image (lib/sel4rt/roottask.ld). */
extern char __sel4rt_image_start[], __sel4rt_image_end[];

static int test_fixed_fields(struct kt_env *env) {
    seL4_BootInfo *bi = env->bi;

    KT_CHECK_EQ(bi->nodeID, 0);
    KT_CHECK_EQ(bi->numNodes, 1);
    KT_CHECK_EQ(bi->numIOPTLevels, (seL4_Word)-1);
    KT_CHECK_EQ(bi->initThreadCNodeSizeBits, 12);
    KT_CHECK_EQ(bi->initThreadDomain, 0);
    KT_CHECK_EQ(bi->sharedFrames.start, 0);
    KT_CHECK_EQ(bi->sharedFrames.end, 0);
    KT_CHECK_EQ(bi->ioSpaceCaps.start, 0);
    KT_CHECK_EQ(bi->ioSpaceCaps.end, 0);
    return kt_result();
}

static int test_region_order(struct kt_env *env) {
    seL4_BootInfo *bi = env->bi;

    KT_CHECK_EQ(bi->userImagePaging.start, seL4_NumInitialCaps);
    KT_CHECK(bi->userImagePaging.end > bi->userImagePaging.start);
    KT_CHECK_EQ(bi->extraBIPages.start, bi->userImagePaging.end);
    KT_CHECK(bi->extraBIPages.end > bi->extraBIPages.start);
    KT_CHECK_EQ(bi->userImageFrames.start, bi->extraBIPages.end);
    KT_CHECK_EQ(bi->untyped.start, bi->userImageFrames.end);
    KT_CHECK(bi->untyped.end > bi->untyped.start);
    KT_CHECK(bi->untyped.end - bi->untyped.start <= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    KT_CHECK_EQ(bi->empty.start, bi->untyped.end);
    KT_CHECK_EQ(bi->empty.end, 1ul << bi->initThreadCNodeSizeBits);
    return kt_result();
}

static int test_image_layout(struct kt_env *env) {
    seL4_BootInfo *bi = env->bi;
    seL4_Word v_start = (seL4_Word)__sel4rt_image_start;
    seL4_Word v_end = (seL4_Word)__sel4rt_image_end;
    seL4_Word frames = bi->userImageFrames.end - bi->userImageFrames.start;

    KT_CHECK_EQ(v_end & 0xfff, 0);
    KT_CHECK_EQ((seL4_Word)bi->ipcBuffer, v_end);
    KT_CHECK_EQ((seL4_Word)bi, v_end + 0x1000);
    KT_CHECK_EQ(frames, (v_end - v_start) >> 12);
    return kt_result();
}

static int test_frame_caps(struct kt_env *env) {
    seL4_BootInfo *bi = env->bi;
    seL4_X86_Page_GetAddress_t a, b;
    seL4_CPtr s;

    for (s = bi->userImageFrames.start; s < bi->userImageFrames.end; s++) {
        if (!KT_CHECK_EQ(seL4_DebugCapIdentify(s), KT_CAP_FRAME))
            break;
    }
    for (s = bi->extraBIPages.start; s < bi->extraBIPages.end; s++) {
        if (!KT_CHECK_EQ(seL4_DebugCapIdentify(s), KT_CAP_FRAME))
            break;
    }
    /* Slot 10 is the IPC buffer frame; slot 9 the bootinfo frame.  Both
     * are distinct from every image frame; bootinfo is one page. */
    a = seL4_X86_Page_GetAddress(seL4_CapInitThreadIPCBuffer);
    b = seL4_X86_Page_GetAddress(seL4_CapBootInfoFrame);
    KT_CHECK_ERR(a.error, seL4_NoError);
    KT_CHECK_ERR(b.error, seL4_NoError);
    KT_CHECK(a.paddr != b.paddr);
    KT_CHECK_EQ(a.paddr & 0xfff, 0);
    KT_CHECK_EQ(b.paddr & 0xfff, 0);
    return kt_result();
}

static int test_untyped_list(struct kt_env *env) {
    seL4_BootInfo *bi = env->bi;
    seL4_Word n = bi->untyped.end - bi->untyped.start, i;
    seL4_Word ram = 0;

    for (i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];

        if (!KT_CHECK_EQ(seL4_DebugCapIdentify(bi->untyped.start + i), KT_CAP_UNTYPED))
            break;
        KT_CHECK(d->sizeBits >= seL4_MinUntypedBits && d->sizeBits <= seL4_MaxUntypedBits);
        KT_CHECK(d->isDevice == 0 || d->isDevice == 1);
        KT_CHECK(d->paddr + (1ul << d->sizeBits) <= (1ul << 47));
        if (!d->isDevice) {
            /* RAM untypeds are aligned to their size (§14). */
            KT_CHECK_EQ(d->paddr & ((1ul << d->sizeBits) - 1), 0);
            ram += 1ul << d->sizeBits;
        }
    }
    /* QEMU runs with 512 MiB: most of it must be handed out. */
    KT_CHECK(ram >= 256ul << 20);
    return kt_result();
}

static int test_paging_caps(struct kt_env *env) {
    seL4_BootInfo *bi = env->bi;
    seL4_CPtr s = bi->userImagePaging.start;
    seL4_Word tag, last = KT_CAP_PDPT;
    /* Order: PDPTs, then PDs, then PTs. */
    static const seL4_Word rank[32] = {
        [KT_CAP_PDPT] = 1,
        [KT_CAP_PAGE_DIRECTORY] = 2,
        [KT_CAP_PAGE_TABLE] = 3,
    };

    KT_CHECK_EQ(seL4_DebugCapIdentify(s), KT_CAP_PDPT);
    for (; s < bi->userImagePaging.end; s++) {
        tag = seL4_DebugCapIdentify(s);
        if (!KT_CHECK(tag < 32 && rank[tag] != 0))
            break;
        KT_CHECK(rank[tag] >= rank[last]);
        last = tag;
    }
    KT_CHECK_EQ(last, KT_CAP_PAGE_TABLE);
    return kt_result();
}

/* Walk the extra bootinfo chunks; record which ids were seen. */
static int test_extra_bootinfo(struct kt_env *env) {
    seL4_BootInfo *bi = env->bi;
    const unsigned char *extra = (const unsigned char *)bi + 4096;
    seL4_Word off = 0, pages, bytes = 4096;
    seL4_BootInfoHeader h;
    bool rsdp = false, mmap = false, tsc = false;
    uint32_t mhz;

    while (off < bi->extraLen) {
        memcpy(&h, extra + off, sizeof(h));
        if (!KT_CHECK(h.len >= sizeof(h)))
            break;
        switch (h.id) {
        case SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP:
            rsdp = true;
            KT_CHECK_EQ(h.len, 52);
            KT_CHECK(memcmp(extra + off + sizeof(h), "RSD PTR ", 8) == 0);
            break;
        case SEL4_BOOTINFO_HEADER_X86_MBMMAP:
            mmap = true;
            KT_CHECK_EQ(h.len, 1220);
            break;
        case SEL4_BOOTINFO_HEADER_X86_TSC_FREQ:
            tsc = true;
            KT_CHECK_EQ(h.len, 20);
            memcpy(&mhz, extra + off + sizeof(h), sizeof(mhz));
            KT_CHECK(mhz > 0);
            break;
        default:
            break;
        }
        off += h.len;
    }
    KT_CHECK_EQ(off, bi->extraLen);
    KT_CHECK(rsdp);
    KT_CHECK(mmap);
    KT_CHECK(tsc);
    /* Region size: smallest power of two >= extraLen, at least a page. */
    while (bytes < bi->extraLen)
        bytes <<= 1;
    pages = bi->extraBIPages.end - bi->extraBIPages.start;
    KT_CHECK_EQ(pages, bytes >> 12);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"BOOTINFO0001", "fixed bootinfo fields", test_fixed_fields},
    {"BOOTINFO0002", "slot regions in order", test_region_order},
    {"BOOTINFO0003", "IPC buffer and bootinfo follow the image", test_image_layout},
    {"BOOTINFO0004", "image and extra bootinfo frame caps", test_frame_caps},
    {"BOOTINFO0005", "untyped list matches the untyped caps", test_untyped_list},
    {"BOOTINFO0006", "initial paging caps: PDPTs, PDs, PTs", test_paging_caps},
    {"BOOTINFO0007", "extra bootinfo chunks (RSDP, mmap, TSC)", test_extra_bootinfo},
};

const struct kt_group kt_group_bootinfo = {"bootinfo", tests, KT_ARRAY_SIZE(tests)};
