#!/usr/bin/env bash
# SRP sign-in against USER_PASSWORD_AUTH on one Gatehouse server at the same password-hash cost (issue 6):
#   password  InitiateAuth USER_PASSWORD_AUTH: one request, one PBKDF2 verify on the server;
#   srp       InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge PASSWORD_VERIFIER with the client math of
#             tests/Shared/ReferenceSrpClient.cs (no PBKDF2 at sign-in: the verifier was derived when the password was set).
# Both flows run back to back against the same server and the same user, in alternating order per round, with the
# benchmarks' `signinload` mode as the client (CONCURRENCY async loops, one HttpClient). The client runs on the same
# 2 cores, so it prints its own CPU per sign-in (and the SRP math's share) next to the server's. Every run is bounded
# (DURATION <= 10 s) and targets 127.0.0.1 only; the server is stopped on exit.
#
#   bench/load/srp-compare.sh
#
# Environment (defaults in brackets):
#   DURATION [10]  WARMUP [5]  ROUNDS [2]  CONCURRENCY [4]
#   GATEHOUSE_PASSWORD_HASH_ITERATIONS [600000, the server's default]  PBKDF2 cost of the user's password hash
#   GH_PORT [19231]  SKIP_BUILD [0]  GATEHOUSE_DLL [src/Gatehouse/bin/Release/net10.0/gatehouse.dll]
set -euo pipefail

bench=srp-compare
CONCURRENCY="${CONCURRENCY:-4}"
GH_PORT="${GH_PORT:-19231}"
# shellcheck source=compare-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/compare-lib.sh"
need_packages
build_gatehouse
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building the benchmarks (Release)"
    dotnet build "$root/bench/Gatehouse.Benchmarks/Gatehouse.Benchmarks.csproj" -c Release -v q -nologo >/dev/null
fi
benchmarks_dll="$root/bench/Gatehouse.Benchmarks/bin/Release/net10.0/Gatehouse.Benchmarks.dll"

work="$(mktemp -d /tmp/gatehouse-srp-compare.XXXXXX)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work/gh"
}
trap cleanup EXIT

require_free_ports "$GH_PORT"
# The server reads GATEHOUSE_PASSWORD_HASH_ITERATIONS itself; unset, it hashes at the production cost.
iterations="${GATEHOUSE_PASSWORD_HASH_ITERATIONS:-600000}"
GATEHOUSE_PASSWORD_HASH_ITERATIONS="$iterations" dotnet "$gatehouse_dll" serve --host 127.0.0.1 --port "$GH_PORT" \
    --data "$work/gh" >"$work/gh.log" 2>&1 &
server_pid="$!"
pids+=("$server_pid")
wait_port "$GH_PORT"

log "seeding Gatehouse (pool, client with ALLOW_USER_SRP_AUTH and ALLOW_USER_PASSWORD_AUTH, one confirmed user; $iterations PBKDF2 iterations)"
python3 - "http://127.0.0.1:$GH_PORT" >"$work/seed.tsv" <<'PY'
import sys
import boto3
from botocore.config import Config

idp = boto3.client(
    "cognito-idp", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="local",
    aws_secret_access_key="local", config=Config(retries={"max_attempts": 1}, read_timeout=60))
pool_id = idp.create_user_pool(PoolName="srp-load")["UserPool"]["Id"]
client_id = idp.create_user_pool_client(
    UserPoolId=pool_id, ClientName="srp-load",
    ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
)["UserPoolClient"]["ClientId"]
username, password = "loaduser", "Load-Test-Passw0rd!"
idp.admin_create_user(
    UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
    UserAttributes=[{"Name": "email", "Value": "loaduser@example.com"}])
idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=True)
print("\t".join((pool_id, client_id, username, password)))
PY
IFS=$'\t' read -r pool_id client_id username password <"$work/seed.tsv"

results="$work/results.tsv"
: >"$results"
for round in $(seq "$ROUNDS"); do
    flows=(password srp)
    (( round % 2 == 0 )) && flows=(srp password)
    for flow in "${flows[@]}"; do
        load="$(cut -d' ' -f1 /proc/loadavg)"
        line="$(dotnet "$benchmarks_dll" signinload "http://127.0.0.1:$GH_PORT/" "$client_id" "$pool_id" "$username" \
            "$password" "$flow" "$DURATION" "$CONCURRENCY" "$WARMUP" "$server_pid")" \
            || { echo "$line" >&2; echo "$bench.sh: $flow sign-ins failed" >&2; exit 1; }
        log "round $round $flow: ${line#SIGNINLOAD } load=$load"
        printf '%s\t%s\t%s\n' "$round" "$load" "$line" >>"$results"
    done
done

python3 - "$results" "$iterations" "$CONCURRENCY" <<'PY'
import sys
rows = []
for line in open(sys.argv[1]):
    round_, load, result = line.rstrip("\n").split("\t")
    fields = dict(kv.split("=", 1) for kv in result.split()[1:])
    fields.update(round=round_, load=load)
    rows.append(fields)

def best(flow):
    # The round with the most sign-ins per second: on a shared machine the slower round is the one that lost cores.
    return max((r for r in rows if r["flow"] == flow), key=lambda r: float(r["per_s"]))

print()
print(f"PBKDF2 iterations {sys.argv[2]}, {sys.argv[3]} concurrent sign-ins, best round of each flow:")
print()
print("| flow | sign-ins/s | median (ms) | p99 (ms) | server CPU per sign-in (ms) | client CPU per sign-in (ms) | of which SRP math (ms) | load |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for flow in ("password", "srp"):
    r = best(flow)
    print(f"| {flow} | {float(r['per_s']):.1f} | {float(r['median_ms']):.1f} | {float(r['p99_ms']):.1f} | "
          f"{float(r['server_cpu_ms']):.2f} | {float(r['client_cpu_ms']):.2f} | {float(r['client_srp_cpu_ms']):.2f} | {r['load']} |")
pw, srp = best("password"), best("srp")
print()
print(f"sign-ins/s srp/password = {float(srp['per_s']) / float(pw['per_s']):.2f}x; "
      f"server CPU per sign-in srp/password = {float(srp['server_cpu_ms']) / float(pw['server_cpu_ms']):.3f}x")
print(f"every round: " + "; ".join(f"{r['round']} {r['flow']} {float(r['per_s']):.1f}/s (load {r['load']})" for r in rows))
PY
