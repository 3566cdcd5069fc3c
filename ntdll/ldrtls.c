/*
 * ldrtls.c — static TLS: the per-thread copies of each module's .tls data.
 *
 * A module with an IMAGE_TLS_DIRECTORY gets an index (the lowest free one),
 * which the loader writes to the module's *AddressOfIndex (_tls_index): the
 * compiler reads a thread variable as
 *
 *     TEB->ThreadLocalStoragePointer[_tls_index] + offset in .tls
 *
 * so every thread has a vector of block pointers, and each block is a copy
 * of the module's template [StartAddressOfRawData, EndAddressOfRawData)
 * followed by SizeOfZeroFill zero bytes.
 *
 *   LDRP_TLS_TABLE                     per thread (LDRP_TLS_THREAD)
 *   Slots[0]  a module's template        Vector --> [0] --> block (copy of slot 0)
 *   Slots[1]  another module's           (in TEB)   [1] --> block (copy of slot 1)
 *   Threads --> thread --> thread ...               [..] capacity >= SlotCount
 *
 * Modules load while threads run (LdrLoadDll of a DLL with TLS, as Windows
 * allows since Vista), so adding a module gives *every* registered thread
 * its block, growing vectors as needed.  A vector that grows is replaced,
 * not reallocated in place: the thread that owns it may be reading through
 * it at that moment, so the old one is kept on the thread's Retired list
 * until the thread ends.  Unloading a module frees its block in every
 * thread and releases the index for reuse.
 *
 * All of it runs under the loader lock (ldrinit.c), which serializes
 * changes; the only unsynchronized access is a thread reading its own
 * vector, which is why vectors are published with a release store.
 * Nothing here calls the system: memory comes from LdrpAllocate (zeroed),
 * so the host tests (tests/host/ntdll/) run this file as it is.
 */
#include "ldrp.h"

#include <nt/ntrtl.h>

typedef struct _LDRP_TLS_RETIRED {
    struct _LDRP_TLS_RETIRED *Next;
    PVOID *Vector;
} LDRP_TLS_RETIRED, *PLDRP_TLS_RETIRED;

#define LDRP_TLS_MIN_CAPACITY 8

VOID LdrpTlsInitializeTable(PLDRP_TLS_TABLE Table) {
    Table->Slots = NULL;
    Table->SlotCount = 0;
    Table->SlotCapacity = 0;
    InitializeListHead(&Table->Threads);
}

static VOID LdrpTlsPublish(PLDRP_TLS_THREAD Thread) {
    __atomic_store_n(Thread->VectorHolder, (PVOID)Thread->Vector, __ATOMIC_RELEASE);
}

/* A fresh copy of a slot's template for one thread. */
static PVOID LdrpTlsCreateBlock(PLDRP_TLS_SLOT Slot) {
    SIZE_T Size = Slot->RawSize + Slot->ZeroFill;
    PVOID Block = LdrpAllocate(Size != 0 ? Size : 1);

    if (Block != NULL && Slot->RawSize != 0)
        RtlCopyMemory(Block, Slot->RawData, Slot->RawSize);
    return Block;
}

/* Makes Thread's vector hold at least Needed entries (replacing it). */
static NTSTATUS LdrpTlsGrowVector(PLDRP_TLS_THREAD Thread, ULONG Needed) {
    PLDRP_TLS_RETIRED Retired;
    ULONG Capacity;
    PVOID *Vector;

    if (Needed <= Thread->Capacity)
        return STATUS_SUCCESS;
    Capacity = Thread->Capacity * 2;
    if (Capacity < Needed)
        Capacity = Needed;
    if (Capacity < LDRP_TLS_MIN_CAPACITY)
        Capacity = LDRP_TLS_MIN_CAPACITY;
    Vector = LdrpAllocate((SIZE_T)Capacity * sizeof(PVOID));
    Retired = LdrpAllocate(sizeof(*Retired));
    if (Vector == NULL || Retired == NULL) {
        LdrpFree(Vector);
        LdrpFree(Retired);
        return STATUS_NO_MEMORY;
    }
    for (ULONG i = 0; i < Thread->Capacity; i++)
        Vector[i] = Thread->Vector[i];
    Retired->Vector = Thread->Vector;
    Retired->Next = Thread->Retired;
    Thread->Retired = Retired;
    Thread->Vector = Vector;
    Thread->Capacity = Capacity;
    LdrpTlsPublish(Thread);
    return STATUS_SUCCESS;
}

