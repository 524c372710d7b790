#!/usr/bin/env bash
# Item: file names that are not UTF-8 or hold control characters, and control characters in values read from
# logs, reach neither -o json broken nor the terminal raw.
source "$(dirname "$0")/lib.sh"
fixtures=$(cd "$(dirname "$0")/../fixtures/eventlogs" && pwd)
good=$fixtures/3.5/events/local-1795481270690

mkdir -p "$work/logs"
cp "$good" "$work/logs/local-1700000000020"
cp "$good" "$work/logs/"$'local-\xff\xfe1700000000021'
cp "$good" "$work/logs/"$'local-\e]0;owned\a\e[2J1700000000022'
# A log whose application name carries an escape sequence (the terminal title, a screen clear).
python3 - "$good" "$work/logs/local-1700000000023" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
out = []
for line in lines:
    event = json.loads(line)
    if event.get("Event") == "SparkListenerApplicationStart":
        event["App Name"] = "evil\u001b]0;owned\u0007\u001b[2J\u009b31m"
    out.append(json.dumps(event))
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
no_raw_controls() {  # no byte below 0x20 but newline, no DEL, no C1 (UTF-8 C2 80..9F)
  python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
bad = [b for b in data if (b < 0x20 and b != 0x0A) or b == 0x7F]
assert not bad, f"raw control bytes: {sorted(set(bad))}"
text = data.decode("utf-8")
assert not any(0x80 <= ord(c) <= 0x9F for c in text), "raw C1 control"
PY
}
expect "scan -o json with hostile names" 0 "" -- events scan -o json "$work/logs"
check "the JSON is valid UTF-8 and parses" python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); assert d["summary"]["logs"] == 4, d["summary"]' "$out"
check "the JSON names the bytes as \\xff" grep -qF 'local-\\xff\\xfe1700000000021' "$out"
expect "scan table with hostile names" 0 "" -- events scan "$work/logs"
check "the table holds no raw control character" no_raw_controls "$out"
check "the table shows the escape as text" grep -qF '\x1b]0;owned' "$out"
expect "summary table of a log with a hostile app name" 0 "" -- events summary "$work/logs/local-1700000000023"
check "the summary holds no raw control character" no_raw_controls "$out"
expect "summary -o json of it" 0 "" -- events summary -o json "$work/logs/local-1700000000023"
check "summary JSON parses" python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$out"
expect "an error naming a hostile path" 2 "no-such" -- events summary "$work/logs/"$'no-such-\e[2J\xff'
check "the error holds no raw control character" no_raw_controls "$err"
finish
