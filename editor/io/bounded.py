"""Reading a file the user chose without trusting it: only a regular file is read (a symlink only when it
leads to one), never blocking (a FIFO or a device is refused before any read), and never more bytes than
the caller's budget, whatever ``st_size`` says (``/dev/zero`` and files that grow report a size of 0).

Every reader of a user's file goes through ``read_limited``. Messages are Chinese, for the user.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from editor.io.errors import ReportFileError
from editor.io.oserror import os_reason

_CHUNK = 1 << 20

_KINDS = (
    (stat.S_ISDIR, "这是一个文件夹，不是文件"),
    (stat.S_ISFIFO, "这是一个管道（FIFO），不是普通文件，拒绝读取"),
    (stat.S_ISSOCK, "这是一个套接字，不是普通文件，拒绝读取"),
    (stat.S_ISCHR, "这是一个设备，不是普通文件，拒绝读取"),
    (stat.S_ISBLK, "这是一个磁盘设备，不是普通文件，拒绝读取"),
)


def _not_regular(mode: int) -> str:
    for test, reason in _KINDS:
        if test(mode):
            return reason
    return "不是普通文件，拒绝读取"


def check_regular(path: Path) -> None:
    """Refuse what is not a regular file (after following symlinks) without opening it."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReportFileError(f"找不到文件：{path}") from None
    except OSError as exc:
        raise ReportFileError(f"无法读取 {path.name}：{os_reason(exc)}") from None
    if not stat.S_ISREG(st.st_mode):
        reason = _not_regular(st.st_mode)
        raise ReportFileError(f"{reason}：{path}" if stat.S_ISDIR(st.st_mode) else f"{path.name}：{reason}")


def read_limited(path: str | os.PathLike[str], limit: int, what: str = "年度报告") -> bytes:
    """The file's bytes, at most ``limit``; ReportFileError (Chinese) for anything else.

    Opened with O_NONBLOCK so that a FIFO swapped in after the check cannot block, then fstat on the open
    descriptor decides (no race between check and read); read up to limit+1 to see a file too big."""
    p = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        raise ReportFileError(f"找不到文件：{p}") from None
    except IsADirectoryError:
        raise ReportFileError(f"这是一个文件夹，不是文件：{p}") from None
    except OSError as exc:
        raise ReportFileError(f"无法读取 {p.name}：{os_reason(exc)}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            reason = _not_regular(st.st_mode)
            raise ReportFileError(f"{reason}：{p}" if stat.S_ISDIR(st.st_mode) else f"{p.name}：{reason}")
        if st.st_size > limit:
            raise _too_big(p, st.st_size, what)
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise _too_big(p, got, what, grew=True)
        return b"".join(chunks)
    except BlockingIOError:
        raise ReportFileError(f"{p.name}：读取时被阻塞（不是普通文件），拒绝读取") from None
    except ReportFileError:
        raise
    except OSError as exc:
        raise ReportFileError(f"无法读取 {p.name}：{os_reason(exc)}") from None
    finally:
        os.close(fd)


def _too_big(p: Path, size: int, what: str, grew: bool = False) -> ReportFileError:
    shown = f"{size / 1024 / 1024:.0f} MB" if size >= 1 << 20 else f"{size // 1024} KB"
    return ReportFileError(f"{p.name} 太大（{'超过' if grew else ''}{shown}），不像一份{what}")
