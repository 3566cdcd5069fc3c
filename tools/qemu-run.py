#!/usr/bin/env python3
"""qemu-run.py: boot scenario files in QEMU and give each a verdict.

A scenario (tests/scenarios/NAME.scenario, format in docs/testing.md) says
what to boot (boot method, kernel, modules, command line), how (extra QEMU
arguments, a timeout) and what the serial console must show: `expect:`
regexes that must appear in order, `fail:` regexes that must not appear,
the value the guest writes to the isa-debug-exit port, and whether the
guest reports its own `N passed, N failed` line.

For each scenario the runner builds the boot image if the method needs one
(tools/mkimage.sh), starts QEMU with the serial port on a pipe, copies every
line to OUT/logs/NAME.log and to stdout, enforces the timeout, then prints

    SCENARIO NAME: PASS | FAIL (reason) | DID NOT BOOT (reason) | TIMEOUT (reason)

and, after all scenarios, one line `N passed, N failed`.  A scenario counts
as one test, unless it collects the guest's own counts (`counts: yes`), in
which case the guest's tests are counted, plus one failure if the scenario
failed for a reason the guest's counts do not show (a crash, a timeout).

QEMU exit statuses: the guest writes v to port 0xf4 and QEMU exits with
(v << 1) | 1; 255 (v = 0x7f) is the kernel's panic value; 0 is what QEMU
returns on a triple fault under -no-reboot.  The accelerator is always TCG:
on this machine KVM is a software hypervisor and far slower.

Exit status of the runner: 0 if every scenario passed, 1 if any did not,
2 on a usage or scenario-file error.
"""

import argparse
import os
import queue
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MKIMAGE = os.path.join(REPO, "tools", "mkimage.sh")
QEMU = "qemu-system-x86_64"
OVMF = "/usr/share/ovmf/OVMF.fd"

# Always there, first on the command line.  Scenario arguments come after the
# defaults, so a scenario's -m or -cpu replaces the default one.
QEMU_FIXED = ["-accel", "tcg", "-display", "none", "-no-reboot", "-serial", "stdio",
              "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
QEMU_DEFAULTS = ["-m", "512", "-cpu", "max"]
FORBIDDEN_QEMU_ARGS = {"-accel", "--accel", "-enable-kvm", "--enable-kvm", "-serial",
                       "-nographic", "-kernel", "-initrd", "-append"}

BOOT_METHODS = ("kernel", "iso", "iso-mb1", "floppy", "uefi", "uefi-mb1")
SINGLE_KEYS = ("description", "boot", "kernel", "cmdline", "timeout", "exit", "counts",
               "booted", "idle")
LIST_KEYS = ("module", "qemu", "expect", "fail")

PANIC_VALUE = 0x7F
RESET_EXIT = -1          # `exit: reset`
IDLE_MAX_BUSY = 0.25     # `idle:`: most of the host CPU an idle guest may use
DEFAULT_EXIT = 0x10
DEFAULT_TIMEOUT = 60
COUNTS_RE = re.compile(r"\s*(?:\S+:\s*)?(\d+) passed, (\d+) failed\b")
ANSI_RE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[@-Z\\-_])")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ScenarioError(Exception):
    """A scenario file that cannot be run as written."""


