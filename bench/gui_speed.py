"""How fast the editor window is: (a) process start → window shown with a full 2021 report, as a ratio
to a bare PySide6 window started the same way (target ≤ 1.5×), offscreen and under X11 (xcb; an Xvfb
server is started when there is no DISPLAY), warm (edition cache filled) and cold (the first start after
installing: no edition cache), with the very first start of the run (disk caches cold) shown too;
(b) median time from a cell edit to the repainted highlights (target < 16 ms); (c) the same at 1366×768
with the header rows frozen.

Run from the repository root:  python bench/gui_speed.py [--runs 11] [--edits 200] [--platforms offscreen,xcb]
[--other DIR] [--instructions]  (DIR: another checkout, e.g. `git archive main | tar -x -C DIR`, timed in the
same rounds; --instructions: also count the instructions each start executes, under valgrind, once each)
Every start runs in a fresh process; "shown" is the first turn of the event loop after show(), reported
by the child with the wall clock the parent also used just before starting it; "settled" two turns later,
once what the window leaves for after it shows has run (the children's CPU time includes it). The machine may be
shared: each figure is the median of the runs with their range, bare and editor runs are interleaved,
and the children's CPU time (less sensitive to other load) is printed too; with --instructions, the
instructions each child executes up to "shown" (valgrind's callgrind, hash seed fixed), which no other
load changes: of all threads (the same figure on every run of the same code), and of the main thread alone
(the editor reads the fonts' configuration and loads Qt's libraries on a second thread, ui/preload.py:
callgrind runs threads in turn, so the main thread's share moves by a few M with how far that one gets).
The editor runs as installed: byte-compiled, with its edition cache filled by a first start (cold starts
delete it before each run).
"""

from __future__ import annotations

import argparse
import contextlib
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

# Both children end the same way: exec() is replaced by event-loop turns that print the time: the first
# ("shown", the figure compared) and two turns later ("settled": what the window leaves for after it shows,
# the menus' commands, the recovery offer, a cold start's cache write, has run; the CPU time covers it). The hook
# is set when the program itself first imports PySide6.QtWidgets, not before: PySide reads the source of
# every module imported after it (to look for its __feature__ switches), so a harness that imported
# PySide6 first would add that to the editor's domain modules, which a real start imports before Qt.
_SHOWN = """
import sys
import time
from importlib.machinery import PathFinder
class _Shown:
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(cls)
        spec = PathFinder.find_spec(name, path)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            from PySide6.QtCore import QTimer
            real = module.QApplication.exec
            def _exec(*_a):
                def settled():
                    print("SETTLED", time.time(), flush=True)
                    module.QApplication.instance().quit()
                def shown():
                    print("SHOWN", time.time(), flush=True)
                    QTimer.singleShot(0, lambda: QTimer.singleShot(0, settled))
                QTimer.singleShot(0, shown)
                return real()
            module.QApplication.exec = _exec
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _Shown)
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


def _start(code: str, env: dict, cpu: list[float] | None = None, settled: list[float] | None = None) -> float:
    """Seconds from here to the child's first event-loop turn (``settled``: gets the seconds to its third);
    the child runs in the folder on its PYTHONPATH (``python -c`` puts the working folder first on sys.path)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", code], cwd=env.get("PYTHONPATH", ROOT), env=env,
                          capture_output=True, text=True,
                          timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:  # CPU time of the whole child (it quits right after showing): less load-sensitive
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    times = {line.split()[0]: float(line.split()[1]) - t0 for line in proc.stdout.splitlines()
             if line.startswith(("SHOWN", "SETTLED"))}
    if "SHOWN" not in times or "SETTLED" not in times:
        raise RuntimeError(f"child did not show a window:\n{proc.stderr}")
    if settled is not None:
        settled.append(times["SETTLED"])
    return times["SHOWN"]


def _spread(values: list[float]) -> str:
    """Median with the range of the runs, in ms: the machine is shared, so one figure is not enough."""
    return f"{statistics.median(values) * 1000:.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"


