"""The Report document: edition, meta, narrative texts and cell values. Plain Python, no Qt.

Blank and zero are different states: a blank cell is simply absent from ``values``.
"""

from __future__ import annotations

import copy
from dataclasses import field
from datetime import date
from decimal import Decimal

from editor.records import Record, record
from editor.schema import CellRef, Edition, edition, edition_for_year

Number = int | Decimal

KINDS = ("department", "government")


def default_report_year(today: date | None = None) -> int:
    """The year of the report being prepared: a report on year Y is drafted from December of Y and
    published by 31 January or 31 March of Y+1; so in December this year, January to November last year."""
    today = today or date.today()
    return today.year if today.month == 12 else today.year - 1


@record
class Meta(Record):
    """Who reports for which year: agency, kind (department or government), year, title, date."""

    agency: str = ""
    kind: str = "department"  # or "government" (a government's own report: later deadline)
    year: int = 0
    title: str = ""
    published: date | None = None

    def suggested_title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告" if self.agency and self.year else ""


@record
class Report(Record):
    """One annual report: its edition, meta, texts, cell values, acknowledged warnings, last year's."""

    edition_id: str
    meta: Meta = field(default_factory=Meta)
    texts: dict[str, str] = field(default_factory=dict)
    values: dict[CellRef, Number] = field(default_factory=dict)
    acknowledged: dict[str, str] = field(default_factory=dict)
    last_year: Report | None = None

    @classmethod
    def blank(cls, year: int, agency: str = "", kind: str = "department") -> Report:
        ed = edition_for_year(year)
        meta = Meta(agency=agency, kind=kind, year=year)
        meta.title = meta.suggested_title()
        return cls(ed.id, meta)

    @property
    def edition(self) -> Edition:
        return edition(self.edition_id)

    def get(self, ref: CellRef) -> Number | None:
        return self.values.get(ref)

    def set(self, ref: CellRef, value: Number | None) -> None:
        """Set one cell; None blanks it."""
        if value is None:
            self.values.pop(ref, None)
        else:
            self.values[ref] = value

    def text(self, section_id: str) -> str:
        return self.texts.get(section_id, "")

    def copy(self) -> Report:
        return copy.deepcopy(self)
