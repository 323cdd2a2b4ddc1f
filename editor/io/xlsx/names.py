"""The sheets and defined names of a workbook this program writes (xlsx.export) and reads back
(xlsx.importer): kept apart from the exporter, so that reading needs no openpyxl.
"""

from __future__ import annotations

TABLES_SHEET = "表格"
TEXT_SHEET = "基本信息与正文"
MARKER_SHEET = "_gknb"
NAME_PREFIX = "gknb"
KIND_LABELS = {"department": "部门（单位）", "government": "人民政府（本级）"}


def cell_name(ref: tuple[str, str, str]) -> str:
    return f"{NAME_PREFIX}.cell.{'.'.join(ref)}"


def meta_name(key: str) -> str:
    return f"{NAME_PREFIX}.meta.{key}"


def text_name(section_id: str) -> str:
    return f"{NAME_PREFIX}.text.{section_id}"
