"""The data behind every page: one function per page, called by the HTML page and its ``/api`` twin alike.

Each function reads through the calling thread's cursor and returns plain
JSON-able dicts. Analyses come from ``axiswatch.analysis`` and the brief from
``axiswatch.report``; nothing is recomputed here. Whatever depends only on the
workspace state is cached under the resolve fingerprint (see ``state``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from axiswatch.errors import NotFound, UsageError
from axiswatch.web.state import WebState

MAX_PAGE = 500
CERTAINTIES = ("confirmed", "reported", "alleged", "speculative")


def split_list(values: list[str] | str | None) -> list[str] | None:
    """Query values as a list: repeated parameters and comma-separated ones both work."""
    if values is None:
        return None
    items = [values] if isinstance(values, str) else values
    out = [p.strip() for v in items for p in v.split(",") if p.strip()]
    return out or None


def page_bounds(limit: int, offset: int) -> tuple[int, int]:
    """Clamp paging parameters to sane values."""
    if limit < 1 or offset < 0:
        raise UsageError("limit must be at least 1 and offset at least 0")
    return min(limit, MAX_PAGE), offset


def _profile_info(state: WebState) -> dict[str, Any]:
    p = state.profile
    return {"name": p.name, "title": p.title, "dyad": list(p.dyad),
            "dyad_names": [p.actors[c].name if c in p.actors else c for c in p.dyad]}


def _brief(state: WebState, since: str | None, until: str | None) -> Any:
    """The Brief object (cached), or None when the report package is not available."""
    try:
        from axiswatch.report import build_brief
    except ImportError:
        return None

    def build() -> Any:
        # build_brief resolves first when events changed, which writes: under the write lock, as jobs do,
        # or a page read while a job runs collides with the job's own resolve (DuckDB write conflict).
        with state.write_lock:
            return build_brief(state.reader(), state.profile, since, until)

    return state.cached("brief", (since, until), build)


def timeline_data(state: WebState, since: str | None = None, until: str | None = None,
                  freq: str = "month") -> dict[str, Any]:
    """Series per type and direction, the cooperation index and change points (``build_timeline``)."""
    from axiswatch.analysis.timeline import FREQS, build_timeline

    if freq not in FREQS:
        raise UsageError(f"freq must be one of {', '.join(FREQS)}")

    def compute() -> dict[str, Any]:
        tl = build_timeline(state.reader(), state.profile, since, until, freq, resolve=False).to_dict()
        # Each period's own since/until, so a click on a bar can open exactly its events.
        tl["ranges"] = [_period_range(p, freq) for p in tl["periods"]]
        tl["profile"] = _profile_info(state)
        return tl

    return state.cached("timeline", (since, until, freq), compute)


def _period_range(period: str, freq: str) -> list[str]:
    d = date.fromisoformat(period)
    if freq == "week":
        return [d.isoformat(), (d + timedelta(days=6)).isoformat()]
    return [d.strftime("%Y-%m"), d.strftime("%Y-%m")]


def ledger_data(state: WebState, since: str | None = None, until: str | None = None,
                min_confidence: float = 0.0) -> dict[str, Any]:
    """What flows each way, with the resolved events and evidence behind each line (``build_ledger``)."""
    from axiswatch.analysis.ledger import build_ledger

    def compute() -> dict[str, Any]:
        lines = build_ledger(state.reader(), state.profile, since, until, min_confidence=min_confidence,
                             resolve=False)
        return {"profile": _profile_info(state), "lines": [ln.to_dict() for ln in lines]}

    return state.cached("ledger", (since, until, min_confidence), compute)


def indicators_data(state: WebState, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """Every profile indicator's status, trend and last evidence (``evaluate_indicators``, not recorded)."""
    from axiswatch.analysis.indicators import evaluate_indicators

    def compute() -> dict[str, Any]:
        rows = evaluate_indicators(state.reader(), state.profile, since, until, record=False, resolve=False)
        return {"profile": _profile_info(state), "indicators": [r.to_dict() for r in rows]}

    return state.cached("indicators", (since, until), compute)


def network_data(state: WebState, since: str | None = None, until: str | None = None,
                 scope: str = "dyad") -> dict[str, Any]:
    """Actors, edges, reactions and bloc alignment around the dyad (``build_network``)."""
    from axiswatch.analysis.network import build_network

    if scope not in ("dyad", "all"):
        raise UsageError("scope must be 'dyad' or 'all'")

    def compute() -> dict[str, Any]:
        net = build_network(state.reader(), state.profile, since, until, scope=scope, resolve=False)
        return {"profile": _profile_info(state), **net.to_dict()}

    return state.cached("network", (since, until, scope), compute)


