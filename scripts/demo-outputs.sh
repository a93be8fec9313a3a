#!/usr/bin/env bash
# Writes every read command's JSON output on a demo ledger built at a fixed clock into DIR, so two
# builds can be compared byte for byte (a refactor must leave them identical):
#   scripts/demo-outputs.sh BINARY DIR && diff -r DIR-before DIR
set -euo pipefail
bin=$1 out=$2
rm -rf "$out"; mkdir -p "$out"
export EVIDENT_NOW=2026-11-29T09:30:00Z EVIDENT_ID_SEED=7 EVIDENT_AUTHOR_NAME="Demo Runner" EVIDENT_AUTHOR_EMAIL=demo@example.com
export HOME="$out/home" GIT_CONFIG_NOSYSTEM=1 EVIDENT_GIT_CONFIG_SEARCH_PATH="$out/home"
mkdir -p "$HOME"
ledger="$out/ledger"
"$bin" demo "$ledger" > "$out/demo.txt"
run() { local name=$1; shift; "$bin" -C "$ledger" "$@" > "$out/$name" 2>&1 || echo "exit $?" >> "$out/$name"; }
period=$(sed -n 's/.*--type 2 --period \([0-9.-]*\).*/\1/p' "$out/demo.txt" | head -1)
read -r a b < <(sed -n 's/.*evident diff \([^ ]*\) \([^ ]*\) .*/\1 \2/p' "$out/demo.txt" | head -1)
run readiness.json readiness --format json
run readiness-cmmc.json readiness --framework cmmc-l2 --format json --explain 3.5.3
run readiness-soc2-t2.json readiness --framework soc2 --type 2 --period "$period" --format json
run readiness-at.json readiness --at "$a" --format json
run readiness.md readiness --format markdown
run readiness.txt readiness
run snapshot-list.json snapshot list --format json
run snapshot-show.json snapshot show "$b" --format json
run snapshot-verify.json snapshot verify "$b" --format json
run diff.json diff "$a" "$b" --format json
run diff.txt diff "$a" "$b"
run history.json history 3.5.3 --format json
run history.txt history 3.13.11
run log.json log --format json
run log-control.json log --control IAM-MFA --format json
run evidence-list.json evidence list --format json
run control-list.json control list --format json
run control-show.json control show IAM-MFA --format json
run poam-list.json poam list --format json
run framework-list.json framework list --format json
run framework-show.json framework show nist-800-171r2 --format json
run framework-map.json framework map 3.5.3 --format json
run validate.json validate --format json
run verify.json verify --format json
run signers-list.json signers list --format json
run system-show.json system show --format json
run export-ssp.md export ssp
run export-ssp.html export ssp --format html
run export-poam.csv export poam
run export-poam.json export poam --format json
run export-sprs.json export sprs --format json
"$bin" -C "$ledger" export hashes "$b" -o "$out/hashes.txt" > /dev/null 2>&1 || echo "exit $?" > "$out/hashes.txt"
git -C "$ledger" log --format='%H %T %an %s' > "$out/git-log.txt"
git -C "$ledger" status --porcelain > "$out/git-status.txt"
git -C "$ledger" fsck --strict > "$out/git-fsck.txt" 2>&1 || echo "fsck exit $?" >> "$out/git-fsck.txt"
