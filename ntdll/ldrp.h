/*
 * ldrp.h — private definitions of ntdll's user-mode loader.
 *
 * The loader is split by what each part needs from the system:
 *
 *   ldr.c      pure image work on memory it is handed: export lookup (by
 *              name with the hint, by ordinal, forwarder strings), base
 *              relocations, import binding through a resolver callback.
 *              No system calls, no PEB: the host tests run it on images
 *              built in memory (tests/host/ntdll/).
 *   ldrtls.c   static TLS bookkeeping (the .tls directory of each module):
 *              index allocation, per-thread blocks and vectors, growing
 *              the vectors of every live thread when a DLL with TLS loads.
 *              Pure as well, allocating through LdrpAllocate/LdrpFree.
 *   ldrload.c  the module database (PEB->Ldr and its three lists), finding
 *              DLLs (\KnownDlls, the search path) and mapping them, recursive loading, initialization and
 *              unloading; LdrLoadDll, LdrUnloadDll, LdrGetDllHandle,
 *              LdrGetProcedureAddress and friends.
 *   ldrinit.c  process and thread start-up (LdrInitializeThunk), shutdown
 *              (LdrShutdownProcess/Thread), the loader lock and the
 *              allocator the others use.
 *
 * Every module the loader knows is an LDRP_MODULE: the Windows-layout
 * LDR_DATA_TABLE_ENTRY that programs walk on the PEB lists, followed by the
 * loader's own bookkeeping, which nothing outside ntdll sees.
 */
#ifndef NTDLL_LDRP_H
#define NTDLL_LDRP_H

#include <ndk/ldrtypes.h>
#include <nt/ntdef.h>
#include <nt/ntimage.h>
#include <nt/ntstatus.h>

/* ---- Allocation (ldrinit.c; the host tests supply their own) ---------------- */

/* Zeroed memory from the process heap; NULL when out of memory. */
PVOID LdrpAllocate(SIZE_T Bytes);
VOID LdrpFree(PVOID Block);

/* ---- Image helpers (ldr.c) ---------------------------------------------------- */

/* The NT headers of a mapped PE32+ image, or NULL if Base is not one. */
PIMAGE_NT_HEADERS LdrpImageHeaders(PVOID Base);

/* A data directory of a mapped image and its size; NULL if absent. */
PVOID LdrpImageDirectory(PVOID Base, USHORT Index, PULONG Size);

/* What an export resolves to: an address in the image, or a forwarder
 * string "dll.Name" or "dll.#123" (NUL-terminated, inside the image). */
typedef struct _LDRP_EXPORT {
    PVOID Address;
    PCSTR Forwarder;
} LDRP_EXPORT, *PLDRP_EXPORT;

/*
 * Finds an export of the image at Base.  By name (Name != NULL, NameLength
 * bytes, no NUL needed): Hint is tried first, then a binary search of the
 * sorted name table.  By ordinal (Name == NULL): Ordinal - Base indexes the
 * address table, and an RVA of 0 is a hole.  STATUS_PROCEDURE_NOT_FOUND or
 * STATUS_ORDINAL_NOT_FOUND when there is no such export (or no export
 * directory), STATUS_INVALID_IMAGE_FORMAT for a table pointing outside the
 * image.
 */
NTSTATUS LdrpFindExport(PVOID Base, PCSTR Name, SIZE_T NameLength, USHORT Hint, ULONG Ordinal,
                        PLDRP_EXPORT Export);

/*
 * Splits a forwarder "dll.Name" or "dll.#123": DllName gets the module part
 * (ASCII, DllNameLength bytes, no ".dll" added), then either *Name and *NameLength
 * (the function name) or, for '#', *Name = NULL and *Ordinal.
 */
NTSTATUS LdrpParseForwarder(PCSTR Forwarder, PCSTR *DllName, SIZE_T *DllNameLength, PCSTR *Name,
                            SIZE_T *NameLength, PULONG Ordinal);

/* Applies the image's base relocations for a move by Delta bytes and
 * updates OptionalHeader.ImageBase.  Pages must be writable. */
NTSTATUS LdrpRelocateImage(PVOID Base, LONGLONG Delta);

