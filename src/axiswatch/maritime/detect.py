"""Track analytics: port calls, AIS gaps and dark port calls, encounters, loitering and shuttles.

The heavy lifting runs in DuckDB window functions over ``ais_positions`` (one
pass each, no Python per position), so detection scales to tens of millions of
positions; Python only sees the candidate rows (calls, gaps, meetings). Every
detection keeps the positions it rests on (``evidence``) and the thresholds
used (``params``); ids come from content, so re-running adds nothing.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa

from axiswatch.ids import make_id
from axiswatch.maritime.places import (
    NM,
    MaritimeParams,
    Place,
    angle_diff,
    bearing_deg,
    haversine_m,
    haversine_sql,
)
from axiswatch.store.workspace import Workspace

DETECTION_KINDS = ("port_call", "gap", "dark_port_call", "encounter", "loitering", "shuttle")
# How long after departure a new draught report still describes the departure load.
DRAUGHT_AFTER_HOURS = 12
# Encounter bins may miss this many bins (sparse satellite AIS) and stay one meeting.
ENCOUNTER_BIN_GAP_MAX = 3
# Typical transit speed used to estimate the dwell hidden inside a dark port call.
TRANSIT_KN = 10.0


def _fix(t: Any, lat: Any, lon: Any, sog: Any = None, cog: Any = None) -> dict[str, Any]:
    return {"t": t.isoformat() if isinstance(t, datetime) else t, "lat": lat, "lon": lon,
            "sog": sog, "cog": cog}


def load_places(ws: Workspace, places: list[Place]) -> None:
    """Put the watched places in a temp table with bounding boxes for the range join."""
    ws.con.execute("""CREATE OR REPLACE TEMP TABLE mt_places (place_id VARCHAR, kind VARCHAR, country VARCHAR,
        lat DOUBLE, lon DOUBLE, radius_m DOUBLE, lat_min DOUBLE, lat_max DOUBLE, lon_min DOUBLE, lon_max DOUBLE)""")
    rows = []
    for p in places:
        r = p.radius_km * 1000
        dlat = r / 111_000
        dlon = r / (111_000 * max(0.05, abs(math.cos(math.radians(p.lat)))))
        rows.append([p.id, p.kind, p.country, p.lat, p.lon, r, p.lat - dlat, p.lat + dlat, p.lon - dlon,
                     p.lon + dlon])
    if rows:
        ws.con.executemany("INSERT INTO mt_places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def port_tagging_sql() -> str:
    """Each position with the watched port whose geofence it is in (NULL at sea): shared by DuckDB and Spark."""
    dist = haversine_sql("p.lat", "p.lon", "w.lat", "w.lon")
    return f"""
            SELECT p.mmsi, p.t, p.lat, p.lon, p.sog, w.place_id
            FROM ais_positions p LEFT JOIN mt_places w
              ON w.kind <> 'crossing' AND p.lat BETWEEN w.lat_min AND w.lat_max
             AND p.lon BETWEEN w.lon_min AND w.lon_max AND {dist} <= w.radius_m"""


def detect_port_calls(ws: Workspace, places: list[Place], params: MaritimeParams) -> list[dict[str, Any]]:
    """Stays inside a watched port's geofence, with dwell and draught before and after."""
    load_places(ws, places)
    split_s = params.port_call_split_hours * 3600
    rows = ws.records(f"""
        WITH tagged AS ({port_tagging_sql()}), marked AS (
            SELECT *, lag(place_id) OVER w AS prev_place, lag(t) OVER w AS prev_t,
                   lead(t) OVER w AS next_t
            FROM tagged WINDOW w AS (PARTITION BY mmsi ORDER BY t)
        ), grouped AS (
            SELECT *, sum(CASE WHEN place_id IS DISTINCT FROM prev_place
                               OR epoch(t - prev_t) > {split_s} THEN 1 ELSE 0 END)
                      OVER (PARTITION BY mmsi ORDER BY t ROWS UNBOUNDED PRECEDING) AS grp
            FROM marked
        ), calls AS (
            SELECT mmsi, place_id, min(t) AS arrival, max(t) AS departure, count(*) AS n,
                   arg_min(lat, t) AS a_lat, arg_min(lon, t) AS a_lon, arg_min(sog, t) AS a_sog,
                   arg_max(lat, t) AS d_lat, arg_max(lon, t) AS d_lon, arg_max(sog, t) AS d_sog,
                   arg_min_null(prev_t, t) AS seen_before, arg_max_null(next_t, t) AS seen_after,
                   avg(lat) AS lat, avg(lon) AS lon
            FROM grouped WHERE place_id IS NOT NULL
            GROUP BY mmsi, place_id, grp
            HAVING epoch(max(t) - min(t)) / 3600.0 >= {params.port_call_min_hours}
        ), drafts AS (
            SELECT mmsi, t, draught FROM ais_static WHERE draught IS NOT NULL AND t IS NOT NULL
        )
        SELECT c.*, b.draught AS draught_before, a.draught AS draught_after
        FROM calls c
        ASOF LEFT JOIN drafts b ON c.mmsi = b.mmsi AND c.arrival >= b.t
        ASOF LEFT JOIN drafts a ON c.mmsi = a.mmsi
            AND c.departure + INTERVAL {DRAUGHT_AFTER_HOURS} HOURS >= a.t
        ORDER BY c.mmsi, c.arrival
    """)
    return port_calls_from_rows(rows, params)


