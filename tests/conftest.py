"""Shared fixtures: temporary workspaces, the shared sample data (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiswatch.store import open_workspace

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or skip the test when the folder is absent."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip("../shared/data is absent")
    return path


@pytest.fixture
def fixtures() -> Path:
    """tests/fixtures."""
    return FIXTURES


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    """A path for a new workspace file."""
    return tmp_path / "ws.duckdb"


@pytest.fixture
def ws(ws_path: Path):
    """An open, migrated, empty workspace."""
    w = open_workspace(ws_path)
    yield w
    w.close()
