"""A district for the summary tests: two units' reports in 下级/ and the district's own report beside them,
equal to the units' sum except for one planted difference."""

from __future__ import annotations

from pathlib import Path

from editor.io.native import write_native
from editor.report import Report
from editor.samples import sample_report
from editor.schema import CellRef


def make_district(tmp_path: Path, planted: CellRef, delta: int) -> tuple[Path, Path, list[Report]]:
    """(folder of the units, the own report's path, the units); the own report differs from their sum at
    ``planted``."""
    units = [sample_report(2024, seed=s, agency=f"单位{s}") for s in (1, 2)]
    folder = tmp_path / "下级"
    folder.mkdir()
    for i, u in enumerate(units):
        write_native(u, folder / f"u{i}.gknb")
    own = sample_report(2024, seed=9, agency="某某区人民政府")
    own.meta.kind = "government"
    own.values = {}
    for u in units:
        for ref, v in u.values.items():
            own.values[ref] = own.values.get(ref, 0) + v
    own.set(planted, own.get(planted) + delta)
    own_path = tmp_path / "区政府.gknb"
    write_native(own, own_path)
    return folder, own_path, units