def port_calls_from_rows(rows: list[dict[str, Any]], params: MaritimeParams) -> list[dict[str, Any]]:
    """Port-call detections from the call rows of the SQL above (shared with the Spark engine)."""
    out = []
    for r in rows:
        before, after = r["draught_before"], r["draught_after"]
        if before is None or after is None:
            load = "unknown"
        elif after - before >= params.draught_change_m:
            load = "loaded"  # deeper on departure: took cargo on
        elif before - after >= params.draught_change_m:
            load = "discharged"
        else:
            load = "unchanged"
        hours = (r["departure"] - r["arrival"]).total_seconds() / 3600
        out.append({
            "kind": "port_call", "mmsi": r["mmsi"], "place_id": r["place_id"], "start_t": r["arrival"],
            "end_t": r["departure"], "hours": round(hours, 2), "lat": r["lat"], "lon": r["lon"],
            "details": {"positions_inside": r["n"], "draught_before": before, "draught_after": after,
                        "load": load, "last_seen_before": r["seen_before"], "first_seen_after": r["seen_after"]},
            "evidence": [_fix(r["arrival"], r["a_lat"], r["a_lon"], r["a_sog"]),
                         _fix(r["departure"], r["d_lat"], r["d_lon"], r["d_sog"])],
        })
    return out


def gap_candidates(ws: Workspace, min_hours: float) -> list[dict[str, Any]]:
    """Consecutive positions of one vessel further apart in time than ``min_hours`` (one SQL pass)."""
    return ws.records(f"""
        SELECT mmsi, p_t AS start_t, t AS end_t, p_lat, p_lon, p_sog, p_cog, lat, lon, sog, cog,
               n12 AS positions_12h_before, epoch(t - p_t) / 3600.0 AS hours
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
        WHERE p_t IS NOT NULL AND epoch(t - p_t) >= {min_hours * 3600}
        ORDER BY mmsi, start_t
    """)


def _nearest(lat: float, lon: float, ports: list[Place]) -> tuple[Place | None, float]:
    best, best_d = None, float("inf")
    for p in ports:
        d = haversine_m(lat, lon, p.lat, p.lon)
        if d < best_d:
            best, best_d = p, d
    return best, best_d


def _dark_call(g: dict[str, Any], ports: list[Place], params: MaritimeParams) -> dict[str, Any] | None:
    """Our rule: the gap starts in or heading to a port, or ends leaving one, and the detour is feasible."""
    if g["hours"] < params.dark_call_min_hours:
        return None
    approach = params.dark_call_approach_nm * NM
    candidates: list[dict[str, Any]] = []
    for p in ports:
        d_start = haversine_m(g["p_lat"], g["p_lon"], p.lat, p.lon)
        d_end = haversine_m(g["lat"], g["lon"], p.lat, p.lon)
        radius = p.radius_km * 1000
        start_in, end_in = d_start <= radius, d_end <= radius
        if start_in and end_in:
            continue  # silent inside the port: the port-call detector already covers it
        toward = (d_start <= approach and g["p_cog"] is not None and angle_diff(
            g["p_cog"], bearing_deg(g["p_lat"], g["p_lon"], p.lat, p.lon)) <= params.heading_tolerance_deg)
        leaving = (d_end <= approach and g["cog"] is not None and angle_diff(
            g["cog"], bearing_deg(p.lat, p.lon, g["lat"], g["lon"])) <= params.heading_tolerance_deg)
        if not (start_in or toward or end_in or leaving):
            continue
        detour_nm = (d_start + d_end) / NM
        speed = detour_nm / g["hours"]
        if speed > params.dark_call_max_speed_kn:
            continue
        # rank candidate ports by how close the triggering fix is to them: neighbouring ports
        # (Vostochny and Nakhodka are 18 km apart) can both pass the heading test
        closeness = min(d_start if (start_in or toward) else math.inf, d_end if (end_in or leaving) else math.inf)
        candidates.append({"place": p, "detour_nm": detour_nm, "speed": speed, "closeness": closeness,
                           "why": [w for w, ok in (("last fix inside", start_in), ("heading to port", toward),
                                                   ("first fix inside", end_in), ("leaving port", leaving)) if ok]})
    if not candidates:
        return None
    candidates.sort(key=lambda c: c["closeness"])
    best = candidates[0]
    p = best["place"]
    dwell = max(0.0, g["hours"] - best["detour_nm"] / TRANSIT_KN)
    return {
        "kind": "dark_port_call", "mmsi": g["mmsi"], "place_id": p.id, "start_t": g["start_t"],
        "end_t": g["end_t"], "hours": round(g["hours"], 2), "lat": p.lat, "lon": p.lon,
        "details": {"rule": best["why"], "implied_speed_kn": round(best["speed"], 2),
                    "detour_nm": round(best["detour_nm"], 1), "estimated_dwell_hours": round(dwell, 1),
                    "other_candidates": [c["place"].id for c in candidates[1:]]},
        "evidence": [_fix(g["start_t"], g["p_lat"], g["p_lon"], g["p_sog"], g["p_cog"]),
                     _fix(g["end_t"], g["lat"], g["lon"], g["sog"], g["cog"])],
    }


