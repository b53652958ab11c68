"""Vessel identity from AIS: who each MMSI says it is, and how that story changes.

Identity manipulation (name and flag changes, MMSI reuse, IMO/MMSI mismatches)
is one of the deceptive shipping practices of the 2020 OFAC/State/Coast Guard
advisory, so each vessel row carries the anomalies found in its static reports.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from axiswatch.maritime.places import valid_imo
from axiswatch.profiles import Profile
from axiswatch.store.workspace import Workspace

# Maritime Identification Digits (ITU) -> flag state, for the fleets this watch meets.
# Source: ITU MID table (public); only a subset, unknown MIDs give no flag.
MID_FLAGS: dict[int, str] = {
    273: "RUS", 445: "PRK", 440: "KOR", 441: "KOR", 431: "JPN", 432: "JPN", 412: "CHN", 413: "CHN",
    414: "CHN", 477: "HKG", 416: "TWN", 338: "USA", 366: "USA", 367: "USA", 368: "USA", 369: "USA",
    303: "USA", 316: "CAN", 351: "PAN", 352: "PAN", 353: "PAN", 354: "PAN", 355: "PAN", 356: "PAN",
    357: "PAN", 370: "PAN", 371: "PAN", 372: "PAN", 373: "PAN", 374: "PAN", 636: "LBR", 637: "LBR",
    538: "MHL", 229: "MLT", 248: "MLT", 249: "MLT", 256: "MLT", 215: "MLT", 209: "CYP", 210: "CYP",
    212: "CYP", 563: "SGP", 564: "SGP", 565: "SGP", 566: "SGP", 572: "TUV", 577: "VUT", 511: "PLW",
    312: "BLZ", 341: "KNA", 671: "TGO", 667: "SLE", 620: "COM", 613: "CMR", 422: "IRN", 271: "TUR",
    232: "GBR", 233: "GBR", 234: "GBR", 235: "GBR", 211: "DEU", 218: "DEU", 227: "FRA", 228: "FRA",
    244: "NLD", 245: "NLD", 246: "NLD", 257: "NOR", 258: "NOR", 259: "NOR", 219: "DNK", 220: "DNK",
    265: "SWE", 266: "SWE", 230: "FIN", 247: "ITA", 224: "ESP", 225: "ESP", 237: "GRC", 239: "GRC",
    240: "GRC", 241: "GRC", 272: "UKR", 419: "IND", 525: "IDN", 533: "MYS", 548: "PHL", 574: "VNM",
    567: "THA", 503: "AUS", 512: "NZL", 457: "MNG", 470: "ARE", 403: "SAU", 466: "QAT",
}


def flag_of(mmsi: int | None) -> str | None:
    """Flag state from the MMSI's Maritime Identification Digits, when known."""
    if mmsi is None or not 200_000_000 <= mmsi <= 799_999_999:
        return None
    return MID_FLAGS.get(mmsi // 1_000_000)


def _watched_lookup(profile: Profile | None) -> tuple[dict[int, str], dict[int, str], dict[str, str]]:
    by_imo: dict[int, str] = {}
    by_mmsi: dict[int, str] = {}
    by_name: dict[str, str] = {}
    for v in (profile.vessels if profile else []):
        name = str(v.get("name", ""))
        if v.get("imo"):
            by_imo[int(v["imo"])] = name
        if v.get("mmsi"):
            by_mmsi[int(v["mmsi"])] = name
        by_name[name.casefold()] = name
    return by_imo, by_mmsi, by_name


def list_vessels(ws: Workspace, profile: Profile | None = None, *, mmsi: int | None = None) -> list[dict[str, Any]]:
    """One row per MMSI: latest identity, history, anomalies, watch-list and sanctions hits."""
    where = "WHERE mmsi = ?" if mmsi is not None else ""
    params = [mmsi] if mmsi is not None else None
    pos = {r["mmsi"]: r for r in ws.records(
        f"SELECT mmsi, count(*) AS positions, min(t) AS first_seen, max(t) AS last_seen "
        f"FROM ais_positions {where} GROUP BY mmsi", params)}
    static: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in ws.records(f"SELECT * FROM ais_static {where} ORDER BY mmsi, t NULLS FIRST", params):
        static[r["mmsi"]].append(r)
    imo_users: dict[int, set[int]] = defaultdict(set)
    for m, reports in static.items():
        for r in reports:
            if r["imo"]:
                imo_users[int(r["imo"])].add(m)
    sanctions = _vessel_sanctions(ws)
    by_imo, by_mmsi, by_name = _watched_lookup(profile)
    out = []
    for m in sorted(set(pos) | set(static)):
        reports = static.get(m, [])
        latest: dict[str, Any] = {}
        for r in reports:  # later reports override earlier ones field by field
            latest.update({k: v for k, v in r.items() if v is not None})
        names = _ordered_distinct(r["name"] for r in reports)
        imos = _ordered_distinct(r["imo"] for r in reports)
        anomalies = _anomalies(m, reports, names, imos, imo_users)
        imo = latest.get("imo")
        watched = by_mmsi.get(m) or (by_imo.get(int(imo)) if imo else None) or next(
            (by_name[n.casefold()] for n in names if n.casefold() in by_name), None)
        p = pos.get(m, {})
        out.append({
            "mmsi": m, "imo": imo, "name": latest.get("name"), "call_sign": latest.get("call_sign"),
            "flag": flag_of(m), "ship_type": latest.get("ship_type"), "draught": latest.get("draught"),
            "length": latest.get("length"), "positions": p.get("positions", 0),
            "first_seen": p.get("first_seen"), "last_seen": p.get("last_seen"),
            "names": names, "imos": imos, "anomalies": anomalies, "watched": watched,
            "sanctions": sanctions.get(str(m), []),
        })
    return out


def _ordered_distinct(values: Any) -> list[Any]:
    seen: list[Any] = []
    for v in values:
        if v is not None and v not in seen:
            seen.append(v)
    return seen


def _anomalies(mmsi: int, reports: list[dict[str, Any]], names: list[str], imos: list[int],
               imo_users: dict[int, set[int]]) -> list[str]:
    out: list[str] = []
    prev: dict[str, Any] | None = None
    for r in reports:
        if prev and r["name"] and prev["name"] and r["name"] != prev["name"]:
            when = r["t"].isoformat() if r["t"] else "undated"
            out.append(f"name changed {prev['name']!r} -> {r['name']!r} ({when})")
        if r["name"]:
            prev = r
    if len(imos) > 1:
        out.append(f"MMSI reuse: this MMSI reported {len(imos)} IMO numbers ({', '.join(map(str, imos))})")
    for imo in imos:
        if not valid_imo(int(imo)):
            out.append(f"IMO {imo} fails its check digit")
        others = sorted(imo_users.get(int(imo), set()) - {mmsi})
        for other in others:
            flags = (flag_of(mmsi), flag_of(other))
            what = f"flag change {flags[0]} -> {flags[1]}" if flags[0] != flags[1] else "MMSI change"
            out.append(f"IMO/MMSI mismatch: IMO {imo} also reported by MMSI {other} ({what})")
    if flag_of(mmsi) is None and 200_000_000 <= mmsi <= 799_999_999:
        out.append(f"unknown flag for MID {mmsi // 1_000_000}")
    return out


def _vessel_sanctions(ws: Workspace) -> dict[str, list[dict[str, Any]]]:
    """Unsuppressed sanctions matches per vessel subject id (the MMSI as text)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = ws.records("""
        SELECT m.subject_id, m.entry_id, m.method, m.score, e.list, e.name, e.programs
        FROM sanction_matches m JOIN sanction_entries e USING (entry_id)
        WHERE m.subject_kind = 'vessel' AND NOT EXISTS (
            SELECT 1 FROM sanction_suppressions s
            WHERE s.entry_id = m.entry_id AND s.subject_id IN ('*', m.subject_id))
        ORDER BY m.score DESC""")
    for r in rows:
        out[r.pop("subject_id")].append(r)
    return out
