"""The cache of loaded editions: served only when built from exactly the same files and code, else the
files are parsed again; a corrupt cache or a folder that cannot be written never stops the program."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

import editor
from editor import schema
from editor.edition_cache import ENV_DIR
from editor.resources import formats_dir


@pytest.fixture
def formats(tmp_path) -> Path:
    folder = tmp_path / "formats"
    shutil.copytree(formats_dir(), folder)
    return folder


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENV_DIR, str(folder))
    from editor import edition_cache

    monkeypatch.setattr(edition_cache, "_held", None)  # writes at once, whatever an earlier test held
    return folder


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Counts the edition files actually parsed (not served from the cache)."""
    calls: list[str] = []
    real = schema.load_edition_file

    def counting(path, raw=None):
        calls.append(path.name)
        return real(path, raw)

    monkeypatch.setattr(schema, "load_edition_file", counting)
    return calls


def _load(folder: Path) -> dict[str, schema.Edition]:
    """Every edition in the folder, each loaded (``load_editions`` loads one when first asked for)."""
    eds = schema.load_editions(sorted(folder.glob("*.toml")))
    return {edition_id: eds[edition_id] for edition_id in eds}


def _snapshot(eds: dict[str, schema.Edition]) -> dict:
    """Everything an edition holds, comparable with == (Edition and Rule compare by identity)."""
    return {i: (e.id, e.name, e.first_year, e.last_year, e.markers, e.sections, e.tables,
                [(r.id, r.severity, r.table, r.op, r.left_name, r.right_name, r.instances) for r in e.rules],
                e.text_numbers, [t.layout() for t in e.tables])
            for i, e in eds.items()}


