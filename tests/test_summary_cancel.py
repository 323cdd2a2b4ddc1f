"""summarize() stops when its caller says so (the window's 取消), with one process or several."""

from __future__ import annotations

import pytest

from editor.summary import SummaryCancelled, summarize
from tests.test_summary import make_folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_cancel_stops_the_batch(tmp_path, jobs):
    folder, _ = make_folder(tmp_path)
    seen: list[tuple[int, int]] = []
    with pytest.raises(SummaryCancelled):
        summarize([folder], jobs=jobs, progress=lambda done, total: seen.append((done, total)),
                  cancelled=lambda: len(seen) >= 3)  # after the start and two files
    assert seen[0] == (0, 7)
    assert seen[-1][0] < 7


def test_not_cancelled_runs_to_the_end(tmp_path):
    folder, _ = make_folder(tmp_path)
    seen: list[int] = []
    summary = summarize([folder], progress=lambda done, _total: seen.append(done), cancelled=lambda: False)
    assert seen == list(range(8)) and len(summary.units) == 7
