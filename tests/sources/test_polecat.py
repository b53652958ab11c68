"""POLECAT / PLOVER JSON-lines records -> events, with bad lines quarantined."""

from __future__ import annotations

from pathlib import Path

from axiswatch.sources import polecat
from axiswatch.store.events import query_events


def test_records_become_events_and_bad_lines_are_quarantined(ws, fixtures: Path) -> None:
    path = fixtures / "datasets" / "polecat_sample.jsonl"
    assert polecat.sniff(path, path.read_bytes()[:2000])
    out = polecat.ingest(ws, path, run_id="r")
    assert (out.details["rows_read"], out.added, out.failed) == (7, 3, 4)
    reasons = dict(ws.fetchall("SELECT location, reason FROM quarantine"))
    assert reasons["line 5"] == "unparseable date '2024-13-45'"
    assert reasons["line 6"] == "unknown PLOVER event type HUG"
    assert reasons["line 7"] == "missing actor code"
    assert reasons["line 4"].startswith("Expecting")  # broken JSON
    evs = {e["event_type"]: e for e in query_events(ws, origin_kinds=["polecat"])}
    treaty = evs["AGREE"]
    assert (treaty["source"], treaty["target"], treaty["mode"], treaty["date"]) == ("RUS", "PRK", "military",
                                                                                      "2024-06-19")
    assert treaty["source_name"] == "Vladimir Putin"
    assert treaty["evidence"][0]["text"].startswith("Putin and Kim signed")
    assert treaty["attrs"]["event_loc"]["resolved_place"] == "Pyongyang"
    assert treaty["origin"]["key"] == "PLV-20240619-0001"
    assert evs["ASSAULT"]["quantity"] == {"value": 30, "unit": "dead"}
    assert (evs["MOBILIZE"]["source"], evs["MOBILIZE"]["target"]) == ("PRK", "PRK")  # no recipient
    assert polecat.ingest(ws, path).added == 0


def test_dyad_filter(ws, fixtures: Path) -> None:
    out = polecat.ingest(ws, fixtures / "datasets" / "polecat_sample.jsonl", options={"actors": ["RUS", "PRK"]})
    assert out.added == 1 and out.details["filtered_out"] == 2
