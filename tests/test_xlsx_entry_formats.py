"""Per-cell conditional formats of the exported sheet: entries the editor would refuse turn red (a number
stored as text, a negative count, a fraction in a count cell, money with 7 decimals), and whole amounts of
money print without a decimal point; the printed figures checked through LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from editor.io.xlsx.export import TABLES_SHEET, cell_name, write_xlsx
from editor.samples import sample_report

_TOKEN = re.compile(r"\s*(IF|OR|AND|ISTEXT|ISNUMBER|INT|ROUND|TRUE|FALSE|\$?[A-Z]+\$?\d+|\d+(?:\.\d+)?"
                    r"|<>|<=|>=|[(),<>=-])")
_CMP = {"<>": lambda a, b: a != b, "=": lambda a, b: a == b, "<": lambda a, b: a < b, ">": lambda a, b: a > b,
        "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


class _Error(Exception):
    """An Excel error value (#VALUE!): a format whose formula gives one is not applied."""


def evaluate(formula: str, values: dict[str, object]) -> bool:
    """Excel semantics for the subset the entry formats use: a blank cell is 0 and not a number, IF
    evaluates only the branch it takes, INT of a text is an error, text compares above every number."""
    toks, pos = [], 0
    while pos < len(formula):
        m = _TOKEN.match(formula, pos)
        assert m, f"unexpected text in {formula!r} at {pos}"
        toks.append(m.group(1))
        pos = m.end()
    ast, end = _parse(toks, 0)
    assert end == len(toks), formula
    try:
        return bool(_eval(ast, values))
    except _Error:
        return False


def _parse(toks, i):
    left, i = _primary(toks, i)
    if i < len(toks) and toks[i] in _CMP:
        op = toks[i]
        right, i = _primary(toks, i + 1)
        return ("cmp", op, left, right), i
    return left, i


def _primary(toks, i):
    tok = toks[i]
    if tok == "-":
        inner, i = _primary(toks, i + 1)
        return ("neg", inner), i
    if tok in ("IF", "OR", "AND", "ISTEXT", "ISNUMBER", "INT", "ROUND"):
        assert toks[i + 1] == "("
        args, i = [], i + 2
        while True:
            arg, i = _parse(toks, i)
            args.append(arg)
            if toks[i] == ",":
                i += 1
                continue
            assert toks[i] == ")"
            return ("call", tok, args), i + 1
    if tok in ("TRUE", "FALSE"):
        return ("const", tok == "TRUE"), i + 1
    if re.fullmatch(r"\$?[A-Z]+\$?\d+", tok):
        return ("ref", tok.replace("$", "")), i + 1
    return ("const", Decimal(tok)), i + 1


def _num(x):
    if isinstance(x, str):
        try:
            return Decimal(x)
        except ArithmeticError:
            raise _Error from None
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x or 0)


def _eval(node, values):
    kind = node[0]
    if kind == "const":
        return node[1]
    if kind == "ref":
        return values.get(node[1])
    if kind == "neg":
        return -_num(_eval(node[1], values))
    if kind == "cmp":
        a, b = _eval(node[2], values), _eval(node[3], values)
        if isinstance(a, str) != isinstance(b, str):  # text is above every number
            a, b = (1, 0) if isinstance(a, str) else (0, 1)
        elif not isinstance(a, str):
            a, b = _num(a), _num(b)
        return _CMP[node[1]](a, b)
    _, name, args = node
    if name == "IF":
        return _eval(args[1] if _eval(args[0], values) else args[2], values)
    vals = [_eval(a, values) for a in args]  # every argument, as Excel does
    if name == "OR":
        return any(vals)
    if name == "AND":
        return all(vals)
    if name == "ISTEXT":
        return isinstance(vals[0], str)
    if name == "ISNUMBER":
        return isinstance(vals[0], int | float | Decimal) and not isinstance(vals[0], bool)
    if name == "INT":
        return _num(vals[0]).to_integral_value(rounding="ROUND_FLOOR")
    if name == "ROUND":
        return round(_num(vals[0]), int(vals[1]))
    raise AssertionError(name)


def _coord(wb, ref) -> str:
    return next(iter(wb.defined_names[cell_name(ref)].destinations))[1].replace("$", "")


