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

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-2}"
CONCURRENCY="${CONCURRENCY:-2}"
ROUNDS="${ROUNDS:-2}"
GH_PORT="${GH_PORT:-19231}"
DIRECT_PORT="${DIRECT_PORT:-19232}"
SKIP_BUILD="${SKIP_BUILD:-0}"
if (( DURATION < 1 || DURATION > 10 || WARMUP < 0 || WARMUP > 10 || ROUNDS < 1 || ROUNDS > 3 )); then
    echo "function-compare.sh: DURATION must be 1..10 seconds, WARMUP 0..10 and ROUNDS 1..3" >&2
    exit 2
fi

log() { printf '[function-compare] %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian package)"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
python3 -c 'import boto3' 2>/dev/null || { echo "function-compare.sh: python3 with boto3 is needed for seeding" >&2; exit 2; }
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building Gatehouse (Release)"
    dotnet build "$root/src/Gatehouse/Gatehouse.csproj" -c Release -v q -nologo >/dev/null
fi
gatehouse_dll="${GATEHOUSE_DLL:-$root/src/Gatehouse/bin/Release/net10.0/gatehouse.dll}"

work="$(mktemp -d /tmp/gatehouse-function-compare.XXXXXX)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work/gh"
}
trap cleanup EXIT

wait_port() {
    for _ in $(seq 300); do
        if ss -ltnH "sport = :$1" | grep -q .; then return 0; fi
        sleep 0.1
    done
    echo "function-compare.sh: nothing listens on 127.0.0.1:$1 after 30 s; see $work/*.log" >&2
    return 1
}
for port in "$GH_PORT" "$DIRECT_PORT"; do
    if ss -ltnH "sport = :$port" | grep -q .; then echo "function-compare.sh: port $port is in use" >&2; exit 2; fi
done

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
run() { # side connections threads
    local out
    if (( WARMUP > 0 )); then
        wrk -t"$3" -c"$2" -d"${WARMUP}s" "$(url_of "$1")" >/dev/null
    fi
    out="$(wrk -t"$3" -c"$2" -d"${DURATION}s" --latency "$(url_of "$1")")"
    grep -q 'Non-2xx' <<<"$out" && { echo "$out" >&2; echo "function-compare.sh: $1 answered non-2xx" >&2; exit 1; }
    printf '%s' "$out" >"$work/wrk.out"
    python3 "$here/wrk_row.py" "$1" "$2" "$round" "$(cut -d' ' -f1 /proc/loadavg)" "$work/wrk.out" >>"$results"
    log "$1 c$2: $(tail -1 "$results" | cut -f5) req/s, median $(tail -1 "$results" | cut -f6) us"
}

for round in $(seq "$ROUNDS"); do
    sides=(gatehouse direct)
    (( round % 2 == 0 )) && sides=(direct gatehouse)
    for side in "${sides[@]}"; do run "$side" "$CONNECTIONS" "$THREADS"; done
    for side in "${sides[@]}"; do run "$side" 1 1; done
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
