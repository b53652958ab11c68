"""The thin verbs: users add/token/list, serve's refusal of a busy workspace, and a tiny bench serve run."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from axiswatch.cli import main_group
from axiswatch.settings import Settings
from axiswatch.store import open_workspace
from axiswatch.web.auth import check_login, user_for_token


def test_users_add_token_list(tmp_path: Path) -> None:
    ws_path = tmp_path / "ws.duckdb"
    runner = CliRunner()
    r = runner.invoke(main_group, ["--workspace", str(ws_path), "users", "add", "maria", "--password-stdin"],
                      input="a long passphrase\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(main_group, ["--workspace", str(ws_path), "users", "token", "maria", "--label", "ci"])
    assert r.exit_code == 0
    token = r.output.strip()
    assert token.startswith("aw_")
    r = runner.invoke(main_group, ["--workspace", str(ws_path), "users", "list", "--format", "json"])
    rows = json.loads(r.output)
    assert [(u["name"], u["tokens"]) for u in rows] == [("maria", 1)]
    with open_workspace(ws_path) as ws:
        assert check_login(ws, "maria", "a long passphrase") and not check_login(ws, "maria", "wrong one!")
        assert user_for_token(ws, token) == "maria" and user_for_token(ws, token + "x") is None
    short = runner.invoke(main_group, ["--workspace", str(ws_path), "users", "add", "bo", "--password-stdin"],
                          input="short\n")
    assert short.exit_code != 0 and "at least 8" in str(short.exception or short.output)
    nobody = runner.invoke(main_group, ["--workspace", str(ws_path), "users", "token", "nobody"])
    assert nobody.exit_code != 0


def test_bench_serve_small_run(tmp_path: Path) -> None:
    from axiswatch.bench import serve

    fig = serve.run(Settings(workspace=tmp_path / "unused.duckdb"), events=400, clients=4, requests=40,
                    uncached_share=0.2, workdir=tmp_path / "bench")
    assert fig["load"]["errors"] == {}
    assert all(v["status"] == 200 for v in fig["cold"].values())
    assert sum(r["n"] for r in fig["load"]["routes"].values()) == 40
    assert fig["load"]["p95_ms"] >= fig["load"]["p50_ms"] > 0
    assert fig["server_exit_code"] in (0, -15)
    assert "p95" in serve.report(fig)
