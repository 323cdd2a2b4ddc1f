"""The edition files hold every label and id of FORMAT.md, in order, and the loader refuses bad files."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from editor.resources import formats_dir
from editor.schema import SchemaError, edition, edition_for_year, load_edition_file
from tests.conftest import SHARED

REQUEST_ROWS_COMMON_HEAD = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("disclosed", "（一）予以公开"),
    ("partly_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("withheld_state_secret", "1.属于国家秘密"),
    ("withheld_prohibited", "2.其他法律行政法规禁止公开"),
    ("withheld_security", "3.危及“三安全一稳定”"),
    ("withheld_third_party", "4.保护第三方合法权益"),
    ("withheld_internal", "5.属于三类内部事务信息"),
    ("withheld_process", "6.属于四类过程性信息"),
    ("withheld_enforcement_file", "7.属于行政执法案卷"),
    ("withheld_query", "8.属于行政查询事项"),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear", "3.补正后申请内容仍不明确"),
    ("rejected_petition", "1.信访举报投诉类申请"),
    ("rejected_repeat", "2.重复申请"),
    ("rejected_publication", "3.要求提供公开出版物"),
    ("rejected_mass_repeat", "4.无正当理由大量反复申请"),
    ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
]
REQUEST_ROWS_TAIL = [("results_total", "（七）总计"), ("carry_forward", "四、结转下年度继续办理")]
OTHER_2019 = [("other_handling", "（六）其他处理")]
OTHER_2021 = [
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_else", "3.其他"),
]
REQUEST_COLUMNS = [("natural_person", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
                   ("nonprofit", "社会公益组织"), ("legal_services", "法律服务机构"), ("other_org", "其他"),
                   ("total", "总计")]
APPEAL_COLUMNS = [f"{g}_{p}" for g in ("review", "direct_suit", "suit_after_review")
                  for p in ("upheld", "corrected", "other", "pending", "total")]
SECTIONS = [("meta", "基本信息"), ("preamble", None), ("overview", "一、总体情况"),
            ("proactive", "二、主动公开政府信息情况"), ("requests", "三、收到和处理政府信息公开申请情况"),
            ("appeals", "四、政府信息公开行政复议、行政诉讼情况"), ("problems", "五、存在的主要问题及改进情况"),
            ("other", "六、其他需要报告的事项")]

ART20 = {
    "2021": [
        ("art20_1", "第二十条第（一）项", [("regulations", "规章"), ("normative_documents", "行政规范性文件")],
         [("issued", "本年制发件数", "count"), ("repealed", "本年废止件数", "count"),
          ("in_force", "现行有效件数", "count")]),
        ("art20_5", "第二十条第（五）项", [("licensing", "行政许可")], [("decisions", "本年处理决定数量", "count")]),
        ("art20_6", "第二十条第（六）项", [("penalty", "行政处罚"), ("enforcement", "行政强制")],
         [("decisions", "本年处理决定数量", "count")]),
        ("art20_8", "第二十条第（八）项", [("fees", "行政事业性收费")],
         [("amount", "本年收费金额（单位：万元）", "money")]),
    ],
    "2019": [
        ("art20_1", "第二十条第（一）项", [("regulations", "规章"), ("normative_documents", "规范性文件")],
         [("made", "本年新制作数量", "count"), ("published", "本年新公开数量", "count"),
          ("public_total", "对外公开总数量", "count")]),
        ("art20_5", "第二十条第（五）项", [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")],
         [("previous", "上一年项目数量", "count"), ("change", "本年增/减", "signed"),
          ("decisions", "处理决定数量", "count")]),
        ("art20_6", "第二十条第（六）项", [("penalty", "行政处罚"), ("enforcement", "行政强制")],
         [("previous", "上一年项目数量", "count"), ("change", "本年增/减", "signed"),
          ("decisions", "处理决定数量", "count")]),
        ("art20_8", "第二十条第（八）项", [("fees", "行政事业性收费")],
         [("previous", "上一年项目数量", "count"), ("change", "本年增/减", "signed")]),
        ("art20_9", "第二十条第（九）项", [("procurement", "政府集中采购")],
         [("projects", "采购项目数量", "count"), ("amount", "采购总金额", "money")]),
    ],
}


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_sections_in_order(edition_id):
    ed = edition(edition_id)
    assert [s.id for s in ed.sections] == [s for s, _ in SECTIONS]
    for section, (sid, heading) in zip(ed.sections, SECTIONS, strict=True):
        if heading:
            assert section.heading == heading, sid


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_art20_tables(edition_id):
    ed = edition(edition_id)
    assert list(ed.section("proactive").tables) == [t[0] for t in ART20[edition_id]]
    for table_id, caption, rows, cols in ART20[edition_id]:
        t = ed.table(table_id)
        assert t.caption == caption
        assert [(r.id, r.label) for r in t.rows] == rows
        assert [(c.id, c.label, c.kind) for c in t.columns] == cols
        header = [c for c in t.layout() if c.role == "header"]
        assert header[0].text == "信息内容"
        assert t.grid_columns == 4  # the blocks form one 4-column Word table


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_requests_rows_and_columns(edition_id):
    t = edition(edition_id).table("requests")
    other = OTHER_2021 if edition_id == "2021" else OTHER_2019
    expected = REQUEST_ROWS_COMMON_HEAD + other + REQUEST_ROWS_TAIL
    assert [(r.id, r.label) for r in t.rows] == expected
    assert [(c.id, c.label) for c in t.columns] == REQUEST_COLUMNS
    assert len(t.cells()) == (161 if edition_id == "2019" else 175)


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_requests_header_grid(edition_id):
    t = edition(edition_id).table("requests")
    cells = {c.text: c for c in t.layout() if c.role != "value"}
    note = cells["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    assert (note.row, note.col, note.rowspan, note.colspan) == (0, 0, 3, 3)
    assert (cells["申请人情况"].colspan, cells["申请人情况"].col) == (7, 3)
    assert (cells["自然人"].rowspan, cells["总计"].rowspan) == (2, 2)
    assert cells["法人或其他组织"].colspan == 5
    results = cells["三、本年度办理结果"]
    assert results.vertical and results.col == 0
    first, last = t.row_index("disclosed"), t.row_index("results_total")
    assert (results.row, results.rowspan) == (t.header_rows + first, last - first + 1)
    # The group labels have no data row of their own.
    groups = {c.text for c in t.layout() if c.role == "group"}
    assert {"（三）不予公开", "（四）无法提供", "（五）不予处理"} <= groups
    assert ("（六）其他处理" in groups) == (edition_id == "2021")


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_appeals_grid(edition_id):
    t = edition(edition_id).table("appeals")
    assert [c.id for c in t.columns] == APPEAL_COLUMNS
    assert t.header_rows == 3 and t.label_columns == 0
    cells = [c for c in t.layout() if c.role == "header"]
    by_text = {c.text: c for c in cells if c.text in ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉")}
    assert [by_text[k].colspan for k in ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉")] == [5, 10, 5, 5]
    review = [c for c in cells if c.col < 5 and c.row == 1]
    assert [c.text for c in review] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert all(c.rowspan == 2 for c in review)


def test_edition_for_year():
    assert edition_for_year(2019).id == "2019"
    assert edition_for_year(2020).id == "2019"
    assert edition_for_year(2021).id == "2021"
    assert edition_for_year(2031).id == "2021"


def test_rule_ids_per_edition():
    ids = {e: {r.id for r in edition(e).rules} for e in ("2019", "2021")}
    common = {"requests.balance", "requests.results_sum", "requests.row_sum", "appeals.group_sum",
              "cross_year.carried_over"}
    assert ids["2021"] == common | {"cross_year.in_force"}
    assert ids["2019"] == common | {"art20.stock", "art20.published_le_total", "cross_year.previous"}


def test_format_md_ids_are_all_in_the_editions():
    """Every backticked row id of FORMAT.md's tables exists in an edition (when FORMAT.md is at hand)."""
    path = SHARED / "FORMAT.md"
    if not path.exists():
        pytest.skip("FORMAT.md not available")
    text = path.read_text(encoding="utf-8")
    section3 = text[text.index("## Section 三"):text.index("## Section 四")]
    row_ids = re.findall(r"^\| `(\w+)`", section3, flags=re.M)
    known = {r.id for e in ("2019", "2021") for r in edition(e).table("requests").rows}
    assert row_ids and set(row_ids) <= known
    section4 = text[text.index("## Section 四"):text.index("## Cross-checks")]
    for col in re.findall(r"`(\w+_(?:upheld|total))`", section4):
        assert col in APPEAL_COLUMNS


