"""Resolve and corroborate: clusters, independent sources, confidence, denials, idempotence."""

from __future__ import annotations

from analysis_builders import ev, write

from axiswatch.analysis.confidence import confidence
from axiswatch.analysis.resolve import needs_resolve, resolve_events


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


def _ids(ws):
    return sorted(r[0] for r in ws.fetchall("SELECT resolved_id FROM resolved_events"))


def test_rerun_gives_the_same_ids_and_skips_when_unchanged(shipment_ws, profile):
    first = resolve_events(shipment_ws, profile)
    ids = _ids(shipment_ws)
    again = resolve_events(shipment_ws, profile)
    assert again.up_to_date and again.resolved == first.resolved
    forced = resolve_events(shipment_ws, profile, force=True)
    assert not forced.up_to_date and _ids(shipment_ws) == ids
    # rewriting the same events adds nothing and leaves nothing to do
    rows = shipment_ws.fetchone("SELECT count(*) FROM resolved_members")
    assert rows == (5,)


def test_new_mention_joins_its_cluster_and_keeps_other_ids(shipment_ws, profile):
    resolve_events(shipment_ws, profile)
    before = _by_type(shipment_ws)
    write(shipment_ws, [ev("AID", "PRK", "RUS", "2023-10-14", commodity="munitions", qty=(1100, "containers"),
                           origin_kind="acled", key="row-1")])
    assert needs_resolve(shipment_ws)
    resolve_events(shipment_ws, profile)
    after = _by_type(shipment_ws)
    ship = after["AID:2023-10-12"]
    assert ship["resolved_id"] == before["AID:2023-10-12"]["resolved_id"]
    assert ship["mentions"] == 4 and ship["independent_sources"] == 3  # the dataset is a third source
    assert ship["origin_kinds"] == ["acled", "text"]
    assert after["AID:2024-03-28"]["resolved_id"] == before["AID:2024-03-28"]["resolved_id"]


def test_dates_and_quantities_decide_clusters(ws, profile):
    write(ws, [
        # day-precise reports 3 days apart chain; a fourth 10 days later is another event
        ev("AID", "RUS", "PRK", "2024-03-07", commodity="fuel", qty=(60000, "barrels"), key="a"),
        ev("AID", "RUS", "PRK", "2024-03-10", commodity="fuel", qty=(100000, "bbl"), key="b"),
        ev("AID", "RUS", "PRK", "2024-03-20", commodity="fuel", key="c"),
        # same days, far larger quantity: a different delivery
        ev("AID", "RUS", "PRK", "2024-03-08", commodity="fuel", qty=(1000000, "barrels"), key="d"),
        # a year-only mention joins the busiest cluster of its year
        ev("AID", "RUS", "PRK", "2024", commodity="fuel", key="e"),
        # undated mentions form their own cluster
        ev("AID", "RUS", "PRK", None, commodity="fuel", key="f"),
        ev("AID", "RUS", "PRK", None, commodity="fuel", key="g"),
        # two dataset rows one day apart stay apart (datasets give exact dates)
        ev("ASSAULT", "RUS", "UKR", "2024-03-01", origin_kind="acled", key="x"),
        ev("ASSAULT", "RUS", "UKR", "2024-03-02", origin_kind="acled", key="y"),
        # a different commodity never merges
        ev("AID", "RUS", "PRK", "2024-03-07", commodity="food", key="h"),
    ])
    summary = resolve_events(ws, profile)
    assert summary.mentions == 10
    rows = ws.records("SELECT event_type, commodity, date, precision, mentions, quantity_low, quantity_high, "
                      "quantity_unit FROM resolved_events ORDER BY event_type, commodity, date NULLS LAST, "
                      "quantity_low NULLS FIRST")
    got = [(r["event_type"], r["commodity"], r["date"], r["precision"], r["mentions"], r["quantity_low"],
            r["quantity_high"]) for r in rows]
    assert got == [
        ("AID", "food", "2024-03-07", "day", 1, None, None),
        ("AID", "fuel", "2024-03-07", "day", 3, 60000, 100000),  # a, b and the year-only e
        ("AID", "fuel", "2024-03-08", "day", 1, 1000000, 1000000),  # d, dated by its own first day
        ("AID", "fuel", "2024-03-20", "day", 1, None, None),
        ("AID", "fuel", None, "none", 2, None, None),
        ("ASSAULT", None, "2024-03-01", "day", 1, None, None),
        ("ASSAULT", None, "2024-03-02", "day", 1, None, None),
    ]
    assert summary.resolved == 7


def test_bad_rows_are_quarantined_and_the_rest_goes_on(ws, profile):
    write(ws, [ev("AID", "PRK", "RUS", "2024-01-05", commodity="troops", key="ok"),
               ev("SHIP", "PRK", "RUS", "2024-01-05", key="bad-type"),
               ev("AID", "PRK", "RUS", "sometime", commodity="troops", key="bad-date")])
    summary = resolve_events(ws, profile)
    assert (summary.mentions, summary.resolved, summary.rejected) == (1, 1, 2)
    reasons = sorted(r[0] for r in ws.fetchall("SELECT reason FROM quarantine WHERE run_id = 'analysis.resolve'"))
    assert reasons == ["field date: cannot read date sometime", "field event_type: unknown PLOVER type SHIP"]
    resolve_events(ws, profile, force=True)
    assert ws.fetchone("SELECT count(*) FROM quarantine")[0] == 2  # re-running does not repeat them


