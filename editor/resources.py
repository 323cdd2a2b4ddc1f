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
