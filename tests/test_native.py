"""The native file: round trip, every kind of bad file refused with a Chinese message naming the place,
out-of-range numbers loaded, atomic save with a backup."""

from __future__ import annotations

import json
import os
from datetime import date
from decimal import Decimal

import pytest

from editor.checks import check
from editor.io import native
from editor.io.native import ReportFileError, read_native, report_to_dict, write_native
from editor.report import Report
from editor.samples import sample_report


def full_pair() -> Report:
    report = sample_report(2021, seed=7)
    report.meta.published = date(2022, 1, 20)
    report.meta.kind = "government"
    report.set(("requests", "new", "research"), None)  # a blank cell stays blank
    report.set(("requests", "disclosed", "research"), 0)  # and a zero stays zero
    report.set(("art20_8", "fees", "amount"), Decimal("24252.311082"))
    report.acknowledged = {"cell.blank|requests": "该单位未收到科研机构申请，已核对"}
    report.last_year = sample_report(2020, seed=8)  # 2019 edition, negative 本年增/减, money decimals
    return report


def test_round_trip_is_identity(tmp_path):
    report = full_pair()
    path = tmp_path / "报告.gknb"
    write_native(report, path)
    again = read_native(path)
    assert again == report
    assert again.get(("requests", "new", "research")) is None
    assert again.get(("requests", "disclosed", "research")) == 0
    assert again.last_year.edition_id == "2019"
    assert any(v < 0 for v in again.last_year.values.values())


def test_money_is_a_shortest_decimal_string_and_counts_are_integers(tmp_path):
    report = Report.blank(2024, "某局")
    report.set(("art20_8", "fees", "amount"), Decimal("7545.000"))
    report.set(("requests", "new", "total"), 3)
    data = report_to_dict(report)
    assert data["values"]["art20_8"]["fees"]["amount"] == "7545"
    assert data["values"]["requests"]["new"]["total"] == 3
    report.set(("art20_8", "fees", "amount"), Decimal("12.50"))
    assert report_to_dict(report)["values"]["art20_8"]["fees"]["amount"] == "12.5"


def test_json_extension_and_nulls_are_read(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({
        "format": "gov-info-annual-report", "version": 1, "edition": "2021",
        "meta": {"agency": "某局", "year": 2021},
        "values": {"requests": {"new": {"natural_person": None, "total": 3}}},
    }, ensure_ascii=False), encoding="utf-8")
    report = read_native(path)
    assert report.values == {("requests", "new", "total"): 3}


def test_save_is_atomic_and_keeps_a_backup(tmp_path):
    path = tmp_path / "r.gknb"
    first = sample_report(2024, seed=1)
    write_native(first, path)
    second = sample_report(2024, seed=2)
    write_native(second, path)
    assert read_native(path) == second
    assert read_native(path.with_name("r.gknb.bak")) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.gknb", "r.gknb.bak"]


def test_a_failed_save_leaves_the_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / "r.gknb"
    write_native(sample_report(2024, seed=1), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(native.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_native(sample_report(2024, seed=2), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def _write(tmp_path, data) -> os.PathLike:
    path = tmp_path / "bad.gknb"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _good() -> dict:
    return report_to_dict(sample_report(2024, seed=3))


@pytest.mark.parametrize(("mutate", "place"), [
    (lambda d: d.update(format="something-else"), "format"),
    (lambda d: d.update(version=2), "version"),
    (lambda d: d.update(edition="2030"), "edition"),
    (lambda d: d["values"].update(art20_9={"procurement": {"projects": 1}}), "values.art20_9"),
    (lambda d: d["values"]["requests"].update(other_handling={"total": 1}), "values.requests.other_handling"),
    (lambda d: d["values"]["requests"]["new"].update(grand_total=1), "values.requests.new.grand_total"),
    (lambda d: d.update(colour="red"), "colour"),
    (lambda d: d["meta"].update(colour="red"), "meta.colour"),
    (lambda d: d["values"]["requests"]["new"].update(total="三"), "values.requests.new.total"),
    (lambda d: d["values"]["requests"]["new"].update(total=True), "values.requests.new.total"),
    (lambda d: d["values"]["requests"]["new"].update(total=[1]), "values.requests.new.total"),
    (lambda d: d["meta"].update(year="2024年"), "meta.year"),
    (lambda d: d["meta"].update(published="2025-02-30"), "meta.published"),
    (lambda d: d["meta"].update(kind="company"), "meta.kind"),
    (lambda d: d["texts"].update(epilogue="…"), "texts.epilogue"),
    (lambda d: d.update(last_year={**_good(), "last_year": _good()}), "last_year.last_year"),
    (lambda d: d.update(last_year={**_good(), "edition": "1999"}), "last_year.edition"),
])
def test_refused_with_the_place_named(tmp_path, mutate, place):
    data = _good()
    mutate(data)
    with pytest.raises(ReportFileError) as info:
        read_native(_write(tmp_path, data))
    assert str(info.value).startswith(place + "：")


@pytest.mark.parametrize(("content", "words"), [
    ("", "已损坏或不完整"),
    ('{"format": "gov-info-annual-report", "version": 1, "edition": "20', "已损坏或不完整"),
    ("[1, 2, 3]", "不是年报文件"),
    ("<html><body>年报</body></html>", "已损坏或不完整"),
])
def test_not_a_report_file(tmp_path, content, words):
    with pytest.raises(ReportFileError, match=words):
        read_native(_write(tmp_path, content))


def test_binary_and_missing_files(tmp_path):
    binary = tmp_path / "x.gknb"
    binary.write_bytes(b"\xff\xfe\x00PK\x03\x04" * 10)
    with pytest.raises(ReportFileError, match="UTF-8"):
        read_native(binary)
    with pytest.raises(ReportFileError, match="找不到文件"):
        read_native(tmp_path / "nothing.gknb")
    with pytest.raises(ReportFileError, match="文件夹"):
        read_native(tmp_path)


def test_out_of_range_numbers_load_and_the_checks_report_them(tmp_path):
    data = _good()
    data["values"]["requests"]["new"]["research"] = -2
    data["values"]["art20_8"] = {"fees": {"amount": "1.1234567"}}
    data["meta"]["year"] = 2020  # contradicts the 2021 edition
    report = read_native(_write(tmp_path, data))
    assert report.get(("requests", "new", "research")) == -2
    assert report.get(("art20_8", "fees", "amount")) == Decimal("1.1234567")
    rules = {f.rule for f in check(report)}
    assert {"cell.value", "edition.year"} <= rules


def test_a_float_count_loads_exactly_and_is_reported(tmp_path):
    data = _good()
    data["values"]["requests"]["new"]["research"] = 2.5
    report = read_native(_write(tmp_path, data))
    assert report.get(("requests", "new", "research")) == Decimal("2.5")
    assert any(f.rule == "cell.value" for f in check(report))
