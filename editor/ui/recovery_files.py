"""The recovery files a crashed session left (``orphaned_recoveries``), read when the recovery is offered
after the window shows (main_window.offer_recovery); the files themselves are written by recovery.py's
Autosaver."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from editor.io.native import ReportFileError, read_native
from editor.report import Report
from editor.ui.recovery import recovery_dir

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile


@dataclass
class Recovery:
    """A recovery file left by a crashed session, read already (``report``) or not readable (``problem``)."""

    report_path: Path
    info_path: Path
    lock: QLockFile
    source: str  # the user's file it was editing, or "" for a never-saved report
    saved_at: str
    title: str
    agency: str = ""
    year: int = 0
    report: Report | None = None
    problem: str = ""  # why it cannot be read (Chinese); the file is kept

    def load(self) -> Report:
        if self.report is None:
            raise ReportFileError(self.problem or f"无法读取自动保存的文件：{self.report_path}")
        return self.report

    def release(self) -> None:
        """Keep the files for a later start (or another window) and let go of the lock."""
        self.lock.unlock()

    def discard(self) -> None:
        self.report_path.unlink(missing_ok=True)
        self.info_path.unlink(missing_ok=True)
        self.lock.unlock()
        Path(str(self.report_path.with_suffix(".lock"))).unlink(missing_ok=True)


def _info(info_path: Path) -> dict:
    try:
        if info_path.stat().st_size > 1 << 20:
            return {}
        data = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def orphaned_recoveries() -> list[Recovery]:
    """Recovery files whose session is gone (crashed), newest first; each comes with its lock taken by
    us (``release`` or ``discard`` it)."""
    from PySide6.QtCore import QLockFile

    out = []
    for info_path in sorted(recovery_dir().glob("*.json")):
        report_path = info_path.with_suffix(".gknb")
        lock = QLockFile(str(info_path.with_suffix(".lock")))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # another window is running with it
        if not report_path.exists():
            info_path.unlink(missing_ok=True)
            lock.unlock()
            continue
        info = _info(info_path)
        rec = Recovery(report_path, info_path, lock, str(info.get("source", "")), str(info.get("saved_at", "")),
                       str(info.get("title", "")), str(info.get("agency", "")), _int(info.get("year")))
        try:
            rec.report = read_native(report_path)
        except ReportFileError as exc:
            rec.problem = str(exc)
        except (OSError, ValueError, RecursionError) as exc:
            rec.problem = f"无法读取自动保存的文件（{type(exc).__name__}）"
        if rec.report is not None:
            rec.agency, rec.year, rec.title = rec.report.meta.agency, rec.report.meta.year, rec.report.meta.title
        out.append(rec)
    out.sort(key=lambda r: r.saved_at, reverse=True)
    return out
