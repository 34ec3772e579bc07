#!/usr/bin/env python3
"""Prints compare.sh's table from its raw TSV rows; exits 1 if any wrk run saw an error or a non-2xx answer.

usage: report.py RESULTS.tsv CLK_TCK "HASHCOST ... (before)" "HASHCOST ... (after)"
"""
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
    print()
    print("CPU µs = the server process's user+system CPU time over the run divided by its requests (from /proc).")
    print("load = the machine's 1-minute load average as each run started: "
          + ", ".join(f"{r['side'][:2]} {r['label'].split(' ')[0]} {r['load']:.1f}" for r in rows))

    cost_rows = [r for r in rows if r["connections"] == 1 and r["label"].startswith("InitiateAuth")]
    if cost_rows and hashes:
        r = cost_rows[-1]
        verify_ms = statistics.mean(float(h["median_ms"]) for h in hashes)
        p50_ms = int(r["p50_us"]) / 1000
        mean_ms = 1000 / float(r["rps"])
        print()
        print(f"InitiateAuth over the password-hash cost ({hashes[0]['iterations']} PBKDF2 iterations), concurrency 1:")
        print(f"  PasswordHasher.Verify in process, median of {hashes[0]['count']} before and after: "
              + " / ".join(f"{float(h['median_ms']):.1f} ms" for h in hashes) + f" (mean {verify_ms:.1f} ms)")
        print(f"  InitiateAuth over HTTP: p50 {p50_ms:.1f} ms, mean {mean_ms:.1f} ms, p99 {int(r['p99_us']) / 1000:.1f} ms, "
              f"server CPU {r['cpu_us'] / 1000:.1f} ms per sign-in")
        print(f"  overhead above the hash: p50 {100 * (p50_ms / verify_ms - 1):+.1f}%, mean {100 * (mean_ms / verify_ms - 1):+.1f}% "
              f"(target: at most +15%)")
        if all("cpu_ms" in h for h in hashes):
            verify_cpu = statistics.mean(float(h["cpu_ms"]) for h in hashes)
            print(f"  in CPU time, which the machine's other load does not stretch: Verify {verify_cpu:.1f} ms, "
                  f"InitiateAuth {r['cpu_us'] / 1000:.1f} ms, overhead {100 * (r['cpu_us'] / 1000 / verify_cpu - 1):+.1f}%")

    failed = [r for r in rows if r["errors"]]
    for r in failed:
        print(f"ERROR: {r['side']} {r['label']}: {r['errors']} failed requests "
              f"(non2xx={r['non2xx']} connect={r['connect']} read={r['read']} write={r['write']} timeout={r['timeout']})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
