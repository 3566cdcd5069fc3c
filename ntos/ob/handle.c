/*
 * handle.c — handle tables: per-process handles, the kernel table, pseudo
 * handles, close, duplicate and inheritance.
 *
 * A table is a growable array of entries {object, granted access, handle
 * attributes}.  Handle value = (index + 1) * 4, so the first handle is 4;
 * the low two bits of a value are ignored on lookup (Windows lets programs
 * keep tags there).  Freed entries go on a LIFO free list threaded through
 * the entries, so the most recently closed value is the next one handed
 * out.  The array doubles when full, up to OBP_MAX_HANDLES entries.
 *
 * Kernel handles (OBJ_KERNEL_HANDLE from kernel mode) live in
 * ObpKernelHandleTable and carry OBP_KERNEL_HANDLE_MASK, which makes them
 * negative; they resolve only for kernel-mode callers.  Negative values -1
 * to -6 are pseudo handles (current process, current thread, tokens...):
 * never in a table, they are turned into objects by the resolver the
 * process manager installs.
 *
 * Each entry holds one pointer reference and counts in the object's handle
 * count.  Closing an entry: unlink it first (so a close procedure that looks
 * at the table sees it gone), then the type's close procedure, then the
 * name check (the last handle of a temporary named object takes its name
 * away), then the reference.
 *
 * Access.  Without security descriptors every open is granted what it asks
 * for: the request, generic rights mapped through the type's mapping and
 * MAXIMUM_ALLOWED meaning the type's GenericAll, clipped to the type's
 * ValidAccessMask.  What a handle was granted is then enforced on every use
 * from user mode (ObReferenceObjectByHandle) and on duplication.
 */
#include "obp.h"

PHANDLE_TABLE ObpKernelHandleTable;
static OB_PSEUDO_HANDLE_RESOLVER ObpPseudoHandleResolver;

#define OBP_FIRST_PSEUDO_HANDLE ((LONG_PTR)-6)

static BOOLEAN ObpIsPseudoHandle(HANDLE Handle) {
    LONG_PTR Value = (LONG_PTR)Handle;

    return Value < 0 && Value >= OBP_FIRST_PSEUDO_HANDLE;
}

VOID ObSetPseudoHandleResolver(OB_PSEUDO_HANDLE_RESOLVER Resolver) {
    ObpPseudoHandleResolver = Resolver;
}

static ACCESS_MASK ObpGrantedAccess(POBJECT_TYPE Type, ACCESS_MASK DesiredAccess) {
    const GENERIC_MAPPING *Mapping = &Type->TypeInfo.GenericMapping;
    ACCESS_MASK Access = ObpMapGenericMask(DesiredAccess & ~MAXIMUM_ALLOWED, Mapping);

    if (DesiredAccess & MAXIMUM_ALLOWED)
        Access |= Mapping->GenericAll;
    return Access & Type->TypeInfo.ValidAccessMask;
}

/* ---- Table storage ------------------------------------------------------- */

