#!/usr/bin/env python3
"""abigen — generate the seL4 invocation headers from abi/interface/*.spec.

The seL4 object methods (labels, argument packing, replies) are described
once, in abi/interface/invocations.spec.  This tool reads that file and
writes, under OUT (= $(GEN_DIR)):

  sel4/invocation.h        the three label enums, numbered exactly as seL4
                           16.0.0 x86_64 non-MCS does; pure, the kernel's
                           decoders switch on these
  sel4/invocation_names.h  seL4_InvocationLabelName(): label -> "CNodeCopy"
  sel4/client.h            one static inline stub per method with libsel4's
                           name and signature; it packs the arguments into
                           message registers and extra caps, performs
                           seL4_CallWithMRs and unpacks the reply
  invocations.md           a markdown table of every invocation

Files are rewritten only when their content changes, so an edit to the spec
that does not change a header does not rebuild its users.

Usage: abigen.py --spec FILE --out DIR
Python 3 standard library only.
"""

import argparse
import os
import sys

WORD_BITS = 64

# Width in bits of every scalar argument type.  Sub-word types are packed
# (aligned to their own width); 64-bit types always take a whole word.
SCALAR_BITS = {
    "seL4_Word": 64,
    "seL4_Uint64": 64,
    "seL4_Uint32": 32,
    "seL4_Uint16": 16,
    "seL4_Uint8": 8,
    "seL4_Bool": 1,
    "seL4_CapRights_t": 64,
    "seL4_X86_VMAttributes": 64,
}

# How a scalar becomes a message word, and back.
TO_WORD = {"seL4_CapRights_t": "{}.words[0]"}
FROM_WORD = {"seL4_CapRights_t": "(seL4_CapRights_t){{{{{}}}}}"}

# Structure arguments travel as consecutive whole words, field by field;
# they are passed to the stub by pointer.
STRUCT_FIELDS = {
    "seL4_UserContext": [
        "rip", "rsp", "rflags", "rax", "rbx", "rcx", "rdx", "rsi", "rdi",
        "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
        "fs_base", "gs_base",
    ],
}

CAP_TYPES = {
    "seL4_CPtr", "seL4_CNode", "seL4_TCB", "seL4_Untyped", "seL4_IRQHandler",
    "seL4_IRQControl", "seL4_DomainSet", "seL4_X64_PML4", "seL4_X86_PDPT",
    "seL4_X86_PageDirectory", "seL4_X86_PageTable", "seL4_X86_Page",
    "seL4_X86_ASIDControl", "seL4_X86_ASIDPool", "seL4_X86_IOPort",
    "seL4_X86_IOPortControl",
}

SECTIONS = ("generic", "sel4_arch", "arch")
FAST_MRS = 4


class SpecError(Exception):
    pass


class Param:
    def __init__(self, direction, ctype, name):
        self.direction = direction  # "in", "cap" or "out"
        self.ctype = ctype
        self.name = name

    @property
    def is_struct(self):
        return self.ctype in STRUCT_FIELDS


class Method:
    def __init__(self, section, interface, number, label, name, line):
        self.section = section
        self.interface = interface
        self.number = number
        self.label = label
        self.name = name
        self.line = line
        self.params = []

    @property
    def stub(self):
        return "%s_%s" % (self.interface, self.name)

    def of(self, direction):
        return [p for p in self.params if p.direction == direction]

    @property
    def scalar_outs(self):
        return [p for p in self.of("out") if not p.is_struct]

    @property
    def result_type(self):
        if self.scalar_outs:
            return "%s_t" % self.stub
        return "seL4_Error"


# --------------------------------------------------------------------------
# Parsing


def parse_spec(path):
    section = interface = None
    methods = []
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            words = raw.split("#", 1)[0].split()
            if not words:
                continue
            where = "%s:%d" % (path, lineno)
            kind = words[0]
            if kind == "section" and len(words) == 2:
                if words[1] not in SECTIONS:
                    raise SpecError("%s: unknown section %s" % (where, words[1]))
                section = words[1]
            elif kind == "interface" and len(words) == 2:
                interface = words[1]
            elif kind == "method" and len(words) == 4:
                if section is None or interface is None:
                    raise SpecError("%s: method outside section/interface" % where)
                methods.append(Method(section, interface, int(words[1], 0),
                                      words[2], words[3], where))
            elif kind in ("in", "cap", "out") and len(words) == 3:
                if not methods:
                    raise SpecError("%s: parameter outside a method" % where)
                methods[-1].params.append(Param(kind, words[1], words[2]))
            else:
                raise SpecError("%s: cannot parse: %s" % (where, raw.strip()))
    check_spec(methods)
    return methods


