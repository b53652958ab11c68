"""Fixtures for the brief's tests: the packaged profile and a workspace holding the fixture corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from brief_fixture import load_fixture

from axiswatch.profiles import Profile, load_profile
from axiswatch.report import Brief, build_brief
from axiswatch.store import open_workspace
from axiswatch.store.workspace import Workspace


@pytest.fixture
def profile() -> Profile:
    """The packaged Russia-DPRK profile."""
    return load_profile("russia_dprk")


@pytest.fixture
def brief_ws(ws_path: Path, profile: Profile) -> Iterator[Workspace]:
    """An open workspace holding the fixture corpus."""
    ws = open_workspace(ws_path)
    load_fixture(ws, profile)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def shared_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The fixture corpus in one workspace per test module (building a brief takes a few seconds)."""
    ws = open_workspace(tmp_path_factory.mktemp("brief") / "ws.duckdb")
    load_fixture(ws, load_profile("russia_dprk"))
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def brief(shared_ws: Workspace) -> Brief:
    """The brief of the fixture corpus, built once per module."""
    return build_brief(shared_ws, load_profile("russia_dprk"))
