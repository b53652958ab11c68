"""Build the brief from the workspace: call the analysis layer, turn its results into cited prose.

Nothing here recomputes analysis. The ledger, timeline, indicators, network
and the confidence rule come from ``axiswatch.analysis``; this module only
chooses what to say, in which order, and which stored evidence sentences back
it. The brief is deterministic: the "as of" date is the latest event date in
the workspace (or ``until``), never the clock, and every list is ordered.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from axiswatch.analysis.indicators import evaluate_indicators
from axiswatch.analysis.ledger import LedgerLine, build_ledger
from axiswatch.analysis.network import build_network
from axiswatch.analysis.resolve import date_bounds, ensure_resolved, evidence_for
from axiswatch.analysis.timeline import Timeline, build_timeline
from axiswatch.ontology import load_ontology
from axiswatch.profiles import Profile
from axiswatch.report import charts
from axiswatch.report.model import (
    PREDECESSORS,
    Brief,
    CitationRegistry,
    FlowSection,
    Judgement,
    LedgerRow,
    Paragraph,
    Sentence,
)
from axiswatch.report.prose import (
    actor_name,
    bare_name,
    capitalise,
    commodity_words,
    date_words,
    estimative_clause,
    event_phrase,
    flow_phrase,
    plural,
    quantity_phrase,
    span_words,
)
from axiswatch.report.sections import reactions_section, watch_section
from axiswatch.store.workspace import Workspace

RECENT_CHANGE_POINTS = 3  # "why now" discusses the last few regime changes
RECENT_YEARS = 2  # ...and at least the last two years before the as-of date
BACKGROUND_PER_DECADE = 3
# Flows that say little on their own ("other" is vague cargo): ranked after the named ones in judgements.
VAGUE_FLOWS = ("diplomatic_support", "other")
MUTUAL = {"AGREE": "{s} and {t} signed an agreement", "CONSULT": "{s} and {t} held talks",
          "COOPERATE": "{s} and {t} cooperated", "SUPPORT": "{s} and {t} backed each other"}


def build_brief(ws: Workspace, profile: Profile, since: str | None = None, until: str | None = None) -> Brief:
    """The brief of the workspace for the profile's dyad over ``since``..``until``."""
    ensure_resolved(ws, profile)
    lo, hi = date_bounds(since, until)
    a, b = profile.dyad
    names = (actor_name(profile, a), actor_name(profile, b))
    reg = CitationRegistry(ws)
    counts = _counts(ws, profile, lo, hi)
    as_of = _as_of(ws, lo, hi)
    period = _period_words(since, until)
    title = f"{profile.title}: analytic brief"
    scope = [_scope(counts, names, period, as_of)]
    if counts["dyad_events"] == 0:
        missing = _missing_empty(counts, names, period)
        return Brief(title, profile.name, (a, b), names, since, until, period, as_of, counts, scope,
                     bluf=[Paragraph([Sentence(
                         f"There is nothing to judge: the workspace holds no resolved events between "
                         f"{names[0]} and {names[1]} for {period}. Add documents or datasets "
                         f"('axiswatch ingest', then 'axiswatch extract') and run the brief again.")], "note")],
                     judgements=[], background=[], why_now=[], flows=[], reactions=[], watch=[],
                     watch_notes=[], sources=[], missing=missing)

    ledger = build_ledger(ws, profile, since, until)
    timeline = build_timeline(ws, profile, since, until)
    # Indicators are evaluated as of the brief's date, never today's (no dated event: nothing to evaluate).
    indicators = (evaluate_indicators(ws, profile, since, until, as_of=date.fromisoformat(as_of), record=False)
                  if as_of else [])
    network = build_network(ws, profile, since, until)
    recent = timeline.change_points[-RECENT_CHANGE_POINTS:]
    cutoff = _recent_from(recent, as_of)

    bluf = _bluf(ws, profile, reg, ledger, timeline, indicators)
    judgements = _judgements(ws, profile, reg, ledger, indicators)
    background = _background(ws, profile, reg, hi, cutoff)
    shown = charts.window_start(timeline) or ""
    numbers = {cp["date"]: k for k, cp in enumerate((c for c in recent if c["date"] >= shown), start=1)}
    why_now = _why_now(ws, profile, reg, recent, lo, hi, cutoff, numbers)
    flows = [_flow_section(ws, profile, reg, ledger, recipient=r) for r in (a, b)]
    reactions = reactions_section(ws, profile, reg, network, indicators)
    watch, watch_notes = watch_section(profile, reg, indicators)
    missing = _missing(counts, names, ledger, timeline, network, indicators, reg, profile)
    chart_svgs = {}
    trend = charts.trend_svg(timeline, title=f"Net cooperation {names[0]}–{names[1]} by month",
                             labels=RECENT_CHANGE_POINTS)
    if trend:
        chart_svgs["trend"] = trend
    flow_chart = charts.ledger_svg(ledger, profile)
    if flow_chart:
        chart_svgs["ledger"] = flow_chart
    counts["sources"] = len(reg.sources)
    return Brief(title, profile.name, (a, b), names, since, until, period, as_of, counts, scope, bluf,
                 judgements, background, why_now, flows, reactions, watch, watch_notes, reg.sources,
                 missing, chart_svgs)


