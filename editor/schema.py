"""The official editions, loaded from ``resources/formats/*.toml`` into small immutable objects.

Everything that needs a label, a row list, a header grid or a cross-check asks this module; nothing
else hard-codes the official format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path

from editor.records import Record, record
from editor.resources import formats_dir

CELL_KINDS = ("count", "signed", "money")
SEVERITIES = ("error", "warning")
OPERATORS = ("=", "<=", ">=")
SECTION_KINDS = ("meta", "text", "tables")

CellRef = tuple[str, str, str]  # (table id, row id, column id)
Number = int | Decimal


class SchemaError(ValueError):
    """An edition file is malformed: a programming or packaging error, not user input."""


@record(frozen=True)
class Column(Record):
    """A value column of a table: its label, the kind of number it holds (count, signed, money)."""

    id: str
    label: str
    kind: str
    span: int = 1
    group: str = ""
    total: bool = False
    unit_suffix: str = ""
    aliases: tuple[str, ...] = ()  # other wordings seen in published reports (import only)


@record(frozen=True)
class Row(Record):
    """A data row of a table, with the label column it starts in and its short name for messages."""

    id: str
    label: str
    label_col: int = 0
    short: str = ""
    total: bool = False
    aliases: tuple[str, ...] = ()  # other wordings and typos seen in published reports (import only)

    @property
    def name(self) -> str:
        """How messages refer to the row: its short name (第一项) where it has one."""
        return self.short or self.label


@record(frozen=True)
class Group(Record):
    """A label with no data row of its own, spanning the rows first..last in one label column."""

    text: str
    col: int
    first: str
    last: str
    vertical: bool = False


@record(frozen=True)
class GridCell(Record):
    """One cell of a table's printed grid (header and body), with its span.

    role: caption, note, header, label, group or value; ``ref`` is set for value cells.
    """

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    role: str
    ref: CellRef | None = None
    vertical: bool = False


@record(frozen=True)
class Table(Record):
    """One official table: its printed header, data rows, value columns and row groups."""

    id: str
    section: str
    grid_columns: int
    label_columns: int
    header: tuple[GridCell, ...]
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]

    @property
    def header_rows(self) -> int:
        return max(c.row + c.rowspan for c in self.header)

    @property
    def caption(self) -> str:
        return next((c.text for c in self.header if c.role == "caption"), "")

    def row(self, row_id: str) -> Row:
        return next(r for r in self.rows if r.id == row_id)

    def column(self, col_id: str) -> Column:
        return next(c for c in self.columns if c.id == col_id)

    def row_index(self, row_id: str) -> int:
        return self._row_positions[row_id]

    @cached_property
    def _row_positions(self) -> dict[str, int]:
        return {r.id: i for i, r in enumerate(self.rows)}

    def column_grid_col(self, col_id: str) -> int:
        col = self.label_columns
        for c in self.columns:
            if c.id == col_id:
                return col
            col += c.span
        raise KeyError(col_id)

    def cells(self) -> tuple[CellRef, ...]:
        return tuple((self.id, r.id, c.id) for r in self.rows for c in self.columns)

    def full_row_label(self, row_id: str) -> str:
        """The row's label with the group labels above it, e.g. （三）不予公开 1.属于国家秘密."""
        idx = self.row_index(row_id)
        parts = []
        for g in self.groups:
            if g.col > 0 and self.row_index(g.first) <= idx <= self.row_index(g.last):
                parts.append(g.text)
        parts.append(self.rows[idx].label)
        return " ".join(p for p in parts if p)

    def cell_label(self, row_id: str, col_id: str) -> str:
        """A human name for one cell, used in messages: 表三 “一、本年新收…” 行 “自然人” 列 (computed once
        per cell: importers name every cell they read)."""
        labels = self.__dict__.setdefault("_labels", {})
        label = labels.get((row_id, col_id))
        if label is None:
            label = labels[(row_id, col_id)] = self._cell_label(row_id, col_id)
        return label

    def _cell_label(self, row_id: str, col_id: str) -> str:
        col = self.column(col_id)
        col_name = f"{col.group}·{col.label}" if col.group else col.label
        row_name = self.full_row_label(row_id)
        where = f"{self.caption} " if self.caption else ""
        return f"{where}{row_name}／{col_name}" if row_name else f"{where}{col_name}"

    def layout(self) -> tuple[GridCell, ...]:
        """The whole printed grid: header cells, then label, group and value cells of the body."""
        return (*self.header, *(GridCell(*p) for p in self._body()))

    def _body(self) -> Iterator[tuple]:
        """The body's cells as GridCell fields (row, col, rowspan, colspan, text, role, ref, vertical): group,
        label and value cells, the one place that lays the body out (the loader counts them unbuilt)."""
        top = self.header_rows
        for g in self.groups:
            first, last = self.row_index(g.first), self.row_index(g.last)
            yield top + first, g.col, last - first + 1, 1, g.text, "group", None, g.vertical
        for i, r in enumerate(self.rows):
            if self.label_columns:
                yield top + i, r.label_col, 1, self.label_columns - r.label_col, r.label, "label", None, False
            col = self.label_columns
            for c in self.columns:
                yield top + i, col, 1, c.span, "", "value", (self.id, r.id, c.id), False
                col += c.span


