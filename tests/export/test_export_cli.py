"""``axiswatch export``: each verb writes a file the standard readers load and prints a JSON summary."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import axiswatch
from axiswatch.cli import main_group
from axiswatch.errors import UsageError


def export(ws, *args):
    result = CliRunner().invoke(main_group, ["--workspace", str(ws), "--quiet", "export", *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_events_as_polecat_jsonl(fx_ws, tmp_path):
    out = tmp_path / "events.jsonl"
    summary = export(fx_ws, "events", "--out", str(out))
    recs = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert summary == {"path": str(out), "format": "plover", "written": 10, "skipped": 0, "reasons": {}}
    assert len(recs) == 10
    for r in recs:
        assert {"id", "date", "actor", "event"} <= set(r)
        assert len(r["date"]) == 10 and r["event"][0] in {"AID", "CONSULT", "AGREE", "SANCTION"}
    # the treaty signing names no date of its own: it takes the day of the visit the sentence before dated
    # (the publication-date fallback is tested in test_export_plover.py)
    agree = [r for r in recs if r["event"] == ["AGREE"]]
    assert {r["date"] for r in agree} == {"2024-06-19"}
    assert all(r["axiswatch"]["date_from"] == "event" and r["axiswatch"]["date"] == "2024-06-19" for r in agree)
    fuel = next(r for r in recs if r["axiswatch"]["commodity"] == "fuel")
    assert fuel["cite_info"]["url"] == "https://example.org/wire/fx-01" and fuel["quad_code"] == 2


def test_events_filtered_as_cameo_csv(fx_ws, tmp_path):
    out = tmp_path / "cameo.csv"
    summary = export(fx_ws, "events", "--format", "cameo", "--type", "AID,SANCTION", "--out", str(out))
    df = pd.read_csv(out, dtype={"event_code": str, "event_root_code": str, "event_base_code": str})
    assert summary["written"] == len(df) == 7
    codes = dict(zip(df.commodity.fillna("-") + " " + df.actor1_code + ">" + df.actor2_code, df.event_code,
                     strict=True))
    assert codes == {"munitions PRK>RUS": "072", "troops PRK>RUS": "072", "fuel RUS>PRK": "071",
                     "food RUS>PRK": "073", "- USA>PRK": "163", "- USA>RUS": "163",
                     "other PRK>RUS": "072"}


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json", "jsonl"])
def test_events_as_tables(fx_ws, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    export(fx_ws, "events", "--format", fmt, "--out", str(out))
    reader = {"csv": pd.read_csv, "parquet": pd.read_parquet, "json": pd.read_json,
              "jsonl": lambda p: pd.read_json(p, lines=True)}[fmt]
    df = reader(out)
    assert len(df) == 10
    assert sorted(df["event_type"]) == sorted(axiswatch.open(fx_ws).events()["event_type"])


def test_ledger_parquet_equals_the_api(fx_ws, tmp_path):
    out = tmp_path / "ledger.parquet"
    summary = export(fx_ws, "ledger", "--out", str(out))
    table = pq.read_table(out)
    assert summary == {"path": str(out), "table": "ledger", "format": "parquet", "rows": 5}
    df = table.to_pandas()
    api = axiswatch.open(fx_ws).ledger()
    assert df[["source", "target", "commodity", "confidence"]].values.tolist() == \
        api[["source", "target", "commodity", "confidence"]].values.tolist()
    assert json.loads(df["evidence"][0]) == api["evidence"][0]


@pytest.mark.parametrize("verb, suffix", [("timeline", "csv"), ("documents", "json"), ("edges", "csv"),
                                          ("resolved", "parquet"), ("indicators", "jsonl")])
def test_tables(fx_ws, tmp_path, verb, suffix):
    out = tmp_path / f"{verb}.{suffix}"
    summary = export(fx_ws, verb, "--out", str(out))
    df = {"csv": pd.read_csv, "parquet": pd.read_parquet, "json": pd.read_json,
          "jsonl": lambda p: pd.read_json(p, lines=True)}[suffix](out)
    assert summary["rows"] == len(df) > 0


def test_indicators_export_raises_no_alerts(fx_ws, tmp_path):
    export(fx_ws, "indicators", "--out", str(tmp_path / "i.csv"))
    assert axiswatch.open(fx_ws).alerts().empty


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_loads_in_networkx(fx_ws, tmp_path, fmt):
    out = tmp_path / f"net.{fmt}"
    summary = export(fx_ws, "network", "--out", str(out))
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    net = axiswatch.open(fx_ws).network_result()
    assert summary == {"path": str(out), "format": fmt, "nodes": len(net.nodes), "edges": len(net.edges)}
    assert g.number_of_nodes() == len(net.nodes) and g.number_of_edges() == len(net.edges)
    assert g.has_edge("RUS", "PRK") and g.has_edge("PRK", "RUS")


def test_bad_suffix_is_a_usage_error(fx_ws, tmp_path):
    result = CliRunner().invoke(main_group, ["--workspace", str(fx_ws), "export", "ledger", "--out",
                                             str(tmp_path / "l.xlsx")])
    assert isinstance(result.exception, UsageError) and "unknown table format" in str(result.exception)
    assert not (tmp_path / "l.xlsx").exists()


def test_an_empty_workspace_exports_empty_files_with_their_columns(tmp_path):
    ws = tmp_path / "empty.duckdb"
    axiswatch.open(ws, write=True).counts()  # creates and migrates it
    assert export(ws, "events", "--out", str(tmp_path / "e.jsonl"))["written"] == 0
    assert (tmp_path / "e.jsonl").read_text("utf-8") == ""
    assert export(ws, "ledger", "--out", str(tmp_path / "l.parquet"))["rows"] == 0
    assert pq.read_schema(tmp_path / "l.parquet").names[:3] == ["source", "target", "commodity"]
    assert export(ws, "network", "--out", str(tmp_path / "n.gexf"))["nodes"] == 0
    assert export(ws, "ftm", "--out", str(tmp_path / "f.jsonl"))["entities"] == 0
