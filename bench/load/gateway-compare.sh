#!/usr/bin/env bash
# The authorized proxy path, side by side in one run on one backend (issue 4's targets):
#   gatehouse  GET /users/42 through a REST API stage: Cognito authorizer with a scope, a valid RS256 access token,
#              HTTP_PROXY to the backend;
#   nginx      Debian's nginx proxying the same backend, no auth (upstream keep-alive, as a tuned proxy runs);
#   floor      a bare Kestrel server forwarding through Gatehouse's HttpForwarder, no gateway and no auth
#              (bench/Gatehouse.Benchmarks/FloorProxy.cs): what Kestrel and SocketsHttpHandler cost alone;
#   direct     the backend itself.
# The backend is a second nginx answering a small JSON body, so it is never the bottleneck. Throughput is measured at
# CONNECTIONS connections, latency (median, p99) at 1 connection. Every wrk run is bounded (DURATION <= 10 s) and
# targets 127.0.0.1 only; all servers are stopped on exit.
#
#   bench/load/gateway-compare.sh
#
# Environment (defaults in brackets):
#   DURATION [10]  THREADS [2]  CONNECTIONS [32]  WARMUP [5]  ROUNDS [2]
#   GH_PORT [19221]  NGINX_PORT [19222]  BACKEND_PORT [19223]  FLOOR_PORT [19224]
#   SKIP_BUILD [0]  GATEHOUSE_DLL [src/Gatehouse/bin/Release/net10.0/gatehouse.dll]
set -euo pipefail

bench=gateway-compare
CONNECTIONS="${CONNECTIONS:-32}"
GH_PORT="${GH_PORT:-19221}"
NGINX_PORT="${NGINX_PORT:-19222}"
BACKEND_PORT="${BACKEND_PORT:-19223}"
FLOOR_PORT="${FLOOR_PORT:-19224}"
# shellcheck source=compare-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/compare-lib.sh"
need_packages "wrk wrk" "nginx nginx-light"
build_gatehouse
if [[ "$SKIP_BUILD" != 1 ]]; then
    dotnet build "$root/bench/Gatehouse.Benchmarks/Gatehouse.Benchmarks.csproj" -c Release -v q -nologo >/dev/null
fi

work="$(mktemp -d /tmp/gatehouse-gateway-compare.XXXXXX)"
pids=()
cleanup() {
    [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work/gh"
}
trap cleanup EXIT

require_free_ports "$GH_PORT" "$NGINX_PORT" "$BACKEND_PORT" "$FLOOR_PORT"

# One nginx master serves both the backend and the proxy, with as many workers as cores (its default tuning).
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx;
    proxy_temp_path $work/nginx;
    fastcgi_temp_path $work/nginx;
    uwsgi_temp_path $work/nginx;
    scgi_temp_path $work/nginx;
    keepalive_requests 1000000;
    upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 64; }
    server {
        listen 127.0.0.1:$BACKEND_PORT;
        location /users/ { default_type application/json; return 200 '{"id":"42","name":"backend"}'; }
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" 2>"$work/nginx-start.log"
wait_port "$BACKEND_PORT"; wait_port "$NGINX_PORT"

# AWS's account throttle (10,000 req/s) would cap the measurement itself; the comparison is about the path's cost.
dotnet "$gatehouse_dll" serve --host 127.0.0.1 --port "$GH_PORT" --data "$work/gh" --gateway-account-rate-limit 10000000 \
    --gateway-account-burst-limit 10000000 >"$work/gh.log" 2>&1 &
pids+=("$!")
wait_port "$GH_PORT"
dotnet "$root/bench/Gatehouse.Benchmarks/bin/Release/net10.0/Gatehouse.Benchmarks.dll" floorproxy "$FLOOR_PORT" \
    "http://127.0.0.1:$BACKEND_PORT" >"$work/floor.log" 2>&1 &
pids+=("$!")
wait_port "$FLOOR_PORT"
log "seeding Gatehouse (pool, user, REST API with a Cognito authorizer and HTTP_PROXY)"
python3 "$here/seed_gateway.py" --endpoint "http://127.0.0.1:$GH_PORT" --backend "http://127.0.0.1:$BACKEND_PORT" >"$work/seed.json"
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/seed.json" "$1"; }
token="$(field token)"
gh_url="http://127.0.0.1:$GH_PORT$(field url_path)"
check="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $token" "$gh_url")"
[[ "$check" == 200 ]] || { echo "gateway-compare.sh: Gatehouse answered $check to the seeded request" >&2; exit 1; }

url_of() {
    case "$1" in
        gatehouse) echo "$gh_url" ;;
        nginx) echo "http://127.0.0.1:$NGINX_PORT/users/42" ;;
        floor) echo "http://127.0.0.1:$FLOOR_PORT/users/42" ;;
        direct) echo "http://127.0.0.1:$BACKEND_PORT/users/42" ;;
    esac
}
results="$work/results.tsv"
: >"$results"
# One unrecorded pass over every side first: .NET's tiered compilation needs more than one warm-up to reach its final
# code, and without this the first side measured (Gatehouse) paid for it (24,700 req/s, then 34,100 in round 2).
for side in gatehouse floor nginx direct; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: $token" "$(url_of "$side")" >/dev/null
done
for round in $(seq "$ROUNDS"); do
    sides=(gatehouse nginx floor direct)
    (( round % 2 == 0 )) && sides=(direct floor nginx gatehouse)
    for side in "${sides[@]}"; do run "$side" "$CONNECTIONS" "$THREADS" "$(url_of "$side")" -H "Authorization: $token"; done
    for side in "${sides[@]}"; do run "$side" 1 1 "$(url_of "$side")" -H "Authorization: $token"; done
done

python3 - "$results" "$CONNECTIONS" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
connections = sys.argv[2]
def best(side, conns, column, pick):
    values = [float(r[column]) for r in rows if r[0] == side and r[1] == conns]
    return pick(values)
print()
print(f"| side | req/s at {connections} conn (best) | median at 1 conn (us, best) | p99 at 1 conn (us) |")
print("|---|---:|---:|---:|")
for side in ("gatehouse", "nginx", "floor", "direct"):
    print(f"| {side} | {best(side, connections, 4, max):.0f} | {best(side, '1', 5, min):.0f} | {best(side, '1', 6, min):.0f} |")
gh, ng, fl, di = (best(s, connections, 4, max) for s in ("gatehouse", "nginx", "floor", "direct"))
gh1, ng1 = best("gatehouse", "1", 5, min), best("nginx", "1", 5, min)
print()
print(f"throughput gatehouse/nginx = {gh / ng:.2f}x (target >= 0.90x); gatehouse/direct = {gh / di:.2f}x")
print(f"floor (Kestrel + HttpForwarder, no gateway)/nginx = {fl / ng:.2f}x; gatehouse/floor = {gh / fl:.2f}x")
print(f"median added over nginx at 1 connection = {gh1 - ng1:.0f} us (target <= 100 us)")
print(f"machine load during runs: {', '.join(sorted({r[3] for r in rows}))}")
PY
