"""Fixtures for the API tests: a small workspace built from our own wire-style documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from api_builders import build_workspace


@pytest.fixture(scope="session")
def built_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus, ingested, extracted and resolved once per session (tests copy it to write)."""
    return build_workspace(tmp_path_factory.mktemp("api") / "ws.duckdb")


@pytest.fixture
def fx_ws(built_ws: Path, tmp_path: Path) -> Path:
    """A private copy of the built workspace."""
    dest = tmp_path / "ws.duckdb"
    shutil.copy(built_ws, dest)
    return dest
