"""Helpers shared by the subcommands: reading a report with a Chinese message instead of a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

from editor.io.formats import ImportResult, log_lines, read_any
from editor.io.native import ReportFileError

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return EXIT_UNREADABLE


def load(path: str) -> ImportResult:
    """Read any supported file; raises ReportFileError with a Chinese message."""
    p = Path(path)
    if not p.exists():
        raise ReportFileError(f"找不到文件：{p}")
    if p.is_dir():
        raise ReportFileError(f"这是一个文件夹，不是文件：{p}")
    try:
        return read_any(p)
    except ReportFileError:
        raise
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        # Importers parse untrusted files: whatever slips through is still the file's fault, not a crash.
        raise ReportFileError(f"无法读取 {p.name}：文件格式不正确或已损坏（{type(exc).__name__}）") from exc


def print_log(result: ImportResult) -> None:
    if not result.log:
        return
    print(f"导入记录（{len(result.log)}条）：")
    for line in log_lines(result.log):
        print(f"  - {line}")
