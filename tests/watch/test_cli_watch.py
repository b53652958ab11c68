"""The ``watch`` and ``alerts`` verbs: thin wrappers, real output shapes, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from axiswatch.cli import main_group


def _run(ws_path: Path, *args: str) -> Result:
    return CliRunner().invoke(main_group, ["--workspace", str(ws_path), "--quiet", *args], catch_exceptions=False)


def _json(res: Result) -> Any:
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_watch_add_list_remove(ws_path: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    added = _json(_run(ws_path, "watch", "add", str(inbox), "--every", "2h", "--format", "json"))
    assert (added["kind"], added["location"], added["every"], added["health"]) == ("folder", str(inbox), "2h", "new")
    res = _run(ws_path, "watch", "add", "https://feeds.example.org/korea.xml")
    assert res.exit_code == 0 and "every 15m" in res.stdout
    listed = _json(_run(ws_path, "watch", "list", "--format", "json"))
    assert [(s["kind"], s["every"]) for s in listed] == [("folder", "2h"), ("url", "15m")]
    table = _run(ws_path, "watch", "list")
    assert "health" in table.stdout and "folder" in table.stdout
    gone = _run(ws_path, "watch", "remove", added["source_id"])
    assert gone.exit_code == 0 and str(inbox) in gone.stdout
    assert len(_json(_run(ws_path, "watch", "list", "--format", "json"))) == 1


def test_bad_interval_and_unknown_id_are_usage_and_not_found(ws_path: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(main_group, ["--workspace", str(ws_path), "watch", "add", str(tmp_path),
                                          "--every", "often"])
    assert "use a number with s, m, h or d" in str(res.exception)
    res = CliRunner().invoke(main_group, ["--workspace", str(ws_path), "watch", "remove", "src-nope"])
    assert "no watched source 'src-nope'" in str(res.exception)


def test_watch_once_then_alerts(ws_path: Path, tmp_path: Path, fix: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    log = tmp_path / "alerts.jsonl"
    _run(ws_path, "watch", "add", str(inbox))
    ch = _json(_run(ws_path, "watch", "channel", "add", "jsonl", str(log), "--format", "json"))
    assert ch["type"] == "jsonl"
    shutil.copy(fix / "note_1.txt", inbox)
    first = _json(_run(ws_path, "watch", "--once", "--format", "json"))
    assert (first["status"], first["documents_added"], first["alerts"]["baseline"]) == ("ok", 1, True)
    shutil.copy(fix / "note_2.txt", inbox)
    res = _run(ws_path, "watch", "--once")
    assert res.exit_code == 0
    assert "1 new document(s)" in res.stdout
    alerts = _json(_run(ws_path, "alerts", "--format", "json"))
    kinds = {a["kind"] for a in alerts}
    assert {"new_flow", "large_quantity"} <= kinds
    flow = next(a for a in alerts if a["kind"] == "new_flow")
    assert flow["summary"].startswith("New flow in the ledger: fuel RUS -> PRK")
    assert flow["evidence"]["evidence"][0]["text"].startswith("Russia delivered 1 million barrels of oil")
    lines = _run(ws_path, "alerts", "--format", "jsonl", "--kind", "large_quantity").stdout.splitlines()
    assert [json.loads(x)["kind"] for x in lines] == ["large_quantity"]
    high = _json(_run(ws_path, "alerts", "--severity", "high", "--format", "json"))
    assert high and all(a["severity"] == "high" for a in high)
    logged = {json.loads(x)["alert_id"] for x in log.read_text().splitlines()}
    assert {a["alert_id"] for a in alerts} <= logged
    channels = _json(_run(ws_path, "watch", "channel", "list", "--format", "json"))
    assert channels[0]["sent"] == len(logged) and channels[0]["pending"] == 0
    runs = _json(_run(ws_path, "watch", "runs", "--format", "json"))
    assert [r["status"] for r in runs] == ["ok", "ok"]
    table = _run(ws_path, "alerts")
    assert "new_flow" in table.stdout and "high" in table.stdout


def test_watch_once_exit_code_when_a_source_fails(ws_path: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "in\x1b[2Jbox"  # a terminal escape in the name must not reach the terminal
    inbox.mkdir()
    _run(ws_path, "watch", "add", str(inbox))
    inbox.rmdir()
    res = _run(ws_path, "watch", "--once")
    assert res.exit_code == 1
    assert "source failed" in res.stdout and "no such file or folder" in res.stdout
    assert "\x1b" not in res.stdout and "in[2Jbox" in res.stdout


def test_watch_once_without_sources_says_how_to_add_one(ws_path: Path) -> None:
    res = _run(ws_path, "watch", "--once")
    assert res.exit_code == 0 and "axiswatch watch add PATH|URL" in res.stdout
