"""Fixtures for the export tests: a small workspace built from our own wire-style documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import axiswatch

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "api" / "docs.jsonl"


def build_workspace(path: Path, *, resolve: bool = True) -> Path:
    """Ingest, extract and (optionally) resolve tests/fixtures/api/docs.jsonl into ``path``."""
    with axiswatch.open(path, write=True) as wb:
        summary = wb.ingest(DOCS, kind="jsonl")
        assert summary.added == 6
        wb.extract_new()
        if resolve:
            wb.resolve()
    return path


@pytest.fixture(scope="session")
def built_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus, ingested, extracted and resolved once per session (tests copy it to write)."""
    return build_workspace(tmp_path_factory.mktemp("export") / "ws.duckdb")


@pytest.fixture
def fx_ws(built_ws: Path, tmp_path: Path) -> Path:
    """A private copy of the built workspace."""
    dest = tmp_path / "ws.duckdb"
    shutil.copy(built_ws, dest)
    return dest