# -- scope and counts ----------------------------------------------------------------------------------------

def _counts(ws: Workspace, profile: Profile, lo: date | None, hi: date | None) -> dict[str, int]:
    a, b = profile.dyad
    row = ws.fetchone(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events WHERE NOT superseded), "
        "count(*), count(*) FILTER (WHERE (source = $a AND target = $b) OR (source = $b AND target = $a)) "
        "FROM resolved_events WHERE ($lo IS NULL OR date_first >= $lo) AND ($hi IS NULL OR date_first <= $hi)",
        {"a": a, "b": b, "lo": lo, "hi": hi}) or (0, 0, 0, 0)
    return {"documents": int(row[0]), "events": int(row[1]), "resolved": int(row[2]),
            "dyad_events": int(row[3])}


def _as_of(ws: Workspace, lo: date | None, hi: date | None) -> str | None:
    """The brief's date: ``until`` when given, else the latest event date (never today's date)."""
    if hi:
        return hi.isoformat()
    row = ws.fetchone("SELECT max(date_last) FROM resolved_events WHERE ($1 IS NULL OR date_first >= $1)", [lo])
    return row[0].isoformat() if row and row[0] else None


def _period_words(since: str | None, until: str | None) -> str:
    if since and until:
        return f"the period from {date_words(since)} to {date_words(until)}"
    if since:
        return f"the period from {date_words(since)} on"
    if until:
        return f"the period up to {date_words(until)}"
    return "all dates in the workspace"


def _scope(counts: dict[str, int], names: tuple[str, str], period: str, as_of: str | None) -> Paragraph:
    when = f", as of {date_words(as_of)}" if as_of else ""
    text = (f"This brief covers {period}{when}. It rests on "
            f"{plural(counts['documents'], 'document')} and {plural(counts['events'], 'coded event')}, "
            f"resolved into {plural(counts['dyad_events'], 'event')} between {names[0]} and {names[1]} "
            f"({counts['resolved']} resolved events in all). Estimative words follow the ICD 203 scale "
            "from each event's confidence (certainty, source grade and independent corroboration); "
            "numbers in brackets refer to the numbered sources at the end.")
    return Paragraph([Sentence(text)], "note")


def _recent_from(recent: list[dict[str, Any]], as_of: str | None) -> date | None:
    """Where 'why now' starts: the earliest recent change point, or two years before the as-of date."""
    candidates = [date.fromisoformat(cp["date"]) for cp in recent]
    if as_of:
        d = date.fromisoformat(as_of)
        candidates.append(d.replace(day=1) - timedelta(days=365 * RECENT_YEARS))
    return min(candidates) if candidates else None


# -- bottom line and judgements ------------------------------------------------------------------------------

def _ranked(ledger: list[LedgerLine], target: str) -> list[LedgerLine]:
    """Lines towards ``target``: material flows first (what analysts are asked about), then by confidence."""
    return sorted((ln for ln in ledger if ln.target == target),
                  key=lambda ln: (ln.commodity in VAGUE_FLOWS, -ln.confidence, -ln.mentions, ln.commodity))


def _top_line(ledger: list[LedgerLine], target: str) -> LedgerLine | None:
    lines = _ranked(ledger, target)
    return lines[0] if lines else None


