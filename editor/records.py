"""Dataclasses whose equality, hash and repr are written once, here, instead of being generated per class.

Python 3.11 compiles every method a dataclass generates from source text; the editions, findings and
reports are a dozen classes on the window's start path, and their ``__eq__``, ``__hash__`` and ``__repr__``
alone cost it ~2.5 ms. ``@record`` is ``@dataclass`` with those three taken from ``Record``, which behaves
as the generated ones do: ``==`` compares the fields (``compare=True``) of two objects of the same class,
``hash()`` hashes them (frozen classes only: a mutable one is unhashable, as a dataclass with ``eq``),
``repr()`` lists the fields (``repr=True``). Everything else (``__init__``, frozen fields, ``fields``,
``replace``, ``asdict``) is the dataclass's own.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T", bound=type)


class Record:
    """The base of every ``@record`` class (see the module)."""

    __slots__ = ()
    _compared: tuple[str, ...] = ()
    _shown: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._compared)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in self._compared))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{self.__class__.__qualname__}({fields})"


def record(cls: T | None = None, /, *, frozen: bool = False):
    """``@dataclass(frozen=...)`` for a subclass of ``Record``: equality, hash and repr from ``Record``."""

    def wrap(cls: T) -> T:
        if not issubclass(cls, Record):
            raise TypeError(f"{cls.__name__} must derive from Record")
        cls = dataclasses.dataclass(cls, frozen=frozen, eq=False, repr=False)
        fields = dataclasses.fields(cls)
        cls._compared = tuple(f.name for f in fields if f.compare)
        cls._shown = tuple(f.name for f in fields if f.repr)
        if not frozen:
            cls.__hash__ = None  # type: ignore[assignment]  # mutable and compared by value: unhashable
        return cls

    return wrap if cls is None else wrap(cls)
