"""Time to export a full report to .xlsx and to read it back, for both editions: the first call of a
fresh process and the warm median, against a baseline measured in the same run (openpyxl alone writing
and reading a plain workbook with the same numbers: what any .xlsx export and import costs at least).

Run from the repository root: python bench/xlsx_speed.py [--rounds 21] [--first-runs 3].
Target (issue 4): each well under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from editor.io.native import report_to_dict  # noqa: E402
from editor.io.xlsx.export import write_xlsx  # noqa: E402
from editor.io.xlsx.importer import read_xlsx  # noqa: E402
from editor.samples import sample_report  # noqa: E402

TARGET = 0.5

_FIRST = """
import json, sys, time
sys.path.insert(0, {root!r})
from editor.samples import sample_report
report = sample_report({year}, seed=1)
t0 = time.perf_counter()
from editor.io.xlsx.export import write_xlsx
write_xlsx(report, {path!r}, blank_as_zero=False)
t1 = time.perf_counter()
from editor.io.xlsx.importer import read_xlsx
read_xlsx({path!r})
t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1]))
"""


def _median(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _first_calls(year: int, path: Path, runs: int) -> tuple[float, float]:
    """Export then read in a fresh process (the module imports included, as a user's first export):
    the medians over ``runs`` processes."""
    got = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", _FIRST.format(root=str(ROOT), year=year, path=str(path))],
                              cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)
        got.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(g[0] for g in got), statistics.median(g[1] for g in got)


def _plain_write(report, path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, (_ref, value) in enumerate(sorted(report.values.items())):
        ws.cell(row=i // 10 + 1, column=i % 10 + 1, value=float(value))
    wb.save(path)


def _plain_read(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rounds_pos", nargs="?", type=int, help=argparse.SUPPRESS)  # old form: xlsx_speed.py 15
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--first-runs", type=int, default=3)
    args = parser.parse_args()
    rounds = args.rounds_pos or args.rounds
    with tempfile.TemporaryDirectory() as tmp:
        for year in (2020, 2024):
            report = sample_report(year, seed=1)
            path = Path(tmp) / f"{year}.xlsx"
            plain = Path(tmp) / f"{year}-plain.xlsx"
            first_export, first_read = _first_calls(year, Path(tmp) / f"{year}-first.xlsx", args.first_runs)
            write_xlsx(report, path, blank_as_zero=False)  # warm-up (imports)
            assert report_to_dict(read_xlsx(path).report) == report_to_dict(report)
            export = _median(lambda r=report, p=path: write_xlsx(r, p, blank_as_zero=False), rounds)
            read = _median(lambda p=path: read_xlsx(p), rounds)
            _plain_write(report, plain)
            base_write = _median(lambda r=report, p=plain: _plain_write(r, p), rounds)
            base_read = _median(lambda p=plain: _plain_read(p), rounds)
            size = path.stat().st_size
            print(f"{report.edition.name}: 导出 首次 {first_export * 1000:.0f} ms、热态 {export * 1000:.0f} ms"
                  f"（目标的 {export / TARGET:.0%}；openpyxl 写同样的数 {base_write * 1000:.0f} ms，"
                  f"{export / base_write:.1f}×）；读回 首次 {first_read * 1000:.0f} ms、热态 {read * 1000:.0f} ms"
                  f"（目标的 {read / TARGET:.0%}；openpyxl 读 {base_read * 1000:.0f} ms，{read / base_read:.1f}×）；"
                  f"文件 {size / 1024:.0f} KB；热态为 {rounds} 次中位数，首次为 {args.first_runs} 个新进程的中位数")


if __name__ == "__main__":
    main()
