#!/usr/bin/env bash
# Gatehouse against cognito-local on loopback, side by side in one run, then InitiateAuth against the password-hash
# cost. Every wrk run is bounded (DURATION <= 10 s) and targets 127.0.0.1 only; both servers are stopped on exit.
#
#   bench/load/compare.sh
#
# Environment (defaults in brackets):
#   DURATION [10]  THREADS [2]  CONNECTIONS [32]   wrk settings for the side-by-side runs
#   WARMUP [5]     seconds of unrecorded load before each measured run (both JITs, V8's and .NET's tiering);
#                  four such runs before the sign-ins at the configured hash cost
#   SIDE_BY_SIDE_ITERATIONS [1000]  PBKDF2 cost of the Gatehouse in the side-by-side table (cognito-local keeps
#                                   plain-text passwords, so the dev cost is the like-for-like one)
#   HASH_ITERATIONS [600000]        the configured production cost, for "InitiateAuth overhead above the hash"
#   GH_PORT [19201]  CL_PORT [19202]  GH_COST_PORT [19203]
#   SKIP_BUILD [0]   1 reuses the existing Release build
#   GATEHOUSE_DLL [src/Gatehouse/bin/Release/net10.0/gatehouse.dll]  another build to measure, e.g. a baseline
#   RESULTS [<tmp>/results.tsv]  where the raw per-run numbers go
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
SIDE_BY_SIDE_ITERATIONS="${SIDE_BY_SIDE_ITERATIONS:-1000}"
HASH_ITERATIONS="${HASH_ITERATIONS:-600000}"
GH_PORT="${GH_PORT:-19201}"
CL_PORT="${CL_PORT:-19202}"
GH_COST_PORT="${GH_COST_PORT:-19203}"
SKIP_BUILD="${SKIP_BUILD:-0}"
if (( DURATION < 1 || DURATION > 10 || WARMUP < 0 || WARMUP > 10 )); then
    echo "compare.sh: DURATION must be 1..10 seconds and WARMUP 0..10" >&2
    exit 2
fi

log() { printf '[compare] %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian package)"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
python3 -c 'import boto3' 2>/dev/null || { echo "compare.sh: python3 with boto3 is needed for seeding" >&2; exit 2; }
if [[ ! -x "$here/node_modules/.bin/cognito-local" ]]; then
    log "installing cognito-local from package-lock.json"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building Gatehouse and the benchmarks (Release)"
    dotnet build "$root/src/Gatehouse/Gatehouse.csproj" -c Release -v q -nologo >/dev/null
    dotnet build "$root/bench/Gatehouse.Benchmarks/Gatehouse.Benchmarks.csproj" -c Release -v q -nologo >/dev/null
fi
gatehouse_dll="${GATEHOUSE_DLL:-$root/src/Gatehouse/bin/Release/net10.0/gatehouse.dll}"
benchmarks_dll="$root/bench/Gatehouse.Benchmarks/bin/Release/net10.0/Gatehouse.Benchmarks.dll"

# --- servers -----------------------------------------------------------------------------------------------------
work="$(mktemp -d /tmp/gatehouse-compare.XXXXXX)"
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
    rm -rf "$work/gh" "$work/gh-cost" "$work/cl"
}
trap cleanup EXIT

port_free() { ! ss -ltnH "sport = :$1" | grep -q .; }
wait_port() {
    for _ in $(seq 300); do
        if ss -ltnH "sport = :$1" | grep -q .; then return 0; fi
        sleep 0.1
    done
    echo "compare.sh: nothing listens on 127.0.0.1:$1 after 30 s; see $work/*.log" >&2
    return 1
}
for port in "$GH_PORT" "$CL_PORT" "$GH_COST_PORT"; do
    port_free "$port" || { echo "compare.sh: port $port is in use; set GH_PORT/CL_PORT/GH_COST_PORT" >&2; exit 2; }
done

