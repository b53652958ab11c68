"""Resolve and the analyses on real GDELT rows and UN votes from the shared data (skipped when absent)."""

from __future__ import annotations

import pytest

from axiswatch.analysis.network import build_network
from axiswatch.analysis.resolve import resolve_events
from axiswatch.analysis.timeline import build_timeline


@pytest.fixture
def real_ws(ws, shared_data):
    gdelt = pytest.importorskip("axiswatch.sources.gdelt")
    unvotes = pytest.importorskip("axiswatch.sources.unvotes")
    gdelt.ingest(ws, shared_data / "gdelt" / "gdelt2_events_20191024143000.export.CSV", run_id="t")
    unvotes.ingest(ws, shared_data / "unvotes" / "un_roll_calls.csv", run_id="t")
    unvotes.ingest(ws, shared_data / "unvotes" / "un_votes_RU_KP_all_sessions.csv", run_id="t")
    return ws


def test_real_rows_resolve_consistently(real_ws, profile):
    first = resolve_events(real_ws, profile)
    mentions = real_ws.fetchone("SELECT count(*) FROM events WHERE NOT superseded")[0]
    assert first.mentions + first.rejected == mentions and 0 < first.resolved <= first.mentions
    # every mention in exactly one resolved event, and the counts add up
    assert real_ws.fetchone("SELECT count(DISTINCT event_id) = count(*) FROM resolved_members")[0]
    assert real_ws.fetchone("SELECT sum(mentions) FROM resolved_events")[0] == first.mentions
    # one GDELT file is one source: nothing is corroborated by itself
    assert first.corroborated == 0
    ids = sorted(r[0] for r in real_ws.fetchall("SELECT resolved_id FROM resolved_events"))
    resolve_events(real_ws, profile, force=True)
    assert sorted(r[0] for r in real_ws.fetchall("SELECT resolved_id FROM resolved_events")) == ids


def test_network_and_alignment_on_real_data(real_ws, profile):
    net = build_network(real_ws, profile, scope="all")
    assert sum(e["events"] for e in net.edges) == real_ws.fetchone("SELECT count(*) FROM resolved_events")[0]
    years = {y["year"]: y for y in net.alignment["years"]}
    assert years and all(0 <= y["agreement"] <= 1 for y in years.values() if y["agreement"] is not None)
    assert build_timeline(real_ws, profile).to_dict()["freq"] == "month"