def _bluf(ws: Workspace, profile: Profile, reg: CitationRegistry, ledger: list[LedgerLine],
          timeline: Timeline, indicators: list[Any]) -> list[Paragraph]:
    a, b = profile.dyad
    sentences: list[Sentence] = []
    for recipient in (a, b):
        line = _top_line(ledger, recipient)
        if line is None:
            continue
        others = sorted({ln.commodity for ln in ledger if ln.target == recipient} - {line.commodity})
        extra = (f"; the ledger also records {_join(commodity_words(c) for c in others)}"
                 if others else "")
        sentences.append(Sentence(
            capitalise(estimative_clause(line.estimative, flow_phrase(profile, line.source, line.target,
                                                                     line.commodity)))
            + f" (confidence {line.confidence:.2f}){extra}.", reg.cite_all(line.evidence, 2)))
    if timeline.change_points:
        cp = timeline.change_points[-1]
        cites = reg.cite_all([e for ev in cp["events"] for e in ev.get("evidence", [])], 2)
        verb = "deepening" if cp["shift"] == "deepening" else "cooling"
        sentences.append(Sentence(
            f"The relationship has been {verb} since {date_words(cp['date'][:7])}: the monthly net cooperation "
            f"score moved from {cp['before']:+.1f} to {cp['after']:+.1f} on average.", cites))
    hot = [i for i in indicators if i.status == "escalating"]
    seen = [i for i in indicators if i.status == "observed"]
    if hot or seen:
        cites = [c for i in (hot or seen)[:3] if i.last_evidence
                 for c in reg.cite_all(i.last_evidence.get("evidence"), 1)]
        if hot:
            text = (f"{plural(len(hot), 'indicator')} of {len(indicators)} "
                    f"{'is' if len(hot) == 1 else 'are'} escalating: {_join(i.name for i in hot)}.")
        else:
            text = (f"{plural(len(seen), 'indicator')} of {len(indicators)} "
                    f"{'is' if len(seen) == 1 else 'are'} observed and none is escalating.")
        sentences.append(Sentence(text, cites))
    cited = [s for s in sentences if s.cites]
    return [Paragraph(cited)] if cited else []


def _basis(ws: Workspace, resolved_ids: list[str]) -> str:
    """How the best-established event behind a judgement was sourced (read from resolved_events)."""
    row = ws.fetchone(
        "SELECT certainty, independent_sources, best_grade, contested FROM resolved_events "
        "WHERE list_contains(?, resolved_id) ORDER BY confidence DESC, resolved_id LIMIT 1", [resolved_ids])
    if not row:
        return ""
    text = (f"best report {row[0]}, {plural(int(row[1]), 'independent source')}, best source grade {row[2]}")
    return text + ("; contested by a denial" if row[3] else "")


def _judgements(ws: Workspace, profile: Profile, reg: CitationRegistry, ledger: list[LedgerLine],
                indicators: list[Any]) -> list[Judgement]:
    out: list[Judgement] = []
    for recipient in profile.dyad:
        for ln in _ranked(ledger, recipient)[:2]:
            qty = "; ".join(quantity_phrase(q) for q in ln.quantities)
            text = capitalise(estimative_clause(ln.estimative, flow_phrase(profile, ln.source, ln.target,
                                                                          ln.commodity)))
            when = _line_span(ws, ln)
            text += f" ({qty}; {when})." if qty else f" ({when})."
            out.append(Judgement(text, ln.estimative, ln.confidence, _basis(ws, ln.events),
                                 reg.cite_all(ln.evidence, 2)))
    for ind in indicators:
        last = ind.last_evidence
        if ind.status != "escalating" or not last or not last.get("evidence"):
            continue
        clause = event_phrase(profile, last["event_type"], last["source"], last["target"], last.get("commodity"))
        text = (capitalise(estimative_clause(last["estimative"], f"{clause} ({date_words(last.get('date'))})"))
                + f"; the indicator '{ind.name}' is escalating.")
        out.append(Judgement(text, last["estimative"], float(last["confidence"]),
                             _basis(ws, [last["resolved_id"]]), reg.cite_all(last["evidence"], 1)))
    return out


# -- background and why now ----------------------------------------------------------------------------------

def _score_sql() -> str:
    """SQL CASE giving |PLOVER score| of an event type (how much an event weighs in the story)."""
    arms = " ".join(f"WHEN '{t}' THEN {abs(spec.score)!r}" for t, spec in load_ontology().event_types.items())
    return f"(CASE event_type {arms} ELSE 0.0 END)"


