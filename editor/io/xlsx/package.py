"""The cells of an .xlsx workbook read straight from its XML (lxml), for both readers (ours and other
people's): the sheets in order, the workbook's defined names, and per sheet every cell's value, its formula
and the merged ranges, in one pass over each part.

openpyxl builds an object per cell, style, rule and validation (and a second workbook for the values of
formulas); a district's summary reads hundreds of workbooks, so only what the readers use is parsed here.
Values are what openpyxl gives (numbers as int/float, shared and inline strings, booleans, error texts,
dates by the cell's number format), so both readers see the same cells as before.

Bounded: the bytes are the zip guard's (sizes, tag count, no DTD); cells beyond the readers' extent are
counted, never stored; a damaged part raises ReportFileError with a Chinese message.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from lxml import etree

from editor.io.errors import ReportFileError
from editor.io.zip_guard import Vetted, office_package

_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_R = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_C, _ROW, _V, _F, _IS, _T, _RUN, _MERGE = (f"{_M}{t}" for t in ("c", "row", "v", "f", "is", "t", "r", "mergeCell"))
_SI = f"{_M}si"
_MAX_NUMBER_TEXT = 4300  # digits Python's int() reads (openpyxl refused longer ones the same way)
_MAX_STRINGS = 1_000_000  # shared strings: a report has a few hundred
_COORD = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$")
_SHEET_REF = re.compile(r"^\s*(?:'((?:[^']|'')+)'|([^'!\s]+))!"
                        r"(\$?[A-Za-z]{1,3}\$?\d{1,7}(?::\$?[A-Za-z]{1,3}\$?\d{1,7})?)\s*$")

# openpyxl's date rule (styles.numbers): a number format is a date when, quoted text and [locale] groups
# taken out of its first section, a d/m/h/y/s remains; builtin formats by id (14–22, 45–47).
_BUILTIN_DATES = {14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
                  19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss",
                  46: "[h]:mm:ss", 47: "mmss.0"}
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CHAR = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_WINDOWS_EPOCH, _MAC_EPOCH = datetime(1899, 12, 30), datetime(1904, 1, 1)

Pos = tuple[int, int]  # (row, column), 1-based


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def range_bounds(ref: str) -> tuple[int, int, int, int] | None:
    """“$B$3:D5” → (min_col, min_row, max_col, max_row); None when not a cell or a range of cells."""
    m = _RANGE.match(ref.strip().upper())
    if not m:
        return None
    c1, r1 = column_number(m.group(1)), int(m.group(2))
    c2, r2 = (column_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)


@dataclass
class Sheet:
    title: str
    values: dict[Pos, Any] = field(default_factory=dict)  # what Excel/WPS shows (a formula's cached value)
    formulas: dict[Pos, str] = field(default_factory=dict)  # “=SUM(B2:G2)” where a cell holds a formula
    present: set[Pos] = field(default_factory=set)  # every cell written in the sheet, blank ones included
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_col, min_row, max_col, max_row)


class Book:
    """A vetted workbook: sheet titles in order, workbook-level defined names, sheets parsed on demand."""

    def __init__(self, package: Vetted, name: str, max_row: int, max_col: int, max_cells: int):
        self.name = name
        self._limits = (max_row, max_col, max_cells)
        self._zip = package  # the XML parts as the zip guard inflated them
        self._parts = package.names
        root = _pkg_rels(self, "_rels/.rels")
        main = next((t for t, kind in root.values() if kind.endswith("/officeDocument")), "xl/workbook.xml")
        main = main.lstrip("/")
        if main not in self._parts:
            main = "xl/workbook.xml"
        wb = self._xml(main)
        rels = _pkg_rels(self, posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels"))
        pr = wb.find(f"{_M}workbookPr")
        self.epoch = _MAC_EPOCH if pr is not None and pr.get("date1904", "").lower() in ("1", "true") \
            else _WINDOWS_EPOCH
        self.sheetnames: list[str] = []
        self._targets: dict[str, str | None] = {}  # title -> worksheet part (None: a chartsheet, no cells)
        for el in wb.iter(f"{_M}sheet"):
            title = el.get("name", "")
            target, kind = rels.get(el.get(f"{_R}id", ""), ("", ""))
            self.sheetnames.append(title)
            self._targets[title] = None if kind.endswith("/chartsheet") else target
        self.defined_names: dict[str, str] = {}
        for el in wb.iter(f"{_M}definedName"):
            if el.get("localSheetId") is None and el.get("name"):
                self.defined_names.setdefault(el.get("name", ""), el.text or "")
        kinds = {kind.rsplit("/", 1)[-1]: t for t, kind in rels.values()}
        self._strings_part = kinds.get("sharedStrings")
        self._styles_part = kinds.get("styles")
        self._strings: list[str] | None = None
        self._dates: tuple[set[int], set[int]] | None = None
        self._sheets: dict[str, Sheet] = {}

    # ------------------------------------------------------------------ parts

    def _xml(self, part: str):
        try:
            return etree.fromstring(self._zip.read(part), _PARSER)
        except KeyError:
            raise ReportFileError(f"{self.name} 已损坏：缺少部件 {part}") from None
        except etree.XMLSyntaxError:
            raise ReportFileError(f"{self.name} 已损坏，无法作为 Excel 文件读取（XML 格式错误）") from None

    def _stream(self, part: str, tags: tuple[str, ...], events: tuple[str, ...] = ("end",)):
        """Events of a part's elements of these tags, read as a stream (the tree is never built whole)."""
        try:
            data = self._zip.read(part)
        except KeyError:
            raise ReportFileError(f"{self.name} 已损坏：缺少部件 {part}") from None
        return etree.iterparse(io.BytesIO(data), events=events, tag=tags, resolve_entities=False,
                               no_network=True, huge_tree=False)

    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            part = self._strings_part
            if part and part in self._parts:
                for _, el in self._stream(part, (_SI,)):
                    self._strings.append(_rich_text(el).replace("x005F_", ""))
                    el.clear()
                    if len(self._strings) > _MAX_STRINGS:
                        raise ReportFileError(f"{self.name} 的文字过多，不像一份年度报告")
        return self._strings

    def date_styles(self) -> tuple[set[int], set[int]]:
        """Indexes of the cell formats that show a date, and of those that show a duration ([h]:mm)."""
        if self._dates is None:
            dates: set[int] = set()
            durations: set[int] = set()
            part = self._styles_part
            if part and part in self._parts:
                root = self._xml(part)
                custom = {el.get("numFmtId"): el.get("formatCode", "") for el in root.iter(f"{_M}numFmt")}
                xfs = root.find(f"{_M}cellXfs")
                for i, xf in enumerate(xfs.iterchildren(f"{_M}xf") if xfs is not None else ()):
                    fid = xf.get("numFmtId", "0")
                    fmt = custom.get(fid)
                    if fmt is None:
                        fmt = _BUILTIN_DATES.get(int(fid)) if fid.isdigit() else None
                    if fmt is None:
                        continue
                    first = fmt.split(";")[0]
                    if _DATE_CHAR.search(_STRIP.sub("", first)):
                        dates.add(i)
                    if _TIMEDELTA.search(first):
                        durations.add(i)
            self._dates = dates, durations
        return self._dates

    # ------------------------------------------------------------------ sheets

    def is_worksheet(self, title: str) -> bool:
        return self._targets.get(title) is not None

    def sheet(self, title: str) -> Sheet:
        if title not in self._sheets:
            sheet = Sheet(title)
            part = self._targets.get(title)
            if part and part not in self._parts:
                # Part names are case-blind in the package format (Excel opens such a file); one the
                # workbook names that is not there at all is damage, never an empty sheet.
                found = next((n for n in self._parts if n.lower() == part.lower()), None)
                if found is None:
                    raise ReportFileError(f"{self.name} 已损坏：工作表“{title}”的内容（{part}）不在文件中")
                part = found
            if part:
                try:
                    self._read_sheet(part, sheet)
                except ReportFileError:
                    raise
                except (etree.XMLSyntaxError, ValueError, IndexError, KeyError, OverflowError,
                        zipfile.BadZipFile, EOFError, OSError) as exc:
                    raise ReportFileError(f"{self.name} 已损坏，无法作为 Excel 文件读取（{type(exc).__name__}）"
                                          ) from None
            self._sheets[title] = sheet
        return self._sheets[title]

    def _read_sheet(self, part: str, sheet: Sheet) -> None:
        max_row, max_col, max_cells = self._limits
        strings = None
        dates, durations = self.date_styles()
        shared: dict[str, tuple[str, str]] = {}  # shared formula index -> (master formula, its cell)
        row_no = col_no = 0
        seen = 0
        row_el = None  # the row whose cells are being read
        for _, el in self._stream(part, (_ROW, _C, _MERGE)):
            tag = el.tag
            if tag == _ROW:
                if el is not row_el:  # a row without cells still counts for the rows after it
                    r_attr = el.get("r")
                    row_no = _row_number(r_attr, self.name) if r_attr is not None else row_no + 1
                el.clear()
                while el.getprevious() is not None:  # rows read: out of memory
                    del el.getparent()[0]
                row_el = None
                continue
            if tag == _MERGE:
                bounds = range_bounds(el.get("ref", ""))
                if bounds is not None:
                    sheet.merged.append(bounds)
                    if len(sheet.merged) > max_cells:
                        raise ReportFileError(f"{self.name} 的合并单元格过多，不像一份年度报告")
                el.clear()
                continue
            parent = el.getparent()
            if parent is None or parent.tag != _ROW:  # a cell outside any row: not in the sheet's grid
                el.clear()
                continue
            if parent is not row_el:
                # Rows and cells without a reference follow the one before (as Excel and openpyxl read them).
                row_el = parent
                r_attr = parent.get("r")
                row_no = _row_number(r_attr, self.name) if r_attr is not None else row_no + 1
                col_no = 0
            ref = el.get("r")
            if ref:
                at = _REFS.get(ref)
                if at is None:
                    at = _cell_position(ref, self.name)
                row, col = at
                col_no = col
            else:
                col_no += 1
                row, col = row_no, col_no
            seen += 1
            if seen > max_cells:
                raise ReportFileError(f"{self.name} 的表格过大，不像一份年度报告")
            if row > max_row or col > max_col:
                el.clear()
                continue
            pos = (row, col)
            sheet.present.add(pos)
            kind = el.get("t", "n")
            f = v = inline = None
            for child in el:  # the first of each (as find() takes it), in one look at the few children
                child_tag = child.tag
                if child_tag == _V:
                    v = child if v is None else v
                elif child_tag == _F:
                    f = child if f is None else f
                elif child_tag == _IS:
                    inline = child if inline is None else inline
            if f is not None:
                text = "=" + (f.text or "")
                if f.get("t") == "shared" and f.get("si") is not None:
                    si = f.get("si", "")
                    if text != "=":
                        shared.setdefault(si, (text, ref or ""))
                    elif si in shared:
                        text = _translated(*shared[si], ref or "")
                sheet.formulas[pos] = text
            value: Any = None
            if kind == "inlineStr":
                if inline is not None:
                    value = _rich_text(inline)
            else:
                raw = (v.text if v is not None else None) or None
                if raw is not None:
                    if kind == "n":
                        if len(raw) > _MAX_NUMBER_TEXT:  # a number of thousands of digits is no figure
                            raise ReportFileError(f"无法读取 {self.name}：文件中有位数过多的数字（数千位），"
                                                  "不是年度报告中的数字")
                        value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                        style = el.get("s")
                        if style and dates and int(style) in dates:
                            value = _from_excel(value, self.epoch, int(style) in durations)
                    elif kind == "s":
                        strings = strings if strings is not None else self.strings()
                        value = strings[int(raw)]
                    elif kind == "b":
                        value = bool(int(raw))
                    elif kind == "d":
                        value = datetime.fromisoformat(raw.rstrip("Z"))
                    else:  # str, e (an error shown as its text: #DIV/0!)
                        value = raw
            if value is not None:
                sheet.values[pos] = value
            el.clear()


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_REFS: dict[str, tuple[int, int]] = {}  # “D6” → (6, 4): the same references come in every workbook


