/*
 * ldr.c — process start-up in ntdll.dll (first slice).
 *
 * The executive starts every process's first thread here (see
 * ntos/ps/create.c): LdrInitializeThunk(EntryPoint, Peb).  It creates the
 * process heap, binds the program's imports and calls the program's entry
 * point; when that returns the process ends with its return value.
 *
 * Binding, for now, knows one DLL: ntdll itself, whose export directory it
 * reads through __ImageBase.  Imports of any other DLL end the process with
 * STATUS_DLL_NOT_FOUND; the full loader (LdrLoadDll, forwarders,
 * relocations, TLS, DllMain) replaces this.
 */
#include <nt/ntdef.h>
#include <nt/ntstatus.h>
#include <nt/ntimage.h>
#include <ndk/pstypes.h>

extern IMAGE_DOS_HEADER __ImageBase;
NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);

static PIMAGE_NT_HEADERS LdrpNt(PVOID Base)
{
    return (PIMAGE_NT_HEADERS)((PUCHAR)Base + ((PIMAGE_DOS_HEADER)Base)->e_lfanew);
}

static PVOID LdrpDirectory(PVOID Base, ULONG Index, ULONG *Size)
{
    PIMAGE_NT_HEADERS nt = LdrpNt(Base);
    if (nt->OptionalHeader.NumberOfRvaAndSizes <= Index)
        return NULL;
    IMAGE_DATA_DIRECTORY *d = &nt->OptionalHeader.DataDirectory[Index];
    *Size = d->Size;
    return d->VirtualAddress ? (PUCHAR)Base + d->VirtualAddress : NULL;
}

static int LdrpCompare(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (UCHAR)*a - (UCHAR)*b;
}

static int LdrpEqualNoCase(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

/* An export of the image at Base by name (binary search: names are
 * sorted) or, with Name NULL, by ordinal. */
PVOID LdrpFindExport(PVOID Base, const char *Name, ULONG Ordinal)
{
    PUCHAR base = Base;
    ULONG size;
    PIMAGE_EXPORT_DIRECTORY ed = LdrpDirectory(base, IMAGE_DIRECTORY_ENTRY_EXPORT, &size);
    if (!ed)
        return NULL;
    ULONG *funcs = (ULONG *)(base + ed->AddressOfFunctions);
    if (!Name) {
        ULONG i = Ordinal - ed->Base;
        return i < ed->NumberOfFunctions && funcs[i] ? base + funcs[i] : NULL;
    }
    ULONG *names = (ULONG *)(base + ed->AddressOfNames);
    USHORT *ords = (USHORT *)(base + ed->AddressOfNameOrdinals);
    LONG lo = 0, hi = (LONG)ed->NumberOfNames - 1;
    while (lo <= hi) {
        LONG mid = (lo + hi) / 2;
        int c = LdrpCompare(Name, (const char *)(base + names[mid]));
        if (c == 0)
            return ords[mid] < ed->NumberOfFunctions ? base + funcs[ords[mid]] : NULL;
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return NULL;
}

static NTSTATUS LdrpBindImports(PVOID ImageBase)
{
    ULONG size;
    PIMAGE_IMPORT_DESCRIPTOR d = LdrpDirectory(ImageBase, IMAGE_DIRECTORY_ENTRY_IMPORT, &size);
    if (!d)
        return STATUS_SUCCESS;
    for (; d->Name; d++) {
        if (!LdrpEqualNoCase((const char *)ImageBase + d->Name, "ntdll.dll"))
            return STATUS_DLL_NOT_FOUND;
        ULONGLONG *lookup = (ULONGLONG *)((PUCHAR)ImageBase + (d->OriginalFirstThunk ? d->OriginalFirstThunk : d->FirstThunk));
        ULONGLONG *iat = (ULONGLONG *)((PUCHAR)ImageBase + d->FirstThunk);
        for (; *lookup; lookup++, iat++) {
            PVOID p;
            if (IMAGE_SNAP_BY_ORDINAL64(*lookup))
                p = LdrpFindExport(&__ImageBase, NULL, (ULONG)(*lookup & 0xffff));
            else
                p = LdrpFindExport(&__ImageBase, ((PIMAGE_IMPORT_BY_NAME)((PUCHAR)ImageBase + (ULONG)*lookup))->Name, 0);
            if (!p)
                return STATUS_ENTRYPOINT_NOT_FOUND;
            *iat = (ULONGLONG)p;
        }
    }
    return STATUS_SUCCESS;
}

typedef NTSTATUS(NTAPI *PPROCESS_START)(PPEB Peb);
HANDLE NTAPI RtlCreateHeap(ULONG Flags, PVOID HeapBase, SIZE_T ReserveSize, SIZE_T CommitSize, PVOID Lock,
                           PVOID Parameters);
#define LDRP_HEAP_GROWABLE 0x00000002

__attribute__((noreturn)) VOID NTAPI LdrInitializeThunk(PVOID EntryPoint, PPEB Peb)
{
    /* The process heap first: everything after may allocate. */
    Peb->ProcessHeap = RtlCreateHeap(LDRP_HEAP_GROWABLE, NULL, Peb->HeapSegmentReserve, Peb->HeapSegmentCommit,
                                     NULL, NULL);
    if (!Peb->ProcessHeap)
        NtTerminateProcess((HANDLE)(LONG_PTR)-1, STATUS_NO_MEMORY);
    NTSTATUS status = LdrpBindImports(Peb->ImageBaseAddress);
    if (NT_SUCCESS(status))
        status = ((PPROCESS_START)EntryPoint)(Peb);
    NtTerminateProcess((HANDLE)(LONG_PTR)-1, status);
    for (;;)
        ; /* not reached: the executive does not answer a terminated process */
}
