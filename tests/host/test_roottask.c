/*
 * test_roottask.c — run the sel4rt example root task (hello.elf) against a
 * tiny emulation of the seL4 kernel, on the host, before our kernel exists.
 *
 * The root task runs as a Linux process under ptrace(PTRACE_SYSEMU): every
 * `syscall` it executes stops here instead of entering Linux, and we play
 * the kernel:
 *   - boot: map the IPC buffer and bootinfo frames right after the image
 *     (as seL4 does), fill in a bootinfo, enter at e_entry with RDI =
 *     bootinfo, RSP = 0 and the other registers zero;
 *   - DebugPutChar collects console output; DebugHalt ends the run;
 *   - Call handles the few invocations the runtime makes on its own
 *     (IOPortControl_Issue, IOPort_Out32 = the exit, Untyped_Retype);
 *   - on every return RSP is set to 0 and RCX/R11 are scrambled, like the
 *     real kernel's sysret path, so a wrapper that forgets to save RSP or
 *     relies on RCX crashes here.
 * This checks crt0, TLS set-up with wrfsbase, the syscall wrappers, the
 * generated stubs, printf and rt_exit end to end.  It needs ptrace and a
 * CPU/OS with user FSGSBASE; without them the test reports a skip.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sel4/types.h>

#include "harness.h"

#ifndef SEL4RT_HELLO_ELF
#error "build with -DSEL4RT_HELLO_ELF=path"
#endif

#define PAGE 0x1000ul

struct fake_kernel {
    pid_t pid;
    int mem_fd;
    unsigned long ipc_vaddr;
    unsigned long bi_vaddr;
    char console[4096];
    size_t console_len;
    int exit_code; /* value written to port 0xf4, -1 if none */
    int halted;
    seL4_Word issue_mrs[4]; /* IOPortControl_Issue arguments */
    seL4_Word issue_root;
    int faulted;
    unsigned long syscalls;
};

/* Page-rounded end of the loaded image, as the kernel computes it. */
static unsigned long image_end(const char *path, unsigned long *entry) {
    Elf64_Ehdr eh;
    Elf64_Phdr ph;
    unsigned long end = 0;
    FILE *f = fopen(path, "rb");

    if (f == NULL || fread(&eh, sizeof(eh), 1, f) != 1) {
        if (f != NULL)
            fclose(f);
        return 0;
    }
    for (int i = 0; i < eh.e_phnum; i++) {
        if (fseek(f, (long)(eh.e_phoff + i * eh.e_phentsize), SEEK_SET) != 0 ||
            fread(&ph, sizeof(ph), 1, f) != 1)
            break;
        if (ph.p_memsz != 0 && ph.p_vaddr + ph.p_memsz > end)
            end = ph.p_vaddr + ph.p_memsz;
    }
    fclose(f);
    *entry = eh.e_entry;
    return (end + PAGE - 1) & ~(PAGE - 1);
}

static int poke(struct fake_kernel *k, unsigned long addr, const void *data, size_t len) {
    return pwrite(k->mem_fd, data, len, (off_t)addr) == (ssize_t)len ? 0 : -1;
}

static int peek(struct fake_kernel *k, unsigned long addr, void *data, size_t len) {
    return pread(k->mem_fd, data, len, (off_t)addr) == (ssize_t)len ? 0 : -1;
}

static int wait_stop(struct fake_kernel *k, int *sig) {
    int status;

    if (waitpid(k->pid, &status, 0) != k->pid || !WIFSTOPPED(status))
        return -1;
    *sig = WSTOPSIG(status);
    return 0;
}

