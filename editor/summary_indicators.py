"""The indicators evaluators score, computed from a report's (or a sum's) cells by the ids of FORMAT.md.

Every indicator is a ratio of sums of cells, so the district's figure is the ratio of the district's sums
(not an average of the units' ratios). A ratio whose denominator is 0 or blank has no value (shown as
“—”), never 0 %. Both editions (2019, 2021) use the same ids for these cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from editor.schema import CellRef, Edition

Number = int | Decimal


def _req(row: str, col: str = "total") -> CellRef:
    return ("requests", row, col)


def _case(col: str) -> CellRef:
    return ("appeals", "cases", col)


@dataclass(frozen=True)
class Count:
    """A sum of cells shown beside the ratios, so each ratio can be checked by hand."""

    id: str
    label: str
    cells: tuple[CellRef, ...] = ()
    rows: tuple[str, ...] = ()  # requests rows whose id starts with one of these, 总计 column

    def refs(self, edition: Edition) -> tuple[CellRef, ...]:
        if self.cells:
            return self.cells
        table = edition.table("requests")
        return tuple(_req(r.id) for r in table.rows if r.id.startswith(self.rows))


@dataclass(frozen=True)
class Ratio:
    id: str
    label: str
    numerator: str  # Count ids
    denominator: tuple[str, ...]
    formula: str  # how the sheet and README explain it


COUNTS = (
    Count("new", "本年新收申请", (_req("new"),)),
    Count("carried_over", "上年结转", (_req("carried_over"),)),
    Count("results", "办理结果总计", (_req("results_total"),)),
    Count("carry_forward", "结转下年度", (_req("carry_forward"),)),
    Count("unavailable", "无法提供", rows=("unavailable_",)),
    Count("withheld", "不予公开", rows=("withheld_",)),
    Count("review_total", "行政复议总计", (_case("review_total"),)),
    Count("review_corrected", "复议结果纠正", (_case("review_corrected"),)),
    Count("suit_total", "行政诉讼总计", (_case("direct_suit_total"), _case("suit_after_review_total"))),
    Count("suit_corrected", "诉讼结果纠正", (_case("direct_suit_corrected"), _case("suit_after_review_corrected"))),
)
RATIOS = (
    Ratio("carry_rate", "结转率", "carry_forward", ("new", "carried_over"),
          "结转下年度继续办理(requests.carry_forward.total) ÷ [本年新收(requests.new.total) + "
          "上年结转(requests.carried_over.total)]"),
    Ratio("unavailable_share", "无法提供占比", "unavailable", ("results",),
          "（四）无法提供三项之和(requests.unavailable_*.total) ÷ （七）总计(requests.results_total.total)"),
    Ratio("withheld_share", "不予公开占比", "withheld", ("results",),
          "（三）不予公开八项之和(requests.withheld_*.total) ÷ （七）总计(requests.results_total.total)"),
    Ratio("review_correction", "复议纠错率", "review_corrected", ("review_total",),
          "行政复议结果纠正(appeals.cases.review_corrected) ÷ 行政复议总计(appeals.cases.review_total)"),
    Ratio("suit_correction", "诉讼纠错率", "suit_corrected", ("suit_total",),
          "行政诉讼结果纠正[未经复议直接起诉 + 复议后起诉](appeals.cases.direct_suit_corrected + "
          "suit_after_review_corrected) ÷ 行政诉讼总计(appeals.cases.direct_suit_total + suit_after_review_total)"),
)
COUNT_BY_ID = {c.id: c for c in COUNTS}
RATIO_BY_ID = {r.id: r for r in RATIOS}
# The 指标 sheet's columns: each ratio right after the counts it is made of.
LAYOUT = ("new", "carried_over", "results", "carry_forward", "carry_rate", "unavailable", "unavailable_share",
          "withheld", "withheld_share", "review_total", "review_corrected", "review_correction", "suit_total",
          "suit_corrected", "suit_correction")


@dataclass
class Indicators:
    counts: dict[str, Number | None]  # None: every cell of the sum blank
    ratios: dict[str, Fraction | None]  # None: no denominator

    def percent(self, ratio_id: str) -> float | None:
        r = self.ratios.get(ratio_id)
        return None if r is None else float(r)


def _finite(v: Number) -> bool:
    return not isinstance(v, Decimal) or v.is_finite()


def indicators(values: dict[CellRef, Number], edition: Edition) -> Indicators:
    counts: dict[str, Number | None] = {}
    for c in COUNTS:
        present = [values[ref] for ref in c.refs(edition) if ref in values and _finite(values[ref])]
        counts[c.id] = sum(present) if present else None
    return from_counts(counts)


def from_counts(counts: dict[str, Number | None]) -> Indicators:
    """The ratios of these counts (also for counts read back from last year's 指标 sheet)."""
    ratios: dict[str, Fraction | None] = {}
    for r in RATIOS:
        num = counts.get(r.numerator)
        den_parts = [counts.get(d) for d in r.denominator]
        den = sum(d for d in den_parts if d is not None) if any(d is not None for d in den_parts) else None
        ratios[r.id] = None if den is None or den <= 0 else Fraction(num or 0) / Fraction(den)
    return Indicators(dict(counts), ratios)


def change(this: float | Number | None, last: float | Number | None) -> float | None:
    """This year minus last year; None when either is missing."""
    if this is None or last is None:
        return None
    d = float(this) - float(last)
    return d if math.isfinite(d) else None


def format_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def format_change(value: float | None, ratio: bool) -> str:
    if value is None:
        return "—"
    if ratio:
        return f"{value * 100:+.1f}个百分点"
    return f"{value:+g}"
