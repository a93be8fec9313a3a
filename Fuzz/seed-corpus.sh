#!/bin/sh
# Writes the fuzzer's starting corpus into $1: every record fixture (valid and invalid) and every
# regression input, each prefixed with the byte that selects its record kind in
# Fuzz/RecordFuzzer/main.swift (0 control, 1 evidence, 2 poam, 3 affirmation, 4 ledger), plus Fuzz/seeds
# (5: a snapshot tag message).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=$1
mkdir -p "$DIR"
for f in "$ROOT"/Tests/Fixtures/records/valid/*.yaml "$ROOT"/Tests/Fixtures/records/invalid/*.yaml; do
    name=$(basename "$f")
    case $name in
        control-*) k='\000' ;; evidence-*) k='\001' ;; poam-*) k='\002' ;; affirmation-*) k='\003' ;; *) k='\004' ;;
    esac
    { printf "$k"; cat "$f"; } >"$DIR/$name"
done
# Seeds and regression inputs are stored as the fuzzer reads them (kind byte included).
for f in "$ROOT"/Fuzz/seeds/* "$ROOT"/Fuzz/regressions/*; do
    if [ -f "$f" ]; then cp "$f" "$DIR/"; fi
done
