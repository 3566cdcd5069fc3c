/*
 * image.c — frame caps of the root task's own image.
 *
 * The kernel gives the root task one frame cap per page of its image, in
 * ascending address order, in bootinfo->userImageFrames; the image starts
 * at __sel4rt_image_start (roottask.ld).  So the cap of the page holding a
 * static object is a subtraction away.
 */
#include <sel4rt/sel4rt.h>

seL4_CPtr rt_image_frame_cap(const void *vaddr) {
    extern char __sel4rt_image_start[], __sel4rt_image_end[];
    seL4_BootInfo *bi = rt_bootinfo();
    seL4_Word va = (seL4_Word)vaddr;
    seL4_Word base = (seL4_Word)__sel4rt_image_start;
    seL4_CPtr cap;

    if (bi == NULL || va < base || va >= (seL4_Word)__sel4rt_image_end)
        return seL4_CapNull;
    cap = bi->userImageFrames.start + ((va - base) >> seL4_PageBits);
    if (cap >= bi->userImageFrames.end)
        return seL4_CapNull;
    return cap;
}
