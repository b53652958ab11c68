"""Flat rows of what the tracks show, for the ``axiswatch maritime`` verbs and the web API."""

from __future__ import annotations

import json
from typing import Any

from axiswatch.maritime.screen import list_matches
from axiswatch.maritime.vessels import flag_of
from axiswatch.store.workspace import Workspace

# Columns the table view shows per listing; JSON output carries every field.
COLUMNS: dict[str, list[str]] = {
    "portcalls": ["mmsi", "name", "flag", "place_id", "arrival", "departure", "hours", "draught_before",
                  "draught_after", "load", "sanctioned"],
    "gaps": ["kind", "mmsi", "name", "flag", "start", "end", "hours", "place_id", "other_place", "open_ocean",
             "implied_speed_kn", "sanctioned"],
    "encounters": ["kind", "mmsi", "name", "other_mmsi", "other_name", "start", "end", "hours", "lat", "lon",
                   "max_distance_m", "sanctioned"],
    "shuttles": ["mmsi", "name", "flag", "place_id", "other_place", "voyages", "dark_legs", "start", "end",
                 "sanctioned"],
}
KINDS: dict[str, tuple[str, ...]] = {
    "portcalls": ("port_call",),
    "gaps": ("gap", "dark_port_call"),
    "encounters": ("encounter", "loitering"),
    "shuttles": ("shuttle",),
}


def _iso(v: Any) -> Any:
    return v.isoformat() if hasattr(v, "isoformat") else v


def list_detections(ws: Workspace, listing: str, *, mmsi: int | None = None) -> list[dict[str, Any]]:
    """Detections of one listing (portcalls, gaps, encounters, shuttles) as flat rows with evidence."""
    kinds = list(KINDS[listing])
    names = dict(ws.fetchall("SELECT mmsi, arg_max(name, t) FROM ais_static WHERE name IS NOT NULL "
                             "GROUP BY mmsi"))
    sanctioned: dict[str, list[str]] = {}
    for m in list_matches(ws, subject_kind="vessel"):
        sanctioned.setdefault(m["subject_id"], []).append(f"{m['entry_name']} ({m['list']}, {m['method']})")
    rows = ws.records("SELECT * FROM maritime_detections WHERE list_contains(?, kind) "
                      "AND (? IS NULL OR mmsi = ? OR other_mmsi = ?) ORDER BY start_t, detection_id",
                      [kinds, mmsi, mmsi, mmsi])
    out = []
    for d in rows:
        det = json.loads(d["details"]) if d["details"] else {}
        hits = sanctioned.get(str(d["mmsi"]), []) + (sanctioned.get(str(d["other_mmsi"]), [])
                                                     if d["other_mmsi"] else [])
        row: dict[str, Any] = {
            "id": d["detection_id"], "kind": d["kind"], "mmsi": d["mmsi"], "name": names.get(d["mmsi"]),
            "flag": flag_of(d["mmsi"]), "place_id": d["place_id"], "other_place": d["other_place"],
            "start": _iso(d["start_t"]), "end": _iso(d["end_t"]), "hours": d["hours"], "lat": d["lat"],
            "lon": d["lon"], **det, "sanctioned": hits,
            "evidence": json.loads(d["evidence"]) if d["evidence"] else [],
        }
        if listing == "portcalls":
            row["arrival"], row["departure"] = row["start"], row["end"]
        if d["other_mmsi"]:
            row["other_mmsi"] = d["other_mmsi"]
            row["other_name"] = names.get(d["other_mmsi"])
            row["other_flag"] = flag_of(d["other_mmsi"])
        out.append(row)
    return out
