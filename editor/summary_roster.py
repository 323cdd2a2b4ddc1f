"""The list of units a 政务公开办 expects reports from (名单), and which report belongs to which unit.

A roster is a .txt/.csv (one unit a line, or a CSV column headed 单位名称) or an .xlsx (the column headed
单位名称 on the first sheet, else its first column). Names are matched after normalisation (full-width
forms, spaces, punctuation, 人民政府/办事处/委员会 spelled the short way), then by abbreviation: a short
form matches a full name when its characters occur in the full name in order and both end the same way
(县发改局 → 某某县发展和改革局, 卫健委 → 卫生健康委员会). Every match that is not exact is marked for the
user to confirm; a short form that fits two reports equally well is matched to neither.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from editor.io.native import ReportFileError

MAX_ROSTER_BYTES = 4 * 1024 * 1024  # a list of a few hundred names is a few KB
MAX_UNITS = 5000
NAME_HEADER = "单位名称"
EXACT, SHORT_FORM, BY_FILE_NAME = "名称一致", "简称或全称，请确认", "按文件名匹配，请确认"

# Long forms that real lists and reports write either way; replaced on both sides before comparing.
_SYNONYMS = (("人民政府", ""), ("办事处", ""), ("委员会", "委"), ("管理委员会", "管委"), ("（", "("), ("）", ")"))
_PUNCT = re.compile(r"[\s\u3000·•・,，、;；:：.。\"'“”‘’《》<>【】\[\]_\-—]+")
_PAREN = re.compile(r"\([^()]*\)")
# Words a file name adds to a unit's name: 2024年度政府信息公开工作年度报告, 年报, 终稿 …
_FILE_WORDS = re.compile(r"(19|20)\d\d年?度?|政府信息公开|工作|年度报告|年报|报告|终稿|定稿|修改稿?|最终版?|副本|\d+")


@dataclass
class Match:
    """One roster line and the reports matched to it (none: not submitted)."""

    unit: str
    reports: list[int]  # indexes into the reports given to match_roster
    how: str = ""  # EXACT, SHORT_FORM or BY_FILE_NAME

    @property
    def submitted(self) -> bool:
        return bool(self.reports)

    @property
    def needs_confirming(self) -> bool:
        return self.submitted and self.how != EXACT


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "").strip()
    for long, short in _SYNONYMS:
        text = text.replace(long, short)
    text = _PUNCT.sub("", text)
    return text.replace("(", "").replace(")", "")


def _without_parentheses(name: str) -> str:
    """某某县发展和改革局（县粮食和物资储备局） → 某某县发展和改革局: a second name in brackets."""
    text = unicodedata.normalize("NFKC", name or "")
    return normalise(_PAREN.sub("", text.replace("（", "(").replace("）", ")")))


def file_stem_name(stem: str) -> str:
    """The unit's name as a file name says it: 县发改局2024年度政府信息公开工作年度报告 → 县发改局."""
    return normalise(_FILE_WORDS.sub("", unicodedata.normalize("NFKC", stem)))


def _is_subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def abbreviation_score(short: str, full: str) -> float:
    """How well ``short`` abbreviates ``full`` (both normalised): 0 when it cannot, else the share of the
    full name it keeps (higher: closer). Both must end with the same character (局, 委, 镇, 道 …) and
    start in the same place unless the full name merely adds a place name in front."""
    if not short or not full or short == full:
        return 1.0 if short == full and short else 0.0
    if len(short) > len(full):
        short, full = full, short
    if len(short) < 2 or short[-1] != full[-1] or not _is_subsequence(short, full):
        return 0.0
    return len(short) / len(full)