def check_spec(methods):
    """Labels must run 1, 2, 3 ... and sections must not interleave."""
    seen_sections = []
    for expected, m in enumerate(methods, 1):
        if m.number != expected:
            raise SpecError("%s: label %s is %d, expected %d"
                            % (m.line, m.label, m.number, expected))
        if not seen_sections or seen_sections[-1] != m.section:
            if m.section in seen_sections:
                raise SpecError("%s: section %s resumed" % (m.line, m.section))
            seen_sections.append(m.section)
        for p in m.params:
            known = (CAP_TYPES if p.direction == "cap"
                     else set(SCALAR_BITS) | set(STRUCT_FIELDS))
            if p.ctype not in known:
                raise SpecError("%s: %s parameter %s has unknown type %s"
                                % (m.line, p.direction, p.name, p.ctype))
    if [s for s in SECTIONS if s in seen_sections] != seen_sections:
        raise SpecError("sections out of order: %s" % seen_sections)
    labels = [m.label for m in methods]
    if len(set(labels)) != len(labels):
        raise SpecError("duplicate label")


# --------------------------------------------------------------------------
# Message layout


class Slot:
    """One packed item: `expr` occupies `bits` bits of word `word` at `shift`."""

    def __init__(self, word, shift, bits, ctype, expr, name):
        self.word, self.shift, self.bits = word, shift, bits
        self.ctype, self.expr, self.name = ctype, expr, name


def items_of(params, struct_access):
    """Flatten parameters into (ctype, C expression, display name) items."""
    items = []
    for p in params:
        if p.is_struct:
            for field in STRUCT_FIELDS[p.ctype]:
                items.append(("seL4_Word", struct_access % (p.name, field),
                              "%s.%s" % (p.name, field)))
        else:
            items.append((p.ctype, p.name, p.name))
    return items


def layout(items):
    """Pack items into words (reference §5.1); return (slots, word count)."""
    slots = []
    word = shift = 0
    for ctype, expr, name in items:
        bits = SCALAR_BITS[ctype]
        if shift % bits:
            shift += bits - shift % bits
        if shift + bits > WORD_BITS:
            word, shift = word + 1, 0
        slots.append(Slot(word, shift, bits, ctype, expr, name))
        shift += bits
    return slots, (word + 1 if shift else word)


def in_layout(m):
    return layout(items_of(m.of("in"), "%s->%s"))


def out_layout(m):
    return layout(items_of(m.of("out"), "%s->%s"))


def describe(slots):
    """Human-readable layout, e.g. 'MR0 index, MR1 depth[7:0]'."""
    parts = []
    for s in slots:
        if s.bits == WORD_BITS:
            parts.append("MR%d %s" % (s.word, s.name))
        else:
            hi = s.shift + s.bits - 1
            bits = "%d" % s.shift if s.bits == 1 else "%d:%d" % (hi, s.shift)
            parts.append("MR%d[%s] %s" % (s.word, bits, s.name))
    return ", ".join(parts)


# --------------------------------------------------------------------------
# Output helpers

HEADER_NOTE = ("/* Generated by tools/abigen.py from %s. Do not edit. */\n")


def write_if_changed(path, text):
    text = text.replace("\t", "    ")  # the tree's style: 4-space indents
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def mask(bits):
    return "0x%xul" % ((1 << bits) - 1)


# --------------------------------------------------------------------------
# invocation.h and invocation_names.h

ENUMS = {
    "generic": ("invocation_label", "nInvocationLabels"),
    "sel4_arch": ("sel4_arch_invocation_label", "nSeL4ArchInvocationLabels"),
    "arch": ("arch_invocation_label", "nArchInvocationLabels"),
}


def gen_invocation_h(methods, spec):
    out = [HEADER_NOTE % spec, """
/*
 * Invocation labels: the `label` of the message tag when a thread invokes
 * a kernel object (reference §5.2).  Three consecutive runs as in seL4:
 * generic methods (1 .. nInvocationLabels-1), then x86_64 methods, then x86
 * methods; nArchInvocationLabels is one past the last label overall.
 * Pure header: no code, safe for the kernel and for host tests.
 */
#ifndef SEL4_INVOCATION_H
#define SEL4_INVOCATION_H

"""]
    previous_count = None
    for section in SECTIONS:
        enum_name, count_name = ENUMS[section]
        members = [m for m in methods if m.section == section]
        out.append("enum %s {\n" % enum_name)
        if previous_count is None:
            out.append("\tInvalidInvocation = 0,\n")
        for m in members:
            out.append("\t%s = %d,\n" % (m.label, m.number))
        if members or previous_count is None:
            out.append("\t%s,\n" % count_name)
        else:
            out.append("\t%s = %s,\n" % (count_name, previous_count))
        out.append("};\n\n")
        previous_count = count_name
    out.append("typedef enum invocation_label invocation_label_t;\n\n")
    for m in methods:
        out.append("_Static_assert(%s == %d, \"label number\");\n"
                   % (m.label, m.number))
    out.append("_Static_assert(nArchInvocationLabels == %d, \"label count\");\n"
               % (len(methods) + 1))
    out.append("\n#endif /* SEL4_INVOCATION_H */\n")
    return "".join(out)