def _cell_position(ref: str, name: str) -> tuple[int, int]:
    m = _COORD.match(ref)
    if not m:
        raise ReportFileError(f"{name} 已损坏：单元格位置“{ref[:20]}”无效")
    at = int(m.group(2)), column_number(m.group(1).upper())
    if len(_REFS) > 200_000:
        _REFS.clear()
    _REFS[ref] = at
    return at


def _row_number(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        try:
            v = float(text)
        except ValueError:
            v = 0.5
        if not v.is_integer():
            raise ReportFileError(f"{name} 已损坏：行号“{text[:20]}”无效") from None
        return int(v)


def _pkg_rels(book: Book, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (target part, type) of a .rels part ({} when absent)."""
    if part not in book._parts:
        return {}
    base = posixpath.dirname(posixpath.dirname(part))  # the folder of the part these rels belong to
    out = {}
    for el in book._xml(part).iter(f"{_PKG_R}Relationship"):
        target = el.get("Target", "")
        if el.get("TargetMode") == "External" or not target:
            continue
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out[el.get("Id", "")] = (full, el.get("Type", ""))
    return out


def _rich_text(el) -> str:
    """A string item: its own text, or its runs' texts (phonetic guides left out)."""
    parts = [t.text or "" for t in el.iterchildren(_T)]
    for run in el.iterchildren(_RUN):
        parts += [t.text or "" for t in run.iterchildren(_T)]
    return "".join(parts)


def _translated(formula: str, origin: str, ref: str) -> str:
    """A shared formula as the cell that reuses it reads it (rare in reports: openpyxl's translator)."""
    from openpyxl.formula.translate import Translator

    try:
        return Translator(formula, origin).translate_formula(ref)
    except Exception:  # a formula the translator cannot parse: the master's text says enough
        return formula


def _from_excel(value: float, epoch: datetime, duration: bool) -> Any:
    """An Excel serial date as openpyxl gives it (datetime, time of day, or timedelta); the number itself
    when it is no date (out of range)."""
    try:
        if duration:
            return timedelta(days=value)
        day, fraction = divmod(value, 1)
        diff = timedelta(milliseconds=round(fraction * 86_400_000))
        if 0 <= value < 1 and diff.days == 0:
            return (datetime.min + diff).time()
        if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
            day += 1  # Excel's 1900-02-29
        return epoch + timedelta(days=day) + diff
    except (OverflowError, ValueError):
        return "#VALUE!"


def destination(book: Book, name: str, max_row: int, max_col: int) -> tuple[str, tuple[int, int, int, int]] | None:
    """(sheet, (min_col, min_row, max_col, max_row)) a workbook-level name points at, or None."""
    text = book.defined_names.get(name)
    if text is None:
        return None
    m = _SHEET_REF.match(text)
    if not m:
        return None
    sheet = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    bounds = range_bounds(m.group(3))
    if sheet not in book.sheetnames or bounds is None or bounds[2] > max_col or bounds[3] > max_row:
        return None
    return sheet, bounds


def open_book(path: Path, max_row: int, max_col: int, max_cells: int) -> Book:
    """The workbook after the zip guard vetted its bytes; ReportFileError (Chinese) otherwise."""
    package = office_package(path, "Excel")
    try:
        return Book(package, path.name, max_row, max_col, max_cells)
    except ReportFileError:
        raise
    except Exception as exc:  # a damaged package
        raise ReportFileError(f"无法读取 {path.name}：Excel文件内容已损坏或格式不正确"
                              f"（{type(exc).__name__}）") from None
