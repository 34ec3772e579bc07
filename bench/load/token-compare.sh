#!/usr/bin/env bash
# client_credentials token issuance: Gatehouse against oidc-provider (npm, a certified OpenID provider) on loopback,
# side by side in one run. oidc-provider runs twice: issuing RS256 JWT access tokens (2048-bit RSA, as Cognito and
# Gatehouse do) and in its default opaque-token mode. A fourth side, the floor, is a bare Kestrel server that answers
# every request with a freshly signed RS256 token and does nothing else (bench/Gatehouse.Benchmarks/FloorSign.cs). Every wrk run is bounded (DURATION <= 10 s) and targets
# 127.0.0.1 only; all servers are stopped on exit.
#
#   bench/load/token-compare.sh
#
# Environment (defaults in brackets):
#   DURATION [10]  THREADS [2]  CONNECTIONS [32]   wrk settings
#   WARMUP [5]     seconds of unrecorded load before each measured run (both JITs need it)
#   ROUNDS [2]     measured rounds (1..3); each round measures every server once, in alternating order
#   GH_PORT [19211]  OP_JWT_PORT [19212]  OP_OPAQUE_PORT [19213]  FLOOR_PORT [19214]
#   SKIP_BUILD [0]   1 reuses the existing Release builds (Gatehouse and bench/Gatehouse.Benchmarks)
#   GATEHOUSE_DLL [src/Gatehouse/bin/Release/net10.0/gatehouse.dll]  another build to measure, e.g. a baseline
#   RESULTS [<tmp>/results.tsv]  where the raw per-run numbers go
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
ROUNDS="${ROUNDS:-2}"
GH_PORT="${GH_PORT:-19211}"
OP_JWT_PORT="${OP_JWT_PORT:-19212}"
OP_OPAQUE_PORT="${OP_OPAQUE_PORT:-19213}"
FLOOR_PORT="${FLOOR_PORT:-19214}"
SKIP_BUILD="${SKIP_BUILD:-0}"
if (( DURATION < 1 || DURATION > 10 || WARMUP < 0 || WARMUP > 10 || ROUNDS < 1 || ROUNDS > 3 )); then
    echo "token-compare.sh: DURATION must be 1..10 seconds, WARMUP 0..10 and ROUNDS 1..3" >&2
    exit 2
fi

log() { printf '[token-compare] %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian package)"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
python3 -c 'import boto3' 2>/dev/null || { echo "token-compare.sh: python3 with boto3 is needed for seeding" >&2; exit 2; }
if [[ ! -f "$here/node_modules/oidc-provider/package.json" ]]; then
    log "installing oidc-provider from package-lock.json"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building Gatehouse (Release)"
    dotnet build "$root/src/Gatehouse/Gatehouse.csproj" -c Release -v q -nologo >/dev/null
    dotnet build "$root/bench/Gatehouse.Benchmarks/Gatehouse.Benchmarks.csproj" -c Release -v q -nologo >/dev/null
fi
gatehouse_dll="${GATEHOUSE_DLL:-$root/src/Gatehouse/bin/Release/net10.0/gatehouse.dll}"
benchmarks_dll="$root/bench/Gatehouse.Benchmarks/bin/Release/net10.0/Gatehouse.Benchmarks.dll"

# --- servers -----------------------------------------------------------------------------------------------------
work="$(mktemp -d /tmp/gatehouse-token-compare.XXXXXX)"
RESULTS="${RESULTS:-$work/results.tsv}"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$work/gh"
}
trap cleanup EXIT

port_free() { ! ss -ltnH "sport = :$1" | grep -q .; }
wait_port() {
    for _ in $(seq 300); do
        if ss -ltnH "sport = :$1" | grep -q .; then return 0; fi
        sleep 0.1
    done
    echo "token-compare.sh: nothing listens on 127.0.0.1:$1 after 30 s; see $work/*.log" >&2
    return 1
}
for port in "$GH_PORT" "$OP_JWT_PORT" "$OP_OPAQUE_PORT" "$FLOOR_PORT"; do
    port_free "$port" || { echo "token-compare.sh: port $port is in use; set GH_PORT/OP_JWT_PORT/OP_OPAQUE_PORT/FLOOR_PORT" >&2; exit 2; }
done

start_gatehouse() { # port dir -> pid in $started
    dotnet "$gatehouse_dll" serve --host 127.0.0.1 --port "$1" --data "$2" >"$2.log" 2>&1 &
    started=$!
    pids+=("$started")
    wait_port "$1"
}
start_oidc_provider() { # port format -> pid in $started; its first stdout line is the client's JSON
    # NODE_ENV=production: what a deployment runs (Koa and oidc-provider skip development-only work).
    (cd "$here" && NODE_ENV=production exec node "$here/oidc-provider.mjs" --port "$1" --format "$2") \
        >"$work/op-$2.json" 2>"$work/op-$2.log" &
    started=$!
    pids+=("$started")
    wait_port "$1"
}