class Scenario:
    """One parsed scenario file; see docs/testing.md for the keys."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        if self.name.endswith(".scenario"):
            self.name = self.name[: -len(".scenario")]
        self.single = {}
        self.lists = {k: [] for k in LIST_KEYS}
        self._parse()
        self._check()

    def _parse(self):
        try:
            with open(self.path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except OSError as e:
            raise ScenarioError("cannot read %s: %s" % (self.path, e.strerror))
        for number, line in enumerate(lines, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            key, sep, value = text.partition(":")
            key, value = key.strip().lower(), value.strip()
            where = "%s:%d" % (self.path, number)
            if not sep:
                raise ScenarioError("%s: expected 'key: value'" % where)
            if key in LIST_KEYS:
                self.lists[key].append(value)
            elif key in SINGLE_KEYS:
                if key in self.single:
                    raise ScenarioError("%s: '%s' given twice" % (where, key))
                self.single[key] = value
            else:
                raise ScenarioError("%s: unknown key '%s'" % (where, key))

    def _check(self):
        where = self.path
        self.boot = self.single.get("boot", "kernel")
        if self.boot not in BOOT_METHODS:
            raise ScenarioError("%s: boot must be one of %s" % (where, ", ".join(BOOT_METHODS)))
        default_kernel = "kernel/kernel32.elf" if self.boot == "kernel" else "kernel/kernel.elf"
        self.kernel = self.single.get("kernel", default_kernel)
        self.cmdline = self.single.get("cmdline", "")
        self.modules = self.lists["module"]
        if not self.modules:
            raise ScenarioError("%s: at least one 'module:' is needed" % where)
        try:
            self.timeout = float(self.single.get("timeout", DEFAULT_TIMEOUT))
        except ValueError:
            raise ScenarioError("%s: timeout must be a number of seconds" % where)
        self.exit_value = self._parse_exit(self.single.get("exit", hex(DEFAULT_EXIT)))
        self.idle = None
        if "idle" in self.single:
            try:
                self.idle = float(self.single["idle"])
            except ValueError:
                raise ScenarioError("%s: idle must be a number of seconds" % where)
            if self.exit_value is not None or not 0 < self.idle <= 30:
                raise ScenarioError("%s: idle needs 'exit: none' and 0 < seconds <= 30" % where)
        self.counts = self.single.get("counts", "no")
        if self.counts not in ("no", "yes", "optional", "sum"):
            raise ScenarioError("%s: counts must be no, yes, optional or sum" % where)
        self.expect = [self._regex(r) for r in self.lists["expect"]]
        self.fail = [self._regex(r) for r in self.lists["fail"]]
        self.booted = self._regex(self.single["booted"]) if "booted" in self.single else None
        if self.exit_value is None and not self.expect:
            raise ScenarioError("%s: 'exit: none' needs at least one 'expect:'" % where)
        self.qemu_args = []
        for value in self.lists["qemu"]:
            try:
                self.qemu_args += shlex.split(value)
            except ValueError as e:
                raise ScenarioError("%s: qemu: %s" % (where, e))
        for arg in self.qemu_args:
            if arg.split("=")[0] in FORBIDDEN_QEMU_ARGS or "accel=" in arg:
                raise ScenarioError("%s: qemu: %s is set by the runner" % (where, arg))

    def _parse_exit(self, text):
        if text == "none":
            return None
        if text == "reset":  # a guest reset: QEMU exits with 0 under -no-reboot
            return RESET_EXIT
        try:
            value = int(text, 0)
        except ValueError:
            raise ScenarioError("%s: exit must be a number or 'none'" % self.path)
        if not 0 <= value <= 0x7F:
            raise ScenarioError("%s: exit value must be 0..0x7f" % self.path)
        return value

    def _regex(self, text):
        try:
            return re.compile(text)
        except re.error as e:
            raise ScenarioError("%s: bad regex %r: %s" % (self.path, text, e))


def expand(text, variables):
    """Replace ${OUT}, ${LOGDIR} and ${NAME} in a scenario value."""
    for key, value in variables.items():
        text = text.replace("${%s}" % key, value)
    return text


def clean_line(raw):
    """Serial bytes -> text without terminal escapes or carriage returns."""
    text = raw.decode("utf-8", errors="replace")
    text = ANSI_RE.sub("", text)
    return CONTROL_RE.sub("", text.replace("\r", "").replace("\n", ""))


def describe_status(run):
    """A human reading of QEMU's exit status."""
    status = run.status
    if run.timed_out or run.stopped_early:
        return "stopped by the runner"
    if status < 0:
        return "QEMU killed by signal %d" % -status
    if status == 0:
        return "reset or triple fault (QEMU status 0)"
    if status == (PANIC_VALUE << 1) | 1:
        return "kernel panic (QEMU status %d)" % status
    if status == 1 and run.stderr.strip():
        return "QEMU error: %s" % run.stderr.strip().splitlines()[0]
    if status & 1:
        return "exit value %#x (QEMU status %d)" % (status >> 1, status)
    return "QEMU error (status %d)" % status


