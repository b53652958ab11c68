"""The Workbench: DataFrames that equal what the CLI verbs print, filters, read-only rules, stages, brief."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import axiswatch
from axiswatch.api import EVENT_COLUMNS, LEDGER_COLUMNS, events_frame
from axiswatch.cli import main_group
from axiswatch.errors import UsageError, WorkspaceError


def cli_json(ws: Path, *args: str) -> Any:
    result = CliRunner().invoke(main_group, ["--workspace", str(ws), "--quiet", *args, "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def plain(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """DataFrame records with pandas' NaN (a missing string or number) as None, as JSON has it."""
    return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()} for r in records]


def test_events_frame_equals_cli_json(built_ws):
    cli = cli_json(built_ws, "events")
    df = axiswatch.open(built_ws).events()
    assert len(cli) == len(df) == 10  # nine from the rules, one the pair classifier adds (fx-05)
    assert list(df.columns[: len(EVENT_COLUMNS)]) == list(cli[0].keys())
    assert plain(df[list(EVENT_COLUMNS)].to_dict("records")) == cli


@pytest.mark.parametrize("cli_args, api_kwargs", [
    (["--type", "AID", "--actor", "PRK"], {"types": "AID", "actors": ["PRK"]}),
    (["--type", "SANCTION,CONSULT", "--since", "2024-06"], {"types": ["SANCTION", "CONSULT"], "since": "2024-06"}),
    (["--certainty", "confirmed", "--until", "2024"], {"certainty": "confirmed", "until": "2024"}),
])
def test_event_filters_match_the_cli(built_ws, cli_args, api_kwargs):
    cli = cli_json(built_ws, "events", *cli_args)
    records = axiswatch.open(built_ws).event_records(**api_kwargs)
    assert records == cli
    assert cli  # each filter keeps something


def test_event_filters_select_the_right_rows(built_ws):
    wb = axiswatch.open(built_ws)
    aid = wb.events(types="aid")
    assert set(aid["event_type"]) == {"AID"} and len(aid) == 5
    # (type, source, target, commodity, quantity) of each AID event in the corpus; the pair classifier adds
    # the "arms transfers" a sanction was imposed over (fx-05), with no quantity
    assert sorted(zip(aid.source, aid.target, aid.commodity, aid.quantity_value.fillna(0), strict=True)) == [
        ("PRK", "RUS", "munitions", 10000), ("PRK", "RUS", "other", 0), ("PRK", "RUS", "troops", 1500),
        ("RUS", "PRK", "food", 50000), ("RUS", "PRK", "fuel", 1000000)]
    usa = wb.events(actors="usa")
    assert list(usa["event_type"]) == ["SANCTION", "SANCTION"] and set(usa["target"]) == {"PRK", "RUS"}
    assert wb.events(since="2024-07", until="2024-10")["date"].tolist() == ["2024-07", "2024-10"]
    with pytest.raises(UsageError, match="unknown event type"):
        wb.events(types="GIFT")
    with pytest.raises(UsageError, match="unknown certainty"):
        wb.events(certainty="rumoured")


def test_ledger_frame_equals_cli_json(built_ws):
    cli = cli_json(built_ws, "ledger")
    df = axiswatch.open(built_ws).ledger()
    assert len(cli) == len(df) == 5
    assert plain(df[list(LEDGER_COLUMNS)].to_dict("records")) == cli
    fuel = df[df.commodity == "fuel"].iloc[0]
    assert (fuel.source, fuel.target, fuel.quantity_low, fuel.quantity_unit, fuel.event_count) == \
        ("RUS", "PRK", 1000000, "barrels", 1)
    assert "1 million barrels" in fuel.evidence[0]["text"]


