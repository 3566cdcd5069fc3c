#!/bin/bash
# tests/ntapi/check-pe.sh OUT — check the PE images tools/pe.mk built, with
# llvm-readobj/llvm-objdump, and the build rules' own guard.  Prints
# `TEST pe NAME: PASS|FAIL` per check and `N passed, N failed` last.
#
# The images are the toolchain self-test (OUT/tests/ntapi/toolchain: a DLL
# made by pe_dll from sample.def, app.exe made by pe_exe against the import
# library pe_import_lib made from the same .def) and the native API test
# programs of both compilers.  Running them is run-wine.sh's job; this
# checks what a loader would read: export and import tables, ordinals,
# forwarders, image bases, subsystems, base relocations.
set -u

out=${1:?usage: tests/ntapi/check-pe.sh OUT}
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$out/tests/ntapi
tc=$dir/toolchain
readobj=llvm-readobj-19
objdump=llvm-objdump-19
nm=llvm-nm-19
passed=0
failed=0

# check NAME COMMAND...: one test; the command's failure output is shown.
check() {
    local name=$1 log
    shift
    log=$(mktemp)
    if "$@" >"$log" 2>&1; then
        echo "TEST pe $name: PASS"
        passed=$((passed + 1))
    else
        echo "TEST pe $name: FAIL"
        sed 's/^/  | /' "$log"
        failed=$((failed + 1))
    fi
    rm -f "$log"
}

# expect FILE PATTERN...: every extended regex must match a line of FILE's text.
expect() {
    local text=$1 pattern
    shift
    for pattern in "$@"; do
        if ! grep -qE -- "$pattern" <<<"$text"; then
            echo "missing: $pattern"
            return 1
        fi
    done
}

# Export table of sample.dll: one "ordinal|name|rva-or-forwarder" per export.
exports_of() {
    "$readobj" --coff-exports "$1" | awk '
        /Ordinal:/ { ord = $2 } /Name:/ { name = $2 }
        /RVA:/ { print ord "|" name "|" $2 } /ForwardedTo:/ { print ord "|" name "|" $2 }'
}

# Imports: one "dll|symbol" per imported symbol ("dll|#N" by ordinal).
imports_of() {
    "$readobj" --coff-imports "$1" | awk '
        /^  Name:/ { dll = $2 }
        /Symbol:/ { if ($2 ~ /^\(/) print dll "|#" substr($2, 2, length($2) - 2);
                    else print dll "|" $2 }'
}

header_field() { # FILE FIELD: a field of llvm-objdump -p's header dump
    "$objdump" -p "$1" | awk -v f="$2" '$1 == f { print $2; exit }'
}

check_sample_exports() {
    local table
    table=$(exports_of "$tc/sample.dll") || return 1
    echo "$table"
    expect "$table" '^[0-9]+\|SampleAdd\|0x[0-9A-Fa-f]+$' '^[0-9]+\|SampleCounter\|0x' \
        '^[0-9]+\|SampleApply\|' '^[0-9]+\|SampleImageBase\|' \
        '^10\|\|0x[0-9A-Fa-f]*[1-9A-Fa-f]' '^[0-9]+\|SampleUpcase\|ntdll\.RtlUpcaseUnicodeChar$'
}

check_sample_headers() {
    local dump
    dump=$("$objdump" -p "$tc/sample.dll") || return 1
    expect "$dump" '^ DLL name: sample\.dll$' '^ Ordinal base: 10$' \
        '^ImageBase +0000000010000000$' '^Subsystem +00000003' '^AddressOfEntryPoint +0*[1-9a-fA-F]'
}

check_sample_relocations() {
    local relocs
    relocs=$("$readobj" --coff-basereloc "$tc/sample.dll") || return 1
    expect "$relocs" 'Type: DIR64'
}

check_app_imports() {
    local table
    table=$(imports_of "$tc/app.exe") || return 1
    echo "$table"
    expect "$table" '^sample\.dll\|SampleAdd$' '^sample\.dll\|SampleCounter$' \
        '^sample\.dll\|#10$' '^sample\.dll\|SampleUpcase$' '^ntdll\.dll\|NtTerminateProcess$'
}

check_app_headers() {
    local dump
    dump=$("$objdump" -p "$tc/app.exe") || return 1
    expect "$dump" '^ImageBase +0000000010000000$' '^Subsystem +00000001' \
        '^AddressOfEntryPoint +0*[1-9a-fA-F]'
}

# Every test program: a native executable that imports ntdll.dll and
# nothing else (no C runtime crept in).
check_native_programs() {
    local family exe dlls bad=0
    while read -r family; do
        for exe in "$dir/$family.exe" "$dir/mingw/$family.exe"; do
            if [ ! -f "$exe" ]; then
                echo "$exe: missing"
                bad=1
                continue
            fi
            dlls=$(imports_of "$exe" | cut -d'|' -f1 | sort -u | tr '\n' ' ')
            [ "$dlls" = "ntdll.dll " ] || { echo "$exe imports: $dlls"; bad=1; }
            [ "$(header_field "$exe" Subsystem)" = 00000001 ] ||
                { echo "$exe: not native"; bad=1; }
        done
    done <"$dir/families.list"
    return $bad
}

check_import_library() {
    "$nm" "$dir/ntdll.lib" | grep -q ' __imp_NtClose$' &&
        "$nm" "$dir/ntdll.lib" | grep -q ' NtClose$'
}

# pe_dll must refuse a .def whose LIBRARY line names another DLL.
check_def_name_guard() {
    local tmp log
    tmp=$(mktemp -d)
    printf 'LIBRARY other.dll\nEXPORTS\n  SampleAdd\n' >"$tmp/wrong.def"
    log=$(make -s -C "$root" -f - OUT="$tmp" LLVM_SUFFIX=-19 \
        CLANG_RESOURCE="$(clang-19 -print-resource-dir)" "$tmp/wrong.dll" 2>&1 <<EOF
include tools/pe.mk
\$(eval \$(call pe_dll,$tmp/wrong.dll,tests/ntapi/toolchain/sample.c,$tmp/wrong.def))
EOF
    )
    local status=$?
    echo "$log"
    rm -rf "$tmp"
    [ $status -ne 0 ] && grep -q 'the LIBRARY line must name wrong.dll' <<<"$log"
}

if [ ! -d "$tc" ]; then
    echo "check-pe: $tc missing: build first (./build.sh)"
    echo "0 passed, 1 failed"
    exit 1
fi

check sample-exports check_sample_exports
check sample-headers check_sample_headers
check sample-relocations check_sample_relocations
check app-imports check_app_imports
check app-headers check_app_headers
check native-programs check_native_programs
check import-library check_import_library
check def-name-guard check_def_name_guard

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
