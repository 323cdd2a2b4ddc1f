"""Starting the editor loads only what showing the window needs: not the other commands, not the
summary's process pool, and (once the edition cache is warm) not the TOML parser."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from editor.io.native import write_native
from editor.samples import sample_report
from editor.schema import toml_reader
from tests.conftest import ROOT

_CHILD = """
import sys
from editor.cli import main
code = main(sys.argv[1:])
print("MODULES", " ".join(sorted(sys.modules)))
sys.exit(code)
"""

NOT_AT_START = ("editor.summary", "editor.commands.check", "editor.commands.convert", "editor.commands.new",
                "editor.commands.rollover", "editor.commands.summarize", "multiprocessing", "concurrent.futures",
                "tomllib", "tomli",  # the edition files' parser (schema.toml_reader)
                # the edition cache is read with the C pickler itself, without pickle's pure-Python twin
                "pickle",
                # saving (safe_save with hashlib and secrets, ~3 ms): imported by the first save, not to open
                "editor.io.safe_save", "hashlib",
                # 填入合计 (filled totals): imported by the command
                "editor.totals")


def _start(*args: str, env: dict) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", _CHILD, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


# The window's children: ``shown`` (each defines it) runs at the first turn of the event loop, the window
# on screen; the program is the real one (editor.cli.main with the child's arguments).
_WINDOW_HEAD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
"""
_WINDOW_TAIL = """
def _exec(*_a):
    QTimer.singleShot(0, shown)
    return QApplication._real_exec()
QApplication._real_exec = QApplication.exec
QApplication.exec = _exec
from editor.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _window_env(tmp_path) -> dict[str, str]:
    """Offscreen, with private settings, data and edition cache."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
            "REPORT_EDITOR_CACHE": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config")}


