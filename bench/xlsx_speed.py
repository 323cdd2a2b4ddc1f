"""Median time to export a full report to .xlsx and to read it back, for both editions.

Run from the repository root: python bench/xlsx_speed.py [rounds]. Target (issue 4): each well under 0.5 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from editor.io.native import report_to_dict
from editor.io.xlsx.export import write_xlsx
from editor.io.xlsx.importer import read_xlsx
from editor.samples import sample_report

TARGET = 0.5


def _median(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as tmp:
        for year in (2020, 2024):
            report = sample_report(year, seed=1)
            path = Path(tmp) / f"{year}.xlsx"
            write_xlsx(report, path, blank_as_zero=False)  # warm-up (imports)
            assert report_to_dict(read_xlsx(path).report) == report_to_dict(report)
            export = _median(lambda r=report, p=path: write_xlsx(r, p, blank_as_zero=False), rounds)
            read = _median(lambda p=path: read_xlsx(p), rounds)
            size = path.stat().st_size
            print(f"{report.edition.name}: 导出 {export * 1000:.0f} ms（目标的 {export / TARGET:.0%}），"
                  f"读回 {read * 1000:.0f} ms（目标的 {read / TARGET:.0%}），"
                  f"文件 {size / 1024:.0f} KB，{rounds} 次中位数")


if __name__ == "__main__":
    main()
