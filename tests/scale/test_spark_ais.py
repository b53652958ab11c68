"""AIS detections on Spark (port calls, gaps, dark port calls, shuttles) equal the DuckDB detector's rows."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from axiswatch.cli import main_group
from axiswatch.maritime.detect import run_detection
from axiswatch.maritime.places import maritime_params, watched_places
from axiswatch.profiles import load_profile
from axiswatch.scale.ais import SPARK_KINDS
from axiswatch.scale.importer import import_parquet
from axiswatch.store import open_workspace

pytestmark = pytest.mark.spark

T0 = datetime(2024, 3, 1)
RAJIN = (42.25, 130.30)
VOSTOCHNY = (42.7297, 133.0839)
OPEN_SEA = (40.5, 134.5)


def _bearing(a: tuple[float, float], b: tuple[float, float]) -> float:
    dl = math.radians(b[1] - a[1])
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    y = math.sin(dl) * math.cos(p2)
    return (math.degrees(math.atan2(y, math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)))
            + 360) % 360


def _leg(mmsi: int, t: datetime, a: tuple[float, float], b: tuple[float, float], hours: int, sog: float) -> list:
    """Hourly fixes sailing from a to b (b itself not included)."""
    cog = _bearing(a, b)
    return [(mmsi, t + timedelta(hours=h), a[0] + (b[0] - a[0]) * h / hours, a[1] + (b[1] - a[1]) * h / hours,
             sog, cog) for h in range(hours)]


def _stay(mmsi: int, t: datetime, at: tuple[float, float], hours: int) -> list:
    return [(mmsi, t + timedelta(hours=h), at[0] + 0.001 * (h % 3), at[1] + 0.001 * (h % 2), 0.2, None)
            for h in range(hours)]


def _tracks() -> tuple[list, list]:
    pos: list = []
    static: list = []
    # a tanker: arrives at Vostochny light, stays 30 h, leaves deep (a loaded port call)
    t = T0
    pos += _leg(445555550, t, (42.3, 133.6), VOSTOCHNY, 5, 9.0)
    pos += _stay(445555550, t + timedelta(hours=5), VOSTOCHNY, 30)
    pos += _leg(445555550, t + timedelta(hours=35), VOSTOCHNY, (42.2, 133.9), 6, 9.0)
    static += [(445555550, t, 4.0), (445555550, t + timedelta(hours=36), 8.5)]
    # a freighter shuttling Rajin <-> Vostochny four times in view (three voyages, a shuttle)
    t = T0
    for i in range(4):
        here, there = (RAJIN, VOSTOCHNY) if i % 2 == 0 else (VOSTOCHNY, RAJIN)
        pos += _stay(273111110, t, here, 12)
        pos += _leg(273111110, t + timedelta(hours=12), here, there, 12, 10.0)
        t += timedelta(hours=24)
    pos += _stay(273111110, t, RAJIN, 3)
    # a ship leaving Rajin east that goes dark for 21 h and reappears leaving Vladivostok (a dark call)
    t = T0 + timedelta(days=5)
    pos += _stay(445777770, t, RAJIN, 4)
    pos += _leg(445777770, t + timedelta(hours=4), RAJIN, (42.4, 130.9), 3, 8.0)
    pos += _leg(445777770, t + timedelta(hours=27), (43.0, 131.95), (42.8, 132.2), 4, 8.0)
    # a ship silent for 15 h in the open sea (a gap)
    t = T0 + timedelta(days=2)
    pos += _leg(273888880, t, OPEN_SEA, (40.9, 135.2), 10, 11.0)
    pos += _leg(273888880, t + timedelta(hours=25), (41.5, 136.0), (41.9, 136.6), 6, 11.0)
    return pos, static


def _workspace(path: Path):
    ws = open_workspace(path)
    pos, static = _tracks()
    ws.con.executemany("INSERT INTO ais_positions (mmsi, t, lat, lon, sog, cog) VALUES (?, ?, ?, ?, ?, ?)", pos)
    ws.con.executemany("INSERT INTO ais_static (mmsi, t, draught) VALUES (?, ?, ?)", static)
    return ws


def _rows(ws) -> list[tuple]:
    out = []
    for r in ws.records("SELECT * FROM maritime_detections WHERE list_contains(?, kind) ORDER BY detection_id",
                        [list(SPARK_KINDS)]):
        for k in ("details", "evidence", "params"):
            r[k] = json.loads(r[k])
        out.append(r)
    return out


def test_spark_ais_matches_duckdb(spark, tmp_path: Path) -> None:
    profile = load_profile()
    places, params = watched_places(profile), maritime_params(profile)
    with _workspace(tmp_path / "local.duckdb") as local:
        counts = run_detection(local, places, params)
        expected = _rows(local)
    assert counts["port_call"] >= 5 and counts["shuttle"] == 1 and counts["gap"] >= 1
    assert counts["dark_port_call"] >= 1

    # the verb reads the workspace's positions (exported to Parquet) and runs on the test's session
    out = tmp_path / "spark-ais"
    r = CliRunner().invoke(main_group, ["--workspace", str(tmp_path / "local.duckdb"), "spark", "ais",
                                        "--output", str(out), "--master", "local[2]", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["by_kind"] == {k: counts[k] for k in SPARK_KINDS}

    with open_workspace(tmp_path / "imported.duckdb") as ws:
        imported = import_parquet(ws, out, profile=profile)
        assert imported.added == len(expected)
        got = _rows(ws)
        assert got == expected
        loaded = [r for r in got if r["kind"] == "port_call" and r["mmsi"] == 445555550]
        assert loaded[0]["place_id"] == "vostochny" and loaded[0]["details"]["load"] == "loaded"
        assert import_parquet(ws, out, profile=profile).added == 0
        # the imported port calls became events, as after a local detection run
        assert ws.fetchone("SELECT count(*) FROM events WHERE origin_kind = 'ais'")[0] >= 1