def test_timeline_indicators_network_alerts_frames(built_ws):
    wb = axiswatch.open(built_ws)
    tl = wb.timeline()
    cli_tl = cli_json(built_ws, "timeline")
    assert tl["period"].tolist() == cli_tl["periods"]
    assert tl[["period", "events", "net"]].to_dict("records") == \
        [{k: r[k] for k in ("period", "events", "net")} for r in cli_tl["index"]]
    assert int(tl["events"].sum()) == sum(r["events"] for r in cli_tl["index"]) > 0
    ind = wb.indicators()
    assert ind[["id", "status"]].to_dict("records") == \
        [{"id": s["id"], "status": s["status"]} for s in cli_json(built_ws, "indicators")]
    edges = wb.network()
    net = cli_json(built_ws, "network")
    assert plain(edges.to_dict("records")) == net["edges"]
    assert wb.network_result().to_graph().number_of_nodes() == len(net["nodes"])
    assert list(wb.alerts().columns[:5]) == ["alert_id", "created_at", "kind", "severity", "summary"]


def test_documents_and_counts(built_ws):
    wb = axiswatch.open(built_ws)
    docs = wb.documents()
    assert sorted(docs["document_id"]) == [f"fx-0{i}" for i in range(1, 7)]
    assert docs.iloc[0]["document_id"] == "fx-05"  # newest publication first, as `axiswatch documents`
    assert wb.document("fx-01")["text"].startswith("Russia delivered 1 million barrels")
    assert wb.counts() == {"documents": 6, "events": 10, "resolved": len(wb.resolved_events())}
    dyad = wb.resolved_events(dyad_only=True)
    assert set(zip(dyad.source, dyad.target, strict=True)) <= {("RUS", "PRK"), ("PRK", "RUS")}


def test_read_only_refuses_writes_and_stale_analyses(tmp_path, build_api_workspace):
    path = build_api_workspace(tmp_path / "ws.duckdb", resolve=False)
    ro = axiswatch.open(path)
    assert len(ro.events()) == 10  # reading raw events needs no resolve
    with pytest.raises(WorkspaceError, match="resolve"):
        ro.ledger()
    with pytest.raises(UsageError, match="write=True"):
        ro.ingest(tmp_path)
    rw = axiswatch.open(path, write=True)
    assert len(rw.ledger()) == 5  # a writable workbench resolves first, as the CLI does
    assert len(ro.ledger()) == 5  # ...after which read-only analyses work


def test_open_missing_workspace_read_only(tmp_path):
    with pytest.raises(WorkspaceError, match="does not exist"):
        axiswatch.open(tmp_path / "absent.duckdb")


def test_with_block_keeps_one_connection(built_ws):
    with axiswatch.open(built_ws) as wb:
        first = wb._ws
        assert first is not None
        wb.events()
        wb.ledger()
        assert wb._ws is first
    assert wb._ws is None
    assert len(wb.events()) == 10  # and it still works call by call afterwards


def test_extract_one_text_without_a_workspace():
    text = ("North Korea sent 1,500 special forces troops to Russia in October 2024, "
            "South Korea's National Intelligence Service said on 18 October 2024.")
    events = axiswatch.extract(text, published="2024-10-18")
    aid = [e for e in events if e.event_type == "AID"]
    assert len(aid) == 1
    ev = aid[0]
    assert (ev.source, ev.target, ev.commodity, ev.date, ev.certainty) == ("PRK", "RUS", "troops", "2024-10",
                                                                           "reported")
    assert ev.quantity is not None and ev.quantity.value == 1500
    df = events_frame(events)
    row = df[df.event_type == "AID"].iloc[0]
    assert row.quantity_value == 1500 and row.evidence_text == text[: len(row.evidence_text)]


def test_brief_through_the_api(fx_ws, tmp_path):
    wb = axiswatch.open(fx_ws, write=True)
    brief = wb.brief_data()
    assert brief.counts["documents"] == 6 and brief.counts["events"] == 10
    md = wb.brief("md", out=tmp_path / "b.md").decode("utf-8")
    assert (tmp_path / "b.md").read_text("utf-8") == md
    assert "Bottom line up front" in md
    data = json.loads(wb.brief("json"))
    assert data["counts"] == brief.counts
    with pytest.raises(UsageError):
        wb.brief("docx")
