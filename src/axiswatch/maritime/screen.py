"""Sanctions screening: vessels by IMO/MMSI first and names fuzzily; actors and event names by names and aliases.

Scores follow nomenklatura's logic-v2 idea: an identifier hit is near-certain
(IMO 1.0, MMSI 0.95), a name hit scores its similarity. Known false positives
are suppressed per entry (for every subject or one), in the workspace table
``sanction_suppressions`` or the workspace setting ``sanctions.suppress``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from axiswatch.errors import NotFound
from axiswatch.ids import make_id
from axiswatch.maritime.common import insert_rows
from axiswatch.maritime.places import maritime_params
from axiswatch.profiles import Profile
from axiswatch.store.workspace import Workspace

SETTING_KEY = "sanctions.suppress"
IMO_SCORE, MMSI_SCORE = 1.0, 0.95
# Names shorter than this only match exactly: "Kim" or "Maria" would hit hundreds of entries.
MIN_FUZZY_LEN = 6
_PUNCT = re.compile(r"[^\w\s]+")
_METHOD_RANK = {"imo": 3, "mmsi": 2, "name": 1}
MATCH_COLUMNS = ["match_id", "entry_id", "subject_kind", "subject_id", "subject_name", "method",
                 "matched_name", "score"]


def normalize_name(name: str) -> str:
    """Casefolded, accents and punctuation removed, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_ish = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", ascii_ish.casefold()).replace("_", " ").split())


