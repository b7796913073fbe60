#!/usr/bin/env bash
# How long an operator's abort of a running PreCommit1 takes to free its worker, end to end.
#
# Starts a miner (no local worker) and one worker process in a temporary directory, pledges one
# sector, lets its PreCommit1 run for --after seconds, aborts it through the miner's API (what
# `sealer sealing abort <prefix>` calls) and prints:
#   abort call  the API round trip of the abort (the worker has freed the task when it answers)
#   freed       from the abort's start until the miner's `sealing workers` data shows no task
#               on the worker (polled every 50 ms)
#   native end  from the worker's "aborted" log line until its line saying the cancelled native
#               call has ended (its partial files removed, its thread free)
# Usage: scripts/bench-abort-pc1.sh [--size 512MiB] [--after 20] [--keep]
# FIL_PROOFS_PARENT_CACHE is used when set (else a directory in the temporary one, generated on
# first use). Needs curl. --keep leaves the temporary directory (logs) in place.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
sealer="$here/sealer"
size=512MiB
after=20
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --after) after=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    *) echo "bench-abort-pc1: unknown argument '$1' (expected --size, --after or --keep)" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/sealer-abort-bench.XXXXXX)
export HOME="$work/home"
export FIL_PROOFS_PARENT_CACHE="${FIL_PROOFS_PARENT_CACHE:-$work/parent-cache}"
mkdir -p "$HOME" "$FIL_PROOFS_PARENT_CACHE"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if $keep; then echo "logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

await() { # await FILE REGEX SECONDS
  local deadline=$((SECONDS + $3))
  until grep -Eq "$2" "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "bench-abort-pc1: no /$2/ in $1 within $3s" >&2; tail -5 "$1" >&2; exit 1; }
    sleep 0.1
  done
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

"$sealer" node run --roles miner --repo "$work/miner" --api-listen 127.0.0.1:0 --sector-size "$size" \
  >"$work/miner.log" 2>&1 & pids+=($!)
await "$work/miner.log" 'workers join with MINER_API_INFO=' 120
api_info=$(grep -o 'MINER_API_INFO=[^ ]*' "$work/miner.log" | head -1 | cut -d= -f2)
base="http://$(sed -E 's#/ip4/([^/]+)/tcp/([0-9]+)/http#\1:\2#' "$work/miner/api")"
auth="Authorization: Bearer $(cat "$work/miner/token")"
MINER_API_INFO="$api_info" "$sealer" worker run --repo "$work/worker" --listen 127.0.0.1:0 --name bench-worker \
  >"$work/worker.log" 2>&1 & pids+=($!)
await "$work/miner.log" 'worker bench-worker \(\S+\) joined' 120

"$sealer" sectors pledge --repo "$work/miner" >/dev/null
await "$work/worker.log" 'task PC1 s-t[0-9]+-1 started on bench-worker' 900
sleep "$after"
callid=$("$sealer" sealing jobs --repo "$work/miner" | awk '$5 == "PC1" && $6 == "running" { print $1 }')
[ -n "$callid" ] || { echo "bench-abort-pc1: no running PC1 after ${after}s (it finished sooner; lower --after)" >&2; exit 1; }

t0=$(now)
curl -sf -X POST -H "$auth" -H 'Content-Type: application/json' -d "{\"callId\":\"$callid\"}" \
  "$base/api/v0/sealing/abort" >"$work/abort.json"
t1=$(now)
until curl -sf -H "$auth" "$base/api/v0/sealing/workers" | grep -q '"taskCounts":{}'; do sleep 0.05; done
t2=$(now)
await "$work/worker.log" 'aborted task \S+ has stopped on bench-worker' 300

log_secs() { # the seconds of day of the first worker log line matching REGEX
  grep -E "$1" "$work/worker.log" | head -1 | awk '{ split($1, t, ":"); printf "%.3f", t[1] * 3600 + t[2] * 60 + t[3] }'
}
aborted_at=$(log_secs 'task PC1 \S+ aborted on bench-worker')
stopped_at=$(log_secs 'aborted task \S+ has stopped on bench-worker')
echo "abort of a running $size PreCommit1 after ${after}s ($(grep -o '"detail":"[^"]*"' "$work/abort.json"))"
echo "  abort call:  $(secs "$t0" "$t1") s"
echo "  freed:       $(secs "$t0" "$t2") s (until the worker shows no task)"
echo "  native end:  $(secs "$aborted_at" "$stopped_at") s (cancelled call ended, partial files removed)"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
