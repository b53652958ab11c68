"""Indicators and warnings: status, trend, last evidence, alerts on change, profile validation."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from analysis_builders import add_document, ev, write

from axiswatch.analysis.indicators import evaluate_indicators, list_alerts
from axiswatch.errors import ProfileError
from axiswatch.profiles import load_profile


def _oil(ws):
    add_document(ws, "oil1", None, "2024-09-12")
    write(ws, [
        ev("AID", "RUS", "PRK", "2024-03-10", commodity="fuel", qty=(200000, "barrels"), key="o1"),
        ev("AID", "RUS", "PRK", "2024-06-10", commodity="fuel", qty=(200000, "bbl"), key="o2"),
        ev("AID", "RUS", "PRK", "2024-09-10", commodity="fuel", qty=(150000, "barrels"), doc="oil1",
           text="Tankers carried 150,000 barrels of refined petroleum from Vostochny."),
    ])


def test_statuses_trend_and_last_evidence(shipment_ws, profile):
    _oil(shipment_ws)
    got = {s.id: s for s in evaluate_indicators(shipment_ws, profile)}
    assert len(got) == 8
    oil = got["oil_beyond_cap"]
    assert oil.as_of == "2024-09-10"  # the latest event, when no --until is given
    assert oil.status == "escalating" and oil.events == 3
    assert oil.quantity == {"value": 550000, "unit": "barrels", "above": 500000, "window_days": 365}
    assert oil.reason == "escalates: 3 event(s) in 365 days (needs 1), 550,000 barrels (above 500,000)"
    assert oil.last_evidence["date"] == "2024-09-10"
    assert oil.last_evidence["evidence"][0]["text"].startswith("Tankers carried 150,000 barrels")
    muni = got["munitions_shipments"]
    assert (muni.status, muni.events, muni.previous_events, muni.trend) == ("observed", 1, 1, "steady")
    assert muni.last_evidence["date"] == "2024-03-28"
    troops = got["troop_deployment"]
    assert (troops.status, troops.trend, troops.last_evidence) == ("not observed", "none", None)
    rail = got["rail_and_port"]  # "Rajin", "Vostochny" and "rail cars" are in the evidence
    assert (rail.status, rail.events) == ("observed", 2)
    # what the CLI prints as JSON
    assert {"name", "status", "trend", "last_evidence"} <= set(oil.to_dict())


def test_alerts_on_change_only(shipment_ws, profile):
    _oil(shipment_ws)
    first = evaluate_indicators(shipment_ws, profile)
    alerts = list_alerts(shipment_ws)
    assert sorted((a["indicator"], a["severity"]) for a in alerts) == [
        ("munitions_shipments", "medium"), ("oil_beyond_cap", "high"), ("rail_and_port", "medium")]
    oil_alert = next(a for a in alerts if a["indicator"] == "oil_beyond_cap")
    assert oil_alert["summary"].startswith("Refined petroleum beyond the UN cap: not observed -> escalating")
    assert oil_alert["evidence"]["last_evidence"]["date"] == "2024-09-10"
    assert sum(s.changed for s in first) == 8  # first evaluation records every indicator
    again = evaluate_indicators(shipment_ws, profile)
    assert not any(s.changed for s in again)
    assert len(list_alerts(shipment_ws)) == 3
    # a year later nothing is in the windows: the three observed indicators fall back
    later = {s.id: s for s in evaluate_indicators(shipment_ws, profile, as_of=date(2026, 1, 1))}
    assert later["oil_beyond_cap"].status == "not observed" and later["oil_beyond_cap"].changed
    assert later["oil_beyond_cap"].trend == "falling"
    assert len(list_alerts(shipment_ws)) == 6


def test_historical_view_does_not_record(shipment_ws, profile):
    _oil(shipment_ws)
    past = {s.id: s for s in evaluate_indicators(shipment_ws, profile, until="2023-12", record=False)}
    assert past["munitions_shipments"].status == "observed"
    assert past["oil_beyond_cap"].status == "not observed"
    assert list_alerts(shipment_ws) == []


def test_bad_indicator_is_a_profile_error(tmp_path, profile):
    raw = yaml.safe_load(open(profile.path, encoding="utf-8"))
    raw["indicators"][0]["rule"]["types"] = ["SHIP"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ProfileError, match="'indicators' section: indicator technology_transfer: "
                                           "rule.types: Value error, unknown event types"):
        load_profile(str(bad))
    raw["indicators"][0]["rule"]["types"] = ["AID"]
    raw["indicators"][0]["rule"]["sources"] = ["XXX"]
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    load_profile.cache_clear()
    with pytest.raises(ProfileError, match=r"indicator technology_transfer: actors \['XXX'\] are not listed"):
        load_profile(str(bad))
