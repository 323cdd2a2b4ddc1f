"""Time and peak memory of `report-editor summarize` over 1,000 varied reports, with 1 and 2 workers.

Run: python bench/summary_speed.py [N]
Targets on a 2-core machine: 1,000 native reports < 10 s, peak memory < 300 MB.
Makes N reports of both editions (2020 and 2024), as native files, and a mixed folder where every tenth
is an exported DOCX and every tenth an XLSX (when those exporters are present).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_reports(folder: Path, n: int, mixed: bool) -> dict[str, int]:
    from editor.io.formats import write_any
    from editor.io.native import write_native
    from editor.samples import sample_report

    counts: dict[str, int] = {}
    for i in range(n):
        year = 2024 if i % 4 else 2020  # a quarter of another year and edition: listed apart
        report = sample_report(year, seed=i, agency=f"测试单位{i:04d}")
        ext = ".gknb"
        if mixed and i % 10 == 3:
            ext = ".docx"
        elif mixed and i % 10 == 7:
            ext = ".xlsx"
        path = folder / f"{i // 100:02d}" / f"单位{i:04d}{ext}"
        path.parent.mkdir(exist_ok=True)
        try:
            write_any(report, path) if ext != ".gknb" else write_native(report, path, backup=False)
        except Exception:  # an exporter not in this build: fall back to native
            ext = ".gknb"
            write_native(report, path.with_suffix(ext), backup=False)
        counts[ext] = counts.get(ext, 0) + 1
    return counts


def measure_child(folder: str, jobs: int) -> None:
    """Runs in a fresh process: summarize, then print wall time and peak memory as JSON."""
    from editor.summary import summarize

    t0 = time.perf_counter()
    summary = summarize([folder], year=2024, jobs=jobs)
    elapsed = time.perf_counter() - t0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "main_mb": own, "worker_mb": children,
                      "units": len(summary.units), "accepted": len(summary.accepted)}))


def run(folder: Path, jobs: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(folder), str(jobs)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        for label, mixed in (("原生 .gknb", False), ("混合（.gknb/.docx/.xlsx）", True)):
            folder = Path(tmp) / ("mixed" if mixed else "native")
            folder.mkdir()
            t0 = time.perf_counter()
            counts = make_reports(folder, n, mixed)
            print(f"{label}：生成 {n} 份报告 {counts}，用时 {time.perf_counter() - t0:.1f} s")
            base = None
            for jobs in (1, 2):
                r = run(folder, jobs)
                base = base or r["seconds"]
                print(f"  {jobs} 个进程：{r['seconds']:.2f} s（{n / r['seconds']:.0f} 份/秒，相对1进程 "
                      f"{base / r['seconds']:.2f}×），主进程峰值 {r['main_mb']:.0f} MB，"
                      f"工作进程峰值 {r['worker_mb']:.0f} MB；计入合计 {r['accepted']}/{r['units']}")
    print("目标：1000 份原生报告 < 10 s，峰值内存 < 300 MB")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        measure_child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
