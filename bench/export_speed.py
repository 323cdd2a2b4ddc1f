"""Time each export and each read-back of a full report (target: each well under 0.5 s; the PDF of a busy
report under 0.3 s).

    python bench/export_speed.py [N]      (default N = 30 runs per figure)

Prints the first call (imports, caches, Qt's font database: what a user waits for the first time),
median and p99 in milliseconds per operation, the ratio to the target, and for PDF the ratio to the DOCX
export measured in the same run. XLSX figures appear when the XLSX modules are present in this build.
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
PDF_TARGET_S = 0.3


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    t0 = time.perf_counter()
    fn()  # the first call: imports and caches
    first = time.perf_counter() - t0
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    return first, statistics.median(samples), p99


def _row(label: str, first: float, median: float, p99: float, target: float = TARGET_S) -> float:
    print(f"{label:<34} first {first * 1000:7.1f} ms   median {median * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms"
          f"   {median / target:5.1%} of the {target} s target")
    return median


def _busy(year: int):
    """A full report with long prose in every section: the most a report prints."""
    report = sample_report(year, agency="某某市某某区人民政府")
    for key in ("preamble", "overview", "problems", "other"):
        report.texts[key] = "\n".join([report.text(key)] + [
            f"（{n}）第{n}项工作。" + "本年度持续推进政府信息公开标准化规范化建设，完善主动公开目录，"
            "加强政策解读与回应关切，依法依规办理政府信息公开申请。" * 4 for n in "二三四五六"])
    return report


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
        _pdf(Path(tmp), runs)
    if not has_xlsx:
        print("\nXLSX: editor.io.xlsx.export is absent in this build, not timed")
    elif not has_xlsx_import:
        print("\nXLSX read-back: editor.io.xlsx.importer is absent in this build, not timed")
    return 0


def _pdf(tmp: Path, runs: int) -> None:
    """PDF through Qt (offscreen), against the DOCX export of the same busy report in the same run."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.perf_counter()
    from editor.ui.printing.pdf import ensure_gui_application, write_pdf

    ensure_gui_application()
    print(f"\nPDF (Qt, no office suite; QGuiApplication and imports {1000 * (time.perf_counter() - t0):.0f} ms)")
    for year in (2024, 2020):
        report = _busy(year)
        docx = _time(lambda r=report, p=tmp / f"b{year}.docx": write_any(r, p), runs)
        _row(f"busy {year}: DOCX export", *docx)
        pdf = _time(lambda r=report, p=tmp / f"b{year}.pdf": write_pdf(r, p), runs)
        _row(f"busy {year}: PDF export (write_pdf)", *pdf, target=PDF_TARGET_S)
        print(f"{'':<34} PDF/DOCX median ratio {pdf[1] / docx[1]:.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
