"""Check and sum a district's reports: a folder of departments' and towns' reports in, a findings list and
the summed tables out. Pure domain code: the workbook is written by editor/io/xlsx/summary_book.py.

A report joins the sums when it can be read and is of the batch's year and edition; others are listed
apart with the reason, never summed silently. Every file is read in a worker process under a time and a
memory limit (editor.summary_pool): a file that fails, hangs or blows up is listed as unreadable with its
reason and never stops the batch. With the district's own report given, it is compared with the sum of
the others; with a roster (名单), the units that sent nothing and the files from outside the list are named;
with last year's folder or summary workbook, the indicators get their year-on-year change.

Files are named by their path relative to the folder chosen, so 乡镇/A/年报.gknb and 乡镇/B/年报.gknb differ.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from editor.checks import ERROR, WARNING, Finding, check
from editor.checks.numbers import fmt
from editor.report import Number, Report
from editor.schema import CellRef, Edition, edition_for_year, editions
from editor.summary_indicators import Indicators, indicators
from editor.summary_pool import TIME_LIMIT, Cancelled, WorkersFailed, default_jobs, run_isolated
from editor.summary_roster import EXACT, normalise

PASSED, HAS_ERRORS, HAS_WARNINGS, UNREADABLE, SET_APART = "通过", "有错误", "有警告", "无法读取", "另列"
SUBMITTED, MISSING, OUTSIDE = "已报送", "未报送", "名单外"
# The fill (RGB hex) of each status, the same in the 汇总表 and in the window: Excel's good, bad and
# neutral styles for passed, errors and warnings.
STATUS_FILLS = {PASSED: "C6EFCE", HAS_ERRORS: "FFC7CE", HAS_WARNINGS: "FFEB9C", UNREADABLE: "D9D9D9",
                SET_APART: "DDEBF7"}
SUBMIT_FILLS = {SUBMITTED: "C6EFCE", MISSING: "FFC7CE", OUTSIDE: "FFEB9C"}


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
    name: str = ""  # the file's path relative to the folder chosen: how every output names it
    roster_unit: str = ""  # the roster line it was matched to
    roster_how: str = ""  # how (EXACT, or a match for the user to confirm)
    packed: tuple | None = None  # values in transit from a worker (edition order), unpacked on arrival

    def __post_init__(self) -> None:
        if not self.name:
            self.name = self.path.name

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING and not f.acknowledged for f in self.findings)

    @property
    def readable(self) -> bool:
        return self.status != UNREADABLE

    @property
    def summed(self) -> bool:
        return self.status in (PASSED, HAS_ERRORS, HAS_WARNINGS) and not self.own


@dataclass
class RosterLine:
    """One unit of the roster: the files that came from it (none: 未报送)."""

    unit: str
    files: list[UnitResult]
    how: str = ""

    @property
    def state(self) -> str:
        return SUBMITTED if self.files else MISSING

    @property
    def needs_confirming(self) -> bool:
        return bool(self.files) and self.how != EXACT


@dataclass
class LastYear:
    """Last year's indicators, per unit (by normalised agency name) and for the district."""

    year: int
    source: str
    district: Indicators
    units: dict[str, Indicators]
    names: dict[str, str]  # normalised -> the agency name as last year's file wrote it