def _dyad_events(ws: Workspace, profile: Profile, lo: date | None, hi: date | None,
                 before: date | None = None, after: date | None = None, *, per_decade: int | None = None,
                 last: int | None = None) -> list[dict[str, Any]]:
    """Resolved events between the two sides (or their predecessor states), oldest first.

    The selection happens in SQL so a GDELT-sized workspace never comes into Python: ``per_decade``
    keeps the highest-weighted events of each decade, ``last`` the latest ones; every row carries
    ``in_decade``, the number of events its decade holds.
    """
    a, b = profile.dyad
    sides = {a: [a], b: [b]}
    for old, new in PREDECESSORS.items():
        if new in sides:
            sides[new].append(old)
    keep = ""
    if per_decade:
        keep = f"QUALIFY row_number() OVER (PARTITION BY decade ORDER BY weight DESC, date_first, resolved_id) " \
               f"<= {int(per_decade)}"
    sql = (
        "SELECT resolved_id, event_type, source, target, commodity, date, date_first, confidence, estimative, "
        "year(date_first) // 10 * 10 AS decade, count(*) OVER (PARTITION BY year(date_first) // 10) AS in_decade, "
        f"{_score_sql()} * confidence AS weight "
        "FROM resolved_events WHERE date_first IS NOT NULL "
        "AND ((list_contains($sa, source) AND list_contains($sb, target)) "
        "  OR (list_contains($sb, source) AND list_contains($sa, target))) "
        "AND ($lo IS NULL OR date_first >= $lo) AND ($hi IS NULL OR date_first <= $hi) "
        "AND ($before IS NULL OR date_first < $before) AND ($after IS NULL OR date_first >= $after) "
        f"{keep} ")
    if last:
        sql += f"ORDER BY date DESC, resolved_id DESC LIMIT {int(last)}"
        rows = ws.records(sql, {"sa": sides[a], "sb": sides[b], "lo": lo, "hi": hi, "before": before, "after": after})
        return sorted(rows, key=lambda r: (r["date_first"], r["event_type"], r["source"], r["target"],
                                           r["resolved_id"]))
    sql += "ORDER BY date_first, event_type, source, target, resolved_id"
    return ws.records(sql, {"sa": sides[a], "sb": sides[b], "lo": lo, "hi": hi, "before": before, "after": after})


