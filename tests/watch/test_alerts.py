"""Watch alerts: baseline, new flows, large quantities, sanctions, spikes, change points; each change once."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from axiswatch.analysis.resolve import ensure_resolved
from axiswatch.errors import ProfileError
from axiswatch.profiles import Profile, load_profile
from axiswatch.records import Event, Evidence, Quantity
from axiswatch.store.events import write_events
from axiswatch.store.workspace import Workspace
from axiswatch.watch.alerts import WatchAlertsSpec, evaluate_watch_alerts, watch_spec, with_links

PROFILE = load_profile("russia_dprk")


def _doc(ws: Workspace, doc_id: str, published: str, text: str) -> None:
    ws.execute("INSERT INTO documents (document_id, content_hash, text, published, kind, url) "
               "VALUES (?, ?, ?, ?, 'text', ?)", [doc_id, "h-" + doc_id, text, published,
                                                  f"https://news.example.org/{doc_id}"])


def _event(ws: Workspace, doc_id: str, etype: str, source: str, target: str, day: str, text: str,
           commodity: str | None = None, qty: tuple[float, str] | None = None) -> None:
    _doc(ws, doc_id, day, text)
    with ws.transaction():
        write_events(ws, [Event(event_type=etype, source=source, target=target, date=day, document_id=doc_id,
                                commodity=commodity, quantity=Quantity(*qty) if qty else None,
                                evidence=[Evidence(text, 0, len(text), doc_id)])])


def _evaluate(ws: Workspace, spec: WatchAlertsSpec | None = None, profile: Profile = PROFILE) -> Any:
    ensure_resolved(ws, profile)
    return evaluate_watch_alerts(ws, profile, spec)


def _base(ws: Workspace) -> None:
    _event(ws, "d1", "AID", "PRK", "RUS", "2024-10-10", "North Korea shipped artillery shells to Russia.",
           "munitions")
    _event(ws, "d2", "CONSULT", "RUS", "PRK", "2024-11-02", "Lavrov met Kim in Pyongyang.")


def test_first_evaluation_is_the_baseline(ws: Workspace) -> None:
    _base(ws)
    run = _evaluate(ws)
    assert run.baseline is True
    assert run.raised == []
    assert run.seen == 1  # the munitions flow PRK->RUS
    assert ws.fetchone("SELECT count(*) FROM alerts")[0] == 0


def test_new_flow_large_quantity_and_sanctions_alert_once(ws: Workspace) -> None:
    _base(ws)
    _evaluate(ws)
    oil = "Russia delivered 1 million barrels of oil to North Korea in March 2025."
    _event(ws, "d3", "AID", "RUS", "PRK", "2025-03-15", oil, "fuel", (1_000_000, "barrels"))
    _event(ws, "d4", "SANCTION", "USA", "PRK", "2025-03-20", "Washington sanctioned two North Korean firms.")
    run = _evaluate(ws)
    got = {(a.kind, a.severity, a.summary) for a in run.raised}
    assert got == {
        ("new_flow", "high", "New flow in the ledger: fuel RUS -> PRK (1 event(s), 1,000,000 barrels, "
                             "likely)"),
        ("large_quantity", "high", "Large quantity: 1,000,000 barrels of fuel RUS -> PRK (2025-03-15, "
                                   "likely)"),
        ("sanctions", "medium", "Sanctions: USA against PRK (2025-03-20, likely)"),
    }
    qty = next(a for a in run.raised if a.kind == "large_quantity")
    assert qty.evidence["evidence"][0]["text"] == oil
    assert qty.evidence["documents"][0]["url"] == "https://news.example.org/d3"
    stored = ws.records("SELECT alert_id, kind FROM alerts ORDER BY kind")
    assert [r["kind"] for r in stored] == ["large_quantity", "new_flow", "sanctions"]
    # the same data again: nothing new, three duplicates suppressed
    again = evaluate_watch_alerts(ws, PROFILE)
    assert (again.raised, again.suppressed) == ([], 4)
    assert ws.fetchone("SELECT count(*) FROM alerts")[0] == 3


def test_alert_ids_come_from_content(ws: Workspace, tmp_path: Any) -> None:
    """Two workspaces fed the same changes raise alerts with the same ids."""
    from axiswatch.store.workspace import open_workspace

    ids = []
    for name in ("a", "b"):
        with open_workspace(tmp_path / f"{name}.duckdb") as w:
            _base(w)
            _evaluate(w)
            _event(w, "d3", "AID", "RUS", "PRK", "2025-03-15", "Oil went north.", "fuel", (5, "barrels"))
            ids.append(sorted(a.alert_id for a in _evaluate(w).raised))
    assert ids[0] == ids[1] and len(ids[0]) == 1


def test_no_baseline_alerts_at_once(ws: Workspace) -> None:
    _base(ws)
    run = _evaluate(ws, WatchAlertsSpec(baseline=False))
    assert [a.kind for a in run.raised] == ["new_flow"]


def test_spike_against_recent_baseline(ws: Workspace) -> None:
    monday = date(2025, 1, 6)
    n = 0
    for week in range(8):  # one event a week for eight weeks ...
        n += 1
        day = monday + timedelta(weeks=week)
        _event(ws, f"w{n}", "CONSULT", "RUS", "PRK", day.isoformat(), f"Officials met in week {week}.")
    spike_week = monday + timedelta(weeks=8)
    spec = WatchAlertsSpec(baseline=False)
    spec.change_point.enabled = False
    spec.new_flow.enabled = False
    assert _evaluate(ws, spec).raised == []
    for i in range(6):  # ... then six different meetings in one week
        n += 1
        _event(ws, f"w{n}", ["CONSULT", "AGREE", "COOPERATE", "SUPPORT", "REQUEST", "CONCEDE"][i], "PRK", "RUS",
               (spike_week + timedelta(days=i)).isoformat(), f"Delegation {i} went to Moscow.")
    run = _evaluate(ws, spec)
    spikes = [a for a in run.raised if a.kind == "spike"]
    assert len(spikes) == 1
    assert spikes[0].summary == ("Spike: 6 RUS–PRK events in the week of 2025-03-03 "
                                 "(baseline 1.0 ± 0.0 over 8 weeks)")
    assert spikes[0].evidence["counts"]["threshold"] == 4.0
    assert _evaluate(ws, spec).raised == []  # the same week does not alert twice


def _designate(ws: Workspace, entry: str, name: str, country: str, lst: str = "ofac_sdn") -> None:
    ws.execute("INSERT INTO sanction_entries (entry_id, list, list_entry_id, schema, name, country, origin) "
               "VALUES (?, ?, ?, 'organization', ?, ?, 'sdn.xml')", [entry, lst, entry, name, country])


def test_designations_of_watched_actors_grouped_per_list(ws: Workspace) -> None:
    _base(ws)
    _designate(ws, "e1", "Korea Sobaeksu Trading", "PRK")
    _evaluate(ws)  # baseline
    _designate(ws, "e2", "Mokran Shipping", "PRK")
    _designate(ws, "e3", "Volga Freight LLC", "RUS")
    _designate(ws, "e4", "Somewhere Else Ltd", "IRN")
    _designate(ws, "e5", "Chollima Steel", "PRK", lst="un_sc")
    run = _evaluate(ws)
    summaries = sorted(a.summary for a in run.raised)
    assert summaries == [
        "Sanctions list ofac_sdn: 2 new designation(s) of PRK/RUS (Mokran Shipping, Volga Freight LLC)",
        "Sanctions list un_sc: 1 new designation(s) of PRK (Chollima Steel)",
    ]
    assert evaluate_watch_alerts(ws, PROFILE).raised == []


def test_with_links_adds_documents_to_indicator_alerts(ws: Workspace) -> None:
    _doc(ws, "d9", "2025-01-01", "text")
    alerts = [{"evidence": {"last_evidence": {"evidence": [{"document_id": "d9", "text": "t"}]}}}]
    assert with_links(ws, alerts)[0]["evidence"]["documents"][0]["url"] == "https://news.example.org/d9"


def test_bad_watch_section_names_the_field(tmp_path: Any) -> None:
    raw = PROFILE.model_dump()
    raw["alerts"] = {**raw["alerts"], "watch": {"spike": {"severity": "urgent"}}}
    bad = Profile.model_validate(raw)
    with pytest.raises(ProfileError, match="spike.severity"):
        watch_spec(bad)
