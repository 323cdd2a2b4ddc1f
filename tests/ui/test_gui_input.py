"""Typed and pasted text → cell values (no Qt needed)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from editor.cell_input import CellInputError, parse_cell
from editor.io.clipboard import ClipboardError, parse_spreadsheet_xml, parse_tsv


@pytest.mark.parametrize(("kind", "text", "value"), [
    ("count", "12", 12), ("count", " １２ ", 12), ("count", "1,234", 1234), ("count", "", None),
    ("signed", "-3", -3), ("signed", "－3", -3), ("signed", "+4", 4),
    ("money", "24252.311082", Decimal("24252.311082")), ("money", "7545", Decimal("7545")),
])
def test_accepted(kind, text, value):
    assert parse_cell(kind, text) == value


@pytest.mark.parametrize(("kind", "text", "why"), [
    ("count", "-1", "不小于0"), ("count", "1.5", "不是整数"), ("count", "十", "不是数字"),
    ("signed", "2.0.1", "不是数字"), ("money", "1.1234567", "6位小数"), ("money", "-2", "负数"),
    ("count", "1e3", "不是数字"), ("money", "NaN", "不是数字"),
])
def test_refused_with_a_reason(kind, text, why):
    with pytest.raises(CellInputError, match=why):
        parse_cell(kind, text)


def test_tsv_from_excel():
    assert parse_tsv("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert parse_tsv('"1"\t\n') == [["1", ""]]


def test_spreadsheet_xml_with_skipped_cells():
    xml = b"""<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>
<Row><Cell><Data ss:Type="Number">1</Data></Cell><Cell ss:Index="3"><Data ss:Type="Number">3</Data></Cell></Row>
<Row><Cell ss:MergeAcross="1"><Data ss:Type="String">x</Data></Cell><Cell><Data ss:Type="Number">5</Data></Cell></Row>
</Table></Worksheet></Workbook>"""
    assert parse_spreadsheet_xml(xml) == [["1", "", "3"], ["x", "", "5"]]


def test_hostile_clipboard_is_refused():
    with pytest.raises(ClipboardError):
        parse_spreadsheet_xml(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    with pytest.raises(ClipboardError):
        parse_spreadsheet_xml(b"not xml")
    with pytest.raises(ClipboardError):
        parse_tsv("\t".join(["1"] * 30_000))
