"""Scoring an import against the report it was rendered from, cell by cell over the whole edition.

right: the same value, or blank where the source is blank (blank ≠ 0); missing: blank where the source has
a number; wrong: a number where the source has another number or none. A refused file is all missing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from editor.io.formats import read_any
from editor.io.native import ReportFileError
from editor.report import Report
from editor.schema import CellRef


@dataclass
class Score:
    right: int = 0
    missing: int = 0
    wrong: int = 0
    wrong_cells: list[tuple[CellRef, object, object]] = field(default_factory=list)  # (ref, got, want)
    missing_cells: list[CellRef] = field(default_factory=list)
    meta_errors: list[str] = field(default_factory=list)
    refused: str = ""
    seconds: float = 0.0

    def __repr__(self) -> str:
        return f"Score(right={self.right}, missing={self.missing}, wrong={self.wrong})"

    @property
    def total(self) -> int:
        return self.right + self.missing + self.wrong

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 0.0


def score(expected: Report, got: Report | None) -> Score:
    out = Score()
    values = got.values if got is not None else {}
    for ref in expected.edition.cells():
        want, have = expected.values.get(ref), values.get(ref)
        if have is None and want is None:
            out.right += 1
        elif have is None:
            out.missing += 1
            out.missing_cells.append(ref)
        elif want is not None and have == want:
            out.right += 1
        else:
            out.wrong += 1
            out.wrong_cells.append((ref, have, want))
    if got is not None:
        # A cell of another edition is a number placed where the source has none.
        foreign = [ref for ref in values if ref not in set(expected.edition.cells())]
        out.wrong += len(foreign)
        out.wrong_cells.extend((ref, values[ref], None) for ref in foreign)
        if got.edition_id != expected.edition_id:
            out.meta_errors.append(f"edition {got.edition_id} ≠ {expected.edition_id}")
        if got.meta.year != expected.meta.year:
            out.meta_errors.append(f"year {got.meta.year} ≠ {expected.meta.year}")
        if got.meta.agency != expected.meta.agency:
            out.meta_errors.append(f"agency {got.meta.agency!r} ≠ {expected.meta.agency!r}")
    return out


def import_and_score(path: Path, expected: Report) -> Score:
    start = time.perf_counter()
    try:
        got = read_any(path).report
        refused = ""
    except ReportFileError as exc:
        got, refused = None, str(exc)
    seconds = time.perf_counter() - start
    s = score(expected, got)
    s.refused, s.seconds = refused, seconds
    return s
