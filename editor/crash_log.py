"""The technical details of an unexpected failure, kept in a log file the user can send along, while the
user reads a Chinese message. No Qt: the command line and the window both use it."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from editor import __version__

ENV_DIR = "REPORT_EDITOR_LOG_DIR"  # tests and administrators may point the logs elsewhere
KEEP = 20  # newest crash logs kept; older ones are removed


def log_dir() -> Path:
    forced = os.environ.get(ENV_DIR)
    if forced:
        return Path(forced)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"], "gov-report-editor", "report-editor", "logs")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / "gov-report-editor"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base, "gov-report-editor", "report-editor", "logs")


def write_crash_log(exc: BaseException, context: str = "") -> Path | None:
    """Write the traceback to a new file in log_dir() (or the temp folder); its path, or None."""
    text = (f"report-editor {__version__}  Python {sys.version.split()[0]}  {sys.platform}\n"
            f"{time.strftime('%Y-%m-%d %H:%M:%S')}  {context}\n\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8", errors="replace")
        except OSError:
            continue
        _prune(folder)
        return path
    return None


def _prune(folder: Path) -> None:
    try:
        logs = sorted(folder.glob("crash-*.log"), key=lambda p: p.stat().st_mtime)
        for old in logs[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def crash_message(path: Path | None) -> str:
    where = f"技术细节已写入日志文件：{path}" if path else "技术细节无法写入日志文件"
    return f"程序内部出错，本次操作未完成（您的文件未被修改）。{where}。如问题重复出现，请把该文件发给技术支持。"
