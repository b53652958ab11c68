"""Detections into the product: PLOVER events, the refresh that keeps them current, and map features.

Port calls and dark port calls between the flag state of a ship and the state
of the port it visits, and encounters between ships of two states, become
COOPERATE events (origin_kind 'ais', certainty 'alleged', evidence = a sentence
describing the positions, no document). They land in the shared ``events``
table through ``write_events`` and so feed the ledger, alerts and the brief.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from axiswatch.maritime.common import atomic
from axiswatch.maritime.detect import run_detection
from axiswatch.maritime.places import maritime_params, watched_places
from axiswatch.maritime.sanctions import write_sanction_events
from axiswatch.maritime.screen import list_matches, screen, sync_setting_suppressions
from axiswatch.maritime.vessels import flag_of, list_vessels
from axiswatch.profiles import Profile
from axiswatch.records import Event, Evidence
from axiswatch.store.events import write_events
from axiswatch.store.workspace import Workspace

STATE_KEY = "maritime.state"
_CONFIDENCE = {"port_call": 0.6, "dark_port_call": 0.35, "encounter": 0.4}


def _t(v: Any) -> str:
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    return str(v)[:16].replace("T", " ")


def _fix_text(f: dict[str, Any]) -> str:
    lat, lon = f["lat"], f["lon"]
    course = f" course {f['cog']:.0f}°" if f.get("cog") is not None else ""
    return f"{abs(lat):.3f}°{'N' if lat >= 0 else 'S'} {abs(lon):.3f}°{'E' if lon >= 0 else 'W'}{course}"


def _vessel_label(v: dict[str, Any] | None, mmsi: int) -> str:
    name = (v or {}).get("name") or "unnamed vessel"
    imo = f", IMO {v['imo']}" if v and v.get("imo") else ""
    return f"{name} (MMSI {mmsi}{imo}, flag {flag_of(mmsi) or 'unknown'})"


def _direction(flag: str, port_state: str, load: str, dyad: tuple[str, str]) -> tuple[str, str]:
    """Who provides to whom: cargo loaded leaves the port's state; discharged cargo arrives there."""
    if load == "loaded":
        return port_state, flag
    if load == "discharged":
        return flag, port_state
    if {flag, port_state} == set(dyad):  # direction unknown: the profile's convention
        return dyad
    return flag, port_state


def detection_events(ws: Workspace, profile: Profile) -> list[Event]:
    """Events for the stored detections that link two states."""
    places = {p.id: p for p in watched_places(profile)}
    vessels = {v["mmsi"]: v for v in list_vessels(ws, profile)}
    out: list[Event] = []
    for d in ws.records("SELECT * FROM maritime_detections WHERE kind IN ('port_call', 'dark_port_call', "
                        "'encounter') ORDER BY start_t, detection_id"):
        details = json.loads(d["details"]) if d["details"] else {}
        fixes = json.loads(d["evidence"]) if d["evidence"] else []
        v = vessels.get(d["mmsi"])
        flag = flag_of(d["mmsi"])
        tanker = bool(v and v.get("ship_type") and 80 <= int(v["ship_type"]) <= 89)
        sanctions = [{"entry_id": s["entry_id"], "list": s["list"], "name": s["name"], "method": s["method"],
                      "score": s["score"]} for s in (v or {}).get("sanctions", [])]
        if d["kind"] == "encounter":
            other = flag_of(d["other_mmsi"])
            if not flag or not other or flag == other:
                continue
            source, target = _direction(flag, other, "unknown", profile.dyad)
            ov = vessels.get(d["other_mmsi"])
            text = (f"AIS: {_vessel_label(v, d['mmsi'])} and {_vessel_label(ov, d['other_mmsi'])} stayed within "
                    f"{details.get('max_distance_m')} m of each other at under 2 kn for {d['hours']:.1f} h, "
                    f"{_t(d['start_t'])} to {_t(d['end_t'])} UTC, near {_fix_text(fixes[0])}, "
                    f"{details.get('nearest_watched_place_km')} km from the nearest watched place: "
                    "a possible ship-to-ship transfer.")
            by_state = {flag: (v or {}).get("name"), other: (ov or {}).get("name")}
            sanctions += [{"entry_id": s["entry_id"], "list": s["list"], "name": s["name"], "method": s["method"],
                           "score": s["score"]} for s in (ov or {}).get("sanctions", [])]
            commodity = "fuel" if tanker else "other"
        else:
            place = places.get(d["place_id"])
            if not place or not flag or flag == place.country:
                continue
            load = details.get("load", "unknown")
            source, target = _direction(flag, place.country, load, profile.dyad)
            label = _vessel_label(v, d["mmsi"])
            if d["kind"] == "port_call":
                text = (f"AIS: {label} was inside the {place.name} geofence from {_t(d['start_t'])} to "
                        f"{_t(d['end_t'])} UTC ({d['hours']:.1f} h, {details.get('positions_inside')} positions); "
                        f"draught {details.get('draught_before') or '?'} m before and "
                        f"{details.get('draught_after') or '?'} m after ({load}).")
            else:
                text = (f"AIS: {label} fell silent at {_t(d['start_t'])} UTC at {_fix_text(fixes[0])} and "
                        f"reappeared {d['hours']:.1f} h later at {_fix_text(fixes[-1])} "
                        f"({', '.join(details.get('rule', []))}); a call at {place.name} fits the gap at "
                        f"{details.get('implied_speed_kn')} kn (dark port call rule).")
            by_state = {flag: (v or {}).get("name"), place.country: place.name}
            commodity = "fuel" if tanker else "other"
        out.append(Event(
            event_type="COOPERATE", mode="economic", source=source, target=target, commodity=commodity,
            date=d["start_t"].date().isoformat(), certainty="alleged", confidence=_CONFIDENCE[d["kind"]],
            source_name=by_state.get(source), target_name=by_state.get(target),
            evidence=[Evidence(text=text, start=0, end=len(text))], origin_kind="ais",
            origin={"dataset": "ais", "key": d["detection_id"], "detection_id": d["detection_id"],
                    "detection": d["kind"], "mmsi": d["mmsi"], "place_id": d.get("place_id")},
            attrs={"detection": d["kind"], "sanctions": sanctions,
                   "watched_vessel": (v or {}).get("watched"), "lat": d["lat"], "lon": d["lon"]}))
    return out


