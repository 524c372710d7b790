# Shared by the hostile-input tests: run sparkmv on a generated input, bounded in time and memory, and check
# the contract (exit code, one-line error naming the input, never a crash, a hang or an internal error).
# Each test script sources this, generates its inputs under $work (removed at exit) and calls `expect`.
set -euo pipefail

sparkmv=${SPARKMV:?SPARKMV must name the sparkmv binary}
work=$(mktemp -d "${TMPDIR:-/tmp}/sparkmv-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
checks=0

# tcp_listener SECONDS PYTHON: a TCP listener on 127.0.0.1 for at most SECONDS, its port in $port, that runs the
# Python statement PYTHON for each accepted connection `c` (`log` is $work/connections, `held` a list to keep
# connections open); it stops when the test ends.
tcp_listener() {
  python3 - "$work/port" "$work/connections" "$1" "$2" <<'PY' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
s.settimeout(float(sys.argv[3]))
log, held = sys.argv[2], []
try:
    while True:
        c, _ = s.accept()
        exec(sys.argv[4])
except OSError:
    pass
PY
  listener=$!
  trap 'kill $listener 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 50); do [[ -s $work/port ]] && break; sleep 0.1; done
  port=$(cat "$work/port")
}

# Seconds and MiB one run may take; a regression to a hang or a memory blow-up fails instead of stalling CI.
time_limit=${HOSTILE_SECONDS:-20}
memory_mib=${HOSTILE_MEMORY_MIB:-1024}

# Runs sparkmv with the limits; sets $status, $out (stdout file), $err (stderr file).
run_bounded() {
  out=$work/out
  err=$work/err
  set +e
  if [[ -n ${SPARKMV_SANITIZED:-} ]]; then
    # AddressSanitizer reserves terabytes of address space, so ulimit -v cannot bound it: its own RSS limit can.
    ASAN_OPTIONS="hard_rss_limit_mb=$((memory_mib * 2)):detect_leaks=1:${ASAN_OPTIONS:-}" \
      timeout --kill-after=5 "$time_limit" "$sparkmv" "$@" >"$out" 2>"$err"
  else
    (ulimit -v $((memory_mib * 1024)) && exec timeout --kill-after=5 "$time_limit" "$sparkmv" "$@") >"$out" 2>"$err"
  fi
  status=$?
  set -e
}

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect NAME CODE NEEDLE -- ARGS...: sparkmv ARGS must exit CODE; for CODE 2 or 3 stderr must be one line
# holding NEEDLE (the input it names). Never a signal, a timeout or an "internal error".
expect() {
  local name=$1 code=$2 needle=$3
  shift 4
  checks=$((checks + 1))
  run_bounded "$@"
  if ((status == 124 || status == 137)); then
    fail "$name: no answer within ${time_limit}s (hang)"
    return
  fi
  if ((status > 128)); then
    fail "$name: killed by signal $((status - 128)): $(head -c 300 "$err")"
    return
  fi
  if grep -q "internal error\|AddressSanitizer\|runtime error:" "$err"; then
    fail "$name: $(head -c 300 "$err")"
    return
  fi
  if ((status != code)); then
    fail "$name: exit $status, expected $code; stderr: $(head -c 300 "$err")"
    return
  fi
  if ((code >= 2)); then
    local lines
    lines=$(grep -c '' "$err" || true)
    if ((lines != 1)); then
      fail "$name: expected a one-line error, got $lines line(s): $(head -c 300 "$err")"
      return
    fi
    if ! grep -qF -- "$needle" "$err"; then
      fail "$name: the error does not name '$needle': $(cat "$err")"
      return
    fi
  fi
  echo "ok: $name"
}

# check NAME CONDITION-COMMAND...: an extra assertion about the last run or the files it left.
check() {
  local name=$1
  shift
  checks=$((checks + 1))
  if "$@"; then echo "ok: $name"; else fail "$name"; fi
}

finish() {
  if ((checks == 0)); then
    echo "SKIP: nothing was checked"
    exit 77
  fi
  echo "$checks check(s), $failures failure(s)"
  ((failures == 0))
}
