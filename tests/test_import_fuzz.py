"""Fuzzing the text importer with mangled real reports and random bytes (hypothesis): it either reads a
report or refuses with a Chinese message, and never invents a number that is not in the text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.io.native import ReportFileError
from editor.io.recognize.labels import parse_number
from editor.io.text_import import read_text

FIXTURE = Path(__file__).parent / "fixtures" / "import" / "gbk-2019.txt"
LINES = FIXTURE.read_bytes().decode("gb18030").split("\n")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _numbers_in(text: str) -> set[Decimal]:
    out = set()
    for token in text.split():
        parsed = parse_number(token)
        if parsed is not None:
            out.add(parsed[0])
    return out


def _read(tmp_path: Path, data: bytes):
    p = tmp_path / "fuzz.txt"
    p.write_bytes(data)
    try:
        return read_text(p)
    except ReportFileError as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))
        return None


@st.composite
def mangled(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(0, 12))):
        op = draw(st.sampled_from(["drop", "dup", "swap", "edit", "number"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "edit":
            pos = draw(st.integers(0, max(0, len(lines[i]))))
            lines[i] = lines[i][:pos] + draw(st.text(max_size=4)) + lines[i][pos + 1:]
        else:
            lines[i] = str(draw(st.integers(-10**6, 10**6)))
        if not lines:
            break
    return "\n".join(lines)


@SETTINGS
@given(text=mangled(), encoding=st.sampled_from(["utf-8", "gb18030"]))
def test_mangled_report_never_invents_numbers(tmp_path: Path, text: str, encoding: str) -> None:
    result = _read(tmp_path, text.encode(encoding, "replace"))
    if result is None:
        return
    present = _numbers_in(text.encode(encoding, "replace").decode(encoding))
    for ref, value in result.report.values.items():
        assert Decimal(value) in present, (ref, value)
    assert all(e.kind in ("missing", "ambiguous", "adjusted", "unplaced", "converted", "note") for e in result.log)


@SETTINGS
@given(data=st.binary(max_size=4000))
def test_random_bytes_are_refused_or_read(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, data)