# ----------------------------------------------------------------------------- loader refuses bad files


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    src = formats_dir() / "2021.toml"
    dst = tmp_path / "2021.toml"
    shutil.copy(src, dst)
    text = dst.read_text(encoding="utf-8")
    assert old in text
    dst.write_text(text.replace(old, new, 1), encoding="utf-8")
    return dst


@pytest.mark.parametrize(("old", "new", "message"), [
    ('kind = "money"', 'kind = "euros"', "unknown kind"),
    ('{ column = "total", row = 1, col = 9, rowspan = 2 }', '{ column = "total", row = 1, col = 8, rowspan = 2 }',
     "overlap"),
    ('"requests.carry_forward.{col}"]', '"requests.carry_away.{col}"]', "names no cell"),
    ('severity = "error"', 'severity = "fatal"', "unknown severity"),
    ('grid_columns = 15', 'grid_columns = 16', "grid columns"),
    ('id = "2021"', 'id = "2022"', "does not match"),
    ('label_columns = 3', 'label_columns = 3\ncolour = "red"', "unknown keys"),
])
def test_loader_refuses_malformed_edition(tmp_path, old, new, message):
    with pytest.raises(SchemaError, match=message):
        load_edition_file(_broken_copy(tmp_path, old, new))


def test_the_toml_reader_is_tomli_where_installed_else_tomllib(monkeypatch):
    """tomli (compiled with mypyc, ~3× faster on a first start) where the package's dependency is installed;
    the standard library's tomllib, with the same error type, where it is not."""
    import tomllib

    from editor import schema

    tomli = pytest.importorskip("tomli")
    assert schema.toml_reader() is tomli
    monkeypatch.setitem(sys.modules, "tomli", None)  # import tomli raises ImportError
    assert schema.toml_reader() is tomllib
    with pytest.raises(SchemaError, match=r"2021\.toml"):
        schema._parse_toml("id = ", "2021.toml")


