"""The native file (.gknb, JSON; .json read too): FORMAT.md "Native file" and "Load or refuse".

Reading refuses only what a Report cannot represent, with a Chinese message naming the place
(e.g. ``values.requests.new.total``); nothing is half-loaded. Out-of-range numbers load: the checks
report them. Saving is atomic and keeps the previous version as ``<name>.bak``.
"""

from __future__ import annotations

import json
import os
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from editor.io.bounded import read_limited
from editor.io.errors import ReportFileError
from editor.report import KINDS, Meta, Number, Report
from editor.schema import editions
from editor.value_limits import (
    MAX_INT_DIGITS,
    MAX_NUMBER_TEXT,
    LimitError,
    clean_text,
    decimal_from_text,
    loads_json,
    number_problem,
)

FORMAT_NAME = "gov-info-annual-report"
VERSION = 1
EXTENSIONS = (".gknb", ".json")
MAX_BYTES = 20 * 1024 * 1024  # a report is a few KB; anything this large is not one

_TOP_KEYS = {"format", "version", "edition", "meta", "texts", "values", "acknowledged", "last_year"}
_META_KEYS = {"agency", "kind", "year", "title", "published"}


# ----------------------------------------------------------------------------- reading


def _fail(where: str, what: str) -> ReportFileError:
    return ReportFileError(f"{where}：{what}" if where else what)


_PLAIN_INT = 10**MAX_INT_DIGITS  # an int below this in size is a figure (number_problem: None)


def _number(value: Any, where: str) -> Number:
    if isinstance(value, bool):
        raise _fail(where, "不是数字")
    if isinstance(value, str):
        parsed = decimal_from_text(value)
        if parsed is None:
            problem = number_problem(_loose_decimal(value))
            raise _fail(where, f"“{value[:40]}”{problem or '不是数字'}")
        value = parsed
    if isinstance(value, float):  # NaN and Infinity: the only floats loads_json leaves
        raise _fail(where, number_problem(value) or "不是数字")
    if not isinstance(value, (int, Decimal)):
        raise _fail(where, "不是数字")
    problem = number_problem(value)
    if problem:
        raise _fail(where, problem)
    if isinstance(value, Decimal):
        # JSON 3.5 for a count: kept exactly as written so the checks can name it; 7.0 is the integer 7.
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else value
    return value


def _loose_decimal(text: str) -> Any:
    """For the message only: what a too-long or odd number text stands for (bounded work)."""
    text = text.strip()
    if len(text) > MAX_NUMBER_TEXT:
        return Decimal(10) ** MAX_INT_DIGITS if text.lstrip("+-").replace(".", "", 1).isdigit() else None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _meta(data: Any, where: str) -> Meta:
    if not isinstance(data, dict):
        raise _fail(where, "应为对象")
    unknown = set(data) - _META_KEYS
    if unknown:
        raise _fail(f"{where}.{sorted(unknown)[0]}", "未知的项目")
    meta = Meta()
    for key in ("agency", "title"):
        if key in data and data[key] is not None:
            if not isinstance(data[key], str):
                raise _fail(f"{where}.{key}", "应为文字")
            setattr(meta, key, data[key])
    kind = data.get("kind", "department")
    if kind not in KINDS:
        raise _fail(f"{where}.kind", f"“{kind}”不是 department 或 government")
    meta.kind = kind
    year = data.get("year")
    if year is None or year == 0:
        year = 0  # not known yet (a text imported without one): valid, and a check asks for it
    elif not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 9999:
        raise _fail(f"{where}.year", "年度应为四位整数")
    meta.year = year
    published = data.get("published")
    if published is not None:
        try:
            meta.published = date.fromisoformat(published) if isinstance(published, str) else None
        except ValueError:
            meta.published = None
        if meta.published is None:
            raise _fail(f"{where}.published", f"“{published}”不是 YYYY-MM-DD 格式的日期")
    return meta


def _values(data: Any, edition_id: str, where: str) -> dict:
    ed = editions()[edition_id]
    if not isinstance(data, dict):
        raise _fail(where, "应为对象")
    values = {}
    for table_id, rows in data.items():
        w_t = f"{where}.{table_id}"
        try:
            table = ed.table(table_id)
        except KeyError:
            raise _fail(w_t, f"{ed.name}没有这张表") from None
        if not isinstance(rows, dict):
            raise _fail(w_t, "应为对象")
        row_ids = {r.id for r in table.rows}
        col_ids = {c.id for c in table.columns}
        for row_id, cols in rows.items():
            w_r = f"{w_t}.{row_id}"
            if row_id not in row_ids:
                raise _fail(w_r, f"{ed.name}的这张表没有这一行")
            if not isinstance(cols, dict):
                raise _fail(w_r, "应为对象")
            for col_id, value in cols.items():
                if col_id not in col_ids:
                    raise _fail(f"{w_r}.{col_id}", f"{ed.name}的这张表没有这一列")
                if value is None:
                    continue  # blank
                if type(value) is int and -_PLAIN_INT < value < _PLAIN_INT:
                    values[(table_id, row_id, col_id)] = value  # a count as written: what _number gives it
                    continue
                values[(table_id, row_id, col_id)] = _number(value, f"{w_r}.{col_id}")
    return values


