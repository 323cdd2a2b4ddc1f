"""Where the data files (edition formats, icons, translations) live: in the source tree, in an
installed wheel, or inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "resources", here / "_resources"]
    for c in candidates:
        if (c / "formats").is_dir():
            return c
    raise FileNotFoundError("resources/formats not found next to the program")


def formats_dir() -> Path:
    return resources_dir() / "formats"


@cache
def window_icons() -> list[tuple[int, Path]]:
    """The program's icon in the small sizes a window shows (resources/icons/app-16.png …, made from app.png
    by installer/make_icon.py), smallest first: decoding the 256 px app.png costs a start ~1.5 ms."""
    found = []
    try:
        paths = list((resources_dir() / "icons").iterdir())  # not glob, which compiles a pattern (~0.1 ms)
    except OSError:
        return []  # an installation without icons: the window has Qt's default one
    for path in paths:
        size = path.stem.removeprefix("app-")
        if path.suffix == ".png" and path.stem.startswith("app-") and size.isdigit():
            found.append((int(size), path))
    return sorted(found)