/* Make the stopped tracee execute mmap(addr, len, RW, FIXED|ANON|PRIVATE). */
static int inject_mmap(struct fake_kernel *k, unsigned long addr, unsigned long len) {
    struct user_regs_struct saved, r;
    long word, patched;
    int sig;

    if (ptrace(PTRACE_GETREGS, k->pid, 0, &saved) != 0)
        return -1;
    errno = 0;
    word = ptrace(PTRACE_PEEKTEXT, k->pid, saved.rip, 0);
    if (errno != 0)
        return -1;
    patched = (word & ~0xffffL) | 0x050f; /* syscall */
    r = saved;
    r.rax = 9;
    r.rdi = addr;
    r.rsi = len;
    r.rdx = 3;    /* PROT_READ | PROT_WRITE */
    r.r10 = 0x32; /* MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED */
    r.r8 = (unsigned long)-1;
    r.r9 = 0;
    if (ptrace(PTRACE_POKETEXT, k->pid, saved.rip, patched) != 0 ||
        ptrace(PTRACE_SETREGS, k->pid, 0, &r) != 0 ||
        ptrace(PTRACE_SINGLESTEP, k->pid, 0, 0) != 0 || wait_stop(k, &sig) != 0 ||
        ptrace(PTRACE_GETREGS, k->pid, 0, &r) != 0)
        return -1;
    if (ptrace(PTRACE_POKETEXT, k->pid, saved.rip, word) != 0 ||
        ptrace(PTRACE_SETREGS, k->pid, 0, &saved) != 0)
        return -1;
    return r.rax == addr ? 0 : -1;
}

static void fill_bootinfo(seL4_BootInfo *bi, unsigned long ipc_vaddr) {
    memset(bi, 0, sizeof(*bi));
    bi->nodeID = 0;
    bi->numNodes = 1;
    bi->numIOPTLevels = (seL4_Word)-1;
    bi->ipcBuffer = (seL4_IPCBuffer *)ipc_vaddr;
    bi->empty = (seL4_SlotRegion){100, 4096};
    bi->userImageFrames = (seL4_SlotRegion){20, 40};
    bi->userImagePaging = (seL4_SlotRegion){16, 19};
    bi->extraBIPages = (seL4_SlotRegion){19, 20};
    bi->initThreadCNodeSizeBits = 12;
    bi->untyped = (seL4_SlotRegion){40, 43};
    bi->untypedList[0] = (seL4_UntypedDesc){.paddr = 0, .sizeBits = 20, .isDevice = 1};
    bi->untypedList[1] = (seL4_UntypedDesc){.paddr = 0x1000000, .sizeBits = 24};
    bi->untypedList[2] = (seL4_UntypedDesc){.paddr = 0x2000000, .sizeBits = 12};
}

/* Answer a Call: label/length into RSI, MR0 into R10. */
static void reply(struct user_regs_struct *r, seL4_Word label, seL4_Word length, seL4_Word mr0) {
    r->rsi = seL4_MessageInfo_new(label, 0, 0, length).words[0];
    r->rdi = 0;
    r->r10 = mr0;
}

static void handle_call(struct fake_kernel *k, struct user_regs_struct *r) {
    seL4_MessageInfo_t tag = {{r->rsi}};

    switch (seL4_MessageInfo_get_label(tag)) {
    case X86IOPortControlIssue:
        k->issue_mrs[0] = r->r10;
        k->issue_mrs[1] = r->r8;
        k->issue_mrs[2] = r->r9;
        k->issue_mrs[3] = r->r15;
        peek(k, k->ipc_vaddr + offsetof(seL4_IPCBuffer, caps_or_badges), &k->issue_root,
             sizeof(k->issue_root));
        reply(r, seL4_NoError, 0, 0);
        break;
    case X86IOPortOut32:
        if (r->r10 == 0xf4)
            k->exit_code = (int)r->r8;
        reply(r, seL4_NoError, 0, 0);
        break;
    case UntypedRetype:
        reply(r, seL4_NoError, 0, 0);
        break;
    default:
        reply(r, seL4_IllegalOperation, 0, 0);
        break;
    }
}

/* One emulated syscall; returns 1 when the run is over. */
static int handle_syscall(struct fake_kernel *k) {
    struct user_regs_struct r;
    unsigned long rax;

    if (ptrace(PTRACE_GETREGS, k->pid, 0, &r) != 0)
        return 1;
    k->syscalls++;
    rax = r.orig_rax;
    switch ((long)r.rdx) {
    case seL4_SysDebugPutChar:
        if (k->console_len + 1 < sizeof(k->console))
            k->console[k->console_len++] = (char)r.rdi;
        break;
    case seL4_SysDebugHalt:
        k->halted = 1;
        return 1;
    case seL4_SysCall:
        handle_call(k, &r);
        break;
    default:
        break;
    }
    r.rax = rax; /* preserved by seL4 */
    r.rsp = 0;   /* clobbered by seL4's sysret path */
    r.rcx = 0xbad0bad0;
    r.r11 = 0x202;
    if (ptrace(PTRACE_SETREGS, k->pid, 0, &r) != 0)
        return 1;
    return k->exit_code >= 0;
}

