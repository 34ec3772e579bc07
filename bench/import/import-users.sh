#!/usr/bin/env bash
# Times `gatehouse users import` on a generated CSV (a million users by default) and prints wall time, CPU time and
# peak memory. Usage: bench/import/import-users.sh [count]. Set WORK=dir to keep the build, data and CSV there.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-1000000}
work=${WORK:-$(mktemp -d)}
port=${PORT:-19329}
mkdir -p "$work"
rm -rf "$work/data"

dotnet build -c Release "$root/src/Gatehouse" -o "$work/bin" >"$work/build.log"
gatehouse="$work/bin/gatehouse"

# The pool is made through the API, then the server is stopped: the import is offline.
"$gatehouse" serve --data "$work/data" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/_gatehouse/health" >/dev/null && break
    sleep 0.2
done
pool=$(curl -fs -X POST "http://127.0.0.1:$port/" \
    -H 'X-Amz-Target: AWSCognitoIdentityProviderService.CreateUserPool' \
    -H 'Content-Type: application/x-amz-json-1.1' \
    -d '{"PoolName":"bench","AutoVerifiedAttributes":["email"]}' | grep -o '"Id":"[^"]*"' | head -1 | cut -d'"' -f4)
kill "$server"
wait "$server" || true

if [ ! -f "$work/users-$count.csv" ]; then
    "$gatehouse" users generate-csv --count "$count" "$work/users-$count.csv"
fi

echo "Importing $count users into $pool ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/time -f '%e s wall, %U s user, %S s sys, %M KB peak RSS' \
    "$gatehouse" users import --pool "$pool" --data "$work/data" "$work/users-$count.csv"
