"""The window's Chinese text is drawn with the Simplified Chinese face of the installed CJK fonts,
whatever the locale (ui/text_language.py); the real start, run as a child, reports what it found."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.io.native import write_native
from editor.samples import sample_report
from editor.ui.text_language import prefer_simplified_chinese
from tests.conftest import ROOT

# The real start (editor.cli.main FILE), as a user runs it: nothing imports PySide6 before the program
# does (editor.ui.app imports Qt only inside its functions). Once the window has shown, where the program
# runs what the window does not wait for (ui.app._after_shown), the child prints what it found.
_CHILD = r"""
import json, sys
import editor.ui.app as start

def after_shown(window):
    from PySide6.QtCore import QThread
    from PySide6.QtGui import QFont, QFontInfo, QRawFont, QTextDocument, QTextLayout
    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QListWidget
    app = QApplication.instance()
    report = sys.modules["editor.ui.preload"].report if "editor.ui.preload" in sys.modules else {}
    done = report.get("done")
    finished = done.wait(10) if done is not None else False
    layout = QTextLayout("直骨角", app.font())
    layout.beginLayout(); layout.createLine(); layout.endLayout()
    maps = open("/proc/self/maps").read()
    texts = [window.windowTitle()] + [a.text() for a in window.menuBar().actions()]
    for w in window.findChildren(QLabel):
        doc = QTextDocument(); doc.setHtml(w.text()); texts.append(doc.toPlainText())
    texts += [b.text() for b in window.findChildren(QAbstractButton)]
    for nav in window.findChildren(QListWidget):
        texts += [nav.item(i).text() for i in range(nav.count())]
    face = QRawFont.fromFont(QFont(QFontInfo(app.font()).family()))
    # By code point: PySide's QChar overload misreads some characters (版 and 现 "missing").
    missing = sorted({c for t in texts for c in t if not c.isspace() and not face.supportsCharacter(ord(c))})
    print("STATE", json.dumps({
        "finished": finished, "fontconfig": report.get("fontconfig"), "moment": report.get("moment"),
        "loaded": [str(p) for p in report.get("loaded", [])],
        "mapped": [str(p) for p in report.get("loaded", []) if str(p) in maps],
        "main_thread": QThread.currentThread() is app.thread(),
        "fc_lang": __import__("os").environ.get("FC_LANG"),
        "cjk_faces": [r.rawFont().familyName() for r in layout.glyphRuns()],
        "ui_face": face.familyName(), "not_in_ui_face": missing,
    }), flush=True)
    window.doc.undo_stack.setClean()
    app.quit()

start._after_shown = after_shown
from editor.cli import main
sys.exit(main(sys.argv[1:]))
"""


def start_window(tmp_path: Path, **extra: str) -> tuple[dict, str]:
    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "REPORT_EDITOR_CACHE": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("FC_LANG", None)  # the machine's own: the child gets only what the test gives
    env.update(extra)
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(src)], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("STATE "))
    return json.loads(line[6:]), proc.stderr


def _has_cjk_sc_face() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return "SC" in out.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig is Linux's")
def test_chinese_text_is_drawn_with_the_simplified_chinese_face_whatever_the_locale(tmp_path):
    pytest.importorskip("PySide6")
    if not _has_cjk_sc_face():
        pytest.skip("no Simplified Chinese face installed (fonts-noto-cjk)")
    state, _ = start_window(tmp_path, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    assert state["fc_lang"] == "zh-cn"
    assert state["cjk_faces"] and all("SC" in f for f in state["cjk_faces"]), state["cjk_faces"]
    # Every character the window shows at start is in that face: none makes Qt look for another font
    # (▴ and ▾, in no Chinese font, made it load DejaVu Sans as well).
    assert "SC" in state["ui_face"] and state["not_in_ui_face"] == [], state["not_in_ui_face"]
    kept, _ = start_window(tmp_path, LANG="C.UTF-8", LC_ALL="C.UTF-8", FC_LANG="ja")  # the user's setting wins
    assert kept["fc_lang"] == "ja"
    assert kept["cjk_faces"] and all("JP" in f for f in kept["cjk_faces"]), kept["cjk_faces"]


def test_fontconfig_is_told_the_text_is_simplified_chinese_unless_the_user_said_otherwise():
    env: dict[str, str] = {}
    prefer_simplified_chinese(env, "linux")
    assert env == {"FC_LANG": "zh-cn"}
    env = {"FC_LANG": "zh-tw"}
    prefer_simplified_chinese(env, "linux")
    assert env == {"FC_LANG": "zh-tw"}
    for platform in ("win32", "darwin"):
        env = {}
        prefer_simplified_chinese(env, platform)
        assert env == {}
