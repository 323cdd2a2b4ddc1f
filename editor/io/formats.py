"""Which module reads or writes which kind of file, chosen by extension.

Importers return an ImportResult: the Report plus a log of what could not be placed for sure.
Modules are imported on first use so that a command loads only what it needs.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from editor.io.native import ReportFileError
from editor.records import Record, record
from editor.report import Report
from editor.schema import CellRef

# extension -> "module:function"; a reader takes a path and returns an ImportResult (or a Report).
READERS: dict[str, str] = {
    ".gknb": "editor.io.native:read_native",
    ".json": "editor.io.native:read_native",
    ".docx": "editor.io.docx.importer:read_docx",
    ".xlsx": "editor.io.xlsx.importer:read_xlsx",
    ".xls": "editor.io.xlsx.xls:read_xls",
    ".txt": "editor.io.text.plain:read_text",
    ".md": "editor.io.text.markdown:read_markdown",
    ".markdown": "editor.io.text.markdown:read_markdown",
    ".htm": "editor.io.text.html_page:read_html",
    ".html": "editor.io.text.html_page:read_html",
    ".mht": "editor.io.text.mht:read_mht",
    ".mhtml": "editor.io.text.mht:read_mht",
    ".pdf": "editor.io.pdf.importer:read_pdf",
    ".doc": "editor.io.office_convert:read_via_office",
    ".wps": "editor.io.office_convert:read_via_office",
    ".et": "editor.io.office_convert:read_via_office",
    ".ofd": "editor.io.formats:refuse_ofd",
}
# Known to users but not readable here: named so the user is told what to do, left out of the open dialog.
UNREADABLE = (".ofd",)
# extension -> "module:function"; a writer takes (report, path, **options).
WRITERS: dict[str, str] = {
    ".gknb": "editor.io.native:write_native",
    ".json": "editor.io.native:write_native",
    ".docx": "editor.io.docx.export:write_docx",
    ".xlsx": "editor.io.xlsx.export:write_xlsx",
}


@record(frozen=True)
class LogEntry(Record):
    """One thing an importer could not do for sure. kind: missing, ambiguous, adjusted, unplaced,
    converted or note. Messages are Chinese."""

    kind: str
    message: str
    cell: CellRef | None = None


@record
class ImportResult(Record):
    """A report read from a file, with the log of what the reader adjusted or left blank."""

    report: Report
    log: list[LogEntry] = field(default_factory=list)
    sources: dict[CellRef, str] = field(default_factory=dict)  # imported cell -> the source text it came from

    def cells_marked(self) -> set[CellRef]:
        """Cells the editor keeps marked until the user edits them (adjusted or not filled)."""
        return {e.cell for e in self.log if e.cell is not None}


def log_lines(log: list[LogEntry], examples: int = 3) -> list[str]:
    """The import log for people: entries about single cells that share a reason are folded into one
    line (“原文为空：共138个单元格，如 …”), so a mostly blank report does not print 150 lines."""
    lines: list[str] = []
    groups: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str] | str] = []
    for entry in log:
        where, sep, reason = entry.message.rpartition("：")
        if entry.cell is None or not sep:
            order.append(entry.message)
            continue
        key = (entry.kind, reason)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(where)
    for item in order:
        if isinstance(item, str):
            lines.append(item)
            continue
        places = groups[item]
        if len(places) == 1:
            lines.append(f"{places[0]}：{item[1]}")
        else:
            shown = "；".join(places[:examples]) + ("等" if len(places) > examples else "")
            lines.append(f"{item[1]}：共{len(places)}个单元格，如 {shown}")
    return lines


def _resolve(table: dict[str, str], path: Path, what: str) -> Callable:
    ext = path.suffix.lower()
    target = table.get(ext)
    if target is None:
        known = "、".join(sorted(table))
        raise ReportFileError(f"不支持{what}“{ext or '无扩展名'}”文件：{path.name}（支持：{known}）")
    module_name, func = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise ReportFileError(f"本版本尚不能{what}“{ext}”文件：{path.name}") from None
    return getattr(module, func)


def read_any(path: str | os.PathLike[str]) -> ImportResult:
    p = Path(path)
    result = _resolve(READERS, p, "读取")(p)
    return result if isinstance(result, ImportResult) else ImportResult(result)


def write_any(report: Report, path: str | os.PathLike[str], **options) -> None:
    p = Path(path)
    _resolve(WRITERS, p, "写出")(report, p, **options)


def readable_extensions() -> tuple[str, ...]:
    return tuple(READERS)


def open_dialog_extensions() -> tuple[str, ...]:
    """What the open dialog offers: every readable extension, not the ones that are only refused."""
    return tuple(ext for ext in READERS if ext not in UNREADABLE)


def refuse_ofd(path: Path) -> ImportResult:
    """OFD (the Chinese fixed-layout format) has no reader on this machine: neither LibreOffice nor a Python
    library reads it reliably; the OFD readers every office has export PDF, which reads well."""
    raise ReportFileError(f"无法读取 OFD 版式文件：{Path(path).name}。请在 OFD 阅读器（如数科 OFD 阅读器、"
                          "福昕 OFD 版式办公套件）中打开它，选择“另存为”或“导出”为 PDF，再打开该 PDF 文件")
