"""What the PyInstaller bundle keeps and leaves out (used by report-editor.spec, checked by the smoke test).

The program draws its windows with QtCore/QtGui/QtWidgets, prints through QtPrintSupport and may show SVG
icons (QtSvg). Everything else PySide6 ships (QML/Quick, WebEngine, 3D, multimedia, network, SQL, designer…)
is left out, together with the Qt plugins that would pull those libraries back in."""

from __future__ import annotations

import posixpath
import re
import struct
import sys
from pathlib import Path
from typing import NamedTuple

QT_MODULES = [
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
]

_UNUSED_QT = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
    # QtDBus stays: QtGui's Python module is linked against it.
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDesigner", "QtExampleIcons",
    "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf",
    "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest",
    "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort",
    "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTest", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView",
    "QtXml",
]

EXCLUDED_MODULES = [f"PySide6.{m}" for m in _UNUSED_QT] + [
    # Other Qt bindings PyInstaller would otherwise report as conflicting.
    "PyQt5", "PyQt6", "PySide2",
    # Development and test tools that may sit in the build environment.
    "tkinter", "_tkinter", "idlelib", "lib2to3", "pydoc_data", "ensurepip", "pip", "setuptools",
    "pkg_resources", "pytest", "_pytest", "pytestqt", "ruff", "PyInstaller", "IPython",
]


def mypyc_helpers(distribution: str) -> list[str]:
    """The top-level modules a distribution compiled with mypyc imports from its C extensions (tomli's
    ``<hash>__mypyc``): PyInstaller's analysis cannot see those imports, so the spec names them, else the
    bundle's ``import tomli`` fails (and the program falls back to the slower tomllib)."""
    from importlib.metadata import PackageNotFoundError, files

    try:
        found = files(distribution) or []
    except PackageNotFoundError:
        return []
    names = {str(f).split(".")[0] for f in found if "/" not in str(f)}
    return sorted(n for n in names if n.endswith("__mypyc"))


# Qt plugin folders (or single plugins) the program never loads. Wayland is left out on purpose: UOS and
# Kylin run X11 sessions, and in a Wayland session Qt falls back to xcb through XWayland.
_DROPPED_PLUGINS = re.compile(
    r"plugins/("
    r"platforms/(?!(libqxcb|libqoffscreen|qwindows|qoffscreen|qminimal)\.)[^/]+"
    r"|platforminputcontexts/(lib)?qtvirtualkeyboardplugin\.(so|dll)"
    r"|platformthemes/libqgtk3\.so"
    r"|wayland-[^/]+/.*|egldeviceintegrations/.*|networkinformation/.*|tls/.*|generic/.*|sqldrivers/.*"
    r"|designer/.*|qmltooling/.*|qmllint/.*|position/.*|multimedia/.*|sceneparsers/.*|renderers/.*"
    r")$"
)

# Libraries of the unused modules, should a plugin or hook still drag one in.
_DROPPED_LIBS = re.compile(
    r"(^|/)(lib)?Qt6(Quick|Qml|WebEngine|3D|Multimedia|Pdf|VirtualKeyboard|Wayland|Designer|Sql|Test|Network"
    r"|OpenGLWidgets|ShaderTools|Charts|DataVisualization|Graphs|Positioning|Location|RemoteObjects|Scxml"
    r"|Sensors|SerialPort|SerialBus|SpatialAudio|StateMachine|TextToSpeech|UiTools|Help|Concurrent|Xml|Bluetooth"
    r"|Nfc|HttpServer|WebSockets|WebChannel|WebView|EglFsKmsSupport|EglFSDeviceIntegration|LanguageServer"
    r"|JsonRpc)[^/]*$"
)

# Qt's own messages (buttons of standard dialogs, context menus) are shipped in Chinese only.
_TRANSLATION = re.compile(r"(^|/)translations/([^/]+)\.qm$")
_KEPT_TRANSLATIONS = {"qtbase_zh_CN"}


def _norm(path: str) -> str:
    return path.replace("\\", "/")


def keep_binary(dest: str) -> bool:
    """True when the bundle keeps this binary (its destination path inside the bundle)."""
    p = _norm(dest)
    return not (_DROPPED_PLUGINS.search(p) or _DROPPED_LIBS.search(p))


def keep_data(dest: str) -> bool:
    """True when the bundle keeps this data file."""
    p = _norm(dest)
    m = _TRANSLATION.search(p)
    if m and "PySide6" in p:
        return m.group(2) in _KEPT_TRANSLATIONS
    return keep_binary(p)


# Libraries every UOS/Kylin/Debian desktop has, taken from the system instead of from the build machine:
# the .deb depends on their packages (Debian names; "a | b" where Debian 10/Ubuntu 20.04 named it
# differently). libxcb-util.so.1 is not among them: Debian 10 (UOS 20's base) ships only libxcb-util.so.0,
# so the bundle carries its own copy. The C/C++ runtime, X11 and fontconfig must match the system's
# graphics drivers and font setup, so bundling the build machine's copies would break more than it fixes.
SYSTEM_LIBS: dict[str, str] = {
    "libc.so.6": "libc6", "libm.so.6": "libc6", "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6", "librt.so.1": "libc6", "libresolv.so.2": "libc6",
    "libutil.so.1": "libc6", "ld-linux-x86-64.so.2": "libc6",
    "ld-linux-aarch64.so.1": "libc6",
    "libstdc++.so.6": "libstdc++6", "libgcc_s.so.1": "libgcc-s1 | libgcc1",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0", "libgio-2.0.so.0": "libglib2.0-0",
    "libgmodule-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libOpenGL.so.0": "libopengl0", "libGLX.so.0": "libglx0",
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1", "libSM.so.6": "libsm6", "libICE.so.6": "libice6",
    "libxcb.so.1": "libxcb1", "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-shape.so.0": "libxcb-shape0", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-xinput.so.0": "libxcb-xinput0", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libcups.so.2": "libcups2",
}


