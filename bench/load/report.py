#!/usr/bin/env python3
"""Prints compare.sh's table from its raw TSV rows; exits 1 if any wrk run saw an error or a non-2xx answer.

usage: report.py RESULTS.tsv CLK_TCK "HASHCOST ... (before)" "HASHCOST ... (after)"
"""
import re
import statistics
import sys


def fields(text: str) -> dict:
    return dict(item.split("=", 1) for item in text.split())


def main() -> int:
    path, clk_tck = sys.argv[1], int(sys.argv[2])
    hashes = [fields(h.removeprefix("HASHCOST ")) for h in sys.argv[3:]]
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, side, connections, load, ticks, rest = line.rstrip("\n").split("\t")
            r = fields(rest)
            r.update(label=label, side=side, connections=int(connections), load=float(load), ticks=int(ticks))
            r["cpu_us"] = r["ticks"] / clk_tck * 1e6 / max(int(r["requests"]), 1)
            r["errors"] = sum(int(r[k]) for k in ("non2xx", "connect", "read", "write", "timeout"))
            rows.append(r)

    def cell(r):
        return (f"{float(r['rps']):>9,.0f} {int(r['p50_us']) / 1000:>8.2f} {int(r['p99_us']) / 1000:>8.2f} "
                f"{r['cpu_us']:>8.0f}{'  ERR ' + str(r['errors']) if r['errors'] else ''}")

    head = f"{'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU µs':>8}"
    print()
    print(f"{'operation':<44} | {'Gatehouse':^36} | {'cognito-local':^36} | ratio")
    print(f"{'':<44} | {head} | {head} | GH/CL")
    print("-" * 136)
    by_label = {}
    for r in rows:
        by_label.setdefault(r["label"], {})[r["side"]] = r
    for label, sides in by_label.items():
        gh, cl = sides.get("gatehouse"), sides.get("cognito-local")
        conn = (gh or cl)["connections"]
        ratio = f"{float(gh['rps']) / float(cl['rps']):.1f}x" if gh and cl and float(cl["rps"]) > 0 else ""
        print(f"{label + f' c{conn}':<44} | {cell(gh) if gh else '':<36} | {cell(cl) if cl else '':<36} | {ratio}")
    floors = [float(r["rps"]) for r in rows if r["label"].startswith("HTTP floor")]
    if floors:
        # No operation can beat the server's own empty answer, so floor/cognito-local bounds every ratio above.
        print()
        for label in ("AdminGetUser", "GetUser"):
            gh, cl = by_label.get(label, {}).get("gatehouse"), by_label.get(label, {}).get("cognito-local")
            if gh and cl and float(cl["rps"]) > 0:
                print(f"{label}: Gatehouse/cognito-local {float(gh['rps']) / float(cl['rps']):.1f}x (target 10x); "
                      f"HTTP floor (best of {len(floors)})/cognito-local {max(floors) / float(cl['rps']):.1f}x; "
                      f"Gatehouse at {float(gh['rps']) / max(floors):.0%} of the floor")
    print()
    print("CPU µs = the server process's user+system CPU time over the run divided by its requests (from /proc).")
    print("load = the machine's 1-minute load average as each run started: "
          + ", ".join(f"{r['side'][:2]} {r['label'].split(' ')[0]} {r['load']:.1f}" for r in rows))

    c1 = {}
    for r in rows:
        m = re.search(r"hash cost (\d+)\)$", r["label"])
        if r["connections"] == 1 and m:
            c1[int(m.group(1))] = r
    by_cost = {}
    for h in hashes:
        by_cost.setdefault(int(h["iterations"]), []).append(h)
    configured = max(by_cost) if by_cost else None
    if configured in c1:
        verify = by_cost[configured]
        verify_ms = statistics.mean(float(h["median_ms"]) for h in verify)
        verify_cpu = statistics.mean(float(h["cpu_ms"]) for h in verify)
        r = c1[configured]
        p50_ms = int(r["p50_us"]) / 1000
        mean_ms = 1000 / float(r["rps"])
        print()
        print(f"InitiateAuth over the password-hash cost ({configured} PBKDF2 iterations), concurrency 1:")
        print(f"  PasswordHasher.Verify in process, median of {verify[0]['count']}, before and after: "
              + " / ".join(f"{float(h['median_ms']):.1f} ms" for h in verify)
              + f" (mean {verify_ms:.1f} ms; CPU {verify_cpu:.1f} ms)")
        print(f"  direct: InitiateAuth p50 {p50_ms:.1f} ms, mean {mean_ms:.1f} ms over {r['requests']} sign-ins, "
              f"server CPU {r['cpu_us'] / 1000:.1f} ms each -> p50 {100 * (p50_ms / verify_ms - 1):+.1f}%, "
              f"mean {100 * (mean_ms / verify_ms - 1):+.1f}%, CPU {100 * (r['cpu_us'] / 1000 / verify_cpu - 1):+.1f}%")
        dev = min(by_cost)
        if dev != configured and dev in c1:
            d = c1[dev]
            dev_ms = statistics.mean(float(h["median_ms"]) for h in by_cost[dev])
            dev_cpu = statistics.mean(float(h["cpu_ms"]) for h in by_cost[dev])
            extra_ms = int(d["p50_us"]) / 1000 - dev_ms
            extra_mean_ms = 1000 / float(d["rps"]) - dev_ms
            extra_cpu = d["cpu_us"] / 1000 - dev_cpu
            print(f"  by difference at {dev} iterations ({d['requests']} sign-ins): InitiateAuth p50 {int(d['p50_us']) / 1000:.2f} ms, "
                  f"p99 {int(d['p99_us']) / 1000:.2f} ms, Verify {dev_ms:.2f} ms -> everything but the hash: "
                  f"p50 {extra_ms:.2f} ms, mean {extra_mean_ms:.2f} ms, CPU {extra_cpu:.2f} ms")
            print(f"  -> overhead above the hash at {configured} iterations: p50 {100 * extra_ms / verify_ms:+.1f}%, "
                  f"mean {100 * extra_mean_ms / verify_ms:+.1f}%, CPU {100 * extra_cpu / verify_cpu:+.1f}% (target: at most +15%)")

    failed = [r for r in rows if r["errors"]]
    for r in failed:
        print(f"ERROR: {r['side']} {r['label']}: {r['errors']} failed requests "
              f"(non2xx={r['non2xx']} connect={r['connect']} read={r['read']} write={r['write']} timeout={r['timeout']})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