def detect_gaps(ws: Workspace, places: list[Place], params: MaritimeParams) -> list[dict[str, Any]]:
    """AIS gaps (GFW's >= 12 h, open ocean or near shore) and dark port calls near watched ports."""
    return gaps_from_candidates(gap_candidates(ws, min(params.gap_hours, params.dark_call_min_hours)), places, params)


def gaps_from_candidates(candidates: list[dict[str, Any]], places: list[Place],
                         params: MaritimeParams) -> list[dict[str, Any]]:
    """Gap and dark-port-call detections from gap candidates (shared with the Spark engine)."""
    ports = [p for p in places if p.kind != "crossing"]
    out: list[dict[str, Any]] = []
    for g in candidates:
        dark = _dark_call(g, ports, params)
        if dark:
            out.append(dark)
        if g["hours"] < params.gap_hours:
            continue
        distance = haversine_m(g["p_lat"], g["p_lon"], g["lat"], g["lon"])
        sp, d_sp = _nearest(g["p_lat"], g["p_lon"], ports)
        ep, d_ep = _nearest(g["lat"], g["lon"], ports)
        shore = params.gap_open_ocean_nm * NM
        n12 = int(g["positions_12h_before"] or 0)
        out.append({
            "kind": "gap", "mmsi": g["mmsi"], "place_id": sp.id if sp and d_sp < shore else None,
            "other_place": ep.id if ep and d_ep < shore else None, "start_t": g["start_t"],
            "end_t": g["end_t"], "hours": round(g["hours"], 2),
            "lat": (g["p_lat"] + g["lat"]) / 2, "lon": (g["p_lon"] + g["lon"]) / 2,
            "details": {"open_ocean": d_sp >= shore and d_ep >= shore, "distance_nm": round(distance / NM, 1),
                        "implied_speed_kn": round(distance / NM / g["hours"], 2),
                        "positions_12h_before": n12,
                        # GFW's reliability test: enough positions before the gap that silence means something
                        "well_tracked_before": n12 * min(g["hours"], 48) / 12 >= 20,
                        "dark_port_call": dark["place_id"] if dark else None},
            "evidence": [_fix(g["start_t"], g["p_lat"], g["p_lon"], g["p_sog"], g["p_cog"]),
                         _fix(g["end_t"], g["lat"], g["lon"], g["sog"], g["cog"])],
        })
    return out


def _far_from_ports_sql(lat: str, lon: str, min_m: float) -> str:
    dist = haversine_sql(lat, lon, "w.lat", "w.lon")
    return f"NOT EXISTS (SELECT 1 FROM mt_places w WHERE {dist} < {min_m})"


