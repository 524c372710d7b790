#!/usr/bin/env bash
# Item: an S3 endpoint that accepts connections but never answers ends the command at its deadline (exit 3),
# not after minutes.
source "$(dirname "$0")/lib.sh"
export AWS_ACCESS_KEY_ID=AKIDHOSTILETEST AWS_SECRET_ACCESS_KEY=hostile-secret
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3

# Accepts, reads nothing, answers nothing.
tcp_listener 120 'held.append(c)'

start=$(date +%s)
expect "scan against a silent endpoint, --s3-timeout 3" 3 "did not answer within 3 s" -- \
  events scan s3://spark-logs/3.5/events --s3-endpoint "http://127.0.0.1:$port" --s3-timeout 3
elapsed=$(($(date +%s) - start))
check "it ended near its deadline (${elapsed}s)" test "$elapsed" -le 8
expect "a timeout that is not a number of seconds" 2 "--s3-timeout" -- \
  events scan s3://spark-logs/3.5/events --s3-endpoint "http://127.0.0.1:$port" --s3-timeout 0
finish