@record(frozen=True)
class Section(Record):
    """A part of the report (meta, a narrative section or the tables), as the navigation lists it."""

    id: str
    heading: str
    kind: str
    printed: bool = True
    subheads: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    must_mention: tuple[str, ...] = ()
    template: str = ""
    aliases: tuple[str, ...] = ()  # heading wordings seen in published reports (import only)


@record(frozen=True)
class Term(Record):
    """One cell in a rule's equation, with its sign; ``last``: the cell of last year's report."""

    ref: CellRef
    sign: int = 1
    last: bool = False
    name: str = ""


@record(frozen=True)
class RuleInstance(Record):
    """One evaluation of a rule: for one column, row or group."""

    subject: str
    subject_label: str
    left: tuple[Term, ...]
    right: tuple[Term, ...]


@record(frozen=True, eq=False)
class Rule(Record):
    """A cross-check of the edition, expanded into one instance per row or column it applies to."""

    id: str
    severity: str
    table: str
    op: str
    left_name: str
    right_name: str
    instances: tuple[RuleInstance, ...]

    @cached_property
    def cross_year(self) -> bool:
        return any(t.last for i in self.instances for t in i.left + i.right)

    def instances_comparable_with(self, last: Edition) -> tuple[RuleInstance, ...]:
        """The instances whose last-year cells exist in last year's edition (cached per edition)."""
        cache = self.__dict__.setdefault("_comparable", {})
        if last.id not in cache:
            cache[last.id] = tuple(i for i in self.instances
                                   if all(last.has_cell(t.ref) for t in i.left + i.right if t.last))
        return cache[last.id]


@record(frozen=True)
class TextNumberPattern(Record):
    """A number the narrative text states (e.g. 本年新收申请N件) and the cells it must equal."""

    name: str
    pattern: re.Pattern[str]
    cells: tuple[CellRef, ...]
    with_carried_over: tuple[CellRef, ...] = ()


# eq=False: editions are singletons; identity hashing keeps lookups keyed on them cheap.
@record(frozen=True, eq=False)
class Edition(Record):
    """One edition of the format (2019, 2021): its sections, tables, rules and text numbers."""

    id: str
    name: str
    first_year: int
    last_year: int | None
    markers: tuple[str, ...]
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    rules: tuple[Rule, ...]
    text_numbers: tuple[TextNumberPattern, ...]

    def table(self, table_id: str) -> Table:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def text_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "text")

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def has_cell(self, ref: CellRef) -> bool:
        return ref in self.cell_kinds

    @cached_property
    def cell_kinds(self) -> dict[CellRef, str]:
        return {(t.id, r.id, c.id): c.kind for t in self.tables for r in t.rows for c in t.columns}

    def cells(self) -> tuple[CellRef, ...]:
        return self.cell_refs

    @cached_property
    def cell_refs(self) -> tuple[CellRef, ...]:
        """Every cell, in table order: one tuple object per cell, shared by whoever keys values with it
        (a batch of 5,000 reports keeps one set of keys, not 5,000)."""
        return tuple(ref for t in self.tables for ref in t.cells())

    def shared_values(self, values: dict[CellRef, Number]) -> dict[CellRef, Number]:
        """The same values keyed by the edition's own cell references (cells it lacks are dropped)."""
        return {ref: values[ref] for ref in self.cell_refs if ref in values}

    def pack(self, values: dict[CellRef, Number]) -> tuple[Number | None, ...]:
        """The values in ``cell_refs`` order, None for a blank: compact to send between processes."""
        return tuple(values.get(ref) for ref in self.cell_refs)

    def unpack(self, packed: tuple[Number | None, ...]) -> dict[CellRef, Number]:
        return {ref: v for ref, v in zip(self.cell_refs, packed, strict=True) if v is not None}


