"""The example notebook runs offline on a fresh demo workspace and reproduces the brief's key numbers."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import axiswatch
from axiswatch.cli import main_group

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "axiswatch_demo.ipynb"


def _stream(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_notebook_runs_and_reproduces_the_brief(tmp_path, monkeypatch):
    demo = tmp_path / "demo"
    result = CliRunner().invoke(main_group, ["--quiet", "demo", "--out", str(demo), "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    workspace = demo / "axiswatch.duckdb"
    monkeypatch.setenv("AXISWATCH_DEMO_WORKSPACE", str(workspace))

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook unrun"
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on any failing cell, the notebook's own asserts included
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors

    key_cell = next(c for c in nb.cells if "key_numbers = {" in c.source)
    key = json.loads(_stream(key_cell))
    brief = axiswatch.open(workspace).brief_data()  # resolved by the notebook; read-only here
    assert key["counts"] == {k: brief.counts[k] for k in ("documents", "events", "resolved", "dyad_events")}
    assert key["counts"]["documents"] > 100 and key["counts"]["dyad_events"] > 50
    assert key["flows"] == sum(len(f.rows) for f in brief.flows)
    assert key["judgements"] == len(brief.judgements)
    assert set(key["flows_to"]) == set(brief.dyad)

    charts = list(demo.glob("cooperation_by_year.*"))
    assert len(charts) == 1
    chart = charts[0]
    if chart.suffix == ".html":
        html = chart.read_text("utf-8")
        assert "plotly" in html and "cooperation" in html
        assert '<script src="http' not in html  # self-contained: opens offline
    else:
        assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    assert pq.read_table(demo / "ledger.parquet").num_rows == key["flows"]
    graph = nx.read_graphml(demo / "network.graphml")
    assert graph.has_edge("PRK", "RUS")
    records = [json.loads(x) for x in (demo / "events.polecat.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == key["counts"]["events"]
    assert all({"id", "date", "actor", "event"} <= set(r) for r in records)
    assert sum(1 for _ in (demo / "entities.ftm.jsonl").open(encoding="utf-8")) > key["counts"]["resolved"]
