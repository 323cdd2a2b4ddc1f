"""Turn resources/icons/app.png into a Windows .ico (16…256 px, PNG-compressed entries) for the program
and the setup file, and into the small PNGs the window uses (resources/icons/app-16.png …; committed, so a
start never decodes the 256 px image). Qt does the scaling, so the build needs nothing beyond PySide6.

    python installer/make_icon.py OUT.ico
    python installer/make_icon.py --window-sizes     (after changing app.png)
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# The window's icon (title bar, task bar; up to 200 % on Windows, every size sent to the X server):
# editor.ui.app loads these files, so that no start decodes the 256 px image (~1.5 ms).
WINDOW_SIZES = (16, 24, 32, 48, 64)


def png_sizes(png: Path, sizes: tuple[int, ...] = SIZES) -> list[bytes]:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    if image.isNull():
        raise SystemExit(f"无法读取图标：{png}")
    out = []
    for size in sizes:
        scaled = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        scaled.save(buf, "PNG")
        buf.close()
        out.append(bytes(data.data()))
    return out


def ico_bytes(pngs: list[bytes]) -> bytes:
    # ICONDIR, then one ICONDIRENTRY per image; 0 in width/height means 256. PNG entries work since Vista.
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in zip(SIZES, pngs, strict=True):
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def write_ico(png: Path, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(ico_bytes(png_sizes(png)))
    return out


def write_window_sizes(png: Path) -> list[Path]:
    """app-16.png … next to ``png``."""
    out = []
    for size, data in zip(WINDOW_SIZES, png_sizes(png, WINDOW_SIZES), strict=True):
        path = png.with_name(f"{png.stem}-{size}.png")
        path.write_bytes(data)
        out.append(path)
    return out


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    if sys.argv[1:] == ["--window-sizes"]:
        for written in write_window_sizes(root / "resources" / "icons" / "app.png"):
            print(written)
        raise SystemExit(0)
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build" / "app.ico"
    print(write_ico(root / "resources" / "icons" / "app.png", target))
