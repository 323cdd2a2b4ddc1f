"""Check and sum a district's reports: a folder of departments' and towns' reports in, a findings list and
the summed tables out. Pure domain code: the workbook is written by editor/io/xlsx/summary_book.py.

A report joins the sums when it can be read and is of the batch's year and edition; others are listed
apart with the reason, never summed silently. A file that cannot be read is listed with its reason and
never stops the batch. With the district's own report given, it is compared with the sum of the others.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from editor.checks import ERROR, WARNING, Finding, check
from editor.checks.numbers import fmt
from editor.report import Number, Report
from editor.schema import CellRef, Edition, edition_for_year

PASSED, HAS_ERRORS, HAS_WARNINGS, UNREADABLE, SET_APART = "通过", "有错误", "有警告", "无法读取", "另列"


class SummaryCancelled(Exception):
    """The caller's ``cancelled()`` said stop: no summary, nothing half-summed."""


@dataclass
class UnitResult:
    """One input file: what it is, how it fared."""

    path: Path
    status: str = UNREADABLE
    reason: str = ""  # why it could not be read or was set apart
    agency: str = ""
    year: int = 0
    edition_id: str = ""
    kind: str = ""
    findings: list[Finding] = field(default_factory=list)
    values: dict[CellRef, Number] = field(default_factory=dict)
    own: bool = False  # the district's own report

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING and not f.acknowledged for f in self.findings)

    @property
    def readable(self) -> bool:
        return self.status != UNREADABLE


@dataclass
class Summary:
    year: int
    edition: Edition
    units: list[UnitResult]
    totals: dict[CellRef, Number]
    mismatches: list[Finding]

    @property
    def accepted(self) -> list[UnitResult]:
        return [u for u in self.units if u.status in (PASSED, HAS_ERRORS, HAS_WARNINGS) and not u.own]

    @property
    def own(self) -> UnitResult | None:
        return next((u for u in self.units if u.own), None)


def find_inputs(inputs: Iterable[str | os.PathLike[str]], extensions: Iterable[str]) -> list[Path]:
    """Files given, and every readable file under the folders given (recursively), in a stable order.

    Word's lock files (~$x.docx), hidden files and our own backups are not reports and are skipped."""
    exts = {e.lower() for e in extensions}
    found: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                name = child.name
                if (child.is_file() and child.suffix.lower() in exts and not name.startswith(("~$", "."))):
                    found.append(child)
        else:
            found.append(p)  # a file named on purpose is always listed, readable or not
    return list(dict.fromkeys(found))


def _examine(path: Path) -> UnitResult:
    """Read and check one file. Runs in a worker process: everything it returns is plain data."""
    from editor.io.load import load
    from editor.io.native import ReportFileError

    unit = UnitResult(path)
    try:
        report: Report = load(str(path)).report
    except ReportFileError as exc:
        unit.reason = str(exc)
        return unit
    except Exception as exc:
        unit.reason = f"无法读取：{type(exc).__name__}"
        return unit
    m = report.meta
    unit.agency, unit.year, unit.edition_id, unit.kind = m.agency, m.year, report.edition_id, m.kind
    unit.values = dict(report.values)
    unit.findings = check(report)
    unit.status = HAS_ERRORS if unit.errors else HAS_WARNINGS if unit.warnings else PASSED
    return unit


# Which file of a department counts when it sent several: our own formats carry exactly what was typed.
_FORMAT_PREFERENCE = {".gknb": 0, ".json": 0, ".xlsx": 1, ".docx": 2}


def _preference(unit: UnitResult) -> tuple[int, str]:
    return _FORMAT_PREFERENCE.get(unit.path.suffix.lower(), 3), str(unit.path)


def _batch_year(units: list[UnitResult]) -> int:
    years = Counter(u.year for u in units if u.readable and u.year)
    if not years:
        raise ValueError("没有可以读取的年报，无法汇总")
    return years.most_common(1)[0][0]


def add_values(totals: dict[CellRef, Number], values: dict[CellRef, Number]) -> None:
    for ref, v in values.items():
        totals[ref] = totals.get(ref, 0) + v


def compare_own(own: UnitResult, totals: dict[CellRef, Number], edition: Edition) -> list[Finding]:
    """summary.mismatch, per cell: the district's own report against the sum of its units'."""
    out = []
    for table in edition.tables:
        for ref in table.cells():
            mine, summed = own.values.get(ref, 0), totals.get(ref, 0)
            if mine != summed:
                label = table.cell_label(ref[1], ref[2])
                out.append(Finding(
                    "summary.mismatch", WARNING, "summary.mismatch|" + ".".join(ref),
                    f"{label}：本级报告{fmt(mine)}，下级报告合计{fmt(summed)}，相差{fmt(abs(mine - summed))}",
                    (ref,)))
    return out


def summarize(inputs: Iterable[str | os.PathLike[str]], year: int | None = None, jobs: int = 1,
              own: str | os.PathLike[str] | None = None,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> Summary:
    """Read, check and sum every report. ``progress(done, total)`` is called after each file;
    ``cancelled()`` is asked before each file and raises SummaryCancelled when it says yes."""
    from editor.io.formats import readable_extensions

    paths = find_inputs(inputs, readable_extensions())
    own_path = Path(own).resolve() if own else None
    if own_path is not None and own_path not in {p.resolve() for p in paths}:
        paths.append(Path(own))
    units: list[UnitResult] = []
    if progress:
        progress(0, len(paths))
    if jobs > 1 and len(paths) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs)
        try:
            for unit in pool.map(_examine, paths, chunksize=max(1, len(paths) // (jobs * 8))):
                units.append(unit)
                if progress:
                    progress(len(units), len(paths))
                if cancelled and cancelled():
                    raise SummaryCancelled
        finally:
            # On cancel, drop the files not started yet instead of waiting for them.
            pool.shutdown(wait=True, cancel_futures=True)
    else:
        for p in paths:
            if cancelled and cancelled():
                raise SummaryCancelled
            units.append(_examine(p))
            if progress:
                progress(len(units), len(paths))

    batch_year = year or _batch_year(units)
    edition = edition_for_year(batch_year)
    totals: dict[CellRef, Number] = {}
    kept: dict[str, UnitResult] = {}  # agency -> the report of it that is summed
    for unit in sorted((u for u in units if u.readable), key=_preference):
        if own_path is not None and unit.path.resolve() == own_path:
            unit.own = True
        if not unit.year:
            unit.status, unit.reason = SET_APART, "文件中没有年度，无法确定是否属于本次汇总"
        elif unit.year != batch_year:
            unit.status, unit.reason = SET_APART, f"年度为{unit.year}年，本次汇总{batch_year}年"
        elif unit.edition_id != edition.id:
            unit.status, unit.reason = SET_APART, f"使用{unit.edition_id}年版格式，{batch_year}年度应使用{edition.name}"
        elif not unit.own and unit.agency and unit.agency in kept:
            # The same department's report twice (its PDF beside its Word file): summed once.
            first = kept[unit.agency]
            unit.status, unit.reason = SET_APART, f"与 {first.path.name} 是同一单位的报告，未重复计入合计"
        elif not unit.own:
            kept[unit.agency] = unit
            add_values(totals, unit.values)
    mismatches: list[Finding] = []
    own_unit = next((u for u in units if u.own), None)
    if own_unit is not None and own_unit.status != SET_APART:
        mismatches = compare_own(own_unit, totals, edition)
    return Summary(batch_year, edition, units, totals, mismatches)
