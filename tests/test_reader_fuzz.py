"""Mutated files through every reader (via editor.io.load.load): each mutated input gives either the
project's own error (a Chinese message) or a report whose every number occurs in the source (or whose
cell carries a log entry saying how it was adjusted). A reader that refuses every file fails here: each
reader must read at least a share of its mutants. Deterministic seeds; cheap enough for every CI run."""

from __future__ import annotations

import json
import random
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from editor.io.formats import READERS, write_any
from editor.io.load import load
from editor.io.native import ReportFileError, dumps
from editor.samples import sample_report
from editor.value_limits import number_problem
from tests.import_quirks import quirky_docx, quirky_html, quirky_xlsx

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
HOSTILE_TOKENS = ["NaN", "1e999999999", "9" * 5000, "-1", "3.5", "", "abc", "\x01", "\ud800", "１２", "77 50",
                  "=1+1", "<", "&amp;", "1,234", "0.0000001"]


def numbers_in(text: str) -> set[Decimal]:
    """Every number written in the text: as written, with thousands separators dropped, full-width digits
    as digits, and as the double a spreadsheet stores (78837.45699999999 is the double of 78837.457)."""
    text = unicodedata.normalize("NFKC", text)
    text = _GROUPED.sub(lambda m: m.group().replace(",", ""), text)
    out = set()
    for m in _NUMBER.findall(text):
        d = Decimal(m)
        out.add(d)
        if len(m) < 40:
            out.add(Decimal(repr(float(m))))
    return out


def fuzz(tmp_path: Path, ext: str, mutants: Iterator[tuple[bytes, str]], min_read: float) -> tuple[int, int]:
    """Run every mutant (bytes, source text) through load(); the outcome rules above. (read, refused)."""
    read = refused = 0
    for i, (data, source) in enumerate(mutants):
        path = tmp_path / f"mutant{i}{ext}"
        path.write_bytes(data)
        try:
            result = load(str(path))
        except ReportFileError as exc:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc)), str(exc)
            refused += 1
            continue
        finally:
            path.unlink()
        read += 1
        present = numbers_in(source)
        told = {e.cell for e in result.log if e.kind in ("adjusted", "converted") and e.cell is not None}
        for ref, value in result.report.values.items():
            assert number_problem(value) is None, (i, ref, value)
            assert ref in told or abs(Decimal(value)) in present, (i, ref, value)
    total = read + refused
    assert total and read >= min_read * total, f"{ext}: only {read} of {total} mutants read"
    return read, refused


def _token(rnd: random.Random, hostile: float = 0.5) -> str:
    return rnd.choice(HOSTILE_TOKENS) if rnd.random() < hostile else str(rnd.randint(0, 10**6))


def _zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _zip_bytes(parts: dict[str, bytes]) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _xml_text(parts: dict[str, bytes]) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", d.decode("utf-8", "replace")) for n, d in parts.items()
                    if n.endswith(".xml"))


def _mutate_xml(xml: str, rnd: random.Random, text_tag: str) -> str:
    """Replace, blank or swap a few text nodes; drop or duplicate an element now and then."""
    nodes = list(re.finditer(rf"(<{text_tag}(?: [^>]*)?>)([^<]*)(</{text_tag}>)", xml))
    if not nodes:
        return xml
    for _ in range(rnd.randint(1, 4)):
        m = rnd.choice(nodes)
        op = rnd.random()
        if op < 0.6:
            new = _escape(_token(rnd))
        elif op < 0.8:
            new = rnd.choice(nodes).group(2)  # another node's text (a swapped number or label)
        else:
            new = m.group(2) + m.group(2)  # doubled text ("12" → "1212")
        xml = xml[:m.start(2)] + new + xml[m.end(2):]
        nodes = list(re.finditer(rf"(<{text_tag}(?: [^>]*)?>)([^<]*)(</{text_tag}>)", xml))
    return xml


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _office_mutants(path: Path, rnd: random.Random, count: int, members: Callable[[str], bool],
                    text_tag: str) -> Iterator[tuple[bytes, str]]:
    original = _zip_parts(path)
    for k in range(count):
        parts = dict(original)
        if k % 10 == 9:  # now and then a byte-level wound instead: a flipped byte in the zip itself
            data = bytearray(_zip_bytes(parts))
            for _ in range(rnd.randint(1, 3)):
                data[rnd.randrange(len(data))] ^= 1 << rnd.randrange(8)
            yield bytes(data), _xml_text(original)
            continue
        name = rnd.choice(sorted(n for n in parts if members(n)))
        text = parts[name].decode("utf-8", "surrogatepass")
        parts[name] = _mutate_xml(text, rnd, text_tag).encode("utf-8", "surrogatepass")
        yield _zip_bytes(parts), _xml_text(parts)


@pytest.fixture(scope="module")
def report():
    return sample_report(2023, seed=11)


_JSON_VALUE = re.compile(r"(?<=: )-?\d+(?:\.\d+)?|(?<=: )\"\d+(?:\.\d+)?\"")


