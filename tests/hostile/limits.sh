#!/usr/bin/env bash
# Items: alias bombs, deep nesting (YAML and JSON) and duplicate keys, in manifests and in jobs.yaml: exit 2
# naming the file and line, in bounded time and memory.
source "$(dirname "$0")/lib.sh"

# Nine levels of ten aliases each: 10^9 nodes if expanded.
{
  echo "apiVersion: v1"
  echo "kind: ConfigMap"
  echo "metadata: {name: bomb}"
  echo 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
  for i in 1 2 3 4 5 6 7 8 9; do
    p=$((i - 1))
    echo "a$i: &a$i [*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p]"
  done
} >"$work/bomb.yaml"
expect "lint: alias bomb" 2 "bomb.yaml:" -- lint "$work/bomb.yaml"
check "the alias error says what" grep -q "aliases copy more than" "$err"

python3 -c 'print("a: " + "[" * 100000 + "]" * 100000)' >"$work/deep.yaml"
expect "lint: 100k-deep YAML" 2 "deep.yaml:1: malformed YAML: nested deeper than 256 levels" -- lint "$work/deep.yaml"
python3 -c 'print("a:\n" + "".join(" " * i + "- \n" for i in range(1, 3000)))' >"$work/deep-block.yaml"
expect "lint: deep block YAML" 2 "deep-block.yaml:" -- lint "$work/deep-block.yaml"
python3 -c 'print("[" * 70000 + "]" * 70000)' >"$work/deep.json"
expect "lint: 70k-deep JSON" 2 "deep.json:1: nested deeper than 256 levels" -- lint "$work/deep.json"
python3 -c 'print("{\"kind\":\"List\",\"items\":" + "{\"a\":" * 70000 + "1" + "}" * 70001)' >"$work/deep-object.json"
expect "lint: 70k-deep JSON objects" 2 "deep-object.json:1: nested deeper" -- lint "$work/deep-object.json"

cat >"$work/dup.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: a
spec:
  selector: {app: spark}
  selector: {}
YAML
expect "lint: duplicate key" 2 "dup.yaml:7: malformed YAML: duplicate key 'selector' (first at line 6)" -- lint "$work/dup.yaml"
printf '{"apiVersion": "v1", "kind": "Service",\n "metadata": {"name": "a"},\n "metadata": {"name": "b"}}\n' >"$work/dup.json"
expect "lint: duplicate JSON key" 2 "dup.json:3: duplicate key 'metadata' (first at line 2)" -- lint "$work/dup.json"
printf '{"kind": "ConfigMap", "metadata": {"name": "n"}, "data": {"x": 1e400}}\n' >"$work/big-number.json"
expect "lint: 1e400" 2 "big-number.json:1: malformed JSON" -- lint "$work/big-number.json"

jobs=$(dirname "$0")/../fixtures/jobs/jobs.yaml
{ cat "$jobs"; echo "jobs: []"; } >"$work/jobs-dup.yaml"
expect "jobs.yaml: a second jobs:" 2 "jobs-dup.yaml:" -- migrate plan --jobs "$work/jobs-dup.yaml"
check "the duplicate names both lines" grep -q "duplicate key 'jobs' (first at line 2)" "$err"
{ echo "jobs:"; echo "  - &j0 {name: x, owner: o, risk: low, version: '3.5', kind: batch, submit: {python_file: a.py}}"
  for i in $(seq 1 30); do echo "  - &j$i [*j$((i - 1)), *j$((i - 1))]"; done; } >"$work/jobs-bomb.yaml"
expect "jobs.yaml: alias bomb" 2 "jobs-bomb.yaml:" -- migrate plan --jobs "$work/jobs-bomb.yaml"
python3 -c 'print("jobs: " + "[" * 100000 + "]" * 100000)' >"$work/jobs-deep.yaml"
expect "jobs.yaml: 100k deep" 2 "jobs-deep.yaml:1: malformed YAML: nested deeper" -- migrate plan --jobs "$work/jobs-deep.yaml"
finish
