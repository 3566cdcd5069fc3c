/*
 * section.c — the Section object type and the section services:
 * NtCreateSection, NtOpenSection, NtQuerySection, NtMapViewOfSection,
 * NtUnmapViewOfSection; and the boot archive's images as named sections.
 *
 * Two kinds of section share the type (mi.h's SECTION_OBJECT):
 *
 *  - image sections: at boot every PE file at the archive's top that passes
 *    LdrCheckImage becomes a permanent image section: DLLs as
 *    \KnownDlls\<name>, programs as \Boot\<name> (names in lower case).
 *    A section refers to the file's bytes in the archive, which stays
 *    mapped in the executive for good.  A view at the image's preferred
 *    base maps the pages of the file's prototype (MiImagePrototype): one
 *    set of frames per file, made page by page on first touch, shared by
 *    every such view in every process — read-only pages as they are,
 *    writable ones copy-on-write.  A relocated view is a private copy made
 *    at once (its pages differ from the prototype's).
 *
 *  - page-file sections: NtCreateSection without a file; their pages are
 *    shared by every view in every process (pfsection.c).
 *
 *  - sections of a file (NtCreateSection with a FileHandle): SEC_IMAGE
 *    makes an image section like the boot ones, unnamed unless asked,
 *    holding a reference to the file object; without SEC_IMAGE a data
 *    section, a page-file section whose pages come from the file
 *    (pfsection.c).  Every file today is the boot volume's (io/bootfs.c):
 *    in memory for good and read-only, so no section of a file is ever
 *    written back and none may be larger than its file.
 *
 * Arguments are checked in the order Windows checks them (tests/ntapi
 * checks the statuses against Wine), every user pointer read and probed
 * for writing before anything changes.
 */
#include "mi.h"
#include "../ke/ki.h"

POBJECT_TYPE MmSectionObjectType;

static LIST_ENTRY MiPrototypes = { &MiPrototypes, &MiPrototypes };

static VOID MiDeleteSection(PVOID Object)
{
    PSECTION_OBJECT s = Object;
    if (s->IsPrototype) {
        RemoveEntryList(&s->PrototypeLink);
        ExFreePoolWithTag(s->PageProtect, 'tpSM');
    }
    MiDeletePageFileSection(s); /* the pages of a page-file section or a prototype */
    if (s->Prototype)
        ObDereferenceObject(s->Prototype);
    if (s->FileObject)
        ObDereferenceObject(s->FileObject);
}

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
    init.DeleteProcedure = MiDeleteSection;
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