def _pickles(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pickle"))


def test_second_load_is_served_from_the_cache_and_equals_a_fresh_parse(formats, cache, parses):
    first = _load(formats)
    assert sorted(parses) == ["2019.toml", "2021.toml"]
    assert len(_pickles(cache)) == 2  # one per edition
    second = _load(formats)
    assert sorted(parses) == ["2019.toml", "2021.toml"]  # nothing parsed the second time
    assert second is not first
    assert _snapshot(second) == _snapshot(first)
    pattern = second["2021"].text_numbers[0].pattern
    assert pattern.search("本年新收政府信息公开申请12件")  # compiled patterns survive the round trip


def test_a_cached_edition_is_rebuilt_without_calling_its_classes_init(formats, cache, monkeypatch):
    """A warm start sets the fields of the cached objects directly: no record compiles its __init__."""
    first = _load(formats)
    classes = {type(o) for e in first.values()
               for o in (e, *e.sections, *e.tables, *e.rules, *e.text_numbers,
                         *(c for t in e.tables for c in (*t.columns, *t.rows)))}
    assert schema.Column in classes and schema.Edition in classes

    def refused(self, *args, **kwargs):
        raise AssertionError(f"{type(self).__name__}.__init__ called while reading the cache")

    for cls in classes:
        monkeypatch.setattr(cls, "__init__", refused)
    assert _snapshot(_load(formats)) == _snapshot(first)


def test_editing_a_toml_invalidates_the_cache(formats, cache, parses):
    path = formats / "2021.toml"
    assert _load(formats)["2021"].table("requests").row("results_total").label == "（七）总计"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace('"（七）总计"', '"（七）合计"'), encoding="utf-8")
    parses.clear()
    assert _load(formats)["2021"].table("requests").row("results_total").label == "（七）合计"
    assert parses == ["2021.toml"]  # 2019 is still served from its own cache
    parses.clear()
    assert _load(formats)["2021"].table("requests").row("results_total").label == "（七）合计"
    assert parses == []  # the renewed cache holds the edited edition
    path.write_text(original, encoding="utf-8")
    assert _load(formats)["2021"].table("requests").row("results_total").label == "（七）总计"


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Names of the files whose bytes are read (edition files and code)."""
    names: list[str] = []
    real = Path.read_bytes

    def counting(self):
        if self.suffix in (".toml", ".py"):
            names.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return names


def test_a_start_with_a_valid_cache_reads_no_edition_file(formats, cache, parses, reads):
    _load(formats)
    reads.clear()
    _load(formats)
    assert reads == [] and parses == ["2019.toml", "2021.toml"]  # parsed once, by the first load only


def test_a_touched_file_is_hashed_once_and_served(formats, cache, parses, reads):
    expected = _snapshot(_load(formats))
    path = formats / "2021.toml"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # same bytes, new time
    parses.clear()
    reads.clear()
    assert _snapshot(_load(formats)) == expected
    assert parses == [] and "2021.toml" in reads  # the contents were compared, nothing parsed
    reads.clear()
    _load(formats)
    assert reads == []  # the renewed signatures are served without reading again


@pytest.mark.skipif(os.name != "posix", reason="the change time (which utime cannot set) is POSIX's")
def test_an_edit_keeping_size_and_time_is_still_seen(formats, cache):
    """An edit that keeps the size and the modification time still changes the change time."""
    path = formats / "2021.toml"
    _load(formats)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace('"（七）总计"', '"（七）合计"')
    assert len(edited.encode()) == len(text.encode())
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _load(formats)["2021"].table("requests").row("results_total").label == "（七）合计"


def test_a_broken_edition_file_is_reported_not_served_from_the_cache(formats, cache):
    _load(formats)
    (formats / "2021.toml").write_text("id = \n", encoding="utf-8")
    with pytest.raises(schema.SchemaError, match=r"2021\.toml"):
        _load(formats)


def test_another_program_version_or_schema_code_invalidates(formats, cache, parses, monkeypatch):
    _load(formats)
    parses.clear()
    monkeypatch.setattr(editor, "__version__", editor.__version__ + ".1")
    _load(formats)
    assert len(parses) == 2
    parses.clear()
    # The code that builds the objects is part of the key: a changed schema.py is a miss as well.
    code = Path(schema.__file__).read_bytes()
    fake = formats.parent / "schema.py"
    fake.write_bytes(code + b"\n# changed\n")
    monkeypatch.setattr(schema, "__file__", str(fake))
    _load(formats)
    assert len(parses) == 2


@pytest.mark.parametrize("content", [b"", b"garbage", b"\x80\x05\x95", pickle.dumps("x"),
                                     pickle.dumps(("key", {"2021": None}))])
def test_a_corrupt_cache_falls_back_to_parsing_and_is_renewed(formats, cache, parses, content):
    expected = _snapshot(_load(formats))
    (cache_file,) = cache.glob("edition-2021-*.pickle")
    cache_file.write_bytes(content)
    parses.clear()
    assert _snapshot(_load(formats)) == expected
    assert parses == ["2021.toml"]
    parses.clear()
    assert _snapshot(_load(formats)) == expected
    assert parses == []  # rewritten


def test_a_cache_folder_that_cannot_be_written_still_works(formats, tmp_path, monkeypatch, parses):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(ENV_DIR, str(blocker / "cache"))  # cannot be created, even by root
    expected = _snapshot(_load(formats))
    assert _snapshot(_load(formats)) == expected
    assert len(parses) == 4  # parsed each time, no error
    assert not list(tmp_path.glob("**/*.tmp"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_a_read_only_cache_folder_still_works(formats, cache, parses):
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert "2021" in _load(formats)
        assert "2021" in _load(formats)
    finally:
        cache.chmod(0o700)
    assert _pickles(cache) == []


def test_the_cache_can_be_switched_off(formats, tmp_path, monkeypatch, parses):
    monkeypatch.setenv(ENV_DIR, "")
    _load(formats)
    _load(formats)
    assert len(parses) == 4


def test_shipped_editions_equal_a_fresh_parse():
    """What the program uses (editions(), possibly from the user's cache) is what the files say."""
    fresh = {p.stem: schema.load_edition_file(p) for p in sorted(formats_dir().glob("*.toml"))}
    assert _snapshot(schema.editions()) == _snapshot(fresh)


def test_held_writes_wait_for_flush_and_store_what_was_parsed(formats, cache, parses, monkeypatch):
    """The window's start holds the cold start's write (hashing, pickling) until it shows: nothing is
    written before ``flush``, and what flush writes is then served without parsing."""
    from editor import edition_cache

    monkeypatch.setattr(edition_cache, "_held", None)
    monkeypatch.setattr("atexit.register", lambda fn: None)  # this test flushes itself
    edition_cache.hold_writes()
    first = _load(formats)
    assert _pickles(cache) == [] and len(edition_cache._held) == 2
    edition_cache.flush()
    assert len(_pickles(cache)) == 2 and edition_cache._held is None
    parses.clear()
    assert _snapshot(_load(formats)) == _snapshot(first)
    assert parses == []


def test_an_edition_is_loaded_when_first_asked_for(formats, cache, parses):
    """Opening a report loads its own edition only; the others are named without being read."""
    eds = schema.load_editions(sorted(formats.glob("*.toml")))
    assert sorted(eds) == ["2019", "2021"] and "2019" in eds and len(eds) == 2
    assert parses == []
    assert eds["2021"].id == "2021" and eds["2021"] is eds["2021"]
    assert parses == ["2021.toml"]
    with pytest.raises(KeyError):
        eds["2020"]


def test_the_years_of_every_edition_are_known_without_loading_it(formats, cache, parses):
    """What edition_for_year needs (each edition's first and last year) comes from the files' leading
    keys, cached like the editions, and agrees with the editions themselves."""
    paths = sorted(formats.glob("*.toml"))
    spans = schema.load_editions(paths).spans()
    assert parses == []
    assert spans == {p.stem: (e.first_year, e.last_year) for p in paths for e in [schema.load_edition_file(p)]}
    parses.clear()
    assert schema.load_editions(paths).spans() == spans and parses == []  # served from the cache
    # Where the leading keys cannot be read on their own (here a line of a multi-line name starts with
    # "["), the whole file tells the years.
    path = formats / "2019.toml"
    text = path.read_text(encoding="utf-8")
    name_line = next(x for x in text.splitlines() if x.startswith("name = "))
    path.write_text(text.replace(name_line, 'name = """2019年版格式\n[试行]"""'), encoding="utf-8")
    parses.clear()
    assert schema.load_editions(paths).spans() == spans and parses == ["2019.toml"]


def test_the_cache_is_read_and_written_by_the_c_pickler_or_by_pickle(formats, cache, parses, monkeypatch):
    """The C module is what pickle.loads and pickle.Pickler are (pickle's import adds its pure-Python twin);
    where it is missing, pickle reads and writes the same cache."""
    import _pickle
    import sys

    from editor import edition_cache

    assert edition_cache._pickle_module() is _pickle
    assert pickle.loads is _pickle.loads and pickle.Pickler is _pickle.Pickler
    assert edition_cache._PROTOCOL == pickle.HIGHEST_PROTOCOL
    first = _snapshot(_load(formats))
    monkeypatch.setitem(sys.modules, "_pickle", None)  # import _pickle raises ImportError
    assert edition_cache._pickle_module() is pickle
    assert _snapshot(_load(formats)) == first and sorted(parses) == ["2019.toml", "2021.toml"]  # read by pickle
    edition_cache._pickler.cache_clear()  # the class is made anew on pickle's Pickler
    for path in _pickles(cache):
        path.unlink()
    assert _snapshot(_load(formats)) == first and len(_pickles(cache)) == 2  # written by pickle
    edition_cache._pickler.cache_clear()
