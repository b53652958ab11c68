"""Web fixtures: one small workspace built once from our fixtures (ingest + extract), copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from axiswatch.extract import extract_workspace
from axiswatch.profiles import load_profile
from axiswatch.settings import Settings
from axiswatch.sources.ingest import ingest_paths
from axiswatch.store import open_workspace
from axiswatch.web import WebConfig, create_app
from axiswatch.web.auth import add_user, create_token

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "web"
USER, PASSWORD = "analyst", "correct horse battery"


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A workspace with the fixture reports and the hostile page, extracted, with a user and a token."""
    folder = tmp_path_factory.mktemp("webws")
    path = folder / "ws.duckdb"
    settings = Settings(workspace=path, quiet=True)
    with open_workspace(path) as ws:
        ingest_paths(ws, [FIX / "reports.docs.jsonl", FIX / "hostile.html"], settings)
        extract_workspace(ws, load_profile("russia_dprk"))
        add_user(ws, USER, PASSWORD)
        token = create_token(ws, USER, "tests")
    return {"path": path, "token": token}


@pytest.fixture
def web_ws(web_template: dict[str, Any], tmp_path: Path) -> Path:
    """A private copy of the template workspace."""
    dst = tmp_path / "ws.duckdb"
    shutil.copy(web_template["path"], dst)
    return dst


def _make_client(path: Path, **config: Any) -> TestClient:
    app = create_app(Settings(workspace=path, quiet=True), WebConfig(**config))
    return TestClient(app, follow_redirects=False)


@pytest.fixture
def make_client() -> Callable[..., TestClient]:
    """Build a TestClient over a new app on a path, with WebConfig fields as keywords."""
    return _make_client


@pytest.fixture
def client(web_ws: Path) -> Iterator[TestClient]:
    """The app over a fresh copy of the workspace, lifespan running."""
    with _make_client(web_ws) as c:
        yield c


@pytest.fixture
def token(web_template: dict[str, Any]) -> str:
    """The API token of the test user."""
    return str(web_template["token"])


def _login(c: TestClient, user: str = USER, password: str = PASSWORD) -> str:
    r = c.post("/login", data={"username": user, "password": password, "next": "/ingest"})
    assert r.status_code == 303, r.text
    page = c.get("/ingest").text
    marker = 'name="csrf" value="'
    return page[page.index(marker) + len(marker):].split('"', 1)[0]


@pytest.fixture
def login() -> Callable[..., str]:
    """Log a TestClient in through the form; returns the CSRF token shown on the ingest page."""
    return _login


@pytest.fixture(scope="module")
def shared_client(web_template: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for a module of read-only tests (building an app resolves and evaluates once)."""
    dst = tmp_path_factory.mktemp("shared") / "ws.duckdb"
    shutil.copy(web_template["path"], dst)
    with _make_client(dst) as c:
        yield c
