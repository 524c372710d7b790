#!/usr/bin/env bash
# Item: an S3 endpoint that accepts connections but never answers ends the command at its deadline (exit 3),
# not after minutes.
source "$(dirname "$0")/lib.sh"
export AWS_ACCESS_KEY_ID=AKIDHOSTILETEST AWS_SECRET_ACCESS_KEY=hostile-secret
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3

python3 - "$work/port" <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
held = []
s.settimeout(120)
try:
    while True:
        held.append(s.accept()[0])  # accept, read nothing, answer nothing
except OSError:
    pass
PY
listener=$!
trap 'kill $listener 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [[ -s $work/port ]] && break; sleep 0.1; done
port=$(cat "$work/port")

start=$(date +%s)
expect "scan against a silent endpoint, --s3-timeout 3" 3 "did not answer within 3 s" -- \
  events scan s3://spark-logs/3.5/events --s3-endpoint "http://127.0.0.1:$port" --s3-timeout 3
elapsed=$(($(date +%s) - start))
check "it ended near its deadline (${elapsed}s)" test "$elapsed" -le 8
expect "a timeout that is not a number of seconds" 2 "--s3-timeout" -- \
  events scan s3://spark-logs/3.5/events --s3-endpoint "http://127.0.0.1:$port" --s3-timeout 0
finish