def test_native_mutants(tmp_path, report):
    rnd = random.Random(1)
    text = dumps(report)

    def mutants():
        for _ in range(60):
            t = text
            for _ in range(rnd.randint(1, 3)):
                m = rnd.choice(list(_JSON_VALUE.finditer(t)))
                tok = _token(rnd, 0.25)
                raw = tok if re.fullmatch(r"-?\d+(\.\d+)?|NaN|1e999999999|9+", tok) else json.dumps(tok)
                t = t[:m.start()] + raw + t[m.end():]
            if rnd.random() < 0.15:
                cut = rnd.randrange(len(t))
                t = t[:cut] + t[cut + 1:]
            yield t.encode("utf-8"), t

    fuzz(tmp_path, ".gknb", mutants(), 0.3)


@pytest.mark.parametrize("kind", ["own", "foreign"])
def test_docx_mutants(tmp_path, report, kind):
    path = tmp_path / "src.docx"
    if kind == "own":
        write_any(report, path)
    else:
        quirky_docx(report, path)
    fuzz(tmp_path, ".docx", _office_mutants(path, random.Random(2), 30, lambda n: n == "word/document.xml", "w:t"),
         0.3)


@pytest.mark.parametrize("kind", ["own", "foreign"])
def test_xlsx_mutants(tmp_path, report, kind):
    path = tmp_path / "src.xlsx"
    if kind == "own":
        write_any(report, path)
    else:
        quirky_xlsx(report, path)
    mutants = _office_mutants(path, random.Random(3), 30,
                              lambda n: n.startswith("xl/worksheets/sheet") or n == "xl/sharedStrings.xml", "(?:v|t)")
    fuzz(tmp_path, ".xlsx", mutants, 0.3)


def test_html_mutants(tmp_path, report):
    page = quirky_html(report, subtotal=True, half=True).replace("charset=gb2312", "charset=utf-8")
    rnd = random.Random(4)

    def mutants():
        for _ in range(40):
            p = _mutate_xml(page, rnd, "td")
            if rnd.random() < 0.2:
                at = rnd.randrange(len(p))
                p = p[:at] + rnd.choice(["<!", "</", "<?", "<td>", "</tr>", "&#0;", "&#xD800;"]) * 50 + p[at:]
            source = re.sub(r"<[^>]*>", " ", p)
            yield p.encode("utf-8", "surrogatepass"), source

    fuzz(tmp_path, ".html", mutants(), 0.3)


def test_pdf_mutants(tmp_path):
    from tests.conftest import shared_path

    pdf = shared_path("realdata", "huaian-2024.pdf").read_bytes()
    source = " ".join(shared_path("realdata", f"huaian-2024.{k}").read_text(encoding="utf-8")
                      for k in ("pypdf.txt", "pdfminer.txt", "pdftotext-layout.txt", "markitdown.md"))
    rnd = random.Random(5)

    def mutants():
        for k in range(8):
            data = bytearray(pdf)
            if k % 2:
                del data[rnd.randrange(len(data) // 2, len(data)):]  # truncated download
            else:
                for _ in range(rnd.randint(1, 4)):
                    data[rnd.randrange(len(data))] ^= 1 << rnd.randrange(8)
            yield bytes(data), source

    fuzz(tmp_path, ".pdf", mutants(), 0.25)


def test_fuzz_fails_when_a_reader_refuses_every_file(tmp_path, report, monkeypatch):
    """The check above must not pass vacuously: with the native reader refusing everything, it fails."""
    import editor.io.formats as formats

    monkeypatch.setitem(READERS, ".gknb", "tests.test_reader_fuzz:refuse_everything")
    assert formats.READERS[".gknb"].endswith("refuse_everything")
    text = dumps(report)
    with pytest.raises(AssertionError, match="only 0 of 5"):
        fuzz(tmp_path, ".gknb", iter([(text.encode(), text)] * 5), 0.3)


def refuse_everything(path):
    raise ReportFileError("测试：拒绝所有文件")


def test_fuzz_fails_when_a_reader_invents_a_number(tmp_path, report, monkeypatch):
    """…and a reader that changes a number without a log entry fails it too."""
    monkeypatch.setitem(READERS, ".gknb", "tests.test_reader_fuzz:add_one")
    text = dumps(report)
    with pytest.raises(AssertionError):
        fuzz(tmp_path, ".gknb", iter([(text.encode(), text)]), 0.3)


def add_one(path):
    from editor.io.native import read_native

    r = read_native(path)
    ref = next(iter(r.values))
    r.values[ref] = r.values[ref] + 987_654_321
    return r


def test_two_numbers_in_one_cell_are_not_run_together(tmp_path):
    """Found by the docx fuzz: a cell “77 50” was read as 7750. Now the cell stays blank, marked."""
    from tests.import_quirks import quirky_html

    report = sample_report(2023, seed=11)
    ref = ("requests", "other_no_fee", "research")
    report.values[ref] = 4321
    page = quirky_html(report, subtotal=False, half=False).replace("charset=gb2312", "charset=utf-8")
    assert page.count(">4321<") == 1
    path = tmp_path / "page.html"
    path.write_text(page.replace(">4321<", ">77 50<"), encoding="utf-8")
    result = load(str(path))
    assert ref not in result.report.values
    assert ref in result.cells_marked()
