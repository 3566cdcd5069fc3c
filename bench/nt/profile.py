#!/usr/bin/env python3
"""bench/nt/profile.py OUT CASE — where the instructions of one ntbench sample go.

Boots the executive with ntbench.exe under QEMU (TCG, -icount shift=0 as in
bench/nt/run.sh) with its gdb stub, lets gdb stop at
ntbench!NtBenchProfileBegin(CASE) (ntbench runs one extra sample of each
case between NtBenchProfileBegin and NtBenchProfileEnd, after the timed
rounds), then single-steps every instruction the machine executes until
NtBenchProfileEnd, in every address space: ntbench, the child, ntdll, the
executive and the kernel.  Prints the instruction count per function,
largest first, and per component.

CASE is the number of the case in ntbench.c's enum (CaseThreadRunExit...).
Single-stepping runs at a few thousand instructions a second: a thread
sample takes about a minute, a process sample several.  The gdb stub masks
interrupts while stepping, so the timer tick never lands in the sample.

Symbols: kernel.elf and ntos.elf (ELF symbol tables), ntdll.dll,
ntbench.exe and ntchild.exe (maps from relinking their objects with /map,
public symbols only: a static function counts under the public symbol
before it).
"""
import bisect
import os
import re
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

GDB_SCRIPT = r'''
import gdb, collections, json
gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("set architecture i386:x86-64")
gdb.execute("target remote localhost:%(port)d")
gdb.execute("hbreak *%(begin)#x if $rcx == %(case)d")
gdb.execute("continue")
cr3 = int(gdb.parse_and_eval("$cr3"))
gdb.execute("delete")
counts = collections.Counter()
end = %(end)#x
frame = gdb.selected_frame
n = 0
while True:
    pc = int(frame().read_register("rip"))
    if pc == end and int(gdb.parse_and_eval("$cr3")) == cr3:
        break
    counts[pc] += 1
    n += 1
    gdb.execute("stepi", to_string=True)
    if n > %(limit)d:
        break
with open("%(result)s", "w") as f:
    json.dump({"total": n, "pcs": {str(k): v for k, v in counts.items()}}, f)
gdb.execute("kill")
'''


