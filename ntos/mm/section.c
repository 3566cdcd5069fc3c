/*
 * section.c — image sections: the Section object type, the boot archive's
 * images as named sections, and NtOpenSection, NtQuerySection,
 * NtMapViewOfSection, NtUnmapViewOfSection.
 *
 * At boot every PE file of the archive that passes LdrCheckImage becomes a
 * permanent image section: DLLs as \KnownDlls\<name>, programs as
 * \Boot\<name> (names in lower case).  A section refers to the file's bytes
 * in the archive, which stays mapped in the executive for good.  A view is
 * a private copy of the image in the target process (a MEM_IMAGE VAD, the
 * pages backed at once): copy-per-view is simple and correct, and sharing
 * read-only pages between views is the planned optimization
 * (docs/executive.md).  Data sections (NtCreateSection on files or the
 * paging file) come with the I/O manager.
 */
#include "mi.h"
#include "../ke/ki.h"

struct _SECTION_OBJECT {
    const UCHAR *File;
    SIZE_T FileSize;
    LDR_IMAGE_INFO Info;
};

POBJECT_TYPE MmSectionObjectType;

NTSTATUS MmInitializeSections(VOID)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, u"Section");
    OBJECT_TYPE_INITIALIZER init = { 0 };
    init.Length = sizeof(init);
    init.DefaultObjectBodySize = sizeof(SECTION_OBJECT);
    init.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ;
    init.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE;
    init.GenericMapping.GenericExecute = STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE;
    init.GenericMapping.GenericAll = SECTION_ALL_ACCESS;
    init.ValidAccessMask = SECTION_ALL_ACCESS;
    return ObCreateObjectType(&name, &init, &MmSectionObjectType);
}

