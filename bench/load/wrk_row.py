"""Reads one wrk --latency report and prints a results row: side, connections, round, load, req/s, p50 us, p99 us."""
import re
import sys


def micros(value):
    unit = value[-2:] if value[-2:] in ("us", "ms") else value[-1:]
    return float(value[: -len(unit)]) * {"us": 1, "ms": 1000, "s": 1_000_000}[unit]


text = open(sys.argv[5]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = micros(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = micros(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
side, connections, round_, load = sys.argv[1:5]
print(f"{side}\t{connections}\t{round_}\t{load}\t{rps:.0f}\t{p50:.0f}\t{p99:.0f}")