def report_from_dict(data: Any, where: str = "", nested: bool = False) -> Report:
    if not isinstance(data, dict):
        raise _fail(where, "不是年报文件（应为 JSON 对象）")
    prefix = f"{where}." if where else ""
    # The format mark first: another program's JSON is "not a report", not "a report with odd keys".
    if (not nested or "format" in data) and data.get("format") != FORMAT_NAME:
        raise _fail(prefix + "format", "不是政府信息公开年报文件")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise _fail(prefix + sorted(unknown)[0], "未知的项目")
    if not nested or "format" in data:
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise _fail(prefix + "version", "缺少版本号")
        if version > VERSION:
            raise _fail(prefix + "version", f"文件由更新版本的程序保存（版本{version}），请升级本程序后再打开")
    edition_id = data.get("edition")
    if edition_id not in editions():
        raise _fail(prefix + "edition", f"未知的格式版本“{edition_id}”（支持：{'、'.join(editions())}）")
    meta = _meta(data.get("meta"), prefix + "meta")
    texts = data.get("texts", {}) or {}
    if not isinstance(texts, dict):
        raise _fail(prefix + "texts", "应为对象")
    section_ids = {s.id for s in editions()[edition_id].text_sections()}
    for key, text in texts.items():
        if key not in section_ids:
            raise _fail(f"{prefix}texts.{key}", "未知的章节")
        if not isinstance(text, str):
            raise _fail(f"{prefix}texts.{key}", "应为文字")
    values = _values(data.get("values", {}) or {}, edition_id, prefix + "values")
    acknowledged = data.get("acknowledged", {}) or {}
    if not isinstance(acknowledged, dict) or not all(isinstance(v, str) for v in acknowledged.values()):
        raise _fail(prefix + "acknowledged", "应为“问题标识：说明”的对象")
    last = None
    if data.get("last_year") is not None:
        if nested:
            raise _fail(prefix + "last_year", "上年报告中不能再包含上年报告")
        last = report_from_dict(data["last_year"], prefix + "last_year", nested=True)
    return Report(edition_id, meta, dict(texts), values, dict(acknowledged), last)


def read_native(path: str | os.PathLike[str]) -> Report:
    p = Path(path)
    raw = read_limited(p, MAX_BYTES, "年报文件")
    try:
        data = loads_json(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ReportFileError(f"{p.name} 不是 UTF-8 编码的年报文件") from None
    except json.JSONDecodeError as exc:
        raise ReportFileError(f"{p.name} 已损坏或不完整（第{exc.lineno}行第{exc.colno}列无法解析）") from None
    except LimitError as exc:
        raise ReportFileError(f"{p.name} 不是年报文件：{exc}") from None
    return report_from_dict(data)


# ----------------------------------------------------------------------------- writing


def _json_number(value: Number) -> int | str:
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
            return int(value)
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return value


def _clean(text: str) -> str:
    # Texts are cleaned on load; this keeps a save working if a stray character came in another way.
    return clean_text(text)[0]


def report_to_dict(report: Report, include_last: bool = True) -> dict:
    ed = report.edition
    meta: dict[str, Any] = {"agency": _clean(report.meta.agency), "kind": report.meta.kind,
                            "year": report.meta.year or None,
                            "title": _clean(report.meta.title)}
    if report.meta.published:
        meta["published"] = report.meta.published.isoformat()
    values: dict[str, dict[str, dict[str, Any]]] = {}
    for table in ed.tables:
        for row in table.rows:
            for col in table.columns:
                v = report.values.get((table.id, row.id, col.id))
                if v is not None:
                    # Money is a decimal string in its shortest form; counts are integers.
                    out = str(_json_number(Decimal(v))) if col.kind == "money" else _json_number(v)
                    values.setdefault(table.id, {}).setdefault(row.id, {})[col.id] = out
    data: dict[str, Any] = {"format": FORMAT_NAME, "version": VERSION, "edition": report.edition_id,
                            "meta": meta,
                            "texts": {s.id: _clean(report.texts[s.id])
                                      for s in ed.text_sections() if report.texts.get(s.id)},
                            "values": values}
    if report.acknowledged:
        data["acknowledged"] = {_clean(k): _clean(v) for k, v in report.acknowledged.items()}
    if include_last and report.last_year is not None:
        data["last_year"] = report_to_dict(report.last_year, include_last=False)
    return data


def dumps(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=1) + "\n"


def write_native(report: Report, path: str | os.PathLike[str], backup: bool = True) -> None:
    """Atomic save (editor.io.safe_save): the old file becomes <name>.bak. A value no file may hold
    (NaN, too many digits) is refused before anything is written, so every saved file opens again."""
    for ref, value in report.values.items():
        problem = number_problem(value)
        if problem:
            raise ReportFileError(f"无法保存：{'.'.join(ref)} 的值{problem}")
    from editor.io.safe_save import write_atomic  # with hashlib and secrets: not needed to open a file

    write_atomic(path, dumps(report).encode("utf-8"), backup=backup)
