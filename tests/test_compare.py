"""对比上年 without Qt: number by number over the cells both editions have, and near-copied sections."""

from __future__ import annotations

from editor.compare import compare, last_year_value
from editor.io.native import read_native
from editor.rollover import roll_forward
from editor.samples import sample_report
from tests.conftest import FIXTURES


def test_same_edition_lists_every_cell_and_the_differences():
    last = sample_report(2023, seed=1)
    this = sample_report(2024, seed=2)
    this.last_year = last
    c = compare(this)
    assert len(c.numbers) == len(this.edition.cells()) and c.only_this_year == 0
    for n in c.numbers:
        assert (n.last, n.this) == (last.get(n.ref), this.get(n.ref))
        if n.last is not None and n.this is not None:
            assert n.difference == n.this - n.last
    assert c.changed == [n for n in c.numbers if last.get(n.ref) != this.get(n.ref)]
    assert c.changed, "two different sample reports differ somewhere"


def test_labels_come_from_the_edition():
    this = roll_forward(sample_report(2024, seed=3)).report
    n = next(n for n in compare(this).numbers if n.ref == ("requests", "carried_over", "natural_person"))
    assert n.row == this.edition.table("requests").full_row_label("carried_over")
    assert n.column == "自然人"
    assert n.table == "三、收到和处理政府信息公开申请情况"  # 表三 has no caption: its section's heading


def test_blank_is_not_zero():
    last = sample_report(2024, seed=3)
    this = roll_forward(last).report
    ref = ("requests", "new", "natural_person")
    n = next(n for n in compare(this).numbers if n.ref == ref)
    assert n.this is None and n.last == last.get(ref)
    assert n.changed and n.difference is None
    this.set(ref, last.get(ref) + 4)
    n = next(n for n in compare(this).numbers if n.ref == ref)
    assert n.difference == 4


def test_across_editions_only_the_cells_both_have():
    last = read_native(FIXTURES / "qiaocheng-2020.gknb")
    this = roll_forward(last).report
    c = compare(this)
    refs = {n.ref for n in c.numbers}
    assert all(last.edition.has_cell(r) and this.edition.has_cell(r) for r in refs)
    only_new = [r for r in this.edition.cells() if not last.edition.has_cell(r)]
    assert only_new and c.only_this_year == len(only_new)
    assert not refs & set(only_new)
    assert last_year_value(this, only_new[0]) == (False, None)
    assert last_year_value(this, ("requests", "carry_forward", "total")) == (True, 0)


def test_near_copied_sections_are_named():
    last = read_native(FIXTURES / "qiaocheng-2020.gknb")
    this = roll_forward(last).report
    assert compare(this).copied == []
    this.texts["overview"] = last.text("overview").replace("2020年", "2021年")
    copied = compare(this).copied
    assert [s.section for s in copied] == ["overview"]
    assert "与上年报告相同" in copied[0].copied


def test_no_last_year_no_comparison():
    c = compare(sample_report(2024, seed=3))
    assert c.numbers == [] and c.sections == []
