"""Writing a file so that nothing is lost and nothing else is written: every writer of a user's file
(report, exports) goes through ``write_atomic``.

- The new content goes to a temporary file in the same folder (created exclusively, never through a
  symlink), is fsynced, then renamed over the target: the target holds the old or the new content at
  every moment. The temporary file is removed on every failure; ones left by a crash are removed at the
  next save of the same file.
- The temporary name is short and fixed in length (``.~gk`` + hash of the target name + random), so a
  target whose name is at the system's limit (255 bytes) can still be saved.
- The backup ``<name>.bak`` is made the same way (copy to a temporary file, fsync, rename): a planted
  ``.bak`` symlink is replaced, never followed, and a save killed midway leaves the old backup whole.
- The target's permission bits are kept (a 0664 file stays 0664); a new file gets the usual 0666 less
  the umask, not mkstemp's 0600.

OSError propagates (callers explain it with ``os_reason``).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import time
from pathlib import Path

TEMP_PREFIX = ".~gk"
TEMP_SUFFIX = ".tmp"
STALE_AFTER = 120.0  # seconds: a save takes well under one; an older temp of the same target is a crash's
NAME_MAX = 255
_CHUNK = 1 << 20


def _tag(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def temp_name(target: Path) -> str:
    return f"{TEMP_PREFIX}{_tag(target.name)}-{secrets.token_hex(4)}{TEMP_SUFFIX}"


def backup_path(target: Path) -> Path:
    """<name>.bak; when that is longer than a file name may be, the name is shortened before “.bak”."""
    name = target.name + ".bak"
    raw = name.encode("utf-8", "surrogatepass")
    if len(raw) <= NAME_MAX:
        return target.with_name(name)
    keep = target.name.encode("utf-8", "surrogatepass")[:NAME_MAX - 4].decode("utf-8", "ignore")
    return target.with_name(keep + ".bak")


def _open_temp(folder: Path, target: Path, mode: int) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(20):
        tmp = folder / temp_name(target)
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file in {folder}")


def _existing_mode(path: Path) -> int | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)
        except OSError:
            return None
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else None


def _write_temp(folder: Path, target: Path, chunks, mode: int | None) -> Path:
    # 0o666: the umask applies as for any new file; an existing file's bits are copied over after.
    fd, tmp = _open_temp(folder, target, 0o666)
    try:
        if mode is not None:
            os.fchmod(fd, mode) if hasattr(os, "fchmod") else os.chmod(tmp, mode)
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def _file_chunks(path: Path):
    """The bytes of a regular file (never a FIFO or device: opened non-blocking, checked by fstat)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                return
            yield chunk
    finally:
        os.close(fd)


def clean_stale_temps(target: Path, now: float | None = None) -> int:
    """Remove temporary files a crashed save of this target left (ours and the older ``.<name>.*.tmp``)."""
    folder = target.parent
    now = time.time() if now is None else now
    # the target's own temps and its backup's (a kill while the backup was being copied)
    ours = (f"{TEMP_PREFIX}{_tag(target.name)}-", f"{TEMP_PREFIX}{_tag(backup_path(target).name)}-")
    older = f".{target.name}."
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not name.endswith(TEMP_SUFFIX) or not (name.startswith(ours) or name.startswith(older)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode):
                if now - st.st_mtime > STALE_AFTER:
                    os.unlink(entry.path)
                    removed += 1
        except OSError:
            continue
    return removed


def _fsync_folder(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):
        try:
            dir_fd = os.open(folder, os.O_DIRECTORY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)


def make_backup(target: Path) -> Path | None:
    """Copy the target to <name>.bak atomically, never following a symlink at the backup's name."""
    mode = _existing_mode(target)
    if mode is None:
        return None  # nothing (regular) to keep
    bak = backup_path(target)
    tmp = _write_temp(target.parent, bak, _file_chunks(target), mode)
    try:
        os.replace(tmp, bak)  # rename replaces a symlink named .bak; it never writes through it
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return bak


def write_atomic(target: str | os.PathLike[str], data: bytes, backup: bool = False) -> None:
    p = Path(target)
    folder = p.parent
    clean_stale_temps(p)
    mode = _existing_mode(p)
    tmp = _write_temp(folder, p, [data], mode)
    try:
        if backup:
            make_backup(p)
        os.replace(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
