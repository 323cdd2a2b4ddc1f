"""Dataclasses whose methods cost nothing until they are used.

Python 3.11 compiles every method a dataclass generates from source text, one ``exec`` each: the
editions, findings and reports are 17 classes on the window's start path, and their methods cost it
~5 ms, though a warm start creates few of these objects (the editions come from the cache, unpickled
without ``__init__``). ``@record`` is ``@dataclass`` with:
- ``__eq__``, ``__hash__`` and ``__repr__`` written once, in ``Record``, behaving as the generated ones:
  ``==`` compares the fields (``compare=True``) of two objects of the same class, ``hash()`` hashes them
  (frozen classes only: a mutable one is unhashable, as a dataclass with ``eq``), ``repr()`` lists the
  fields (``repr=True``); ``eq=False`` keeps identity, as the dataclass option does;
- a frozen class's ``__setattr__``/``__delattr__`` written once too, raising ``FrozenInstanceError``;
- ``__init__`` with the dataclass's signature and behaviour (fields in order, defaults,
  ``default_factory``, ``init=False`` fields, ``kw_only`` fields, ``__post_init__``): a class's first
  objects bind their arguments in plain Python, and the class compiles its own ``__init__`` at its
  ``_COMPILE_AFTER + 1``-th object, or at once for a call that binding does not take (which then raises
  the dataclass's own ``TypeError``). Compiling costs ~50 µs a class, and a start makes one report, one
  edition, six tables….
Everything else (``fields``, ``replace``, ``asdict``, ``is_dataclass``, pickling) is the dataclass's own.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T", bound=type)
_MISSING = dataclasses.MISSING


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


def _frozen_setattr(self, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def record(cls: T | None = None, /, *, frozen: bool = False, eq: bool = True):
    """``@dataclass(frozen=..., eq=...)`` for a subclass of ``Record`` (see the module)."""

    def wrap(cls: T) -> T:
        if not issubclass(cls, Record):
            raise TypeError(f"{cls.__name__} must derive from Record")
        own_init = "__init__" in cls.__dict__
        cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False)
        fields = dataclasses.fields(cls)
        _check_order(cls, fields)
        cls._compared = tuple(f.name for f in fields if f.compare)
        cls._shown = tuple(f.name for f in fields if f.repr)
        if not own_init:
            cls.__init__ = _lazy_init(cls, frozen)
        if frozen:
            cls.__setattr__ = _frozen_setattr
            cls.__delattr__ = _frozen_delattr
        if not eq:
            cls.__eq__ = object.__eq__  # type: ignore[method-assign]
            cls.__hash__ = object.__hash__  # type: ignore[method-assign]
        elif not frozen:
            cls.__hash__ = None  # type: ignore[assignment]  # mutable and compared by value: unhashable
        return cls

    return wrap if cls is None else wrap(cls)


def _check_order(cls: type, fields: tuple[dataclasses.Field, ...]) -> None:
    """The dataclass's own rule, checked when the class is made, not at its first object."""
    seen_default = False
    for f in fields:
        if f.name in ("self", "_set", "_FACTORY") or f.name.startswith(("_factory_", "_default_")):
            raise TypeError(f"{cls.__name__}: a field may not be named {f.name!r}")  # the names __init__ uses
        if not f.init or f.kw_only:
            continue
        if f.default is not _MISSING or f.default_factory is not _MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument ({cls.__name__})")


# Objects a class makes before it compiles its __init__ (each binding its arguments in Python, ~1 µs more).
_COMPILE_AFTER = 8


def _lazy_init(cls: type, frozen: bool):
    plan: _Plan | None = None
    made = 0

    def __init__(self, *args, **kwargs) -> None:
        nonlocal plan, made
        made += 1
        if made <= _COMPILE_AFTER:
            if plan is None:
                plan = _Plan(cls)
            if plan.bind(self, args, kwargs, frozen):
                return
        init = _compile_init(cls, frozen)
        cls.__init__ = init  # every later object calls the compiled one directly
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


class _Plan:
    """What the generated ``__init__`` does, as data: which parameters it takes and how each field is set."""

    __slots__ = ("allowed", "fields", "positional", "post_init", "required")

    def __init__(self, cls: type):
        fields = dataclasses.fields(cls)
        self.positional = tuple(f.name for f in fields if f.init and not f.kw_only)
        self.allowed = frozenset(f.name for f in fields if f.init)
        self.required = frozenset(f.name for f in fields if f.init and f.default is _MISSING
                                  and f.default_factory is _MISSING)
        # (name, taken as a parameter, default, factory), in field order; init=False fields without a
        # factory are left to the class attribute, as in the dataclass.
        self.fields = tuple((f.name, f.init, f.default, f.default_factory) for f in fields
                            if f.init or f.default_factory is not _MISSING)
        self.post_init = hasattr(cls, "__post_init__")

    def bind(self, obj: object, args: tuple, kwargs: dict, frozen: bool) -> bool:
        """Set ``obj``'s fields from a call; False (nothing set, nothing made) for a call it does not take:
        too many positional arguments, an unknown or repeated keyword, a missing one."""
        if len(args) > len(self.positional):
            return False
        given = dict(zip(self.positional, args, strict=False))  # the first len(args) parameters
        for name in kwargs:
            if name not in self.allowed or name in given:
                return False
        given.update(kwargs)
        if not self.required <= given.keys():
            return False
        put = object.__setattr__ if frozen else setattr
        for name, init, default, factory in self.fields:
            if init and name in given:
                value = given[name]
            elif factory is not _MISSING:
                value = factory()
            else:
                value = default
            put(obj, name, value)
        if self.post_init:
            obj.__post_init__()
        return True


class _Factory:
    """The default of a parameter whose field has a default_factory: not given, the factory makes the value."""

    __slots__ = ()


_FACTORY = _Factory()


def _compile_init(cls: type, frozen: bool):
    """The ``__init__`` the dataclass would generate, compiled once."""
    names: dict[str, object] = {"_FACTORY": _FACTORY, "_set": object.__setattr__}
    params: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in dataclasses.fields(cls):
        value = f.name
        if f.default_factory is not _MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            value = (f"_factory_{f.name}() if {f.name} is _FACTORY else {f.name}" if f.init
                     else f"_factory_{f.name}()")
            default = "=_FACTORY"
        elif not f.init:
            continue  # the class attribute (its default, if any) stands in, as in the dataclass
        elif f.default is not _MISSING:
            names[f"_default_{f.name}"] = f.default
            default = f"=_default_{f.name}"
        else:
            default = ""
        if f.init:
            (keyword if f.kw_only else params).append(f"{f.name}{default}")
        body.append(f"_set(self, {f.name!r}, {value})" if frozen else f"self.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    signature = ", ".join(["self", *params, *(["*", *keyword] if keyword else [])])
    source = f"def __init__({signature}) -> None:\n" + "".join(f"    {line}\n" for line in body or ["pass"])
    exec(source, names)  # the source is made here, from the class's own field names
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init
