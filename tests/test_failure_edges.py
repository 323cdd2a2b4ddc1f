"""Every failure is a message: the command line's edge (Chinese message, crash log, exit code 70), the
project's own error from exporters, and a report without a year or agency that opens and asks for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from editor import cli
from editor.checks import check
from editor.commands.common import EXIT_ERRORS, EXIT_INTERNAL, EXIT_UNREADABLE
from editor.io.formats import write_any
from editor.io.load import load
from editor.io.native import write_native
from editor.samples import sample_report
from tests.conftest import ROOT


def test_unexpected_error_is_a_chinese_message_a_log_and_exit_70(tmp_path, monkeypatch, capsys):
    report = tmp_path / "r.gknb"
    write_native(sample_report(2023, seed=1), report)
    logs = tmp_path / "logs"
    monkeypatch.setenv("REPORT_EDITOR_LOG_DIR", str(logs))
    import editor.commands.check as check_command

    def broken(*_a, **_k):
        raise RuntimeError("simulated bug in a check")

    monkeypatch.setattr(check_command, "check", broken)
    code = cli.main(["check", str(report)])
    err = capsys.readouterr().err
    assert code == EXIT_INTERNAL and code not in (EXIT_ERRORS, EXIT_UNREADABLE)
    assert "程序内部出错" in err and "Traceback" not in err
    written = list(logs.glob("crash-*.log"))
    assert len(written) == 1 and str(written[0]) in err
    text = written[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "simulated bug in a check" in text and "check" in text


def test_memory_error_is_caught_at_the_edge_too(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REPORT_EDITOR_LOG_DIR", str(tmp_path))
    import editor.commands.check as check_command

    def broken(_path):
        raise MemoryError

    monkeypatch.setattr(check_command, "load", broken)
    assert cli.main(["check", str(tmp_path / "x.gknb")]) == EXIT_INTERNAL
    assert "程序内部出错" in capsys.readouterr().err


def test_check_without_agency_or_year_warns_and_exits_0(tmp_path):
    path = tmp_path / "blank.gknb"
    report = sample_report(2023, seed=1, agency="")
    report.meta.year = 0
    write_native(report, path)
    assert json.loads(path.read_text(encoding="utf-8"))["meta"]["year"] is None
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "editor", "check", str(path)], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "未发现问题" not in proc.stdout
    assert "尚未填写机关名称" in proc.stdout and "尚未填写报告年度" in proc.stdout


@pytest.mark.parametrize("ext", [".gknb", ".docx", ".xlsx"])
def test_report_without_year_and_agency_reopens_from_every_own_format(tmp_path, ext):
    report = sample_report(2023, seed=1, agency="")
    report.meta.year = 0
    path = tmp_path / f"r{ext}"
    write_any(report, path)
    again = load(str(path)).report
    assert again.meta.year == 0 and again.meta.agency == ""
    keys = {f.key for f in check(again)}
    assert {"meta.required|agency", "meta.required|year"} <= keys


def test_text_without_year_converts_to_a_file_that_opens(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text("一、总体情况\n本机关全年受理申请17件。\n", encoding="utf-8")
    result = load(str(src))
    assert result.report.meta.year == 0
    out = tmp_path / "t.gknb"
    write_any(result.report, out)
    assert "meta.required|year" in {f.key for f in check(load(str(out)).report)}


def test_blank_template_docx_to_gknb_then_check(tmp_path):
    from tests.conftest import shared_path

    result = load(str(shared_path("realdata", "template-2021-blank.docx")))
    out = tmp_path / "template.gknb"
    write_any(result.report, out)
    findings = check(load(str(out)).report)
    assert "meta.required|agency" in {f.key for f in findings}


@pytest.mark.parametrize("ext", [".gknb", ".docx", ".xlsx"])
def test_every_exporter_survives_lone_surrogates_and_control_characters(tmp_path, ext):
    report = sample_report(2023, seed=1, agency="某\ud800局\x01")
    section = report.edition.text_sections()[1].id
    report.texts[section] = "文\udc00字\x02"
    report.meta.title = "标题\x1b"
    path = tmp_path / f"r{ext}"
    write_any(report, path)
    again = load(str(path)).report
    assert again.meta.agency == "某局" and again.texts[section] == "文字" and again.meta.title == "标题"
    assert report.meta.agency == "某\ud800局\x01"  # the report being edited is not changed by an export


def test_exporters_survive_stray_characters_and_a_10_mb_paragraph(tmp_path):
    import random

    report = sample_report(2023, seed=1, agency="某某局\x01\ud800\x1b")
    section = report.edition.text_sections()[1].id
    rnd = random.Random(1)
    # real-looking text (not one repeated character): compresses like prose, ~4:1
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    report.texts[section] = "".join(rnd.choices(alphabet, k=3_500_000))  # 10.5 MB of UTF-8
    for ext in (".docx", ".gknb"):
        path = tmp_path / f"big{ext}"
        write_any(report, path)
        again = load(str(path)).report
        assert again.meta.agency == "某某局"
        assert again.texts[section] == report.texts[section]


def test_xlsx_export_names_the_paragraph_excel_cannot_hold(tmp_path):
    from editor.io.native import ReportFileError

    report = sample_report(2023, seed=1)
    report.texts[report.edition.text_sections()[1].id] = "字" * 40_000
    with pytest.raises(ReportFileError, match="32767"):
        write_any(report, tmp_path / "x.xlsx")
    assert not any(tmp_path.iterdir())