@dataclass
class Summary:
    year: int
    edition: Edition
    units: list[UnitResult]
    totals: dict[CellRef, Number]
    mismatches: list[Finding]
    roster: list[RosterLine] | None = None
    roster_name: str = ""
    last: LastYear | None = None
    own_in_folder: bool = False  # the own report sat among the units' files: left out of their sum

    @property
    def accepted(self) -> list[UnitResult]:
        return [u for u in self.units if u.summed]

    @property
    def own(self) -> UnitResult | None:
        return next((u for u in self.units if u.own), None)

    @property
    def outside(self) -> list[UnitResult]:
        """Files from units not on the roster (their unreadable files too: someone sent them)."""
        if self.roster is None:
            return []
        return [u for u in self.units if not u.own and not u.roster_unit]

    def district_indicators(self) -> Indicators:
        return indicators(self.totals, self.edition)

    def unit_indicators(self, unit: UnitResult) -> Indicators | None:
        if not unit.readable or not unit.edition_id:
            return None
        return indicators(unit.values, editions()[unit.edition_id])

    def last_for(self, unit: UnitResult) -> Indicators | None:
        """Last year's indicators of this unit, matched by its normalised agency name."""
        if self.last is None or not unit.agency:
            return None
        return self.last.units.get(normalise(unit.agency))

    @property
    def exit_code(self) -> int:
        """0: every file read and no report has errors; 1: some report has errors or a file is unreadable."""
        bad = any(u.status in (HAS_ERRORS, UNREADABLE) or (u.own and u.errors) for u in self.units)
        return 1 if bad else 0


def find_inputs(inputs: Iterable[str | os.PathLike[str]], extensions: Iterable[str]) -> list[tuple[Path, str]]:
    """(file, name for the outputs) for the files given and every file under the folders given
    (recursively), in a stable order. A file under a folder is named by its path relative to that folder
    (prefixed with the folder's name when several folders are given); a file given is named as given.

    Only regular files are taken from folders (no devices, FIFOs or sockets); Word's lock files (~$x.docx),
    hidden files and our own backups are not reports and are skipped."""
    exts = {e.lower() for e in extensions}
    items = [Path(i) for i in inputs]
    several = sum(p.is_dir() for p in items) > 1
    found: dict[Path, str] = {}
    for p in items:
        if p.is_dir():
            for child in _walk(p):
                name = child.name
                if child.suffix.lower() in exts and not name.startswith(("~$", ".")) and child.is_file():
                    rel = child.relative_to(p)
                    found.setdefault(child, str(Path(p.name) / rel) if several else str(rel))
        else:
            found.setdefault(p, str(p))  # a file named on purpose is always listed, readable or not
    return list(found.items())


MAX_FILES = 100_000  # a district's folder holds hundreds; more is not a folder of reports


def _walk(folder: Path) -> list[Path]:
    """Every file under the folder, sorted; symlinked folders are not entered (a link back to a parent
    would make the walk endless), symlinked files are listed like files."""
    out: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        out += [Path(root) / f for f in files]
        if len(out) > MAX_FILES:
            raise ValueError(f"{folder} 中的文件超过{MAX_FILES}个，不像一个年报文件夹，请选择各单位年报所在的文件夹")
    return sorted(out)


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
    except RecursionError:
        unit.reason = "无法读取：文件结构嵌套过深，可能已损坏或被特意构造"
        return unit
    except Exception as exc:
        unit.reason = f"无法读取：文件格式不正确或已损坏（{type(exc).__name__}）"
        return unit
    m = report.meta
    unit.agency, unit.year, unit.edition_id, unit.kind = m.agency, m.year, report.edition_id, m.kind
    unit.findings = check(report)
    unit.status = HAS_ERRORS if unit.errors else HAS_WARNINGS if unit.warnings else PASSED
    if not all(_finite(v) for v in report.values.values()):
        unit.status, unit.reason = UNREADABLE, "文件中有非有限数值（NaN 或无穷大），无法读取"
        return unit
    unit.packed = report.edition.pack(report.values)
    return unit


def _finite(v: Number) -> bool:
    return not isinstance(v, Decimal) or v.is_finite()


def _arrived(unit: UnitResult) -> UnitResult:
    """A worker's result in this process: its values keyed by the edition's shared cell references."""
    if unit.packed is not None:
        unit.values = editions()[unit.edition_id].unpack(unit.packed)
        unit.packed = None
    unit.findings = [_shared_finding(f) for f in unit.findings]
    return unit


