"""How fast the editor window is: (a) process start → window shown with a full 2021 report, as a ratio
to a bare PySide6 window started the same way (target ≤ 1.5×); (b) median time from a cell edit to the
repainted highlights (target < 16 ms); (c) the same at 1366×768 with the header rows frozen.

Run from the repository root:  python bench/gui_speed.py [--runs 7] [--edits 200] [--cold]
Both start-ups run offscreen in a fresh process; "shown" is the first turn of the event loop after
show(), reported by the child with the wall clock the parent also used just before starting it.
The machine may be shared: each figure comes with the range of the runs, the runs are interleaved, and
the children's CPU time (less sensitive to other load) is printed too. The editor runs as installed:
byte-compiled, with its edition cache filled by a first start (--cold also times starts without it).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Both children end the same way: exec() is replaced by one event-loop turn that prints the time.
_SHOWN = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
def _exec(*_a):
    QTimer.singleShot(0, lambda: (print("SHOWN", time.time(), flush=True), QApplication.instance().quit()))
    return QApplication._real_exec()
QApplication._real_exec = QApplication.exec
QApplication.exec = _exec
"""

BARE = _SHOWN + """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(1280, 860)
w.show()
app.exec()
"""

EDITOR = _SHOWN + """
import sys
from editor.cli import main
main(["{path}"])
"""


def _start(code: str, env: dict, cpu: list[float] | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:  # CPU time of the whole child (it quits right after showing): less load-sensitive
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    for line in proc.stdout.splitlines():
        if line.startswith("SHOWN"):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"child did not show a window:\n{proc.stderr}")


def _spread(values: list[float]) -> str:
    """Median with the range of the runs, in ms: the machine is shared, so one figure is not enough."""
    return f"{statistics.median(values) * 1000:.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"


def startup(runs: int, cold: bool = False) -> dict[str, list[float]]:
    from editor.io.native import write_native
    from editor.samples import sample_report

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "full-2021.gknb"
        write_native(sample_report(2024, 1), path)
        # Byte-compiled, as an installed program is (pip compiles on install); a private cache folder
        # so that the source tree stays clean even where PYTHONDONTWRITEBYTECODE is set.
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
               "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache"),
               "XDG_DATA_HOME": str(Path(tmp) / "data"), "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
               "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        env.pop("REPORT_EDITOR_CACHE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        _start(BARE, env), _start(EDITOR.format(path=path), env)  # warm the file cache
        out: dict[str, list[float]] = {"bare": [], "editor": [], "bare_cpu": [], "editor_cpu": [], "ratio": [],
                                       "cold": [], "cold_cpu": []}
        for _ in range(runs):  # interleaved, so machine load hits both alike
            out["bare"].append(_start(BARE, env, out["bare_cpu"]))
            out["editor"].append(_start(EDITOR.format(path=path), env, out["editor_cpu"]))
            out["ratio"].append(out["editor"][-1] / out["bare"][-1])
            if cold:  # the first start after installing: no edition cache yet
                shutil.rmtree(Path(tmp) / "cache", ignore_errors=True)
                out["cold"].append(_start(EDITOR.format(path=path), env, out["cold_cpu"]))
    return out


