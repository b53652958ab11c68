"""The maritime, sanctions and bench ais verbs, run in-process."""

from __future__ import annotations

import json

from click.testing import CliRunner

from axiswatch.cli import main_group


def _run(ws_path, *args):
    return CliRunner().invoke(main_group, ["--workspace", str(ws_path), "--quiet", *args], catch_exceptions=False)


def test_ingest_then_list(ws_path, fixtures):
    m = fixtures / "maritime"
    res = _run(ws_path, "ingest", "--kind", "ais", str(m / "tanker_2024.csv"), str(m / "encounter_legacy.csv"))
    assert res.exit_code == 0, res.output
    res = _run(ws_path, "ingest", "--kind", "sanctions", str(m / "sanctions" / "sdn_small.csv"))
    assert res.exit_code == 1  # one malformed row, the rest loaded
    calls = json.loads(_run(ws_path, "maritime", "portcalls", "--format", "json").stdout)
    assert [(c["mmsi"], c["place_id"], c["load"]) for c in calls] == [(445555550, "vostochny", "loaded")]
    assert calls[0]["sanctioned"] == ["RYONG MA 7 (ofac_sdn, imo)"]
    enc = json.loads(_run(ws_path, "maritime", "encounters", "--format", "json").stdout)
    assert [e["kind"] for e in enc].count("encounter") == 1
    vessels = json.loads(_run(ws_path, "maritime", "vessels", "--format", "json").stdout)
    assert {v["mmsi"] for v in vessels} == {445555550, 445222220, 273444440}
    assert json.loads(_run(ws_path, "maritime", "shuttles", "--format", "json").stdout) == []
    gaps = _run(ws_path, "maritime", "gaps", "--format", "csv").stdout.splitlines()
    assert gaps[0].startswith("kind,mmsi,name")
    matches = json.loads(_run(ws_path, "sanctions", "screen", "--format", "json").stdout)
    assert [(m["subject_id"], m["method"]) for m in matches] == [("445555550", "imo")]
    entry = matches[0]["entry_id"]
    out = _run(ws_path, "sanctions", "suppress", entry, "--reason", "test")
    assert json.loads(out.stdout)["name"] == "RYONG MA 7"
    assert json.loads(_run(ws_path, "sanctions", "screen", "--format", "json").stdout) == []
    assert len(json.loads(_run(ws_path, "sanctions", "screen", "--all", "--format", "json").stdout)) == 1
    geo = json.loads(_run(ws_path, "maritime", "map").stdout)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) > 8


def test_suppress_unknown_entry_is_an_error(ws_path):
    res = CliRunner().invoke(main_group, ["--workspace", str(ws_path), "sanctions", "suppress", "sanc-none"])
    assert res.exit_code != 0


def test_bench_ais_small(ws_path):
    res = _run(ws_path, "bench", "ais", "--positions", "20000", "--format", "json")
    fig = json.loads(res.stdout)
    assert fig["positions"] == 20000 and fig["vessels"] == 4
    assert fig["port_calls"] > 0 and fig["gaps"] > 0
    assert fig["port_call_positions_per_s"] > 0 and fig["peak_memory_mb"] > 0
