"""@record behaves as @dataclass does (equality, hash, repr), with those methods written once in Record."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from editor.records import Record, record
from editor.schema import Column, edition


@record(frozen=True)
class Point(Record):
    x: int
    y: int = 0
    note: str = dataclasses.field(default="", compare=False, repr=False)


@dataclasses.dataclass(frozen=True)
class PointDC:
    x: int
    y: int = 0
    note: str = dataclasses.field(default="", compare=False, repr=False)


@record
class Box(Record):
    items: list = dataclasses.field(default_factory=list)


def test_equality_hash_and_repr_are_those_of_a_dataclass():
    for a, b in [((1, 2, "a"), (1, 2, "b")), ((1, 2), (1, 3)), ((0,), (0, 0))]:
        ra, rb, da, db = Point(*a), Point(*b), PointDC(*a), PointDC(*b)
        assert (ra == rb) == (da == db)
        assert (hash(ra) == hash(rb)) == (hash(da) == hash(db))
        assert repr(ra) == repr(da).replace("PointDC", "Point")
    assert Point(1) != PointDC(1) and Point(1) != (1, 0)  # another class is never equal
    assert {Point(1, 2, "a"), Point(1, 2, "b")} == {Point(1, 2)}


def test_frozen_and_mutable_records_keep_the_dataclass_rules():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(1).x = 2  # type: ignore[misc]
    box = Box()
    box.items.append(1)
    assert box == Box([1]) and box != Box()
    with pytest.raises(TypeError):
        hash(box)  # compared by value and mutable: unhashable, as a dataclass with eq
    assert dataclasses.is_dataclass(Point) and [f.name for f in dataclasses.fields(Point)] == ["x", "y", "note"]
    assert dataclasses.replace(Point(1, 2), y=5) == Point(1, 5)
    assert pickle.loads(pickle.dumps(Point(3, 4))) == Point(3, 4)


def test_the_editions_objects_compare_as_before():
    table = edition("2021").table("requests")
    again = dataclasses.replace(table)
    assert again == table and hash(again) == hash(table) and again is not table
    col = table.columns[0]
    assert isinstance(col, Column) and repr(col).startswith(f"Column(id={col.id!r}, label={col.label!r}")
    assert dataclasses.replace(col, label=col.label + "x") != col


def test_a_record_must_derive_from_record():
    with pytest.raises(TypeError):
        record(type("Plain", (), {"__annotations__": {"x": "int"}}))


def _pair(frozen: bool):
    """The same class as a record and as a plain dataclass: every kind of field __init__ handles."""
    counter = iter(range(1000))

    def body(base: tuple) -> dict:
        return {
            "__annotations__": {"a": "int", "b": "str", "items": "list", "made": "int", "tag": "str",
                                "later": "int"},
            "b": "x",
            "items": dataclasses.field(default_factory=list),
            "made": dataclasses.field(default_factory=lambda: next(counter), init=False),
            "tag": dataclasses.field(default="t", kw_only=True),
            "later": dataclasses.field(default=7, init=False),
            "__post_init__": lambda self: object.__setattr__(self, "seen", (self.a, self.b)),
        }

    rec = record(type("R", (Record,), body(())), frozen=frozen)
    plain = dataclasses.dataclass(type("R", (), body(())), frozen=frozen)
    return rec, plain


@pytest.mark.parametrize("compile_after", [0, 1000], ids=["compiled", "bound in Python"])
@pytest.mark.parametrize("frozen", [False, True])
def test_init_takes_and_refuses_what_the_dataclass_init_does(frozen, compile_after, monkeypatch):
    """Both ways of making an object (a class's first ones bind their arguments in Python, later ones call
    the compiled __init__) take, refuse and set what the dataclass's __init__ does."""
    from editor import records

    monkeypatch.setattr(records, "_COMPILE_AFTER", compile_after)
    rec, plain = _pair(frozen)
    calls = [((1,), {}), ((1, "y"), {}), ((1, "y", [5]), {}), ((), {"a": 2, "tag": "k"}), ((3,), {"items": [1]}),
             ((), {}), ((1, 2, 3, 4), {}), ((1,), {"made": 3}), ((1,), {"a": 1}), ((1,), {"nope": 1})]
    for args, kwargs in calls:
        outcomes = []
        for cls in (rec, plain):
            try:
                obj = cls(*args, **kwargs)
            except TypeError:
                outcomes.append("TypeError")
            else:
                outcomes.append({k: v for k, v in vars(obj).items() if k != "made"} | {"made?": hasattr(obj, "made")})
        assert outcomes[0] == outcomes[1], (args, kwargs)
    first, second = rec(1), rec(1)
    assert first.items is not second.items  # a fresh default per object, as default_factory promises
    assert second.made == first.made + 1


def test_a_record_compiles_its_init_only_after_its_first_objects(monkeypatch):
    import builtins

    from editor.records import _COMPILE_AFTER

    compiled = []
    real = builtins.exec
    monkeypatch.setattr(builtins, "exec", lambda *a, **k: compiled.append(a[0]) or real(*a, **k))

    @record(frozen=True)
    class Lazy(Record):
        x: int
        y: int = 1

    def methods() -> list[str]:
        # Python 3.13+ runs one exec per dataclass even when it generates nothing ("return ()").
        return [src for src in compiled if any(m in src for m in ("__init__", "__setattr__", "__delattr__"))]

    assert methods() == []  # neither __init__ nor the frozen __setattr__/__delattr__ at class creation
    first = [Lazy(i) for i in range(_COMPILE_AFTER)]
    assert methods() == [] and [(p.x, p.y) for p in first] == [(i, 1) for i in range(_COMPILE_AFTER)]
    assert Lazy(2) == Lazy(2, 1)
    assert len(methods()) == 1 and "def __init__(self, x, y=_default_y)" in methods()[0]  # once, then
    with pytest.raises(dataclasses.FrozenInstanceError):
        del Lazy(2).x

    @record
    class Refused(Record):
        x: int

    with pytest.raises(TypeError, match="missing 1 required positional argument: 'x'"):
        Refused()  # a call the Python binding does not take compiles at once, for the dataclass's error
    assert len(methods()) == 2 and Refused(3).x == 3


def test_identity_records_and_misordered_fields():
    @record(frozen=True, eq=False)
    class Single(Record):
        x: int

    a, b = Single(1), Single(1)
    assert a != b and a == a and hash(a) != hash(b) and repr(a).endswith("Single(x=1)")
    with pytest.raises(TypeError, match="follows default"):
        record(type("Bad", (Record,), {"__annotations__": {"x": "int", "y": "int"}, "x": 0}))