class Run:
    """The outcome of one QEMU run, gathered while its serial output streams."""

    def __init__(self, scenario, timeout):
        self.scenario = scenario
        self.timeout = timeout
        self.next_expect = 0
        self.last_counts = None
        self.sum_counts = None
        self.idle_busy = None
        self.fail_hit = None
        self.booted = False
        self.status = None
        self.timed_out = False
        self.stopped_early = False
        self.stderr = ""
        self.seconds = 0.0

    def feed(self, line):
        """Account for one serial line (already cleaned)."""
        sc = self.scenario
        if not self.booted:
            self.booted = bool(sc.booted.search(line) if sc.booted else line.strip())
        if self.fail_hit is None:
            for regex in sc.fail:
                if regex.search(line):
                    self.fail_hit = (regex.pattern, line.strip())
                    break
        # Expectations match within one line; several may match one line, in order.
        pos = 0
        while self.next_expect < len(sc.expect):
            m = sc.expect[self.next_expect].search(line, pos)
            if not m:
                break
            pos = m.end()
            self.next_expect += 1
        m = COUNTS_RE.match(line)
        if m:
            self.last_counts = (int(m.group(1)), int(m.group(2)))
            p, f = self.sum_counts or (0, 0)
            self.sum_counts = (p + self.last_counts[0], f + self.last_counts[1])

    def all_expected_seen(self):
        return self.next_expect == len(self.scenario.expect)

    def guest_counts(self):
        """The guest's last `N passed, N failed` line (with `counts: sum`,
        all of them added up), as a pair, or None."""
        return self.sum_counts if self.scenario.counts == "sum" else self.last_counts


def build_image(sc, out, image_dir):
    """Make the ISO or floppy a scenario boots from; returns its path."""
    kind = "floppy" if sc.boot == "floppy" else "iso"
    image = os.path.join(image_dir, sc.name + (".img" if kind == "floppy" else ".iso"))
    cmd = [MKIMAGE, kind, out, image, "--kernel", sc.kernel, "--cmdline", sc.cmdline]
    for module in sc.modules:
        cmd += ["--module", module]
    if sc.boot in ("iso-mb1", "uefi-mb1"):
        cmd.append("--mb1")
    result = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        raise RuntimeError("image build failed: %s" % result.stdout.strip().replace("\n", "; "))
    return image


def qemu_command(sc, out, image):
    """The full QEMU argument vector for a scenario."""
    cmd = [QEMU] + QEMU_FIXED + QEMU_DEFAULTS
    if sc.boot == "kernel":
        for module in sc.modules:
            if "," in module:
                raise RuntimeError("module line contains a comma (QEMU's separator): " + module)
        cmd += ["-kernel", os.path.join(out, sc.kernel), "-append", sc.cmdline,
                "-initrd", ",".join(sc.modules)]
    elif sc.boot in ("iso", "iso-mb1"):
        cmd += ["-cdrom", image, "-boot", "d"]
    elif sc.boot == "floppy":
        cmd += ["-drive", "if=floppy,format=raw,file=" + image, "-boot", "a"]
    else:
        cmd += ["-machine", "q35", "-bios", OVMF, "-cdrom", image]
    return cmd + sc.qemu_args


def missing_artefacts(sc, out):
    """Input files the scenario needs that the build did not produce."""
    paths = [os.path.join(out, sc.kernel)]
    paths += [os.path.join(out, m.split()[0]) for m in sc.modules]
    if sc.boot.startswith("uefi"):
        paths.append(OVMF)
    missing = [p for p in paths if not os.path.isfile(p)]
    if shutil.which(QEMU) is None:
        missing.append(QEMU)
    return missing


