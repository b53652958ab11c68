"""Builds the API tests' workspace from our own wire-style documents (tests/fixtures/api/docs.jsonl)."""

from __future__ import annotations

from pathlib import Path

import axiswatch

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "api" / "docs.jsonl"


def build_workspace(path: Path, *, resolve: bool = True) -> Path:
    """Ingest, extract and (optionally) resolve the fixture corpus into ``path``."""
    with axiswatch.open(path, write=True) as wb:
        summary = wb.ingest(DOCS, kind="jsonl")
        assert summary.added == 6
        wb.extract_new()
        if resolve:
            wb.resolve()
    return path