/* The lowest free index, growing the slot array if every one is taken. */
static NTSTATUS LdrpTlsFreeIndex(PLDRP_TLS_TABLE Table, PULONG Index) {
    PLDRP_TLS_SLOT Slots;
    ULONG Capacity;

    for (ULONG i = 0; i < Table->SlotCount; i++) {
        if (!Table->Slots[i].InUse) {
            *Index = i;
            return STATUS_SUCCESS;
        }
    }
    if (Table->SlotCount < Table->SlotCapacity) {
        *Index = Table->SlotCount;
        return STATUS_SUCCESS;
    }
    Capacity = Table->SlotCapacity ? Table->SlotCapacity * 2 : LDRP_TLS_MIN_CAPACITY;
    Slots = LdrpAllocate((SIZE_T)Capacity * sizeof(*Slots));
    if (Slots == NULL)
        return STATUS_NO_MEMORY;
    for (ULONG i = 0; i < Table->SlotCount; i++)
        Slots[i] = Table->Slots[i];
    LdrpFree(Table->Slots);
    Table->Slots = Slots;
    Table->SlotCapacity = Capacity;
    *Index = Table->SlotCount;
    return STATUS_SUCCESS;
}

/* Frees the block at Index in every thread (those that have one). */
static VOID LdrpTlsFreeBlocks(PLDRP_TLS_TABLE Table, ULONG Index) {
    for (PLIST_ENTRY Link = Table->Threads.Flink; Link != &Table->Threads; Link = Link->Flink) {
        PLDRP_TLS_THREAD Thread = CONTAINING_RECORD(Link, LDRP_TLS_THREAD, Links);

        if (Index < Thread->Capacity && Thread->Vector[Index] != NULL) {
            LdrpFree(Thread->Vector[Index]);
            Thread->Vector[Index] = NULL;
        }
    }
}

NTSTATUS LdrpTlsAddModule(PLDRP_TLS_TABLE Table, PVOID DllBase, PIMAGE_TLS_DIRECTORY Directory,
                          PULONG Index) {
    LDRP_TLS_SLOT Slot;
    NTSTATUS Status;
    ULONG Free;

    if (Directory->EndAddressOfRawData < Directory->StartAddressOfRawData ||
        (Directory->EndAddressOfRawData != Directory->StartAddressOfRawData &&
         Directory->StartAddressOfRawData == 0))
        return STATUS_INVALID_IMAGE_FORMAT;
    Slot.InUse = TRUE;
    Slot.DllBase = DllBase;
    Slot.RawData = (PUCHAR)(ULONG_PTR)Directory->StartAddressOfRawData;
    Slot.RawSize = (SIZE_T)(Directory->EndAddressOfRawData - Directory->StartAddressOfRawData);
    Slot.ZeroFill = Directory->SizeOfZeroFill;
    Status = LdrpTlsFreeIndex(Table, &Free);
    if (!NT_SUCCESS(Status))
        return Status;
    for (PLIST_ENTRY Link = Table->Threads.Flink; Link != &Table->Threads; Link = Link->Flink) {
        PLDRP_TLS_THREAD Thread = CONTAINING_RECORD(Link, LDRP_TLS_THREAD, Links);

        Status = LdrpTlsGrowVector(Thread, Free + 1);
        if (NT_SUCCESS(Status)) {
            Thread->Vector[Free] = LdrpTlsCreateBlock(&Slot);
            if (Thread->Vector[Free] == NULL)
                Status = STATUS_NO_MEMORY;
        }
        if (!NT_SUCCESS(Status)) {
            LdrpTlsFreeBlocks(Table, Free);
            return Status;
        }
    }
    Table->Slots[Free] = Slot;
    if (Free >= Table->SlotCount)
        Table->SlotCount = Free + 1;
    if (Directory->AddressOfIndex != 0)
        *(ULONG *)(ULONG_PTR)Directory->AddressOfIndex = Free;
    *Index = Free;
    return STATUS_SUCCESS;
}

