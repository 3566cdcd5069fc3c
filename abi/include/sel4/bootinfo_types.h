/*
 * sel4/bootinfo_types.h — what the kernel hands the root task at boot.
 *
 * Pure header.  The kernel fills one 4 KiB frame with seL4_BootInfo and
 * passes its address in RDI.  The root CNode's first 16 slots hold the
 * initial capabilities listed in seL4_RootCNodeCapSlots; the SlotRegions in
 * the bootinfo say where the remaining caps (page tables, frames of the
 * image, untypeds) were placed and which slots are still empty.
 *
 * After the bootinfo frame comes the "extra bootinfo": a packed sequence of
 * chunks, each starting with seL4_BootInfoHeader {id, len} where len
 * includes the header.  Chunks are not aligned; read them with memcpy.
 */
#ifndef SEL4_BOOTINFO_TYPES_H
#define SEL4_BOOTINFO_TYPES_H

#include <sel4/arch_types.h>
#include <sel4/config.h>
#include <sel4/constants.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>

/* Initial capabilities in the root CNode. */
enum seL4_RootCNodeCapSlots {
    seL4_CapNull = 0,
    seL4_CapInitThreadTCB = 1,
    seL4_CapInitThreadCNode = 2,
    seL4_CapInitThreadVSpace = 3,
    seL4_CapIRQControl = 4,
    seL4_CapASIDControl = 5,
    seL4_CapInitThreadASIDPool = 6,
    seL4_CapIOPortControl = 7,
    seL4_CapIOSpace = 8, /* null: IOMMU off */
    seL4_CapBootInfoFrame = 9,
    seL4_CapInitThreadIPCBuffer = 10,
    seL4_CapDomain = 11,
    seL4_CapSMMUSIDControl = 12, /* null on x86 */
    seL4_CapSMMUCBControl = 13,  /* null on x86 */
    seL4_CapInitThreadSC = 14,   /* null: non-MCS */
    seL4_CapSMC = 15,            /* null on x86 */
    seL4_NumInitialCaps = 16,
};
#define seL4_CapInitThreadPD seL4_CapInitThreadVSpace

/* Half-open range [start, end) of CNode slots. */
typedef struct seL4_SlotRegion {
    seL4_Word start;
    seL4_Word end;
} seL4_SlotRegion;

typedef struct seL4_UntypedDesc {
    seL4_Word paddr;
    seL4_Uint8 sizeBits;
    seL4_Uint8 isDevice;
    seL4_Uint8 padding[sizeof(seL4_Word) - 2 * sizeof(seL4_Uint8)];
} seL4_UntypedDesc;

