"""Per-cell rules: cell.value (the value fits the cell's kind) and cell.blank (one finding per table)."""

from __future__ import annotations

from decimal import Decimal

from editor.checks.findings import ERROR, WARNING, Finding
from editor.checks.numbers import fmt
from editor.report import Number, Report

MONEY_DECIMALS = 6


def value_problem(kind: str, value: Number) -> str | None:
    """Why a value does not fit a cell of this kind, in Chinese; None when it fits."""
    if kind == "money":
        if value < 0:
            return "金额不能为负数"
        exponent = Decimal(value).normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > MONEY_DECIMALS:
            return f"金额（万元）最多保留{MONEY_DECIMALS}位小数"
        return None
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return "应为整数"
    if kind == "count" and value < 0:
        return "应为不小于0的整数"
    return None


def check_values(report: Report) -> list[Finding]:
    ed = report.edition
    kinds = ed.cell_kinds
    out = []
    for ref, value in report.values.items():
        kind = kinds.get(ref)
        if kind is None:
            continue
        problem = value_problem(kind, value)
        if problem:
            label = ed.table(ref[0]).cell_label(ref[1], ref[2])
            out.append(Finding("cell.value", ERROR, "cell.value|" + ".".join(ref),
                               f"{label}：{fmt(value)}，{problem}", (ref,)))
    return out


def check_blanks(report: Report) -> list[Finding]:
    out = []
    values = report.values
    for table in report.edition.tables:
        blank = tuple(ref for ref in table.cells() if ref not in values)
        if blank:
            where = table.caption or _table_name(report, table.section)
            out.append(Finding("cell.blank", WARNING, f"cell.blank|{table.id}",
                               f"{where}有{len(blank)}个单元格未填写（空白按0计算，导出时印为0）", blank))
    return out


def _table_name(report: Report, section_id: str) -> str:
    return "表" + report.edition.section(section_id).heading.split("、", 1)[0]
