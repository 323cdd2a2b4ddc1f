"""Hovering an imported cell shows the text of the file it was read from (the recognizer's provenance)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor.io.formats import read_any
from editor.ui.grid_model import GridModel


def test_imported_cell_tooltip_shows_its_source_line(window, tmp_path) -> None:
    path = tmp_path / "去年.txt"
    path.write_text("某某局2023年政府信息公开工作年度报告\n一、总体情况\n概述。\n三、收到和处理政府信息公开申请情况\n"
                    "一、本年新收政府信息公开申请数量 5 1 0 0 0 0 6\n四、政府信息公开行政复议、行政诉讼情况\n",
                    encoding="utf-8")
    window.apply_import(path, read_any(path))
    model = GridModel(window.doc, [window.doc.report.edition.table("requests")])
    tip = model.index_of(("requests", "new", "total")).data(Qt.ItemDataRole.ToolTipRole)
    assert "导入原文" in tip and "本年新收" in tip and "5 1 0 0 0 0 6" in tip
    blank = model.index_of(("requests", "carried_over", "total")).data(Qt.ItemDataRole.ToolTipRole)
    assert "导入原文" not in blank  # a cell the file did not fill has no source
