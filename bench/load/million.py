#!/usr/bin/env python3
"""Latency with a million users: AdminGetUser and a ListUsers prefix filter, median of sequential calls, and the
server's resident memory. Usage: million.py <gatehouse binary> <data dir> <pool id> [calls]. Loopback only, bounded."""
import http.client
import json
import random
import statistics
import subprocess
import sys
import time

binary, data, pool = sys.argv[1:4]
calls = int(sys.argv[4]) if len(sys.argv) > 4 else 500
port = 19331
server = subprocess.Popen([binary, "serve", "--data", data, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def rss_mb():
    with open(f"/proc/{server.pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


try:
    deadline = time.time() + 30
    connection = None
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/_gatehouse/health")
            if connection.getresponse().read():
                break
        except OSError:
            time.sleep(0.1)
    idle = rss_mb()

    def call(action, body):
        started = time.perf_counter()
        connection.request("POST", "/", json.dumps(body), {
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{action}",
            "Content-Type": "application/x-amz-json-1.1",
        })
        response = connection.getresponse()
        payload = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"{action} answered {response.status}: {payload[:200]!r}")
        return elapsed, json.loads(payload)

    random.seed(7)
    results = {}
    for name, make in [
        ("AdminGetUser (random user of 1M)", lambda: ("AdminGetUser", {"UserPoolId": pool, "Username": f"user{random.randrange(1_000_000)}"})),
        ('ListUsers Filter email ^= "user12345"', lambda: ("ListUsers", {"UserPoolId": pool, "Filter": 'email ^= "user12345"', "Limit": 60})),
    ]:
        for _ in range(50):
            call(*make())
        timings = [call(*make())[0] for _ in range(calls)]
        results[name] = (statistics.median(timings), sorted(timings)[int(len(timings) * 0.99) - 1])
    _, listed = call("ListUsers", {"UserPoolId": pool, "Filter": 'email ^= "user12345"', "Limit": 60})
    busy = rss_mb()
    for name, (median, p99) in results.items():
        print(f"{name}: median {median:.2f} ms, p99 {p99:.2f} ms over {calls} sequential calls")
    print(f'ListUsers email ^= "user12345" returned {len(listed["Users"])} users on its first page')
    print(f"server RSS: {idle:.0f} MB idle after start, {busy:.0f} MB after the calls")
finally:
    server.terminate()
    server.wait(10)
