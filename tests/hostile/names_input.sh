#!/usr/bin/env bash
# Item: every error names its input; no "internal error". Special files, numbers out of range, directories,
# binary and endless inputs.
source "$(dirname "$0")/lib.sh"
jobs=$(dirname "$0")/../fixtures/jobs/jobs.yaml

expect "lint /dev/zero" 2 "/dev/zero" -- lint /dev/zero
expect "lint /dev/null" 2 "/dev/null" -- lint /dev/null
expect "lint a directory" 2 "$work" -- lint "$work"
expect "migrate plan --jobs /dev/zero" 2 "/dev/zero" -- migrate plan --jobs /dev/zero
expect "migrate plan --jobs a directory" 2 "$work" -- migrate plan --jobs "$work"
printf 'jobs:\n  - name: x\n    owner: o\n    risk: low\n    version: 1e400\n    kind: batch\n    submit: {python_file: a.py}\n' >"$work/jobs.yaml"
expect "jobs.yaml with version 1e400" 2 "$work/jobs.yaml:5" -- migrate plan --jobs "$work/jobs.yaml"
printf '[{"kind": "ConfigMap", "metadata": {"name": "n"}, "data": {"x": -1e99999}}]\n' >"$work/neg.json"
expect "lint JSON with -1e99999" 2 "neg.json:1" -- lint "$work/neg.json"
python3 -c 'import sys; sys.stdout.buffer.write(b"kind: ConfigMap\nmetadata: {name: \xff}\n")' >"$work/binary.yaml"
expect "lint invalid UTF-8" 2 "binary.yaml" -- lint "$work/binary.yaml"
expect "events summary of /dev/zero" 2 "/dev/zero" -- events summary /dev/zero
expect "events compare with a directory of no logs" 2 "$work" -- events compare "$work" "$work"
# A pipe is read (process substitution), bounded: this one never ends.
expect "lint an endless pipe" 2 "larger than" -- lint <(yes 'a: b')
finish
