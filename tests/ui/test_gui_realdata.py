"""Real published reports (values from ../shared/realdata/*.expected.json) in the window."""

from __future__ import annotations

import json

import pytest

from editor.io.native import FORMAT_NAME, VERSION, report_from_dict
from editor.ui.grid_model import ROLE_STATE
from editor.ui.main_window import MainWindow
from tests.conftest import shared_path


def _real(name: str):
    e = json.loads(shared_path("realdata", f"{name}.expected.json").read_text(encoding="utf-8"))
    return report_from_dict({"format": FORMAT_NAME, "version": VERSION, "edition": e["edition"],
                             "meta": {"agency": e["meta"]["agency"], "year": e["meta"]["year"],
                                      "kind": "government"},
                             "values": e["values"]})


def _red(window: MainWindow, section: str) -> set:
    model = window.show_section(section).views[0].grid
    return {ref for ref in model.refs() if model.index_of(ref).data(ROLE_STATE) == "error"}


@pytest.fixture
def open_real(qtbot, answers):
    windows = []

    def make(name):
        w = MainWindow(_real(name))
        qtbot.addWidget(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.autosaver.shutdown()


def test_clean_huaian_report_shows_no_error(open_real):
    w = open_real("huaian-2024")
    for section in ("proactive", "requests", "appeals"):
        assert _red(w, section) == set()
    model = w.show_section("requests").views[0].grid
    assert model.index_of(("requests", "new", "total")).data() == "3119"
    assert w.show_section("proactive").views[0].grid.index_of(("art20_8", "fees", "amount")).data() == "96171.6"
    assert "错误 0 项" in w.counts_label.text()


def test_hongze_2023_wrong_appeals_totals_are_red_and_filled_by_fill_totals(open_real):
    w = open_real("hongze-2023")
    red = _red(w, "appeals")
    # As published: 复议 10+1 but 总计 0; 复议后起诉 5 but 总计 0. 直接起诉 (all 0) is fine.
    assert red == {("appeals", "cases", f"{g}_{p}") for g in ("review", "suit_after_review")
                   for p in ("upheld", "corrected", "other", "pending", "total")}
    w.fill_totals()
    assert _red(w, "appeals") == set()
    assert w.doc.report.get(("appeals", "cases", "review_total")) == 11
    assert w.doc.report.get(("appeals", "cases", "suit_after_review_total")) == 5