def _names_index(ws: Workspace, schemas: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    """(normalised name, entry id, display name) for every name and alias of entries of these schemas."""
    rows = ws.fetchall("""
        SELECT e.entry_id, e.name FROM sanction_entries e WHERE list_contains(?, e.schema)
        UNION ALL
        SELECT a.entry_id, a.alias FROM sanction_aliases a JOIN sanction_entries e USING (entry_id)
        WHERE list_contains(?, e.schema)""", [list(schemas), list(schemas)])
    norm, ids, shown = [], [], []
    for eid, name in rows:
        n = normalize_name(name or "")
        if n:
            norm.append(n)
            ids.append(eid)
            shown.append(name)
    return norm, ids, shown


def _fuzzy(queries: list[tuple[str, str, str]], index: tuple[list[str], list[str], list[str]],
           threshold: float, kind: str) -> list[list[Any]]:
    """Name matches of (subject_id, subject_name, normalised) queries against an index."""
    norm, ids, shown = index
    if not queries or not norm:
        return []
    q_norm = [q[2] for q in queries]
    scores = process.cdist(q_norm, norm, scorer=fuzz.token_sort_ratio, score_cutoff=threshold * 100,
                           dtype=np.uint8, workers=1)
    best: dict[tuple[str, str], list[Any]] = {}
    for qi, ci in zip(*np.nonzero(scores), strict=True):
        sid, sname, qn = queries[qi]
        cn = norm[ci]
        if (len(qn) < MIN_FUZZY_LEN or len(cn) < MIN_FUZZY_LEN) and qn != cn:
            continue
        score = float(scores[qi, ci]) / 100
        key = (ids[ci], sid)
        if key not in best or best[key][7] < score:
            best[key] = [make_id("match", ids[ci], kind, sid), ids[ci], kind, sid, sname, "name", shown[ci],
                         round(score, 3)]
    return list(best.values())


def _vessel_matches(ws: Workspace, threshold: float) -> list[list[Any]]:
    out: list[list[Any]] = []
    for eid, mmsi, imo, name in ws.fetchall("""
        SELECT DISTINCT e.entry_id, s.mmsi, s.imo, e.name FROM sanction_entries e
        JOIN ais_static s ON s.imo = e.imo WHERE e.schema = 'vessel' AND e.imo IS NOT NULL"""):
        out.append([make_id("match", eid, "vessel", str(mmsi)), eid, "vessel", str(mmsi), None, "imo",
                    f"{name} (IMO {imo})", IMO_SCORE])
    for eid, mmsi, name in ws.fetchall("""
        SELECT DISTINCT e.entry_id, e.mmsi, e.name FROM sanction_entries e
        WHERE e.schema = 'vessel' AND e.mmsi IS NOT NULL AND (
            e.mmsi IN (SELECT mmsi FROM ais_positions) OR e.mmsi IN (SELECT mmsi FROM ais_static))"""):
        out.append([make_id("match", eid, "vessel", str(mmsi)), eid, "vessel", str(mmsi), None, "mmsi",
                    f"{name} (MMSI {mmsi})", MMSI_SCORE])
    names = ws.fetchall("SELECT DISTINCT mmsi, name FROM ais_static WHERE name IS NOT NULL")
    queries = [(str(m), n, normalize_name(n)) for m, n in names]
    out += _fuzzy(queries, _names_index(ws, ("vessel",)), threshold, "vessel")
    return out


def _actor_queries(profile: Profile) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Profile members as (subject id, name, normalised): ships apart from people and bodies."""
    ships: list[tuple[str, str, str]] = []
    others: list[tuple[str, str, str]] = []
    for code, actor in profile.actors.items():
        for m in actor.members:
            if m.kind == "place":
                continue
            for n in [m.name, *m.aliases]:
                q = (f"{code}:{m.name}", n, normalize_name(n))
                (ships if m.kind == "ship" else others).append(q)
    for v in profile.vessels:
        ships.append((f"vessel:{v['name']}", str(v["name"]), normalize_name(str(v["name"]))))
    return ships, others


def screen(ws: Workspace, profile: Profile) -> dict[str, int]:
    """Match vessels, profile actors and event names against every loaded list; replaces old matches."""
    threshold = maritime_params(profile).name_threshold
    rows = _vessel_matches(ws, threshold)
    ships, others = _actor_queries(profile)
    vessel_index = _names_index(ws, ("vessel",))
    party_index = _names_index(ws, ("person", "organization"))
    rows += _fuzzy(ships, vessel_index, threshold, "actor")
    rows += _fuzzy(others, party_index, threshold, "actor")
    for v in profile.vessels:  # a watched vessel with an IMO matches listed vessels by number
        if v.get("imo"):
            for (eid, name) in ws.fetchall("SELECT entry_id, name FROM sanction_entries WHERE imo = ? "
                                           "AND schema = 'vessel'", [int(v["imo"])]):
                sid = f"vessel:{v['name']}"
                rows.append([make_id("match", eid, "actor", sid), eid, "actor", sid, v["name"], "imo",
                             f"{name} (IMO {v['imo']})", IMO_SCORE])
    # AIS events carry their vessel's matches already; screening them by name would depend on
    # whether they were written before or after this run
    names: dict[str, list[str]] = defaultdict(list)
    for eid, sname, tname in ws.fetchall(
            "SELECT event_id, source_name, target_name FROM events WHERE origin_kind NOT IN ('sanctions', 'ais') "
            "AND (source_name IS NOT NULL OR target_name IS NOT NULL)"):
        for n in (sname, tname):
            if n:
                names[n].append(eid)
    name_list = list(names)
    ev_queries = [(n, n, normalize_name(n)) for n in name_list]
    combined = (vessel_index[0] + party_index[0], vessel_index[1] + party_index[1],
                vessel_index[2] + party_index[2])
    for m in _fuzzy(ev_queries, combined, threshold, "event"):
        for event_id in names[m[3]]:
            rows.append([make_id("match", m[1], "event", event_id), m[1], "event", event_id, m[4], m[5],
                         m[6], m[7]])
    # one match per (entry, subject): the strongest evidence wins (an IMO hit over a name hit)
    dedup: dict[str, list[Any]] = {}
    for r in rows:
        cur = dedup.get(r[0])
        if cur is None or (r[7], _METHOD_RANK[r[5]]) > (cur[7], _METHOD_RANK[cur[5]]):
            dedup[r[0]] = r
    ws.con.execute("DELETE FROM sanction_matches")
    insert_rows(ws, "sanction_matches", MATCH_COLUMNS, list(dedup.values()))
    counts: dict[str, int] = defaultdict(int)
    for r in dedup.values():
        counts[r[2]] += 1
    return dict(counts)


def sync_setting_suppressions(ws: Workspace) -> int:
    """Copy the ``sanctions.suppress`` workspace setting into the suppression table."""
    items = ws.get_setting(SETTING_KEY, []) or []
    n = 0
    for item in items:
        if isinstance(item, str):
            item = {"entry_id": item}
        if isinstance(item, dict) and item.get("entry_id"):
            ws.execute("INSERT OR REPLACE INTO sanction_suppressions (entry_id, subject_id, reason) "
                       "VALUES (?, ?, ?)", [item["entry_id"], str(item.get("subject_id") or "*"),
                                            item.get("reason") or "workspace setting"])
            n += 1
    return n


def suppress(ws: Workspace, entry_id: str, subject_id: str = "*", reason: str | None = None) -> dict[str, Any]:
    """Mark an entry (for one subject, or '*' for all) as a known false positive."""
    row = ws.fetchone("SELECT name, list FROM sanction_entries WHERE entry_id = ?", [entry_id])
    if row is None:
        raise NotFound(f"no sanctions entry {entry_id!r}; see 'axiswatch sanctions screen'")
    ws.execute("INSERT OR REPLACE INTO sanction_suppressions (entry_id, subject_id, reason) VALUES (?, ?, ?)",
               [entry_id, subject_id, reason])
    return {"entry_id": entry_id, "name": row[0], "list": row[1], "subject_id": subject_id, "reason": reason}


def unsuppress(ws: Workspace, entry_id: str, subject_id: str = "*") -> int:
    """Lift a suppression; returns how many were removed."""
    row = ws.fetchone("SELECT count(*) FROM sanction_suppressions WHERE entry_id = ? AND subject_id = ?",
                      [entry_id, subject_id])
    ws.execute("DELETE FROM sanction_suppressions WHERE entry_id = ? AND subject_id = ?", [entry_id, subject_id])
    return int(row[0]) if row else 0


def list_matches(ws: Workspace, *, include_suppressed: bool = False, subject_kind: str | None = None,
                 min_score: float = 0.0) -> list[dict[str, Any]]:
    """Matches with their list entry, best first; suppressed ones only when asked."""
    rows = ws.records("""
        SELECT m.match_id, m.subject_kind, m.subject_id, m.subject_name, m.method, m.score,
               m.entry_id, e.list, e.schema, e.name AS entry_name, m.matched_name, e.imo, e.country,
               e.programs, e.designated_on,
               EXISTS (SELECT 1 FROM sanction_suppressions s WHERE s.entry_id = m.entry_id
                       AND s.subject_id IN ('*', m.subject_id)) AS suppressed
        FROM sanction_matches m JOIN sanction_entries e USING (entry_id)
        WHERE m.score >= ? AND (? IS NULL OR m.subject_kind = ?)
        ORDER BY m.score DESC, m.subject_kind, m.subject_id, e.name""", [min_score, subject_kind, subject_kind])
    return [r for r in rows if include_suppressed or not r["suppressed"]]


def matches_for(ws: Workspace, subject_kind: str, subject_id: str) -> list[dict[str, Any]]:
    """Unsuppressed matches of one vessel (MMSI), actor ('PRK:Name') or event id."""
    return [r for r in list_matches(ws, subject_kind=subject_kind) if r["subject_id"] == subject_id]
