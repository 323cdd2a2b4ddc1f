"""Every hostile kind (tests/hostile_files.py) through the one loader (editor.io.load.load) and through
``summarize``, each in a worker process capped at 1 GB of address space and 10 s: a clean Chinese refusal
or a good report, never a traceback, a hang or a memory blow-up."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile_files import Case, make_all, pdf_content_bomb

MEMORY_CAP = 1 << 30
TIME_CAP = 10.0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero and RLIMIT_AS are POSIX")

# The worker reads one path per line and answers one JSON line per path.
WORKER = r"""
import json, sys, traceback
from editor.io.load import load
from editor.io.native import ReportFileError
import re
from editor.value_limits import number_problem, _BAD_CHARS
print("ready", flush=True)
for line in sys.stdin:
    path = line.rstrip("\n")
    try:
        result = load(path)
        r = result.report
        bad = [str(ref) for ref, v in r.values.items() if number_problem(v)]
        texts = [r.meta.agency, r.meta.title, *r.texts.values()]
        dirty = any(re.search(_BAD_CHARS, t) for t in texts)
        out = {"outcome": "read", "bad_numbers": bad, "dirty_text": dirty,
               "log": [e.message for e in result.log]}
    except ReportFileError as exc:
        out = {"outcome": "refused", "message": str(exc)}
    except MemoryError:
        out = {"outcome": "memory"}
    except BaseException as exc:
        out = {"outcome": "crash", "message": "".join(traceback.format_exception(exc))[-3000:]}
    print(json.dumps(out, ensure_ascii=False), flush=True)
"""


def _cap() -> None:
    import resource  # POSIX only (the module is skipped on Windows)

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


class _Worker:
    def __init__(self) -> None:
        env = {**os.environ, "REPORT_EDITOR_CACHE": ""}
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, encoding="utf-8", preexec_fn=_cap,
                                     cwd=Path(__file__).resolve().parents[1], env=env)
        assert self._line(60) == "ready"

    def _line(self, timeout: float) -> str | None:
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            return None
        line = self.proc.stdout.readline()
        return line.rstrip("\n") if line else None

    def ask(self, path: Path) -> tuple[dict, float]:
        start = time.monotonic()
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        line = self._line(TIME_CAP)
        took = time.monotonic() - start
        if line is None:
            dead = self.proc.poll() is not None
            self.close()
            return {"outcome": "died" if dead else "hang"}, took
        return json.loads(line), took

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def _judge(case: Case, got: dict) -> str | None:
    """Why the outcome is wrong, or None."""
    outcome = got["outcome"]
    if outcome in ("hang", "died", "memory", "crash"):
        return f"{outcome}: {got.get('message', '')}"
    if outcome == "refused":
        message = got["message"]
        if not any("\u4e00" <= ch <= "\u9fff" for ch in message):
            return f"refusal not in Chinese: {message}"
        if "Traceback" in message:
            return f"traceback in the message: {message}"
        if case.expect == "read":
            return f"refused, should be read: {message}"
        if case.word and case.word not in message:
            return f"message lacks “{case.word}”: {message}"
        return None
    if got["bad_numbers"] or got["dirty_text"]:
        return f"read with bad numbers {got['bad_numbers']} or dirty text"
    if case.expect == "refused":
        return "read, should be refused"
    if case.word and not any(case.word in m for m in got["log"]):
        return f"no log entry with “{case.word}”: {got['log']}"
    return None


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> list[Case]:
    return make_all(tmp_path_factory.mktemp("hostile"))


def test_every_hostile_file_is_refused_cleanly_or_read(hostile: list[Case]) -> None:
    worker = _Worker()
    table, wrong = [], []
    try:
        for case in hostile:
            got, took = worker.ask(case.path)
            if got["outcome"] in ("hang", "died"):
                worker = _Worker()
            problem = _judge(case, got)
            shown = got.get("message", "")[:70] if got["outcome"] == "refused" else got["outcome"]
            table.append(f"{case.name:45} {got['outcome']:8} {took:5.2f}s  {shown}")
            if problem:
                wrong.append(f"{case.name}: {problem}")
    finally:
        worker.close()
    print("\n".join(table))
    assert not wrong, "\n".join(wrong)


def test_summarize_finishes_a_folder_of_hostile_files(hostile: list[Case], tmp_path: Path) -> None:
    """One good report among every hostile kind: the batch ends, lists the good one, under the caps."""
    from editor.io.formats import write_any
    from editor.samples import sample_report

    folder = hostile[0].path.parent
    good = tmp_path / "good" / "某某局.gknb"
    good.parent.mkdir()
    write_any(sample_report(2023, seed=5, agency="某某局"), good)
    out = tmp_path / "汇总.xlsx"
    env = {**os.environ, "REPORT_EDITOR_CACHE": "", "REPORT_EDITOR_LOG_DIR": str(tmp_path / "logs")}
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "editor", "summarize", str(folder), str(good.parent), "-o", str(out),
                           "--year", "2023", "--jobs", "1"],
                          capture_output=True, text=True, encoding="utf-8", preexec_fn=_cap, timeout=120,
                          env=env, cwd=Path(__file__).resolve().parents[1])
    took = time.monotonic() - started
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr[-2000:])
    assert out.exists()
    import openpyxl

    wb = openpyxl.load_workbook(out, read_only=True)
    cells = {str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v}
    totals = [v for row in wb["汇总"].iter_rows(values_only=True) for v in row
              if isinstance(v, (int, float)) and not isinstance(v, bool)]
    wb.close()
    assert any("某某局" in c for c in cells)
    # the NaN, 1e400 and 4,300-digit reports in the folder are listed unreadable, not summed into blanks
    assert totals and all(t == t and abs(t) < 1e15 for t in totals) and sum(totals) > 0
    assert took < 10 * len(hostile)


def test_pdf_content_bomb_within_the_caps(tmp_path: Path) -> None:
    case = pdf_content_bomb(tmp_path)
    worker = _Worker()
    try:
        got, took = worker.ask(case.path)
    finally:
        worker.close()
    assert _judge(case, got) is None, (got, took)