def gen_names_h(methods, spec):
    out = [HEADER_NOTE % spec, """
/* Names of the invocation labels, for debug output and test reports. */
#ifndef SEL4_INVOCATION_NAMES_H
#define SEL4_INVOCATION_NAMES_H

#include <sel4/invocation.h>

static inline const char *
seL4_InvocationLabelName(unsigned long label)
{
\tstatic const char *const names[nArchInvocationLabels] = {
\t\t[InvalidInvocation] = "InvalidInvocation",
"""]
    for m in methods:
        out.append("\t\t[%s] = \"%s\",\n" % (m.label, m.label))
    out.append("""\t};

\tif (label >= nArchInvocationLabels)
\t\treturn "UnknownInvocation";
\treturn names[label];
}

#endif /* SEL4_INVOCATION_NAMES_H */
""")
    return "".join(out)


# --------------------------------------------------------------------------
# client.h


def c_param(p):
    if p.is_struct:
        return "%s *%s" % (p.ctype, p.name)
    return "%s %s" % (p.ctype, p.name)


def signature(m):
    args = ["%s _service" % m.interface]
    args += [c_param(p) for p in m.params
             if p.direction != "out" or p.is_struct]
    return "%s\n%s(%s)" % (m.result_type, m.stub, ", ".join(args))


def word_expr(slot):
    value = TO_WORD.get(slot.ctype, "{}").format(slot.expr)
    if slot.bits == WORD_BITS:
        return "(seL4_Word)%s" % value
    term = "((seL4_Word)%s & %s)" % (value, mask(slot.bits))
    if slot.shift:
        term = "(%s << %d)" % (term, slot.shift)
    return term


def marshal_lines(slots, nwords):
    lines = []
    for w in range(nwords):
        terms = [word_expr(s) for s in slots if s.word == w]
        value = " | ".join(terms) if terms else "0"
        if w < FAST_MRS:
            lines.append("\tmr%d = %s;\n" % (w, value))
        else:
            lines.append("\tseL4_SetMR(%d, %s);\n" % (w, value))
    return lines


def reply_word(slot):
    """C expression extracting `slot` from the reply registers/buffer."""
    if slot.word < FAST_MRS:
        src = "mr%d" % slot.word
    else:
        src = "seL4_GetMR(%d)" % slot.word
    if slot.bits == WORD_BITS:
        return src
    if slot.shift:
        src = "(%s >> %d)" % (src, slot.shift)
    return "(%s & %s)" % (src, mask(slot.bits))


def unmarshal_lines(slots, target):
    lines = []
    for s in slots:
        src = reply_word(s)
        if s.ctype in FROM_WORD:
            value = FROM_WORD[s.ctype].format(src)
        else:
            value = "(%s)%s" % (s.ctype, src)
        lines.append("\t%s = %s;\n" % (target(s), value))
    return lines


def stub_comment(m, in_slots, nwords):
    caps = ", ".join("C%d %s" % (i, p.name) for i, p in enumerate(m.of("cap")))
    text = "%s (label %d, length %d)" % (m.label, m.number, nwords)
    if in_slots:
        text += ": " + describe(in_slots)
    if caps:
        text += "; caps " + caps
    out_slots, _ = out_layout(m)
    if out_slots:
        text += "; reply " + describe(out_slots)
    return "/* %s */\n" % text


