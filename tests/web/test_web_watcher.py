"""``serve`` runs the same watcher as ``axiswatch watch`` inside the server."""

from __future__ import annotations

import time
from pathlib import Path

from axiswatch.store import open_workspace
from axiswatch.watch.sources import add_source

TEXT = ("Russia delivered 50,000 tonnes of wheat to North Korea on 3 March 2024, the Russian agriculture "
        "ministry said. The shipment arrived at the port of Nampo.")


def _items(body):
    return body["events"]


def test_server_watcher_ingests_a_watched_folder(web_ws: Path, tmp_path: Path, make_client):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "wheat.txt").write_text(TEXT, "utf-8")
    with open_workspace(web_ws) as ws:
        add_source(ws, str(inbox), every="1m")
        before = ws.fetchone("SELECT count(*) FROM documents")[0]
    with make_client(web_ws, watch=True, watch_poll_s=0.5) as client:
        deadline = time.monotonic() + 60
        events: list = []
        while time.monotonic() < deadline:
            time.sleep(0.5)
            events = _items(client.get("/api/events", params={"commodity": "food", "limit": 50}).json())
            if any(e["source"] == "RUS" and e["target"] == "PRK" for e in events):
                break
    assert any(e["source"] == "RUS" and e["target"] == "PRK" and e["quantity"]["value"] == 50000 for e in events)
    with open_workspace(web_ws, read_only=True) as ws:
        assert ws.fetchone("SELECT count(*) FROM documents")[0] == before + 1


def test_alerts_page_shows_watched_sources_health(web_ws: Path, tmp_path: Path, make_client):
    inbox = tmp_path / "feeds"
    inbox.mkdir()
    with open_workspace(web_ws) as ws:
        add_source(ws, str(inbox), every="15m")
    with make_client(web_ws) as client:
        body = client.get("/api/alerts").json()
        page = client.get("/alerts").text
    (src,) = [s for s in body["sources"] if s["location"].endswith("feeds")]
    assert src["health"] == "new" and src["interval_s"] == 900
    assert "Watched sources" in page and "feeds" in page
