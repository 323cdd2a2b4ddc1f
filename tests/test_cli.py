"""The command line as a user runs it: exit codes, Chinese messages, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from editor.io.native import read_native, write_native
from editor.samples import sample_report
from tests.conftest import FIXTURES, ROOT


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "editor", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=cwd, timeout=60)


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr + proc.stdout


@pytest.fixture
def balanced(tmp_path):
    path = tmp_path / "balanced.gknb"
    write_native(sample_report(2024, seed=1), path)
    return path


def test_check_balanced_report_exits_0(balanced):
    proc = run("check", balanced)
    assert proc.returncode == 0, proc.stderr
    assert "未发现问题" in proc.stdout


def test_check_unbalanced_exits_1_and_names_only_the_unbalanced_columns(tmp_path):
    report = sample_report(2024, seed=1)
    report.set(("requests", "carry_forward", "commercial"), report.get(("requests", "carry_forward", "commercial")) + 1)
    report.set(("requests", "carry_forward", "total"), report.get(("requests", "carry_forward", "total")) + 1)
    report.set(("appeals", "cases", "review_total"), report.get(("appeals", "cases", "review_total")) + 4)
    path = tmp_path / "broken.gknb"
    write_native(report, path)

    proc = run("check", path, "--json")
    assert proc.returncode == 1
    findings = json.loads(proc.stdout)["findings"]
    balance = [f for f in findings if f["rule"] == "requests.balance"]
    assert [f["key"] for f in balance] == ["requests.balance|commercial", "requests.balance|total"]
    cells = {tuple(c) for f in balance for c in f["cells"]}
    assert {c[2] for c in cells} == {"commercial", "total"}
    assert [f["key"] for f in findings if f["rule"] == "appeals.group_sum"] == ["appeals.group_sum|review"]
    first = findings[0]
    assert set(first) == {"rule", "severity", "key", "cells", "text", "message", "acknowledged"}
    assert first["text"] is None and first["severity"] == "error"

    human = run("check", path)
    assert human.returncode == 1
    assert "【错误】" in human.stdout and "requests.balance" in human.stdout and "相差1" in human.stdout


@pytest.mark.parametrize("content", [None, '{"format": "gov-info-annual-report", "vers', "\x00\x01binary"])
def test_check_unreadable_exits_2_with_chinese_message(tmp_path, content):
    path = tmp_path / "r.gknb"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    proc = run("check", path)
    assert proc.returncode == 2
    no_traceback(proc)
    assert proc.stderr.startswith("错误：")
    assert ("找不到文件" if content is None else "r.gknb") in proc.stderr


def test_check_refused_file_names_the_place(tmp_path):
    path = tmp_path / "r.gknb"
    data = json.loads((FIXTURES / "qiaocheng-2020.gknb").read_text(encoding="utf-8"))
    data["values"]["requests"]["new"]["total"] = "很多"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = run("check", path)
    assert proc.returncode == 2
    assert "values.requests.new.total" in proc.stderr and "不是数字" in proc.stderr


def test_check_last_reports_carried_over(tmp_path):
    last = sample_report(2023, seed=1)
    this = sample_report(2024, seed=2)
    for col in ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total"):
        this.set(("requests", "carried_over", col), last.get(("requests", "carry_forward", col)))
    last_path, this_path = tmp_path / "2023.gknb", tmp_path / "2024.gknb"
    last_natural = last.get(("requests", "carry_forward", "natural_person"))
    this.set(("requests", "carried_over", "natural_person"), last_natural + 2)
    write_native(last, last_path)
    write_native(this, this_path)
    proc = run("check", this_path, "--last", last_path, "--json")
    keys = [f["key"] for f in json.loads(proc.stdout)["findings"] if f["rule"] == "cross_year.carried_over"]
    assert keys == ["cross_year.carried_over|natural_person"]
    without = run("check", this_path, "--json")
    assert not [f for f in json.loads(without.stdout)["findings"] if f["rule"] == "cross_year.carried_over"]
    # --last overrides the report's own last_year.
    this.last_year = this.copy()
    write_native(this, this_path)
    proc = run("check", this_path, "--last", last_path, "--json")
    assert "cross_year.carried_over|natural_person" in proc.stdout


def test_check_seed_qiaocheng_warns_text_year_and_exits_0():
    proc = run("check", FIXTURES / "qiaocheng-2020.gknb")
    assert proc.returncode == 0
    assert "text.year" in proc.stdout and "2019年谯城区商务局" in proc.stdout


def test_new_writes_a_blank_report_of_the_right_edition(tmp_path):
    for year, edition_id in ((2020, "2019"), (2025, "2021")):
        out = tmp_path / f"{year}.json"
        proc = run("new", "--year", year, "--agency", "某某区商务局", out)
        assert proc.returncode == 0, proc.stderr
        report = read_native(out)
        assert (report.edition_id, report.meta.year, report.meta.agency) == (edition_id, year, "某某区商务局")
        assert report.meta.title == f"某某区商务局{year}年政府信息公开工作年度报告"
        assert report.values == {}


def test_new_refuses_a_bad_year_in_chinese(tmp_path):
    proc = run("new", "--year", "二〇二五", "--agency", "某局", tmp_path / "x.gknb")
    assert proc.returncode == 2
    no_traceback(proc)
    assert "错误" in proc.stderr and "不是年份" in proc.stderr
    assert not (tmp_path / "x.gknb").exists()


def test_convert_json_to_gknb(tmp_path):
    src, dst = tmp_path / "a.json", tmp_path / "b.gknb"
    report = sample_report(2020, seed=3)
    write_native(report, src)
    proc = run("convert", src, dst)
    assert proc.returncode == 0, proc.stderr
    assert read_native(dst) == report


def test_convert_unknown_extension_and_same_file(tmp_path):
    src = tmp_path / "a.json"
    write_native(sample_report(2024, seed=3), src)
    proc = run("convert", src, tmp_path / "b.png")
    assert proc.returncode == 2 and ".png" in proc.stderr
    no_traceback(proc)
    proc = run("convert", src, src)
    assert proc.returncode == 2 and "同一个文件" in proc.stderr


def test_version_and_chinese_usage_errors():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("report-editor ")
    proc = run("check")
    assert proc.returncode == 2
    assert "用法：" in proc.stderr and "缺少参数" in proc.stderr
    proc = run("frobnicate", "--now")
    assert proc.returncode == 2
    no_traceback(proc)


def test_convert_to_docx_with_options_and_back(tmp_path):
    src = FIXTURES / "zhoucun-2020.gknb"
    docx, back = tmp_path / "z.docx", tmp_path / "z.gknb"
    proc = run("convert", src, docx, "--fonts", "windows", "--keep-blank")
    assert proc.returncode == 0, proc.stderr
    assert run("convert", docx, back).returncode == 0
    original, again = read_native(src), read_native(back)
    assert again.values == original.values  # blanks stayed blank
    assert again.texts == original.texts


def test_import_log_folds_cells_that_share_a_reason():
    from editor.io.formats import LogEntry, log_lines

    log = [LogEntry("missing", f"表三／{c}：原文为空", ("requests", "new", c)) for c in ("a", "b", "c", "d")]
    log.insert(1, LogEntry("note", "标题中没有年度，按统计期限取为2020年"))
    log.append(LogEntry("adjusted", "表四／总计：按算术关系调整", ("appeals", "cases", "review_total")))
    assert log_lines(log) == ["原文为空：共4个单元格，如 表三／a；表三／b；表三／c等",
                              "标题中没有年度，按统计期限取为2020年", "表四／总计：按算术关系调整"]


def test_write_failures_are_explained_in_chinese(tmp_path):
    proc = run("new", "--year", "2024", "--agency", "某局", tmp_path / "没有这个文件夹" / "x.gknb")
    assert proc.returncode == 2
    no_traceback(proc)
    assert "无法写入" in proc.stderr and "不存在" in proc.stderr


# --- typos and existing files ------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [("chek",), ("chek", "x.gknb"), ("chek", "--json", "x.gknb")])
def test_a_mistyped_command_names_the_likely_one_and_the_list(tmp_path, argv):
    proc = run(*argv, cwd=tmp_path)
    assert proc.returncode == 2
    no_traceback(proc)
    assert "未知命令“chek”，是否要运行 check？" in proc.stderr
    assert "check、new、convert、gui、rollover、summarize" in proc.stderr
    assert "无法识别的参数" not in proc.stderr and "找不到文件" not in proc.stderr


def test_a_word_far_from_every_command_still_lists_them(tmp_path):
    proc = run("frobnicate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "未知命令“frobnicate”" in proc.stderr and "是否要运行" not in proc.stderr
    assert "summarize" in proc.stderr


def test_an_existing_file_or_a_report_name_is_a_file_to_open_not_a_typo(tmp_path):
    # `report-editor 文件` opens the file: a file called "chek" that exists is read (and refused as
    # unreadable, before any window), a missing "x.gknb" is a missing file.
    (tmp_path / "chek").write_text("不是年报", encoding="utf-8")
    proc = run("chek", cwd=tmp_path)
    assert proc.returncode == 2 and "未知命令" not in proc.stderr
    assert "chek" in proc.stderr
    proc = run("x.gknb", cwd=tmp_path)
    assert proc.returncode == 2 and "找不到文件" in proc.stderr and "未知命令" not in proc.stderr


def _filled(tmp_path, name="已有报告.gknb"):
    path = tmp_path / name
    write_native(sample_report(2024, seed=2), path, backup=False)
    return path, path.read_bytes()


def test_new_never_replaces_an_existing_report_without_force(tmp_path):
    path, before = _filled(tmp_path)
    proc = run("new", "--year", "2025", "--agency", "某局", path)
    assert proc.returncode == 2
    no_traceback(proc)
    assert "已存在" in proc.stderr and "--force" in proc.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no .bak, no temporary file
    proc = run("new", "--year", "2025", "--agency", "某局", path, "--force")
    assert proc.returncode == 0, proc.stderr
    assert read_native(path).values == {} and read_native(path).meta.year == 2025


def test_convert_never_replaces_an_existing_output_without_force(tmp_path):
    src, _ = _filled(tmp_path, "src.gknb")
    out = tmp_path / "out.docx"
    out.write_bytes(b"someone's own document")
    proc = run("convert", src, out)
    assert proc.returncode == 2 and "已存在" in proc.stderr
    assert out.read_bytes() == b"someone's own document"
    assert run("convert", src, out, "--force").returncode == 0
    assert out.read_bytes().startswith(b"PK")


def test_rollover_never_replaces_an_existing_output_without_force(tmp_path):
    last, _ = _filled(tmp_path, "2024.gknb")
    out, before = _filled(tmp_path, "2025.gknb")
    proc = run("rollover", last, out)
    assert proc.returncode == 2 and "已存在" in proc.stderr
    assert out.read_bytes() == before
    proc = run("rollover", last, out, "--force")
    assert proc.returncode == 0, proc.stderr
    assert read_native(out).meta.year == 2025
    proc = run("rollover", last, last, "--force")
    assert proc.returncode == 2 and "同一个文件" in proc.stderr


# --- no display --------------------------------------------------------------------------------------

def _without_display(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return {**env, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **extra}


def _editor(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "editor", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=60)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY/WAYLAND_DISPLAY are X11/Wayland's")
def test_without_a_display_the_editor_says_so_in_chinese_and_exits_2(balanced):
    proc = _editor(_without_display(), str(balanced))
    assert proc.returncode == 2, proc.stderr
    assert "没有可用的显示器" in proc.stderr and "report-editor check" in proc.stderr
    assert "qt.qpa" not in proc.stderr and "Qt platform plugin" not in proc.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb platform plugin is X11's")
def test_a_display_that_does_not_answer_is_explained_not_aborted():
    # Qt's own fatal error ("no Qt platform plugin could be initialized") would abort with 134.
    proc = _editor(_without_display(DISPLAY=":987"))
    assert proc.returncode == 2, proc.stderr
    assert "无法打开编辑器窗口" in proc.stderr and "report-editor check" in proc.stderr
    assert proc.stderr.startswith("错误：")
