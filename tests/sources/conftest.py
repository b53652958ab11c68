"""Fixtures for the source tests: a local HTTP server and the fixture folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sourcehelpers import LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A fresh local HTTP server."""
    s = LocalServer()
    yield s
    s.close()


@pytest.fixture
def src_fixtures(fixtures: Path) -> Path:
    """tests/fixtures/sources."""
    return fixtures / "sources"
