"""A validated on-disk cache of the loaded editions, so that starting the program does not parse, validate
and compile the edition TOML files every time (the biggest single cost of a start after Qt itself).

The cache is a pickle in the user's cache folder. It is served only when it was built from exactly the
same inputs: the bytes of every edition file, the bytes of the code that builds the objects, the program
version and the Python version. The inputs are compared byte for byte (no hash, so no collision can serve
a stale edition). Anything else (missing, unreadable, corrupt, other inputs, a folder that cannot be
written) falls back to parsing, transparently. The folder is the user's own: whoever can write there can
already run code as the user, so unpickling it adds no exposure.
"""

from __future__ import annotations

import dataclasses
import io
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Bump when the layout of the cache file itself changes.
_FORMAT = 2
# Set to a folder to put the cache there, or to an empty string to switch it off.
ENV_DIR = "REPORT_EDITOR_CACHE"


def cache_dir() -> Path | None:
    """The user's cache folder for this program (Qt's CacheLocation, without Qt); None: no cache."""
    forced = os.environ.get(ENV_DIR)
    if forced is not None:
        return Path(forced) if forced else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base, "gov-report-editor", "report-editor", "cache") if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "gov-report-editor" / "report-editor"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base, "gov-report-editor", "report-editor")


def cached(name: str, sources: Sequence[Path], code: Sequence[Path],
           build: Callable[[dict[Path, bytes] | None], T]) -> T:
    """``build(data)``'s result, from the cache when ``sources`` (data files) and ``code`` (the modules that
    turn them into objects) are byte for byte those the cache was built from; else built and stored.

    ``data`` holds the bytes of the sources that the key was made of, so what is stored is built from
    exactly those bytes even if a file changes meanwhile. None: a source could not be read; ``build``
    reads the files itself and reports the error."""
    try:
        data = {p: p.read_bytes() for p in sources}
    except OSError:
        return build(None)
    folder = cache_dir()
    if folder is None:
        return build(data)
    key = _key(data, code)
    # One file per installation (folder of the sources), so two installed copies do not evict each other.
    where = str(sources[0].resolve().parent) if sources else ""
    path = folder / f"{name}-{zlib.crc32(where.encode('utf-8')):08x}.pickle"
    value = _read(path, key)
    if value is not None:
        return value
    value = build(data)
    _write(path, key, value)
    return value


def _key(data: dict[Path, bytes], code: Sequence[Path]) -> tuple:
    from editor import __version__

    return (_FORMAT, __version__, sys.version, tuple((p.name, _code_bytes(p)) for p in code),
            tuple((p.name, b) for p, b in data.items()))


def _code_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # a frozen bundle may ship no source: the version and the bundle stand for it


def _read(path: Path, key: tuple):
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        stored_key, value = pickle.loads(data)
    except Exception:  # a truncated, corrupt or foreign file: anything can go wrong while unpickling it
        return None
    return value if stored_key == key else None


def _rebuild(cls: type, values: tuple):
    return cls(*values)


class _Pickler(pickle.Pickler):
    """Stores a dataclass as its constructor call. Pickle's default sets the attributes through the
    instance ``__dict__``, which leaves objects whose attribute reads are ~20 % slower (Python 3.11+ keeps
    attributes inline only for objects built normally): check() would run slower on every edit."""

    def reducer_override(self, obj):
        if isinstance(obj, type) or not dataclasses.is_dataclass(obj):
            return NotImplemented
        fields = dataclasses.fields(obj)
        if not all(f.init for f in fields):
            return NotImplemented
        return _rebuild, (type(obj), tuple(getattr(obj, f.name) for f in fields))


def _write(path: Path, key: tuple, value) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((key, value))
        tmp.write_bytes(buffer.getvalue())
        os.replace(tmp, path)  # atomic: a reader sees the old file or the new one, never half of one
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        # A read-only or full disk, or a value that cannot be pickled: the program runs without a cache.
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