def _merge_mutual(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Symmetric acts are coded both ways; tell them once ('X and Y signed an agreement')."""
    out: list[dict[str, Any]] = []
    index: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:
        key = (r["event_type"], r["date"], r["commodity"], frozenset((r["source"], r["target"])))
        other = index.get(key)
        if other is not None and other["source"] == r["target"] and r["event_type"] in MUTUAL:
            other["mutual"] = True
            other["ids"].append(r["resolved_id"])
            other["confidence"] = max(other["confidence"], r["confidence"])
            continue
        r = dict(r, mutual=False, ids=[r["resolved_id"]])
        index[key] = r
        out.append(r)
    return out


def _event_sentence(profile: Profile, reg: CitationRegistry, r: dict[str, Any],
                    evidence: dict[str, list[dict[str, Any]]]) -> Sentence | None:
    """'In July 1961, the Soviet Union and North Korea signed an agreement [1].' (None without evidence)."""
    cites = reg.cite_all([e for rid in r["ids"] for e in evidence.get(rid, [])], 2)
    if not cites:
        return None
    if r.get("mutual"):
        clause = MUTUAL[r["event_type"]].format(s=actor_name(profile, r["source"]),
                                                 t=actor_name(profile, r["target"]))
    else:
        clause = event_phrase(profile, r["event_type"], r["source"], r["target"], r["commodity"])
    when = date_words(r["date"])
    lead = f"On {when}" if len(r["date"] or "") >= 10 else f"In {when}"
    hedge = "" if r["estimative"] in ("very likely", "almost certain") else f" ({r['estimative']})"
    return Sentence(f"{lead}, {clause}{hedge}.", cites)


def _background(ws: Workspace, profile: Profile, reg: CitationRegistry, hi: date | None,
                cutoff: date | None) -> list[Paragraph]:
    # History is context whatever --since says: everything before the recent period counts.
    # Twice the quota per decade, so that merging acts coded both ways still leaves enough to choose from.
    rows = _merge_mutual(_dyad_events(ws, profile, None, hi, before=cutoff, per_decade=2 * BACKGROUND_PER_DECADE))
    if not rows:
        return [Paragraph([Sentence("The workspace holds no dated events between the two sides before the "
                                    "recent period, so the brief cannot tell the relationship's history; "
                                    "the bundled baseline timeline would supply it.")], "note")]
    decades: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        decades.setdefault(r["date_first"].year // 10 * 10, []).append(r)
    evidence = evidence_for(ws, [i for r in rows for i in r["ids"]], limit=2)
    out = []
    for _decade, items in sorted(decades.items()):
        top = sorted(items, key=lambda r: (-r["weight"], r["date_first"], r["resolved_id"]))[:BACKGROUND_PER_DECADE]
        top.sort(key=lambda r: (r["date_first"], r["resolved_id"]))
        sentences = [s for r in top if (s := _event_sentence(profile, reg, r, evidence))]
        further = int(items[0]["in_decade"]) - sum(len(r["ids"]) for r in top)
        if further > 0:
            sentences.append(Sentence(f"The workspace records {plural(further, 'further event')} in "
                                      f"the {_decade}s.", []))
        if any(s.cites for s in sentences):
            out.append(Paragraph(sentences))
    return out


def _why_now(ws: Workspace, profile: Profile, reg: CitationRegistry, recent: list[dict[str, Any]],
             lo: date | None, hi: date | None, cutoff: date | None, numbers: dict[str, int]) -> list[Paragraph]:
    out: list[Paragraph] = []
    used: set[str] = set()
    for cp in recent:
        verb = "deepened" if cp["shift"] == "deepening" else "cooled"
        mark = f" (point {numbers[cp['date']]} on the chart)" if cp["date"] in numbers else ""
        head = Sentence(f"From {date_words(cp['date'][:7])}{mark} the relationship {verb}: the monthly net "
                        f"cooperation score went from {cp['before']:+.1f} to {cp['after']:+.1f} on average.")
        body = []
        told: set[tuple[Any, ...]] = set()
        # The timeline ranks events by weight; tell the top ones in date order.
        for ev in sorted(cp["events"][:4], key=lambda e: (e.get("date") or "", e["id"])):
            cites = reg.cite_all(ev.get("evidence"), 1)
            pair = (ev["event_type"], ev.get("date"), frozenset(ev["direction"].split("->", 1)))
            if not cites or (pair in told and ev["event_type"] in MUTUAL):
                continue  # a symmetric act coded both ways is told once
            told.add(pair)
            used.add(ev["id"])
            src, _, dst = ev["direction"].partition("->")
            clause = event_phrase(profile, ev["event_type"], src, dst, ev.get("commodity"))
            hedge = "" if ev["estimative"] in ("very likely", "almost certain") else f", {ev['estimative']}"
            body.append(Sentence(f"{capitalise(clause)} ({date_words(ev.get('date'))}{hedge}).", cites))
        if body:
            out.append(Paragraph([head, *body]))
        else:
            out.append(Paragraph([Sentence(head.text + " No evidence sentence is stored for the events "
                                           "around it.")], "note"))
    rows = [r for r in _merge_mutual(_dyad_events(ws, profile, lo, hi, after=cutoff, last=20))
            if not set(r["ids"]) & used]
    latest = sorted(rows, key=lambda r: (r["date"], r["resolved_id"]))[-5:]
    evidence = evidence_for(ws, [i for r in latest for i in r["ids"]], limit=2)
    sentences = [s for r in latest if (s := _event_sentence(profile, reg, r, evidence))]
    if sentences:
        since_words = date_words(cutoff.isoformat()[:7]) if cutoff else "the start"
        lead = Sentence(f"{'Other events' if out else 'Events'} since {since_words}:")
        out.append(Paragraph([lead, *sentences]))
    if not out:
        out.append(Paragraph([Sentence("No change point was found in the monthly series and no recent event "
                                       "is stored, so nothing marks the present as a turning point.")], "note"))
    return out


# -- what each side gets -------------------------------------------------------------------------------------

def _flow_section(ws: Workspace, profile: Profile, reg: CitationRegistry, ledger: list[LedgerLine],
                  recipient: str) -> FlowSection:
    name = actor_name(profile, recipient)
    lines = sorted((ln for ln in ledger if ln.target == recipient),
                   key=lambda ln: (-ln.confidence, ln.commodity))
    paragraphs: list[Paragraph] = []
    rows: list[LedgerRow] = []
    for ln in lines:
        cites = reg.cite_all(ln.evidence, 3)
        qty = "; ".join(quantity_phrase(q) for q in ln.quantities) or "no quantity reported"
        period = _line_span(ws, ln)
        clause = flow_phrase(profile, ln.source, ln.target, ln.commodity)
        sentences = [Sentence(f"{capitalise(estimative_clause(ln.estimative, clause))} "
                              f"(confidence {ln.confidence:.2f}; {period}): {qty}, from "
                              f"{plural(len(ln.events), 'resolved event')} and {plural(ln.mentions, 'report')}.",
                              cites)]
        if ln.contested:
            denials = _denials(ws, ln.events)
            sentences.append(Sentence(
                "One of these events is contested by a denial." if ln.contested == 1 else
                f"{ln.contested} of these events are contested by denials.",
                reg.cite_all(denials, 1)))
        paragraphs.append(Paragraph(sentences))
        rows.append(LedgerRow(ln.source, ln.target, ln.commodity, commodity_words(ln.commodity),
                              bare_name(profile, ln.source), qty, period,
                              ln.estimative, ln.confidence, len(ln.events), ln.mentions, ln.contested, cites))
    if not lines:
        paragraphs.append(Paragraph([Sentence(f"The ledger records no flow towards {name} in this period.")],
                                    "note"))
    return FlowSection(f"gets-{recipient.lower()}", f"What {name} gets", recipient, paragraphs, rows)


def _line_span(ws: Workspace, ln: LedgerLine) -> str:
    """The dates of a ledger line as precise as its events (a month-only report stays a month)."""
    row = ws.fetchone(
        "SELECT arg_min(date, date_first), arg_max(date, date_last) FROM resolved_events "
        "WHERE list_contains(?, resolved_id) AND date_first IS NOT NULL", [ln.events])
    if not row or row[0] is None:
        return span_words(ln.first_date, ln.last_date)
    return span_words(row[0], row[1])


def _denials(ws: Workspace, resolved_ids: list[str]) -> list[dict[str, Any]]:
    rows = ws.fetchall("SELECT DISTINCT denial_id FROM resolved_contradictions "
                       "WHERE list_contains(?, resolved_id) ORDER BY denial_id", [resolved_ids])
    ids = [r[0] for r in rows]
    ev = evidence_for(ws, ids, limit=1)
    return [e for i in ids for e in ev.get(i, [])]


# -- what is missing -----------------------------------------------------------------------------------------

def _missing_empty(counts: dict[str, int], names: tuple[str, str], period: str) -> list[str]:
    out = []
    if counts["documents"] == 0:
        out.append("No documents: nothing has been ingested into this workspace.")
    if counts["events"] == 0:
        out.append("No coded events: run 'axiswatch extract' on the ingested documents, or load a dataset.")
    out.append(f"No resolved events between {names[0]} and {names[1]} for {period}.")
    return out


def _missing(counts: dict[str, int], names: tuple[str, str], ledger: list[LedgerLine], timeline: Timeline,
             network: Any, indicators: list[Any], reg: CitationRegistry, profile: Profile) -> list[str]:
    out = []
    for code, name in zip(profile.dyad, names, strict=True):
        if not any(ln.target == code for ln in ledger):
            out.append(f"No ledger flow towards {name}: nothing recorded as provided to it.")
    if len(timeline.periods) < 5:
        out.append(f"The monthly series has {plural(len(timeline.periods), 'period')}; change points need at "
                   "least five.")
    elif not timeline.change_points:
        out.append("No change point in the monthly series: the relationship shows no clear shift.")
    if not network.reactions:
        out.append("No third-party reactions (sanctions, condemnations, backing) in the workspace.")
    if not indicators and profile.indicators:
        out.append("No dated event, so the indicators cannot be evaluated.")
    quiet = [i.name for i in indicators if i.last_evidence is None]
    if quiet:
        out.append(f"{plural(len(quiet), 'indicator')} {'has' if len(quiet) == 1 else 'have'} no matching "
                   f"event at all: {_join(quiet)}.")
    ungraded = [s.number for s in reg.sources if not s.grade or s.grade == "F"]
    if ungraded:
        out.append(f"{plural(len(ungraded), 'source')} cannot be graded (grade F or unknown publisher): "
                   f"{', '.join(f'[{n}]' for n in ungraded)}.")
    return out


def _join(items: Any) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
