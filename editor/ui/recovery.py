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
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from editor.io.native import ReportFileError, write_native
from editor.ui.document import ReportDocument

if TYPE_CHECKING:  # made at the first autosave, after the window shows
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
