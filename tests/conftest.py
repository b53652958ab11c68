"""Shared fixtures: temporary workspaces, the shared sample data (skipped when absent)."""

from __future__ import annotations

import os
import sys
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


API_DOCS = FIXTURES / "api" / "docs.jsonl"


def _build_api_workspace(path: Path, *, resolve: bool = True) -> Path:
    """Ingest, extract and (optionally) resolve tests/fixtures/api/docs.jsonl into ``path``."""
    import axiswatch

    with axiswatch.open(path, write=True) as wb:
        summary = wb.ingest(API_DOCS, kind="jsonl")
        assert summary.added == 6
        wb.extract_new()
        if resolve:
            wb.resolve()
    return path


@pytest.fixture
def build_api_workspace():
    """The builder of the API and export tests' workspace, for tests that need it unresolved."""
    return _build_api_workspace


@pytest.fixture(scope="session")
def built_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus, ingested, extracted and resolved once per session (tests copy it to write)."""
    return _build_api_workspace(tmp_path_factory.mktemp("api") / "ws.duckdb")


@pytest.fixture(scope="session")
def _pristine_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same corpus built once more and never handed out: ``built_ws`` collects CLI-recorded state."""
    return _build_api_workspace(tmp_path_factory.mktemp("pristine") / "ws.duckdb")


@pytest.fixture
def fx_ws(_pristine_ws: Path, tmp_path: Path) -> Path:
    """A private copy of the built workspace, as built."""
    import shutil

    dest = tmp_path / "ws.duckdb"
    shutil.copy(_pristine_ws, dest)
    return dest


# Once every test has run and pytest has printed its summary, leave without the interpreter's finalisation:
# in one clean-clone run of the whole suite (767 passed) a native library's thread was torn down at exit
# ("terminate called without an active exception", SIGABRT), turning a green run red. The cause is in
# static destructors after Python's own shutdown, not in any test; the exit status stays pytest's own.
# Set AXISWATCH_TEST_SOFT_EXIT=1 to keep the normal shutdown (for instance to chase that crash).
_STATUS: dict[str, int] = {}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remember pytest's exit status for the hard exit below."""
    _STATUS["code"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Exit with pytest's status once its output is flushed (see the note above)."""
    if "code" not in _STATUS or os.environ.get("AXISWATCH_TEST_SOFT_EXIT") == "1":
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_STATUS["code"])