def gen_stub(m):
    in_slots, nwords = in_layout(m)
    out_slots, _ = out_layout(m)
    caps = m.of("cap")
    if nwords > 120:
        raise SpecError("%s: message too long" % m.line)
    has_result = bool(m.scalar_outs)
    err = "result.error" if has_result else "error"
    ret = "result" if has_result else "error"

    lines = [stub_comment(m, in_slots, nwords),
             "LIBSEL4_INLINE %s\n{\n" % signature(m)]
    lines.append("\tseL4_MessageInfo_t tag = seL4_MessageInfo_new(%s, 0, %d, %d);\n"
                 % (m.label, len(caps), nwords))
    lines.append("\tseL4_MessageInfo_t reply;\n")
    if has_result:
        lines.append("\t%s result = {0};\n" % m.result_type)
    else:
        lines.append("\tseL4_Error error;\n")
    lines.append("\tseL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;\n\n")
    for i, p in enumerate(caps):
        lines.append("\tseL4_SetCap(%d, %s);\n" % (i, p.name))
    lines += marshal_lines(in_slots, nwords)
    lines.append("\n\treply = SEL4_CLIENT_CALL_WITH_MRS(_service, tag, "
                 "&mr0, &mr1, &mr2, &mr3);\n")
    lines.append("\t%s = (%s)seL4_MessageInfo_get_label(reply);\n"
                 % (err, "int" if has_result else "seL4_Error"))
    lines.append("\tif (%s != seL4_NoError) {\n" % err)
    for i in range(FAST_MRS):
        lines.append("\t\tseL4_SetMR(%d, mr%d);\n" % (i, i))
    if out_slots:
        lines.append("\t\treturn %s;\n" % ret)
    lines.append("\t}\n")

    def target(slot):
        if "." in slot.name:
            struct, field = slot.name.split(".")
            return "%s->%s" % (struct, field)
        return "result.%s" % slot.name

    if out_slots:
        lines += unmarshal_lines(out_slots, target)
    lines.append("\treturn %s;\n}\n\n" % ret)
    return "".join(lines)


def gen_result_struct(m):
    fields = "".join("\t%s %s;\n" % (p.ctype, p.name) for p in m.scalar_outs)
    return ("struct %s {\n\tint error;\n%s};\ntypedef struct %s %s_t;\n\n"
            % (m.stub, fields, m.stub, m.stub))


def gen_client_h(methods, spec):
    out = [HEADER_NOTE % spec, """
/*
 * User-side stubs for every kernel object method, with libsel4's names and
 * signatures.  Each stub packs its word arguments into MR0.. (MR0..3 in
 * registers, the rest in the IPC buffer), its capability arguments into
 * caps_or_badges[], performs seL4_CallWithMRs on the invoked cap and
 * returns the reply label as the error.  On error MR0..3 are copied into the
 * IPC buffer so that seL4_GetMR() sees the error details, as in libsel4.
 *
 * Test seam: a host test may define SEL4_CLIENT_CALL_WITH_MRS to a mock
 * with seL4_CallWithMRs's signature before including this header.
 */
#ifndef SEL4_CLIENT_H
#define SEL4_CLIENT_H

#include <sel4/types.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>

#ifndef SEL4_CLIENT_CALL_WITH_MRS
#define SEL4_CLIENT_CALL_WITH_MRS seL4_CallWithMRs
#endif

"""]
    for m in methods:
        if m.scalar_outs:
            out.append(gen_result_struct(m))
    for m in methods:
        out.append(gen_stub(m))
    out.append("#endif /* SEL4_CLIENT_H */\n")
    return "".join(out)


# --------------------------------------------------------------------------
# invocations.md


def gen_markdown(methods, spec):
    out = ["<!-- Generated by tools/abigen.py from %s. Do not edit. -->\n\n"
           % spec,
           "# seL4 invocations (x86_64, non-MCS, seL4 16.0.0 configuration)\n\n",
           "| # | Label | libsel4 call | Length | Message registers | Caps | Reply |\n",
           "|---:|---|---|---:|---|---|---|\n"]
    for m in methods:
        in_slots, nwords = in_layout(m)
        out_slots, _ = out_layout(m)
        caps = ", ".join("C%d %s" % (i, p.name) for i, p in enumerate(m.of("cap")))
        out.append("| %d | %s | `%s` | %d | %s | %s | %s |\n" % (
            m.number, m.label, m.stub, nwords, describe(in_slots) or "—",
            caps or "—", describe(out_slots) or "—"))
    return "".join(out)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    try:
        methods = parse_spec(args.spec)
        outputs = {
            "sel4/invocation.h": gen_invocation_h(methods, args.spec),
            "sel4/invocation_names.h": gen_names_h(methods, args.spec),
            "sel4/client.h": gen_client_h(methods, args.spec),
            "invocations.md": gen_markdown(methods, args.spec),
        }
    except SpecError as e:
        print("abigen: %s" % e, file=sys.stderr)
        return 1
    for rel, text in outputs.items():
        path = os.path.join(args.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_if_changed(path, text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
