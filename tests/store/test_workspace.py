from __future__ import annotations

import subprocess
import sys
import time

import pytest

from axiswatch.errors import WorkspaceError, WorkspaceInUse
from axiswatch.store import open_workspace
from axiswatch.store.workspace import _migrations


def test_first_open_creates_and_migrates(ws_path):
    assert not ws_path.exists()
    with open_workspace(ws_path) as ws:
        assert ws.schema_version == max(v for v, _, _ in _migrations())
        tables = {r[0] for r in ws.fetchall("SELECT table_name FROM information_schema.tables")}
        assert {"documents", "publishers", "ingest_runs", "events", "evidence", "quarantine"} <= tables
    # reopening applies nothing new and keeps data
    with open_workspace(ws_path) as ws:
        assert ws.migrate() == []


def test_settings_roundtrip(ws):
    ws.set_setting("watch", [{"id": 1, "url": "x"}])
    assert ws.get_setting("watch") == [{"id": 1, "url": "x"}]
    assert ws.get_setting("missing", 7) == 7


def test_transaction_rolls_back(ws):
    with pytest.raises(RuntimeError):
        with ws.transaction() as con:
            con.execute("INSERT INTO publishers (publisher_id, name) VALUES ('p', 'P')")
            raise RuntimeError("boom")
    assert ws.fetchone("SELECT count(*) FROM publishers")[0] == 0


def test_second_writer_gets_in_use_with_pid(ws_path):
    open_workspace(ws_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from axiswatch.store import open_workspace; "
         f"w=open_workspace({str(ws_path)!r}); print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(WorkspaceInUse) as err:
            open_workspace(ws_path)
        assert f"pid {holder.pid}" in str(err.value)
        assert err.value.exit_code == 3
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    with open_workspace(ws_path) as ws:  # usable again, not corrupted
        assert ws.fetchone("SELECT count(*) FROM documents")[0] == 0


def test_read_only_missing_workspace_is_clear(tmp_path):
    with pytest.raises(WorkspaceError, match="does not exist"):
        open_workspace(tmp_path / "nope.duckdb", read_only=True)
