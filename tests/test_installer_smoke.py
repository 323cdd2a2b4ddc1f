"""The installers: the pieces in installer/ (bundle filter, icon, launcher) and, marked slow, a real build:
PyInstaller bundle → .deb → unpacked into a temporary root → the packaged program run on sample reports.

The slow part needs PyInstaller (pip install ".[build]") and dpkg-deb; it is skipped with a reason where
either is missing. Select it with `pytest -m slow`, leave it out with `-m "not slow"`."""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from editor import __version__
from editor.checks import ERROR, check
from editor.io.native import write_native
from editor.samples import sample_report

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
LINUX = INSTALLER / "linux"
PACKAGE = "gov-report-editor"
MIME_TYPE = "application/x-gknb"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


bundle_filter = _load("bundle_filter", INSTALLER / "bundle_filter.py")
make_icon = _load("make_icon", INSTALLER / "make_icon.py")
build_deb = _load("build_deb", LINUX / "build_deb.py")
pins = _load("pins", INSTALLER / "pins.py")


# --- fast: the version pins ---------------------------------------------------------------------------

def test_installers_pin_pyside6_69_and_the_package_does_not():
    # 6.9 is the last PySide6 series whose Linux wheels run on glibc 2.28; the package itself must accept
    # later ones, which alone have Python 3.14 wheels.
    assert pins.pinned()["pyside6-essentials"].startswith("6.9.")
    assert pins.pinned()["shiboken6"] == pins.pinned()["pyside6-essentials"]
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pyside = next(d for d in deps if d.lower().startswith("pyside6"))
    assert "<6.10" not in pyside.replace(" ", "")


@pytest.mark.parametrize("workflow", ["linux-deb.yml", "windows-installer.yml"])
def test_workflows_install_with_the_constraints(workflow):
    text = (ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
    installs = [line for line in text.splitlines() if "pip install" in line and "-e " in line]
    assert installs and all("-c installer/constraints.txt" in line for line in installs)


def test_build_refuses_a_pyside6_other_than_the_pinned_one(tmp_path):
    from importlib import metadata

    constraints = tmp_path / "constraints.txt"
    constraints.write_text("PySide6-Essentials==0.1\n# a comment\n", encoding="utf-8")
    problems = pins.mismatches(constraints)
    assert problems == [f"pyside6-essentials 为 {metadata.version('PySide6-Essentials')}，安装包需要 0.1"]
    with pytest.raises(SystemExit, match="固定版本"):
        pins.require_pins(constraints)


# --- fast: the pieces --------------------------------------------------------------------------------

@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland-egl.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Quick.so.6", False),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6\\Qt6Qml.dll", False),
    ("PySide6\\Qt6Gui.dll", True),
])
def test_bundle_keeps_only_what_the_program_uses(dest, kept):
    assert bundle_filter.keep_binary(dest) is kept


def test_program_imports_no_qt_module_the_bundle_leaves_out():
    # A Qt module the editor starts to use must be taken out of bundle_filter's exclusions, or the packaged
    # program would fail with ImportError.
    used = set()
    for source in (ROOT / "editor").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        used |= set(re.findall(r"PySide6\.(Qt\w+)", text))
        for names in re.findall(r"from\s+PySide6\s+import\s+\(?([\w\s,]+)\)?", text):
            used |= {n.strip() for n in names.split(",") if n.strip().startswith("Qt")}
    excluded = {m.removeprefix("PySide6.") for m in bundle_filter.EXCLUDED_MODULES}
    assert not used & excluded, sorted(used & excluded)


