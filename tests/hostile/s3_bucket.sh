#!/usr/bin/env bash
# Item: a bucket name that carries a host (s3://x@host:port#/...) must never send the signed request there.
# A listener plays the attacker's host and records any connection; every URL must be refused as bad input.
source "$(dirname "$0")/lib.sh"

export AWS_ACCESS_KEY_ID=AKIDHOSTILETEST AWS_SECRET_ACCESS_KEY=hostile-secret AWS_SESSION_TOKEN=hostile-token
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3

# The attacker's host records what reaches it.
tcp_listener 60 'open(log, "a").write(c.recv(4096).decode("latin-1") + "\n"); c.close()'

for url in "s3://x@127.0.0.1:$port#/3.5/events" "s3a://x@127.0.0.1:$port/3.5" "s3://127.0.0.1:$port/k" \
    "s3://bucket.evil.com:$port/k" "s3://UPPER/k" "s3://a/k" "s3://bad..dots/k" "s3://-dash/k" \
    "s3://192.168.1.1/k" "s3://sp ace/k" "s3://b%40h/k"; do
  expect "virtual-host $url" 2 "is not an S3 bucket name" -- \
    events scan "$url" --no-s3-path-style --s3-endpoint http://127.0.0.1:9 --s3-timeout 5
  expect "path-style $url" 2 "is not an S3 bucket name" -- \
    events scan "$url" --s3-endpoint http://127.0.0.1:9 --s3-timeout 5
done
expect "migrate status --events" 2 "is not an S3 bucket name" -- \
  migrate status --jobs "$(dirname "$0")/../fixtures/jobs/jobs.yaml" --events "3.5=s3://x@127.0.0.1:$port#/e" \
  --events "4.1=$work" --s3-endpoint http://127.0.0.1:9
check "no request reached the host hidden in a bucket name" test ! -e "$work/connections"
check "no credential in any error" bash -c "! grep -rq 'hostile-secret\|hostile-token' '$work/err'"
finish
