/*
 * ldrimp.c — a program whose own import table names a DLL that is not a
 * known DLL: ldrdep.dll, found next to the program (both live in ldrdir\,
 * tests/ntapi/loader/build.mk).  The loader family starts it with
 * RtlCreateUserProcess ("program-imports-file-dll"); it prints nothing and
 * reports in its exit status, LDRIMP_OK with one bit set per failed check:
 *
 *   bit 0  ldrdep.dll is loaded, FullDllName = <program's directory>\ldrdep.dll
 *   bit 1  the imported LdrDepValue works
 *   bit 2  LdrLoadDll(NULL, "ldrfile") finds ldrfile.dll next to the program
 *   bit 3  its FullDllName is <program's directory>\ldrfile.dll, BaseDllName ldrfile.dll
 *   bit 4  ldrfile.dll was bound to the same ldrdep.dll module
 *   bit 5  unloading ldrfile.dll removes it and keeps ldrdep.dll (our import)
 */
#include <ndk/ntndk.h>

#define LDRIMP_OK 0x600e0000

DECLSPEC_IMPORT ULONG LdrDepValue(VOID);

typedef ULONG LDRIMP_ULONG(VOID);
typedef PVOID LDRIMP_BASE(VOID);

static WCHAR LdrImpLower(WCHAR Char) {
    return Char >= 'A' && Char <= 'Z' ? (WCHAR)(Char + ('a' - 'A')) : Char;
}

/* Is Full exactly <our directory>\<Name> (case-insensitively)? */
static BOOLEAN LdrImpNextToUs(PCUNICODE_STRING Full, PCSTR Name) {
    PCUNICODE_STRING Image = &NtCurrentPeb()->ProcessParameters->ImagePathName;
    ULONG Directory = 0, NameChars = 0, Chars = Full->Length / sizeof(WCHAR);

    for (ULONG i = 0; i < Image->Length / sizeof(WCHAR); i++) {
        if (Image->Buffer[i] == '\\')
            Directory = i + 1;
    }
    while (Name[NameChars] != 0)
        NameChars++;
    if (Directory == 0 || Chars != Directory + NameChars)
        return FALSE;
    for (ULONG i = 0; i < Directory; i++) {
        if (LdrImpLower(Full->Buffer[i]) != LdrImpLower(Image->Buffer[i]))
            return FALSE;
    }
    for (ULONG i = 0; i < NameChars; i++) {
        if (LdrImpLower(Full->Buffer[Directory + i]) != (WCHAR)Name[i])
            return FALSE;
    }
    return TRUE;
}

static PLDR_DATA_TABLE_ENTRY LdrImpEntry(PVOID Base) {
    PLIST_ENTRY Head = &NtCurrentPeb()->Ldr->InLoadOrderModuleList;

    for (PLIST_ENTRY Link = Head->Flink; Link != Head; Link = Link->Flink) {
        PLDR_DATA_TABLE_ENTRY Entry = CONTAINING_RECORD(Link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);

        if (Entry->DllBase == Base)
            return Entry;
    }
    return NULL;
}

static PVOID LdrImpProcedure(PVOID Base, PCSTR Name) {
    ANSI_STRING String;
    PVOID Address = NULL;

    RtlInitAnsiString(&String, Name);
    return NT_SUCCESS(LdrGetProcedureAddress(Base, &String, 0, &Address)) ? Address : NULL;
}

NTSTATUS NTAPI NtProcessStartup(PPEB Peb) {
    UNICODE_STRING DepName = RTL_CONSTANT_STRING(u"ldrdep.dll");
    UNICODE_STRING FileName = RTL_CONSTANT_STRING(u"ldrfile");
    PLDR_DATA_TABLE_ENTRY Entry;
    PVOID Dep = NULL, File = NULL, Found = NULL;
    LDRIMP_BASE *DepBase;
    ULONG Failed = 0;

    (void)Peb;
    Entry = NT_SUCCESS(LdrGetDllHandle(NULL, NULL, &DepName, &Dep)) ? LdrImpEntry(Dep) : NULL;
    if (Entry == NULL || !LdrImpNextToUs(&Entry->FullDllName, "ldrdep.dll"))
        Failed |= 1 << 0;
    if (LdrDepValue() != 0xde90)
        Failed |= 1 << 1;
    if (!NT_SUCCESS(LdrLoadDll(NULL, NULL, &FileName, &File)) || File == NULL) {
        Failed |= (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5);
    } else {
        Entry = LdrImpEntry(File);
        if (Entry == NULL || !LdrImpNextToUs(&Entry->FullDllName, "ldrfile.dll") ||
            Entry->BaseDllName.Length != 11 * sizeof(WCHAR))
            Failed |= 1 << 3;
        DepBase = (LDRIMP_BASE *)LdrImpProcedure(File, "LdrFileDepBase");
        if (DepBase == NULL || DepBase() != Dep)
            Failed |= 1 << 4;
        if (!NT_SUCCESS(LdrUnloadDll(File)) || NT_SUCCESS(LdrGetDllHandle(NULL, NULL, &FileName, &Found)) ||
            !NT_SUCCESS(LdrGetDllHandle(NULL, NULL, &DepName, &Found)) || Found != Dep)
            Failed |= 1 << 5;
    }
    NtTerminateProcess(NtCurrentProcess(), LDRIMP_OK | Failed);
    return LDRIMP_OK | Failed;
}
