"""How long the loader takes on each hostile kind (tests/hostile_files.py), against a good report of the
same extension measured in the same run (first call and warm median), and what the zip guard's
streamed check costs on a good DOCX/XLSX.

Run: python bench/hostile_speed.py   (target: every hostile kind within a few times its baseline)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from editor.io.formats import write_any  # noqa: E402
from editor.io.load import load  # noqa: E402
from editor.io.native import ReportFileError  # noqa: E402
from editor.io.zip_guard import office_bytes  # noqa: E402
from editor.samples import sample_report  # noqa: E402
from tests.hostile_files import make_all  # noqa: E402

RUNS = 5


def timed(fn) -> tuple[float, float, str]:
    """(first call ms, warm median ms, outcome)."""
    def once() -> tuple[float, str]:
        t0 = time.perf_counter()
        try:
            fn()
            outcome = "read"
        except ReportFileError:
            outcome = "refused"
        return (time.perf_counter() - t0) * 1e3, outcome

    first, outcome = once()
    warm = statistics.median(once()[0] for _ in range(RUNS))
    return first, warm, outcome


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="hostile-bench-"))
    cases = make_all(folder / "cases")
    base_dir = folder / "good"
    base_dir.mkdir()
    report = sample_report(2023, seed=5)
    baselines: dict[str, float] = {}
    print(f"{'baseline (good report)':48} {'first':>8} {'warm':>8}")
    for ext in (".gknb", ".docx", ".xlsx"):
        path = base_dir / f"good{ext}"
        write_any(report, path)
        first, warm, _ = timed(lambda p=path: load(str(p)))
        baselines[ext] = warm
        print(f"{ext:48} {first:7.1f}ms {warm:7.1f}ms")
    for ext, kind in ((".docx", "Word"), (".xlsx", "Excel")):
        path = base_dir / f"good{ext}"
        first, warm, _ = timed(lambda p=path, k=kind: office_bytes(p, k))
        print(f"{'zip guard alone on good' + ext:48} {first:7.1f}ms {warm:7.1f}ms "
              f"({warm / baselines[ext]:.0%} of the whole load)")
    print()
    print(f"{'hostile kind':48} {'outcome':8} {'first':>8} {'warm':>8} {'× baseline':>10}")
    for case in cases:
        ext = case.path.suffix
        first, warm, outcome = timed(lambda p=case.path: load(str(p)))
        base = baselines.get(ext)
        ratio = f"{warm / base:9.1f}×" if base else "        –"
        print(f"{case.name[:48]:48} {outcome:8} {first:7.1f}ms {warm:7.1f}ms {ratio}")


if __name__ == "__main__":
    main()
