# Shared by the side-by-side load scripts (gateway-compare.sh, function-compare.sh); sourced, not run.
# The script sets `bench` (its name) and its own defaults, then calls these. Every wrk run is bounded
# (DURATION <= 10 s) and targets 127.0.0.1 only.

here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-2}"
SKIP_BUILD="${SKIP_BUILD:-0}"
if (( DURATION < 1 || DURATION > 10 || WARMUP < 0 || WARMUP > 10 || ROUNDS < 1 || ROUNDS > 3 )); then
    echo "$bench.sh: DURATION must be 1..10 seconds, WARMUP 0..10 and ROUNDS 1..3" >&2
    exit 2
fi

log() { printf '[%s] %s\n' "$bench" "$*" >&2; }

# Installs the Debian packages that provide the missing commands: need_packages "wrk wrk" "nginx nginx-light".
need_packages() {
    local missing=() pair
    for pair in "$@"; do
        read -r command package <<<"$pair"
        command -v "$command" >/dev/null || missing+=("$package")
    done
    if (( ${#missing[@]} > 0 )); then
        log "installing ${missing[*]} (Debian packages)"
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    python3 -c 'import boto3' 2>/dev/null || { echo "$bench.sh: python3 with boto3 is needed for seeding" >&2; exit 2; }
}

# Builds Gatehouse unless SKIP_BUILD=1; sets gatehouse_dll (GATEHOUSE_DLL measures another build).
build_gatehouse() {
    if [[ "$SKIP_BUILD" != 1 ]]; then
        log "building Gatehouse (Release)"
        dotnet build "$root/src/Gatehouse/Gatehouse.csproj" -c Release -v q -nologo >/dev/null
    fi
    gatehouse_dll="${GATEHOUSE_DLL:-$root/src/Gatehouse/bin/Release/net10.0/gatehouse.dll}"
}

require_free_ports() {
    local port
    for port in "$@"; do
        if ss -ltnH "sport = :$port" | grep -q .; then echo "$bench.sh: port $port is in use" >&2; exit 2; fi
    done
}

wait_port() {
    for _ in $(seq 300); do
        if ss -ltnH "sport = :$1" | grep -q .; then return 0; fi
        sleep 0.1
    done
    echo "$bench.sh: nothing listens on 127.0.0.1:$1 after 30 s; see $work/*.log" >&2
    return 1
}

# One measured wrk run after a warm-up: run SIDE CONNECTIONS THREADS URL [wrk options...]. Appends a row to $results
# (side, connections, $round, load, req/s, p50 us, p99 us); any non-2xx answer fails the script.
run() {
    local side="$1" connections="$2" threads="$3" url="$4" out
    shift 4
    if (( WARMUP > 0 )); then
        wrk -t"$threads" -c"$connections" -d"${WARMUP}s" "$@" "$url" >/dev/null
    fi
    out="$(wrk -t"$threads" -c"$connections" -d"${DURATION}s" --latency "$@" "$url")"
    grep -q 'Non-2xx' <<<"$out" && { echo "$out" >&2; echo "$bench.sh: $side answered non-2xx" >&2; exit 1; }
    printf '%s' "$out" >"$work/wrk.out"
    python3 "$here/wrk_row.py" "$side" "$connections" "$round" "$(cut -d' ' -f1 /proc/loadavg)" "$work/wrk.out" >>"$results"
    log "$side c$connections: $(tail -1 "$results" | cut -f5) req/s, median $(tail -1 "$results" | cut -f6) us"
}