/*
 * Import binding.  The resolver turns a DLL name (ASCII, as written in the
 * importing image or in a forwarder) into the base of a loaded image, loading
 * it if need be; Context is the caller's.  LdrpSnapImports binds every IAT
 * entry of the image at Base, following forwarders (at most
 * LDRP_MAX_FORWARDS hops).  The first failure stops it and is returned:
 * the resolver's status, STATUS_PROCEDURE_NOT_FOUND/STATUS_ORDINAL_NOT_FOUND
 * (reported with the names through Failure, if given) or
 * STATUS_INVALID_IMAGE_FORMAT.
 */
typedef NTSTATUS (*LDRP_RESOLVE_DLL)(PVOID Context, PCSTR DllName, SIZE_T DllNameLength,
                                     PVOID *DllBase);

#define LDRP_MAX_FORWARDS 16

typedef struct _LDRP_SNAP_FAILURE {
    PCSTR DllName; /* the DLL whose export was missing or could not load */
    SIZE_T DllNameLength;
    PCSTR ProcedureName; /* NULL when imported by ordinal */
    SIZE_T ProcedureNameLength;
    ULONG Ordinal;
} LDRP_SNAP_FAILURE, *PLDRP_SNAP_FAILURE;

NTSTATUS LdrpResolveExport(PVOID DllBase, PCSTR Name, SIZE_T NameLength, USHORT Hint, ULONG Ordinal,
                           LDRP_RESOLVE_DLL Resolve, PVOID Context, PVOID *Address,
                           PLDRP_SNAP_FAILURE Failure);
NTSTATUS LdrpSnapImports(PVOID Base, LDRP_RESOLVE_DLL Resolve, PVOID Context,
                         PLDRP_SNAP_FAILURE Failure);

/* Case-insensitive (ASCII letters) comparison of counted strings. */
BOOLEAN LdrpEqualAsciiNoCase(PCSTR A, SIZE_T ALength, PCSTR B, SIZE_T BLength);

/* ---- Static TLS (ldrtls.c) ---------------------------------------------------- */

/*
 * One slot per module with a .tls directory: its index (what the module's
 * code reads from *AddressOfIndex), the template to copy into every thread
 * and the zero fill after it.
 */
typedef struct _LDRP_TLS_SLOT {
    BOOLEAN InUse;
    PVOID DllBase;
    PUCHAR RawData; /* StartAddressOfRawData */
    SIZE_T RawSize; /* EndAddressOfRawData - StartAddressOfRawData */
    SIZE_T ZeroFill;
} LDRP_TLS_SLOT, *PLDRP_TLS_SLOT;

/*
 * One per thread that entered the loader.  *VectorHolder is where the
 * thread's code finds its vector (TEB->ThreadLocalStoragePointer; in the
 * host tests, a variable).  Vectors grow by replacement; the old one is
 * kept (Retired) until the thread ends, because the thread may be reading
 * through it at that moment.
 */
typedef struct _LDRP_TLS_THREAD {
    LIST_ENTRY Links;
    PVOID Key; /* the thread's TEB */
    PVOID *VectorHolder;
    PVOID *Vector;
    ULONG Capacity;
    struct _LDRP_TLS_RETIRED *Retired;
} LDRP_TLS_THREAD, *PLDRP_TLS_THREAD;

typedef struct _LDRP_TLS_TABLE {
    PLDRP_TLS_SLOT Slots;
    ULONG SlotCount;    /* highest index in use + 1 */
    ULONG SlotCapacity; /* entries allocated in Slots */
    LIST_ENTRY Threads;
} LDRP_TLS_TABLE, *PLDRP_TLS_TABLE;

VOID LdrpTlsInitializeTable(PLDRP_TLS_TABLE Table);

/* Gives the module at DllBase (with this .tls directory) the lowest free
 * index, writes it to *AddressOfIndex and gives every registered thread its
 * block.  On failure nothing changed. */
NTSTATUS LdrpTlsAddModule(PLDRP_TLS_TABLE Table, PVOID DllBase, PIMAGE_TLS_DIRECTORY Directory,
                          PULONG Index);

/* Frees the module's block in every thread and releases its index. */
VOID LdrpTlsRemoveModule(PLDRP_TLS_TABLE Table, ULONG Index);

