/*
 * hello.c — the smallest useful root task: greet, summarise the bootinfo,
 * exit QEMU with success.  ./run.sh boots it until the executive exists,
 * so it doubles as a check that the kernel starts a root task, that the
 * debug console works and that rt_exit reaches isa-debug-exit.
 */
#include <sel4rt/sel4rt.h>

static void print_untypeds(const seL4_BootInfo *bi) {
    seL4_Word count = bi->untyped.end - bi->untyped.start;
    seL4_Word ram = 0, device = 0;

    for (seL4_Word i = 0; i < count; i++) {
        seL4_Word bytes = (seL4_Word)1 << bi->untypedList[i].sizeBits;

        if (bi->untypedList[i].isDevice)
            device += bytes;
        else
            ram += bytes;
    }
    printf("untyped: %lu caps in slots [%lu, %lu), RAM %lu KiB, device %lu MiB\n", count,
           bi->untyped.start, bi->untyped.end, ram >> 10, device >> 20);
}

int main(seL4_BootInfo *bi) {
    printf("Hello from the Neptune OS root task (sel4rt)\n");
    printf("bootinfo at %p: node %lu of %lu, IPC buffer %p, CNode 2^%lu slots\n", (void *)bi,
           bi->nodeID, bi->numNodes, (void *)bi->ipcBuffer, bi->initThreadCNodeSizeBits);
    print_untypeds(bi);
    printf("empty slots: [%lu, %lu)\n", bi->empty.start, bi->empty.end);
    printf("image frames: [%lu, %lu), paging: [%lu, %lu), extra bootinfo: %lu bytes\n",
           bi->userImageFrames.start, bi->userImageFrames.end, bi->userImagePaging.start,
           bi->userImagePaging.end, bi->extraLen);
    printf("hello: done\n");
    return 0;
}
