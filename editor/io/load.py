"""The one way every caller (command line, window, summary) opens a report file of any supported kind."""

from __future__ import annotations

from pathlib import Path

from editor.io.formats import ImportResult, read_any
from editor.io.native import ReportFileError
from editor.prose import strip_indents


def load(path: str) -> ImportResult:
    """Read any supported file; raises ReportFileError with a Chinese message."""
    p = Path(path)
    if not p.exists():
        raise ReportFileError(f"找不到文件：{p}")
    if p.is_dir():
        raise ReportFileError(f"这是一个文件夹，不是文件：{p}")
    try:
        result = read_any(p)
    except ReportFileError:
        raise
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        # Importers parse untrusted files: whatever slips through is still the file's fault, not a crash.
        raise ReportFileError(f"无法读取 {p.name}：文件格式不正确或已损坏（{type(exc).__name__}）") from exc
    # Indents typed by hand (full-width spaces, TAB) would print twice: the Word export indents itself.
    report = result.report
    report.texts = {sid: strip_indents(text) for sid, text in report.texts.items()}
    return result
