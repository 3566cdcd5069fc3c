/*
 * bootfs.c — the boot volume: the boot archive as a read-only file system.
 *
 * At start-up every regular file of the archive (cpio newc, the second boot
 * module, which stays mapped in the executive for good) becomes a node of
 * an in-memory tree; the nodes point at the archive's bytes, nothing is
 * copied:
 *
 *     \                      the volume's root
 *     \Boot\<name>           every file of the archive ("a/b" in the archive
 *                            is \Boot\a\b)
 *     \Windows\System32\<x>  every DLL of the archive again, where the
 *                            KnownDlls say they live (C:\Windows\System32)
 *
 * Names compare case-insensitively, as on FAT and NTFS.  File times are the
 * archive's modification times; a directory takes the newest time below it.
 * The tree never changes after boot, so lookups need no locking and nodes
 * are never freed.
 */
#include "iop.h"

static ULONG64 IopNextIndex = 1;

static LONG64 IopUnixToNt(ULONG Seconds)
{
    return ((LONG64)Seconds + 11644473600ll) * 10000000ll;
}

static PIOP_NODE IopNewNode(PIOP_NODE Parent, const char *Name, ULONG Length, BOOLEAN Directory)
{
    PIOP_NODE n = ExAllocatePoolWithTag(NonPagedPool, sizeof(*n), IOP_TAG_NODE);
    if (!n)
        return NULL;
    if (Length) {
        n->Name.Buffer = ExAllocatePoolWithTag(NonPagedPool, Length * sizeof(WCHAR), IOP_TAG_NAME);
        if (!n->Name.Buffer) {
            ExFreePoolWithTag(n, IOP_TAG_NODE);
            return NULL;
        }
        for (ULONG i = 0; i < Length; i++)
            n->Name.Buffer[i] = (WCHAR)(UCHAR)Name[i];
        n->Name.Length = n->Name.MaximumLength = (USHORT)(Length * sizeof(WCHAR));
    }
    n->Directory = Directory;
    n->Index = IopNextIndex++;
    n->Parent = Parent;
    if (Parent) {
        if (Parent->LastChild)
            Parent->LastChild->NextSibling = n;
        else
            Parent->FirstChild = n;
        Parent->LastChild = n;
    }
    return n;
}

static PIOP_NODE IopChild(PIOP_NODE Directory, PCUNICODE_STRING Name)
{
    for (PIOP_NODE c = Directory->FirstChild; c; c = c->NextSibling)
        if (RtlEqualUnicodeString(&c->Name, Name, TRUE))
            return c;
    return NULL;
}

/* The directory Name (ASCII) under Parent, made if missing; NULL if a file
 * has the name or memory ran out. */
static PIOP_NODE IopDirectory(PIOP_NODE Parent, const char *Name, ULONG Length)
{
    WCHAR buffer[256];
    UNICODE_STRING name = { (USHORT)(Length * sizeof(WCHAR)), (USHORT)sizeof(buffer), buffer };
    if (Length > 255)
        return NULL;
    for (ULONG i = 0; i < Length; i++)
        buffer[i] = (WCHAR)(UCHAR)Name[i];
    PIOP_NODE n = IopChild(Parent, &name);
    if (n)
        return n->Directory ? n : NULL;
    return IopNewNode(Parent, Name, Length, TRUE);
}

static VOID IopTouch(PIOP_NODE Node, LONG64 Time)
{
    for (; Node; Node = Node->Parent)
        if (Node->Time < Time)
            Node->Time = Time;
}

/* A file of the archive at Path (a/b/c) below Directory. */
static NTSTATUS IopAddFile(PIOP_NODE Directory, const char *Path, ULONG Length, const CPIO_FILE *File,
                           ULONG Mtime)
{
    ULONG start = 0;
    for (ULONG i = 0; i < Length; i++) {
        if (Path[i] != '/')
            continue;
        if (i > start) {
            Directory = IopDirectory(Directory, Path + start, i - start);
            if (!Directory)
                return STATUS_OBJECT_NAME_COLLISION;
        }
        start = i + 1;
    }
    if (start == Length || Length - start > 255)
        return STATUS_OBJECT_NAME_INVALID;
    PIOP_NODE n = IopNewNode(Directory, Path + start, Length - start, FALSE);
    if (!n)
        return STATUS_INSUFFICIENT_RESOURCES;
    n->Data = File->Data;
    n->Size = File->Size;
    IopTouch(n, IopUnixToNt(Mtime));
    return STATUS_SUCCESS;
}

static BOOLEAN IopHasSlash(const char *Name, ULONG Length)
{
    for (ULONG i = 0; i < Length; i++)
        if (Name[i] == '/')
            return TRUE;
    return FALSE;
}

static BOOLEAN IopIsDll(const char *Name, ULONG Length)
{
    return Length > 4 && Name[Length - 4] == '.' && (Name[Length - 3] | 0x20) == 'd' &&
           (Name[Length - 2] | 0x20) == 'l' && (Name[Length - 1] | 0x20) == 'l';
}