start_floor() { # port -> pid in $started: HTTP plus one RS256 signature per request, nothing else (FloorSign.cs)
    dotnet "$benchmarks_dll" floorsign "$1" >"$work/floor.log" 2>&1 &
    started=$!
    pids+=("$started")
    wait_port "$1"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
clk_tck="$(getconf CLK_TCK)"

# run_wrk side pid url client_id secret scope token_path -> one TSV row
run_wrk() {
    local side="$1" pid="$2" url="$3" load before after start end out line
    export CLIENT_ID="$4" CLIENT_SECRET="$5" SCOPE="$6" TOKEN_PATH="$7"
    if (( WARMUP > 0 )); then
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$here/client_credentials.lua" "$url" >/dev/null
    fi
    load="$(cut -d' ' -f1 /proc/loadavg)"
    before="$(cpu_ticks "$pid")"
    start="$(date +%s.%N)"
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$here/client_credentials.lua" "$url")"
    end="$(date +%s.%N)"
    after="$(cpu_ticks "$pid")"
    line="$(grep '^WRK_RESULT' <<<"$out")" || { echo "$out" >&2; echo "token-compare.sh: wrk printed no result" >&2; exit 1; }
    log "$side c$CONNECTIONS: ${line#WRK_RESULT } load=$load"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$side" "$round" "$CONNECTIONS" "$load" "$(( after - before ))" \
        "$(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$start" "$end")" "${line#WRK_RESULT }" >>"$RESULTS"
}

log "work directory $work"
start_gatehouse "$GH_PORT" "$work/gh"; gh_pid=$started
start_oidc_provider "$OP_JWT_PORT" jwt; jwt_pid=$started
start_oidc_provider "$OP_OPAQUE_PORT" opaque; opaque_pid=$started
start_floor "$FLOOR_PORT"; floor_pid=$started

log "seeding Gatehouse through its API (pool, resource server product-api, client with a secret)"
python3 "$here/seed_client_credentials.py" --endpoint "http://127.0.0.1:$GH_PORT" >"$work/seed.json"

field() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(" ".join(v) if isinstance(v, list) else v)' "$@"; }
gatehouse() { run_wrk gatehouse "$gh_pid" "http://127.0.0.1:$GH_PORT" \
    "$(field "$work/seed.json" client_id)" "$(field "$work/seed.json" client_secret)" "$(field "$work/seed.json" scopes)" /oauth2/token; }
floor() { run_wrk floor "$floor_pid" "http://127.0.0.1:$FLOOR_PORT" floorclient unused product-api/read /token; }
oidc_provider() { # format
    local pid port; if [[ "$1" == jwt ]]; then pid=$jwt_pid port=$OP_JWT_PORT; else pid=$opaque_pid port=$OP_OPAQUE_PORT; fi
    run_wrk "oidc-provider-$1" "$pid" "http://127.0.0.1:$port" \
        "$(field "$work/op-$1.json" client_id)" "$(field "$work/op-$1.json" client_secret)" "$(field "$work/op-$1.json" scopes)" /token
}

: >"$RESULTS"
# Every server gets one unrecorded warm-up before round 1 on top of the one before each measured run: on a busy
# machine .NET's tiered compilation and V8's optimiser are not always done after the first WARMUP seconds.
if (( WARMUP > 0 )); then
    log "warming up every server"
    for side in gatehouse jwt opaque floor; do
        case "$side" in
            gatehouse) file="$work/seed.json" url="http://127.0.0.1:$GH_PORT" path=/oauth2/token ;;
            floor) file="$work/seed.json" url="http://127.0.0.1:$FLOOR_PORT" path=/token ;;
            *) file="$work/op-$side.json" url="http://127.0.0.1:$([[ $side == jwt ]] && echo "$OP_JWT_PORT" || echo "$OP_OPAQUE_PORT")" path=/token ;;
        esac
        CLIENT_ID="$(field "$file" client_id)" CLIENT_SECRET="$(field "$file" client_secret)" SCOPE="$(field "$file" scopes)" TOKEN_PATH="$path" \
            wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$here/client_credentials.lua" "$url" >/dev/null
    done
fi
# Alternating the order per round, so that a change in the machine's background load hits every side alike.
for round in $(seq "$ROUNDS"); do
    if (( round % 2 == 1 )); then
        gatehouse; oidc_provider jwt; oidc_provider opaque; floor
    else
        floor; oidc_provider opaque; oidc_provider jwt; gatehouse
    fi
done

python3 "$here/token_report.py" "$RESULTS" "$clk_tck" "$THREADS" "$CONNECTIONS" "$DURATION"