def _shared_finding(f: Finding) -> Finding:
    if not f.cells:
        return f
    object.__setattr__(f, "cells", tuple(_REFS.get(c, c) for c in f.cells))
    return f


_REFS: dict[CellRef, CellRef] = {}


def _share_refs() -> None:
    if not _REFS:
        for ed in editions().values():
            for ref in ed.cell_refs:
                _REFS.setdefault(ref, ref)


# Which file of a department counts when it sent several: our own formats carry exactly what was typed.
_FORMAT_PREFERENCE = {".gknb": 0, ".json": 0, ".xlsx": 1, ".docx": 2}


def _preference(unit: UnitResult) -> tuple[int, str]:
    return _FORMAT_PREFERENCE.get(unit.path.suffix.lower(), 3), unit.name


def _batch_year(units: list[UnitResult]) -> int:
    years = Counter(u.year for u in units if u.readable and u.year and not u.own)
    years = years or Counter(u.year for u in units if u.readable and u.year)
    if not years:
        raise ValueError("没有可以读取的年报，无法汇总")
    return years.most_common(1)[0][0]


def add_values(totals: dict[CellRef, Number], values: dict[CellRef, Number]) -> None:
    for ref, v in values.items():
        if _finite(v):  # guarded twice: a non-finite number never reaches a total
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


def _unreadable(item: tuple[Path, str], reason: str) -> UnitResult:
    return UnitResult(item[0], reason=reason)


def _task(item: tuple[Path, str]) -> UnitResult:
    return _examine(item[0])


def read_all(items: list[tuple[Path, str]], jobs: int | None = None,
             progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None, time_limit: float = TIME_LIMIT,
             task: Callable[[tuple[Path, str]], UnitResult] | None = None) -> list[UnitResult]:
    """Every file read and checked in worker processes, in the order given. ``task``: what a worker does
    with one (path, name); a module-level function (it is sent to the spawned workers by name)."""
    task = task or _task
    _share_refs()
    results: list[UnitResult | None] = [None] * len(items)
    if progress:
        progress(0, len(items))
    done = 0
    try:
        for index, unit in run_isolated(items, task, jobs or default_jobs(), _unreadable, cancelled,
                                        time_limit=time_limit):
            unit.name = items[index][1]
            results[index] = _arrived(unit)
            done += 1
            if progress:
                progress(done, len(items))
    except Cancelled:
        raise SummaryCancelled from None
    except WorkersFailed as exc:
        raise ValueError(f"{exc}，无法汇总；请重新安装本程序") from None
    return [u for u in results if u is not None]