def alerts_data(state: WebState, kind: str | None = None, unacknowledged: bool = False,
                limit: int = 100) -> dict[str, Any]:
    """The alerts raised, newest first (``list_alerts``)."""
    from axiswatch.analysis.indicators import list_alerts
    from axiswatch.watch.sources import list_sources

    limit, _ = page_bounds(limit, 0)
    out = dict(state.cached("alerts", (kind, unacknowledged, limit), lambda: {
        "alerts": list_alerts(state.reader(), kind=kind, unacknowledged=unacknowledged, limit=limit)}))
    # watched sources' health changes with every check, not with the events: never cached
    out["sources"] = [{**src.to_dict(), "health": src.health} for src in list_sources(state.reader())]
    return out


def overview_data(state: WebState) -> dict[str, Any]:
    """The bottom line, the index with change points, latest firm events, lit indicators, recent alerts."""

    def compute() -> dict[str, Any]:
        from axiswatch.analysis.resolve import evidence_for

        brief = _brief(state, None, None)
        bottom = ([" ".join(s.text for s in p.sentences) for p in brief.bluf] if brief is not None else [])
        tl = timeline_data(state)
        ws = state.reader()
        a, b = state.profile.dyad
        latest = ws.records(
            "SELECT resolved_id, event_type, source, target, commodity, date, confidence, estimative, "
            "certainty, mentions, independent_sources FROM resolved_events "
            "WHERE confidence >= 0.6 AND list_contains(?, source) AND list_contains(?, target) "
            "ORDER BY date_last DESC NULLS LAST, confidence DESC, resolved_id LIMIT 8", [[a, b], [a, b]])
        ev = evidence_for(ws, [r["resolved_id"] for r in latest], limit=1)
        for r in latest:
            r["evidence"] = ev.get(r["resolved_id"], [])
        counts = ws.records(
            "SELECT (SELECT count(*) FROM documents) AS documents, "
            "(SELECT count(*) FROM events WHERE NOT superseded) AS events, "
            "(SELECT count(*) FROM resolved_events) AS resolved_events")[0]
        lit = [i for i in indicators_data(state)["indicators"] if i["status"] != "not observed"]
        return {"profile": _profile_info(state), "bottom_line": bottom, "counts": counts,
                "index": tl["index"], "change_points": tl["change_points"], "latest_events": latest,
                "indicators_lit": lit, "alerts": alerts_data(state, limit=10)["alerts"]}

    return state.cached("overview", (), compute)


def events_data(state: WebState, *, since: str | None = None, until: str | None = None,
                types: list[str] | None = None, actors: list[str] | None = None,
                certainty: list[str] | None = None, source_kinds: list[str] | None = None,
                sources: list[str] | None = None, targets: list[str] | None = None,
                commodities: list[str] | None = None, document_id: str | None = None,
                resolved: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """A page of events with evidence, filtered like ``axiswatch events`` (plus direction, flow, resolved)."""
    from axiswatch.analysis.resolve import date_bounds
    from axiswatch.store.events import query_events

    limit, offset = page_bounds(limit, offset)
    date_bounds(since, until)  # a clear 400 for a bad date, before any query
    bad = [c for c in certainty or [] if c not in CERTAINTIES]
    if bad:
        raise UsageError(f"certainty {bad[0]!r}: use one of {', '.join(CERTAINTIES)}")
    filters = {"since": since, "until": until, "type": types, "actor": actors, "certainty": certainty,
               "source_kind": source_kinds, "source": sources, "target": targets, "commodity": commodities,
               "document_id": document_id, "resolved": resolved}
    key = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.items()) + (limit, offset)

    def compute() -> dict[str, Any]:
        ws = state.reader()
        ids = None
        if resolved:
            ids = [r[0] for r in ws.fetchall(
                "SELECT event_id FROM resolved_members WHERE resolved_id = ? ORDER BY event_id", [resolved])]
            if not ids:
                return {"filters": filters, "events": [], "limit": limit, "offset": offset, "next_offset": None}
        rows = query_events(ws, since=since, until=until, types=types, actors=actors, certainty=certainty,
                            origin_kinds=source_kinds, document_id=document_id, sources=sources,
                            targets=targets, commodities=commodities, event_ids=ids,
                            limit=limit + 1, offset=offset)
        more = len(rows) > limit
        return {"filters": filters, "events": rows[:limit], "limit": limit, "offset": offset,
                "next_offset": offset + limit if more else None}

    return state.cached("events", key, compute)


