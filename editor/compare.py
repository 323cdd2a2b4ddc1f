"""This year against last year, number by number (对比上年), and which narrative sections repeat last
year's words. Plain Python, no Qt: the 对比上年 page only shows what this computes.

Across editions (2020 → 2021) only the cells both editions have are compared: a cell keeps its id
across editions exactly when it means the same thing (FORMAT.md), so ids are matched, never labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.checks.text_rules import check_copied
from editor.report import Number, Report
from editor.schema import CellRef


@dataclass(frozen=True)
class NumberChange:
    ref: CellRef
    table: str  # the table's name as printed: its caption, else its section's heading
    row: str  # the row label with its group labels
    column: str  # the column label with its group
    last: Number | None  # None: blank
    this: Number | None

    @property
    def difference(self) -> Number | None:
        """This year minus last year; None where either is blank (blank is not 0)."""
        if self.last is None or self.this is None:
            return None
        return self.this - self.last

    @property
    def changed(self) -> bool:
        return self.last != self.this


@dataclass(frozen=True)
class SectionComparison:
    section: str
    heading: str
    last_chars: int
    this_chars: int
    copied: str  # the text.copied message where the section repeats last year's words, else ""


@dataclass(frozen=True)
class Comparison:
    numbers: list[NumberChange]  # every cell both editions have, in the order of the printed tables
    sections: list[SectionComparison]
    only_this_year: int  # cells this year's edition has and last year's does not (not compared)

    @property
    def changed(self) -> list[NumberChange]:
        return [n for n in self.numbers if n.changed]

    @property
    def copied(self) -> list[SectionComparison]:
        return [s for s in self.sections if s.copied]


def last_year_value(report: Report, ref: CellRef) -> tuple[bool, Number | None]:
    """(whether last year's report has this cell, its value there): a cell of this year's edition that
    last year's edition lacks has no last-year value to show, which is not the same as a blank."""
    last = report.last_year
    if last is None or not last.edition.has_cell(ref):
        return False, None
    return True, last.get(ref)


def column_name(report: Report, ref: CellRef) -> str:
    col = report.edition.table(ref[0]).column(ref[2])
    return f"{col.group}·{col.label}" if col.group else col.label


def compare(report: Report, last: Report | None = None) -> Comparison:
    """``last`` defaults to the report's own ``last_year``."""
    last = last if last is not None else report.last_year
    if last is None:
        return Comparison([], [], 0)
    ed, old = report.edition, last.edition
    numbers = []
    only_this = 0
    for section in ed.sections:
        for table_id in section.tables:
            table = ed.table(table_id)
            name = table.caption or section.heading
            for ref in table.cells():
                if not old.has_cell(ref):
                    only_this += 1
                    continue
                numbers.append(NumberChange(ref, name, table.full_row_label(ref[1]), column_name(report, ref),
                                            last.get(ref), report.get(ref)))
    copied = {f.key.split("|", 1)[1]: f.message for f in check_copied(report, last)}
    sections = [SectionComparison(s.id, s.heading, len(last.text(s.id)), len(report.text(s.id)), copied.get(s.id, ""))
                for s in ed.text_sections()]
    return Comparison(numbers, sections, only_this)