# ----------------------------------------------------------------------------- loading


def _req(d: dict, key: str, where: str, typ: type | tuple[type, ...] = str):
    if key not in d:
        raise SchemaError(f"{where}: missing '{key}'")
    v = d[key]
    if not isinstance(v, typ):
        raise SchemaError(f"{where}: '{key}' has the wrong type")
    return v


def _check_keys(d: dict, allowed: set[str], where: str) -> None:
    unknown = set(d) - allowed
    if unknown:
        raise SchemaError(f"{where}: unknown keys {sorted(unknown)}")


def _aliases(d: dict, where: str) -> tuple[str, ...]:
    """Alias wordings of a row or column label: a list of distinct non-empty strings, none the label itself."""
    raw = d.get("aliases", [])
    if not isinstance(raw, list) or not all(isinstance(a, str) and a.strip() for a in raw):
        raise SchemaError(f"{where}: aliases must be a list of non-empty strings")
    if len(set(raw)) != len(raw) or d.get("label") in raw:
        raise SchemaError(f"{where}: aliases repeat each other or the label")
    return tuple(raw)


def _load_table(d: dict) -> Table:
    where = f"table {d.get('id')}"
    _check_keys(d, {"id", "section", "grid_columns", "label_columns", "header", "rows", "columns", "groups"}, where)
    columns = []
    for c in _req(d, "columns", where, list):
        _check_keys(c, {"id", "label", "kind", "span", "group", "total", "unit_suffix", "aliases"}, where)
        col = Column(_req(c, "id", where), _req(c, "label", where), _req(c, "kind", where),
                     c.get("span", 1), c.get("group", ""), c.get("total", False), c.get("unit_suffix", ""),
                     _aliases(c, f"{where} column {c.get('id')}"))
        if col.kind not in CELL_KINDS:
            raise SchemaError(f"{where}: column {col.id} has unknown kind {col.kind}")
        columns.append(col)
    rows = []
    for r in _req(d, "rows", where, list):
        _check_keys(r, {"id", "label", "label_col", "short", "total", "aliases"}, where)
        rows.append(Row(_req(r, "id", where), _req(r, "label", where), r.get("label_col", 0), r.get("short", ""),
                        r.get("total", False), _aliases(r, f"{where} row {r.get('id')}")))
    columns_by_id = {c.id: c for c in columns}
    header = []
    for h in _req(d, "header", where, list):
        _check_keys(h, {"text", "column", "row", "col", "rowspan", "colspan", "role"}, where)
        if "column" in h:
            if h["column"] not in columns_by_id:
                raise SchemaError(f"{where}: header names unknown column {h['column']}")
            text, role = columns_by_id[h["column"]].label, "header"
        else:
            text, role = _req(h, "text", where), "header"
        header.append(GridCell(h["row"], h["col"], h.get("rowspan", 1), h.get("colspan", 1), text,
                               h.get("role", role)))
    groups = tuple(Group(g["text"], g["col"], g["first"], g["last"], g.get("vertical", False))
                   for g in d.get("groups", []))
    table = Table(_req(d, "id", where), _req(d, "section", where), _req(d, "grid_columns", where, int),
                  _req(d, "label_columns", where, int), tuple(header), tuple(rows), tuple(columns), groups)
    _validate_table(table)
    return table


def _validate_table(t: Table) -> None:
    where = f"table {t.id}"
    for ids, what in (([r.id for r in t.rows], "row"), ([c.id for c in t.columns], "column")):
        if len(set(ids)) != len(ids):
            raise SchemaError(f"{where}: duplicate {what} ids")
    row_ids = {r.id for r in t.rows}
    for g in t.groups:
        if g.first not in row_ids or g.last not in row_ids:
            raise SchemaError(f"{where}: group {g.text} names unknown rows")
    for c in t.columns:
        if not isinstance(c.span, int) or c.span < 1:
            raise SchemaError(f"{where}: column {c.id} spans {c.span} grid columns")
    width = t.label_columns + sum(c.span for c in t.columns)
    if width != t.grid_columns:
        raise SchemaError(f"{where}: label and value columns make {width} grid columns, not {t.grid_columns}")
    # Every grid position is covered by exactly one cell: the grid is what every view draws. Counted first
    # (a first start loads an edition: ~0.4 ms less than naming every position), named when it fails.
    height = t.header_rows + len(t.rows)
    if not _grid_covered_once(t, height):
        _explain_grid(t, height)