def match_roster(roster: list[str], reports: list[tuple[str, str]]) -> tuple[list[Match], list[int]]:
    """Match each roster unit to reports. ``reports``: (agency, file stem) per report, index = report.

    Returns the roster's matches, in roster order, and the indexes of reports matched to no unit (名单外).
    One unit may have several files (its PDF beside its Word file); a report goes to one unit at most."""
    keys = [normalise(u) for u in roster]
    alt_keys = [_without_parentheses(u) for u in roster]
    assigned: dict[int, tuple[int, str]] = {}  # report -> (roster index, how)
    # 1. Exact after normalisation (also without a bracketed second name).
    by_key: dict[str, int] = {}
    for i, (k, alt) in enumerate(zip(keys, alt_keys, strict=True)):
        by_key.setdefault(k, i)
        by_key.setdefault(alt, i)
    for r, (agency, _stem) in enumerate(reports):
        if not agency:
            continue
        for k in (normalise(agency), _without_parentheses(agency)):
            if k in by_key:
                assigned[r] = (by_key[k], EXACT)
                break
    taken_units = {u for u, _ in assigned.values()}
    # 2. Abbreviations, then file names, one-to-one by best score; a tie is left for the user.
    for how, name_of in ((SHORT_FORM, lambda a, s: _without_parentheses(a) if a else ""),
                         (BY_FILE_NAME, lambda a, s: file_stem_name(s))):
        pairs = []
        for r, (agency, stem) in enumerate(reports):
            if r in assigned:
                continue
            name = name_of(agency, stem)
            if not name:
                continue
            for u, key in enumerate(alt_keys):
                if u in taken_units:
                    continue
                score = abbreviation_score(key, name)
                if score > 0:
                    pairs.append((score, r, u))
        pairs.sort(key=lambda p: -p[0])
        best_for_report: dict[int, list[tuple[float, int]]] = {}
        best_for_unit: dict[int, list[tuple[float, int]]] = {}
        for score, r, u in pairs:
            best_for_report.setdefault(r, []).append((score, u))
            best_for_unit.setdefault(u, []).append((score, r))
        for score, r, u in pairs:
            if r in assigned or u in taken_units:
                continue
            rivals = [s for s, other in best_for_report[r] if other != u and other not in taken_units]
            unit_rivals = [s for s, other in best_for_unit[u] if other != r and other not in assigned]
            if (rivals and rivals[0] == score) or (unit_rivals and unit_rivals[0] == score):
                continue  # ambiguous: two equally good readings, the user decides
            assigned[r] = (u, how)
            taken_units.add(u)
    # Further files of a matched unit (same agency as a matched report) go with it.
    unit_of_agency = {normalise(reports[r][0]): v for r, v in assigned.items() if reports[r][0]}
    for r, (agency, _stem) in enumerate(reports):
        if r not in assigned and agency and normalise(agency) in unit_of_agency:
            assigned[r] = unit_of_agency[normalise(agency)]
    matches = [Match(u, []) for u in roster]
    for r in sorted(assigned):
        u, how = assigned[r]
        matches[u].reports.append(r)
        if not matches[u].how or how != EXACT:
            matches[u].how = how
    return matches, [r for r in range(len(reports)) if r not in assigned]


# ----------------------------------------------------------------------------- reading the list


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportFileError("名单文件的文字编码无法识别（应为 UTF-8 或 GBK）")


def _from_rows(rows: list[list[str]], source: str) -> list[str]:
    rows = [[str(c).strip() if c is not None else "" for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    column = 0
    for i, row in enumerate(rows[:20]):
        if NAME_HEADER in row:
            column = row.index(NAME_HEADER)
            rows = rows[i + 1:]
            break
    names = [row[column] for row in rows if len(row) > column and row[column]]
    names = [n for n in names if n not in ("序号", NAME_HEADER)]
    names = list(dict.fromkeys(names))
    if not names:
        raise ReportFileError(f"名单 {source} 中没有单位名称")
    if len(names) > MAX_UNITS:
        raise ReportFileError(f"名单 {source} 中的单位超过{MAX_UNITS}个，不像一份单位名单")
    return names


def read_roster(path: str | Path) -> list[str]:
    """The unit names of a roster file, in its order, without duplicates; ReportFileError if unusable."""
    from editor.io.oserror import os_reason

    p = Path(path)
    ext = p.suffix.lower()
    if ext not in (".txt", ".csv", ".xlsx"):
        raise ReportFileError(f"名单应为 .xlsx、.txt 或 .csv 文件：{p.name}")
    try:
        if not p.is_file():
            raise ReportFileError(f"找不到名单文件：{p}")
        with p.open("rb") as fh:
            raw = fh.read(MAX_ROSTER_BYTES + 1)
    except OSError as exc:
        raise ReportFileError(f"无法读取名单 {p.name}：{os_reason(exc)}") from None
    if len(raw) > MAX_ROSTER_BYTES:
        raise ReportFileError(f"名单 {p.name} 过大（超过 {MAX_ROSTER_BYTES // 1024 // 1024} MB），不像一份单位名单")
    if ext == ".txt":
        return _from_rows([[line] for line in _decode(raw).splitlines()], p.name)
    if ext == ".csv":
        return _from_rows(list(csv.reader(io.StringIO(_decode(raw)))), p.name)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            rows = [list(r) for r in ws.iter_rows(max_row=MAX_UNITS + 50, max_col=30, values_only=True)]
        finally:
            wb.close()
    except Exception as exc:  # any parser failure of an untrusted file
        raise ReportFileError(f"无法读取名单 {p.name}：Excel 文件已损坏或格式不正确（{type(exc).__name__}）") from None
    return _from_rows(rows, p.name)
