/*
 * test_abi.c — the seL4 ABI headers against the reference facts.
 *
 * Every expected value below is typed in from the reference
 * (/work/shared/reference/sel4-abi-x86_64.md, section numbers in comments),
 * not derived from the headers or the spec, so a slip in either shows up
 * here.  Covers bitfield encodings, structure layouts, label, syscall,
 * object-type, error and fault numbering, and the initial cap slots.
 */
#include <stddef.h>
#include <string.h>

#include <sel4/arch_constants.h>
#include <sel4/invocation_names.h>
#include <sel4/types.h>

#include "harness.h"

/* §2.1 */
static void test_message_info(void) {
    seL4_MessageInfo_t m = seL4_MessageInfo_new(0xABCDE, 5, 3, 0x7F);

    CHECK_EQ(m.words[0], 0xABCDEBFFul);
    CHECK_EQ(seL4_MessageInfo_get_label(m), 0xABCDE);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(m), 5);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(m), 3);
    CHECK_EQ(seL4_MessageInfo_get_length(m), 0x7F);

    m = seL4_MessageInfo_set_length(m, 2);
    CHECK_EQ(m.words[0], 0xABCDEB82ul);
    m = seL4_MessageInfo_set_label(m, 0);
    CHECK_EQ(m.words[0], 0xB82ul);
    seL4_MessageInfo_ptr_set_extraCaps(&m, 1);
    CHECK_EQ(seL4_MessageInfo_ptr_get_extraCaps(&m), 1);
    CHECK_EQ(m.words[0], 0xA82ul);

    /* Out-of-range field values are truncated to the field. */
    CHECK_EQ(seL4_MessageInfo_new(0, 0, 0, 0x80).words[0], 0);
    CHECK_EQ(seL4_MessageInfo_new(1ul << 52, 0, 0, 0).words[0], 0);
    CHECK_EQ(seL4_MessageInfo_new((1ul << 52) - 1, 0, 0, 0).words[0], 0xFFFFFFFFFFFFF000ul);
    CHECK_EQ(sizeof(seL4_MessageInfo_t), 8);
}

/* §2.2 */
static void test_cap_rights(void) {
    CHECK_EQ(seL4_AllRights.words[0], 0xF);
    CHECK_EQ(seL4_ReadWrite.words[0], 0x3);
    CHECK_EQ(seL4_CanRead.words[0], 0x2);
    CHECK_EQ(seL4_CanWrite.words[0], 0x1);
    CHECK_EQ(seL4_CanGrant.words[0], 0x4);
    CHECK_EQ(seL4_CanGrantReply.words[0], 0x8);
    CHECK_EQ(seL4_NoWrite.words[0], 0xE);
    CHECK_EQ(seL4_NoRead.words[0], 0xD);
    CHECK_EQ(seL4_NoRights.words[0], 0);
    CHECK_EQ(seL4_CapRightsBits, 4);

    seL4_CapRights_t r = seL4_CapRights_new(1, 0, 1, 0);
    CHECK_EQ(r.words[0], 0xA);
    CHECK_EQ(seL4_CapRights_get_capAllowGrantReply(r), 1);
    CHECK_EQ(seL4_CapRights_get_capAllowGrant(r), 0);
    CHECK_EQ(seL4_CapRights_get_capAllowRead(r), 1);
    CHECK_EQ(seL4_CapRights_get_capAllowWrite(r), 0);
    r = seL4_CapRights_set_capAllowWrite(r, 1);
    CHECK_EQ(r.words[0], 0xB);
}

/* §2.3 */
static void test_cnode_cap_data(void) {
    CHECK_EQ(seL4_CNode_CapData_new(1, 1).words[0], 0x41);
    CHECK_EQ(seL4_CNode_CapData_new(0, 52).words[0], 0x34);

    seL4_CNode_CapData_t d = seL4_CNode_CapData_new(0x123, 12);
    CHECK_EQ(seL4_CNode_CapData_get_guard(d), 0x123);
    CHECK_EQ(seL4_CNode_CapData_get_guardSize(d), 12);
    CHECK_EQ(seL4_GuardBits, 58);
    CHECK_EQ(seL4_GuardSizeBits, 6);
    CHECK_EQ(seL4_BadgeBits, 64);
}

