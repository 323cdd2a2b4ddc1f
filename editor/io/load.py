"""The one way every caller (command line, window, summary) opens a report file of any supported kind.

Whatever reader ran, the report it gives passes the same limits here (editor.value_limits): a number no
report can hold refuses the file with the cell named; characters no file format can carry are dropped
from the texts, with a log entry.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from editor.io.bounded import check_regular
from editor.io.formats import ImportResult, LogEntry, read_any
from editor.io.native import ReportFileError
from editor.prose import strip_indents
from editor.report import Report
from editor.value_limits import MAX_INT_DIGITS, clean_report_texts, number_problem

# What a parser of untrusted bytes may raise that is the file's fault, not the program's.
# SyntaxError: xml.etree's ParseError and lxml's XMLSyntaxError (openpyxl parses sheets lazily, while the
# rows are read, so a damaged sheet fails after the workbook opened).
_FILE_FAULTS = (OSError, ValueError, KeyError, IndexError, TypeError, ArithmeticError, RecursionError,
                EOFError, zlib.error, UnicodeError, SyntaxError, zipfile.BadZipFile)


def load(path: str) -> ImportResult:
    """Read any supported file; raises ReportFileError with a Chinese message."""
    p = Path(path)
    check_regular(p)
    try:
        result = read_any(p)
    except ReportFileError:
        raise
    except AssertionError as exc:
        if not _raised_by_stdlib_parser(exc):
            raise  # our own invariant broke: a bug, for the crash log, not the file's fault
        raise ReportFileError(f"无法读取 {p.name}：网页内容已损坏（标记无法解析）") from exc
    except _FILE_FAULTS as exc:
        # Importers parse untrusted files: whatever slips through is still the file's fault, not a crash.
        if isinstance(exc, ValueError) and "int_max_str_digits" in str(exc):  # int() of 4,300+ digits
            raise ReportFileError(f"无法读取 {p.name}：文件中有位数过多的数字（数千位），不是年度报告中的数字") from exc
        if isinstance(exc, RecursionError):
            raise ReportFileError(f"无法读取 {p.name}：文件结构嵌套过深，不是年度报告") from exc
        raise ReportFileError(f"无法读取 {p.name}：文件格式不正确或已损坏（{type(exc).__name__}）") from exc
    check_numbers(result.report, p.name)
    dropped = clean_report_texts(result.report)
    if dropped:
        result.log.append(LogEntry("adjusted", f"文字中有{dropped}个控制字符或无效字符"
                                               "（无法保存到任何文件格式），已删除"))
    # Indents typed by hand (full-width spaces, TAB) would print twice: the Word export indents itself.
    result.report.texts = {sid: strip_indents(text) for sid, text in result.report.texts.items()}
    return result


def _raised_by_stdlib_parser(exc: BaseException) -> bool:
    """True when the exception comes from the standard library's HTML parser (it asserts on some
    malformed markup, e.g. runs of “<![”)."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    if last is None:
        return False
    where = Path(last)
    return where.name == "_markupbase.py" or (where.name == "parser.py" and where.parent.name == "html")


_PLAIN_INT = 10**MAX_INT_DIGITS  # an int below this in size is a figure: the common case, checked at once


def check_numbers(report: Report, name: str) -> None:
    """Refuse a report holding a value no report can hold (NaN, too many digits), naming the cell."""
    for r in (report, report.last_year):
        if r is None:
            continue
        ed = r.edition
        for ref, value in r.values.items():
            if type(value) is int and -_PLAIN_INT < value < _PLAIN_INT:
                continue
            problem = number_problem(value)
            if problem:
                try:
                    label = ed.table(ref[0]).cell_label(ref[1], ref[2])
                except (KeyError, ValueError):
                    label = ".".join(ref)
                where = "上年报告的" if r is not report else ""
                raise ReportFileError(f"{name}：{where}{label}的值{problem}，无法读取")