def detect_encounters(ws: Workspace, places: list[Place], params: MaritimeParams) -> list[dict[str, Any]]:
    """Two vessels within ``encounter_max_m`` at low speed for hours, away from ports (possible STS)."""
    load_places(ws, places)
    bin_s = params.encounter_bin_minutes * 60
    dist = haversine_sql("a.lat", "a.lon", "b.lat", "b.lon")
    rows = ws.records(f"""
        WITH slow AS (
            SELECT mmsi, floor(epoch(t) / {bin_s})::BIGINT AS bin, avg(lat) AS lat, avg(lon) AS lon,
                   min(t) AS t0, max(t) AS t1
            FROM ais_positions WHERE sog IS NOT NULL AND sog < {params.encounter_max_sog_kn}
            GROUP BY mmsi, bin
        ), pairs AS (
            SELECT a.mmsi AS mmsi, b.mmsi AS other, a.bin, (a.lat + b.lat) / 2 AS lat, (a.lon + b.lon) / 2 AS lon,
                   {dist} AS d, least(a.t0, b.t0) AS t0, greatest(a.t1, b.t1) AS t1
            FROM slow a JOIN slow b ON a.bin = b.bin AND a.mmsi < b.mmsi
                 AND abs(a.lat - b.lat) < 0.01 AND abs(a.lon - b.lon) < 0.02
            WHERE {dist} <= {params.encounter_max_m}
        ), lagged AS (
            SELECT *, bin - lag(bin) OVER (PARTITION BY mmsi, other ORDER BY bin) AS step FROM pairs
        ), runs AS (
            SELECT *, sum(CASE WHEN step > {ENCOUNTER_BIN_GAP_MAX + 1} THEN 1 ELSE 0 END)
                   OVER (PARTITION BY mmsi, other ORDER BY bin ROWS UNBOUNDED PRECEDING) AS grp
            FROM lagged
        )
        SELECT mmsi, other, min(t0) AS start_t, max(t1) AS end_t, avg(lat) AS lat, avg(lon) AS lon,
               max(d) AS max_d, avg(d) AS mean_d, count(*) AS bins,
               list({{'t': t0, 'lat': lat, 'lon': lon, 'distance_m': round(d)}} ORDER BY bin) AS fixes
        FROM runs GROUP BY mmsi, other, grp
        HAVING epoch(max(t1) - min(t0)) / 3600.0 >= {params.encounter_min_hours}
        ORDER BY start_t
    """)
    min_port = params.encounter_min_port_km * 1000
    out = []
    for r in rows:
        _, d_port = _nearest(r["lat"], r["lon"], [p for p in places])
        if d_port < min_port:
            continue  # meetings at an anchorage are port traffic, not transfers at sea (GFW)
        fixes = r["fixes"]
        step = max(1, len(fixes) // 12)  # keep the evidence readable: about a dozen fixes
        out.append({
            "kind": "encounter", "mmsi": r["mmsi"], "other_mmsi": r["other"], "start_t": r["start_t"],
            "end_t": r["end_t"], "hours": round((r["end_t"] - r["start_t"]).total_seconds() / 3600, 2),
            "lat": r["lat"], "lon": r["lon"],
            "details": {"max_distance_m": round(r["max_d"]), "mean_distance_m": round(r["mean_d"]),
                        "bins": r["bins"], "nearest_watched_place_km": round(d_port / 1000, 1)},
            "evidence": [{**f, "t": f["t"].isoformat()} for f in fixes[::step]],
        })
    return out


def detect_loitering(ws: Workspace, places: list[Place], params: MaritimeParams) -> list[dict[str, Any]]:
    """One vessel slow for hours far from watched places (possible transfer with a dark partner)."""
    load_places(ws, places)
    rows = ws.records(f"""
        WITH m AS (
            SELECT mmsi, t, lat, lon, sog, (sog IS NOT NULL AND sog < {params.loiter_max_sog_kn}) AS slow,
                   lag(t) OVER w AS prev_t
            FROM ais_positions WINDOW w AS (PARTITION BY mmsi ORDER BY t)
        ), g AS (
            SELECT *, sum(CASE WHEN NOT slow OR epoch(t - prev_t) > {params.gap_hours * 3600}
                          THEN 1 ELSE 0 END) OVER (PARTITION BY mmsi ORDER BY t ROWS UNBOUNDED PRECEDING) AS grp
            FROM m
        )
        SELECT mmsi, min(t) AS start_t, max(t) AS end_t, avg(lat) AS lat, avg(lon) AS lon, count(*) AS n,
               avg(sog) AS mean_sog, arg_min(lat, t) AS a_lat, arg_min(lon, t) AS a_lon,
               arg_max(lat, t) AS d_lat, arg_max(lon, t) AS d_lon
        FROM g WHERE slow GROUP BY mmsi, grp
        HAVING epoch(max(t) - min(t)) / 3600.0 >= {params.loiter_min_hours}
    """)
    out = []
    for r in rows:
        _, d = _nearest(r["lat"], r["lon"], places)
        if d < params.loiter_min_shore_nm * NM:
            continue
        out.append({
            "kind": "loitering", "mmsi": r["mmsi"], "start_t": r["start_t"], "end_t": r["end_t"],
            "hours": round((r["end_t"] - r["start_t"]).total_seconds() / 3600, 2), "lat": r["lat"],
            "lon": r["lon"], "details": {"positions": r["n"], "mean_sog_kn": round(r["mean_sog"], 2),
                                         "nearest_watched_place_nm": round(d / NM, 1)},
            "evidence": [_fix(r["start_t"], r["a_lat"], r["a_lon"]), _fix(r["end_t"], r["d_lat"], r["d_lon"])],
        })
    return out


def detect_shuttles(calls: list[dict[str, Any]], params: MaritimeParams) -> list[dict[str, Any]]:
    """Repeated voyages between the same two watched ports, from port calls and dark port calls."""
    by_vessel: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in calls:
        if c["kind"] in ("port_call", "dark_port_call"):
            by_vessel[c["mmsi"]].append(c)
    out = []
    for mmsi, vcalls in by_vessel.items():
        vcalls.sort(key=lambda c: c["start_t"])
        voyages: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for a, b in zip(vcalls, vcalls[1:], strict=False):
            if a["place_id"] != b["place_id"]:
                pair = (min(a["place_id"], b["place_id"]), max(a["place_id"], b["place_id"]))
                voyages[pair].append({"from": a["place_id"], "to": b["place_id"], "departed": a["end_t"],
                                      "arrived": b["start_t"], "dark": b["kind"] == "dark_port_call"
                                      or a["kind"] == "dark_port_call"})
        for (pa_, pb), legs in voyages.items():
            if len(legs) < params.shuttle_min_voyages:
                continue
            start, end = legs[0]["departed"], legs[-1]["arrived"]
            out.append({
                "kind": "shuttle", "mmsi": mmsi, "place_id": pa_, "other_place": pb, "start_t": start,
                "end_t": end, "hours": round((end - start).total_seconds() / 3600, 2), "lat": None, "lon": None,
                "details": {"voyages": len(legs), "dark_legs": sum(1 for v in legs if v["dark"])},
                "evidence": [{**v, "departed": v["departed"].isoformat(), "arrived": v["arrived"].isoformat()}
                             for v in legs],
            })
    return out


def detection_id(d: dict[str, Any]) -> str:
    """Content-derived id: same kind, vessels, place and start give the same id."""
    start = d["start_t"].isoformat() if isinstance(d.get("start_t"), datetime) else d.get("start_t")
    return make_id("det", d["kind"], d["mmsi"], d.get("other_mmsi"), d.get("place_id"), d.get("other_place"),
                   start)


def run_detection(ws: Workspace, places: list[Place], params: MaritimeParams) -> dict[str, int]:
    """Run every detector and replace ``maritime_detections`` with the result; returns counts per kind."""
    found: list[dict[str, Any]] = []
    found += detect_port_calls(ws, places, params)
    found += detect_gaps(ws, places, params)
    found += detect_encounters(ws, places, params)
    found += detect_loitering(ws, places, params)
    found += detect_shuttles(found, params)
    p_json = params.model_dump_json(exclude={"sanction_programs", "list_authorities"})
    rows: dict[str, dict[str, Any]] = {}
    for d in found:
        did = detection_id(d)
        rows[did] = {
            "detection_id": did, "kind": d["kind"], "mmsi": d["mmsi"], "other_mmsi": d.get("other_mmsi"),
            "place_id": d.get("place_id"), "other_place": d.get("other_place"), "start_t": d.get("start_t"),
            "end_t": d.get("end_t"), "hours": d.get("hours"), "lat": d.get("lat"), "lon": d.get("lon"),
            "details": json.dumps(d.get("details", {}), default=_json_default),
            "evidence": json.dumps(d.get("evidence", []), default=_json_default), "params": p_json,
        }
    ws.con.execute("DELETE FROM maritime_detections")
    if rows:
        table = pa.Table.from_pylist(list(rows.values()))
        ws.con.register("mt_new_detections", table)
        try:
            ws.con.execute("""INSERT INTO maritime_detections SELECT detection_id, kind, mmsi, other_mmsi,
                place_id, other_place, start_t, end_t, hours, lat, lon, details::JSON, evidence::JSON, params::JSON
                FROM mt_new_detections""")
        finally:
            ws.con.unregister("mt_new_detections")
    counts = {k: 0 for k in DETECTION_KINDS}
    for r in rows.values():
        counts[r["kind"]] += 1
    return counts


def _json_default(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, timedelta):
        return v.total_seconds()
    return str(v)