/* §3 */
static void test_ipc_buffer_layout(void) {
    CHECK_EQ(sizeof(seL4_IPCBuffer), 1024);
    CHECK_EQ(offsetof(seL4_IPCBuffer, tag), 0);
    CHECK_EQ(offsetof(seL4_IPCBuffer, msg), 8);
    CHECK_EQ(offsetof(seL4_IPCBuffer, msg[4]), 8 + 8 * 4);
    CHECK_EQ(offsetof(seL4_IPCBuffer, userData), 968);
    CHECK_EQ(offsetof(seL4_IPCBuffer, caps_or_badges), 976);
    CHECK_EQ(offsetof(seL4_IPCBuffer, receiveCNode), 1000);
    CHECK_EQ(offsetof(seL4_IPCBuffer, receiveIndex), 1008);
    CHECK_EQ(offsetof(seL4_IPCBuffer, receiveDepth), 1016);
    CHECK_EQ(seL4_MsgMaxLength, 120);
    CHECK_EQ(seL4_MsgLengthBits, 7);
    CHECK_EQ(seL4_MsgExtraCapBits, 2);
    CHECK_EQ(seL4_MsgMaxExtraCaps, 3);
    CHECK_EQ(seL4_FastMessageRegisters, 4);
    CHECK_EQ(seL4_IPCBufferSizeBits, 10);
    CHECK_EQ(seL4_WordBits, 64);
    CHECK_EQ(seL4_WordSizeBits, 3);
}

/* §7.2 */
static void test_bootinfo_layout(void) {
    CHECK_EQ(sizeof(seL4_BootInfo), 3848);
    CHECK_EQ(sizeof(seL4_SlotRegion), 16);
    CHECK_EQ(sizeof(seL4_UntypedDesc), 16);
    CHECK_EQ(offsetof(seL4_UntypedDesc, paddr), 0);
    CHECK_EQ(offsetof(seL4_UntypedDesc, sizeBits), 8);
    CHECK_EQ(offsetof(seL4_UntypedDesc, isDevice), 9);
    CHECK_EQ(offsetof(seL4_UntypedDesc, padding), 10);
    CHECK_EQ(offsetof(seL4_BootInfo, extraLen), 0);
    CHECK_EQ(offsetof(seL4_BootInfo, nodeID), 8);
    CHECK_EQ(offsetof(seL4_BootInfo, numNodes), 16);
    CHECK_EQ(offsetof(seL4_BootInfo, numIOPTLevels), 24);
    CHECK_EQ(offsetof(seL4_BootInfo, ipcBuffer), 32);
    CHECK_EQ(offsetof(seL4_BootInfo, empty), 40);
    CHECK_EQ(offsetof(seL4_BootInfo, sharedFrames), 56);
    CHECK_EQ(offsetof(seL4_BootInfo, userImageFrames), 72);
    CHECK_EQ(offsetof(seL4_BootInfo, userImagePaging), 88);
    CHECK_EQ(offsetof(seL4_BootInfo, ioSpaceCaps), 104);
    CHECK_EQ(offsetof(seL4_BootInfo, extraBIPages), 120);
    CHECK_EQ(offsetof(seL4_BootInfo, initThreadCNodeSizeBits), 136);
    CHECK_EQ(offsetof(seL4_BootInfo, initThreadDomain), 144);
    CHECK_EQ(offsetof(seL4_BootInfo, untyped), 152);
    CHECK_EQ(offsetof(seL4_BootInfo, untypedList), 168);
    CHECK_EQ(offsetof(seL4_BootInfo, untypedList[229]), 168 + 16 * 229);
    CHECK_EQ(CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS, 230);

    /* §7.4 extra bootinfo */
    CHECK_EQ(sizeof(seL4_BootInfoHeader), 16);
    CHECK_EQ(SEL4_BOOTINFO_HEADER_PADDING, 0);
    CHECK_EQ(SEL4_BOOTINFO_HEADER_X86_VBE, 1);
    CHECK_EQ(SEL4_BOOTINFO_HEADER_X86_MBMMAP, 2);
    CHECK_EQ(SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP, 3);
    CHECK_EQ(SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER, 4);
    CHECK_EQ(SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, 5);
    CHECK_EQ(SEL4_BOOTINFO_HEADER_FDT, 6);
    CHECK_EQ(sizeof(seL4_X86_BootInfo_VBE), 800);
    CHECK_EQ(sizeof(seL4_X86_BootInfo_mmap_t), 1220);
    CHECK_EQ(sizeof(seL4_X86_mb_mmap_t), 24);
    CHECK_EQ(16 + sizeof(seL4_X86_BootInfo_fb_t), 38);
    CHECK_EQ(16 + sizeof(seL4_X86_BootInfo_RSDP_t), 52);
    CHECK_EQ(SEL4_MULTIBOOT_MAX_MMAP_ENTRIES, 50);
}