static BOOLEAN MiHasSlash(const char *Name, SIZE_T Length)
{
    for (SIZE_T i = 0; i < Length; i++)
        if (Name[i] == '/')
            return TRUE;
    return FALSE;
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
        if (MiHasSlash(f.Name, f.NameLength))
            continue; /* files in the archive's directories are only files (C:\Boot\dir\x.dll) */
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
        if (NT_SUCCESS(st)) {
            s->Attributes = SEC_IMAGE | SEC_FILE;
            s->File = f.Data;
            s->FileSize = f.Size;
            s->Info = info;
            st = ObInsertObject(s, NULL, 0, NULL, NULL);
        }
        if (!NT_SUCCESS(st)) {
            /* a name the object manager refuses (or a collision): that file
             * gets no section; the boot goes on */
            DbgPrint("mm: no section for %.*s (status 0x%08x)\n", (int)f.NameLength, f.Name, (ULONG)st);
            continue;
        }
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

PVOID MmSectionFileObject(PSECTION_OBJECT Section)
{
    return Section->FileObject;
}

ULONG_PTR MmSectionExport(PSECTION_OBJECT Section, const char *Name)
{
    return LdrFindExport(Section->File, Section->FileSize, Name);
}

/*
 * The prototype of an image section: the pages of the image at its
 * preferred base, made on first touch and shared by every view there.
 * One per file: image sections made of the same bytes (the boot section
 * \Boot\x.exe and any section of the file C:\Boot\x.exe) find the same
 * one, so a program started a hundred times has its code once in memory.
 * A prototype is a section object of its own, never named or handed out;
 * each image section and each view holds a reference on it.
 */
static NTSTATUS MiImagePrototype(PSECTION_OBJECT Section, PSECTION_OBJECT *Prototype)
{
    if (Section->Prototype) {
        *Prototype = Section->Prototype;
        return STATUS_SUCCESS;
    }
    PSECTION_OBJECT p = NULL;
    for (PLIST_ENTRY e = MiPrototypes.Flink; e != &MiPrototypes; e = e->Flink) {
        PSECTION_OBJECT q = CONTAINING_RECORD(e, SECTION_OBJECT, PrototypeLink);
        if (q->File == Section->File && q->FileSize == Section->FileSize) {
            p = q;
            ObReferenceObject(p);
            break;
        }
    }
    if (!p) {
        ULONG64 pages = (Section->Info.SizeOfImage + 0xfffull) / 4096;
        PUCHAR protect = ExAllocatePoolWithTag(NonPagedPool, pages, 'tpSM');
        if (!protect)
            return STATUS_INSUFFICIENT_RESOURCES;
        NTSTATUS st = MiCreatePageFileSection(NULL, pages * 4096, PAGE_EXECUTE_WRITECOPY, SEC_IMAGE | SEC_FILE, &p);
        if (!NT_SUCCESS(st)) {
            ExFreePoolWithTag(protect, 'tpSM');
            return st;
        }
        LdrImagePageProtections(Section->File, Section->FileSize, protect, (ULONG)pages);
        p->IsPrototype = TRUE;
        p->PageProtect = protect;
        p->File = Section->File;
        p->FileSize = Section->FileSize;
        p->Info = Section->Info;
        InsertTailList(&MiPrototypes, &p->PrototypeLink);
    }
    Section->Prototype = p; /* the section's reference */
    *Prototype = p;
    return STATUS_SUCCESS;
}

/* Map a view: at *Base if non-zero (STATUS_CONFLICTING_ADDRESSES if
 * taken), else at the preferred base if free, else anywhere free.
 * STATUS_IMAGE_NOT_AT_BASE (a success) when relocated.  A view at the
 * preferred base maps the prototype's pages on demand (copy-on-write for
 * the writable ones); a relocated one is a private copy, made at once,
 * since its relocated pages differ from the prototype's. */
NTSTATUS MmMapImageView(PMMSUPPORT Vm, PSECTION_OBJECT Section, ULONG_PTR *Base)
{
    if (!MI_IS_IMAGE_SECTION(Section))
        return STATUS_SECTION_NOT_IMAGE; /* e.g. NtCreateProcessEx given a page-file section */
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
    if (base == Section->Info.ImageBase) {
        PSECTION_OBJECT prototype;
        NTSTATUS st = MiImagePrototype(Section, &prototype);
        MMVAD *vad;
        if (NT_SUCCESS(st))
            st = MiInsertVad(Vm, base, base + size, MEM_IMAGE, PAGE_EXECUTE_WRITECOPY, &vad);
        if (!NT_SUCCESS(st))
            return st;
        MiSetVadSection(vad, prototype, 0);
        *Base = base;
        return STATUS_SUCCESS;
    }
    NTSTATUS st = LdrMapImage(Vm, Section->File, Section->FileSize, base);
    if (!NT_SUCCESS(st))
        return st;
    *Base = base;
    return STATUS_IMAGE_NOT_AT_BASE;
}

/* ---- Services ------------------------------------------------------------ */

#define MI_SEC_VALID_ATTRIBUTES                                                                          \
    (SEC_BASED | SEC_NO_CHANGE | SEC_FILE | SEC_IMAGE | SEC_RESERVE | SEC_COMMIT | SEC_NOCACHE |         \
     SEC_WRITECOMBINE | SEC_LARGE_PAGES)

/* AllocationAttributes as NtCreateSection accepts them (Windows'
 * STATUS_INVALID_PARAMETER_6 cases). */
static BOOLEAN MiValidSectionAttributes(ULONG Attributes)
{
    if (Attributes & ~(ULONG)MI_SEC_VALID_ATTRIBUTES)
        return FALSE;
    if (!(Attributes & (SEC_COMMIT | SEC_RESERVE | SEC_IMAGE)))
        return FALSE;
    if ((Attributes & SEC_COMMIT) && (Attributes & SEC_RESERVE))
        return FALSE;
    if ((Attributes & SEC_IMAGE) && (Attributes & (SEC_COMMIT | SEC_RESERVE | SEC_LARGE_PAGES | SEC_NO_CHANGE)))
        return FALSE;
    return TRUE;
}

/* A section's protection: one PAGE_* value, not PAGE_NOACCESS, no
 * modifiers. */
static BOOLEAN MiValidSectionProtect(ULONG Protect)
{
    return MiValidProtect(Protect) && Protect != PAGE_NOACCESS && !(Protect & ~0xffu);
}

/* The file access a section of protection Protect needs (Windows' table). */
static ACCESS_MASK MiFileAccess(ULONG Protect)
{
    static const ACCESS_MASK access[8] = {
        FILE_READ_DATA,                                     /* PAGE_NOACCESS (refused earlier) */
        FILE_READ_DATA,                                     /* PAGE_READONLY */
        FILE_READ_DATA | FILE_WRITE_DATA,                   /* PAGE_READWRITE */
        FILE_READ_DATA,                                     /* PAGE_WRITECOPY */
        FILE_EXECUTE,                                       /* PAGE_EXECUTE */
        FILE_EXECUTE | FILE_READ_DATA,                      /* PAGE_EXECUTE_READ */
        FILE_EXECUTE | FILE_READ_DATA | FILE_WRITE_DATA,    /* PAGE_EXECUTE_READWRITE */
        FILE_EXECUTE | FILE_READ_DATA,                      /* PAGE_EXECUTE_WRITECOPY */
    };
    return access[__builtin_ctz(Protect & 0xff)];
}

/* A page-file section of Size bytes, if all of RAM can hold it (there is
 * no paging file). */
static NTSTATUS MiCreatePageFileSectionChecked(POBJECT_ATTRIBUTES ObjectAttributes, LARGE_INTEGER Size,
                                               ULONG Protect, ULONG Attributes, PSECTION_OBJECT *Section)
{
    if (Attributes & SEC_IMAGE)
        return STATUS_INVALID_FILE_FOR_SECTION;
    ULONG64 bytes = (ULONG64)Size.QuadPart;
    if (Size.QuadPart < 0 || bytes > MI_USER_END)
        return STATUS_SECTION_TOO_BIG;
    bytes = (bytes + 0xfff) & ~0xfffull;
    MM_STATS ms;
    MmQueryStats(&ms);
    if (bytes > ms.TotalBytes)
        return Attributes & SEC_COMMIT ? STATUS_COMMITMENT_LIMIT : STATUS_INSUFFICIENT_RESOURCES;
    return MiCreatePageFileSection(ObjectAttributes, bytes, Protect, Attributes, Section);
}

/* A section of File: an image (SEC_IMAGE) or the file's data. */
static NTSTATUS MiCreateFileSection(PVOID File, POBJECT_ATTRIBUTES ObjectAttributes, LARGE_INTEGER MaximumSize,
                                    ULONG Protect, ULONG Attributes, PSECTION_OBJECT *Section)
{
    const UCHAR *data;
    SIZE_T fileSize;
    NTSTATUS st = IoFileContents(File, &data, &fileSize);
    if (!NT_SUCCESS(st))
        return st;
    PSECTION_OBJECT s;
    if (Attributes & SEC_IMAGE) {
        LDR_IMAGE_INFO info;
        if (fileSize < 2 || data[0] != 'M' || data[1] != 'Z')
            return STATUS_INVALID_IMAGE_NOT_MZ;
        if (!NT_SUCCESS(LdrCheckImage(data, fileSize, &info)))
            return STATUS_INVALID_IMAGE_FORMAT;
        st = ObCreateObject(UserMode, MmSectionObjectType, ObjectAttributes, sizeof(SECTION_OBJECT), (PVOID *)&s);
        if (!NT_SUCCESS(st))
            return st;
        s->Attributes = SEC_IMAGE | SEC_FILE;
        s->File = data;
        s->FileSize = fileSize;
        s->Info = info;
        s->Protect = Protect;
    } else {
        ULONG64 bytes = MaximumSize.QuadPart ? (ULONG64)MaximumSize.QuadPart : fileSize;
        if (MaximumSize.QuadPart < 0 || bytes > fileSize)
            return STATUS_SECTION_TOO_BIG; /* a read-only file cannot grow */
        if (bytes == 0)
            return STATUS_MAPPED_FILE_SIZE_ZERO;
        if (MiProtectWritable(Protect))
            return STATUS_ACCESS_DENIED; /* a handle with more rights than the volume gives */
        st = MiCreatePageFileSection(ObjectAttributes, (bytes + 0xfff) & ~0xfffull, Protect, SEC_FILE | SEC_COMMIT,
                                     &s);
        if (!NT_SUCCESS(st))
            return st;
        s->File = data;
        s->FileSize = bytes;
    }
    ObReferenceObject(File);
    s->FileObject = File;
    *Section = s;
    return STATUS_SUCCESS;
}

NTSTATUS NtCreateSection(PETHREAD Thread, PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize, ULONG SectionPageProtection,
                         ULONG AllocationAttributes, HANDLE FileHandle)
{
    PMMSUPPORT caller = &Thread->Process->Vm;
    if (!MiValidSectionAttributes(AllocationAttributes))
        return STATUS_INVALID_PARAMETER_6;
    if (!MiValidSectionProtect(SectionPageProtection))
        return STATUS_INVALID_PAGE_PROTECTION;
    NTSTATUS st = KiPutHandle(Thread, SectionHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    LARGE_INTEGER size = { .QuadPart = 0 };
    if (MaximumSize) {
        st = MmCopyFromUser(caller, &size, (ULONG_PTR)MaximumSize, sizeof(size));
        if (!NT_SUCCESS(st))
            return st;
    }
    if (!FileHandle && size.QuadPart == 0)
        return STATUS_INVALID_PARAMETER_4;
    PSECTION_OBJECT s;
    if (FileHandle) {
        PVOID file;
        st = ObReferenceObjectByHandle(Thread->Process->ObjectTable, FileHandle, MiFileAccess(SectionPageProtection),
                                       IoFileObjectType, UserMode, &file, NULL);
        if (!NT_SUCCESS(st))
            return st;
        st = MiCreateFileSection(file, ObjectAttributes, size, SectionPageProtection, AllocationAttributes, &s);
        ObDereferenceObject(file);
    } else {
        st = MiCreatePageFileSectionChecked(ObjectAttributes, size, SectionPageProtection, AllocationAttributes, &s);
    }
    if (!NT_SUCCESS(st))
        return st;
    HANDLE h;
    st = ObInsertObject(s, Thread->Process->ObjectTable, DesiredAccess, NULL, &h);
    if (NT_SUCCESS(st)) /* STATUS_OBJECT_NAME_EXISTS too: OBJ_OPENIF opened the one there */
        KiPutHandle(Thread, SectionHandle, h);
    return st;
}

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

static VOID MiImageInformation(PSECTION_OBJECT Section, SECTION_IMAGE_INFORMATION *Image)
{
    const LDR_IMAGE_INFO *i = &Section->Info;
    Image->TransferAddress = (PVOID)i->EntryPoint;
    Image->MaximumStackSize = i->StackReserve;
    Image->CommittedStackSize = i->StackCommit;
    Image->SubSystemType = i->Subsystem;
    Image->SubSystemMajorVersion = i->SubsystemMajor;
    Image->SubSystemMinorVersion = i->SubsystemMinor;
    Image->MajorOperatingSystemVersion = i->OsMajor;
    Image->MinorOperatingSystemVersion = i->OsMinor;
    Image->ImageCharacteristics = i->Characteristics;
    Image->DllCharacteristics = i->DllCharacteristics;
    Image->Machine = i->Machine;
    Image->ImageContainsCode = i->ContainsCode;
    Image->LoaderFlags = i->LoaderFlags;
    Image->ImageFileSize = i->FileSize;
    Image->CheckSum = i->CheckSum;
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
    if ((ULONG)Class == SectionBasicInformation) {
        size = sizeof(u.Basic);
        u.Basic.AllocationAttributes = s->Attributes;
        u.Basic.MaximumSize.QuadPart =
            MI_IS_IMAGE_SECTION(s) ? (s->Info.SizeOfImage + 0xfff) & ~0xfffu : (LONGLONG)s->Size;
    } else {
        size = sizeof(u.Image);
        if (MI_IS_IMAGE_SECTION(s))
            MiImageInformation(s, &u.Image);
        else
            st = STATUS_SECTION_NOT_IMAGE;
    }
    ObDereferenceObject(s);
    if (!NT_SUCCESS(st))
        return st;
    if (Length < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    PMMSUPPORT caller = &Thread->Process->Vm;
    st = MmCopyToUser(caller, (ULONG_PTR)Buffer, &u, size);
    if (NT_SUCCESS(st) && ReturnLength)
        st = MmCopyToUser(caller, (ULONG_PTR)ReturnLength, &size, sizeof(size));
    return st;
}

/* The section access a view with protection Protect needs (Windows'
 * table, by the protection's bit). */
static ACCESS_MASK MiViewAccess(ULONG Protect)
{
    static const ACCESS_MASK access[8] = {
        SECTION_MAP_READ,                        /* PAGE_NOACCESS */
        SECTION_MAP_READ,                        /* PAGE_READONLY */
        SECTION_MAP_WRITE,                       /* PAGE_READWRITE */
        SECTION_MAP_READ,                        /* PAGE_WRITECOPY */
        SECTION_MAP_EXECUTE,                     /* PAGE_EXECUTE */
        SECTION_MAP_EXECUTE | SECTION_MAP_READ,  /* PAGE_EXECUTE_READ */
        SECTION_MAP_EXECUTE | SECTION_MAP_WRITE, /* PAGE_EXECUTE_READWRITE */
        SECTION_MAP_EXECUTE | SECTION_MAP_READ,  /* PAGE_EXECUTE_WRITECOPY */
    };
    return access[__builtin_ctz(Protect & 0xff)];
}

/* Read BaseAddress, ViewSize and SectionOffset, and probe the in/out ones
 * for writing, before anything changes. */
static NTSTATUS MiCaptureViewArguments(PMMSUPPORT Vm, PVOID *BaseAddress, PSIZE_T ViewSize,
                                       PLARGE_INTEGER SectionOffset, ULONG_PTR *Base, SIZE_T *View,
                                       ULONG64 *Offset)
{
    LARGE_INTEGER offset = { .QuadPart = 0 };
    NTSTATUS st = MmCopyFromUser(Vm, Base, (ULONG_PTR)BaseAddress, sizeof(*Base));
    if (NT_SUCCESS(st))
        st = MmCopyFromUser(Vm, View, (ULONG_PTR)ViewSize, sizeof(*View));
    if (NT_SUCCESS(st) && SectionOffset)
        st = MmCopyFromUser(Vm, &offset, (ULONG_PTR)SectionOffset, sizeof(offset));
    if (NT_SUCCESS(st))
        st = MmProbeUser(Vm, (ULONG_PTR)BaseAddress, sizeof(*Base), TRUE);
    if (NT_SUCCESS(st))
        st = MmProbeUser(Vm, (ULONG_PTR)ViewSize, sizeof(*View), TRUE);
    if (NT_SUCCESS(st) && SectionOffset)
        st = MmProbeUser(Vm, (ULONG_PTR)SectionOffset, sizeof(offset), TRUE);
    *Offset = (ULONG64)offset.QuadPart;
    return st;
}

NTSTATUS NtMapViewOfSection(PETHREAD Thread, HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
                            ULONG_PTR ZeroBits, SIZE_T CommitSize, PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
                            SECTION_INHERIT InheritDisposition, ULONG AllocationType, ULONG Win32Protect)
{
    PMMSUPPORT caller = &Thread->Process->Vm;
    if (AllocationType & ~(ULONG)(MEM_TOP_DOWN | MEM_RESERVE | MEM_LARGE_PAGES))
        return STATUS_INVALID_PARAMETER_9;
    if (InheritDisposition != ViewShare && InheritDisposition != ViewUnmap)
        return STATUS_INVALID_PARAMETER_8;
    if (!MiValidProtect(Win32Protect))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (ZeroBits > 21 && ZeroBits < 32)
        return STATUS_INVALID_PARAMETER_4;
    ULONG_PTR base;
    SIZE_T view;
    ULONG64 offset;
    NTSTATUS st = MiCaptureViewArguments(caller, BaseAddress, ViewSize, SectionOffset, &base, &view, &offset);
    if (!NT_SUCCESS(st))
        return st;
    if (base >= MI_USER_END || view > MI_USER_END - base)
        return STATUS_INVALID_PARAMETER_3;
    PEPROCESS p;
    st = PsReferenceLiveProcessByHandle(ProcessHandle, PROCESS_VM_OPERATION, &p);
    if (!NT_SUCCESS(st))
        return st;
    /* The handle must grant what the asked protection needs, for image
     * sections too (as on Windows, whose loader opens KnownDlls sections
     * with SECTION_MAP_WRITE because it maps them PAGE_READWRITE). */
    PSECTION_OBJECT s;
    st = ObReferenceObjectByHandle(Thread->Process->ObjectTable, SectionHandle, MiViewAccess(Win32Protect),
                                   MmSectionObjectType, UserMode, (PVOID *)&s, NULL);
    if (!NT_SUCCESS(st)) {
        ObDereferenceObject(p);
        return st;
    }
    if (!MI_IS_IMAGE_SECTION(s))
        st = MiMapPageFileView(&p->Vm, s, &base, &view, offset, ZeroBits, CommitSize, AllocationType, Win32Protect);
    else if (base & (MI_ALLOCATION_GRANULARITY - 1))
        st = STATUS_MAPPED_ALIGNMENT;
    else {
        st = MmMapImageView(&p->Vm, s, &base);
        view = (s->Info.SizeOfImage + 0xfff) & ~0xfffull;
    }
    ObDereferenceObject(s);
    ObDereferenceObject(p);
    if (NT_SUCCESS(st)) {
        MmCopyToUser(caller, (ULONG_PTR)BaseAddress, &base, sizeof(base));
        MmCopyToUser(caller, (ULONG_PTR)ViewSize, &view, sizeof(view));
    }
    return st;
}

NTSTATUS NtUnmapViewOfSection(PETHREAD Thread, HANDLE ProcessHandle, PVOID BaseAddress)
{
    PEPROCESS p;
    NTSTATUS st = PsReferenceLiveProcessByHandle(ProcessHandle, PROCESS_VM_OPERATION, &p);
    if (!NT_SUCCESS(st))
        return st; /* a torn-down process: STATUS_PROCESS_IS_TERMINATING, as on Windows */
    (void)Thread;
    MMVAD *vad = MiFindVad(&p->Vm, (ULONG_PTR)BaseAddress);
    if (!vad || (MiVadType(vad) != MEM_IMAGE && MiVadType(vad) != MEM_MAPPED))
        st = STATUS_NOT_MAPPED_VIEW;
    else
        st = MmReleaseRegion(&p->Vm, MiVadStart(vad)); /* a view drops its section reference */
    ObDereferenceObject(p);
    return st;
}
