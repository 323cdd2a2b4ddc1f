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