/* §9 */
static void test_user_context_layout(void) {
    static const struct {
        size_t offset;
        int index;
    } regs[] = {
        {offsetof(seL4_UserContext, rip), 0},      {offsetof(seL4_UserContext, rsp), 1},
        {offsetof(seL4_UserContext, rflags), 2},   {offsetof(seL4_UserContext, rax), 3},
        {offsetof(seL4_UserContext, rbx), 4},      {offsetof(seL4_UserContext, rcx), 5},
        {offsetof(seL4_UserContext, rdx), 6},      {offsetof(seL4_UserContext, rsi), 7},
        {offsetof(seL4_UserContext, rdi), 8},      {offsetof(seL4_UserContext, rbp), 9},
        {offsetof(seL4_UserContext, r8), 10},      {offsetof(seL4_UserContext, r9), 11},
        {offsetof(seL4_UserContext, r10), 12},     {offsetof(seL4_UserContext, r11), 13},
        {offsetof(seL4_UserContext, r12), 14},     {offsetof(seL4_UserContext, r13), 15},
        {offsetof(seL4_UserContext, r14), 16},     {offsetof(seL4_UserContext, r15), 17},
        {offsetof(seL4_UserContext, fs_base), 18}, {offsetof(seL4_UserContext, gs_base), 19},
    };

    CHECK_EQ(sizeof(seL4_UserContext), 160);
    for (size_t i = 0; i < HARNESS_COUNT(regs); i++)
        CHECK_EQ(regs[i].offset, 8 * regs[i].index);
}

/* §5.2 — all labels of the default configuration. */
static void test_invocation_labels(void) {
    static const struct {
        unsigned long value;
        unsigned long expected;
        const char *name;
    } labels[] = {
        {InvalidInvocation, 0, "InvalidInvocation"},
        {UntypedRetype, 1, "UntypedRetype"},
        {TCBReadRegisters, 2, "TCBReadRegisters"},
        {TCBWriteRegisters, 3, "TCBWriteRegisters"},
        {TCBCopyRegisters, 4, "TCBCopyRegisters"},
        {TCBConfigure, 5, "TCBConfigure"},
        {TCBSetPriority, 6, "TCBSetPriority"},
        {TCBSetMCPriority, 7, "TCBSetMCPriority"},
        {TCBSetSchedParams, 8, "TCBSetSchedParams"},
        {TCBSetIPCBuffer, 9, "TCBSetIPCBuffer"},
        {TCBSetSpace, 10, "TCBSetSpace"},
        {TCBSuspend, 11, "TCBSuspend"},
        {TCBResume, 12, "TCBResume"},
        {TCBBindNotification, 13, "TCBBindNotification"},
        {TCBUnbindNotification, 14, "TCBUnbindNotification"},
        {TCBSetTLSBase, 15, "TCBSetTLSBase"},
        {TCBSetFlags, 16, "TCBSetFlags"},
        {CNodeRevoke, 17, "CNodeRevoke"},
        {CNodeDelete, 18, "CNodeDelete"},
        {CNodeCancelBadgedSends, 19, "CNodeCancelBadgedSends"},
        {CNodeCopy, 20, "CNodeCopy"},
        {CNodeMint, 21, "CNodeMint"},
        {CNodeMove, 22, "CNodeMove"},
        {CNodeMutate, 23, "CNodeMutate"},
        {CNodeRotate, 24, "CNodeRotate"},
        {CNodeSaveCaller, 25, "CNodeSaveCaller"},
        {IRQIssueIRQHandler, 26, "IRQIssueIRQHandler"},
        {IRQAckIRQ, 27, "IRQAckIRQ"},
        {IRQSetIRQHandler, 28, "IRQSetIRQHandler"},
        {IRQClearIRQHandler, 29, "IRQClearIRQHandler"},
        {DomainSetSet, 30, "DomainSetSet"},
        {DomainScheduleConfigure, 31, "DomainScheduleConfigure"},
        {DomainScheduleSetStart, 32, "DomainScheduleSetStart"},
        {X86PDPTMap, 33, "X86PDPTMap"},
        {X86PDPTUnmap, 34, "X86PDPTUnmap"},
        {X86PageDirectoryMap, 35, "X86PageDirectoryMap"},
        {X86PageDirectoryUnmap, 36, "X86PageDirectoryUnmap"},
        {X86PageTableMap, 37, "X86PageTableMap"},
        {X86PageTableUnmap, 38, "X86PageTableUnmap"},
        {X86PageMap, 39, "X86PageMap"},
        {X86PageUnmap, 40, "X86PageUnmap"},
        {X86PageGetAddress, 41, "X86PageGetAddress"},
        {X86ASIDControlMakePool, 42, "X86ASIDControlMakePool"},
        {X86ASIDPoolAssign, 43, "X86ASIDPoolAssign"},
        {X86IOPortControlIssue, 44, "X86IOPortControlIssue"},
        {X86IOPortIn8, 45, "X86IOPortIn8"},
        {X86IOPortIn16, 46, "X86IOPortIn16"},
        {X86IOPortIn32, 47, "X86IOPortIn32"},
        {X86IOPortOut8, 48, "X86IOPortOut8"},
        {X86IOPortOut16, 49, "X86IOPortOut16"},
        {X86IOPortOut32, 50, "X86IOPortOut32"},
        {X86IRQIssueIRQHandlerIOAPIC, 51, "X86IRQIssueIRQHandlerIOAPIC"},
        {X86IRQIssueIRQHandlerMSI, 52, "X86IRQIssueIRQHandlerMSI"},
    };

    for (size_t i = 0; i < HARNESS_COUNT(labels); i++) {
        CHECK_EQ(labels[i].value, labels[i].expected);
        CHECK_STR(seL4_InvocationLabelName(labels[i].value), labels[i].name);
    }
    CHECK_EQ(nInvocationLabels, 33);
    CHECK_EQ(nSeL4ArchInvocationLabels, 35);
    CHECK_EQ(nArchInvocationLabels, 53);
    CHECK_STR(seL4_InvocationLabelName(53), "UnknownInvocation");
    CHECK_STR(seL4_InvocationLabelName(~0ul), "UnknownInvocation");
}

