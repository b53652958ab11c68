"""AIS track analytics on Spark: port calls, gaps and dark port calls, and shuttles, as in :mod:`maritime.detect`.

The per-position work (geofence join, window functions over each vessel's track,
the draught look-ups) runs as Spark SQL equivalent to the DuckDB queries; the
candidate rows (one per call or gap, few) are collected and finished by the very
functions the local detector uses (``port_calls_from_rows``, ``gaps_from_candidates``,
``detect_shuttles``), so the thresholds come from the same profile and the rules
are one implementation. Encounters and loitering stay local for now.

Input: positions as Parquet (``mmsi, t, lat, lon, sog, cog``, t in UTC) and,
optionally, static reports (``mmsi, t, draught``), e.g. written by :func:`export_ais`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from axiswatch.maritime.detect import (
    DRAUGHT_AFTER_HOURS,
    _json_default,
    detect_shuttles,
    detection_id,
    gaps_from_candidates,
    port_calls_from_rows,
    port_tagging_sql,
)
from axiswatch.maritime.places import MaritimeParams, Place
from axiswatch.scale.extract import _clear
from axiswatch.scale.schema import write_manifest
from axiswatch.store.workspace import Workspace

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import SparkSession

SPARK_KINDS = ("port_call", "gap", "dark_port_call", "shuttle")
DETECTION_DDL = ("detection_id STRING, kind STRING, mmsi BIGINT, other_mmsi BIGINT, place_id STRING, "
                 "other_place STRING, start_t TIMESTAMP_NTZ, end_t TIMESTAMP_NTZ, hours DOUBLE, lat DOUBLE, "
                 "lon DOUBLE, details STRING, evidence STRING, params STRING")


def export_ais(ws: Workspace, folder: Path) -> tuple[Path, Path]:
    """Write the workspace's positions and draught reports as Parquet for a Spark job."""
    folder.mkdir(parents=True, exist_ok=True)
    pos, sta = folder / "positions.parquet", folder / "static.parquet"
    ws.execute(f"COPY (SELECT mmsi, t, lat, lon, sog, cog FROM ais_positions) TO '{_lit(pos)}' (FORMAT parquet)")
    ws.execute(f"COPY (SELECT mmsi, t, draught FROM ais_static) TO '{_lit(sta)}' (FORMAT parquet)")
    return pos, sta


