"""Import speed and accuracy on the real files: median time per file and format, and cells matched per file.

Run from the repository root:  GKNB_SHARED=/work/shared python bench/import_speed.py [repeats]
Targets (issue 11): text < 20 ms, a 6-page PDF < 30 ms, DOCX/XLSX < 50 ms (warm median).

PDFs are read many times (at least 20: their median moves with the machine's load) and compared, in the
same run, with the old path (pypdf's text through the same recognizer) where pypdf is installed.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from editor.io.docx.foreign import read_foreign_docx
from editor.io.formats import read_any
from editor.io.text.html_page import read_html
from editor.io.xlsx.foreign import read_foreign_xlsx
from editor.samples import sample_report

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GKNB_SHARED", ROOT.parent / "shared"))


def _timed(path: Path, repeats: int, reader=None):
    # The blank template is someone else's Word file: read by the foreign reader whatever docx_import does.
    reader = reader or (read_foreign_docx if path.suffix == ".docx" else read_any)
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = reader(path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times[0], result


def _pypdf_baseline(path: Path):
    """The reader before PDFium: pypdf's row-by-row text through the text path of the same recognizer."""
    import logging

    import pypdf

    from editor.io.recognize import recognize_lines
    from editor.io.recognize.lines import from_text

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)
    return recognize_lines(from_text(text)[0], True, path.name)


def _pdf_figures(path: Path, runs: int) -> str:
    from editor.io.pdf.importer import pdf_lines

    data = path.read_bytes()
    lines_median, _, _ = _timed(path, runs, lambda _p: pdf_lines(data, path.name))
    try:
        import pypdf  # noqa: F401
    except ImportError:
        return f"PDFium 取字与版面 {lines_median * 1000:.1f} ms（未装 pypdf，无旧方法对照）"
    old_median, old_first, _ = _timed(path, max(5, runs // 4), _pypdf_baseline)
    new_median, _, _ = _timed(path, runs, read_any)
    return (f"PDFium 取字与版面 {lines_median * 1000:.1f} ms；旧方法 pypdf {old_median * 1000:.1f} ms"
            f"（首次 {old_first * 1000:.1f} ms），PDFium 快 {old_median / new_median:.1f} 倍")


def _accuracy(result, expected: dict) -> tuple[int, int]:
    ok = total = 0
    for table, rows in expected["values"].items():
        for row, cols in rows.items():
            for col, v in cols.items():
                total += 1
                want = None if v is None else Decimal(v) if isinstance(v, str) else v
                got = result.report.values.get((table, row, col))
                ok += got == want and (got is None) == (want is None)
    meta = (result.report.edition_id == expected["edition"] and result.report.meta.agency == expected["meta"]["agency"]
            and result.report.meta.year == expected["meta"]["year"])
    return ok + meta, total + 1


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    files = []
    for folder in ("seeds", "realdata"):
        d = SHARED / folder
        if d.is_dir():
            files += sorted(p for p in d.iterdir() if p.suffix in (".txt", ".pdf", ".docx"))
    if not files:
        print(f"没有找到真实文件（{SHARED}）")
    by_format: dict[str, list[float]] = {}
    print(f"{'文件':<34}{'格式':<14}{'中位耗时':>8}{'首次':>10}   准确率（单元格＋版本/单位/年度）")
    for p in files:
        fmt = p.name.split(".", 1)[1]
        pdf_runs = max(20, repeats * 4)
        median, first, result = _timed(p, repeats if p.suffix != ".pdf" else pdf_runs)
        by_format.setdefault(fmt, []).append(median)
        stem = p.name.split(".")[0]
        exp_path = p.parent / f"{stem}.expected.json"
        if exp_path.exists():
            ok, total = _accuracy(result, json.loads(exp_path.read_text(encoding="utf-8")))
            acc = f"{ok}/{total} = {ok / total:.1%}"
        else:
            acc = f"空白模板：{len(result.report.values)} 个值，版本 {result.report.edition_id}"
        print(f"{p.name:<34}{fmt:<14}{median * 1000:>8.1f} ms{first * 1000:>9.1f} ms   {acc}")
        if p.suffix == ".pdf":
            print(f"{'':<48}{_pdf_figures(p, pdf_runs)}")
    # Our own quirky files, for the formats the real data has none of.
    sys.path.insert(0, str(ROOT))
    from tests.import_quirks import quirky_docx, quirky_html, quirky_xlsx

    src = sample_report(2023, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        made = [("html", Path(tmp) / "r.html", read_html),
                ("docx(foreign)", Path(tmp) / "r.docx", read_foreign_docx),
                ("xlsx(foreign)", Path(tmp) / "r.xlsx", read_foreign_xlsx)]
        made[0][1].write_text(quirky_html(src), encoding="utf-8")
        quirky_docx(src, made[1][1], subtotal=True)
        quirky_xlsx(src, made[2][1])
        for fmt, p, reader in made:
            median, first, res = _timed(p, repeats, reader)
            same = sum(res.report.values.get(k) == v for k, v in src.values.items())
            by_format.setdefault(fmt, []).append(median)
            print(f"{'样例 ' + p.name:<34}{fmt:<14}{median * 1000:>8.1f} ms{first * 1000:>9.1f} ms   "
                  f"{same}/{len(src.values)} = {same / len(src.values):.1%}")
    print()
    print("各格式中位耗时：")
    for fmt, ts in by_format.items():
        print(f"  {fmt:<14}{statistics.median(ts) * 1000:8.1f} ms（{len(ts)} 个文件）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