def _run_window(body: str, src, env: dict[str, str]) -> list[str]:
    """The lines a window child printed (it must exit 0)."""
    proc = subprocess.run([sys.executable, "-c", _WINDOW_HEAD + body + _WINDOW_TAIL, str(src)], cwd=ROOT,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_the_window_starts_without_the_other_commands_or_the_toml_parser(tmp_path):
    pytest.importorskip("PySide6")
    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    env = _window_env(tmp_path)
    args = ("gui", str(src), "--screenshot", str(tmp_path / "s.png"))
    cold = _start(*args, env=env)
    assert toml_reader().__name__ in cold  # the first start parses the edition files and fills the cache
    warm = _start(*args, env=env)
    assert "editor.ui.main_window" in warm and "editor.commands.gui" in warm
    assert sorted(m for m in NOT_AT_START if m in warm) == []


_COMPILED_AT_IMPORT = """
import re, sys
from re import _compiler
compiled = []
_real = _compiler.compile
_compiler.compile = lambda p, flags=0: compiled.append(p) or _real(p, flags)
import editor.cli, editor.commands.gui, editor.io.load, editor.io.native, editor.checks, editor.ui.main_window
print("\\n".join(repr(p) for p in compiled if isinstance(p, str)))
"""


def _wide_class(pattern: str) -> bool:
    """Whether a pattern has a [class] naming a character beyond Latin-1 (re then builds a 64K-entry map:
    ~0.2–0.6 ms each to compile), as re's own parser reads it."""
    from re import _constants as c
    from re import _parser

    def wide(items) -> bool:
        for op, av in items:
            if op is c.IN and any((o is c.LITERAL and a > 0xFF) or (o is c.RANGE and a[1] > 0xFF) for o, a in av):
                return True
            for sub in av if isinstance(av, (list, tuple)) else ():
                if isinstance(sub, _parser.SubPattern) and wide(sub):
                    return True
                if isinstance(sub, (list, tuple)) and any(isinstance(x, _parser.SubPattern) and wide(x) for x in sub):
                    return True
        return False

    return wide(_parser.parse(pattern))


def test_importing_the_window_compiles_no_class_of_chinese_characters():
    """Patterns with such classes (sentence ends, numbering, indents, characters no file carries) are
    compiled when a rule first needs them, not when the window's modules are imported."""
    import ast

    assert _wide_class("[。！？]") and _wide_class(r"^[ \u3000]+") and _wide_class(r"x(?:a|[^，\d]{0,3})")
    assert not _wide_class("上年(?:度)?结转") and not _wide_class(r"[\x00-\x1f]+年") and _wide_class("[a]|年")
    proc = subprocess.run([sys.executable, "-c", _COMPILED_AT_IMPORT], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT),
                                                              "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    patterns = [ast.literal_eval(line) for line in proc.stdout.splitlines() if line]
    assert len(patterns) > 10  # the hook saw the imports' patterns
    assert [p for p in patterns if _wide_class(p)] == []


def test_help_still_lists_every_command(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "editor", "--help"], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0
    for name in ("check", "new", "convert", "gui", "rollover", "summarize"):
        assert f"    {name}" in proc.stdout, proc.stdout


_SHOWN_TYPES = """
def shown():
    from PySide6 import QtCore, QtGui, QtWidgets
    made = [n for m, names in ((QtCore, LAZY_CORE), (QtGui, LAZY_GUI), (QtWidgets, LAZY_WIDGETS))
            for n in names if n in m.__dict__]
    print("MADE", " ".join(made), flush=True)
    QApplication.instance().quit()
"""

# Qt types PySide creates on first use, costly and not needed to show the window: the Qt namespace (92
# enums, ~13 ms), the file dialog, the text pages' event and text-format types, the dialogs' types, the
# painter (tables), fonts (the heading's is a style sheet), the menus' key sequences (filled one turn after
# the window shows), the recovery lock and folder (first autosave, recovery offer after the window shows),
# the findings list (a report without findings opens with the panel folded to its bar), the window icon
# (set one turn after the window shows: QIcon's type costs ~1.5 ms).
LAZY = {"LAZY_CORE": ["Qt", "QEvent", "QLockFile", "QStandardPaths"],
        "LAZY_GUI": ["QTextFormat", "QTextCursor", "QPainter", "QFont", "QKeySequence", "QBrush", "QIcon"],
        "LAZY_WIDGETS": ["QFileDialog", "QPlainTextEdit", "QDialog", "QInputDialog", "QSizePolicy", "QTreeWidget",
                         "QTreeWidgetItem"]}


def test_showing_the_window_creates_no_qt_type_it_does_not_need(tmp_path):
    pytest.importorskip("PySide6")
    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    env = _window_env(tmp_path)
    code = "".join(f"{k} = {v!r}\n" for k, v in LAZY.items()) + _SHOWN_TYPES
    made = []
    for _ in range(2):  # the first start places the findings panel and saves the layout the next restores
        lines = _run_window(code, src, env)
        made.append(next(x for x in lines if x.startswith("MADE")).split()[1:])
    assert "Qt" in made[0]  # the test sees the type when it is made
    assert made[1] == []


_HELD_WRITE = """
from editor import edition_cache
def _stored():
    folder = edition_cache.cache_dir()
    names = sorted(p.name.rsplit("-", 1)[0] for p in folder.glob("*.pickle")) if folder.exists() else []
    return ",".join(names) or "-"
def shown():
    print("AT_SHOW", _stored(), "_pickle" in sys.modules, flush=True)
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, later))
def later():
    print("LATER", _stored(), "_pickle" in sys.modules, flush=True)
    QApplication.instance().quit()
"""


def test_a_cold_start_writes_the_edition_cache_after_the_window_shows(tmp_path):
    """Hashing and pickling the editions (~10 ms) wait for the window: not written when it shows, written
    by the next turns of the event loop, and served to the next start. Only the report's own edition is
    parsed and stored; the C pickler is imported for that write (a warm start imports it to read)."""
    pytest.importorskip("PySide6")
    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    env = _window_env(tmp_path)
    lines = [x for x in _run_window(_HELD_WRITE, src, env) if x.startswith(("AT_SHOW", "LATER"))]
    # The report's own edition and the years of all (for the edition-by-year check): 2019 is never loaded.
    assert lines == ["AT_SHOW - False", "LATER edition-2021,edition-years True"]
    warm = _start("gui", str(src), "--screenshot", str(tmp_path / "s.png"), env=env)
    assert toml_reader().__name__ not in warm  # what was written after the window showed is the next start's cache


_MENUS_LATER = """
def window():
    return next(w for w in QApplication.topLevelWidgets() if w.inherits("QMainWindow"))
def actions():
    return [a for m in window().menus.values() for a in m.actions() if not a.isSeparator()]
def loaded():
    return ",".join(m for m in LATER_MODULES if m in sys.modules) or "-"
def shown():
    print("AT_SHOW", len(actions()), len(window().menuBar().actions()), loaded(), flush=True)
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, later))
def later():
    save = next(a for a in actions() if a.text() == "保存(&S)")
    print("LATER", len(actions()), save.shortcut().toString(), loaded(), flush=True)
    QApplication.instance().quit()
"""


def test_the_menus_get_their_commands_right_after_the_window_shows(tmp_path):
    """The menu bar shows its five titles from the first paint; their commands and shortcuts (types and
    ~40 actions, ~5 ms) are added one turn of the event loop later, when a closed menu looks the same."""
    pytest.importorskip("PySide6")
    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    env = _window_env(tmp_path)
    # The menus' modules and the recovery files' (offered after the window shows) wait for that turn too.
    later_modules = ["editor.ui.navigation", "editor.ui.fixes", "editor.ui.recovery_files"]
    code = f"LATER_MODULES = {later_modules!r}\n" + _MENUS_LATER
    at_show, later = (x.split() for x in _run_window(code, src, env) if x.startswith(("AT_SHOW", "LATER")))
    assert at_show == ["AT_SHOW", "0", "5", "-"]
    assert int(later[1]) >= 30 and later[2] == "Ctrl+S" and later[3] == ",".join(later_modules)


_PLUGINS_AT_SHOW = """
def shown():
    with open("/proc/self/maps", encoding="utf-8") as maps:
        loaded = sorted({line.split("/")[-1].strip() for line in maps if "/imageformats/" in line})
    print("IMAGEFORMATS", " ".join(loaded) or "-", flush=True)
    QApplication.instance().quit()
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="reads the mapped libraries from /proc")
def test_showing_the_window_loads_no_image_format_plugin(tmp_path):
    """The findings dock's hidden title buttons get their icons from a style sheet: Fusion's own float
    icon makes Qt load every image-format plugin (~2.5 ms), and the window shows none of them."""
    pytest.importorskip("PySide6")
    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    env = _window_env(tmp_path)
    for _ in range(2):  # the first start places the dock, the next restores it
        lines = _run_window(_PLUGINS_AT_SHOW, src, env)
        assert next(x for x in lines if x.startswith("IMAGEFORMATS")) == "IMAGEFORMATS -"


_ICONS_AT_SHOW = """
import re
def shown():
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, settled))  # the icon comes one turn after the window
def settled():
    from PySide6.QtGui import QImageReader
    app = QApplication.instance()
    window = next(w for w in app.topLevelWidgets() if w.inherits("QMainWindow"))
    files = set(re.findall(r'url\\("([^"]+)"\\)', window.findings_dock.styleSheet()))
    print("WINDOW", *sorted({s.width() for s in app.windowIcon().availableSizes()}), flush=True)
    print("DOCK", *sorted({QImageReader(f).size().width() for f in files}), flush=True)
    app.quit()
