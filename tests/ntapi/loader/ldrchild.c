/*
 * ldrchild.c — the program the loader family starts with
 * RtlCreateUserProcess (tests/ntapi/loader.c, "create-process").  It
 * prints nothing: it checks what its parent gave it and says how that went
 * in its exit status, LDRCHILD_OK with one bit set per failed check.
 *
 *   bit 0  the entry point's argument is the PEB
 *   bit 1  the process parameters are there and normalized
 *   bit 2  the command line is the parent's ("ldrchild.exe child-arg")
 *   bit 3  the image path ends in ldrchild.exe
 *   bit 4  the environment has LDRTEST_CHILD=hello (the parent's block)
 *   bit 5  the loader lists hold the program, then ntdll
 */
#include <ndk/ntndk.h>

#define LDRCHILD_OK 0x600d0000

static BOOLEAN LdrChildEndsWith(PCUNICODE_STRING String, PCSTR Tail) {
    ULONG Chars = String->Length / sizeof(WCHAR), Length = 0;

    while (Tail[Length] != 0)
        Length++;
    if (String->Buffer == NULL || Chars < Length)
        return FALSE;
    for (ULONG i = 0; i < Length; i++) {
        WCHAR Char = String->Buffer[Chars - Length + i];

        if (Char >= 'A' && Char <= 'Z')
            Char += 'a' - 'A';
        if (Char != (WCHAR)Tail[i])
            return FALSE;
    }
    return TRUE;
}

static BOOLEAN LdrChildEnvironmentOk(VOID) {
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"LDRTEST_CHILD");
    WCHAR Buffer[16];
    UNICODE_STRING Value;

    Value.Buffer = Buffer;
    Value.Length = 0;
    Value.MaximumLength = sizeof(Buffer);
    return NT_SUCCESS(RtlQueryEnvironmentVariable_U(NULL, &Name, &Value)) && Value.Length == 10 &&
           Buffer[0] == 'h' && Buffer[4] == 'o';
}

static BOOLEAN LdrChildListsOk(PPEB Peb) {
    PLIST_ENTRY Head = &Peb->Ldr->InLoadOrderModuleList;
    PLDR_DATA_TABLE_ENTRY First, Second;

    if (Head->Flink == Head || Head->Flink->Flink == Head)
        return FALSE;
    First = CONTAINING_RECORD(Head->Flink, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
    Second = CONTAINING_RECORD(Head->Flink->Flink, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
    return First->DllBase == Peb->ImageBaseAddress &&
           LdrChildEndsWith(&Second->BaseDllName, "ntdll.dll");
}

NTSTATUS NTAPI NtProcessStartup(PPEB Peb) {
    PRTL_USER_PROCESS_PARAMETERS Parameters = NtCurrentPeb()->ProcessParameters;
    ULONG Failed = 0;

    if (Peb != NtCurrentPeb())
        Failed |= 1 << 0;
    if (Parameters == NULL || !(Parameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED)) {
        Failed |= 1 << 1;
    } else {
        if (!LdrChildEndsWith(&Parameters->CommandLine, "ldrchild.exe child-arg"))
            Failed |= 1 << 2;
        if (!LdrChildEndsWith(&Parameters->ImagePathName, "ldrchild.exe"))
            Failed |= 1 << 3;
        if (!LdrChildEnvironmentOk())
            Failed |= 1 << 4;
    }
    if (NtCurrentPeb()->Ldr == NULL || !LdrChildListsOk(NtCurrentPeb()))
        Failed |= 1 << 5;
    NtTerminateProcess(NtCurrentProcess(), LDRCHILD_OK | Failed);
    return LDRCHILD_OK | Failed;
}
