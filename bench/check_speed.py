"""How long evaluating every rule on a full report takes: the first call of a fresh process and the warm
median and p99 over 1,000 runs, against a baseline measured in the same run (reading every cell of the
report once, the least any check must do).

Run: python bench/check_speed.py [--runs 1000]   (target: warm median well under 1 ms for a full 2021 report)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from editor.checks import check  # noqa: E402
from editor.samples import sample_report  # noqa: E402


def cases() -> list[tuple[str, object, object]]:
    out = []
    balanced = sample_report(2024, seed=1)
    out.append(("2021版 全表已填、平衡", balanced, None))
    broken = sample_report(2024, seed=2)
    for ref, v in list(broken.values.items())[::7]:
        broken.values[ref] = v + 1  # break many sums at once: the message-building path
    out.append(("2021版 多处不平衡", broken, None))
    out.append(("2021版 含上年报告（跨年核对）", sample_report(2024, seed=3), sample_report(2023, seed=4)))
    out.append(("2019版 全表已填、平衡", sample_report(2020, seed=5), None))
    return out


def read_every_cell(report) -> int:
    return sum(1 for ref in report.edition.cells() if report.get(ref) is not None)


def _first_call(index: int) -> float:
    """check() once in a fresh process (imports done, nothing warmed by an earlier call): seconds."""
    code = (f"import sys, time, json; sys.path.insert(0, {str(ROOT)!r})\n"
            "from bench.check_speed import cases\nfrom editor.checks import check\n"
            f"name, report, last = cases()[{index}]\n"
            "t0 = time.perf_counter(); check(report, last); print(json.dumps(time.perf_counter() - t0))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                          timeout=120)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _warm(fn, runs: int) -> tuple[float, float]:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times), times[max(0, int(runs * 0.99) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--first-runs", type=int, default=5, help="fresh processes for the first call's median")
    args = parser.parse_args()
    print(f"每种情形：首次调用取 {args.first_runs} 个新进程的中位数；热态 {args.runs} 次取中位数和 p99；"
          "基线＝逐格读取报告一遍（同一次运行中测得）")
    for i, (name, report, last) in enumerate(cases()):
        first = statistics.median(_first_call(i) for _ in range(args.first_runs))
        median, p99 = _warm(lambda r=report, la=last: check(r, la), args.runs)
        base, _ = _warm(lambda r=report: read_every_cell(r), args.runs)
        n = len(check(report, last))
        print(f"{name:<24} 首次 {first * 1e3:.3f} ms  热态中位数 {median * 1e3:.3f} ms  p99 {p99 * 1e3:.3f} ms  "
              f"基线 {base * 1e3:.3f} ms（{median / base:.1f}×）  发现 {n} 项  （目标 1 ms 的 {median / 1e-3:.0%}）")


if __name__ == "__main__":
    main()