/* §1.1 */
static void test_syscall_numbers(void) {
    CHECK_EQ(seL4_SysCall, -1);
    CHECK_EQ(seL4_SysReplyRecv, -2);
    CHECK_EQ(seL4_SysSend, -3);
    CHECK_EQ(seL4_SysNBSend, -4);
    CHECK_EQ(seL4_SysRecv, -5);
    CHECK_EQ(seL4_SysReply, -6);
    CHECK_EQ(seL4_SysYield, -7);
    CHECK_EQ(seL4_SysNBRecv, -8);
    CHECK_EQ(seL4_SysDebugPutChar, -9);
    CHECK_EQ(seL4_SysDebugDumpScheduler, -10);
    CHECK_EQ(seL4_SysDebugHalt, -11);
    CHECK_EQ(seL4_SysDebugCapIdentify, -12);
    CHECK_EQ(seL4_SysDebugSnapshot, -13);
    CHECK_EQ(seL4_SysDebugNameThread, -14);
    CHECK_EQ(seL4_SysDebugSendIPI, -15);
    CHECK_EQ(seL4_SysDebugGetThreadAffinity, -16);
    CHECK_EQ(seL4_SysDebugRun, -17);
    CHECK_EQ(seL4_SysBenchmarkFlushCaches, -18);
    CHECK_EQ(seL4_SysBenchmarkNullSyscall, -22);
    CHECK_EQ(seL4_SysBenchmarkResetAllThreadsUtilisation, -26);
    CHECK_EQ(seL4_SysX86DangerousWRMSR, -27);
    CHECK_EQ(seL4_SysX86DangerousRDMSR, -28);
    CHECK_EQ(seL4_SysVMEnter, -29);
    CHECK_EQ(seL4_SysSetTLSBase, -30);
    CHECK_EQ(seL4_SysAPIMin, -8);
    CHECK_EQ(seL4_SysAPIMax, -1);
    /* The enum is a full word, so the number goes into RDX sign-extended. */
    CHECK_EQ((seL4_Word)seL4_SysCall, 0xFFFFFFFFFFFFFFFFul);
}

