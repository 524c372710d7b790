#!/usr/bin/env bash
# Item: events summary and compare on a file that is not an event log exit 2 naming it, never 0.
source "$(dirname "$0")/lib.sh"
fixtures=$(cd "$(dirname "$0")/../fixtures/eventlogs" && pwd)
good=$fixtures/3.5/events/local-1795481270690

: >"$work/local-1700000000010"
printf 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' >"$work/local-1700000000011"
head -c 40 "$good" >"$work/local-1700000000012"  # cut inside the first event
printf '{"Event":"SparkListenerJobStart","Job ID":0}\n' >"$work/local-1700000000013"  # JSON, but no log start
for f in local-1700000000010 local-1700000000011 local-1700000000012 local-1700000000013; do
  expect "summary of $f" 2 "$work/$f: not a Spark event log" -- events summary "$work/$f"
  expect "compare with $f as base" 2 "$work/$f: not a Spark event log" -- events compare "$work/$f" "$good"
  expect "compare with $f as candidate" 2 "$work/$f: not a Spark event log" -- events compare "$good" "$work/$f"
done
expect "summary of a real log still works" 0 "" -- events summary "$good"
finish