def _red(ws, coord: str) -> bool:
    values = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
    for cf in ws.conditional_formatting:
        if not any(coord in {f"{c}" for c in _cells(rng)} for rng in cf.sqref.ranges):
            continue
        for rule in cf.rules:
            if "ISTEXT(" in rule.formula[0] and evaluate(rule.formula[0], values):
                return True
    return False


def _cells(rng):
    from openpyxl.utils import get_column_letter

    return [f"{get_column_letter(c)}{r}" for r, c in rng.cells]


BAD = {
    ("requests", "new", "natural_person"): -3,  # negative count
    ("requests", "disclosed", "commercial"): 0.5,  # a fraction in a count cell (shown as 1 by "0")
    ("requests", "carry_forward", "research"): "12",  # a number stored as text
    ("art20_8", "fees", "amount"): 1.0000001,  # money with 7 decimals
    ("art20_5", "licensing", "decisions"): -1,
}
GOOD = {("requests", "new", "commercial"): 7, ("art20_8", "fees", "amount"): 96171.65,
        ("requests", "carried_over", "total"): 0}


def test_bad_entries_turn_red_and_good_ones_do_not(tmp_path):
    path = tmp_path / "r.xlsx"
    write_xlsx(sample_report(2024), path)
    wb = openpyxl.load_workbook(path)
    ws = wb[TABLES_SHEET]
    assert not any(_red(ws, _coord(wb, ref)) for ref in sample_report(2024).edition.cells())
    for ref, value in {**BAD, **GOOD}.items():
        wb2 = openpyxl.load_workbook(path)
        ws2 = wb2[TABLES_SHEET]
        ws2[_coord(wb2, ref)] = value
        assert _red(ws2, _coord(wb2, ref)) == (ref in BAD and BAD[ref] == value), (ref, value)


@pytest.fixture(scope="session")
def printed(tmp_path_factory):
    """Workbooks edited by openpyxl as a user would in Excel, printed by LibreOffice: the text of each."""
    soffice = shutil.which("soffice")
    pdftotext = shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("LibreOffice or poppler is not installed")
    tmp = tmp_path_factory.mktemp("xlsx-print")
    edits = {"edited": Decimal("96171.65"), "whole": 7545, "six": Decimal("24252.311082"),
             "tiny": Decimal("0.35"), "half": Decimal("12.5")}
    files = []
    for name, value in edits.items():
        report = sample_report(2024)
        report.set(("art20_8", "fees", "amount"), Decimal("40709.9"))  # one decimal at export
        path = tmp / f"{name}.xlsx"
        write_xlsx(report, path)
        wb = openpyxl.load_workbook(path)
        wb[TABLES_SHEET][_coord(wb, ("art20_8", "fees", "amount"))] = float(value) if isinstance(
            value, Decimal) else value
        wb.save(path)
        files.append(path)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp / "pdf"), *map(str, files)], capture_output=True, timeout=180)
    out = {}
    for name in edits:
        pdf = tmp / "pdf" / f"{name}.pdf"
        assert pdf.exists(), name
        out[name] = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout
    return out


@pytest.mark.parametrize(("name", "shown"), [("edited", "96171.65"), ("six", "24252.311082"), ("tiny", "0.35"),
                                             ("half", "12.5")])
def test_money_prints_as_typed_after_an_edit(printed, name, shown):
    line = next(line for line in printed[name].splitlines() if "行政事业性收费" in line)
    assert re.search(rf"(?<![\d.]){re.escape(shown)}(?![\d.])", line), line


def test_a_whole_amount_prints_without_a_decimal_point(printed):
    line = next(line for line in printed["whole"].splitlines() if "行政事业性收费" in line)
    assert re.search(r"(?<![\d.])7545(?![\d.])", line), line


def test_internal_names_are_hidden_from_the_name_box(tmp_path):
    """The reader's names (one per cell, meta field and text) stay, hidden: Excel's Name Box lists none."""
    path = tmp_path / "r.xlsx"
    write_xlsx(sample_report(2024), path)
    wb = openpyxl.load_workbook(path)
    names = list(wb.defined_names.values())
    assert len(names) > 200
    assert all(n.hidden for n in names)