/* §4 */
static void test_object_types(void) {
    CHECK_EQ(seL4_UntypedObject, 0);
    CHECK_EQ(seL4_TCBObject, 1);
    CHECK_EQ(seL4_EndpointObject, 2);
    CHECK_EQ(seL4_NotificationObject, 3);
    CHECK_EQ(seL4_CapTableObject, 4);
    CHECK_EQ(seL4_X86_PDPTObject, 5);
    CHECK_EQ(seL4_IA32_PDPTObject, 5);
    CHECK_EQ(seL4_X64_PML4Object, 6);
    CHECK_EQ(seL4_X64_HugePageObject, 7);
    CHECK_EQ(seL4_X86_4K, 8);
    CHECK_EQ(seL4_X86_LargePageObject, 9);
    CHECK_EQ(seL4_X86_PageTableObject, 10);
    CHECK_EQ(seL4_X86_PageDirectoryObject, 11);
    CHECK_EQ(seL4_ObjectTypeCount, 12);
    CHECK_EQ(seL4_X86_IOPageTableObject, 0xFFFFFF);
    CHECK_EQ(seL4_X86_VCPUObject, 0xFFFFFE);
    CHECK_EQ(seL4_X86_EPTPTObject, 0xFFFFFA);

    CHECK_EQ(seL4_SlotBits, 5);
    CHECK_EQ(seL4_TCBBits, 11);
    CHECK_EQ(seL4_EndpointBits, 4);
    CHECK_EQ(seL4_NotificationBits, 5);
    CHECK_EQ(seL4_PageBits, 12);
    CHECK_EQ(seL4_LargePageBits, 21);
    CHECK_EQ(seL4_HugePageBits, 30);
    CHECK_EQ(seL4_PageTableBits, 12);
    CHECK_EQ(seL4_PageDirBits, 12);
    CHECK_EQ(seL4_PDPTBits, 12);
    CHECK_EQ(seL4_PML4Bits, 12);
    CHECK_EQ(seL4_VSpaceBits, 12);
    CHECK_EQ(seL4_ASIDPoolBits, 12);
    CHECK_EQ(seL4_ASIDPoolIndexBits, 9);
    CHECK_EQ(seL4_NumASIDPoolsBits, 3);
    CHECK_EQ(seL4_MinUntypedBits, 4);
    CHECK_EQ(seL4_MaxUntypedBits, 47);
    CHECK_EQ(seL4_UntypedRetypeMaxObjects, 256);
    CHECK_EQ(seL4_UserTop, 0x00007FFFFFFFF000ul);
    CHECK_EQ(seL4_MinPrio, 0);
    CHECK_EQ(seL4_MaxPrio, 255);
    CHECK_EQ(seL4_TCBFlag_fpuDisabled, 1);
}

/* §6 */
static void test_errors(void) {
    CHECK_EQ(seL4_NoError, 0);
    CHECK_EQ(seL4_InvalidArgument, 1);
    CHECK_EQ(seL4_InvalidCapability, 2);
    CHECK_EQ(seL4_IllegalOperation, 3);
    CHECK_EQ(seL4_RangeError, 4);
    CHECK_EQ(seL4_AlignmentError, 5);
    CHECK_EQ(seL4_FailedLookup, 6);
    CHECK_EQ(seL4_TruncatedMessage, 7);
    CHECK_EQ(seL4_DeleteFirst, 8);
    CHECK_EQ(seL4_RevokeFirst, 9);
    CHECK_EQ(seL4_NotEnoughMemory, 10);
    CHECK_EQ(seL4_NumErrors, 11);
    CHECK_EQ(seL4_NoFailure, 0);
    CHECK_EQ(seL4_InvalidRoot, 1);
    CHECK_EQ(seL4_MissingCapability, 2);
    CHECK_EQ(seL4_DepthMismatch, 3);
    CHECK_EQ(seL4_GuardMismatch, 4);
}

