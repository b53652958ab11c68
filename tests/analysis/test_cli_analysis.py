"""The analysis verbs: thin wrappers that print tables, JSON and CSV of the library results."""

from __future__ import annotations

import csv
import io
import json

import pytest
from analysis_builders import SHIPMENT, add_document, add_publisher, ev, write  # noqa: I001
from click.testing import CliRunner

from axiswatch.cli import main_group
from axiswatch.store import open_workspace

MARKUP = "[bold]1,000 containers[/bold] crossed at Tumangang."


@pytest.fixture
def ws_file(ws_path):
    with open_workspace(ws_path) as ws:
        add_publisher(ws, "pa", "B")
        add_publisher(ws, "pb", "C")
        add_document(ws, "d1", "pa", "2023-10-14")
        add_document(ws, "d2", "pb", "2023-10-15")
        write(ws, [
            ev("AID", "PRK", "RUS", "2023-10-13", doc="d1", commodity="munitions", qty=(1000, "containers"),
               text=MARKUP),
            ev("AID", "PRK", "RUS", "2023-10-12", doc="d2", commodity="munitions", qty=(1200, "containers"),
               text=SHIPMENT),
            ev("SUPPORT", "RUS", "PRK", "2024-03-28", key="veto"),
        ])
    return ws_path


def run(ws_file, *args):
    result = CliRunner(env={"COLUMNS": "250"}).invoke(main_group, ["--workspace", str(ws_file), *args],
                                                      catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_ledger_json_shape_and_auto_resolve(ws_file):
    out = json.loads(run(ws_file, "ledger", "--format", "json").stdout)
    assert [(x["source"], x["commodity"]) for x in out] == [("PRK", "munitions"), ("RUS", "diplomatic_support")]
    line = out[0]
    assert {"source", "target", "commodity", "first_date", "last_date", "quantity", "confidence", "estimative",
            "events", "evidence"} <= set(line)
    assert line["quantity"] == {"low": 1000, "high": 1200, "unit": "containers", "events": 1}
    assert line["confidence"] == 0.755 and line["estimative"] == "likely"
    assert line["evidence"][0] == {"document_id": "d1", "text": MARKUP, "start": 0, "end": len(MARKUP)}
    assert line["evidence"][1]["text"] == SHIPMENT


def test_ledger_table_escapes_markup_and_csv(ws_file):
    table = run(ws_file, "ledger", "--evidence", "2").stdout
    assert "PRK → RUS" in table and "1,000–1,200 containers" in table and "0.76 likely" in table
    assert MARKUP in table  # markup in evidence is shown, not obeyed
    rows = list(csv.DictReader(io.StringIO(run(ws_file, "ledger", "--format", "csv", "--since", "2024").stdout)))
    assert [(r["commodity"], r["estimative"]) for r in rows] == [("diplomatic_support", "likely")]


def test_resolve_timeline_indicators_network(ws_file, tmp_path):
    first = json.loads(run(ws_file, "resolve", "--format", "json").stdout)
    assert (first["mentions"], first["resolved"], first["up_to_date"]) == (3, 2, False)
    again = json.loads(run(ws_file, "resolve", "--format", "json").stdout)
    assert again["up_to_date"] is True and again["resolved"] == 2
    tl = json.loads(run(ws_file, "timeline", "--format", "json").stdout)
    assert {"series", "change_points"} <= set(tl) and tl["periods"][0] == "2023-10-01"
    ind = json.loads(run(ws_file, "indicators", "--format", "json").stdout)
    assert {i["id"]: i["status"] for i in ind}["munitions_shipments"] == "observed"
    assert all({"name", "status", "trend", "last_evidence"} <= set(i) for i in ind)
    gml = tmp_path / "n.graphml"
    net = json.loads(run(ws_file, "network", "--format", "json", "--graphml", str(gml)).stdout)
    assert gml.exists() and {e["source"] for e in net["edges"]} == {"PRK", "RUS"}
    assert "change points: none detected" in run(ws_file, "timeline").stdout


def test_missing_workspace_is_an_error(tmp_path):
    result = CliRunner().invoke(main_group, ["--workspace", str(tmp_path / "none.duckdb"), "ledger"])
    assert result.exit_code != 0
    assert "does not exist" in str(result.exception)


def test_resolve_list_and_show(ws_file):
    rows = json.loads(run(ws_file, "resolve", "--list", "--type", "AID", "--format", "json").stdout)
    assert len(rows) == 1 and rows[0]["mentions"] == 2 and len(rows[0]["members"]) == 2
    shown = json.loads(run(ws_file, "resolve", "--id", rows[0]["id"], "--format", "json").stdout)
    assert [r["id"] for r in shown] == [rows[0]["id"]]
    table = run(ws_file, "resolve", "--list", "--actor", "RUS").stdout
    assert "resolved events" in table and "0.76 likely" in table


def test_bad_date_is_a_usage_error(ws_file, capsys):
    from axiswatch.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--workspace", str(ws_file), "ledger", "--since", "last spring"])
    assert exit_info.value.code == 2
    assert "--since 'last spring': not a date" in capsys.readouterr().err
