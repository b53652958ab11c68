"""Resolve and corroborate: clusters, independent sources, confidence, denials, idempotence."""

from __future__ import annotations

from axiswatch.analysis.confidence import confidence
from axiswatch.analysis.resolve import resolve_events


def _by_type(ws):
    return {r["event_type"] + ":" + (r["date"] or ""): r for r in ws.records("SELECT * FROM resolved_events")}


def test_three_reports_two_publishers_and_a_denial(shipment_ws, profile):
    summary = resolve_events(shipment_ws, profile)
    assert summary.mentions == 5
    assert summary.resolved == 3
    rows = _by_type(shipment_ws)
    ship = rows["AID:2023-10-12"]
    assert ship["mentions"] == 3
    assert ship["documents"] == 3
    assert ship["independent_sources"] == 2  # d3 is a syndicated copy of d1
    assert ship["best_grade"] == "B"
    assert ship["certainty"] == "reported"
    assert ship["quantity_low"] == 1000 and ship["quantity_high"] == 1200
    assert ship["quantity_unit"] == "containers"
    assert ship["date_first"].isoformat() == "2023-10-01" and ship["date_last"].isoformat() == "2023-10-13"
    assert ship["confidence"] == confidence("reported", "B", 2) == 0.755
    assert ship["estimative"] == "likely"
    assert ship["contested"] is True
    denial = rows["REJECT:2023-10-19"]
    pairs = shipment_ws.fetchall("SELECT resolved_id, denial_id FROM resolved_contradictions")
    assert pairs == [(ship["resolved_id"], denial["resolved_id"])]
    later = rows["AID:2024-03-28"]
    assert later["contested"] is False
    assert later["confidence"] == confidence("reported", "B", 1) == 0.65