def edit_to_repaint(edits: int) -> tuple[float, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = tmp
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        from editor.checks import check
        from editor.samples import sample_report
        from editor.ui.main_window import MainWindow

        w = MainWindow(sample_report(2024, 1))
        w.show()
        view = w.show_section("requests").views[0]
        for _ in range(3):
            app.processEvents()
        view.viewport().repaint()
        painted = _count_paints(view)
        model = view.grid
        index = model.index_of(("requests", "new", "natural_person"))
        base = w.doc.report.get(("requests", "new", "natural_person"))
        times = []
        for i in range(edits):
            t0 = time.perf_counter()
            model.setData(index, str(base + (i % 2)))  # alternately breaks and restores the balance
            app.processEvents()  # runs the pending paints: the highlights are on screen when it returns
            times.append(time.perf_counter() - t0)
        check_times = []
        for _ in range(edits):
            t0 = time.perf_counter()
            check(w.doc.report)
            check_times.append(time.perf_counter() - t0)
        w.doc.undo_stack.setClean()
        w.autosaver.shutdown()
    if not painted():
        raise RuntimeError("the table was never repainted: the measurement would be meaningless")
    return statistics.median(times), statistics.median(check_times)


def edit_to_repaint_frozen(edits: int) -> tuple[float, float, float]:
    """(c) The same edit in a 1366×768 window, 表三 scrolled to its end so its header rows are frozen
    over the body; with and without the band, in the same run (median ms and the ratio)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = tmp
        os.environ["XDG_CONFIG_HOME"] = tmp
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        from editor.samples import sample_report
        from editor.ui.main_window import MainWindow

        w = MainWindow(sample_report(2024, 1))
        w.headless = True
        w.resize(1366, 768)
        w.show()
        page = w.show_section("requests")
        for _ in range(3):
            app.processEvents()
        bar = page._scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
        app.processEvents()
        view, band = page.views[0], page.frozen[0].band
        if not band.isVisible():
            raise RuntimeError("the header rows are not frozen at 1366×768: the measurement would be meaningless")
        painted = _count_paints(view)
        ref = ("requests", "results_total", "natural_person")  # 七 总计: in view below the band
        model, index = view.grid, view.grid.index_of(ref)
        base = w.doc.report.get(ref)

        def run() -> float:
            times = []
            for i in range(edits):
                t0 = time.perf_counter()
                model.setData(index, str(base + (i % 2)))
                app.processEvents()
                times.append(time.perf_counter() - t0)
            return statistics.median(times)

        frozen = run()
        band.setParent(None)  # the same window without the band
        band.deleteLater()
        page.frozen[0].band = None
        app.processEvents()
        plain = run()
        w.doc.undo_stack.setClean()
        w.autosaver.shutdown()
        if not painted():
            raise RuntimeError("the table was never repainted: the measurement would be meaningless")
    return frozen, plain, frozen / plain if plain else float("nan")


def _count_paints(view):
    """Counts paint events of the table so the bench proves the highlights really were repainted."""
    from PySide6.QtCore import QEvent, QObject

    class Counter(QObject):
        n = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                Counter.n += 1
            return False

    counter = Counter(view)
    view.viewport().installEventFilter(counter)
    return lambda: Counter.n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--cold", action="store_true", help="also time starts with an empty edition cache")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    s = startup(args.runs, args.cold)
    med = statistics.median
    print(f"(a) start → window shown, median (range) of {args.runs}: bare PySide6 window {_spread(s['bare'])}, "
          f"editor with a full 2021 report {_spread(s['editor'])}, ratio {med(s['editor']) / med(s['bare']):.2f}× "
          f"(target ≤ 1.5×); ratio of each interleaved pair {med(s['ratio']):.2f}× "
          f"({min(s['ratio']):.2f}–{max(s['ratio']):.2f}); "
          f"CPU time bare {_spread(s['bare_cpu'])}, editor {_spread(s['editor_cpu'])}, "
          f"ratio {med(s['editor_cpu']) / med(s['bare_cpu']):.2f}×")
    if s["cold"]:
        print(f"    first start (empty edition cache): {_spread(s['cold'])}, "
              f"ratio {med(s['cold']) / med(s['bare']):.2f}×; CPU {_spread(s['cold_cpu'])}")
    edit, chk = edit_to_repaint(args.edits)
    print(f"(b) cell edit → repainted highlights, median of {args.edits}: {edit * 1000:.2f} ms (target < 16 ms); "
          f"of which check(): {chk * 1000:.2f} ms")
    frozen, plain, ratio = edit_to_repaint_frozen(args.edits)
    print(f"(c) the same at 1366×768 with 表三's header rows frozen, median of {args.edits}: {frozen * 1000:.2f} ms "
          f"(target < 16 ms); without the frozen band {plain * 1000:.2f} ms, ratio {ratio:.2f}×")


if __name__ == "__main__":
    main()