def _environment(tmp: Path, platform: str, display: str | None) -> dict[str, str]:
    # Byte-compiled, as an installed program is (pip compiles on install); a private cache folder so that
    # the source tree stays clean even where PYTHONDONTWRITEBYTECODE is set.
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "PYTHONPATH": str(ROOT),
           "PYTHONPYCACHEPREFIX": str(tmp / "pycache"),
           "XDG_DATA_HOME": str(tmp / "data"), "XDG_CONFIG_HOME": str(tmp / "config"),
           "XDG_CACHE_HOME": str(tmp / "cache")}
    env.pop("REPORT_EDITOR_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if display is not None:
        env["DISPLAY"] = display
    return env


@contextlib.contextmanager
def _sandbox(platform: str, display: str | None):
    """A private folder with a full 2021 report, the children's environment and the editor child's code."""
    from editor.io.native import write_native
    from editor.samples import sample_report

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path = tmp / "full-2021.gknb"
        write_native(sample_report(2024, 1), path)
        yield tmp, _environment(tmp, platform, display), EDITOR.format(path=path)


def startup(runs: int, platform: str, display: str | None = None, other: Path | None = None) -> dict[str, list[float]]:
    """Start times on one Qt platform: the first start of each kind, then ``runs`` interleaved rounds of
    bare window, warm editor and cold editor (edition cache deleted just before); with ``other`` (another
    checkout of the program, e.g. before a change) its warm start too, in the same rounds."""
    with _sandbox(platform, display) as (tmp, env, editor):
        out: dict[str, list[float]] = {k: [] for k in ("bare", "warm", "cold", "bare_cpu", "warm_cpu", "cold_cpu",
                                                         "warm_settled", "cold_settled", "first_bare",
                                                         "first_editor")}
        # The very first starts of the run: nothing byte-compiled yet for the editor, no edition cache.
        out["first_bare"].append(_start(BARE, env))
        out["first_editor"].append(_start(editor, env))
        other_env = None
        if other is not None:
            other_env = {**_environment(tmp / "other", platform, display), "PYTHONPATH": str(other)}
            out["other"], out["other_cpu"] = [], []
            _start(editor, other_env)  # its edition cache and byte code
        for _ in range(runs):  # interleaved, so machine load hits all three alike
            out["bare"].append(_start(BARE, env, out["bare_cpu"]))
            out["warm"].append(_start(editor, env, out["warm_cpu"], out["warm_settled"]))
            if other_env is not None:
                out["other"].append(_start(editor, other_env, out["other_cpu"]))
            shutil.rmtree(tmp / "cache", ignore_errors=True)  # the first start after installing
            out["cold"].append(_start(editor, env, out["cold_cpu"], out["cold_settled"]))
    return out


_THEN_SETTLE = "QTimer.singleShot(0, lambda: QTimer.singleShot(0, settled))"
_THEN_EXIT = "__import__('os')._exit(0)"  # counted up to "shown", the figure compared; no teardown


def _instructions(code: str, env: dict) -> tuple[int, int]:
    """The instructions one start executes, from Python's start to the window shown: of all its threads
    (callgrind's total) and of the main thread alone (the editor loads the fonts' configuration and Qt's
    libraries on a second thread meanwhile: ui/preload.py)."""
    if _THEN_SETTLE not in code:
        raise RuntimeError("the child's code changed: it must stop where the window is shown")
    code = code.replace(_THEN_SETTLE, _THEN_EXIT)
    env = {**env, "PYTHONHASHSEED": "0"}  # str hashing decides dict layouts: fixed, the count repeats exactly
    with tempfile.TemporaryDirectory() as out:
        command = ["valgrind", "--tool=callgrind", "--separate-threads=yes",
                   f"--callgrind-out-file={out}/cg.out", sys.executable, "-c", code]
        proc = subprocess.run(command, cwd=env.get("PYTHONPATH", ROOT), env=env, capture_output=True, text=True,
                              timeout=600)
        found = [line.split("Collected :")[1] for line in proc.stderr.splitlines() if "Collected :" in line]
        main = _thread_total(Path(out, "cg.out-01"))
    if proc.returncode != 0 or not found or main is None:
        raise RuntimeError(f"valgrind did not count the start:\n{proc.stderr[-2000:]}")
    return int(found[-1]), main


def _thread_total(path: Path) -> int | None:
    """The instructions in one thread's callgrind file (its "totals:" or "summary:" line)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(("totals:", "summary:")):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def instructions(platform: str, display: str | None = None, other: Path | None = None) -> dict[str, int]:
    """Instructions of one start of each kind (bare, warm, cold, and the other checkout warm), each up to
    the first event-loop turn after the window shows."""
    with _sandbox(platform, display) as (tmp, env, editor):
        _start(editor, env)  # byte code and edition cache, as for the timed starts
        counted = {"bare": _instructions(BARE, env), "warm": _instructions(editor, env)}
        if other is not None:
            other_env = {**_environment(tmp / "other", platform, display), "PYTHONPATH": str(other)}
            _start(editor, other_env)
            counted["other"] = _instructions(editor, other_env)
        shutil.rmtree(tmp / "cache", ignore_errors=True)
        counted["cold"] = _instructions(editor, env)
    out = {kind: total for kind, (total, _main) in counted.items()}
    out.update({f"{kind}_main": main for kind, (_total, main) in counted.items()})
    return out


def print_instructions(platform: str, n: dict[str, int]) -> None:
    bare = n["bare"]

    def kind(k: str) -> str:
        main = n[f"{k}_main"]
        return (f"{n[k] / 1e6:.0f} M ({n[k] / bare:.3f}×; main thread {main / 1e6:.0f} M, "
                f"{main / n['bare_main']:.3f}×)")

    line = (f"    instructions to shown (valgrind, one start each; all threads, and the main thread alone): "
            f"bare {bare / 1e6:.0f} M; editor warm {kind('warm')}, cold {kind('cold')}")
    if "other" in n:
        line += f"; the other checkout, warm {kind('other')}"
    print(line)


def _xvfb() -> tuple[str | None, subprocess.Popen | None]:
    """The X display to use: $DISPLAY, else a private Xvfb at 1366×768 (None when neither exists)."""
    if os.environ.get("DISPLAY"):
        return os.environ["DISPLAY"], None
    if shutil.which("Xvfb") is None:
        return None, None
    proc = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    number = proc.stdout.readline().strip()
    if not number.isdigit():
        proc.kill()
        return None, None
    return f":{number}", proc


def print_startup(platform: str, runs: int, s: dict[str, list[float]]) -> None:
    med = statistics.median
    bare = med(s["bare"])
    print(f"(a) {platform}: start → window shown, median (range) of {runs}: bare PySide6 window {_spread(s['bare'])}; "
          f"editor with a full 2021 report warm {_spread(s['warm'])}, ratio {med(s['warm']) / bare:.2f}×; "
          f"cold (no edition cache) {_spread(s['cold'])}, ratio {med(s['cold']) / bare:.2f}× (target ≤ 1.5×)")
    print(f"    CPU time: bare {_spread(s['bare_cpu'])}, editor warm {_spread(s['warm_cpu'])} "
          f"({med(s['warm_cpu']) / med(s['bare_cpu']):.2f}×), cold {_spread(s['cold_cpu'])} "
          f"({med(s['cold_cpu']) / med(s['bare_cpu']):.2f}×); first start of the run: bare "
          f"{s['first_bare'][0] * 1000:.0f} ms, editor {s['first_editor'][0] * 1000:.0f} ms "
          f"({s['first_editor'][0] / s['first_bare'][0]:.2f}×)")
    print(f"    settled (two turns later: menus filled, recovery offered, a cold start's cache written): warm "
          f"{_spread(s['warm_settled'])}, cold {_spread(s['cold_settled'])}")
    if s.get("other"):
        print(f"    the other checkout, warm: {_spread(s['other'])}, ratio {med(s['other']) / bare:.2f}×; "
              f"CPU {_spread(s['other_cpu'])} ({med(s['other_cpu']) / med(s['bare_cpu']):.2f}×)")


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
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--platforms", default="offscreen,xcb", help="Qt platforms to start on, comma-separated")
    parser.add_argument("--other", type=Path, help="another checkout of the program to time alongside (warm)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each start's instructions under valgrind (deterministic; ~1 min)")
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind")
    sys.path.insert(0, str(ROOT))
    for platform in args.platforms.split(","):
        if platform != "xcb":
            print_startup(platform, args.runs, startup(args.runs, platform, other=args.other))
            if args.instructions:
                print_instructions(platform, instructions(platform, other=args.other))
            continue
        display, server = _xvfb()
        if display is None:
            print("(a) xcb: skipped (no DISPLAY and no Xvfb)")
            continue
        try:
            print_startup(f"xcb (DISPLAY={display})", args.runs, startup(args.runs, "xcb", display, args.other))
            if args.instructions:
                print_instructions("xcb", instructions("xcb", display, args.other))
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=10)
    edit, chk = edit_to_repaint(args.edits)
    print(f"(b) cell edit → repainted highlights, median of {args.edits}: {edit * 1000:.2f} ms (target < 16 ms); "
          f"of which check(): {chk * 1000:.2f} ms")
    frozen, plain, ratio = edit_to_repaint_frozen(args.edits)
    print(f"(c) the same at 1366×768 with 表三's header rows frozen, median of {args.edits}: {frozen * 1000:.2f} ms "
          f"(target < 16 ms); without the frozen band {plain * 1000:.2f} ms, ratio {ratio:.2f}×")


if __name__ == "__main__":
    main()