def test_confidence_rule():
    assert confidence("confirmed", "A", 1) == 0.9
    assert confidence("confirmed", "A", 3) == 0.951
    assert confidence("reported", "B", 1) == 0.65
    assert confidence("alleged", "C", 1) == 0.35
    assert confidence("alleged", "C", 3) == 0.6815
    assert confidence("speculative", "E", 1) == 0.05
    assert confidence("confirmed", "A", 50) == 0.99  # capped: never certain


def test_a_steady_stream_of_reports_is_cut_into_windows(ws, profile):
    write(ws, [ev("AID", "PRK", "RUS", f"2024-01-{day:02d}", commodity="munitions", key=f"k{day}")
               for day in range(1, 30, 2)])
    resolve_events(ws, profile)
    rows = ws.fetchall("SELECT date, mentions FROM resolved_events ORDER BY date")
    assert rows == [("2024-01-01", 4), ("2024-01-09", 4), ("2024-01-17", 4), ("2024-01-25", 3)]


def test_undated_denial_counts_from_its_publication_date(ws, profile):
    from analysis_builders import add_document

    add_document(ws, "rep", None, "2023-10-14")
    add_document(ws, "deny-soon", None, "2023-10-20")
    add_document(ws, "deny-late", None, "2024-06-01")
    write(ws, [
        ev("AID", "PRK", "RUS", "2023-10-13", doc="rep", commodity="munitions", text="Shells went north."),
        ev("REJECT", "PRK", "RUS", None, doc="deny-soon", text="Pyongyang called the reports a fabrication."),
        ev("REJECT", "RUS", "PRK", None, doc="deny-late", text="Moscow rejected the claims again."),
    ])
    summary = resolve_events(ws, profile)
    assert summary.contested == 1
    pairs = ws.fetchall("SELECT r.event_type, d.event_type, d.source FROM resolved_contradictions c "
                        "JOIN resolved_events r USING (resolved_id) "
                        "JOIN resolved_events d ON d.resolved_id = c.denial_id")
    assert pairs == [("AID", "REJECT", "PRK")]


def test_dataset_only_events_keep_their_connectors_caution(ws, profile):
    write(ws, [
        ev("CONSULT", "RUS", "PRK", "2019-10-24", origin_kind="gdelt", key="g1", confidence=0.2),
        ev("AID", "PRK", "RUS", "2024-11-02", commodity="troops", origin_kind="gdelt", key="g2", confidence=0.2),
        ev("AID", "PRK", "RUS", "2024-11-02", commodity="troops", origin_kind="acled", key="a2", confidence=0.7),
    ])
    resolve_events(ws, profile)
    got = dict(ws.fetchall("SELECT event_type, confidence FROM resolved_events"))
    assert got["CONSULT"] == confidence("reported", "D", 1, dataset_cap=0.2) == 0.2  # "unlikely"
    # GDELT and ACLED agree: best grade B (0.65), under ACLED's 0.7, and a second source
    assert got["AID"] == confidence("reported", "B", 2, dataset_cap=0.7) == 0.755


def test_list_resolved_traces_back_to_mentions_evidence_and_denials(shipment_ws, profile):
    from axiswatch.analysis.resolve import list_resolved

    resolve_events(shipment_ws, profile)
    rows = list_resolved(shipment_ws, types=["aid"], until="2023")
    assert len(rows) == 1
    ship = rows[0]
    assert ship["quantity"] == {"low": 1000, "high": 1200, "unit": "containers"}
    assert len(ship["members"]) == 3 and ship["independent_sources"] == 2 and ship["estimative"] == "likely"
    denial = list_resolved(shipment_ws, ids=ship["denied_by"])[0]
    assert denial["event_type"] == "REJECT" and denial["denies"] == [ship["id"]]
    assert denial["evidence"][0]["text"] == "Pyongyang denied that it had shipped any arms to Russia."
    # the shipment's evidence: the best-certainty mentions first, each sentence once
    assert [e["document_id"] for e in ship["evidence"]] == ["d1", "d3", "d2"]
    assert list_resolved(shipment_ws, actors=["USA"]) == []


def test_read_only_workspace_reads_but_does_not_resolve(profile, tmp_path):
    import pytest

    from axiswatch.errors import WorkspaceError
    from axiswatch.store import open_workspace

    path = tmp_path / "ro.duckdb"
    with open_workspace(path) as rw:
        write(rw, [ev("AID", "RUS", "PRK", "2024-05-05", commodity="food", key="a")])
        resolve_events(rw, profile)
        write(rw, [ev("AID", "RUS", "PRK", "2024-06-05", commodity="food", key="b")])
    with open_workspace(path, read_only=True) as ro:
        with pytest.raises(WorkspaceError, match="read-only"):
            resolve_events(ro, profile)
    with open_workspace(path) as rw:
        assert resolve_events(rw, profile).resolved == 2
    with open_workspace(path, read_only=True) as ro:
        assert resolve_events(ro, profile).up_to_date


def test_changed_tolerances_rebuild_the_results(shipment_ws, profile):
    from axiswatch.analysis.resolve import ResolveOptions

    resolve_events(shipment_ws, profile)
    assert not needs_resolve(shipment_ws) and not needs_resolve(shipment_ws, profile)
    wide = ResolveOptions(max_span_days=400, day_tolerance=200, quantity_ratio=10)
    assert needs_resolve(shipment_ws, profile, wide)
    out = resolve_events(shipment_ws, profile, wide)
    assert not out.up_to_date
    # with a 200-day tolerance and a tenfold quantity ratio the two shipments (1,000-1,200 and 300
    # containers, five months apart) become one event
    assert shipment_ws.fetchone("SELECT count(*) FROM resolved_events WHERE event_type = 'AID'") == (1,)
