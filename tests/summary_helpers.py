"""A district for the summary tests: two units' reports in 下级/ and the district's own report beside them,
equal to the units' sum except for one planted difference."""

from __future__ import annotations

import os
import time
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


# Test doubles of a worker's task (module-level: spawned workers import them by name). They are set by
# environment variables, which the workers inherit.
DELAY_ENV, LOG_ENV = "SUMMARY_TEST_DELAY", "SUMMARY_TEST_LOG"
HANG_ENV, BOMB_ENV = "SUMMARY_TEST_HANG", "SUMMARY_TEST_BOMB"


def slow_task(item):
    """Reads the file as usual after a delay; files named in SUMMARY_TEST_HANG never finish, files named in
    SUMMARY_TEST_BOMB allocate memory without end. Each file started is appended to SUMMARY_TEST_LOG."""
    from editor import summary

    path = item[0]
    log = os.environ.get(LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(path.name + "\n")
    if path.name in os.environ.get(HANG_ENV, "").split("|"):
        time.sleep(3600)
    if path.name in os.environ.get(BOMB_ENV, "").split("|"):
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    time.sleep(float(os.environ.get(DELAY_ENV, "0")))
    return summary._task(item)


def started(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").split() if log.exists() else []
