"""How long evaluating every rule on a full report takes: median and p99 over 1,000 runs.

Run: python bench/check_speed.py   (target: median well under 1 ms for a full 2021 report)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from editor.checks import check
from editor.samples import sample_report

RUNS = 1000


def measure(report, last=None) -> tuple[float, float, int]:
    check(report, last)  # warm caches
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        findings = check(report, last)
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times) * 1e3, times[int(RUNS * 0.99) - 1] * 1e3, len(findings)


def main() -> None:
    cases = []
    balanced = sample_report(2024, seed=1)
    cases.append(("2021版 全表已填、平衡", balanced, None))
    broken = sample_report(2024, seed=2)
    for ref, v in list(broken.values.items())[::7]:
        broken.values[ref] = v + 1  # break many sums at once: the message-building path
    cases.append(("2021版 多处不平衡", broken, None))
    cases.append(("2021版 含上年报告（跨年核对）", sample_report(2024, seed=3), sample_report(2023, seed=4)))
    cases.append(("2019版 全表已填、平衡", sample_report(2020, seed=5), None))
    print(f"每种情形运行 {RUNS} 次")
    for name, report, last in cases:
        median, p99, n = measure(report, last)
        print(f"{name:<24} 中位数 {median:.3f} ms  p99 {p99:.3f} ms  发现 {n} 项  "
              f"（目标 1 ms 的 {median:.0%}）".replace("%）", "%）"))


if __name__ == "__main__":
    main()