static NTSTATUS ObpAllocateTable(PVOID Owner, ULONG Capacity, PHANDLE_TABLE *Table) {
    PHANDLE_TABLE New = ExAllocatePoolWithTag(ObpPool, sizeof(*New), OB_HANDLE_TABLE_TAG);

    *Table = NULL;
    if (New == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (Capacity != 0) {
        New->Entries = ExAllocatePoolWithTag(ObpPool, Capacity * sizeof(HANDLE_TABLE_ENTRY),
                                             OB_HANDLE_TABLE_TAG);
        if (New->Entries == NULL) {
            ExFreePoolWithTag(New, OB_HANDLE_TABLE_TAG);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    New->Capacity = Capacity;
    New->Owner = Owner;
    *Table = New;
    return STATUS_SUCCESS;
}

static VOID ObpFreeTable(PHANDLE_TABLE Table) {
    if (Table->Entries != NULL)
        ExFreePoolWithTag(Table->Entries, OB_HANDLE_TABLE_TAG);
    ExFreePoolWithTag(Table, OB_HANDLE_TABLE_TAG);
}

static NTSTATUS ObpGrowTable(PHANDLE_TABLE Table) {
    ULONG Capacity = Table->Capacity ? Table->Capacity * 2 : 16;
    PHANDLE_TABLE_ENTRY Entries;

    if (Capacity > OBP_MAX_HANDLES)
        Capacity = OBP_MAX_HANDLES;
    if (Capacity <= Table->Capacity)
        return STATUS_INSUFFICIENT_RESOURCES;
    Entries =
        ExAllocatePoolWithTag(ObpPool, Capacity * sizeof(HANDLE_TABLE_ENTRY), OB_HANDLE_TABLE_TAG);
    if (Entries == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (Table->Entries != NULL) {
        ObpCopyMemory(Entries, Table->Entries, Table->HighWater * sizeof(HANDLE_TABLE_ENTRY));
        ExFreePoolWithTag(Table->Entries, OB_HANDLE_TABLE_TAG);
    }
    Table->Entries = Entries;
    Table->Capacity = Capacity;
    return STATUS_SUCCESS;
}

static NTSTATUS ObpAllocateEntry(PHANDLE_TABLE Table, PULONG Index) {
    NTSTATUS Status;

    if (Table->FreeHead != 0) {
        *Index = Table->FreeHead - 1;
        Table->FreeHead = Table->Entries[*Index].NextFree;
        return STATUS_SUCCESS;
    }
    if (Table->HighWater == Table->Capacity) {
        Status = ObpGrowTable(Table);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    *Index = Table->HighWater++;
    return STATUS_SUCCESS;
}

static VOID ObpReleaseEntry(PHANDLE_TABLE Table, ULONG Index) {
    PHANDLE_TABLE_ENTRY Entry = &Table->Entries[Index];

    ObpZeroMemory(Entry, sizeof(*Entry));
    Entry->NextFree = Table->FreeHead;
    Table->FreeHead = Index + 1;
}

static PHANDLE_TABLE ObpSelectTable(PHANDLE_TABLE HandleTable, ULONG Attributes,
                                    KPROCESSOR_MODE AccessMode) {
    if ((Attributes & OBJ_KERNEL_HANDLE) && AccessMode == KernelMode)
        return ObpKernelHandleTable;
    return HandleTable;
}

NTSTATUS ObpReserveHandle(PHANDLE_TABLE HandleTable, ULONG HandleAttributes,
                          KPROCESSOR_MODE AccessMode) {
    PHANDLE_TABLE Table = ObpSelectTable(HandleTable, HandleAttributes, AccessMode);

    OBP_ASSERT(Table != NULL);
    if (Table->FreeHead != 0 || Table->HighWater < Table->Capacity)
        return STATUS_SUCCESS;
    return ObpGrowTable(Table);
}

/* ---- Handle values ------------------------------------------------------- */

static HANDLE ObpEncodeHandle(PHANDLE_TABLE Table, ULONG Index) {
    ULONG_PTR Value = ((ULONG_PTR)Index + 1) << 2;

    if (Table->IsKernelTable)
        Value |= OBP_KERNEL_HANDLE_MASK;
    return (HANDLE)Value;
}

/* Finds the table and index of a live entry; FALSE for anything else. */
static BOOLEAN ObpDecodeHandle(PHANDLE_TABLE HandleTable, HANDLE Handle, KPROCESSOR_MODE AccessMode,
                               PHANDLE_TABLE *Table, PULONG Index) {
    ULONG_PTR Value = (ULONG_PTR)Handle;
    PHANDLE_TABLE Search = HandleTable;

    if (ObpIsPseudoHandle(Handle))
        return FALSE;
    if ((Value & OBP_KERNEL_HANDLE_MASK) == OBP_KERNEL_HANDLE_MASK && AccessMode == KernelMode) {
        Search = ObpKernelHandleTable;
        Value &= ~OBP_KERNEL_HANDLE_MASK;
    }
    Value >>= 2;
    if (Search == NULL || Value == 0 || Value > Search->HighWater ||
        Search->Entries[Value - 1].Object == NULL)
        return FALSE;
    *Table = Search;
    *Index = (ULONG)(Value - 1);
    return TRUE;
}

PHANDLE_TABLE_ENTRY ObpLookupHandleEntry(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                         KPROCESSOR_MODE AccessMode) {
    PHANDLE_TABLE Table;
    ULONG Index;

    if (!ObpDecodeHandle(HandleTable, Handle, AccessMode, &Table, &Index))
        return NULL;
    return &Table->Entries[Index];
}

/* ---- Creating handles ---------------------------------------------------- */

/* OBJ_EXCLUSIVE: only one table may hold handles to such an object. */
static NTSTATUS ObpCheckExclusive(POBJECT_HEADER Header, PHANDLE_TABLE Table, ULONG Attributes) {
    if (Header->ExclusiveTable != NULL)
        return Header->ExclusiveTable == Table ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
    if ((Attributes & OBJ_EXCLUSIVE) && Header->HandleCount != 0)
        return STATUS_ACCESS_DENIED;
    return STATUS_SUCCESS;
}

static VOID ObpCountHandle(POBJECT_HEADER Header, PHANDLE_TABLE Table) {
    POBJECT_TYPE Type = Header->Type;

    Header->HandleCount++;
    OBP_ASSERT(Header->PointerCount >= Header->HandleCount);
    Table->HandleCount++;
    Type->TotalNumberOfHandles++;
    if (Type->TotalNumberOfHandles > Type->HighWaterNumberOfHandles)
        Type->HighWaterNumberOfHandles = Type->TotalNumberOfHandles;
}

NTSTATUS ObpCreateHandle(PHANDLE_TABLE HandleTable, PVOID Object, ACCESS_MASK DesiredAccess,
                         ULONG HandleAttributes, KPROCESSOR_MODE AccessMode, PHANDLE Handle) {
    PHANDLE_TABLE Table = ObpSelectTable(HandleTable, HandleAttributes, AccessMode);
    POBJECT_HEADER Header = ObpHeader(Object);
    PHANDLE_TABLE_ENTRY Entry;
    NTSTATUS Status;
    ULONG Index;

    OBP_ASSERT(Table != NULL && !(Header->Flags & OB_FLAG_NEW_OBJECT));
    if (AccessMode != KernelMode && (Header->Flags & OB_FLAG_KERNEL_ONLY))
        return STATUS_ACCESS_DENIED;
    Status = ObpCheckExclusive(Header, Table, HandleAttributes);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObpAllocateEntry(Table, &Index);
    if (!NT_SUCCESS(Status))
        return Status;

    Entry = &Table->Entries[Index];
    Entry->Object = Object;
    Entry->GrantedAccess = ObpGrantedAccess(Header->Type, DesiredAccess);
    Entry->Attributes = HandleAttributes & OBJ_HANDLE_ATTRIBUTES;
    Entry->NextFree = 0;
    if (HandleAttributes & OBJ_EXCLUSIVE)
        Header->ExclusiveTable = Table;
    ObpCountHandle(Header, Table);
    *Handle = ObpEncodeHandle(Table, Index);
    return STATUS_SUCCESS;
}

NTSTATUS ObOpenObjectByPointer(PHANDLE_TABLE HandleTable, PVOID Object, ULONG HandleAttributes,
                               ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                               KPROCESSOR_MODE AccessMode, PHANDLE Handle) {
    NTSTATUS Status;

    *Handle = NULL;
    if (ObjectType != NULL && ObpHeader(Object)->Type != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObReferenceObject(Object);
    Status =
        ObpCreateHandle(HandleTable, Object, DesiredAccess, HandleAttributes, AccessMode, Handle);
    if (!NT_SUCCESS(Status))
        ObDereferenceObject(Object);
    return Status;
}

/* ---- Using handles ------------------------------------------------------- */

NTSTATUS ObpReferenceHandle(PHANDLE_TABLE HandleTable, HANDLE Handle, KPROCESSOR_MODE AccessMode,
                            PVOID *Object, POBJECT_HANDLE_INFORMATION HandleInformation) {
    PHANDLE_TABLE_ENTRY Entry;

    *Object = NULL;
    if (ObpIsPseudoHandle(Handle)) {
        if (ObpPseudoHandleResolver == NULL)
            return STATUS_INVALID_HANDLE;
        HandleInformation->HandleAttributes = 0;
        return ObpPseudoHandleResolver(HandleTable, Handle, Object,
                                       &HandleInformation->GrantedAccess);
    }
    Entry = ObpLookupHandleEntry(HandleTable, Handle, AccessMode);
    if (Entry == NULL)
        return STATUS_INVALID_HANDLE;
    HandleInformation->HandleAttributes = Entry->Attributes;
    HandleInformation->GrantedAccess = Entry->GrantedAccess;
    ObReferenceObject(Entry->Object);
    *Object = Entry->Object;
    return STATUS_SUCCESS;
}

NTSTATUS ObReferenceObjectByHandle(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                   ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                   KPROCESSOR_MODE AccessMode, PVOID *Object,
                                   POBJECT_HANDLE_INFORMATION HandleInformation) {
    OBJECT_HANDLE_INFORMATION Info;
    POBJECT_TYPE Type;
    ACCESS_MASK Wanted;
    NTSTATUS Status;
    PVOID Found;

    *Object = NULL;
    Status = ObpReferenceHandle(HandleTable, Handle, AccessMode, &Found, &Info);
    if (!NT_SUCCESS(Status))
        return Status;
    Type = ObpHeader(Found)->Type;
    if (ObjectType != NULL && Type != ObjectType) {
        ObDereferenceObject(Found);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    Wanted = ObpMapGenericMask(DesiredAccess & ~MAXIMUM_ALLOWED, &Type->TypeInfo.GenericMapping);
    if (AccessMode != KernelMode && (Wanted & ~Info.GrantedAccess) != 0) {
        ObDereferenceObject(Found);
        return STATUS_ACCESS_DENIED;
    }
    *Object = Found;
    if (HandleInformation != NULL)
        *HandleInformation = Info;
    return STATUS_SUCCESS;
}

/* ---- Closing ------------------------------------------------------------- */

static VOID ObpCloseEntry(PHANDLE_TABLE Table, ULONG Index) {
    HANDLE_TABLE_ENTRY Entry = Table->Entries[Index];
    POBJECT_HEADER Header = ObpHeader(Entry.Object);
    POBJECT_TYPE Type = Header->Type;
    LONG_PTR OldCount = Header->HandleCount;

    ObpReleaseEntry(Table, Index);
    OBP_ASSERT(Table->HandleCount > 0 && OldCount > 0 && Type->TotalNumberOfHandles > 0);
    Table->HandleCount--;
    Type->TotalNumberOfHandles--;
    Header->HandleCount--;
    if (Header->HandleCount == 0)
        Header->ExclusiveTable = NULL;
    if (Type->TypeInfo.CloseProcedure != NULL)
        Type->TypeInfo.CloseProcedure(Table->Owner, Entry.Object, Entry.GrantedAccess,
                                      (ULONG_PTR)OldCount);
    ObpDeleteNameCheck(Header);
    ObDereferenceObject(Entry.Object);
}

/* Pseudo handles are not in any table: closing one is STATUS_INVALID_HANDLE. */
NTSTATUS ObCloseHandle(PHANDLE_TABLE HandleTable, HANDLE Handle, KPROCESSOR_MODE AccessMode) {
    PHANDLE_TABLE Table;
    ULONG Index;

    if (!ObpDecodeHandle(HandleTable, Handle, AccessMode, &Table, &Index))
        return STATUS_INVALID_HANDLE;
    if (Table->Entries[Index].Attributes & OBJ_PROTECT_CLOSE)
        return STATUS_HANDLE_NOT_CLOSABLE;
    ObpCloseEntry(Table, Index);
    return STATUS_SUCCESS;
}

/* ---- Duplication --------------------------------------------------------- */

NTSTATUS ObDuplicateObject(PHANDLE_TABLE SourceTable, HANDLE SourceHandle,
                           PHANDLE_TABLE TargetTable, PHANDLE TargetHandle,
                           ACCESS_MASK DesiredAccess, ULONG HandleAttributes, ULONG Options,
                           KPROCESSOR_MODE AccessMode) {
    const ULONG ValidOptions =
        DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS | DUPLICATE_SAME_ATTRIBUTES;
    OBJECT_HANDLE_INFORMATION Info;
    POBJECT_TYPE Type;
    ACCESS_MASK Access;
    NTSTATUS Status;
    PVOID Object;

    if (TargetHandle != NULL)
        *TargetHandle = NULL;
    if ((Options & ~ValidOptions) || (HandleAttributes & ~OBJ_HANDLE_ATTRIBUTES) ||
        (TargetTable != NULL && TargetHandle == NULL) ||
        (TargetTable == NULL && !(Options & DUPLICATE_CLOSE_SOURCE)))
        return STATUS_INVALID_PARAMETER;
    Status = ObpReferenceHandle(SourceTable, SourceHandle, AccessMode, &Object, &Info);
    if (!NT_SUCCESS(Status))
        return Status;
    Type = ObpHeader(Object)->Type;

    if (TargetTable == NULL) {
        Status = STATUS_SUCCESS; /* only closing the source */
    } else if (Options & DUPLICATE_SAME_ACCESS) {
        Access = Info.GrantedAccess;
    } else if (DesiredAccess & MAXIMUM_ALLOWED) {
        /* The most a user-mode duplicate can get is what the source has. */
        Access =
            AccessMode == KernelMode ? ObpGrantedAccess(Type, DesiredAccess) : Info.GrantedAccess;
    } else {
        Access = ObpGrantedAccess(Type, DesiredAccess);
        if (AccessMode != KernelMode && (Access & ~Info.GrantedAccess) != 0)
            Status = STATUS_ACCESS_DENIED;
    }
    if (Options & DUPLICATE_SAME_ATTRIBUTES)
        HandleAttributes = Info.HandleAttributes;

    /* The new handle first, so that the object never goes without one. */
    if (TargetTable != NULL && NT_SUCCESS(Status)) {
        Status = ObpCreateHandle(TargetTable, Object, Access, HandleAttributes, AccessMode,
                                 TargetHandle);
        if (NT_SUCCESS(Status))
            Object = NULL; /* the reference went to the new handle */
    }
    if (Options & DUPLICATE_CLOSE_SOURCE)
        ObCloseHandle(SourceTable, SourceHandle, AccessMode);
    if (Object != NULL)
        ObDereferenceObject(Object);
    return Status;
}

/* ---- Whole tables -------------------------------------------------------- */

NTSTATUS ObpCreateKernelHandleTable(VOID) {
    NTSTATUS Status = ObpAllocateTable(NULL, 0, &ObpKernelHandleTable);

    if (NT_SUCCESS(Status))
        ObpKernelHandleTable->IsKernelTable = TRUE;
    return Status;
}

/* Copies the inheritable entries of Parent into the empty table Table. */
static VOID ObpInheritHandles(PHANDLE_TABLE Table, PHANDLE_TABLE Parent) {
    ULONG Index;

    Table->HighWater = Parent->HighWater;
    for (Index = Parent->HighWater; Index-- > 0;) {
        PHANDLE_TABLE_ENTRY Source = &Parent->Entries[Index];
        POBJECT_HEADER Header;

        if (Source->Object == NULL || !(Source->Attributes & OBJ_INHERIT) ||
            ObpHeader(Source->Object)->ExclusiveTable != NULL) {
            Table->Entries[Index].NextFree = Table->FreeHead;
            Table->FreeHead = Index + 1;
            continue;
        }
        Header = ObpHeader(Source->Object);
        Table->Entries[Index] = *Source;
        ObReferenceObject(Source->Object);
        ObpCountHandle(Header, Table);
    }
}

NTSTATUS ObCreateHandleTable(PVOID Owner, PHANDLE_TABLE ParentTable, PHANDLE_TABLE *Table) {
    NTSTATUS Status;

    Status = ObpAllocateTable(Owner, ParentTable ? ParentTable->HighWater : 0, Table);
    if (NT_SUCCESS(Status) && ParentTable != NULL)
        ObpInheritHandles(*Table, ParentTable);
    return Status;
}

VOID ObDestroyHandleTable(PHANDLE_TABLE Table) {
    ULONG Index;

    /* Close procedures may touch this table; rescan until it is empty. */
    while (Table->HandleCount != 0) {
        for (Index = 0; Index < Table->HighWater; Index++) {
            if (Table->Entries[Index].Object != NULL)
                ObpCloseEntry(Table, Index);
        }
    }
    ObpFreeTable(Table);
}

ULONG ObGetHandleCount(PHANDLE_TABLE Table) { return Table->HandleCount; }