"""


def test_the_window_decodes_only_small_icons(tmp_path):
    """The window's icon comes in the sizes a title or task bar shows (Qt decodes every size it has, for
    the X server), right after the window shows, and the dock's hidden buttons get the 16 px one: decoding
    the 256 px app.png costs ~1.5 ms."""
    pytest.importorskip("PySide6")
    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    lines = _run_window(_ICONS_AT_SHOW, src, _window_env(tmp_path))
    window = [int(x) for x in next(x for x in lines if x.startswith("WINDOW")).split()[1:]]
    dock = [int(x) for x in next(x for x in lines if x.startswith("DOCK")).split()[1:]]
    assert window and max(window) <= 64 and min(window) == 16
    assert dock == [16]


_PARSER_AT_SHOW = """
import editor.cli
BUILT = []
_real_build = editor.cli.build_parser
editor.cli.build_parser = lambda *a: BUILT.append(a) or _real_build(*a)
def shown():
    print("PARSERS", len(BUILT), flush=True)
    QApplication.instance().quit()
"""


def test_opening_a_file_builds_no_command_line_parser(tmp_path):
    """``report-editor FILE`` starts the editor as ``report-editor gui FILE`` does, without building the
    argparse parser (~2 ms of the start; PySide imports argparse itself, so the module is no sign)."""
    pytest.importorskip("PySide6")
    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    lines = _run_window(_PARSER_AT_SHOW, src, _window_env(tmp_path))
    assert "PARSERS 0" in lines


@pytest.mark.parametrize("argv", [["gui"], ["gui", "年报.gknb"]])
def test_the_plain_start_gets_the_arguments_the_gui_parser_gives(argv):
    from editor.cli import build_parser
    from editor.commands import gui

    parsed = vars(build_parser("gui").parse_args(argv))
    assert parsed == vars(gui.plain_arguments(argv[1] if len(argv) > 1 else None))
