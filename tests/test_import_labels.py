"""Label normalisation and row matching: the small variations real reports print."""

from __future__ import annotations

from decimal import Decimal

import pytest

from editor.io.recognize.alignment import match as _match
from editor.io.recognize.alignment import specs_of as _specs
from editor.io.recognize.labels import key, label_key, parse_number, split_labels, split_numbering
from editor.schema import edition


@pytest.mark.parametrize("text", ["1.属于国家秘密", "1．属于国家秘密", "1、属于国家秘密", " 1 . 属于 国家秘密"])
def test_item_numbering_variants(text: str) -> None:
    assert label_key(text) == (("num", 1), "属于国家秘密")


@pytest.mark.parametrize("text", ["（三）不予公开", "(三)不予公开", "( 三 ) 不予公开"])
def test_paren_numbering_variants(text: str) -> None:
    assert label_key(text) == (("paren", 3), "不予公开")


def test_heading_numbering_with_full_width_point() -> None:
    assert split_numbering("四．政府信息公开行政复议、行政诉讼情况")[0] == ("cn", 4)


def test_key_ignores_width_spaces_quotes_and_fixes_the_known_typo() -> None:
    assert key("危及“三安全一稳定”") == key("危及\"三安全 一稳定\"") == "危及三安全一稳定"
    # The typo is an alias of the row in the edition data, not a rule of the key.
    assert key("其他法律行政止公开") == "其他法律行政止公开"


def test_a_line_holding_a_group_and_an_item_splits() -> None:
    assert split_labels("（四）无 1.本机关不掌握相关政府信息") == ["（四）无", "1.本机关不掌握相关政府信息"]
    assert split_labels("第二十条 第（一）项") == ["第二十条 第（一）项"]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("0", Decimal(0), ""), (" 57 ", Decimal(57), ""), ("-57", Decimal(-57), ""), ("－2", Decimal(-2), ""),
    ("1,204", Decimal(1204), ""), ("7730.28", Decimal("7730.28"), ""), ("251000元", Decimal(251000), "元"),
    ("１２", Decimal(12), ""), ("25.1万元", Decimal("25.1"), "万元"),
])
def test_numbers(text: str, value: Decimal, unit: str) -> None:
    assert parse_number(text) == (value, unit)


@pytest.mark.parametrize("text", ["2.", "1.属于", "第3页", "—", "2024年", "1.5.2"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def _row(label: str, ed_id: str = "2021") -> str | None:
    ed = edition(ed_id)
    spec, _ = _match(split_numbering(label), _specs(ed, [ed.table("requests")]))
    return spec.row if spec else None


def test_rows_match_by_numbering_and_text() -> None:
    assert _row("2.其他法律行政止公开") == "withheld_prohibited"  # the typo of 洪泽
    assert _row("3、其他") == "other_else"
    assert _row("5.要求行政机关确认或重 新出具已获取信息") == "rejected_confirmation"
    assert _row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）三本年度") == "partly_disclosed"
    assert _row("（六）其他处理", "2019") == "other_handling"
    assert _row("其他") is None  # the 其他 column header is not the 3.其他 row
    assert _row("2.其他") is None  # number and text must both fit


def test_table_of_contents_lines_are_not_headings() -> None:
    from editor.io.recognize.lines import Line
    from editor.io.recognize.sections import split_sections

    ed = edition("2021")
    toc = [Line([f"{s.heading}……{i}"]) for i, s in enumerate(ed.sections) if s.printed and s.kind != "meta"]
    body = [Line(["目录"]), *toc, Line(["一、总体情况"]), Line(["正文。"]), Line(["六、其他需要报告的事项"]),
            Line(["未收取信息处理费。"])]
    parts = split_sections(body, ed)
    assert [x.text for x in parts.parts["overview"]] == ["正文。"]
    assert len(parts.head) == len(toc) + 1