def _lit(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")


def _places_view(spark: SparkSession, places: list[Place]) -> None:
    """The watched places with the same bounding boxes as ``detect.load_places``, as view mt_places."""
    rows = []
    for p in places:
        r = p.radius_km * 1000
        dlat = r / 111_000
        dlon = r / (111_000 * max(0.05, abs(math.cos(math.radians(p.lat)))))
        rows.append((p.id, p.kind, p.country, p.lat, p.lon, r, p.lat - dlat, p.lat + dlat, p.lon - dlon,
                     p.lon + dlon))
    spark.createDataFrame(rows, "place_id STRING, kind STRING, country STRING, lat DOUBLE, lon DOUBLE, "
                                "radius_m DOUBLE, lat_min DOUBLE, lat_max DOUBLE, lon_min DOUBLE, lon_max DOUBLE")\
        .createOrReplaceTempView("mt_places")


def _secs(a: str, b: str) -> str:
    """Seconds from b to a (DuckDB's ``epoch(a - b)``)."""
    return f"((unix_micros(CAST({a} AS TIMESTAMP)) - unix_micros(CAST({b} AS TIMESTAMP))) / 1e6)"


def port_call_rows(spark: SparkSession, params: MaritimeParams) -> list[dict[str, Any]]:
    """The call rows of ``detect_port_calls`` computed by Spark (views ais_positions, ais_static, mt_places)."""
    split_s = params.port_call_split_hours * 3600
    calls = spark.sql(f"""
        WITH tagged AS ({port_tagging_sql()}), marked AS (
            SELECT *, lag(place_id) OVER w AS prev_place, lag(t) OVER w AS prev_t, lead(t) OVER w AS next_t
            FROM tagged WINDOW w AS (PARTITION BY mmsi ORDER BY t)
        ), grouped AS (
            SELECT *, sum(CASE WHEN place_id IS DISTINCT FROM prev_place
                               OR {_secs('t', 'prev_t')} > {split_s} THEN 1 ELSE 0 END)
                      OVER (PARTITION BY mmsi ORDER BY t ROWS UNBOUNDED PRECEDING) AS grp
            FROM marked
        )
        SELECT mmsi, place_id, min(t) AS arrival, max(t) AS departure, count(*) AS n,
               min_by(lat, t) AS a_lat, min_by(lon, t) AS a_lon,
               min_by(sog, CASE WHEN sog IS NOT NULL THEN t END) AS a_sog,
               max_by(lat, t) AS d_lat, max_by(lon, t) AS d_lon,
               max_by(sog, CASE WHEN sog IS NOT NULL THEN t END) AS d_sog,
               min_by(prev_t, t) AS seen_before, max_by(next_t, t) AS seen_after,
               avg(lat) AS lat, avg(lon) AS lon
        FROM grouped WHERE place_id IS NOT NULL
        GROUP BY mmsi, place_id, grp
        HAVING {_secs('max(t)', 'min(t)')} / 3600.0 >= {params.port_call_min_hours}
    """)
    # the calls feed three joins below: computed once
    calls.cache().createOrReplaceTempView("mt_calls")
    # DuckDB's ASOF joins: the last draught report at or before arrival, and before departure + 12 h
    rows = spark.sql(f"""
        WITH drafts AS (SELECT mmsi, t, draught FROM ais_static WHERE draught IS NOT NULL AND t IS NOT NULL),
        b AS (SELECT c.mmsi, c.place_id, c.arrival, max_by(d.draught, d.t) AS draught_before
              FROM mt_calls c JOIN drafts d ON c.mmsi = d.mmsi AND d.t <= c.arrival
              GROUP BY c.mmsi, c.place_id, c.arrival),
        a AS (SELECT c.mmsi, c.place_id, c.arrival, max_by(d.draught, d.t) AS draught_after
              FROM mt_calls c JOIN drafts d ON c.mmsi = d.mmsi
               AND d.t <= c.departure + INTERVAL {DRAUGHT_AFTER_HOURS} HOURS
              GROUP BY c.mmsi, c.place_id, c.arrival)
        SELECT c.*, b.draught_before, a.draught_after
        FROM mt_calls c LEFT JOIN b USING (mmsi, place_id, arrival) LEFT JOIN a USING (mmsi, place_id, arrival)
        ORDER BY c.mmsi, c.arrival
    """).collect()
    calls.unpersist()
    return [r.asDict() for r in rows]


def gap_candidate_rows(spark: SparkSession, min_hours: float) -> list[dict[str, Any]]:
    """``detect.gap_candidates`` computed by Spark."""
    rows = spark.sql(f"""
        SELECT mmsi, p_t AS start_t, t AS end_t, p_lat, p_lon, p_sog, p_cog, lat, lon, sog, cog,
               n12 AS positions_12h_before, {_secs('t', 'p_t')} / 3600.0 AS hours
        FROM (
            SELECT mmsi, t, lat, lon, sog, cog,
                   lag(t) OVER w AS p_t, lag(lat) OVER w AS p_lat, lag(lon) OVER w AS p_lon,
                   lag(sog) OVER w AS p_sog, lag(cog) OVER w AS p_cog, lag(c12) OVER w AS n12
            FROM (
                SELECT *, count(*) OVER (PARTITION BY mmsi ORDER BY t
                    RANGE BETWEEN INTERVAL 12 HOURS PRECEDING AND CURRENT ROW) AS c12
                FROM ais_positions
            ) WINDOW w AS (PARTITION BY mmsi ORDER BY t)
        )
        WHERE p_t IS NOT NULL AND {_secs('t', 'p_t')} >= {min_hours * 3600}
        ORDER BY mmsi, start_t
    """).collect()
    return [r.asDict() for r in rows]


def detect_on_spark(spark: SparkSession, positions: Path, static: Path | None, places: list[Place],
                    params: MaritimeParams) -> list[dict[str, Any]]:
    """Port calls, gaps, dark port calls and shuttles as ``maritime_detections`` rows."""
    spark.read.parquet(str(positions)).createOrReplaceTempView("ais_positions")
    if static is not None and Path(static).exists():
        spark.read.parquet(str(static)).createOrReplaceTempView("ais_static")
    else:
        spark.createDataFrame([], "mmsi BIGINT, t TIMESTAMP_NTZ, draught DOUBLE").createOrReplaceTempView(
            "ais_static")
    _places_view(spark, places)
    found = port_calls_from_rows(port_call_rows(spark, params), params)
    found += gaps_from_candidates(gap_candidate_rows(spark, min(params.gap_hours, params.dark_call_min_hours)),
                                  places, params)
    found += detect_shuttles(found, params)
    p_json = params.model_dump_json(exclude={"sanction_programs", "list_authorities"})
    rows: dict[str, dict[str, Any]] = {}
    for d in found:  # the same row shape as detect.run_detection
        did = detection_id(d)
        rows[did] = {
            "detection_id": did, "kind": d["kind"], "mmsi": d["mmsi"], "other_mmsi": d.get("other_mmsi"),
            "place_id": d.get("place_id"), "other_place": d.get("other_place"), "start_t": d.get("start_t"),
            "end_t": d.get("end_t"), "hours": d.get("hours"), "lat": d.get("lat"), "lon": d.get("lon"),
            "details": json.dumps(d.get("details", {}), default=_json_default),
            "evidence": json.dumps(d.get("evidence", []), default=_json_default), "params": p_json,
        }
    return list(rows.values())


def ais_to_parquet(spark: SparkSession, positions: Path, out: Path, places: list[Place], params: MaritimeParams,
                   *, static: Path | None = None) -> dict[str, Any]:
    """Run the Spark detections and write ``out/detections`` Parquet and the manifest; returns counts."""
    rows = detect_on_spark(spark, positions, static, places, params)
    _clear(out)
    cols = [c.split(" ")[0] for c in DETECTION_DDL.split(", ")]
    spark.createDataFrame([tuple(r[c] for c in cols) for r in rows], DETECTION_DDL).coalesce(1)\
        .write.parquet(str(out / "detections"))
    counts = {k: sum(1 for r in rows if r["kind"] == k) for k in SPARK_KINDS}
    summary = {"detections": len(rows), "by_kind": counts, "kinds_not_on_spark": ["encounter", "loitering"],
               "failed": 0}
    write_manifest(out, "detections", input=str(positions), engine="spark", master=spark.sparkContext.master,
                   kinds=list(SPARK_KINDS), summary=summary)
    return summary
