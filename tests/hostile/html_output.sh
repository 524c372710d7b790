#!/usr/bin/env bash
# Item: --html never overwrites an input, never writes through a link, never leaves a partial file.
source "$(dirname "$0")/lib.sh"
fixtures=$(cd "$(dirname "$0")/../fixtures/eventlogs" && pwd)
cp "$fixtures/3.5/events/local-1795481270690" "$work/base"
cp "$fixtures/3.5/events/local-1795481270690" "$work/candidate"
cp -r "$fixtures/3.5/events/eventlog_v2_local-1795481440616" "$work/"
cp "$work/base" "$work/base.orig"

expect "--html over the base log" 2 "would overwrite the input" -- events compare "$work/base" "$work/candidate" --html "$work/base"
check "the base log is untouched" cmp -s "$work/base" "$work/base.orig"
ln -s base "$work/link-to-base"
expect "--html through a link to the base log" 2 "would overwrite the input" -- \
  events compare "$work/base" "$work/candidate" --html "$work/link-to-base"
check "the base log is untouched (link)" cmp -s "$work/base" "$work/base.orig"
expect "--html inside a rolling log" 2 "would overwrite the input" -- events compare "$work/base" \
  "$work/eventlog_v2_local-1795481440616" --html "$work/eventlog_v2_local-1795481440616/report.html"

echo "someone else's file" >"$work/victim"
ln -s victim "$work/report.html"
expect "--html to a planted link" 0 "" -- events compare "$work/base" "$work/candidate" --html "$work/report.html"
check "the link was replaced by the report" bash -c "test ! -L '$work/report.html' && grep -q '<html' '$work/report.html'"
check "the link's target is untouched" grep -qx "someone else's file" "$work/victim"

expect "--html into a missing directory" 3 "$work/missing" -- \
  events compare "$work/base" "$work/candidate" --html "$work/missing/report.html"
mkdir "$work/ro"
expect "--html is a directory" 2 "is a directory" -- events compare "$work/base" "$work/candidate" --html "$work/ro"
check "no partial or temporary file is left" bash -c "! ls -A '$work' '$work/ro' | grep -q '\\.tmp-'"
finish
