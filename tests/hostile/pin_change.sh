#!/usr/bin/env bash
# Item: a pin change whose journal entry cannot be written does not happen; a symlinked jobs.yaml is written
# through to its target with owner and mode kept; a symlinked lock file is not followed.
source "$(dirname "$0")/lib.sh"
fixture=$(dirname "$0")/../fixtures/jobs/jobs.yaml

pin_of() {  # pin_of FILE JOB
  python3 - "$1" "$2" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
block = text.split("- name: " + sys.argv[2] + "\n", 1)[1]
print(re.search(r'version: *"?([0-9.]+)', block).group(1))
PY
}

# Journal unwritable (a directory stands where it goes): nothing may change.
mkdir -p "$work/a"
cp "$fixture" "$work/a/jobs.yaml"
mkdir "$work/a/jobs.yaml.journal"
expect "rollback with an unwritable journal" 3 "jobs.yaml.journal" -- \
  migrate rollback churn-features --reason test --jobs "$work/a/jobs.yaml"
check "jobs.yaml unchanged when the journal cannot be written" cmp -s "$fixture" "$work/a/jobs.yaml"
check "no temporary left" bash -c "! ls -A '$work/a' | grep -q tmp"

# Symlinked jobs.yaml: the link stays, its target gets the new pin, mode and owner kept.
mkdir -p "$work/b/real"
cp "$fixture" "$work/b/real/jobs.yaml"
chmod 0640 "$work/b/real/jobs.yaml"
if [[ $(id -u) == 0 ]]; then chown 65534:65534 "$work/b/real/jobs.yaml"; fi
owner_before=$(stat -c %u:%g "$work/b/real/jobs.yaml")
ln -s real/jobs.yaml "$work/b/jobs.yaml"
expect "rollback through a symlinked jobs.yaml" 0 "" -- \
  migrate rollback churn-features --reason test --jobs "$work/b/jobs.yaml"
check "jobs.yaml is still a link" test -L "$work/b/jobs.yaml"
check "the link's target has the new pin" test "$(pin_of "$work/b/real/jobs.yaml" churn-features)" = 3.5
check "the target keeps its mode" test "$(stat -c %a "$work/b/real/jobs.yaml")" = 640
check "the target keeps its owner" test "$(stat -c %u:%g "$work/b/real/jobs.yaml")" = "$owner_before"
check "the journal names the change" grep -q '"action":"rollback".*"job":"churn-features"' "$work/b/jobs.yaml.journal"

# A lock file planted as a link is not followed (nor is its target created).
mkdir -p "$work/c"
cp "$fixture" "$work/c/jobs.yaml"
ln -s "$work/c/elsewhere" "$work/c/jobs.yaml.lock"
expect "rollback with a symlinked lock file" 3 "jobs.yaml.lock" -- \
  migrate rollback churn-features --reason test --jobs "$work/c/jobs.yaml"
check "the lock link's target was not created" test ! -e "$work/c/elsewhere"
check "jobs.yaml unchanged" cmp -s "$fixture" "$work/c/jobs.yaml"
finish
