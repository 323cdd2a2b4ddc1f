"""Old and Chinese office formats (.doc, .wps, .et) through LibreOffice where it is installed.

LibreOffice converts the file to .docx/.xlsx in a private temporary folder (its own profile, so it never
collides with a LibreOffice the user has open); the result is read like any Word/Excel file. Without
LibreOffice, or when it cannot convert the file, the user is told to save it as .docx in Word/WPS.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from editor.io.bounded import read_limited
from editor.io.formats import ImportResult, LogEntry
from editor.io.native import ReportFileError
from editor.io.oserror import os_reason

TIMEOUT = 120  # seconds; a report converts in about one
MAX_BYTES = 50 * 1024 * 1024
_TARGET = {".doc": "docx", ".wps": "docx", ".et": "xlsx"}


def _save_as_hint(path: Path) -> str:
    if path.suffix.lower() == ".et":
        return "请在 Excel/WPS 中另存为 .xlsx 后再打开"
    return "请在 Word/WPS 中另存为 .docx 后再打开"


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for base in (os.environ.get("ProgramFiles", r"C:\Program Files"),
                     os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")):
            candidate = Path(base) / "LibreOffice" / "program" / "soffice.exe"
            if candidate.exists():
                return str(candidate)
    return None


def convert(path: Path, target: str, outdir: Path, soffice: str) -> Path:
    profile = Path(outdir) / "profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", target, "--outdir", str(outdir), str(path)]
    try:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT, check=False,
                       stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise ReportFileError(f"LibreOffice 转换 {path.name} 超时；{_save_as_hint(path)}") from exc
    except OSError as exc:
        raise ReportFileError(f"无法启动 LibreOffice（{os_reason(exc)}）；{_save_as_hint(path)}") from exc
    out = Path(outdir) / f"{path.stem}.{target}"
    # soffice exits 0 even when it could not convert: the file's presence is the only proof.
    if not out.exists() or out.stat().st_size == 0:
        raise ReportFileError(
            f"LibreOffice 无法转换 {path.name}（文件可能已损坏或格式不受支持）；{_save_as_hint(path)}")
    return out


def read_via_office(path: Path) -> ImportResult:
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in _TARGET:
        raise ReportFileError(f"不支持“{ext}”文件；{_save_as_hint(path)}")
    data = read_limited(path, MAX_BYTES)  # a regular file under a budget, never a FIFO or a device
    soffice = find_soffice()
    if soffice is None:
        raise ReportFileError(f"本机未安装 LibreOffice，无法直接打开“{ext}”文件；{_save_as_hint(path)}")
    target = _TARGET[ext]
    with tempfile.TemporaryDirectory(prefix="gknb-convert-") as tmp:
        # A plain ASCII name: soffice mishandles some non-ASCII paths on Windows.
        src = Path(tmp) / f"input{ext}"
        src.write_bytes(data)
        converted = convert(src, target, Path(tmp), soffice)
        result = _read_converted(converted, target)
    result.log.insert(0, LogEntry("converted",
                                  f"已用 LibreOffice 将 {path.name} 转换为 .{target} 后读取，请核对版式和数字"))
    return result


def _read_converted(path: Path, target: str) -> ImportResult:
    if target == "xlsx":
        from editor.io.xlsx.foreign import read_foreign_xlsx

        return read_foreign_xlsx(path)
    try:  # our own export saved as .doc reads best through the own-format reader, which delegates the rest
        from editor.io.docx.importer import read_docx
    except ImportError:
        from editor.io.docx.foreign import read_foreign_docx as read_docx
    result = read_docx(path)
    return result if isinstance(result, ImportResult) else ImportResult(result)