def _grid_covered_once(t: Table, height: int) -> bool:
    """Whether layout()'s cells cover the height × grid_columns grid exactly once, counted in rows."""
    width = t.grid_columns
    covered = bytearray(height * width)
    cells = [(c.row, c.col, c.rowspan, c.colspan) for c in t.header] + [p[:4] for p in t._body()]
    for row, col, rowspan, colspan in cells:
        if row < 0 or col < 0 or rowspan < 1 or colspan < 1 or row + rowspan > height or col + colspan > width:
            return False
        for r in range(row, row + rowspan):
            start = r * width + col
            if covered.find(1, start, start + colspan) >= 0:
                return False
            covered[start:start + colspan] = b"\x01" * colspan
    return covered.find(0) < 0


def _explain_grid(t: Table, height: int) -> None:
    """The SchemaError naming the first cell outside the grid or overlapping another, or what is uncovered."""
    where = f"table {t.id}"
    seen: dict[tuple[int, int], str] = {}
    for cell in t.layout():
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                if not (0 <= r < height and 0 <= c < t.grid_columns):
                    raise SchemaError(f"{where}: cell {cell.text or cell.ref} lies outside the grid")
                if (r, c) in seen:
                    raise SchemaError(f"{where}: cells {seen[(r, c)]} and {cell.text or cell.ref} overlap")
                seen[(r, c)] = cell.text or str(cell.ref)
    missing = [(r, c) for r in range(height) for c in range(t.grid_columns) if (r, c) not in seen]
    if missing:
        raise SchemaError(f"{where}: grid positions not covered: {missing[:5]}")
    bad = next((c for c in t.layout() if c.rowspan < 1 or c.colspan < 1), None)  # what else the count refuses
    what = f"cell {bad.text or bad.ref} spans {bad.rowspan}×{bad.colspan} grid cells" if bad else "cells overlap"
    raise SchemaError(f"{where}: {what}")


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _expand(template: str, var: str, item: str, sets: dict[str, list[str]]) -> list[str]:
    """Fill the for_each variable; a placeholder naming another set expands into one string per item."""
    out = [template.replace("{" + var + "}", item)]
    if "{" not in out[0]:
        return out  # most terms name only the for_each variable
    while True:
        names = {n for s in out for n in _PLACEHOLDER.findall(s)}
        if not names:
            return out
        name = names.pop()
        if name not in sets:
            raise SchemaError(f"unknown placeholder {{{name}}} in {template}")
        out = [s.replace("{" + name + "}", v) for s in out for v in sets[name]]


