"""A clipboard can hold anything: hostile blocks are refused with a Chinese message, in bounded memory."""

from __future__ import annotations

import pytest

from editor.io.clipboard import ClipboardError, parse_spreadsheet_xml, parse_tsv

_HEAD = (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
         b'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table>')
_TAIL = b"</Table></Worksheet></Workbook>"


@pytest.mark.parametrize("cell", [
    b'<Cell ss:MergeAcross="99999999999"><Data>1</Data></Cell>',  # would build a list of 10^11 cells
    b'<Cell ss:MergeAcross="-5"><Data>1</Data></Cell>',
    b'<Cell ss:MergeAcross="x"><Data>1</Data></Cell>',
    b'<Cell ss:Index="' + b"9" * 5000 + b'"><Data>1</Data></Cell>',  # int() of 5,000 digits
])
def test_hostile_spreadsheet_xml_is_refused(cell):
    with pytest.raises(ClipboardError):
        parse_spreadsheet_xml(_HEAD + b"<Row>" + cell + b"</Row>" + _TAIL)


def test_hostile_tsv_is_refused_before_splitting():
    with pytest.raises(ClipboardError):
        parse_tsv("\t" * 5_000_000)
    with pytest.raises(ClipboardError):
        parse_tsv("1\n" * 100_000)


def test_a_real_block_still_parses():
    assert parse_tsv("1\t2\n3\t4\n") == [["1", "2"], ["3", "4"]]
    xml = _HEAD + b'<Row><Cell ss:MergeAcross="1"><Data>5</Data></Cell><Cell><Data>6</Data></Cell></Row>' + _TAIL
    assert parse_spreadsheet_xml(xml) == [["5", "", "6"]]