NTSTATUS IopMountBootVolume(PIOP_NODE *Root)
{
    PIOP_NODE root = IopNewNode(NULL, NULL, 0, TRUE);
    PIOP_NODE boot = root ? IopNewNode(root, "Boot", 4, TRUE) : NULL;
    PIOP_NODE windows = boot ? IopNewNode(root, "Windows", 7, TRUE) : NULL;
    PIOP_NODE system32 = windows ? IopNewNode(windows, "System32", 8, TRUE) : NULL;
    if (!system32)
        return STATUS_INSUFFICIENT_RESOURCES;
    SIZE_T offset = 0;
    CPIO_FILE f;
    ULONG files = 0;
    while (NT_SUCCESS(LdrCpioNext(LdrpBootArchive, LdrpBootArchiveSize, &offset, &f))) {
        if ((f.Mode & 0170000) != 0100000)
            continue; /* directories come from the paths; nothing else is a file */
        const char *name = f.Name;
        ULONG length = f.NameLength;
        for (;;) { /* "./a" and "/a" are "a" */
            if (length >= 2 && name[0] == '.' && name[1] == '/') {
                name += 2;
                length -= 2;
            } else if (length >= 1 && name[0] == '/') {
                name++;
                length--;
            } else {
                break;
            }
        }
        NTSTATUS st = IopAddFile(boot, name, length, &f, f.Mtime);
        if (NT_SUCCESS(st) && IopIsDll(name, length) && !IopHasSlash(name, length))
            st = IopAddFile(system32, name, length, &f, f.Mtime);
        if (st == STATUS_INSUFFICIENT_RESOURCES)
            return st;
        if (!NT_SUCCESS(st))
            DbgPrint("io: %.*s stays out of the boot volume (%#x)\n", (int)f.NameLength, f.Name, (unsigned)st);
        else
            files++;
    }
    DbgTrace(DBG_IO, "io: boot volume: %u files\n", files);
    (void)files;
    *Root = root;
    return STATUS_SUCCESS;
}

static BOOLEAN IopValidComponent(PCUNICODE_STRING Name)
{
    USHORT count = Name->Length / sizeof(WCHAR);
    if (count == 0 || count > 255)
        return FALSE;
    if (Name->Buffer[0] == '.' && (count == 1 || (count == 2 && Name->Buffer[1] == '.')))
        return FALSE;
    for (USHORT i = 0; i < count; i++) {
        WCHAR c = Name->Buffer[i];
        if (c < 0x20 || c == '<' || c == '>' || c == ':' || c == '"' || c == '/' || c == '|' || c == '?' ||
            c == '*')
            return FALSE;
    }
    return TRUE;
}

NTSTATUS IopWalk(PIOP_NODE Start, PCUNICODE_STRING Path, PIOP_NODE *Node, PBOOLEAN TrailingSeparator)
{
    USHORT count = Path->Length / sizeof(WCHAR), i = 0;
    PIOP_NODE n = Start;
    *TrailingSeparator = FALSE;
    if (count && Path->Buffer[0] == '\\')
        i = 1;
    while (i < count) {
        USHORT end = i;
        while (end < count && Path->Buffer[end] != '\\')
            end++;
        UNICODE_STRING component = { (USHORT)((end - i) * sizeof(WCHAR)), (USHORT)((end - i) * sizeof(WCHAR)),
                                      Path->Buffer + i };
        if (!IopValidComponent(&component))
            return STATUS_OBJECT_NAME_INVALID;
        BOOLEAN last = end >= count - 1; /* nothing, or only the separator, follows */
        PIOP_NODE child = n->Directory ? IopChild(n, &component) : NULL;
        if (!child)
            return last && n->Directory ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND;
        if (!last && !child->Directory)
            return STATUS_OBJECT_PATH_NOT_FOUND;
        n = child;
        if (end == count - 1)
            *TrailingSeparator = TRUE;
        i = end + 1;
    }
    *Node = n;
    return STATUS_SUCCESS;
}

ULONG IopNodeAttributes(PIOP_NODE Node)
{
    return Node->Directory ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_ARCHIVE;
}

/* Pattern matching: * any run, ? any one character; the DOS forms that
 * RtlIsNameInExpression knows (< like *, > like ?, " like .) are treated
 * the same, which is what they mean for names with at most one dot. */
static BOOLEAN IopMatch(const WCHAR *p, ULONG pn, const WCHAR *s, ULONG sn)
{
    ULONG pi = 0, si = 0, star = ~0u, mark = 0;
    while (si < sn) {
        WCHAR c = pi < pn ? p[pi] : 0;
        if (pi < pn && (c == '*' || c == '<')) {
            star = pi++;
            mark = si;
        } else if (pi < pn && (c == '?' || c == '>' ||
                               RtlUpcaseUnicodeChar(c == '"' ? '.' : c) == RtlUpcaseUnicodeChar(s[si]))) {
            pi++;
            si++;
        } else if (star != ~0u) {
            pi = star + 1;
            si = ++mark;
        } else {
            return FALSE;
        }
    }
    while (pi < pn && (p[pi] == '*' || p[pi] == '<' || p[pi] == '>' || p[pi] == '"'))
        pi++;
    return pi == pn;
}

BOOLEAN IopMatchPattern(PCUNICODE_STRING Pattern, PCUNICODE_STRING Name)
{
    return IopMatch(Pattern->Buffer, Pattern->Length / sizeof(WCHAR), Name->Buffer, Name->Length / sizeof(WCHAR));
}