def _load_rule(d: dict, tables: dict[str, Table],
               cell_ids: dict[str, tuple[dict[str, str], dict[str, str]]] | None = None) -> Rule:
    """``cell_ids``: each table's row names and column labels by id (``_cell_ids``, once per edition)."""
    where = f"rule {d.get('id')}"
    _check_keys(d, {"id", "severity", "table", "for_each", "sets", "left", "right", "op", "left_name",
                    "right_name", "subject", "subject_labels"}, where)
    severity = _req(d, "severity", where)
    if severity not in SEVERITIES:
        raise SchemaError(f"{where}: unknown severity {severity}")
    op = d.get("op", "=")
    if op not in OPERATORS:
        raise SchemaError(f"{where}: unknown operator {op}")
    table = tables.get(_req(d, "table", where))
    if table is None:
        raise SchemaError(f"{where}: unknown table")
    var = _req(d, "for_each", where)
    sets = {"col": [c.id for c in table.columns], "row": [r.id for r in table.rows], **d.get("sets", {})}
    if var not in sets:
        raise SchemaError(f"{where}: for_each names unknown set {var}")
    labels = d.get("subject_labels", {})
    if cell_ids is None:
        cell_ids = _cell_ids(tables)
    instances = []
    for item in sets[var]:
        sides = []
        for side in ("left", "right"):
            terms = []
            for template in _req(d, side, where, list):
                for text in _expand(template, var, item, sets):
                    sign = -1 if text.startswith("-") else 1
                    text = text.lstrip("-")
                    last = text.startswith("last:")
                    parts = tuple(text.removeprefix("last:").split("."))
                    if len(parts) != 3 or parts[0] not in tables:
                        raise SchemaError(f"{where}: bad term {text}")
                    row_names, col_labels = cell_ids[parts[0]]
                    if parts[1] not in row_names or parts[2] not in col_labels:
                        raise SchemaError(f"{where}: term {text} names no cell")
                    # Named by what varies along the rule: the row for a rule per column, else the column.
                    name = row_names[parts[1]] if var == "col" else col_labels[parts[2]]
                    terms.append(Term(parts, sign, last, "上年" + name if last else name))  # type: ignore[arg-type]
            sides.append(tuple(terms))
        subject = d.get("subject", "{" + var + "}").replace("{" + var + "}", item)
        if item in labels:
            label = labels[item]
        elif var == "col":
            label = table.column(item).label
        elif var == "row":
            label = table.full_row_label(item)
            if table.caption:
                label = f"{table.caption} {label}"
        else:
            label = item
        instances.append(RuleInstance(subject, label, sides[0], sides[1]))
    return Rule(d["id"], severity, table.id, op, d.get("left_name", ""), d.get("right_name", ""),
                tuple(instances))


