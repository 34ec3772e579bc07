#!/usr/bin/env bash
# A warm Python function behind the gateway versus the same handler over HTTP directly, side by side in one run
# (issue 5, acceptance 6):
#   gatehouse  GET /users/42 through a REST API stage with a Lambda proxy (AWS_PROXY) integration on a registered
#              python function (warm workers, CONCURRENCY of them);
#   direct     the same handler.py called in-process by a threaded Python HTTP server, one request = one call.
# The difference is the invocation overhead: routing, the v1.0 event, the worker round trip, response validation.
# Throughput is measured at CONNECTIONS connections, latency (median, p99) at 1 connection. Every wrk run is bounded
# (DURATION <= 10 s) and targets 127.0.0.1 only; all servers are stopped on exit.
#
#   bench/load/function-compare.sh
#
# Environment (defaults in brackets):
#   DURATION [10]  THREADS [2]  CONNECTIONS [2]  CONCURRENCY [2]  WARMUP [5]  ROUNDS [2]
#   GH_PORT [19231]  DIRECT_PORT [19232]  SKIP_BUILD [0]  GATEHOUSE_DLL [src/Gatehouse/bin/Release/net10.0/gatehouse.dll]
set -euo pipefail

bench=function-compare
CONNECTIONS="${CONNECTIONS:-2}"
CONCURRENCY="${CONCURRENCY:-2}"
GH_PORT="${GH_PORT:-19231}"
DIRECT_PORT="${DIRECT_PORT:-19232}"
# shellcheck source=compare-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/compare-lib.sh"
need_packages "wrk wrk"
build_gatehouse

work="$(mktemp -d /tmp/gatehouse-function-compare.XXXXXX)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work/gh"
}
trap cleanup EXIT

require_free_ports "$GH_PORT" "$DIRECT_PORT"

python3 "$here/function/direct_server.py" "$DIRECT_PORT" "$here/function" >"$work/direct.log" 2>&1 &
pids+=("$!")
dotnet "$gatehouse_dll" serve --host 127.0.0.1 --port "$GH_PORT" --data "$work/gh" --gateway-account-rate-limit 10000000 \
    --gateway-account-burst-limit 10000000 >"$work/gh.log" 2>&1 &
pids+=("$!")
wait_port "$DIRECT_PORT"; wait_port "$GH_PORT"
log "seeding Gatehouse (the python function and a REST API with an AWS_PROXY integration on it)"
python3 "$here/function/seed.py" --endpoint "http://127.0.0.1:$GH_PORT" --code "$here/function" --concurrency "$CONCURRENCY" >"$work/seed.json"
gh_url="http://127.0.0.1:$GH_PORT$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url_path"])' "$work/seed.json")"
for url in "$gh_url" "http://127.0.0.1:$DIRECT_PORT/users/42"; do
    answer="$(curl -s -w ' %{http_code}' "$url")"
    [[ "$answer" == '{"id": "42", "name": "backend"} 200' ]] || { echo "function-compare.sh: $url answered $answer" >&2; exit 1; }
done

url_of() {
    case "$1" in
        gatehouse) echo "$gh_url" ;;
        direct) echo "http://127.0.0.1:$DIRECT_PORT/users/42" ;;
    esac
}
results="$work/results.tsv"
: >"$results"
for round in $(seq "$ROUNDS"); do
    sides=(gatehouse direct)
    (( round % 2 == 0 )) && sides=(direct gatehouse)
    for side in "${sides[@]}"; do run "$side" "$CONNECTIONS" "$THREADS" "$(url_of "$side")"; done
    for side in "${sides[@]}"; do run "$side" 1 1 "$(url_of "$side")"; done
done

python3 - "$results" "$CONNECTIONS" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
connections = sys.argv[2]
def best(side, conns, column, pick):
    return pick(float(r[column]) for r in rows if r[0] == side and r[1] == conns)
print()
print(f"| side | req/s at {connections} conn (best) | median at 1 conn (us, best) | p99 at 1 conn (us) |")
print("|---|---:|---:|---:|")
for side in ("gatehouse", "direct"):
    print(f"| {side} | {best(side, connections, 4, max):.0f} | {best(side, '1', 5, min):.0f} | {best(side, '1', 6, min):.0f} |")
gh, di = best("gatehouse", connections, 4, max), best("direct", connections, 4, max)
print()
print(f"throughput gatehouse/direct = {gh / di:.2f}x")
print(f"median added by the gateway and the function runtime at 1 connection = {best('gatehouse', '1', 5, min) - best('direct', '1', 5, min):.0f} us")
print(f"machine load during runs: {', '.join(sorted({r[3] for r in rows}))}")
PY