def elf_symbols(path):
    out = subprocess.run(["llvm-nm-19", "-n", "--defined-only", path], capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def map_symbols(path):
    syms = []
    for line in open(path):
        m = re.match(r"\s*[0-9a-f]{4}:[0-9a-f]{8}\s+(\S+)\s+([0-9a-f]{16})\s", line)
        if m:
            syms.append((int(m.group(2), 16), m.group(1)))
    return sorted(syms)


def relink_map(out, exe, objs, flags):
    """Relink an image with /map; returns the map's path (the image must come out identical)."""
    tmp = tempfile.mkdtemp(prefix="ntprof")
    image = os.path.join(tmp, os.path.basename(exe))
    mapfile = image + ".map"
    subprocess.run(["lld-link-19", "/nologo", "/nodefaultlib", "/machine:x64", "/Brepro"] + flags +
                   ["/out:" + image, "/map:" + mapfile] + objs, check=True)
    if open(image, "rb").read() != open(exe, "rb").read():
        print("profile.py: relinked %s differs; its symbols may be off" % exe, file=sys.stderr)
    return mapfile


def free_port():
    s = socket.socket()
    s.bind(("localhost", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ntdll_sources():
    """NTDLL_SRCS of ntdll/build.mk (:= and += lines), so the relink for
    the symbol map uses what the build links."""
    srcs = []
    with open(os.path.join(ROOT, "ntdll/build.mk")) as f:
        for line in f:
            m = re.match(r"NTDLL_SRCS\s*[:+]?=\s*(.*)", line)
            if m:
                srcs += m.group(1).split()
    return srcs


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, case = sys.argv[1], int(sys.argv[2])
    os.chdir(ROOT)
    nt = os.path.join(out, "bench/nt")
    ntdll_objs = [os.path.join(out, "ntdll", os.path.splitext(os.path.basename(f))[0] + ".obj")
                  for f in ntdll_sources()]
    ntdll_objs += [os.path.join(out, "gen/ntdll/svcstubs.obj"), os.path.join(out, "rtl-pe/librtl.a")]
    lib = os.path.join(out, "lib/ntdll.lib")
    exe_flags = ["/entry:NtProcessStartup", "/subsystem:native"]
    maps = {
        "ntbench": relink_map(out, os.path.join(nt, "ntbench.exe"), [os.path.join(nt, "ntbench.obj"), lib], exe_flags),
        "ntchild": relink_map(out, os.path.join(nt, "ntchild.exe"), [os.path.join(nt, "ntchild.obj"), lib],
                              exe_flags + ["/base:0x150000000"]),
        "ntdll": relink_map(out, os.path.join(out, "ntdll/ntdll.dll"), ntdll_objs,
                            ["/dll", "/noimplib", "/noentry", "/subsystem:console",
                             "/def:" + os.path.join(out, "gen/ntdll/ntdll.def")]),
    }
    tables = [("kernel", elf_symbols(os.path.join(out, "kernel/kernel.elf"))),
              ("ntos", elf_symbols(os.path.join(out, "ntos/ntos.elf")))]
    tables += [(name, map_symbols(path)) for name, path in maps.items()]
    bench = dict(tables)["ntbench"]
    begin = next(a for a, s in bench if s == "NtBenchProfileBegin")
    end = next(a for a, s in bench if s == "NtBenchProfileEnd")

    port = free_port()
    result = tempfile.mktemp(prefix="ntprof", suffix=".json")
    script = tempfile.mktemp(prefix="ntprof", suffix=".py")
    with open(script, "w") as f:
        f.write(GDB_SCRIPT % {"port": port, "begin": begin, "end": end, "case": case, "result": result,
                              "limit": 20000000})
    qemu = subprocess.Popen(
        ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", "512", "-icount", "shift=0,sleep=off",
         "-kernel", os.path.join(out, "kernel/kernel32.elf"),
         "-initrd", "%s,%s bootarch run=ntbench.exe trace=none" % (os.path.join(out, "ntos/ntos.elf"),
                                                                   os.path.join(out, "ntos/bootarch.cpio")),
         "-display", "none", "-serial", "null", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
         "-gdb", "tcp:localhost:%d" % port, "-S"], stdin=subprocess.DEVNULL)
    try:
        subprocess.run(["gdb", "-nx", "-batch", "-x", script], check=True, stdout=subprocess.DEVNULL)
    finally:
        qemu.kill()
        qemu.wait()
    import json
    data = json.load(open(result))

    def owner(pc):
        best = None
        for name, syms in tables:
            i = bisect.bisect_right(syms, (pc, "\uffff")) - 1
            if i >= 0 and pc - syms[i][0] < 0x100000 and (best is None or syms[i][0] > best[1]):
                best = (name, syms[i][0], syms[i][1])
        if pc >= 0xffffffff80000000 and (best is None or best[0] != "kernel"):
            return ("kernel", "?")
        return (best[0], best[2]) if best else ("?", hex(pc))

    per_fn, per_part = {}, {}
    for pc, n in data["pcs"].items():
        part, fn = owner(int(pc))
        per_fn[(part, fn)] = per_fn.get((part, fn), 0) + n
        per_part[part] = per_part.get(part, 0) + n
    total = data["total"]
    print("case %d: %d instructions" % (case, total))
    for part, n in sorted(per_part.items(), key=lambda x: -x[1]):
        print("  %-8s %9d  %5.1f%%" % (part, n, 100.0 * n / total))
    print()
    for (part, fn), n in sorted(per_fn.items(), key=lambda x: -x[1])[:40]:
        print("  %9d  %5.1f%%  %s!%s" % (n, 100.0 * n / total, part, fn))


if __name__ == "__main__":
    main()