def is_system_lib(name: str) -> bool:
    return Path(_norm(name)).name in SYSTEM_LIBS


class ElfInfo(NamedTuple):
    needed: list[str]  # DT_NEEDED sonames
    versions: list[str]  # symbol versions required from other libraries (GLIBC_2.28, GLIBCXX_3.4.25, …)


def elf_info(path: Path) -> ElfInfo:
    """What an ELF file needs from other libraries (empty for anything that is not ELF), read from its
    section headers without ldd, so that the answer does not depend on the machine that reads it."""
    empty = ElfInfo([], [])
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return empty
    if data[:4] != b"\x7fELF" or len(data) < 64:
        return empty
    end = "<" if data[5] == 1 else ">"
    if data[4] == 2:  # 64-bit
        shoff, = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
        sh_fmt, dyn_fmt = end + "IIQQQQIIQQ", end + "qQ"
    else:
        shoff, = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x2E)
        sh_fmt, dyn_fmt = end + "IIIIIIIIII", end + "iI"
    sections = []
    for i in range(shnum):
        off = shoff + i * shentsize
        if off + struct.calcsize(sh_fmt) > len(data):
            return empty
        sections.append(struct.unpack_from(sh_fmt, data, off))

    def string(table: int, offset: int) -> str:
        start = sections[table][4] + offset
        return data[start:data.index(b"\0", start)].decode("utf-8", "replace")

    info = ElfInfo([], [])
    for sec in sections:
        sh_type, sh_offset, sh_size, sh_link, sh_info = sec[1], sec[4], sec[5], sec[6], sec[7]
        if sh_link >= len(sections):
            continue
        if sh_type == 6:  # SHT_DYNAMIC
            step = struct.calcsize(dyn_fmt)
            for pos in range(sh_offset, sh_offset + sh_size - step + 1, step):
                tag, val = struct.unpack_from(dyn_fmt, data, pos)
                if tag == 0:
                    break
                if tag == 1:  # DT_NEEDED
                    info.needed.append(string(sh_link, val))
        elif sh_type == 0x6FFFFFFE:  # SHT_GNU_verneed: Verneed entries, each with a chain of Vernaux
            pos = sh_offset
            for _ in range(sh_info):
                _, count, _, aux, nxt = struct.unpack_from(end + "HHIII", data, pos)
                apos = pos + aux
                for _ in range(count):
                    _, _, _, name, anext = struct.unpack_from(end + "IHHII", data, apos)
                    info.versions.append(string(sh_link, name))
                    apos += anext
                pos += nxt
    return info


def elf_needed(path: Path) -> list[str]:
    """DT_NEEDED entries of an ELF file ([] for anything that is not ELF)."""
    return elf_info(path).needed


def glibc_needed(paths) -> tuple[int, ...]:
    """The newest GLIBC_x.y symbol version any of these files requires, e.g. (2, 28)."""
    newest: tuple[int, ...] = (2, 17)
    for p in paths:
        for v in elf_info(p).versions:
            m = re.fullmatch(r"GLIBC_(\d+(?:\.\d+)+)", v)
            if m:
                newest = max(newest, tuple(int(x) for x in m.group(1).split(".")))
    return newest


# Packages whose library Python opens with ctypes (no extension module names it as a dependency): their
# libraries are roots too. pypdfium2 loads PDFium's libpdfium.so this way.
CTYPES_PACKAGES = ("pypdfium2_raw/",)


def prune(binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Drop system libraries and every library nothing kept still needs (the dependencies of dropped
    plugins, e.g. GTK and its cairo/pango, or libcups' gnutls and krb5). Roots are the Python extension
    modules, the Qt plugins, libpython and the libraries of CTYPES_PACKAGES; ELF only: on Windows and
    macOS the list is returned as is."""
    if sys.platform != "linux":
        return binaries
    kept = [b for b in binaries if not is_system_lib(b[0])]
    by_name: dict[str, list[tuple[str, str, str]]] = {}
    for b in kept:
        by_name.setdefault(Path(_norm(b[0])).name, []).append(b)
    roots = [b for b in kept if b[2] == "EXTENSION" or "/plugins/" in _norm(b[0])
             or Path(b[0]).name.startswith("libpython") or _norm(b[0]).startswith(CTYPES_PACKAGES)]
    reached: set[str] = set()
    todo = list(roots)
    while todo:
        dest, src, _ = todo.pop()
        if dest in reached:
            continue
        reached.add(dest)
        for lib in elf_needed(Path(src)):
            todo += [b for b in by_name.get(lib, []) if b[0] not in reached]
    return [b for b in kept if b[0] in reached or not _is_shared_lib(b[0])]


def _is_shared_lib(dest: str) -> bool:
    return re.search(r"\.so(\.[0-9.]+)?$", _norm(dest)) is not None


def drop_dangling_symlinks(datas: list[tuple[str, str, str]], binaries: list[tuple[str, str, str]]):
    """PyInstaller lists its convenience symlinks (libQt6Gui.so.6 -> PySide6/Qt/lib/…) among the data
    entries; drop those whose target library was pruned."""
    present = {_norm(b[0]) for b in binaries} | {_norm(d[0]) for d in datas if d[2] != "SYMLINK"}
    kept = []
    for dest, target, kind in datas:
        if kind == "SYMLINK":
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(_norm(dest)), _norm(target)))
            if resolved not in present:
                continue
        kept.append((dest, target, kind))
    return kept