def documents_data(state: WebState, *, search: str | None = None, since: str | None = None,
                   until: str | None = None, kind: str | None = None, limit: int = 50,
                   offset: int = 0) -> dict[str, Any]:
    """A page of documents, or the best matches of a search over texts and titles (BM25)."""
    from axiswatch.analysis.resolve import date_bounds
    from axiswatch.store.documents import list_documents, search_documents

    limit, offset = page_bounds(limit, offset)
    date_bounds(since, until)
    search = (search or "").strip()[:200] or None

    def compute() -> dict[str, Any]:
        ws = state.reader()
        if search:
            # BM25 ranks, it does not page: take enough rows for this page and one more
            rows = search_documents(ws, search, since=since, until=until, limit=offset + limit + 1)[offset:]
        else:
            rows = list_documents(ws, since=since, until=until, kind=kind, limit=limit + 1, offset=offset)
        more = len(rows) > limit
        return {"filters": {"search": search, "since": since, "until": until, "kind": kind},
                "documents": rows[:limit], "limit": limit, "offset": offset,
                "next_offset": offset + limit if more else None}

    return state.cached("documents", (search, since, until, kind, limit, offset), compute)


def document_data(state: WebState, document_id: str) -> dict[str, Any]:
    """One document, its events, its text cut into segments marking each event's evidence span, and links
    from each event to the other mentions of the same resolved event."""
    from axiswatch.store.documents import get_document
    from axiswatch.store.events import query_events

    if len(document_id) > 200:
        raise NotFound("no such document")

    def compute() -> dict[str, Any]:
        ws = state.reader()
        doc = get_document(ws, document_id)
        events = query_events(ws, document_id=document_id)
        ids = [e["id"] for e in events]
        links: dict[str, dict[str, Any]] = {i: {"resolved_id": None, "others": []} for i in ids}
        if ids:
            for eid, rid, other, other_doc in ws.fetchall(
                    "SELECT m.event_id, m.resolved_id, o.event_id, e.document_id FROM resolved_members m "
                    "LEFT JOIN resolved_members o ON o.resolved_id = m.resolved_id AND o.event_id <> m.event_id "
                    "LEFT JOIN events e ON e.event_id = o.event_id "
                    "WHERE list_contains(?, m.event_id) ORDER BY m.event_id, e.document_id, o.event_id", [ids]):
                links[eid]["resolved_id"] = rid
                if other is not None and len(links[eid]["others"]) < 20:
                    links[eid]["others"].append({"event_id": other, "document_id": other_doc})
        for e in events:
            e["resolved"] = links[e["id"]]
        text = doc.get("text") or ""
        return {"document": doc, "events": events, "segments": segment_text(text, events, document_id)}

    return state.cached("document", (document_id,), compute)


def segment_text(text: str, events: list[dict[str, Any]], document_id: str) -> list[dict[str, Any]]:
    """The text as consecutive segments, each with the ids of the events whose evidence covers it."""
    spans: list[tuple[int, int, str]] = []
    for e in events:
        for v in e.get("evidence") or []:
            if v.get("document_id") not in (None, document_id):
                continue
            s, t = v.get("start"), v.get("end")
            if isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(text):
                spans.append((s, t, e["id"]))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(t for _, t, _ in spans)})
    out = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        covering = sorted({eid for s, t, eid in spans if s <= lo and hi <= t})
        out.append({"text": text[lo:hi], "start": lo, "events": covering})
    return out


def map_data(state: WebState) -> dict[str, Any]:
    """Watched places (ports, crossings) and located detections as GeoJSON (``maritime.map_features``)."""
    from axiswatch.maritime.events import map_features

    def compute() -> dict[str, Any]:
        fc = map_features(state.reader(), state.profile)
        return {"profile": _profile_info(state), **fc}

    return state.cached("map", (), compute)


def brief_data(state: WebState, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """The brief's JSON form (``build_brief``), or ``{"available": false}`` without the report package."""
    brief = _brief(state, since, until)
    if brief is None:
        return {"available": False}
    return state.cached("brief-json", (since, until), lambda: {"available": True, **brief.to_dict()})


def brief_file(state: WebState, fmt: str, since: str | None = None, until: str | None = None) -> bytes:
    """The brief rendered as html, md or pdf (``report.render``), cached per workspace state."""
    from axiswatch.report import render

    brief = _brief(state, since, until)
    if brief is None:
        raise NotFound("the brief is not available in this installation")
    return state.cached("brief-file", (fmt, since, until), lambda: render(brief, fmt))