def pump(stream, sink):
    """Reader thread: move lines from a pipe into a queue, then None.  A line
    longer than 64 KiB arrives in pieces rather than never."""
    for raw in iter(lambda: stream.readline(65536), b""):
        sink.put(raw)
    sink.put(None)


def run_qemu(sc, cmd, out, log_path, timeout, echo):
    """Start QEMU, stream and log its serial output, enforce the timeout."""
    run = Run(sc, timeout)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=out, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    lines = queue.Queue()
    stderr_chunks = []
    readers = [threading.Thread(target=pump, args=(proc.stdout, lines), daemon=True),
               threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()),
                                daemon=True)]
    for t in readers:
        t.start()
    try:
        with open(log_path, "w", encoding="utf-8") as log:
            while True:
                left = timeout - (time.monotonic() - start)
                try:
                    if left <= 0:
                        raise queue.Empty  # even if a chatty guest keeps the queue full
                    raw = lines.get(timeout=left)
                except queue.Empty:
                    run.timed_out = True
                    break
                if raw is None:
                    break
                line = clean_line(raw)
                log.write(line + "\n")
                log.flush()
                if echo:
                    print(line, flush=True)
                run.feed(line)
                if sc.exit_value is None and run.all_expected_seen():
                    if sc.idle is not None and proc.poll() is None:
                        run.idle_busy = cpu_busy(proc.pid, sc.idle)
                        if run.idle_busy is not None:
                            print("[idle: QEMU used %.1f%% of a host CPU over %g s]" % (
                                100 * run.idle_busy, sc.idle), flush=True)
                    run.stopped_early = True
                    break
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        run.status = proc.wait()
        for t in readers:
            t.join(timeout=5)
    run.seconds = time.monotonic() - start
    run.stderr = b"".join(stderr_chunks).decode("utf-8", errors="replace")
    return run


def cpu_seconds(pid):
    """User + system CPU time of a process so far, from /proc."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_busy(pid, seconds):
    """The share of one host CPU QEMU used over the next `seconds`: an idle
    guest that halts its CPU leaves QEMU (TCG) nearly asleep; one that
    spins keeps it at 100%."""
    try:
        before = cpu_seconds(pid)
        time.sleep(seconds)
        return (cpu_seconds(pid) - before) / seconds
    except (OSError, IndexError, ValueError):
        return None


def verdict(run):
    """(verdict word, reason) from everything a run observed."""
    sc = run.scenario
    status = describe_status(run)
    pending = ""
    if not run.all_expected_seen():
        pending = "expected line not seen: /%s/" % sc.expect[run.next_expect].pattern
    if not run.booted:
        if run.timed_out:
            return "DID NOT BOOT", "no kernel output within %g s" % run.timeout
        return "DID NOT BOOT", status
    if run.stopped_early:
        if run.fail_hit:
            return "FAIL", "matched fail pattern /%s/: %s" % run.fail_hit
        if sc.idle is not None:
            if run.idle_busy is None:
                return "FAIL", "could not measure QEMU's CPU time while idle"
            if run.idle_busy > IDLE_MAX_BUSY:
                return "FAIL", "idle guest kept %.0f%% of a host CPU busy (at most %.0f%%)" % (
                    100 * run.idle_busy, 100 * IDLE_MAX_BUSY)
        return "PASS", ""
    if run.fail_hit:
        return "FAIL", "matched fail pattern /%s/: %s" % run.fail_hit
    if run.timed_out:
        return "TIMEOUT", "after %g s; %s" % (run.timeout, pending or "guest did not exit")
    if sc.exit_value == RESET_EXIT:
        if run.status != 0:
            return "FAIL", "%s, expected a reset (QEMU status 0)" % status
    elif sc.exit_value is not None and run.status != ((sc.exit_value << 1) | 1):
        return "FAIL", "%s, expected exit value %#x" % (status, sc.exit_value)
    if pending:
        return "FAIL", pending
    return "PASS", ""


def apply_counts(sc, run, word, reason):
    """Fold the guest's own test counts in; returns (word, reason, passed, failed)."""
    counts = run.guest_counts() if sc.counts != "no" else None
    if counts is None:
        if sc.counts == "yes" and word == "PASS":
            word, reason = "FAIL", "guest printed no 'N passed, N failed' line"
        return (word, reason) + ((1, 0) if word == "PASS" else (0, 1))
    passed, failed = counts
    if word == "PASS" and failed:
        word, reason = "FAIL", "%d guest tests failed" % failed
    elif word == "PASS" and passed + failed == 0:
        word, reason = "FAIL", "guest ran no tests"
    if word != "PASS" and failed == 0:
        failed = 1
    return word, reason, passed, failed


