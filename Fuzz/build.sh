#!/bin/sh
# Builds Fuzz/RecordFuzzer under libFuzzer and AddressSanitizer into $OUT (default .build/fuzz):
# CYaml (clang), Yams and LedgerCore (swiftc, each its own module, instrumented), then the target
# with Sources/Ledger/YAMLReader.swift, so the fuzzer runs the same readers as evident.
# Needs the package's checkouts (swift build once, for Yams). Usage: Fuzz/build.sh [OUT]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/.build/fuzz}
SWIFTC=${SWIFTC:-swiftc}
CLANG=${CLANG:-clang}
YAMS=$ROOT/.build/checkouts/Yams/Sources
if [ ! -d "$YAMS/Yams" ]; then
    echo "Fuzz/build.sh: $YAMS is missing: run 'swift build' once first" >&2
    exit 1
fi
SAN="-sanitize=fuzzer,address"
mkdir -p "$OUT/cyaml"
for c in "$YAMS"/CYaml/src/*.c; do
    "$CLANG" -c -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_EXPORT -I"$YAMS/CYaml/include" \
        "$c" -o "$OUT/cyaml/$(basename "$c" .c).o"
done
# -parse-as-library everywhere: libFuzzer owns main().
"$SWIFTC" -O -g $SAN -parse-as-library -module-name Yams -emit-module -emit-module-path "$OUT/Yams.swiftmodule" \
    -emit-library -static -o "$OUT/libYams.a" -D SWIFT_PACKAGE -I "$YAMS/CYaml/include" "$YAMS"/Yams/*.swift
"$SWIFTC" -O -g $SAN -parse-as-library -module-name LedgerCore -emit-module -emit-module-path "$OUT/LedgerCore.swiftmodule" \
    -emit-library -static -o "$OUT/libLedgerCore.a" $(find "$ROOT/Sources/LedgerCore" -name '*.swift' | sort)
"$SWIFTC" -O -g $SAN -parse-as-library -module-name RecordFuzzer -I "$OUT" -I "$YAMS/CYaml/include" \
    "$ROOT/Fuzz/RecordFuzzer/main.swift" "$ROOT/Sources/Ledger/YAMLReader.swift" \
    "$OUT/libLedgerCore.a" "$OUT/libYams.a" "$OUT"/cyaml/*.o -o "$OUT/record-fuzzer"
echo "$OUT/record-fuzzer"
