"""Batches survive anything: each file is read in a worker process under a time and a memory limit; a
file that hangs or blows up is listed as unreadable with its Chinese reason and the batch finishes; cancel
stops the file being read at once; a non-finite number never reaches a sum."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from editor.io.native import write_native
from editor.samples import sample_report
from editor.summary import PASSED, UNREADABLE, SummaryCancelled, summarize
from tests.summary_helpers import BOMB_ENV, HANG_ENV, LOG_ENV, slow_task, started


def _folder(tmp_path, names=("a.gknb", "b.gknb", "c.gknb", "挂起.gknb", "炸弹.gknb")):
    folder = tmp_path / "各单位"
    folder.mkdir()
    for i, name in enumerate(names):
        write_native(sample_report(2024, seed=i, agency=f"单位{i}"), folder / name)
    return folder


def test_a_hanging_and_a_bombing_file_are_listed_and_the_batch_finishes(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.setenv(HANG_ENV, "挂起.gknb")
    monkeypatch.setenv(BOMB_ENV, "炸弹.gknb")
    t0 = time.monotonic()
    summary = summarize([folder], jobs=2, task=slow_task, time_limit=6)
    elapsed = time.monotonic() - t0
    by_name = {u.name: u for u in summary.units}
    assert by_name["挂起.gknb"].status == UNREADABLE and "6秒" in by_name["挂起.gknb"].reason
    if sys.platform != "win32":  # RLIMIT_AS: the bomb ends in the worker's MemoryError
        assert by_name["炸弹.gknb"].status == UNREADABLE and "内存" in by_name["炸弹.gknb"].reason
    assert [by_name[n].status for n in ("a.gknb", "b.gknb", "c.gknb")] == [PASSED] * 3
    assert len(summary.accepted) == 3
    assert elapsed < 6 + 30  # the limit, plus spawning workers on a busy machine


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_on_purpose_is_unreadable_not_a_hang(tmp_path):
    folder = _folder(tmp_path, ("a.gknb",))
    fifo = tmp_path / "管道.gknb"
    os.mkfifo(fifo)
    summary = summarize([folder, fifo], jobs=1, time_limit=3)
    unit = next(u for u in summary.units if u.path == fifo)
    assert unit.status == UNREADABLE and unit.reason
    assert len(summary.accepted) == 1


def test_cancel_stops_the_file_being_read_at_once(tmp_path, monkeypatch):
    folder = _folder(tmp_path, ("挂起.gknb", "挂起2.gknb", "a.gknb"))
    log = tmp_path / "started.txt"
    monkeypatch.setenv(HANG_ENV, "挂起.gknb|挂起2.gknb")
    monkeypatch.setenv(LOG_ENV, str(log))
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    t0 = time.monotonic()
    with pytest.raises(SummaryCancelled):
        summarize([folder], jobs=2, task=slow_task, cancelled=stop.is_set)
    # Both hanging files were being read (not waited for: the limit is 20 s) and the batch stopped at once.
    assert time.monotonic() - t0 < 10
    assert {"挂起.gknb", "挂起2.gknb"} <= set(started(log))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_in_the_command_line_stops_everything(tmp_path):
    """The command line's Ctrl+C while a file hangs in its worker: exit 130 at once, nothing written."""
    import signal
    import subprocess
    from pathlib import Path

    folder = _folder(tmp_path, ("a.gknb", "挂起.gknb"))
    out = tmp_path / "汇总.xlsx"
    log = tmp_path / "started.txt"
    # The command line as installed, with the hanging test task in its workers (spawned: they import it).
    runner = tmp_path / "run_cli.py"
    root = Path(__file__).resolve().parents[1]
    runner.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "if __name__ == '__main__':\n"
        "    from editor import summary\n"
        "    from editor.cli import main\n"
        "    from tests.summary_helpers import slow_task\n"
        "    summary._task = slow_task\n"
        "    sys.exit(main(sys.argv[1:]))\n", encoding="utf-8")
    env = {**os.environ, HANG_ENV: "挂起.gknb", LOG_ENV: str(log)}
    proc = subprocess.Popen([sys.executable, str(runner), "summarize", str(folder), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 30
    while "挂起.gknb" not in started(log) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "挂起.gknb" in started(log)
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=15)
    assert time.monotonic() - t0 < 5  # not the 20 s limit: the hanging worker is killed
    assert proc.returncode == 130 and "已取消" in err and not out.exists()


def test_a_non_finite_number_never_reaches_the_sums(tmp_path):
    import json
    from decimal import Decimal

    from editor.io.native import report_to_dict
    from editor.summary import add_values

    totals: dict = {}
    add_values(totals, {("art20_8", "fees", "amount"): Decimal("1.5")})
    add_values(totals, {("art20_8", "fees", "amount"): Decimal("NaN"), ("requests", "new", "total"): 3})
    assert totals == {("art20_8", "fees", "amount"): Decimal("1.5"), ("requests", "new", "total"): 3}
    # A file carrying one: refused at load or by the batch, listed unreadable, never summed.
    good = sample_report(2024, seed=2, agency="乙局")
    write_native(good, tmp_path / "乙局.gknb")
    for i, bad in enumerate(("NaN", "Infinity", "-Infinity")):
        data = report_to_dict(sample_report(2024, seed=1, agency=f"甲局{i}"))
        data["values"]["art20_8"]["fees"]["amount"] = bad
        (tmp_path / f"甲局{i}.gknb").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    summary = summarize([tmp_path], jobs=1)
    by_name = {u.name: u for u in summary.units}
    assert all(by_name[f"甲局{i}.gknb"].status == UNREADABLE for i in range(3))
    assert [u.name for u in summary.accepted] == ["乙局.gknb"]
    assert summary.totals == good.values


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_symlink_loop_in_the_folder_is_not_walked_forever(tmp_path):
    folder = _folder(tmp_path, ("a.gknb",))
    (folder / "回环").symlink_to(folder, target_is_directory=True)
    (folder / "子").mkdir()
    (folder / "子" / "上级").symlink_to(folder, target_is_directory=True)
    summary = summarize([folder], jobs=1)
    assert [u.name for u in summary.units] == ["a.gknb"]