def run_scenario(sc, args):
    """Run one scenario end to end; prints its verdict, returns (passed, failed)."""
    out = os.path.abspath(args.out)
    log_dir = os.path.abspath(args.log_dir or os.path.join(out, "logs"))
    os.makedirs(log_dir, exist_ok=True)
    variables = {"OUT": out, "LOGDIR": log_dir, "NAME": sc.name}
    sc.cmdline = expand(sc.cmdline, variables)
    sc.modules = [expand(m, variables) for m in sc.modules]
    sc.qemu_args = [expand(a, variables) for a in sc.qemu_args]
    timeout = sc.timeout * args.timeout_scale

    print("=== scenario %s: %s" % (sc.name, sc.single.get("description", sc.path)), flush=True)
    word, reason, run = "FAIL", "", None
    missing = missing_artefacts(sc, out)
    if missing:
        reason = "missing artefact %s" % ", ".join(os.path.relpath(p) for p in missing)
    else:
        try:
            image = None
            if sc.boot != "kernel":
                image = build_image(sc, out, os.path.join(out, "images"))
            cmd = qemu_command(sc, out, image)
            print("+ (cd %s && %s)" % (shlex.quote(os.path.relpath(out)), shlex.join(cmd)),
                  flush=True)
            log_path = os.path.join(log_dir, sc.name + ".log")
            run = run_qemu(sc, cmd, out, log_path, timeout, not args.quiet)
            for line in run.stderr.splitlines():
                if "terminating on signal" not in line:
                    print("[qemu] " + line)
            print("[%s: %s after %.2f s; log %s]" % (sc.name, describe_status(run),
                                                    run.seconds, os.path.relpath(log_path)))
            word, reason = verdict(run)
        except (RuntimeError, OSError) as e:
            reason = str(e)
    passed, failed = (0, 1)
    if run is not None:
        word, reason, passed, failed = apply_counts(sc, run, word, reason)
    print("SCENARIO %s: %s%s" % (sc.name, word, " (%s)" % reason if reason else ""), flush=True)
    return passed, failed


def main(argv):
    parser = argparse.ArgumentParser(
        description="Boot scenario files in QEMU and print a verdict for each.")
    parser.add_argument("scenarios", nargs="+", help="tests/scenarios/NAME.scenario files")
    parser.add_argument("--out", default="out/amd64-debug",
                        help="build directory the scenario's paths are relative to")
    parser.add_argument("--log-dir", help="where NAME.log goes (default OUT/logs)")
    parser.add_argument("--quiet", action="store_true", help="do not echo the serial output")
    parser.add_argument("--timeout-scale", type=float, default=1.0,
                        help="multiply every scenario's timeout (slow machines)")
    args = parser.parse_args(argv)

    try:
        scenarios = [Scenario(p) for p in args.scenarios]
    except ScenarioError as e:
        print("qemu-run: %s" % e, file=sys.stderr)
        return 2
    total_passed = total_failed = 0
    for sc in scenarios:
        passed, failed = run_scenario(sc, args)
        total_passed += passed
        total_failed += failed
    print("%d passed, %d failed" % (total_passed, total_failed))
    return 0 if total_failed == 0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