def _cell_ids(tables: dict[str, Table]) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Per table, its rows' names and its columns' labels by id: what a rule's terms are checked against
    and named by."""
    return {tid: ({r.id: r.name for r in t.rows}, {c.id: c.label for c in t.columns}) for tid, t in tables.items()}


def _load_section(d: dict) -> Section:
    where = f"section {d.get('id')}"
    _check_keys(d, {"id", "heading", "kind", "printed", "subheads", "tables", "must_mention", "template",
                    "aliases"}, where)
    s = Section(_req(d, "id", where), _req(d, "heading", where), _req(d, "kind", where), d.get("printed", True),
                tuple(d.get("subheads", ())), tuple(d.get("tables", ())), tuple(d.get("must_mention", ())),
                d.get("template", ""), _aliases({"label": d.get("heading"), **d}, where))
    if s.kind not in SECTION_KINDS:
        raise SchemaError(f"{where}: unknown kind {s.kind}")
    return s


def toml_reader():
    """The TOML parser: tomli where it is installed (a dependency: compiled with mypyc on the common
    platforms, it parses an edition in a third of tomllib's time, ~2 ms of a first start), else the
    standard library's tomllib, the same parser in pure Python. Imported only when parsing: a start served
    from the edition cache never needs it. Edition files keep to TOML 1.0, which both read alike (a test)."""
    try:
        import tomli
    except ImportError:  # a platform without tomli's wheel, or a bundle that left it out
        import tomllib

        return tomllib
    return tomli


def _parse_toml(text: str, name: str) -> dict:
    reader = toml_reader()
    try:
        return reader.loads(text)
    except reader.TOMLDecodeError as exc:
        raise SchemaError(f"{name}: {exc}") from exc


def load_edition_file(path: Path, raw: bytes | None = None) -> Edition:
    """The edition in this file; ``raw``: its bytes, already read."""
    try:
        text = path.read_text(encoding="utf-8") if raw is None else raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{path.name}: {exc}") from exc
    data = _parse_toml(text, path.name)
    _check_keys(data, {"id", "name", "first_year", "last_year", "markers", "sections", "tables", "rules",
                       "text_numbers"}, path.name)
    tables = tuple(_load_table(t) for t in _req(data, "tables", path.name, list))
    by_id = {t.id: t for t in tables}
    if len(by_id) != len(tables):
        raise SchemaError(f"{path.name}: duplicate table ids")
    sections = tuple(_load_section(s) for s in _req(data, "sections", path.name, list))
    for s in sections:
        for t in s.tables:
            if t not in by_id or by_id[t].section != s.id:
                raise SchemaError(f"{path.name}: section {s.id} lists table {t} wrongly")
    cell_ids = _cell_ids(by_id)
    rules = tuple(_load_rule(r, by_id, cell_ids) for r in data.get("rules", []))
    text_numbers = []
    for p in data.get("text_numbers", []):
        cells = tuple(tuple(c.split(".")) for c in p["cells"])
        with_co = tuple(tuple(c.split(".")) for c in p.get("with_carried_over", ()))
        for ref in cells + with_co:
            if len(ref) != 3 or ref[0] not in by_id:
                raise SchemaError(f"{path.name}: text_numbers {p['name']} names no cell {ref}")
        try:
            pattern = re.compile(p["pattern"])
        except re.error as exc:
            raise SchemaError(f"{path.name}: text_numbers {p['name']}: {exc}") from exc
        text_numbers.append(TextNumberPattern(p["name"], pattern, cells, with_co))  # type: ignore[arg-type]
    edition = Edition(_req(data, "id", path.name), _req(data, "name", path.name),
                      _req(data, "first_year", path.name, int), data.get("last_year"),
                      tuple(data.get("markers", ())), sections, tables, rules, tuple(text_numbers))
    if path.stem != edition.id:
        raise SchemaError(f"{path.name}: id {edition.id} does not match the file name")
    return edition


@cache
def editions() -> Editions:
    """Every edition shipped in resources/formats, by id."""
    paths = sorted(p for p in formats_dir().iterdir() if p.suffix == ".toml")  # glob would compile a pattern
    if not paths:
        raise SchemaError(f"no edition files in {formats_dir()}")
    return load_editions(paths)


def load_editions(paths: list[Path]) -> Editions:
    """The editions in these files, by id (each loaded when first asked for)."""
    return Editions(paths)


class Editions(Mapping[str, Edition]):
    """The editions in some files, by id (the file's name, which ``load_edition_file`` checks). Each is
    loaded when first asked for, from the validated cache (edition_cache) when that was built from exactly
    its file and this code, else parsed (and the cache renewed): opening a report loads its own edition
    only. The years each edition covers are known without loading it (``spans``)."""

    def __init__(self, paths: list[Path]):
        self._paths = {p.stem: p for p in paths}
        self._loaded: dict[str, Edition] = {}
        self._spans: dict[str, tuple[int, int | None]] | None = None

    def __getitem__(self, edition_id: str) -> Edition:
        found = self._loaded.get(edition_id)
        if found is None:
            path = self._paths[edition_id]  # KeyError: no such edition
            from editor.edition_cache import cached

            found = self._loaded[edition_id] = cached(
                f"edition-{edition_id}", [path], [Path(__file__)],
                lambda data: load_edition_file(path, None if data is None else data[path]))
        return found

    def __contains__(self, edition_id: object) -> bool:
        return edition_id in self._paths  # without loading it

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def spans(self) -> dict[str, tuple[int, int | None]]:
        """(first year, last year or None) of every edition, by id, from the files' leading keys."""
        if self._spans is None:
            from editor.edition_cache import cached

            paths = list(self._paths.values())
            self._spans = cached("edition-years", paths, [Path(__file__)], lambda data: {
                p.stem: _span(p, None if data is None else data[p]) for p in paths})
        return self._spans


def _span(path: Path, raw: bytes | None) -> tuple[int, int | None]:
    """The years an edition file covers, from its keys before the first [table] (a TOML document of its
    own); the whole file when they are not there."""
    try:
        text = path.read_text(encoding="utf-8") if raw is None else raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{path.name}: {exc}") from exc
    first_table = re.search(r"^\s*\[", text, re.MULTILINE)
    try:
        head = _parse_toml(text[:first_table.start()] if first_table else text, path.name)
    except SchemaError:
        head = {}
    first, last = head.get("first_year"), head.get("last_year")
    if not isinstance(first, int) or not (last is None or isinstance(last, int)):
        e = load_edition_file(path, raw)
        return e.first_year, e.last_year
    return first, last


def edition(edition_id: str) -> Edition:
    return editions()[edition_id]


def edition_for_year(year: int) -> Edition:
    """The edition a report of this year must use (the newest one covering it); only that one is loaded."""
    spans = editions().spans()
    matches = [i for i, (first, last) in spans.items() if year >= first and (last is None or year <= last)]
    if not matches:
        # Before the first edition: the oldest one is the nearest thing there is.
        return editions()[min(spans, key=lambda i: spans[i][0])]
    return editions()[max(matches, key=lambda i: spans[i][0])]
