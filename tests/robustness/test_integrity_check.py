"""`axiswatch check`: a clean workspace passes; each kind of damage is found, named and fails the verb."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from axiswatch.analysis.resolve import FINGERPRINT_KEY, fingerprint, resolve_events
from axiswatch.cli import main_group
from axiswatch.profiles import load_profile
from axiswatch.store import open_workspace
from axiswatch.store.check import check_path, check_workspace


def _text_event(ws, event_id: str, document_id: str | None) -> None:
    ws.execute("INSERT INTO events (event_id, origin_kind, document_id, event_type, source, target, certainty, "
               "confidence) VALUES (?, 'text', ?, 'AID', 'RUS', 'PRK', 'reported', 0.7)", [event_id, document_id])


def _document(ws, document_id: str, publisher_id: str | None = None) -> None:
    ws.execute("INSERT INTO documents (document_id, content_hash, text, kind, publisher_id) "
               "VALUES (?, 'h', 'Russia sent fuel to North Korea.', 'text', ?)", [document_id, publisher_id])


def _sound(ws) -> None:
    ws.execute("INSERT INTO publishers (publisher_id, name) VALUES ('pub-1', 'Example Wire')")
    _document(ws, "doc-1", "pub-1")
    _text_event(ws, "ev-1", "doc-1")
    ws.execute("INSERT INTO evidence VALUES ('ev-1', 0, 'doc-1', 'Russia sent fuel to North Korea.', 0, 32)")
    ws.execute("INSERT INTO resolved_events (resolved_id, event_type, source, target, precision, certainty, "
               "mentions, documents, independent_sources, best_grade, confidence, estimative) "
               "VALUES ('res-1', 'AID', 'RUS', 'PRK', 'none', 'reported', 1, 1, 1, 'F', 0.7, 'likely')")
    ws.execute("INSERT INTO resolved_members VALUES ('ev-1', 'res-1')")


def test_sound_workspace_passes(ws) -> None:
    _sound(ws)
    rep = check_workspace(ws)
    assert rep.ok and rep.errors == 0 and rep.warnings == 0
    assert rep.counts["documents"] == 1 and rep.counts["events"] == 1 and rep.counts["evidence"] == 1
    assert rep.checks_run >= 25
    assert rep.schema_version >= 6


def test_each_kind_of_damage_is_named(ws) -> None:
    _sound(ws)
    ws.execute("INSERT INTO evidence VALUES ('ev-gone', 0, 'doc-1', 'orphan sentence', 0, 5)")
    _text_event(ws, "ev-nodoc", "doc-missing")
    ws.execute("INSERT INTO evidence VALUES ('ev-nodoc', 0, NULL, 'x', 0, 1)")
    _text_event(ws, "ev-bare", "doc-1")  # no evidence sentence
    _document(ws, "doc-2", "pub-missing")
    ws.execute("INSERT INTO resolved_members VALUES ('ev-1', 'res-1')")  # the same member twice
    ws.execute("INSERT INTO resolved_members VALUES ('ev-never', 'res-1')")
    ws.execute("INSERT INTO ingest_runs (run_id, started_at, status) VALUES ('run-1', now(), 'running')")
    rep = check_workspace(ws)
    found = {f.check: f for f in rep.findings}
    assert found["fk:evidence.event_id"].sample == ["ev-gone"]
    assert found["fk:events.document_id"].sample == ["doc-missing"]
    assert found["text-event-without-evidence"].sample == ["ev-bare"]
    assert found["fk:documents.publisher_id"].sample == ["pub-missing"]
    assert found["duplicate:resolved_members.event_id"].sample == ["ev-1"]
    assert found["fk:resolved_members.event_id"].sample == ["ev-never"]
    # an interrupted run is worth knowing but is not damage: what it committed is whole
    assert found["interrupted:ingest_runs"].severity == "warning"
    # resolve never recorded its inputs here, so a missing member's event is lag of a derived table
    assert found["fk:resolved_members.event_id"].severity == "warning"
    assert not rep.ok and rep.errors == 5 and rep.warnings == 2


def test_member_of_a_missing_event_is_damage_when_resolve_is_current(ws) -> None:
    _sound(ws)
    resolve_events(ws, load_profile("russia_dprk"), force=True)
    assert check_workspace(ws).ok
    ws.execute("DELETE FROM evidence WHERE event_id = 'ev-1'")
    ws.execute("DELETE FROM events WHERE event_id = 'ev-1'")
    ws.set_setting(FINGERPRINT_KEY, fingerprint(ws))  # resolve claims to be up to date: the member is damage
    found = {f.check: f for f in check_workspace(ws).findings}
    assert found["fk:resolved_members.event_id"].severity == "error"
    assert found["fk:resolved_members.event_id"].sample == ["ev-1"]


def test_check_verb_json_and_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "ws.duckdb"
    with open_workspace(path) as ws:
        _sound(ws)
    runner = CliRunner()
    ok = runner.invoke(main_group, ["--workspace", str(path), "check", "--format", "json"])
    assert ok.exit_code == 0, ok.output
    body = json.loads(ok.output)
    assert body["ok"] is True and body["errors"] == 0 and body["counts"]["events"] == 1
    with open_workspace(path) as ws:
        ws.execute("INSERT INTO evidence VALUES ('ev-gone', 0, NULL, 'orphan', 0, 6)")
    bad = runner.invoke(main_group, ["--workspace", str(path), "check", "--format", "json"])
    assert bad.exit_code == 1
    body = json.loads(bad.output)
    assert body["ok"] is False
    assert [f["check"] for f in body["findings"]] == ["fk:evidence.event_id"]
    table = runner.invoke(main_group, ["--workspace", str(path), "check", "--counts"])
    assert table.exit_code == 1 and "PROBLEMS FOUND" in table.output and "fk:evidence.event_id" in table.output


def test_check_never_writes_and_refuses_a_missing_workspace(tmp_path: Path) -> None:
    path = tmp_path / "ws.duckdb"
    with open_workspace(path) as ws:
        _sound(ws)
    before = path.read_bytes()
    assert check_path(path).ok
    assert path.read_bytes() == before
    res = CliRunner().invoke(main_group, ["--workspace", str(tmp_path / "nope.duckdb"), "check"])
    assert res.exit_code == 1 and "does not exist" in str(res.exception)
    assert not (tmp_path / "nope.duckdb").exists()


def test_check_while_another_process_writes_says_in_use(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "ws.duckdb"
    with open_workspace(path) as ws:
        _sound(ws)
        res = subprocess.run([sys.executable, "-m", "axiswatch", "--workspace", str(path), "check"],
                             capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 3
    assert "in use" in res.stderr and "Traceback" not in res.stderr
