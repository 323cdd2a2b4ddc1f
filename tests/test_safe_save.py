"""Saving loses nothing and writes nowhere else (editor.io.safe_save through every writer)."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from editor.io import safe_save
from editor.io.formats import write_any
from editor.io.load import load
from editor.io.native import ReportFileError, read_native, write_native
from editor.samples import sample_report

posix = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and modes")


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@posix
def test_planted_bak_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    folder = tmp_path / "shared"
    folder.mkdir()
    target = folder / "报告.gknb"
    write_native(sample_report(2023, seed=1), target)
    (folder / "报告.gknb.bak").symlink_to(outside)
    write_native(sample_report(2023, seed=2), target)
    assert outside.read_text(encoding="utf-8") == "precious"
    bak = folder / "报告.gknb.bak"
    assert not bak.is_symlink() and bak.is_file()
    assert read_native(bak).values == sample_report(2023, seed=1).values  # the previous version, whole
    assert read_native(target).values == sample_report(2023, seed=2).values


@posix
@pytest.mark.parametrize("ext", [".gknb", ".docx", ".xlsx"])
def test_save_keeps_the_file_mode(tmp_path: Path, ext: str) -> None:
    target = tmp_path / f"r{ext}"
    write_any(sample_report(2023, seed=1), target)
    os.chmod(target, 0o664)
    write_any(sample_report(2023, seed=2), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


@posix
def test_new_file_gets_the_umask_mode_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "new.gknb"
        write_native(sample_report(2023, seed=1), target)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_245_byte_name_saves_with_its_backup(tmp_path: Path) -> None:
    name = "报" * 80 + ".gknb"
    assert len(name.encode()) == 245
    target = tmp_path / name
    write_native(sample_report(2023, seed=1), target)
    write_native(sample_report(2023, seed=2), target)
    assert load(str(target)).report.values == sample_report(2023, seed=2).values
    assert (tmp_path / (name + ".bak")).exists()
    assert _temps(tmp_path) == []


def test_a_name_at_the_limit_gets_a_shortened_backup(tmp_path: Path) -> None:
    name = "r" * 250 + ".gknb"  # 255 bytes: "<name>.bak" would be 259
    target = tmp_path / name
    write_native(sample_report(2023, seed=1), target)
    write_native(sample_report(2023, seed=2), target)
    baks = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert len(baks) == 1 and len(baks[0].name.encode()) <= 255
    assert read_native(baks[0]).values == sample_report(2023, seed=1).values


def test_temp_removed_when_the_rename_fails(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "r.gknb"
    write_native(sample_report(2023, seed=1), target)
    before = target.read_bytes()

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_save.os, "replace", broken)
    with pytest.raises(OSError):
        write_native(sample_report(2023, seed=2), target)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert _temps(tmp_path) == []


def test_temp_removed_when_writing_fails(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "r.gknb"

    def broken(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_save.os, "write", broken)
    with pytest.raises(OSError):
        write_native(sample_report(2023, seed=2), target)
    monkeypatch.undo()
    assert not target.exists()
    assert _temps(tmp_path) == []


def test_stale_temps_of_a_crash_are_cleaned_at_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "r.gknb"
    stale_ours = tmp_path / safe_save.temp_name(target)
    stale_old_style = tmp_path / ".r.gknb.abc123.tmp"  # what earlier versions left
    young = tmp_path / safe_save.temp_name(target)  # another save of the same file right now
    other = tmp_path / safe_save.temp_name(tmp_path / "other.gknb")  # a different file's
    for p in (stale_ours, stale_old_style, young, other):
        p.write_bytes(b"x" * 100)
    old = time.time() - 3600
    for p in (stale_ours, stale_old_style, other):
        os.utime(p, (old, old))
    write_native(sample_report(2023, seed=1), target)
    left = set(_temps(tmp_path))
    assert stale_ours.name not in left and stale_old_style.name not in left
    assert young.name in left and other.name in left


def test_a_nan_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    from decimal import Decimal

    report = sample_report(2023, seed=1)
    ref = next(iter(report.values))
    report.values[ref] = Decimal("NaN")
    target = tmp_path / "r.gknb"
    with pytest.raises(ReportFileError, match="有限"):
        write_native(report, target)
    assert list(tmp_path.iterdir()) == []


SAVER = r"""
import sys
from editor.io.native import write_native
from editor.samples import sample_report
reports = [sample_report(2023, seed=s) for s in range(3)]
for t in reports:  # make the report big enough that a kill often lands inside a write
    t.texts[t.edition.text_sections()[1].id] = "某" * 400_000
print("ready", flush=True)
i = 0
while True:
    write_native(reports[i % 3], sys.argv[1])
    i += 1
"""


@posix
def test_killed_saves_leave_the_file_and_its_backup_whole(tmp_path: Path) -> None:
    import random
    import signal
    import subprocess

    target = tmp_path / "r.gknb"
    write_native(sample_report(2023, seed=0), target)
    rnd = random.Random(12)
    root = Path(__file__).resolve().parents[1]
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(target)], stdout=subprocess.PIPE, text=True,
                                cwd=root, env={**os.environ, "REPORT_EDITOR_CACHE": ""})
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rnd.uniform(0.05, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for path in (target, safe_save.backup_path(target)):
            read_native(path)  # whole: parses and loads
    # the temps the kills left are cleaned by the next save once stale (as after a real crash)
    old = time.time() - 2 * safe_save.STALE_AFTER
    for name in _temps(tmp_path):
        os.utime(tmp_path / name, (old, old))
    write_native(sample_report(2023, seed=1), target)
    assert _temps(tmp_path) == []
