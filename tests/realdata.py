"""Reports built from ../shared for tests: real values and real prose, read at test time (never copied)."""

from __future__ import annotations

import json
import re

from editor.io.native import report_from_dict
from editor.report import Report
from tests.conftest import shared_path

_HEADINGS = [("overview", "一、总体情况"), ("proactive", "二、主动公开政府信息情况"),
             ("problems", "五、存在的主要问题及改进情况"), ("other", "六、其他需要报告的事项")]
_PAGE_NUMBER = re.compile(r"^\s*[-—–]\s*\d+\s*[-—–]\s*$")


def expected_values(name: str) -> dict:
    data = json.loads(shared_path("realdata", f"{name}.expected.json").read_text(encoding="utf-8"))
    return data


def real_prose(name: str) -> dict[str, str]:
    """The narrative sections of a real report, cut from its pypdf text by the official headings."""
    lines = shared_path("realdata", f"{name}.pypdf.txt").read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not _PAGE_NUMBER.match(line))
    positions = []
    for sid, heading in _HEADINGS:
        m = re.search(rf"^{re.escape(heading)}\s*$", text, flags=re.M)
        assert m, heading
        positions.append((m.start(), m.end(), sid))
    out = {}
    first_heading = positions[0][0]
    title_end = text.index("年度报告") + len("年度报告")
    out["preamble"] = text[title_end:first_heading].strip()
    for i, (_, end, sid) in enumerate(positions):
        stop = positions[i + 1][0] if i + 1 < len(positions) else len(text)
        out[sid] = text[end:stop].strip()
    out.pop("proactive")
    return out


def real_report(name: str) -> Report:
    data = expected_values(name)
    report = report_from_dict({
        "format": "gov-info-annual-report", "version": 1, "edition": data["edition"],
        "meta": {"agency": data["meta"]["agency"], "year": data["meta"]["year"], "kind": "government"},
        "values": data["values"],
    })
    report.texts = real_prose(name)
    return report
