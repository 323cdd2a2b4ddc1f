"""The two font sets as data, and the check the editor runs before exporting."""

from __future__ import annotations

import pytest

from editor.io.docx.export import write_docx
from editor.io.fonts import FONT_SETS, font_set, missing_families
from editor.io.native import ReportFileError
from editor.report import Report


def test_the_two_sets():
    official, windows = FONT_SETS["official"], FONT_SETS["windows"]
    assert (official.body, official.title, official.kai, official.hei) == ("仿宋_GB2312", "方正小标宋简体",
                                                                          "楷体_GB2312", "黑体")
    assert (windows.body, windows.title, windows.kai, windows.hei) == ("仿宋", "宋体", "楷体", "黑体")
    assert official.families() == ("仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体", "宋体", "Times New Roman")


def test_missing_families_on_a_bare_windows_pc():
    windows_pc = ["宋体", "SimHei", "FangSong", "KaiTi", "Times New Roman", "Arial"]
    assert missing_families("official", windows_pc) == ["仿宋_GB2312", "方正小标宋简体", "楷体_GB2312"]
    assert missing_families("windows", windows_pc) == []
    assert missing_families("official", [*windows_pc, "FangSong_GB2312", "楷体_GB2312", "方正小标宋简体"]) == []


def test_unknown_set_is_a_chinese_error(tmp_path):
    with pytest.raises(ValueError, match="未知的字体方案"):
        font_set("mac")
    with pytest.raises(ReportFileError, match="未知的字体方案"):
        write_docx(Report.blank(2024, "某局"), tmp_path / "x.docx", font_set="mac")
    assert not (tmp_path / "x.docx").exists()
