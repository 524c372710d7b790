#!/usr/bin/env bash
# The comparison report in a real browser: writes the HTML report of two real fixtures, opens it in headless
# Chromium (Debian's), and fails when the page's script did not mark every chart rendered or the console
# shows an error. Saves a screenshot as the test's artifact.
# Usage: report_test.sh SPARKMV_BINARY FIXTURES_DIR ARTIFACT_DIR
set -euo pipefail
sparkmv=$1
fixtures=$2
artifacts=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (scripts/bootstrap.d/60-browser.sh installs it)"
  exit 77
fi
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

path_of() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1]+"/expected.json"))
print(next(f["path"] for f in d["fixtures"] if f["fixture"]==sys.argv[2]))' "$fixtures" "$1"
}
base="$fixtures/$(path_of 41-samejob)"
candidate="$fixtures/$(path_of 41-samejob-slow)"
report="$artifacts/report.html"
set +e
"$sparkmv" events compare "$base" "$candidate" --html "$report" >/dev/null
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "FAIL: compare of a slowed run exited $rc, expected 1 (regression)"; exit 1; }

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --enable-logging=stderr --v=0 --window-size=1100,1400)
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$work/profile-dom" --dump-dom "file://$report" \
  >"$work/dom.html" 2>"$work/dom.log" || true
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$work/profile-shot" --screenshot="$artifacts/report.png" \
  "file://$report" >/dev/null 2>"$work/shot.log" || true
cp "$work/dom.log" "$artifacts/console.log"

status=0
if ! grep -q '<span id="render-status" data-charts="[1-9][0-9]*">rendered</span>' "$work/dom.html"; then
  echo "FAIL: the page did not mark its charts rendered"
  grep -o '<span id="render-status"[^<]*<' "$work/dom.html" || true
  status=1
fi
if grep -h 'CONSOLE(' "$work/dom.log" "$work/shot.log"; then
  echo "FAIL: console messages above"
  status=1
fi
if [ ! -s "$artifacts/report.png" ]; then
  echo "FAIL: no screenshot"
  status=1
fi
[ "$status" -eq 0 ] && echo "report rendered in $("$browser" --version 2>/dev/null | head -1); screenshot $artifacts/report.png"
exit "$status"
