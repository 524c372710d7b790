#!/usr/bin/env bash
# Item: events scan over link cycles, FIFOs and devices ends promptly in bounded memory and says what it
# skipped; a FIFO or device named directly is bad input.
source "$(dirname "$0")/lib.sh"
fixtures=$(cd "$(dirname "$0")/../fixtures/eventlogs" && pwd)

tree=$work/logs/3.5/events
mkdir -p "$tree/a/b"
cp "$fixtures/3.5/events/local-1795481270690" "$tree/"
# Two links back up at each of three levels: 2^32 paths for a walk that follows links blindly.
for d in "$tree" "$tree/a" "$tree/a/b"; do
  ln -s .. "$d/up1"
  ln -s . "$d/self"
  ln -s "$work/logs" "$d/root"
done
mkfifo "$tree/local-1700000000001"
ln -s /dev/zero "$tree/local-1700000000002"
ln -s /dev/null "$tree/local-1700000000003.lz4"

expect "scan of a tree with link cycles, a FIFO and devices" 0 "" -- events scan "$work/logs"
check "one log found, once" test "$(grep -c 'local-1795481270690' "$out")" -ge 1
check "the FIFO is named as skipped" grep -q "local-1700000000001: skipped: a FIFO" "$out"
check "the link to /dev/zero is named as skipped" grep -q "local-1700000000002: skipped: a character device" "$out"
check "the link cycles are named as skipped" grep -q "skipped: a link to a directory already scanned" "$out"
expect "scan -o json of the same tree" 0 "" -- events scan -o json "$work/logs"
check "json: one log, skipped paths listed" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["logs"] == 1, d["summary"]
assert any("FIFO" in s["reason"] for s in d["skipped"]), d["skipped"]
' "$out"
# A location scan cannot read is a finding of the scan (EVT002, exit 1), as for a missing one.
expect "scan of a FIFO named directly" 1 "" -- events scan "$tree/local-1700000000001"
check "the scan says it is a FIFO" grep -q "local-1700000000001: a FIFO, not an event log" "$out"
expect "summary of a FIFO" 2 "local-1700000000001" -- events summary "$tree/local-1700000000001"
expect "summary of /dev/zero through a link" 2 "local-1700000000002" -- events summary "$tree/local-1700000000002"
finish