@pytest.mark.parametrize("path", sorted(formats_dir().glob("*.toml")), ids=lambda p: p.name)
def test_every_edition_file_reads_alike_with_tomli_and_tomllib(path):
    """Edition files keep to what both parsers read (TOML 1.0: newer tomli also reads TOML 1.1), so that a
    machine without tomli loads the same edition."""
    import tomllib

    tomli = pytest.importorskip("tomli")
    text = path.read_text(encoding="utf-8")
    assert tomli.loads(text) == tomllib.loads(text)


def _layout_covers_once(table) -> bool:
    """The plain definition: every position of the grid in exactly one of layout()'s cells."""
    height = table.header_rows + len(table.rows)
    seen = []
    for c in table.layout():
        if c.rowspan < 1 or c.colspan < 1:
            return False
        seen += [(r, k) for r in range(c.row, c.row + c.rowspan) for k in range(c.col, c.col + c.colspan)]
    grid = {(r, k) for r in range(height) for k in range(table.grid_columns)}
    return len(seen) == len(set(seen)) and set(seen) == grid


@pytest.mark.parametrize("seed", range(300))
def test_the_grid_count_agrees_with_the_layout_on_altered_tables(seed):
    """The loader counts the grid's coverage without building its cells; on tables with one header cell,
    group or row label moved or resized, it accepts exactly those whose layout() covers the grid once, and
    refuses the others with a message."""
    import dataclasses
    import random

    from editor import schema

    rng = random.Random(seed)
    tables = [t for e in ("2019", "2021") for t in edition(e).tables]
    table = rng.choice(tables)
    what = rng.choice(["header", "group", "row"] if table.groups else ["header", "row"])
    delta = rng.choice([-1, 1])
    if what == "header":
        i = rng.randrange(len(table.header))
        field = rng.choice(["row", "col", "rowspan", "colspan"])
        cell = table.header[i]
        header = list(table.header)
        header[i] = dataclasses.replace(cell, **{field: getattr(cell, field) + delta})
        altered = dataclasses.replace(table, header=tuple(header))
    elif what == "group":
        i = rng.randrange(len(table.groups))
        ids = [r.id for r in table.rows]
        group = table.groups[i]
        field = rng.choice(["first", "last"])
        moved = ids[min(max(ids.index(getattr(group, field)) + delta, 0), len(ids) - 1)]
        groups = list(table.groups)
        groups[i] = dataclasses.replace(group, **{field: moved})
        altered = dataclasses.replace(table, groups=tuple(groups))
    else:
        i = rng.randrange(len(table.rows))
        rows = list(table.rows)
        rows[i] = dataclasses.replace(rows[i], label_col=rows[i].label_col + delta)
        altered = dataclasses.replace(table, rows=tuple(rows))
    if _layout_covers_once(altered):
        schema._validate_table(altered)
    else:
        with pytest.raises(SchemaError, match=f"table {altered.id}: "):
            schema._validate_table(altered)


@pytest.mark.parametrize("span", ["0", "-3"])
def test_loader_refuses_a_column_spanning_nothing(tmp_path, span):
    old = 'columns = [{ id = "decisions", label = "本年处理决定数量", kind = "count", span = 3 }]'
    with pytest.raises(SchemaError, match=f"column decisions spans {span} grid columns"):
        load_edition_file(_broken_copy(tmp_path, old, old.replace("span = 3", f"span = {span}")))
