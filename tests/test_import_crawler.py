"""The 21 crawler texts of ../shared/realdata/crawler (table cells run together, no expected values):
what is read comes from the text, sits in the row its label names, rests on an equation only where the
log says so, and the published errors the manifest lists still show as findings after import."""

from __future__ import annotations

import json
import re

import pytest

from editor.checks import check
from editor.io.formats import read_any
from editor.io.recognize.labels import key, label_key
from tests.conftest import SHARED, shared_path

_EQUATION_RULES = ("requests.", "appeals.")


def _manifest() -> list[dict]:
    path = SHARED / "realdata" / "crawler" / "manifest.json"  # absent in a clone elsewhere: no cases
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


MANIFEST = _manifest()
# Reports whose published tables break an equation (from the manifest's notes).
PUBLISHED_ERRORS = {"jsp-2020.txt", "zrz-2021.txt", "htp-2022.txt", "zrz-2023.txt"}


@pytest.fixture(scope="module")
def imported() -> dict:
    return {m["file"]: read_any(shared_path("realdata", "crawler", m["file"])) for m in MANIFEST}


@pytest.mark.parametrize("entry", MANIFEST, ids=[m["file"] for m in MANIFEST])
def test_crawler_text_reads_only_what_it_says(entry: dict, imported: dict) -> None:
    result = imported[entry["file"]]
    report = result.report
    assert (report.meta.agency, report.meta.year) == (entry["agency"], entry["year"])
    assert report.edition_id == entry["edition"][:4]
    ed = report.edition
    assert len(report.values) >= 0.6 * len(ed.cells())  # most of every report is read
    for ref, value in report.values.items():
        src = result.sources[ref]
        # The number's digits are in the source text it came from, and that text names the cell's row.
        assert re.sub(r"\D", "", str(value)) in re.sub(r"\D", "", src), (ref, value, src)
        t, row = ed.table(ref[0]), ed.table(ref[0]).row(ref[1])
        names = [row.label, *row.aliases] + [g.text for g in t.groups
                                            if t.row_index(g.first) <= t.row_index(row.id) <= t.row_index(g.last)]
        assert not row.label or any(label_key(n)[1] in key(src) for n in names), (ref, src)
    # A cell whose digits were split by an equation is said so in the log, with its cell.
    for e in result.log:
        if e.kind == "adjusted" and ("按本行的等式" in e.message or "按表内各行各列的等式" in e.message):
            assert e.cell in report.values


@pytest.mark.parametrize("entry", MANIFEST, ids=[m["file"] for m in MANIFEST])
def test_published_errors_still_show_and_clean_tables_stay_clean(entry: dict, imported: dict) -> None:
    findings = [f for f in check(imported[entry["file"]].report) if f.rule.startswith(_EQUATION_RULES)]
    if entry["file"] in PUBLISHED_ERRORS:
        assert any(f.rule.startswith("requests.") for f in findings)
    else:
        # The equations the recognizer judged by never disagree with what it placed.
        contradicted = [f for f in findings if "各类申请人之和" in f.message or f.rule == "appeals.group_sum"]
        assert not contradicted, [f.message for f in contradicted]


def test_glued_row_is_split_only_where_one_split_fits(tmp_path) -> None:
    text = ("某某局2023年政府信息公开工作年度报告 一、总体情况 概述。"
            "三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 "
            "一、本年新收政府信息公开申请数量120000012二、上年结转政府信息公开申请数量1200002"
            "三、本年度办理结果（一）予以公开3000003 四、政府信息公开行政复议、行政诉讼情况 无。")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    result = read_any(path)
    v = result.report.values
    assert [v.get(("requests", "new", c)) for c in ("natural_person", "total")] == [12, 12]  # by the equation
    assert ("requests", "new", "total") in {e.cell for e in result.log if e.kind == "adjusted"}
    assert not any(k[1] == "carried_over" for k in v)  # 1200002: no split adds up
    assert v[("requests", "disclosed", "total")] == 3  # seven digits, seven cells
    assert any(e.kind == "unplaced" and "上年结转" in e.message for e in result.log)
