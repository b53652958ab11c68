"""A bounded schemathesis run against the app's own OpenAPI document: no request may cause a 5xx."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = 2  # per operation: a few dozen requests in all (about 17 operations)


@pytest.fixture(scope="module")
def app(web_template: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The app over a copy of the fixture workspace (jobs queued, never run)."""
    from axiswatch.settings import Settings
    from axiswatch.web import WebConfig, create_app

    path: Path = tmp_path_factory.mktemp("openapi") / "ws.duckdb"
    shutil.copy(web_template["path"], path)
    return create_app(Settings(workspace=path, quiet=True), WebConfig(run_jobs=False))


def test_no_request_causes_a_server_error(app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    seen: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        _run(result.ok(), seen)
    assert {"GET /api/events", "GET /api/documents", "POST /api/ingest"} <= set(seen)
    assert 200 in seen["GET /api/events"]


def _run(op: Any, seen: dict[str, set[int]]) -> None:
    """Up to EXAMPLES generated requests for one operation."""

    @given(case=op.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize=True, database=None)
    def check(case: Any) -> None:
        response = case.call()
        case.validate_response(response, checks=[not_a_server_error])
        seen.setdefault(f"{op.method.upper()} {op.path}", set()).add(response.status_code)
        if case.method.upper() == "POST":
            assert response.status_code == 401  # anonymous writers are refused before anything else

    check()
