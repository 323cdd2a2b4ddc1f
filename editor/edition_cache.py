"""A validated on-disk cache of the loaded editions, so that starting the program does not parse, validate
and compile the edition TOML files every time (the biggest single cost of a start after Qt itself).

The cache is a pickle in the user's cache folder. It is served only when it was built from the same
inputs: every edition file, the code that builds the objects, the program version and the Python version.
A start does not read the inputs: it compares each file's signature from ``stat`` (size, modification
and change times in nanoseconds, inode) with the one stored. Where a signature differs (a copied or
touched file), the file's bytes are hashed (SHA-256) and compared with the digest stored; equal contents
are served and the signatures renewed, anything else is parsed again. Anything else (missing,
unreadable, corrupt, other inputs, a folder that cannot be written) falls back to parsing, transparently.
The folder is the user's own: whoever can write there can already run code as the user, so unpickling it
adds no exposure.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import os
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Bump when the layout of the cache file itself changes.
_FORMAT = 4
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
    turn them into objects) are those the cache was built from (same signatures, else same contents);
    else built and stored.

    ``data`` holds the bytes of the sources that were hashed, so what is stored is built from exactly the
    bytes its digests describe even if a file changes meanwhile. None: a source could not be read;
    ``build`` reads the files itself and reports the error."""
    files = [*sources, *code]
    try:
        signatures = tuple(_signature(p, required=i < len(sources)) for i, p in enumerate(files))
    except OSError:
        return build(None)
    folder = cache_dir()
    if folder is None:
        return build(_read_sources(sources))
    key = _key(sources, code)
    # One file per installation (folder of the sources), so two installed copies do not evict each other.
    where = str(sources[0].resolve().parent) if sources else ""
    path = folder / f"{name}-{zlib.crc32(where.encode('utf-8')):08x}.pickle"
    stored = _read(path, key)
    if stored is not None and stored[0] == signatures:
        return stored[2]  # nothing changed since the cache was written: no input is read
    data = _read_sources(sources)
    if data is None:
        return build(None)

    def digests() -> tuple:
        return tuple(_digest(data[p]) if p in data else _code_digest(p) for p in files)

    if stored is not None and stored[1] == (known := digests()):
        value = stored[2]  # same contents under new signatures (copied, touched): renew the signatures
        _later(lambda: _write(path, (key, signatures, known, value)))
    else:
        value = build(data)
        _later(lambda: _write(path, (key, signatures, digests(), value)))
    return value


# Writes held back while the window starts (hold_writes): hashing and pickling cost ~10 ms, which the
# window is not waiting for.
_held: list[Callable[[], None]] | None = None


def hold_writes() -> None:
    """Keep the cache writes until ``flush`` (the window calls it once it shows), or the program's end."""
    global _held
    if _held is None:
        import atexit

        _held = []
        atexit.register(flush)


def flush() -> None:
    """Write what ``hold_writes`` kept; from now on writes happen at once again."""
    global _held
    pending, _held = _held or [], None
    for write in pending:
        write()


def _later(write: Callable[[], None]) -> None:
    if _held is None:
        write()
    else:
        _held.append(write)


def _signature(path: Path, required: bool) -> tuple | None:
    """What changes when a file is written: size, times in ns (the change time, which ``utime`` cannot
    set back, only on POSIX: Windows reports the creation time there), inode. None: an optional file
    (a code module a frozen bundle does not ship) is missing."""
    try:
        st = path.stat()
    except OSError:
        if required:
            raise
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns if os.name == "posix" else 0, st.st_ino)


def _read_sources(sources: Sequence[Path]) -> dict[Path, bytes] | None:
    try:
        return {p: p.read_bytes() for p in sources}
    except OSError:
        return None


def _digest(data: bytes) -> str:
    import hashlib  # only when a signature differs: not on the start path

    return hashlib.sha256(data).hexdigest()


def _code_digest(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None  # a frozen bundle may ship no source: the version and the bundle stand for it


def _key(sources: Sequence[Path], code: Sequence[Path]) -> tuple:
    from editor import __version__

    return (_FORMAT, __version__, sys.version, tuple(p.name for p in sources), tuple(p.name for p in code))


def _read(path: Path, key: tuple) -> tuple | None:
    """(signatures, digests, value) stored under ``key``; None: no usable cache."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        stored_key, signatures, digests, value = _pickle_module().loads(data)
    except Exception:  # a truncated, corrupt or foreign file: anything can go wrong while unpickling it
        return None
    return (signatures, digests, value) if stored_key == key else None


def _rebuild(cls: type, names: tuple[str, ...], values: tuple):
    # The fields set one by one on a new object, as the dataclass __init__ does, without calling it: a
    # warm start then compiles no __init__ (records compile theirs at the first call, ~0.1 ms a class).
    obj = cls.__new__(cls)
    for name, value in zip(names, values, strict=True):
        _set(obj, name, value)
    return obj


_set = object.__setattr__


_UNSEEN: tuple = ("unseen",)


def _pickle_module():
    """CPython's C pickler, which ``pickle.loads`` and ``pickle.Pickler`` are: importing ``pickle`` also runs
    its pure-Python twin (~5 M instructions of a warm start). Imported only with a cache to read or write,
    so a first start imports it after the window shows; ``pickle`` where there is no C pickler."""
    try:
        import _pickle as module
    except ImportError:
        import pickle as module
    return module


# pickle.HIGHEST_PROTOCOL since Python 3.8 (the C module does not name it).
_PROTOCOL = 5


@functools.cache
def _pickler() -> type:
    """The pickler class, made at the first write."""

    class _Pickler(_pickle_module().Pickler):
        """Stores a dataclass as its class, field names and values, rebuilt field by field (``_rebuild``).
        Pickle's default sets the attributes through the instance ``__dict__``, which leaves objects whose
        attribute reads are ~20 % slower (Python 3.11+ keeps attributes inline only for objects whose
        ``__dict__`` is never asked for): check() would run slower on every edit."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # Per class: its fields; None: pickled as usual.
            self._fields: dict[type, tuple[str, ...] | None] = {}

        def reducer_override(self, obj):
            cls = type(obj)
            names = self._fields.get(cls, _UNSEEN)
            if names is _UNSEEN:  # a class not seen yet (one edition holds ~600 objects of a dozen classes)
                names = None
                if cls is not type and dataclasses.is_dataclass(cls):
                    fields = dataclasses.fields(cls)
                    if all(f.init for f in fields):
                        names = tuple(f.name for f in fields)
                self._fields[cls] = names
            if names is None:
                return NotImplemented
            return _rebuild, (cls, names, tuple(getattr(obj, name) for name in names))

    return _Pickler


def _write(path: Path, entry: tuple) -> None:
    picklers = _pickle_module()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        _pickler()(buffer, protocol=_PROTOCOL).dump(entry)
        tmp.write_bytes(buffer.getvalue())
        os.replace(tmp, path)  # atomic: a reader sees the old file or the new one, never half of one
    except (OSError, picklers.PicklingError, RecursionError, TypeError, AttributeError):
        # A read-only or full disk, or a value that cannot be pickled: the program runs without a cache.
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