static int boot(struct fake_kernel *k, const char *path) {
    unsigned long entry, end = image_end(path, &entry);
    struct user_regs_struct r;
    seL4_BootInfo bi;
    char mem_path[64];
    int sig;

    if (end == 0)
        return -1;
    k->pid = fork();
    if (k->pid == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        execl(path, path, (char *)NULL);
        _exit(127);
    }
    if (k->pid < 0 || wait_stop(k, &sig) != 0 || sig != SIGTRAP)
        return -1;
    ptrace(PTRACE_SETOPTIONS, k->pid, 0, PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD);
    snprintf(mem_path, sizeof(mem_path), "/proc/%d/mem", (int)k->pid);
    k->mem_fd = open(mem_path, O_RDWR);
    k->ipc_vaddr = end;
    k->bi_vaddr = end + PAGE;
    if (k->mem_fd < 0 || inject_mmap(k, end, 2 * PAGE) != 0)
        return -1;
    fill_bootinfo(&bi, k->ipc_vaddr);
    if (poke(k, k->bi_vaddr, &bi, sizeof(bi)) != 0)
        return -1;
    if (ptrace(PTRACE_GETREGS, k->pid, 0, &r) != 0)
        return -1;
    /* seL4's root-task entry state: only RDI, RIP and RFLAGS are set. */
    r.rax = r.rbx = r.rcx = r.rdx = r.rsi = r.rbp = r.rsp = 0;
    r.r8 = r.r9 = r.r10 = r.r11 = r.r12 = r.r13 = r.r14 = r.r15 = 0;
    r.rdi = k->bi_vaddr;
    r.rip = entry;
    return ptrace(PTRACE_SETREGS, k->pid, 0, &r);
}

static void run(struct fake_kernel *k) {
    int sig;

    for (;;) {
        if (ptrace(PTRACE_SYSEMU, k->pid, 0, 0) != 0 || wait_stop(k, &sig) != 0)
            return;
        if (sig != (SIGTRAP | 0x80)) {
            struct user_regs_struct r;

            ptrace(PTRACE_GETREGS, k->pid, 0, &r);
            printf("root task got signal %d at rip %#llx\n", sig, r.rip);
            k->faulted = 1;
            return;
        }
        if (handle_syscall(k))
            return;
        if (k->syscalls > 100000)
            return;
    }
}

static int ptrace_usable(void) {
    pid_t pid = fork();
    int status;

    if (pid == 0) {
        _exit(ptrace(PTRACE_TRACEME, 0, 0, 0) == 0 ? 0 : 1);
    }
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

static void test_hello_boots_and_exits(void) {
    struct fake_kernel k = {.exit_code = -1};

    if (!ptrace_usable()) {
        printf("SKIP: ptrace not permitted here\n");
        return;
    }
    alarm(20);
    CHECK_EQ(boot(&k, SEL4RT_HELLO_ELF), 0);
    run(&k);
    kill(k.pid, SIGKILL);
    waitpid(k.pid, NULL, 0);
    if (k.mem_fd >= 0)
        close(k.mem_fd);
    printf("--- root task console ---\n%.*s--- end ---\n", (int)k.console_len, k.console);
    CHECK(!k.faulted);
    CHECK(!k.halted);
    CHECK_EQ(k.exit_code, 0x10);
    CHECK(strstr(k.console, "Hello from the Neptune OS root task") != NULL);
    CHECK(strstr(k.console, "empty slots: [100, 4096)") != NULL);
    CHECK(strstr(k.console, "untyped: 3 caps in slots [40, 43), RAM 16388 KiB, device 1 MiB") !=
          NULL);
    CHECK(strstr(k.console, "hello: done") != NULL);
    /* rt_exit issued ports 0xf4..0xf7 into the first empty slot. */
    CHECK_EQ(k.issue_mrs[0], 0xf4);
    CHECK_EQ(k.issue_mrs[1], 0xf7);
    CHECK_EQ(k.issue_mrs[2], 100);
    CHECK_EQ(k.issue_mrs[3], 64);
    CHECK_EQ(k.issue_root, seL4_CapInitThreadCNode);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_hello_boots_and_exits),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
