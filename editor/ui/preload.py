"""Work of the window's start that needs no Python, done on a second thread while the main thread runs
Python (Linux): reading the font configuration (fontconfig's FcInit, ~2.5 ms, which Qt otherwise does when
the first page lays out its text) and loading Qt's libraries with the platform plugin (~6 ms of the
dynamic linker, which Qt's import otherwise does). Both are C calls made through ctypes, which releases
the interpreter lock, so the two threads run side by side on a machine with two cores.

The libraries are loaded only once the main thread has loaded its last library before Qt's: a second
thread inside the dynamic linker holds its lock, and any import of an extension module would wait for it.
The moment is the first import inside shiboken6.Shiboken's initialisation (a finder that only watches):
from there to PySide6.QtCore (~25 ms) the main thread loads no library. Qt's initialisation then finds
the libraries loaded and relocated, and fontconfig's configuration built (it is built once per process,
whichever thread asks first; fontconfig is thread-safe). Nothing here touches Qt itself, which must only
ever be used from the main thread. Anything that fails leaves the start as it would have been."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

# Longest a worker waits for the moment to load the libraries (a PySide that imports nothing while
# initialising shiboken): then it loads them anyway, which costs nothing but the overlap.
_WAIT_S = 5.0

# What the last start() did, for tests: "fontconfig" (FcInit's result, None: not called), "moment"
# (whether the libraries waited for the moment, False: for _WAIT_S), "loaded" (the files loaded),
# "done" (set when the worker has finished).
report: dict = {}


def platform_plugin(environ: Mapping[str, str]) -> str | None:
    """The platform plugin Qt will load, when the environment says it plainly: QT_QPA_PLATFORM's first
    choice, or X11 (xcb) in an X session; None otherwise (Wayland, which Qt may pick for itself)."""
    named = environ.get("QT_QPA_PLATFORM", "")
    if named:
        first = named.split(";")[0].split(":")[0].strip()
        return first if first and all(c.isascii() and (c.isalnum() or c in "-_") for c in first) else None
    session = environ.get("XDG_SESSION_TYPE", "")
    if session == "x11" or (not session and environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY")):
        return "xcb"
    return None


def libraries(pyside: Path, environ: Mapping[str, str]) -> list[Path]:
    """The files to load for a PySide6 installed in ``pyside``: the platform plugin (which brings Qt's
    libraries with it), else Qt's widgets library; only files that exist (a bundle or a distribution's
    PySide may lay Qt out differently: then nothing)."""
    plugin = platform_plugin(environ)
    candidates = [pyside / "Qt" / "plugins" / "platforms" / f"libq{plugin}.so"] if plugin else []
    candidates.append(pyside / "Qt" / "lib" / "libQt6Widgets.so.6")
    return [p for p in candidates if p.is_file()][:1]


class _AfterShibokenLoads:
    """A finder that finds nothing: it sets ``event`` at the first import after shiboken6.Shiboken's
    spec was found, which runs inside that module's initialisation, its library loaded."""

    def __init__(self, event: threading.Event):
        self.event = event
        self.armed = False

    def find_spec(self, name, path=None, target=None):
        if self.armed:
            self.event.set()
            try:
                sys.meta_path.remove(self)
            except ValueError:
                pass
        elif name == "shiboken6.Shiboken":
            self.armed = True
        return None


def start(environ: Mapping[str, str] | None = None) -> bool:
    """Start the worker, before the window is built; False (nothing done): not Linux, or ctypes or
    fontconfig missing. Where Qt is already loaded (the installed bundle's start-up loads QtCore before
    the program runs), the worker only reads the font configuration."""
    env = os.environ if environ is None else environ
    report.clear()
    if not sys.platform.startswith("linux"):
        return False
    try:
        files: list[Path] = []
        if "shiboken6.Shiboken" not in sys.modules:
            from importlib.util import find_spec

            spec = find_spec("PySide6")  # finds the package without importing it
            locations = list(spec.submodule_search_locations or ()) if spec is not None else []
            files = libraries(Path(locations[0]), env) if locations else []
        import ctypes

        try:
            fc_init = ctypes.CDLL("libfontconfig.so.1").FcInit  # the soname Qt links against
            fc_init.restype = ctypes.c_int
        except (OSError, AttributeError):
            fc_init = None
        dlopen = ctypes.CDLL(None).dlopen
        dlopen.restype = ctypes.c_void_p
        dlopen.argtypes = (ctypes.c_char_p, ctypes.c_int)
    except Exception:  # ctypes missing or refused: start as before
        return False
    if not files and fc_init is None:
        return False
    moment = threading.Event()
    done = threading.Event()
    report.update(fontconfig=None, moment=None, loaded=[], done=done)
    names = [os.fsencode(p) for p in files]

    def work() -> None:
        try:
            if fc_init is not None:
                report["fontconfig"] = fc_init()
            report["moment"] = moment.wait(_WAIT_S)
            for path, name in zip(files, names, strict=True):
                if dlopen(name, os.RTLD_NOW):
                    report["loaded"].append(path)
        except Exception:  # never let the worker disturb the start
            pass
        finally:
            done.set()

    finder = _AfterShibokenLoads(moment)
    if names:
        sys.meta_path.insert(0, finder)
    else:
        moment.set()
    try:
        threading.Thread(target=work, name="start-preload", daemon=True).start()
    except RuntimeError:  # no thread to be had (a process or memory limit): start as before
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
        report.clear()
        return False
    return True