def test_only_chinese_qt_messages_are_kept():
    assert bundle_filter.keep_data("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not bundle_filter.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not bundle_filter.keep_data("PySide6\\translations\\qtbase_zh_TW.qm")
    assert bundle_filter.keep_data("resources/formats/2021.toml")


def test_mypyc_helpers_are_the_modules_a_compiled_tomli_imports():
    """The spec names these hidden imports: the modules tomli's compiled extensions import from C."""
    import importlib
    import sys

    tomli = pytest.importorskip("tomli")
    helpers = bundle_filter.mypyc_helpers("tomli")
    compiled = not importlib.import_module("tomli._parser").__file__.endswith(".py")
    assert bool(helpers) == compiled  # a pure-Python tomli needs none
    for helper in helpers:
        assert helper in sys.modules, helper  # imported by tomli itself
    assert tomli.loads("a = 1") == {"a": 1}
    assert bundle_filter.mypyc_helpers("no-such-distribution") == []


def test_elf_needed_reads_the_dynamic_section():
    from PySide6 import QtCore

    qt_lib = Path(QtCore.__file__).parent / "Qt" / "lib"
    widgets = next(qt_lib.glob("libQt6Widgets.so*"), None) if sys.platform == "linux" else None
    if widgets is None:
        pytest.skip("PySide6 ships no ELF libraries on this platform")
    needed = bundle_filter.elf_needed(widgets)
    assert "libQt6Gui.so.6" in needed and "libQt6Core.so.6" in needed
    assert bundle_filter.elf_needed(ROOT / "pyproject.toml") == []


def test_prune_keeps_the_library_pypdfium2_opens_with_ctypes():
    import pypdfium2_raw

    lib = next(Path(pypdfium2_raw.__file__).parent.glob("*pdfium*"), None)
    if lib is None or sys.platform != "linux":
        pytest.skip("no ELF PDFium library here")
    binaries = [(f"pypdfium2_raw/{lib.name}", str(lib), "BINARY")]
    assert bundle_filter.prune(binaries) == binaries  # nothing names it in DT_NEEDED, yet it is loaded


def test_the_window_icons_are_app_png_scaled():
    """resources/icons/app-16.png … (committed, so that a start decodes no 256 px image) are app.png at
    their sizes: after a change of app.png, ``python installer/make_icon.py --window-sizes`` renews them."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from editor.resources import window_icons

    source = QImage(str(ROOT / "resources" / "icons" / "app.png"))
    assert [size for size, _ in window_icons()] == list(make_icon.WINDOW_SIZES)
    for size, path in window_icons():
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGBA8888)
        assert (image.width(), image.height()) == (size, size), path.name
        want = source.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation).convertToFormat(QImage.Format.Format_RGBA8888)
        got, expected = bytes(image.constBits()), bytes(want.constBits())
        assert len(got) == len(expected)
        assert sum(abs(a - b) for a, b in zip(got, expected, strict=True)) / len(got) < 2, path.name


def test_a_missing_icon_folder_leaves_the_window_without_icons(tmp_path, monkeypatch):
    from editor import resources

    (tmp_path / "formats").mkdir()
    monkeypatch.setattr(resources, "resources_dir", lambda: tmp_path)
    resources.window_icons.cache_clear()
    try:
        assert resources.window_icons() == []
    finally:
        resources.window_icons.cache_clear()


def test_windows_icon_has_every_size(tmp_path):
    from PySide6.QtGui import QImageReader

    ico = make_icon.write_ico(ROOT / "resources" / "icons" / "app.png", tmp_path / "app.ico")
    reader = QImageReader(str(ico))
    assert reader.imageCount() == len(make_icon.SIZES)
    sizes = []
    for i in range(reader.imageCount()):
        reader.jumpToImage(i)
        image = reader.read()
        assert not image.isNull()
        sizes.append(image.width())
    assert sorted(sizes) == sorted(make_icon.SIZES)


def _fake_install(tmp_path: Path, with_fcitx_plugin: bool) -> Path:
    """The packaged layout with a stand-in program that prints the input method Qt would be asked for."""
    bin_dir = tmp_path / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    shutil.copy2(LINUX / "report-editor", bin_dir / "report-editor")
    app = tmp_path / "opt" / PACKAGE
    plugins = app / "_internal" / "PySide6" / "Qt" / "plugins" / "platforminputcontexts"
    plugins.mkdir(parents=True)
    (plugins / "libibusplatforminputcontextplugin.so").write_bytes(b"")
    if with_fcitx_plugin:
        (plugins / "libfcitx5platforminputcontextplugin.so").write_bytes(b"")
    program = app / "report-editor"
    program.write_text('#!/bin/sh\necho "IM=${QT_IM_MODULE-unset} QPA=${QT_QPA_PLATFORM-unset} ARGS=$*"\n',
                       encoding="utf-8")
    program.chmod(0o755)
    return bin_dir / "report-editor"


@pytest.mark.skipif(sys.platform != "linux", reason="the launcher is a Linux shell script")
@pytest.mark.parametrize(("env", "fcitx_plugin", "expected"), [
    ({"QT_IM_MODULE": "fcitx"}, False, "ibus"),
    ({"QT_IM_MODULE": "fcitx5"}, False, "ibus"),
    ({"XMODIFIERS": "@im=fcitx"}, False, "ibus"),
    ({"GTK_IM_MODULE": "fcitx"}, False, "ibus"),
    ({"QT_IM_MODULE": "fcitx"}, True, "fcitx"),
    ({"QT_IM_MODULE": "ibus", "XMODIFIERS": "@im=fcitx"}, False, "ibus"),
    ({}, False, "unset"),
    ({"XMODIFIERS": "@im=ibus"}, False, "unset"),
    ({"XMODIFIERS": "@im=fcitx"}, True, "fcitx"),
    ({"QT_IM_MODULE": "xim"}, False, "ibus"),
    ({"QT_IM_MODULE": "dim"}, False, "ibus"),
    ({"QT_IM_MODULE": "compose"}, False, "compose"),
    ({"QT_IM_MODULE": "fcitx", "REPORT_EDITOR_IM_MODULE": "fcitx"}, False, "fcitx"),
])
def test_launcher_falls_back_to_ibus_without_a_plugin(tmp_path, env, fcitx_plugin, expected):
    launcher = _fake_install(tmp_path, fcitx_plugin)
    out = subprocess.run([str(launcher), "年报 1.gknb"], env={**_clean_env(), **env}, capture_output=True,
                         text=True, timeout=30, check=True).stdout
    assert out.strip() == f"IM={expected} QPA=unset ARGS=年报 1.gknb"


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in (
        "QT_IM_MODULE", "XMODIFIERS", "GTK_IM_MODULE", "REPORT_EDITOR_IM_MODULE", "QT_QPA_PLATFORM")}


@pytest.mark.skipif(sys.platform != "linux", reason="the launcher is a Linux shell script")
@pytest.mark.parametrize(("platform", "expected"), [
    ("wayland", "xcb"), ("wayland;xcb", "xcb"), ("wayland-egl", "xcb"), ("xcb", "xcb"), ("offscreen", "offscreen"),
])
def test_launcher_sends_wayland_sessions_to_xwayland(tmp_path, platform, expected):
    launcher = _fake_install(tmp_path, with_fcitx_plugin=False)
    out = subprocess.run([str(launcher)], env={**_clean_env(), "QT_QPA_PLATFORM": platform}, capture_output=True,
                         text=True, timeout=30, check=True).stdout
    assert out.strip() == f"IM=unset QPA={expected} ARGS="


def test_desktop_entry_and_mime_type_agree():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(LINUX / f"{PACKAGE}.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application"
    assert d["Exec"].split()[0] == "report-editor" and "%f" in d["Exec"].split()
    assert d["Icon"] == PACKAGE
    assert MIME_TYPE in d["MimeType"].split(";")
    assert re.search(r"[\u4e00-\u9fff]", d["Name"])

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(LINUX / f"{PACKAGE}.xml").getroot()
    types = mime.findall("m:mime-type", ns)
    assert [t.get("type") for t in types] == [MIME_TYPE]
    assert [g.get("pattern") for g in types[0].findall("m:glob", ns)] == ["*.gknb"]


def test_windows_setup_script_matches_the_bundle():
    """The Inno Setup script cannot be compiled here: check what ties it to the rest of the build."""
    raw = (INSTALLER / "windows" / "report-editor.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads a Unicode script only with a BOM
    iss = raw.decode("utf-8-sig")
    spec = (INSTALLER / "report-editor.spec").read_text(encoding="utf-8")
    name = re.search(r'^NAME = "([^"]+)"', spec, re.M).group(1)
    assert re.search(rf'^#define AppExe "{re.escape(name)}\.exe"', iss, re.M)
    setup = dict(re.findall(r"^(\w+)=(.*?)\r?$", iss.split("[Setup]")[1].split("\n[")[0], re.M))
    assert setup["PrivilegesRequired"] == "lowest"
    assert "dialog" in setup["PrivilegesRequiredOverridesAllowed"].split()
    assert setup["ChangesAssociations"] == "yes"
    assert setup["DefaultDirName"].startswith("{autopf}")
    assert re.search(r'^Name: "chinesesimplified"; MessagesFile: "\{#ZhMessages\}"', iss, re.M)
    assert re.search(r'^Name: "\{autoprograms\}\\', iss, re.M) and re.search(r'^Name: "\{autodesktop\}\\', iss, re.M)
    assert 'Subkey: "Software\\Classes\\.gknb"' in iss
    assert r'ValueData: """{app}\{#AppExe}"" ""%1"""' in iss
    ps1 = (INSTALLER / "windows" / "build.ps1").read_bytes()
    assert ps1.startswith(b"\xef\xbb\xbf")  # Windows PowerShell 5.1 reads a script without BOM as ANSI
    commit = re.search(rb'\$IslCommit = "([0-9a-f]{40})"', ps1).group(1).decode()
    assert commit[:8] in (INSTALLER / "README.md").read_text(encoding="utf-8")


# --- slow: build the package, unpack it, run what is inside ------------------------------------------

@dataclass
class Installed:
    deb: Path
    root: Path

    @property
    def launcher(self) -> Path:
        return self.root / "usr" / "bin" / "report-editor"

    @property
    def internal(self) -> Path:
        return self.root / "opt" / PACKAGE / "_internal"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    if sys.platform != "linux":
        pytest.skip("the .deb is built on Linux only")
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip('PyInstaller is not installed (pip install ".[build]")')
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb is not installed")
    if pins.mismatches():
        pytest.skip("the installer pins are not installed (pip install -c installer/constraints.txt …): "
                    + "; ".join(pins.mismatches()))
    work = tmp_path_factory.mktemp("installer")
    out = work / "out"
    # gzip instead of xz: the same package, packed in seconds instead of a minute.
    result = subprocess.run(
        [sys.executable, str(LINUX / "build_deb.py"), "--work", str(work / "build"), "--out", str(out),
         "--compression", "gzip"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    debs = list(out.glob("*.deb"))
    assert len(debs) == 1
    root = work / "root"
    subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(root)], check=True)
    return Installed(debs[0], root)


def _field(deb: Path, name: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True,
                          check=True).stdout.strip()


def _run(installed: Installed, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(installed.launcher), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=180, env={**os.environ, **env})


def _run_source(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "editor", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=180, env=env)


@pytest.mark.slow
def test_package_fields_and_files(installed):
    deb = installed.deb
    assert _field(deb, "Package") == PACKAGE
    assert _field(deb, "Version") == __version__
    assert deb.name == f"{PACKAGE}_{__version__}_{_field(deb, 'Architecture')}.deb"
    depends = [d.strip() for d in _field(deb, "Depends").split(",")]
    libc = [d for d in depends if d.startswith("libc6 ")]
    allowed = set(bundle_filter.SYSTEM_LIBS.values()) | {build_deb.CJK_FONTS, *libc}
    assert set(depends) <= allowed, set(depends) - allowed
    assert "libxcb-cursor0" in depends
    # libc6 (>= the newest GLIBC_ symbol version the bundle uses), as objdump reports it.
    assert len(libc) == 1
    objdump = shutil.which("objdump")
    if objdump:
        versions = set()
        for f in (installed.root / "opt" / PACKAGE).rglob("*"):
            if f.is_file() and not f.is_symlink():
                out = subprocess.run([objdump, "-p", str(f)], capture_output=True, text=True).stdout
                versions |= {tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_(\d+\.\d+(?:\.\d+)?)", out)}
        assert libc[0] == f"libc6 (>= {'.'.join(map(str, max(versions)))})"
    fonts = next(d for d in depends if "fonts-noto-cjk" in d).split(" | ")
    assert {"fonts-noto-cjk", "fonts-wqy-microhei"} <= set(fonts)

    root = installed.root
    assert os.access(installed.launcher, os.X_OK)
    assert os.access(root / "opt" / PACKAGE / "report-editor", os.X_OK)
    assert (root / "usr/share/applications" / f"{PACKAGE}.desktop").is_file()
    assert (root / "usr/share/mime/packages" / f"{PACKAGE}.xml").is_file()
    assert (root / "usr/share/icons/hicolor/256x256/apps" / f"{PACKAGE}.png").is_file()
    assert (root / "usr/share/icons/hicolor/256x256/mimetypes/application-x-gknb.png").is_file()


@pytest.mark.slow
def test_bundle_carries_resources_and_leaves_out_unused_qt(installed):
    internal = installed.internal
    # Every file of resources/ (edition formats, icons, help), byte for byte, where resources_dir() looks.
    source = {p.relative_to(ROOT / "resources"): p for p in (ROOT / "resources").rglob("*") if p.is_file()}
    shipped = {p.relative_to(internal / "resources"): p for p in (internal / "resources").rglob("*") if p.is_file()}
    assert set(shipped) == set(source)
    assert all(shipped[k].read_bytes() == source[k].read_bytes() for k in source)
    assert Path("formats/2021.toml") in shipped
    # tomli's mypyc helper, which PyInstaller cannot see (else the bundle parses with the slower tomllib).
    for helper in bundle_filter.mypyc_helpers("tomli"):
        assert any(p.name.startswith(helper + ".") for p in internal.iterdir()), helper
    translations = sorted(p.name for p in internal.rglob("*.qm"))
    assert translations == ["qtbase_zh_CN.qm"]
    names = {p.name for p in internal.rglob("*")}
    assert "libqxcb.so" in names and "libqoffscreen.so" in names
    assert "libxcb-util.so.1" in names  # Debian 10 has only libxcb-util.so.0
    for left_out in ("libQt6Quick", "libQt6Qml", "libQt6WebEngine", "libQt6Network", "libQt6Wayland", "libqgtk3",
                     "libqwayland", "libgtk-3", "libcairo", "libgnutls", "libkrb5", "libstdc++", "libfontconfig"):
        assert not [n for n in names if n.startswith(left_out)], left_out
    # Every library the bundle does not carry is declared in Depends.
    depends = _field(installed.deb, "Depends")
    for f in internal.rglob("*.so*"):
        if f.is_symlink():
            continue
        for lib in bundle_filter.elf_needed(f):
            if lib not in names:
                assert bundle_filter.SYSTEM_LIBS[lib] in depends, (f.name, lib)


@pytest.mark.slow
def test_packaged_program_runs_without_python(installed, tmp_path):
    result = _run(installed, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"report-editor {__version__}"


def _broken(report):
    """A copy of the sample with one number changed so that a cross-check fails (found, not assumed)."""
    for key, value in sorted(report.values.items()):
        report.values[key] = value + (Decimal(1) if isinstance(value, Decimal) else 1)
        if any(f.severity == ERROR for f in check(report)):
            return report
        report.values[key] = value
    raise AssertionError("no single change breaks a cross-check")


@pytest.mark.slow
def test_packaged_program_reads_a_published_pdf(installed, tmp_path):
    """PDFium's library travels in the bundle: the packaged program reads a real PDF like the source."""
    from tests.conftest import shared_path

    pdf = shared_path("realdata", "huaian-2024.pdf")
    packaged = _run(installed, "convert", str(pdf), "packaged.gknb", cwd=tmp_path)
    assert packaged.returncode == 0, packaged.stderr[-2000:]
    source = _run_source("convert", str(pdf), "source.gknb", cwd=tmp_path)
    assert source.returncode == 0, source.stderr[-2000:]
    assert (tmp_path / "packaged.gknb").read_bytes() == (tmp_path / "source.gknb").read_bytes()


@pytest.mark.slow
def test_packaged_check_matches_the_source(installed, tmp_path):
    cases = []
    for year in (2020, 2024):
        good = tmp_path / f"样例{year}.gknb"
        write_native(sample_report(year, seed=year), good, backup=False)
        bad = tmp_path / f"有误{year}.gknb"
        write_native(_broken(sample_report(year, seed=year)), bad, backup=False)
        cases += [(good, 0), (bad, 1)]
    corrupt = tmp_path / "损坏.gknb"
    corrupt.write_text("{ 这不是年报", encoding="utf-8")
    cases.append((corrupt, 2))
    for path, code in cases:
        packaged = _run(installed, "check", path.name, cwd=tmp_path)
        source = _run_source("check", path.name, cwd=tmp_path)
        assert packaged.returncode == source.returncode == code, (path.name, packaged.stderr)
        assert packaged.stdout == source.stdout
        assert packaged.stderr == source.stderr
        assert "Traceback" not in packaged.stderr
    assert "错误" in _run(installed, "check", corrupt.name, cwd=tmp_path).stderr


def _lists_command(installed: Installed, name: str, cwd: Path) -> bool:
    result = _run(installed, "--help", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return re.search(rf"^\s+{name}\s", result.stdout, re.M) is not None


@pytest.mark.slow
def test_packaged_gui_takes_a_screenshot(installed, tmp_path):
    if not _lists_command(installed, "gui", tmp_path):
        pytest.skip("the packaged program has no gui command yet")
    from PySide6.QtGui import QImage

    report = tmp_path / "样例.gknb"
    write_native(sample_report(2024, seed=7), report, backup=False)
    png = tmp_path / "requests.png"
    result = _run(installed, "gui", str(report), "--section", "requests", "--screenshot", str(png),
                  cwd=tmp_path, QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stderr[-3000:]
    image = QImage(str(png))
    assert not image.isNull()
    assert image.width() >= 400 and image.height() >= 300
    colors = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colors) > 16  # a drawn window, not an empty canvas


@pytest.mark.slow
def test_packaged_editor_uses_the_ibus_plugin_under_fcitx(installed, tmp_path):
    """Under fcitx the launcher makes the bundled Qt load its ibus plugin (fcitx5 serves IBus clients);
    started directly, the same Qt finds no fcitx plugin and loads no input method at all."""
    if not _lists_command(installed, "gui", tmp_path):
        pytest.skip("the packaged program has no gui command yet")
    report = tmp_path / "样例.gknb"
    write_native(sample_report(2024, seed=3), report, backup=False)
    env = {"QT_QPA_PLATFORM": "offscreen", "QT_IM_MODULE": "fcitx", "QT_DEBUG_PLUGINS": "1"}
    args = ["gui", str(report), "--screenshot", str(tmp_path / "shot.png")]
    loaded = re.compile(r"platforminputcontexts/(lib\w+)\.so\" loaded library")

    via_launcher = _run(installed, *args, cwd=tmp_path, **env)
    assert via_launcher.returncode == 0, via_launcher.stderr[-3000:]
    assert loaded.findall(via_launcher.stderr) == ["libibusplatforminputcontextplugin"]

    program = installed.root / "opt" / PACKAGE / "report-editor"
    direct = subprocess.run([str(program), *args], cwd=tmp_path, capture_output=True, text=True, timeout=180,
                            env={**os.environ, **env})
    assert direct.returncode == 0, direct.stderr[-3000:]
    assert loaded.findall(direct.stderr) == []