def write_detection_events(ws: Workspace, profile: Profile) -> int:
    """Replace the AIS events with those of the current detections."""
    events = detection_events(ws, profile)
    keep = [e.id for e in events]
    stale = [r[0] for r in ws.fetchall("SELECT event_id FROM events WHERE origin_kind = 'ais' "
                                       "AND NOT list_contains(?, event_id)", [keep])]
    if stale:
        ws.con.execute("DELETE FROM evidence WHERE list_contains(?, event_id)", [stale])
        ws.con.execute("DELETE FROM events WHERE list_contains(?, event_id)", [stale])
    return write_events(ws, events)


def _state(ws: Workspace, profile: Profile) -> str:
    """A fingerprint of everything detection and screening depend on."""
    row = ws.fetchone("""SELECT (SELECT count(*) FROM ais_positions), (SELECT max(t) FROM ais_positions),
        (SELECT count(*) FROM ais_static), (SELECT count(*) FROM sanction_entries),
        (SELECT count(*) FROM sanction_aliases), (SELECT count(*) FROM sanction_suppressions),
        (SELECT count(*) FROM events WHERE origin_kind NOT IN ('ais', 'sanctions'))""")
    # the whole profile: places and thresholds drive detection, actors and aliases drive screening
    parts = [str(row), profile.model_dump_json(exclude={"path"}),
             json.dumps(ws.get_setting("sanctions.suppress", []), default=str)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def refresh(ws: Workspace, profile: Profile, *, force: bool = False) -> dict[str, Any]:
    """Detect, screen and write events when inputs changed since the last run (idempotent)."""
    fingerprint = _state(ws, profile)
    if not force and ws.get_setting(STATE_KEY) == fingerprint:
        return {"refreshed": False}
    with atomic(ws):
        sync_setting_suppressions(ws)
        counts = run_detection(ws, watched_places(profile), maritime_params(profile))
        matches = screen(ws, profile)
        written = write_detection_events(ws, profile)
        sanction_events = write_sanction_events(ws, profile)
        ws.set_setting(STATE_KEY, _state(ws, profile))
    return {"refreshed": True, "detections": counts, "matches": matches, "events": written,
            "sanction_events": sanction_events}


def map_features(ws: Workspace, profile: Profile) -> dict[str, Any]:
    """Watched places and located detections as a GeoJSON FeatureCollection for the dashboard map."""
    features: list[dict[str, Any]] = []
    for p in watched_places(profile):
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                         "properties": {"layer": "place", "id": p.id, "name": p.name, "kind": p.kind,
                                        "country": p.country, "radius_km": p.radius_km,
                                        "confidence": p.confidence, "sources": p.sources}})
    places = {p.id: p for p in watched_places(profile)}
    sanctioned = {r["subject_id"] for r in list_matches(ws, subject_kind="vessel")}
    for d in ws.records("SELECT * FROM maritime_detections ORDER BY start_t"):
        fixes = json.loads(d["evidence"]) if d["evidence"] else []
        props = {"layer": "detection", "id": d["detection_id"], "kind": d["kind"], "mmsi": d["mmsi"],
                 "other_mmsi": d["other_mmsi"], "place_id": d["place_id"], "start": _t(d["start_t"]),
                 "end": _t(d["end_t"]), "hours": d["hours"], "sanctioned": str(d["mmsi"]) in sanctioned,
                 "details": json.loads(d["details"]) if d["details"] else {}}
        if d["kind"] == "shuttle":
            a, b = places.get(d["place_id"]), places.get(d["other_place"])
            if not a or not b:
                continue
            geom: dict[str, Any] = {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]}
        elif d["kind"] == "gap" and len(fixes) >= 2:
            geom = {"type": "LineString", "coordinates": [[f["lon"], f["lat"]] for f in fixes]}
        elif d["lat"] is not None:
            geom = {"type": "Point", "coordinates": [d["lon"], d["lat"]]}
        else:
            continue
        features.append({"type": "Feature", "geometry": geom, "properties": props})
    return {"type": "FeatureCollection", "features": features}