def summarize(inputs: Iterable[str | os.PathLike[str]], year: int | None = None, jobs: int | None = None,
              own: str | os.PathLike[str] | None = None,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None,
              roster: list[str] | None = None, roster_name: str = "",
              last: LastYear | None = None, time_limit: float = TIME_LIMIT,
              task: Callable[[tuple[Path, str]], UnitResult] | None = None) -> Summary:
    """Read, check and sum every report. ``progress(done, total)`` is called after each file;
    ``cancelled()`` is asked all along and raises SummaryCancelled when it says yes (the file being read
    is dropped at once). ``jobs``: worker processes (default: one per core)."""
    from editor.io.formats import readable_extensions

    items = find_inputs(inputs, readable_extensions())
    own_path = Path(own).resolve() if own else None
    own_in_folder = False
    if own_path is not None:
        if own_path in {p.resolve() for p, _ in items}:
            own_in_folder = True
        else:
            items.append((Path(own), Path(own).name))
    units = read_all(items, jobs, progress, cancelled, time_limit, task)

    for unit in units:
        if own_path is not None and unit.path.resolve() == own_path:
            unit.own = True
    batch_year = year or _batch_year(units)
    edition = edition_for_year(batch_year)
    totals: dict[CellRef, Number] = {}
    own_unit = next((u for u in units if u.own), None)
    own_agency = normalise(own_unit.agency) if own_unit is not None and own_unit.agency else ""
    kept: dict[str, UnitResult] = {}  # normalised agency -> the report of it that is summed
    for unit in sorted((u for u in units if u.readable), key=_preference):
        agency = normalise(unit.agency)
        if not unit.year:
            unit.status, unit.reason = SET_APART, "文件中没有年度，无法确定是否属于本次汇总"
        elif unit.year != batch_year:
            unit.status, unit.reason = SET_APART, f"年度为{unit.year}年，本次汇总{batch_year}年"
        elif unit.edition_id != edition.id:
            unit.status, unit.reason = SET_APART, f"使用{unit.edition_id}年版格式，{batch_year}年度应使用{edition.name}"
        elif unit.own:
            continue
        elif own_agency and agency == own_agency:
            unit.status = SET_APART
            unit.reason = f"与本级报告（{own_unit.name}）是同一单位，不计入下级合计"  # type: ignore[union-attr]
        elif agency and agency in kept:
            # The same department's report twice (its PDF beside its Word file): summed once.
            first = kept[agency]
            unit.status, unit.reason = SET_APART, f"与 {first.name} 是同一单位的报告，未重复计入合计"
        else:
            kept[agency or unit.name] = unit
            add_values(totals, unit.values)
    mismatches: list[Finding] = []
    if own_unit is not None and own_unit.status != SET_APART and own_unit.readable:
        mismatches = compare_own(own_unit, totals, edition)
    summary = Summary(batch_year, edition, units, totals, mismatches, last=last, own_in_folder=own_in_folder)
    if roster is not None:
        apply_roster(summary, roster, roster_name)
    return summary


def apply_roster(summary: Summary, roster: list[str], roster_name: str = "") -> None:
    """Match the files to the roster's units (报送情况): who sent what, who sent nothing, who is not listed."""
    from editor.summary_roster import match_roster

    others = [u for u in summary.units if not u.own]
    matches, _outside = match_roster(roster, [(u.agency, u.path.stem) for u in others])
    lines = []
    for u in others:
        u.roster_unit = u.roster_how = ""
    for m in matches:
        files = [others[i] for i in m.reports]
        for f in files:
            f.roster_unit, f.roster_how = m.unit, m.how
        lines.append(RosterLine(m.unit, files, m.how))
    summary.roster, summary.roster_name = lines, roster_name


def last_year_from(path: str | os.PathLike[str], year: int, jobs: int | None = None,
                   cancelled: Callable[[], bool] | None = None) -> LastYear:
    """Last year's indicators from last year's folder of reports or from last year's summary workbook
    (the 指标 sheet this program wrote). Raises ValueError with a Chinese message."""
    p = Path(path)
    if p.is_dir():
        try:
            last = summarize([p], year=year, jobs=jobs, cancelled=cancelled)
        except ValueError as exc:
            raise ValueError(f"上年资料（{p.name}）：{exc}") from None
        units = {}
        names = {}
        for u in last.accepted:
            if u.agency:
                units[normalise(u.agency)] = indicators(u.values, editions()[u.edition_id])
                names[normalise(u.agency)] = u.agency
        return LastYear(year, str(p), last.district_indicators(), units, names)
    if p.suffix.lower() == ".xlsx" and p.is_file():
        from editor.io.xlsx.summary_book import read_indicators

        district, by_name, found_year = read_indicators(p)
        units = {normalise(k): v for k, v in by_name.items()}
        return LastYear(found_year or year, str(p), district, units, {normalise(k): k for k in by_name})
    raise ValueError(f"上年度资料应为上年各单位年报所在的文件夹或上年的汇总表（.xlsx）：{p}")


__all__ = ["HAS_ERRORS", "HAS_WARNINGS", "MISSING", "OUTSIDE", "PASSED", "SET_APART", "SUBMITTED",
           "UNREADABLE", "LastYear", "RosterLine", "Summary", "SummaryCancelled", "UnitResult", "summarize"]
