#!/usr/bin/env python3
"""Prints token-compare.sh's table from its raw TSV rows; exits 1 if any wrk run saw an error or a non-2xx answer.

usage: token_report.py RESULTS.tsv CLK_TCK THREADS CONNECTIONS DURATION
"""
import statistics
import sys

SIDES = {
    "gatehouse": "Gatehouse, RS256 JWT (2048-bit)",
    "oidc-provider-jwt": "oidc-provider, RS256 JWT (2048-bit)",
    "oidc-provider-opaque": "oidc-provider, opaque (its default)",
    "floor": "floor: Kestrel + one RS256 signature",
}


def fields(text: str) -> dict:
    return dict(item.split("=", 1) for item in text.split())


def main() -> int:
    path, clk_tck, threads, connections, duration = sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            side, rnd, _, load, ticks, wall, rest = line.rstrip("\n").split("\t")
            r = fields(rest)
            r.update(side=side, round=int(rnd), load=float(load))
            cpu_s = int(ticks) / clk_tck
            r["rps"] = float(r["rps"])
            r["cpu_us"] = cpu_s * 1e6 / max(int(r["requests"]), 1)
            r["cores"] = cpu_s / float(wall)
            r["errors"] = sum(int(r[k]) for k in ("non2xx", "connect", "read", "write", "timeout"))
            rows.append(r)

    print()
    print(f"client_credentials token issuance, wrk -t{threads} -c{connections} -d{duration}s, POST with client_secret_basic")
    head = (f"{'round':>5}  {'server':<38} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU µs':>7} {'cores':>6}"
            f"  {'GH/this req/s':>13} {'GH/this CPU':>11}")
    print(head)
    print("-" * len(head))
    ratios = {}
    for rnd in sorted({r["round"] for r in rows}):
        in_round = {r["side"]: r for r in rows if r["round"] == rnd}
        gh = in_round.get("gatehouse")
        for side in SIDES:
            r = in_round.get(side)
            if r is None:
                continue
            rps_ratio = cpu_ratio = ""
            if gh and side != "gatehouse":
                ratios.setdefault(side, []).append((gh["rps"] / r["rps"], r["cpu_us"] / gh["cpu_us"]))
                rps_ratio, cpu_ratio = f"{gh['rps'] / r['rps']:.2f}x", f"{r['cpu_us'] / gh['cpu_us']:.2f}x"
            print(f"{rnd:>5}  {SIDES[side]:<38} {r['rps']:>8,.0f} {int(r['p50_us']) / 1000:>7.2f} {int(r['p99_us']) / 1000:>7.2f}"
                  f" {r['cpu_us']:>7.0f} {r['cores']:>6.2f}  {rps_ratio:>13} {cpu_ratio:>11}"
                  + (f"  ERR {r['errors']}" if r["errors"] else ""))
    print()
    for side, values in ratios.items():
        if side == "floor":
            print(f"Gatehouse / floor: req/s {statistics.median(v[0] for v in values):.2f}x, CPU per token "
                  f"{1 / statistics.median(v[1] for v in values):.2f}x the floor's (median of {len(values)} rounds)")
            continue
        print(f"Gatehouse / {SIDES[side]}: req/s {statistics.median(v[0] for v in values):.2f}x, "
              f"CPU per token {statistics.median(v[1] for v in values):.2f}x less (median of {len(values)} rounds)")
    print()
    print("CPU µs = the server process's user+system CPU time over the run divided by its requests (from /proc);")
    print("cores = that CPU time over the run's wall time. Gatehouse: one .NET process, its thread pool on every core.")
    print("oidc-provider: one Node.js process; its JavaScript runs on one thread, and the RS256 signature (jose, through")
    print("WebCrypto) on libuv's thread pool, so the JWT mode can use more than one core. wrk shares the same cores.")
    print("floor: a bare Kestrel server (bench FloorSign.cs) that answers every request with a freshly signed RS256")
    print("token and does nothing else; floor/oidc-provider bounds what any .NET token endpoint can reach here.")
    floors = [(in_r["floor"]["rps"] / in_r["oidc-provider-jwt"]["rps"])
              for rnd in sorted({r["round"] for r in rows})
              for in_r in [{r["side"]: r for r in rows if r["round"] == rnd}]
              if "floor" in in_r and "oidc-provider-jwt" in in_r]
    if floors:
        print(f"floor / oidc-provider, RS256 JWT: req/s {statistics.median(floors):.2f}x (median of {len(floors)} rounds)")
    print("load = the 1-minute load average as each run started: "
          + ", ".join(f"r{r['round']} {r['side']} {r['load']:.1f}" for r in rows))

    failed = [r for r in rows if r["errors"]]
    for r in failed:
        print(f"ERROR: round {r['round']} {r['side']}: {r['errors']} failed requests "
              f"(non2xx={r['non2xx']} connect={r['connect']} read={r['read']} write={r['write']} timeout={r['timeout']})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
