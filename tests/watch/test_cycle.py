"""The watch cycle end to end: a feed that changes between cycles, alerts delivered, the watcher loop,
and a watcher killed mid-cycle (SIGKILL) that resumes without losing or duplicating anything."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from watch_helpers import Receiver, Route, Site

from axiswatch.bench.watch import generate_documents
from axiswatch.settings import Settings
from axiswatch.store.workspace import open_workspace
from axiswatch.watch.cycle import list_runs, run_cycle, run_watcher
from axiswatch.watch.deliver import add_channel
from axiswatch.watch.sources import add_source, list_sources


def test_feed_changing_between_cycles_raises_and_delivers(ws_path: Path, site: Site, fix: Path, tmp_path: Path,
                                                          settings: Settings, receiver: Receiver) -> None:
    site.routes["/feed.xml"] = Route((fix / "feed_v1.xml").read_bytes(), "application/rss+xml", etag='"v1"')
    log = tmp_path / "alerts.jsonl"
    with open_workspace(ws_path) as ws:
        add_source(ws, site.url("/feed.xml"), every="1m", allow_private=True)
        add_channel(ws, "jsonl", str(log))
        add_channel(ws, "webhook", receiver.url, secret="k", allow_private=True, digest=True)
        first = run_cycle(ws, settings, all_sources=True)
        assert (first.status, first.documents_added, first.alerts["baseline"]) == ("ok", 2, True)
        assert first.extract["events"] >= 2
        idle = run_cycle(ws, settings, all_sources=True)
        assert (idle.sources[0]["status"], idle.documents_added, idle.analysed) == ("not_modified", 0, False)
        site.routes["/feed.xml"] = Route((fix / "feed_v2.xml").read_bytes(), "application/rss+xml", etag='"v2"')
        third = run_cycle(ws, settings, all_sources=True)
        kinds = sorted(a["kind"] for a in third.alerts["raised"])
        assert third.documents_added == 2
        assert "new_flow" in kinds and "large_quantity" in kinds and "sanctions" in kinds
        summaries = {a["summary"] for a in third.alerts["raised"]}
        assert any(s.startswith("New flow in the ledger: fuel RUS -> PRK") for s in summaries)
        assert [r["status"] for r in list_runs(ws)] == ["ok", "ok", "ok"]
    logged = [json.loads(x) for x in log.read_text().splitlines()]
    raised_ids = {a["alert_id"] for a in third.alerts["raised"]}
    assert raised_ids <= {x["alert_id"] for x in logged}
    fuel = next(x for x in logged if x["kind"] == "large_quantity")
    assert fuel["evidence"]["documents"][0]["url"] == "http://feeds.example.test/korea/oil"
    # the webhook is a digest channel: one POST per cycle that raised alerts
    digests = [json.loads(p["body"]) for p in receiver.posts]
    assert all(d["type"] == "digest" for d in digests)
    assert raised_ids <= {a["alert_id"] for a in digests[-1]["alerts"]}


def test_one_failing_source_does_not_stop_the_others(ws_path: Path, site: Site, fix: Path,
                                                     settings: Settings, tmp_path: Path) -> None:
    site.routes["/bad"] = Route(b"\x00 nonsense", "application/rss+xml")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(fix / "note_1.txt", inbox)
    with open_workspace(ws_path) as ws:
        add_source(ws, site.url("/bad"), allow_private=True)
        add_source(ws, str(inbox))
        rep = run_cycle(ws, settings, all_sources=True)
        assert rep.status == "partial"
        assert [s["status"] for s in rep.sources] == ["failed", "changed"]
        assert rep.extract["events"] >= 1
        assert [s.health for s in list_sources(ws)] == ["failing", "ok"]


def test_run_watcher_loops_until_stopped(ws_path: Path, settings: Settings, tmp_path: Path, fix: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with open_workspace(ws_path) as ws:
        add_source(ws, str(inbox), every="1h")
    stop = threading.Event()
    seen: list[Any] = []

    def on_cycle(rep: Any) -> None:
        # runs in the watcher's thread between cycles, when the workspace is closed
        seen.append(rep)
        if len(seen) == 1:
            shutil.copy(fix / "note_1.txt", inbox)
            with open_workspace(ws_path) as ws:
                ws.execute("UPDATE watch_sources SET next_due_at = NULL")  # due again at once
        else:
            stop.set()

    t = threading.Thread(target=run_watcher, args=(ws_path, settings, stop),
                         kwargs={"max_sleep_s": 0.5, "on_cycle": on_cycle}, daemon=True)
    t.start()
    t.join(timeout=60)
    assert not t.is_alive()
    assert [r.documents_added for r in seen] == [0, 1]


def _watch(ws_path: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "axiswatch", "--workspace", str(ws_path), "watch", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _state(ws_path: Path, log: Path) -> dict[str, Any]:
    with open_workspace(ws_path) as ws:
        lines = [json.loads(x)["alert_id"] for x in log.read_text().splitlines()] if log.exists() else []
        return {
            "documents": ws.fetchone("SELECT count(*) FROM documents")[0],
            "events": ws.fetchone("SELECT count(*) FROM events")[0],
            "alerts": sorted(r[0] for r in ws.fetchall("SELECT alert_id FROM alerts")),
            "logged": sorted(lines),
            "runs": [r["status"] for r in list_runs(ws)],
        }


def _prepare(root: Path) -> tuple[Path, Path]:
    inbox = root / "inbox"
    generate_documents(inbox, 16)
    ws_path, log = root / "ws.duckdb", root / "alerts.jsonl"
    with open_workspace(ws_path) as ws:
        add_source(ws, str(inbox))
        add_channel(ws, "jsonl", str(log))
    return ws_path, log


@pytest.mark.timeout(180)
def test_killed_watcher_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    ref_ws, ref_log = _prepare(tmp_path / "ref")
    run_watcher(ref_ws, Settings(workspace=ref_ws, quiet=True), threading.Event(), once=True)
    expected = _state(ref_ws, ref_log)
    assert expected["documents"] == 16 and expected["events"] > 16 and expected["alerts"]

    ws_path, log = _prepare(tmp_path / "killed")
    # killed while ingesting, then (on the next try) while extracting, then while raising alerts
    for kill_at in ("fetch ", "extract", "alerts"):
        proc = _watch(ws_path, "--once")
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith(f"watch: {kill_at}"):
                break
        time.sleep(0.05)  # let it get into the stage's writes
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    resumed = _watch(ws_path, "--once")
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    got = _state(ws_path, log)
    assert got["runs"] == ["ok", "interrupted", "interrupted", "interrupted"]
    for key in ("documents", "events", "alerts"):
        assert got[key] == expected[key], key
    # every alert logged exactly once (a kill between sending and recording would resend one delivery)
    assert got["logged"] == expected["logged"] == expected["alerts"]


@pytest.mark.timeout(90)
def test_forever_watcher_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    ws_path = tmp_path / "ws.duckdb"
    with open_workspace(ws_path) as ws:
        add_source(ws, str(inbox), every="10s")
    proc = _watch(ws_path, "--max-sleep", "0.5")
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the first cycle's line
    assert " ok: 1 source(s) checked" in first
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    with open_workspace(ws_path) as ws:
        assert [r["status"] for r in list_runs(ws)][0] == "ok"


def test_watcher_runs_beside_the_servers_connection(ws_path: Path, settings: Settings, tmp_path: Path,
                                                    fix: Path) -> None:
    """What ``serve`` does: the process keeps its own connection open and runs the watcher in a thread."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(fix / "note_1.txt", inbox)
    server = open_workspace(ws_path)
    try:
        add_source(server, str(inbox))
        reader = server.con.cursor()
        lock = threading.RLock()
        stop = threading.Event()
        done: list[Any] = []
        t = threading.Thread(target=lambda: done.extend(run_watcher(ws_path, settings, stop, once=True, lock=lock)))
        t.start()
        t.join(timeout=60)
        assert [r.documents_added for r in done] == [1]
        assert reader.execute("SELECT count(*) FROM documents").fetchone() == (1,)
        assert reader.execute("SELECT count(*) FROM events WHERE source = 'PRK'").fetchone()[0] >= 1
    finally:
        server.close()