start_gatehouse() { # port iterations dir -> pid in $started
    dotnet "$gatehouse_dll" serve --host 127.0.0.1 --port "$1" --data "$3" --password-hash-iterations "$2" >"$3.log" 2>&1 &
    started=$!
    pids+=("$started")
    wait_port "$1"
}
start_cognito_local() { # port dir -> pid in $started
    mkdir -p "$2/.cognito"
    # cognito-local makes email the username by default; Gatehouse pools take plain usernames, as AWS's do.
    echo '{"UserPoolDefaults":{"UsernameAttributes":[]}}' >"$2/.cognito/config.json"
    (cd "$2" && HOST=127.0.0.1 PORT="$1" exec node "$here/node_modules/cognito-local/lib/bin/start.js") >"$2.log" 2>&1 &
    started=$!
    pids+=("$started")
    wait_port "$1"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
clk_tck="$(getconf CLK_TCK)"

# run_wrk label side pid script url threads connections [warm-up runs] -> one TSV row
run_wrk() {
    local label="$1" side="$2" pid="$3" script="$4" url="$5" threads="$6" connections="$7" warmups="${8:-1}"
    local load before after out line
    if (( WARMUP > 0 )); then
        for _ in $(seq "$warmups"); do
            wrk -t"$threads" -c"$connections" -d"${WARMUP}s" --timeout 5s -s "$here/$script" "$url" >/dev/null
        done
    fi
    load="$(cut -d' ' -f1 /proc/loadavg)"
    before="$(cpu_ticks "$pid")"
    out="$(wrk -t"$threads" -c"$connections" -d"${DURATION}s" --timeout 5s -s "$here/$script" "$url")"
    after="$(cpu_ticks "$pid")"
    line="$(grep '^WRK_RESULT' <<<"$out")" || { echo "$out" >&2; echo "compare.sh: wrk printed no result" >&2; exit 1; }
    log "$label $side c$connections: ${line#WRK_RESULT } load=$load"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$side" "$connections" "$load" "$(( (after - before) ))" "${line#WRK_RESULT }" >>"$RESULTS"
}

log "work directory $work"
start_gatehouse "$GH_PORT" "$SIDE_BY_SIDE_ITERATIONS" "$work/gh"; gh_pid=$started
start_cognito_local "$CL_PORT" "$work/cl"; cl_pid=$started

log "seeding both through their APIs"
python3 "$here/seed.py" --endpoint "http://127.0.0.1:$GH_PORT" --endpoint "http://127.0.0.1:$CL_PORT" >"$work/seed.json"

seed() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]][sys.argv[3]])' "$@"; }
with_seed() { # seed file, endpoint, then a command to run with that server's seed in its environment
    local file="$1" endpoint="$2"; shift 2
    POOL_ID="$(seed "$file" "$endpoint" pool_id)" CLIENT_ID="$(seed "$file" "$endpoint" client_id)" \
        USERNAME="$(seed "$file" "$endpoint" username)" PASSWORD="$(seed "$file" "$endpoint" password)" \
        ACCESS_TOKEN="$(seed "$file" "$endpoint" access_token)" "$@"
}

: >"$RESULTS"
gh="http://127.0.0.1:$GH_PORT"
cl="http://127.0.0.1:$CL_PORT"
run_wrk "HTTP floor (GET /_gatehouse/health)" gatehouse "$gh_pid" health.lua "$gh/" "$THREADS" "$CONNECTIONS"
# Alternating sides per operation, so that a change in the machine's background load hits both alike.
for op in "AdminGetUser:admin_get_user.lua" "GetUser:get_user.lua" "InitiateAuth (hash cost $SIDE_BY_SIDE_ITERATIONS vs plain text):initiate_auth.lua"; do
    label="${op%%:*}"; script="${op##*:}"
    with_seed "$work/seed.json" "$gh" run_wrk "$label" gatehouse "$gh_pid" "$script" "$gh/" "$THREADS" "$CONNECTIONS"
    with_seed "$work/seed.json" "$cl" run_wrk "$label" cognito-local "$cl_pid" "$script" "$cl/" "$THREADS" "$CONNECTIONS"
done
# The floor again, after the side-by-side runs: the report sets the better of the two against cognito-local.
run_wrk "HTTP floor (GET /_gatehouse/health), again" gatehouse "$gh_pid" health.lua "$gh/" "$THREADS" "$CONNECTIONS"

# --- InitiateAuth against the password-hash cost ----------------------------------------------------------------
# Everything a sign-in does besides the hash (lookups, two RS256 signatures, the refresh-token grant, the fsync of the
# commit, HTTP) costs the same whatever the PBKDF2 cost. Measured two ways at concurrency 1:
#  - directly, on a Gatehouse at the configured cost: few sign-ins fit in a run, so its tail is noisy;
#  - by difference, on the already warm dev-cost Gatehouse: InitiateAuth minus Verify at that cost, thousands of
#    samples, set against Verify at the configured cost.
log "InitiateAuth at concurrency 1, dev cost ($SIDE_BY_SIDE_ITERATIONS iterations)"
hash_dev="$(dotnet "$benchmarks_dll" hashcost "$SIDE_BY_SIDE_ITERATIONS" 500 </dev/null)"
log "$hash_dev"
with_seed "$work/seed.json" "$gh" run_wrk "InitiateAuth (hash cost $SIDE_BY_SIDE_ITERATIONS)" gatehouse "$gh_pid" initiate_auth.lua "$gh/" 1 1

log "InitiateAuth at concurrency 1, configured cost ($HASH_ITERATIONS iterations)"
start_gatehouse "$GH_COST_PORT" "$HASH_ITERATIONS" "$work/gh-cost"; cost_pid=$started
cost="http://127.0.0.1:$GH_COST_PORT"
python3 "$here/seed.py" --endpoint "$cost" >"$work/seed-cost.json"
hash_before="$(dotnet "$benchmarks_dll" hashcost "$HASH_ITERATIONS" 10 </dev/null)"
log "$hash_before"
# At a few sign-ins a second, the request path is still being compiled to its final tier for the first ~100 of them:
# four warm-up runs keep that JIT work out of the measured one.
with_seed "$work/seed-cost.json" "$cost" run_wrk "InitiateAuth (hash cost $HASH_ITERATIONS)" gatehouse "$cost_pid" initiate_auth.lua "$cost/" 1 1 4
hash_after="$(dotnet "$benchmarks_dll" hashcost "$HASH_ITERATIONS" 10 </dev/null)"
log "$hash_after"

python3 "$here/report.py" "$RESULTS" "$clk_tck" "$hash_dev" "$hash_before" "$hash_after"