VOID LdrpTlsRemoveModule(PLDRP_TLS_TABLE Table, ULONG Index) {
    if (Index >= Table->SlotCount || !Table->Slots[Index].InUse)
        return;
    LdrpTlsFreeBlocks(Table, Index);
    Table->Slots[Index].InUse = FALSE;
    while (Table->SlotCount > 0 && !Table->Slots[Table->SlotCount - 1].InUse)
        Table->SlotCount--;
}

static VOID LdrpTlsFreeThreadMemory(PLDRP_TLS_THREAD Thread) {
    for (ULONG i = 0; i < Thread->Capacity; i++)
        LdrpFree(Thread->Vector[i]);
    LdrpFree(Thread->Vector);
    while (Thread->Retired != NULL) {
        PLDRP_TLS_RETIRED Next = Thread->Retired->Next;

        LdrpFree(Thread->Retired->Vector);
        LdrpFree(Thread->Retired);
        Thread->Retired = Next;
    }
    Thread->Vector = NULL;
    Thread->Capacity = 0;
}

NTSTATUS LdrpTlsAddThread(PLDRP_TLS_TABLE Table, PLDRP_TLS_THREAD Thread, PVOID Key,
                          PVOID *VectorHolder) {
    ULONG Capacity =
        Table->SlotCount > LDRP_TLS_MIN_CAPACITY ? Table->SlotCount : LDRP_TLS_MIN_CAPACITY;

    Thread->Key = Key;
    Thread->VectorHolder = VectorHolder;
    Thread->Retired = NULL;
    Thread->Capacity = Capacity;
    Thread->Vector = LdrpAllocate((SIZE_T)Capacity * sizeof(PVOID));
    if (Thread->Vector == NULL) {
        Thread->Capacity = 0;
        return STATUS_NO_MEMORY;
    }
    for (ULONG i = 0; i < Table->SlotCount; i++) {
        if (!Table->Slots[i].InUse)
            continue;
        Thread->Vector[i] = LdrpTlsCreateBlock(&Table->Slots[i]);
        if (Thread->Vector[i] == NULL) {
            LdrpTlsFreeThreadMemory(Thread);
            return STATUS_NO_MEMORY;
        }
    }
    InsertTailList(&Table->Threads, &Thread->Links);
    LdrpTlsPublish(Thread);
    return STATUS_SUCCESS;
}

VOID LdrpTlsRemoveThread(PLDRP_TLS_TABLE Table, PLDRP_TLS_THREAD Thread) {
    (void)Table;
    RemoveEntryList(&Thread->Links);
    __atomic_store_n(Thread->VectorHolder, NULL, __ATOMIC_RELEASE);
    LdrpTlsFreeThreadMemory(Thread);
}

PLDRP_TLS_THREAD LdrpTlsFindThread(PLDRP_TLS_TABLE Table, PVOID Key) {
    for (PLIST_ENTRY Link = Table->Threads.Flink; Link != &Table->Threads; Link = Link->Flink) {
        PLDRP_TLS_THREAD Thread = CONTAINING_RECORD(Link, LDRP_TLS_THREAD, Links);

        if (Thread->Key == Key)
            return Thread;
    }
    return NULL;
}
