"""Time each export and each read-back of a full report (target: each well under 0.5 s).

    python bench/export_speed.py [N]      (default N = 30 runs per figure)

Prints median and p99 in milliseconds per operation and the ratio to the 0.5 s target. XLSX figures
appear when the XLSX modules are present in this build.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from editor.io.formats import read_any, write_any
from editor.samples import sample_report

TARGET_S = 0.5


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm-up: imports and caches are not what we measure
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    return statistics.median(samples), p99


def _row(label: str, median: float, p99: float) -> None:
    print(f"{label:<34} median {median * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms   "
          f"{median / TARGET_S:5.1%} of the 0.5 s target")


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    has_xlsx = importlib.util.find_spec("editor.io.xlsx.export") is not None
    has_xlsx_import = importlib.util.find_spec("editor.io.xlsx.importer") is not None
    print(f"{runs} runs per figure, full sample reports (every cell filled, prose in every section)")
    with tempfile.TemporaryDirectory() as tmp:
        for year in (2024, 2020):
            report = sample_report(year)
            ed = report.edition
            print(f"\n{ed.name}（{year}年，{len(ed.cells())}个单元格）")
            docx_path = Path(tmp) / f"r{year}.docx"
            _row("DOCX export (write_docx)", *_time(lambda r=report, p=docx_path: write_any(r, p), runs))
            size = docx_path.stat().st_size
            _row("DOCX read-back (read_docx)", *_time(lambda p=docx_path: read_any(p), runs))
            print(f"{'':<34} file size {size / 1024:.0f} KB")
            if has_xlsx:
                xlsx_path = Path(tmp) / f"r{year}.xlsx"
                _row("XLSX export (write_any)", *_time(lambda r=report, p=xlsx_path: write_any(r, p), runs))
                if has_xlsx_import:
                    _row("XLSX read-back (read_any)", *_time(lambda p=xlsx_path: read_any(p), runs))
    if not has_xlsx:
        print("\nXLSX: editor.io.xlsx.export is absent in this build, not timed")
    elif not has_xlsx_import:
        print("\nXLSX read-back: editor.io.xlsx.importer is absent in this build, not timed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
