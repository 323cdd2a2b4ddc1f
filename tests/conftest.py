"""Shared test setup: Qt offscreen, the shared/ folder with real reports (skipped where absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt aborts without a display unless told to render offscreen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("GKNB_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A file under ../shared; the test is skipped when the folder is not there (a clone elsewhere)."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is not available")
    return p


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