/* Registers a thread: builds its vector with a fresh block for every slot
 * and publishes it through *VectorHolder.  Thread is caller storage
 * (allocated with LdrpAllocate by ldrinit.c). */
NTSTATUS LdrpTlsAddThread(PLDRP_TLS_TABLE Table, PLDRP_TLS_THREAD Thread, PVOID Key,
                          PVOID *VectorHolder);

/* Unregisters a thread: frees its blocks and vectors, clears *VectorHolder. */
VOID LdrpTlsRemoveThread(PLDRP_TLS_TABLE Table, PLDRP_TLS_THREAD Thread);

PLDRP_TLS_THREAD LdrpTlsFindThread(PLDRP_TLS_TABLE Table, PVOID Key);

/* ---- The module database (ldrload.c) ----------------------------------------------- */

/* LDRP_MODULE.State */
#define LDRP_STATE_MAPPED 0   /* mapped, imports not bound yet */
#define LDRP_STATE_SNAPPING 1 /* binding its imports (cycles stop here) */
#define LDRP_STATE_SNAPPED 2  /* imports bound, waiting for initialization */
#define LDRP_STATE_READY 3    /* initialized (or needs none) */

typedef struct _LDRP_MODULE {
    LDR_DATA_TABLE_ENTRY Entry;
    ULONG State;
    BOOLEAN Pinned;                    /* never unloaded: the program, ntdll */
    BOOLEAN CallEntry;                 /* has a DllMain the loader calls */
    BOOLEAN TlsAllocated;              /* holds a TLS index (Entry.TlsIndex) */
    BOOLEAN UnloadPending;             /* (during an unload pass) */
    PIMAGE_TLS_DIRECTORY TlsDirectory; /* NULL without a .tls directory */
    struct _LDRP_MODULE **Imports;     /* modules this one holds a reference on */
    ULONG ImportCount;
    ULONG ImportCapacity;
    struct _LDRP_MODULE *NextToInitialize; /* (during a load) dependency order */
    struct _LDRP_MODULE *NextInSession;    /* (during a load) mapped by this load */
    struct _LDRP_MODULE *NextPending;      /* (during an unload) */
} LDRP_MODULE, *PLDRP_MODULE;

extern PEB_LDR_DATA LdrpLoaderData;
extern LDRP_TLS_TABLE LdrpTls;
extern PLDRP_MODULE LdrpNtdllModule;
extern PLDRP_MODULE LdrpImageModule;

/* The loader lock (recursive; PEB->LoaderLock shows it as a critical section). */
VOID LdrpAcquireLoaderLock(VOID);
VOID LdrpReleaseLoaderLock(VOID);

/* Creates a module record for an image already in memory and puts it on
 * the load-order and memory-order lists.  FullName is copied; the base name
 * is its last component. */
NTSTATUS LdrpCreateModule(PVOID DllBase, PCUNICODE_STRING FullName, BOOLEAN IsDll,
                          PLDRP_MODULE *Module);

/* Binds the imports of Root and everything it pulls in, then initializes
 * them (TLS, TLS callbacks, DllMain) in dependency order.  StaticLoad:
 * process start-up (DllMain gets a non-NULL Reserved argument). */
NTSTATUS LdrpLoadImportsAndInitialize(PLDRP_MODULE Root, BOOLEAN StaticLoad);

/* The same for a system DLL (ntdll): full name <SystemRoot>\System32\<BaseName>. */
NTSTATUS LdrpCreateSystemModule(PVOID DllBase, PCWSTR BaseName, PLDRP_MODULE *Module);

PLDRP_MODULE LdrpFindModuleByBase(PVOID DllBase);

/* Calls the TLS callbacks and DllMain of every initialized module for a
 * thread attach or detach (ldrload.c), and the program's TLS callbacks. */
VOID LdrpCallThreadRoutines(ULONG Reason);

/* DLL_PROCESS_DETACH for every initialized module, in reverse order. */
VOID LdrpCallProcessDetach(VOID);

/* Writes "ntdll: <Text><Name> (0x<Status>)" to the boot console. */
VOID LdrpReport(PCSTR Text, PCSTR Name, SIZE_T NameLength, NTSTATUS Status);

#endif /* NTDLL_LDRP_H */