typedef struct seL4_BootInfo {
    seL4_Word extraLen; /* bytes of extra bootinfo */
    seL4_NodeId nodeID;
    seL4_Word numNodes;
    seL4_Word numIOPTLevels; /* (seL4_Word)-1: no IOMMU */
    seL4_IPCBuffer *ipcBuffer;
    seL4_SlotRegion empty;
    seL4_SlotRegion sharedFrames;
    seL4_SlotRegion userImageFrames;
    seL4_SlotRegion userImagePaging;
    seL4_SlotRegion ioSpaceCaps;
    seL4_SlotRegion extraBIPages;
    seL4_Word initThreadCNodeSizeBits;
    seL4_Domain initThreadDomain;
    seL4_SlotRegion untyped;
    seL4_UntypedDesc untypedList[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
} seL4_BootInfo;

/* Extra bootinfo chunks. */
typedef struct seL4_BootInfoHeader {
    seL4_Word id;
    seL4_Word len; /* including this header */
} seL4_BootInfoHeader;

enum {
    SEL4_BOOTINFO_HEADER_PADDING = 0,
    SEL4_BOOTINFO_HEADER_X86_VBE = 1,
    SEL4_BOOTINFO_HEADER_X86_MBMMAP = 2,
    SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP = 3,
    SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER = 4,
    SEL4_BOOTINFO_HEADER_X86_TSC_FREQ = 5,
    SEL4_BOOTINFO_HEADER_FDT = 6,
    SEL4_BOOTINFO_HEADER_NUM,
};

/* VESA BIOS Extensions data copied raw from the multiboot1 loader. */
typedef struct seL4_VBEInfoBlock {
    char signature[4];
    seL4_Uint16 version;
    seL4_Uint32 oemStringPtr;
    seL4_Uint32 capabilities;
    seL4_Uint32 modeListPtr;
    seL4_Uint16 totalMemory;
    seL4_Uint16 oemSoftwareRev;
    seL4_Uint32 oemVendorNamePtr;
    seL4_Uint32 oemProductNamePtr;
    seL4_Uint32 oemProductRevPtr;
    seL4_Uint8 reserved[222];
    seL4_Uint8 oemData[256];
} SEL4_PACKED seL4_VBEInfoBlock_t;

typedef struct seL4_VBEModeInfoBlock {
    seL4_Uint8 raw[256]; /* VESA mode information, uninterpreted */
} SEL4_PACKED seL4_VBEModeInfoBlock_t;

typedef struct seL4_X86_BootInfo_VBE {
    seL4_BootInfoHeader header;
    seL4_VBEInfoBlock_t vbeInfoBlock;
    seL4_VBEModeInfoBlock_t vbeModeInfoBlock;
    seL4_Uint32 vbeMode;
    seL4_Uint32 vbeInterfaceSeg;
    seL4_Uint32 vbeInterfaceOff;
    seL4_Uint32 vbeInterfaceLen;
} SEL4_PACKED seL4_X86_BootInfo_VBE;

/* One raw multiboot1 memory-map entry; type 1 is RAM. */
typedef struct seL4_X86_mb_mmap {
    seL4_Uint32 size;
    seL4_Uint64 base_addr;
    seL4_Uint64 length;
    seL4_Uint32 type;
} SEL4_PACKED seL4_X86_mb_mmap_t;

typedef struct seL4_X86_BootInfo_mmap {
    seL4_BootInfoHeader header;
    seL4_Uint32 mmap_length; /* bytes of valid entries */
    seL4_X86_mb_mmap_t mmap[SEL4_MULTIBOOT_MAX_MMAP_ENTRIES];
} SEL4_PACKED seL4_X86_BootInfo_mmap_t;

/* multiboot2 framebuffer description. */
typedef struct seL4_X86_BootInfo_fb {
    seL4_Uint64 addr;
    seL4_Uint32 pitch;
    seL4_Uint32 width;
    seL4_Uint32 height;
    seL4_Uint8 bpp;
    seL4_Uint8 type;
} SEL4_PACKED seL4_X86_BootInfo_fb_t;

/*
 * ACPI 2.0 RSDP as copied by the kernel (payload of the ACPI_RSDP chunk).
 * libsel4 has no name for this layout; this one is ours.
 */
typedef struct seL4_X86_BootInfo_RSDP {
    char signature[8];
    seL4_Uint8 checksum;
    char oem_id[6];
    seL4_Uint8 revision;
    seL4_Uint32 rsdt_address;
    seL4_Uint32 length;
    seL4_Uint64 xsdt_address;
    seL4_Uint8 extended_checksum;
    seL4_Uint8 reserved[3];
} SEL4_PACKED seL4_X86_BootInfo_RSDP_t;

/*
 * Neptune extension (not in seL4): boot modules after the first.
 *
 * seL4 loads only the first multiboot module (the root task).  Our kernel
 * also copies every further module into fresh frames mapped into the root
 * task, after the extra-bootinfo region, and describes each with one chunk
 * of this id.  The frames' capabilities follow the image frames (the
 * `untyped` region starts after them; bootinfo says where).  Root tasks
 * written for seL4 skip the unknown id; ours fall back to something else
 * when it is absent (running on seL4).
 */
#define SEL4_BOOTINFO_HEADER_NEPTUNE_MODULE 0x4e500001u

typedef struct seL4_NeptuneBootModule {
    seL4_Word vaddr;       /* where the module's bytes are mapped */
    seL4_Word size;        /* its length in bytes */
    seL4_Word firstSlot;   /* slots of its frame caps: [firstSlot, firstSlot + numSlots) */
    seL4_Word numSlots;
    char cmdline[512];     /* the loader's command line for it, NUL-terminated */
} seL4_NeptuneBootModule;

/* Layout pins (reference §7). */
SEL4_SIZE_ASSERT(seL4_SlotRegion, 16);
SEL4_SIZE_ASSERT(seL4_UntypedDesc, 16);
SEL4_OFFSET_ASSERT(seL4_UntypedDesc, sizeBits, 8);
SEL4_OFFSET_ASSERT(seL4_UntypedDesc, isDevice, 9);
SEL4_OFFSET_ASSERT(seL4_BootInfo, extraLen, 0);
SEL4_OFFSET_ASSERT(seL4_BootInfo, nodeID, 8);
SEL4_OFFSET_ASSERT(seL4_BootInfo, numNodes, 16);
SEL4_OFFSET_ASSERT(seL4_BootInfo, numIOPTLevels, 24);
SEL4_OFFSET_ASSERT(seL4_BootInfo, ipcBuffer, 32);
SEL4_OFFSET_ASSERT(seL4_BootInfo, empty, 40);
SEL4_OFFSET_ASSERT(seL4_BootInfo, sharedFrames, 56);
SEL4_OFFSET_ASSERT(seL4_BootInfo, userImageFrames, 72);
SEL4_OFFSET_ASSERT(seL4_BootInfo, userImagePaging, 88);
SEL4_OFFSET_ASSERT(seL4_BootInfo, ioSpaceCaps, 104);
SEL4_OFFSET_ASSERT(seL4_BootInfo, extraBIPages, 120);
SEL4_OFFSET_ASSERT(seL4_BootInfo, initThreadCNodeSizeBits, 136);
SEL4_OFFSET_ASSERT(seL4_BootInfo, initThreadDomain, 144);
SEL4_OFFSET_ASSERT(seL4_BootInfo, untyped, 152);
SEL4_OFFSET_ASSERT(seL4_BootInfo, untypedList, 168);
SEL4_SIZE_ASSERT(seL4_BootInfo, 3848);
_Static_assert(sizeof(seL4_BootInfo) <= (1 << 12), "bootinfo fits its frame");
SEL4_SIZE_ASSERT(seL4_BootInfoHeader, 16);
SEL4_SIZE_ASSERT(seL4_VBEInfoBlock_t, 512);
SEL4_SIZE_ASSERT(seL4_X86_BootInfo_VBE, 800);
SEL4_OFFSET_ASSERT(seL4_X86_BootInfo_VBE, vbeModeInfoBlock, 528);
SEL4_OFFSET_ASSERT(seL4_X86_BootInfo_VBE, vbeMode, 784);
SEL4_SIZE_ASSERT(seL4_X86_mb_mmap_t, 24);
SEL4_SIZE_ASSERT(seL4_X86_BootInfo_mmap_t, 1220);
SEL4_OFFSET_ASSERT(seL4_X86_BootInfo_mmap_t, mmap, 20);
SEL4_SIZE_ASSERT(seL4_X86_BootInfo_fb_t, 22);
SEL4_SIZE_ASSERT(seL4_X86_BootInfo_RSDP_t, 36);
SEL4_SIZE_ASSERT(seL4_NeptuneBootModule, 544);

#endif /* SEL4_BOOTINFO_TYPES_H */
