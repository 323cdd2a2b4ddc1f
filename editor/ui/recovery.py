"""Autosave into a recovery file in the user's data folder, never over the user's own file.

Each running window owns one recovery file ``<id>.gknb`` with ``<id>.json`` (where the report came
from) and holds ``<id>.lock`` while it runs. A recovery file whose lock nobody holds any more was left
by a crash: the next start offers every such file (recovery_dialog.py). A recovery file is deleted only
once its content is restored (and autosaved again by the window that took it) or the user discarded it;
one that cannot be read is kept where it is. Saving or closing normally removes this window's own file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from editor.io.native import ReportFileError, read_native, write_native
from editor.report import Report
from editor.ui.document import ReportDocument

if TYPE_CHECKING:  # made at the first autosave or recovery offer, after the window shows
    from PySide6.QtCore import QLockFile

AUTOSAVE_MS = 30_000


def recovery_dir() -> Path:
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(base or Path.home() / ".report-editor") / "recovery"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        # A read-only profile must not stop the editor from starting: recover from the temp folder.
        path = Path(tempfile.gettempdir()) / "report-editor-recovery"
        path.mkdir(parents=True, exist_ok=True)
    return path


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


class Autosaver(QObject):
    """Writes the document to this session's recovery file every 30 s while it has unsaved changes."""

    def __init__(self, doc: ReportDocument, parent: QObject | None = None, interval_ms: int = AUTOSAVE_MS):
        super().__init__(parent)
        self.doc = doc
        self.id = os.urandom(16).hex()  # like uuid4().hex, without importing uuid (and platform) at start
        # The folder, the files and the lock are named at the first autosave: until then there is nothing
        # another start could offer, and the window appears without waiting for the disk.
        self._folder: Path | None = None
        self._lock: QLockFile | None = None
        self._saved_revision = -1
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        doc.modifiedChanged.connect(lambda modified: None if modified else self.clear())

    @property
    def report_path(self) -> Path:
        return self._recovery_folder() / f"{self.id}.gknb"

    @property
    def info_path(self) -> Path:
        return self._recovery_folder() / f"{self.id}.json"

    @property
    def lock(self) -> QLockFile:
        if self._lock is None:
            from PySide6.QtCore import QLockFile

            self._lock = QLockFile(str(self._recovery_folder() / f"{self.id}.lock"))
            self._lock.setStaleLockTime(0)
        return self._lock

    def _recovery_folder(self) -> Path:
        if self._folder is None:
            self._folder = recovery_dir()
        return self._folder

    def autosave(self) -> bool:
        """Write the recovery file if there are changes since the last autosave; True when written."""
        if not self.doc.modified or self.doc.revision == self._saved_revision:
            return False
        if not self.lock.isLocked():
            self.lock.tryLock(0)
        try:
            write_native(self.doc.report, self.report_path, backup=False)
            meta = self.doc.report.meta
            info = {"source": str(self.doc.path) if self.doc.path else "", "title": meta.title,
                    "agency": meta.agency, "year": meta.year, "saved_at": datetime.now().isoformat(timespec="seconds")}
            self.info_path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        except (OSError, ReportFileError):
            return False  # a full disk must not interrupt typing; the next tick tries again
        self._saved_revision = self.doc.revision
        return True

    def clear(self) -> None:
        """Saved or closed normally: nothing to recover."""
        if self._folder is not None:  # else nothing was ever written
            self.report_path.unlink(missing_ok=True)
            self.info_path.unlink(missing_ok=True)
        self._saved_revision = -1

    def shutdown(self) -> None:
        self.timer.stop()
        self.clear()
        if self._lock is not None:
            self._lock.unlock()
