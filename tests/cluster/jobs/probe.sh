#!/bin/bash
# Reads "NAME HOST PORT" lines on stdin and tries every TCP connection at once, each for at most
# PROBE_SECONDS (3): prints "NAME open" or "NAME refused" (a policy drops the packets: the attempt times out).
seconds=${PROBE_SECONDS:-3}
while read -r name host port; do
  [ -n "$name" ] || continue
  (if timeout "$seconds" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null; then
    echo "$name open"
  else
    echo "$name refused"
  fi) &
done
wait