/* §8 */
static void test_faults(void) {
    CHECK_EQ(seL4_Fault_NullFault, 0);
    CHECK_EQ(seL4_Fault_CapFault, 1);
    CHECK_EQ(seL4_Fault_UnknownSyscall, 2);
    CHECK_EQ(seL4_Fault_UserException, 3);
    CHECK_EQ(seL4_Fault_VMFault, 5);

    CHECK_EQ(seL4_CapFault_IP, 0);
    CHECK_EQ(seL4_CapFault_Addr, 1);
    CHECK_EQ(seL4_CapFault_InRecvPhase, 2);
    CHECK_EQ(seL4_CapFault_LookupFailureType, 3);
    CHECK_EQ(seL4_CapFault_BitsLeft, 4);
    CHECK_EQ(seL4_CapFault_DepthMismatch_BitsFound, 5);
    CHECK_EQ(seL4_CapFault_GuardMismatch_GuardFound, 5);
    CHECK_EQ(seL4_CapFault_GuardMismatch_BitsFound, 6);

    CHECK_EQ(seL4_UnknownSyscall_RAX, 0);
    CHECK_EQ(seL4_UnknownSyscall_RDI, 5);
    CHECK_EQ(seL4_UnknownSyscall_R8, 7);
    CHECK_EQ(seL4_UnknownSyscall_R15, 14);
    CHECK_EQ(seL4_UnknownSyscall_FaultIP, 15);
    CHECK_EQ(seL4_UnknownSyscall_SP, 16);
    CHECK_EQ(seL4_UnknownSyscall_FLAGS, 17);
    CHECK_EQ(seL4_UnknownSyscall_Syscall, 18);
    CHECK_EQ(seL4_UnknownSyscall_Length, 19);

    CHECK_EQ(seL4_UserException_FaultIP, 0);
    CHECK_EQ(seL4_UserException_SP, 1);
    CHECK_EQ(seL4_UserException_FLAGS, 2);
    CHECK_EQ(seL4_UserException_Number, 3);
    CHECK_EQ(seL4_UserException_Code, 4);
    CHECK_EQ(seL4_UserException_Length, 5);

    CHECK_EQ(seL4_VMFault_IP, 0);
    CHECK_EQ(seL4_VMFault_Addr, 1);
    CHECK_EQ(seL4_VMFault_PrefetchFault, 2);
    CHECK_EQ(seL4_VMFault_FSR, 3);
    CHECK_EQ(seL4_VMFault_Length, 4);
    CHECK_EQ(seL4_DataFault, 0);
    CHECK_EQ(seL4_InstructionFault, 1);
}

/* §7.1 and §10.1 */
static void test_initial_caps_and_vm_attributes(void) {
    CHECK_EQ(seL4_CapNull, 0);
    CHECK_EQ(seL4_CapInitThreadTCB, 1);
    CHECK_EQ(seL4_CapInitThreadCNode, 2);
    CHECK_EQ(seL4_CapInitThreadVSpace, 3);
    CHECK_EQ(seL4_CapInitThreadPD, 3);
    CHECK_EQ(seL4_CapIRQControl, 4);
    CHECK_EQ(seL4_CapASIDControl, 5);
    CHECK_EQ(seL4_CapInitThreadASIDPool, 6);
    CHECK_EQ(seL4_CapIOPortControl, 7);
    CHECK_EQ(seL4_CapIOSpace, 8);
    CHECK_EQ(seL4_CapBootInfoFrame, 9);
    CHECK_EQ(seL4_CapInitThreadIPCBuffer, 10);
    CHECK_EQ(seL4_CapDomain, 11);
    CHECK_EQ(seL4_CapSMMUSIDControl, 12);
    CHECK_EQ(seL4_CapSMMUCBControl, 13);
    CHECK_EQ(seL4_CapInitThreadSC, 14);
    CHECK_EQ(seL4_CapSMC, 15);
    CHECK_EQ(seL4_NumInitialCaps, 16);

    CHECK_EQ(seL4_X86_Default_VMAttributes, 0);
    CHECK_EQ(seL4_X86_WriteBack, 0);
    CHECK_EQ(seL4_X86_WriteThrough, 1);
    CHECK_EQ(seL4_X86_CacheDisabled, 2);
    CHECK_EQ(seL4_X86_Uncacheable, 3);
    CHECK_EQ(seL4_X86_WriteCombining, 4);
    CHECK_EQ(IRQ_OFFSET, 0x30);
    CHECK_EQ(TLS_GDT_SELECTOR, 0x3B);
    CHECK_EQ(IPCBUF_GDT_SELECTOR, 0x43);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_message_info),
    HARNESS_TEST(test_cap_rights),
    HARNESS_TEST(test_cnode_cap_data),
    HARNESS_TEST(test_ipc_buffer_layout),
    HARNESS_TEST(test_bootinfo_layout),
    HARNESS_TEST(test_user_context_layout),
    HARNESS_TEST(test_invocation_labels),
    HARNESS_TEST(test_syscall_numbers),
    HARNESS_TEST(test_object_types),
    HARNESS_TEST(test_errors),
    HARNESS_TEST(test_faults),
    HARNESS_TEST(test_initial_caps_and_vm_attributes),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