/* "\Dir\name" as a UNICODE_STRING in Buffer (lower case). */
static VOID MiSectionName(const char *Directory, const char *Name, SIZE_T NameLength, WCHAR *Buffer, ULONG Max,
                          PUNICODE_STRING Out)
{
    ULONG n = 0;
    Buffer[n++] = L'\\';
    for (ULONG i = 0; Directory[i] && n < Max; i++)
        Buffer[n++] = (WCHAR)Directory[i];
    if (n < Max)
        Buffer[n++] = L'\\';
    for (SIZE_T i = 0; i < NameLength && n < Max; i++) {
        char c = Name[i];
        Buffer[n++] = (WCHAR)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    Out->Buffer = Buffer;
    Out->Length = (USHORT)(n * sizeof(WCHAR));
    Out->MaximumLength = Out->Length;
}

static BOOLEAN MiEndsWith(const char *Name, SIZE_T Length, const char *Suffix)
{
    SIZE_T k = strlen(Suffix);
    if (Length < k)
        return FALSE;
    for (SIZE_T i = 0; i < k; i++) {
        char c = Name[Length - k + i];
        if ((c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != Suffix[i])
            return FALSE;
    }
    return TRUE;
}

/* A new permanent named object, to be filled in and inserted. */
static NTSTATUS MiCreatePermanent(POBJECT_TYPE Type, PUNICODE_STRING Name, ULONG BodySize, PVOID *Object)
{
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, Name, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, NULL, NULL);
    return ObCreateObject(KernelMode, Type, &oa, BodySize, Object);
}

NTSTATUS MmCreateBootSections(VOID)
{
    NTSTATUS st = MmInitializeSections();
    if (!NT_SUCCESS(st))
        return st;
    UNICODE_STRING boot;
    RtlInitUnicodeString(&boot, u"\\Boot");
    PVOID dir;
    st = MiCreatePermanent(ObDirectoryObjectType, &boot, 0, &dir);
    if (NT_SUCCESS(st))
        st = ObInsertObject(dir, NULL, 0, NULL, NULL); /* its permanence keeps it */
    if (!NT_SUCCESS(st))
        return st;
    SIZE_T off = 0;
    CPIO_FILE f;
    ULONG count = 0;
    while (NT_SUCCESS(LdrCpioNext(LdrpBootArchive, LdrpBootArchiveSize, &off, &f))) {
        BOOLEAN dll = MiEndsWith(f.Name, f.NameLength, ".dll");
        if (!dll && !MiEndsWith(f.Name, f.NameLength, ".exe"))
            continue;
        LDR_IMAGE_INFO info;
        if (!NT_SUCCESS(LdrCheckImage(f.Data, f.Size, &info))) {
            DbgPrint("mm: %.*s is not a valid image; no section\n", (int)f.NameLength, f.Name);
            continue;
        }
        WCHAR buffer[80];
        UNICODE_STRING name;
        MiSectionName(dll ? "KnownDlls" : "Boot", f.Name, f.NameLength, buffer, 80, &name);
        PSECTION_OBJECT s;
        st = MiCreatePermanent(MmSectionObjectType, &name, sizeof(SECTION_OBJECT), (PVOID *)&s);
        if (!NT_SUCCESS(st))
            return st;
        s->File = f.Data;
        s->FileSize = f.Size;
        s->Info = info;
        st = ObInsertObject(s, NULL, 0, NULL, NULL);
        if (!NT_SUCCESS(st))
            return st;
        count++;
    }
    DbgTrace(DBG_MM, "mm: %u image sections from the boot archive\n", count);
    (void)count; /* release builds compile the trace out */
    return STATUS_SUCCESS;
}

NTSTATUS MmReferenceBootSection(const char *Directory, const char *Name, PSECTION_OBJECT *Section)
{
    WCHAR buffer[80];
    UNICODE_STRING name;
    MiSectionName(Directory, Name, strlen(Name), buffer, 80, &name);
    return ObReferenceObjectByName(&name, OBJ_CASE_INSENSITIVE, MmSectionObjectType, KernelMode, NULL,
                                   (PVOID *)Section);
}

const LDR_IMAGE_INFO *MmSectionImageInfo(PSECTION_OBJECT Section)
{
    return &Section->Info;
}

ULONG_PTR MmSectionExport(PSECTION_OBJECT Section, const char *Name)
{
    return LdrFindExport(Section->File, Section->FileSize, Name);
}

/* Map a view: at *Base if non-zero (STATUS_CONFLICTING_ADDRESSES if
 * taken), else at the preferred base if free, else anywhere free.
 * STATUS_IMAGE_NOT_AT_BASE (a success) when relocated. */
NTSTATUS MmMapImageView(PMMSUPPORT Vm, PSECTION_OBJECT Section, ULONG_PTR *Base)
{
    SIZE_T size = (Section->Info.SizeOfImage + 0xfff) & ~0xfffull;
    ULONG_PTR base = *Base;
    if (base) {
        if (base < MI_USER_START || base + size > MI_USER_END || base + size < base)
            return STATUS_INVALID_PARAMETER_3;
        if (!MiRangeFree(Vm, base, base + size))
            return STATUS_CONFLICTING_ADDRESSES;
    } else {
        base = Section->Info.ImageBase;
        if (!MiRangeFree(Vm, base, base + size)) {
            base = MiFindFreeRange(Vm, size, FALSE);
            if (!base)
                return STATUS_NO_MEMORY;
        }
    }
    NTSTATUS st = LdrMapImage(Vm, Section->File, Section->FileSize, base);
    if (!NT_SUCCESS(st))
        return st;
    *Base = base;
    return base == Section->Info.ImageBase ? STATUS_SUCCESS : STATUS_IMAGE_NOT_AT_BASE;
}

/* ---- Services ------------------------------------------------------------ */

NTSTATUS NtOpenSection(PETHREAD Thread, PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                       POBJECT_ATTRIBUTES ObjectAttributes)
{
    HANDLE h = NULL;
    NTSTATUS st = KiPutHandle(Thread, SectionHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    st = ObOpenObjectByName(Thread->Process->ObjectTable, ObjectAttributes, MmSectionObjectType, UserMode,
                            DesiredAccess, NULL, &h);
    if (NT_SUCCESS(st))
        KiPutHandle(Thread, SectionHandle, h);
    return st;
}

NTSTATUS NtQuerySection(PETHREAD Thread, HANDLE SectionHandle, SECTION_INFORMATION_CLASS Class, PVOID Buffer,
                        SIZE_T Length, PSIZE_T ReturnLength)
{
    if ((ULONG)Class != SectionBasicInformation && (ULONG)Class != SectionImageInformation)
        return (ULONG)Class < MaxSectionInfoClass ? STATUS_NOT_IMPLEMENTED : STATUS_INVALID_INFO_CLASS;
    PSECTION_OBJECT s;
    NTSTATUS st = ObReferenceObjectByHandle(Thread->Process->ObjectTable, SectionHandle, SECTION_QUERY,
                                            MmSectionObjectType, UserMode, (PVOID *)&s, NULL);
    if (!NT_SUCCESS(st))
        return st;
    union {
        SECTION_BASIC_INFORMATION Basic;
        SECTION_IMAGE_INFORMATION Image;
    } u;
    memset(&u, 0, sizeof(u));
    SIZE_T size;
    const LDR_IMAGE_INFO *i = &s->Info;
    if ((ULONG)Class == SectionBasicInformation) {
        size = sizeof(u.Basic);
        u.Basic.AllocationAttributes = SEC_IMAGE | SEC_FILE;
        u.Basic.MaximumSize.QuadPart = (i->SizeOfImage + 0xfff) & ~0xfffu;
    } else {
        size = sizeof(u.Image);
        u.Image.TransferAddress = (PVOID)i->EntryPoint;
        u.Image.MaximumStackSize = i->StackReserve;
        u.Image.CommittedStackSize = i->StackCommit;
        u.Image.SubSystemType = i->Subsystem;
        u.Image.SubSystemMajorVersion = i->SubsystemMajor;
        u.Image.SubSystemMinorVersion = i->SubsystemMinor;
        u.Image.MajorOperatingSystemVersion = i->OsMajor;
        u.Image.MinorOperatingSystemVersion = i->OsMinor;
        u.Image.ImageCharacteristics = i->Characteristics;
        u.Image.DllCharacteristics = i->DllCharacteristics;
        u.Image.Machine = i->Machine;
        u.Image.ImageContainsCode = i->ContainsCode;
        u.Image.LoaderFlags = i->LoaderFlags;
        u.Image.ImageFileSize = i->FileSize;
        u.Image.CheckSum = i->CheckSum;
    }
    ObDereferenceObject(s);
    if (Length < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    PMMSUPPORT caller = &Thread->Process->Vm;
    st = MmCopyToUser(caller, (ULONG_PTR)Buffer, &u, size);
    if (NT_SUCCESS(st) && ReturnLength)
        st = MmCopyToUser(caller, (ULONG_PTR)ReturnLength, &size, sizeof(size));
    return st;
}

NTSTATUS NtMapViewOfSection(PETHREAD Thread, HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
                            ULONG_PTR ZeroBits, SIZE_T CommitSize, PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
                            SECTION_INHERIT InheritDisposition, ULONG AllocationType, ULONG Win32Protect)
{
    (void)CommitSize;
    (void)SectionOffset; /* image views map the whole image */
    (void)AllocationType;
    (void)Win32Protect; /* image pages take their sections' protections */
    PMMSUPPORT caller = &Thread->Process->Vm;
    ULONG_PTR base;
    SIZE_T view;
    NTSTATUS st = MmCopyFromUser(caller, &base, (ULONG_PTR)BaseAddress, sizeof(base));
    if (NT_SUCCESS(st))
        st = MmCopyFromUser(caller, &view, (ULONG_PTR)ViewSize, sizeof(view));
    if (NT_SUCCESS(st))
        st = MmProbeUser(caller, (ULONG_PTR)BaseAddress, sizeof(base), TRUE);
    if (NT_SUCCESS(st))
        st = MmProbeUser(caller, (ULONG_PTR)ViewSize, sizeof(view), TRUE);
    if (!NT_SUCCESS(st))
        return st;
    if (ZeroBits > 21 && ZeroBits < 32)
        return STATUS_INVALID_PARAMETER_4;
    if (InheritDisposition != ViewShare && InheritDisposition != ViewUnmap)
        return STATUS_INVALID_PARAMETER_8;
    if (base & 0xffff)
        return STATUS_MAPPED_ALIGNMENT;
    PSECTION_OBJECT s;
    st = ObReferenceObjectByHandle(Thread->Process->ObjectTable, SectionHandle, SECTION_MAP_READ,
                                   MmSectionObjectType, UserMode, (PVOID *)&s, NULL);
    if (!NT_SUCCESS(st))
        return st;
    PEPROCESS p;
    st = PsReferenceLiveProcessByHandle(ProcessHandle, PROCESS_VM_OPERATION, &p);
    if (NT_SUCCESS(st)) {
        st = MmMapImageView(&p->Vm, s, &base);
        ObDereferenceObject(p);
    }
    if (NT_SUCCESS(st)) {
        view = (s->Info.SizeOfImage + 0xfff) & ~0xfffull;
        MmCopyToUser(caller, (ULONG_PTR)BaseAddress, &base, sizeof(base));
        MmCopyToUser(caller, (ULONG_PTR)ViewSize, &view, sizeof(view));
    }
    ObDereferenceObject(s);
    return st;
}

NTSTATUS NtUnmapViewOfSection(PETHREAD Thread, HANDLE ProcessHandle, PVOID BaseAddress)
{
    PEPROCESS p;
    NTSTATUS st = PsReferenceProcessByHandle(ProcessHandle, PROCESS_VM_OPERATION, &p);
    if (!NT_SUCCESS(st))
        return st;
    (void)Thread;
    MMVAD *vad = p->TornDown ? NULL : MiFindVad(&p->Vm, (ULONG_PTR)BaseAddress);
    if (!vad || MiVadType(vad) != MEM_IMAGE)
        st = STATUS_NOT_MAPPED_VIEW;
    else
        st = MmReleaseRegion(&p->Vm, MiVadStart(vad));
    ObDereferenceObject(p);
    return st;
}
