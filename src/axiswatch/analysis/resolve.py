"""Resolve and corroborate: cluster the mentions of one real-world event across documents and datasets.

Every step is one SQL statement over the ``events`` table, so a million events
resolve in seconds. The clustering rule:

* Mentions can only merge when they share event type, source, target and commodity.
* **Dates.** Day-precise mentions chain when they are at most ``day_tolerance``
  days apart (two dataset rows only on the same day: datasets give exact dates
  and one row per event-day); a chain is cut into consecutive windows of
  ``max_span_days + 1`` days from its first mention, so a steady stream of
  reports never melts into one event. A month-precise mention joins the day
  cluster of the same month with most mentions, else forms a month cluster; a year-precise
  one joins the busiest cluster of its year, else forms a year cluster. Undated
  mentions form one undated cluster per type, dyad and commodity.
* **Quantities.** Within a date cluster, mentions in the same normalised unit
  chain while each value is at most ``quantity_ratio`` times the previous one;
  a mention without a quantity joins the sub-cluster with most mentions.
* The resolved id hashes the cluster's key (type, dyad, commodity, anchor
  date, unit, smallest quantity): the same input always gives the same ids.

Independent sources: a text mention counts its root document's publisher
(``duplicate_of`` points syndicated copies and near-duplicates to the original),
or the document itself when the publisher is unknown; a dataset mention counts
its dataset. Denials (REJECT by a party to an AID/COOPERATE flow of the dyad,
about the same commodity or aimed at the other party, within
``denial_window_days``; an undated event counts from its first publication date)
are linked in ``resolved_contradictions`` and mark the report ``contested``.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from axiswatch.analysis.confidence import (
    certainty_from_rank_sql,
    certainty_rank_sql,
    confidence_sql,
    dataset_grade_sql,
    estimative_sql,
)
from axiswatch.errors import UsageError, WorkspaceError
from axiswatch.ids import make_id
from axiswatch.ontology import EVENT_TYPES
from axiswatch.profiles import Profile
from axiswatch.store.events import date_start
from axiswatch.store.workspace import Workspace

FINGERPRINT_KEY = "analysis.resolve_fingerprint"
RULE_KEY = "analysis.resolve_rule"
# Bump when the clustering or confidence rule changes, so stored results are rebuilt on the next run.
RULE_VERSION = "1"
QUARANTINE_RUN = "analysis.resolve"

# Unit spellings -> (normalised unit, factor). Anything else is lower-cased as is.
UNIT_ALIASES: dict[str, tuple[str, float]] = {
    **{u: ("rounds", 1.0) for u in ("rounds", "round", "shells", "shell", "artillery shells",
                                    "artillery shell", "artillery rounds", "ammunition", "munitions")},
    **{u: ("troops", 1.0) for u in ("troops", "troop", "soldiers", "soldier", "personnel",
                                    "military personnel", "servicemen", "special forces",
                                    "special forces troops", "sappers", "combat engineers", "military engineers")},
    **{u: ("workers", 1.0) for u in ("workers", "worker", "labourers", "laborers")},
    **{u: ("barrels", 1.0) for u in ("barrels", "barrel", "bbl", "barrels of oil",
                                     "barrels of refined petroleum")},
    **{u: ("tonnes", 1.0) for u in ("tonnes", "tonne", "tons", "ton", "metric tons", "metric tonnes", "t")},
    "kg": ("tonnes", 0.001),
    **{u: ("containers", 1.0) for u in ("containers", "container")},
    **{u: ("missiles", 1.0) for u in ("missiles", "missile", "ballistic missiles", "cruise missiles")},
    **{u: ("USD", 1.0) for u in ("usd", "$", "dollars", "us dollars", "u.s. dollars")},
}


@dataclass
class ResolveOptions:
    """Tolerances of the clustering rule."""

    day_tolerance: int = 3
    max_span_days: int = 7
    quantity_ratio: float = 2.0
    denial_window_days: int = 30


@dataclass
class ResolveSummary:
    """What a resolve run did."""

    mentions: int = 0
    resolved: int = 0
    corroborated: int = 0  # resolved events with two or more independent sources
    contested: int = 0
    rejected: int = 0  # mentions quarantined (unknown type, unreadable date)
    up_to_date: bool = False  # nothing changed since the last resolve; tables left as they were
    seconds: float = 0.0
    by_estimative: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


def fingerprint(ws: Workspace) -> str:
    """A cheap digest of everything resolve reads; changes whenever an input row changes."""
    row = ws.fetchone(
        "SELECT (SELECT count(*) || ':' || coalesce(sum(hash(event_id, event_type, source, target, "
        "commodity, date, quantity_value, quantity_unit, certainty, superseded, document_id, attrs)), 0) "
        "FROM events), "
        "(SELECT count(*) || ':' || coalesce(sum(hash(document_id, duplicate_of, publisher_id)), 0) "
        "FROM documents), "
        "(SELECT count(*) || ':' || coalesce(sum(hash(publisher_id, grade)), 0) FROM publishers)")
    return "|".join(str(x) for x in row or ())


def _rule_version() -> str:
    """The rule's version and a digest of its unit table (editing the aliases changes the results too)."""
    return f"rule {RULE_VERSION}.{make_id('u', *sorted(f'{k}={u}*{f}' for k, (u, f) in UNIT_ALIASES.items()))}"


def _rule(profile: Profile, opts: ResolveOptions) -> str:
    """What the stored results depend on besides the data: the rule version, the dyad and the tolerances."""
    return f"{_rule_version()}|{'-'.join(profile.dyad)}|{sorted(asdict(opts).items())}"


def needs_resolve(ws: Workspace, profile: Profile | None = None, options: ResolveOptions | None = None) -> bool:
    """True when events, documents or publishers (or, given a profile, the rule or its settings) changed."""
    if ws.get_setting(FINGERPRINT_KEY) != fingerprint(ws):
        return True
    rule = ws.get_setting(RULE_KEY) or ""
    if profile is None:
        return not str(rule).startswith(_rule_version() + "|")
    return bool(rule != _rule(profile, options or ResolveOptions()))


def ensure_resolved(ws: Workspace, profile: Profile, options: ResolveOptions | None = None) -> ResolveSummary:
    """Run ``resolve_events`` only when its inputs changed (what the analysis verbs call first)."""
    return resolve_events(ws, profile, options)


def resolve_events(ws: Workspace, profile: Profile, options: ResolveOptions | None = None,
                   *, force: bool = False) -> ResolveSummary:
    """Cluster mentions into resolved events with corroboration and confidence; idempotent."""
    opts = options or ResolveOptions()
    t0 = time.perf_counter()
    fp, rule = fingerprint(ws), _rule(profile, opts)
    if not force and ws.get_setting(FINGERPRINT_KEY) == fp and ws.get_setting(RULE_KEY) == rule:
        out = _summary(ws)
        out.up_to_date = True
        out.seconds = round(time.perf_counter() - t0, 3)
        return out
    if ws.read_only:
        raise WorkspaceError(f"workspace {ws.path} is open read-only and its events changed since the last "
                             "resolve; run 'axiswatch resolve' (or open it for writing) first")
    dyad = list(profile.dyad)
    ws.execute("SET enable_progress_bar = false")  # DuckDB's bar would go to stdout, into JSON output
    with ws.transaction() as con:
        con.execute("CREATE OR REPLACE TEMP TABLE _rv_units (raw VARCHAR, unit VARCHAR, factor DOUBLE)")
        con.executemany("INSERT INTO _rv_units VALUES (?, ?, ?)",
                        [[k, u, f] for k, (u, f) in UNIT_ALIASES.items()])
        con.execute("DELETE FROM quarantine WHERE run_id = ?", [QUARANTINE_RUN])
        con.execute(
            "INSERT INTO quarantine (run_id, origin, location, reason, sample) "
            "SELECT ?, 'events', 'event ' || event_id, CASE WHEN NOT list_contains(?, event_type) "
            "THEN 'field event_type: unknown PLOVER type ' || event_type "
            "ELSE 'field date: cannot read date ' || date END, event_type || ' ' || source || '->' || target "
            "FROM events WHERE NOT superseded AND (NOT list_contains(?, event_type) "
            "OR (date IS NOT NULL AND date <> '' AND date_start IS NULL))",
            [QUARANTINE_RUN, list(EVENT_TYPES), list(EVENT_TYPES)])
        con.execute(_BASE_SQL.format(grade=dataset_grade_sql("e.origin_kind")), [list(EVENT_TYPES)])
        con.execute(_DAY_SQL, [opts.day_tolerance, opts.max_span_days])
        con.execute(_DATE_CLUSTER_SQL)
        con.execute(_QUANTITY_SQL, [opts.quantity_ratio])
        con.execute("DELETE FROM resolved_contradictions")
        con.execute("DELETE FROM resolved_members")
        con.execute("DELETE FROM resolved_events")
        con.execute("INSERT INTO resolved_members SELECT b.event_id, q.resolved_id FROM _rv_base b "
                    "JOIN _rv_q q USING (rid)")
        con.execute(_RESOLVED_SQL.format(
            rank=certainty_rank_sql("certainty"), cert=certainty_from_rank_sql("min(rank)"),
            conf=confidence_sql("certainty", "best_grade", "independent_sources", "dataset_cap"),
            words=estimative_sql("confidence")))
        con.execute(_CONTRADICTION_SQL, [dyad, dyad, opts.denial_window_days])
        con.execute("UPDATE resolved_events SET contested = true WHERE resolved_id IN "
                    "(SELECT resolved_id FROM resolved_contradictions)")
        for t in ("_rv_units", "_rv_base", "_rv_day", "_rv_dc", "_rv_q"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
        ws.set_setting(FINGERPRINT_KEY, fp)
        ws.set_setting(RULE_KEY, rule)
    out = _summary(ws)
    out.seconds = round(time.perf_counter() - t0, 3)
    return out


def _summary(ws: Workspace) -> ResolveSummary:
    row = ws.fetchone(
        "SELECT (SELECT count(*) FROM resolved_members), count(*), "
        "count(*) FILTER (independent_sources > 1), count(*) FILTER (contested), "
        "(SELECT count(*) FROM quarantine WHERE run_id = ?) FROM resolved_events",
        [QUARANTINE_RUN]) or (0, 0, 0, 0, 0)
    words = dict(ws.fetchall("SELECT estimative, count(*) FROM resolved_events GROUP BY 1 ORDER BY 1"))
    return ResolveSummary(mentions=row[0], resolved=row[1], corroborated=row[2], contested=row[3],
                          rejected=row[4], by_estimative=words)


# One row per usable mention with its precision, normalised quantity, independent-source key and grade.
_BASE_SQL = """
CREATE OR REPLACE TEMP TABLE _rv_base AS
SELECT e.rowid AS rid, hash(e.event_id) AS eh, e.event_id, e.origin_kind, e.document_id, e.event_type, e.mode,
       e.source, e.target,
       coalesce(e.commodity, '') AS commodity, e.date_start AS d,
       CASE WHEN e.date_start IS NULL THEN 'none' WHEN length(e.date) >= 10 THEN 'day'
            WHEN length(e.date) = 7 THEN 'month' ELSE 'year' END AS precision,
       e.quantity_value * coalesce(u.factor, 1) AS q,
       CASE WHEN e.quantity_value IS NULL THEN NULL
            ELSE coalesce(u.unit, lower(trim(coalesce(e.quantity_unit, '')))) END AS unit,
       try_cast(json_extract_string(e.attrs, '$.quantity_high') AS DOUBLE) * coalesce(u.factor, 1) AS q_high,
       e.certainty, e.confidence AS mention_confidence,
       CASE WHEN e.document_id IS NULL THEN 'dataset:' || e.origin_kind
            ELSE coalesce('pub:' || root.publisher_id, 'pub:' || doc.publisher_id,
                          'doc:' || coalesce(doc.duplicate_of, e.document_id)) END AS source_key,
       CASE WHEN e.document_id IS NULL THEN {grade}
            ELSE coalesce(rp.grade, dp.grade, 'F') END AS grade
FROM events e
LEFT JOIN _rv_units u ON u.raw = lower(trim(e.quantity_unit))
LEFT JOIN documents doc ON doc.document_id = e.document_id
LEFT JOIN documents root ON root.document_id = doc.duplicate_of
LEFT JOIN publishers rp ON rp.publisher_id = coalesce(root.publisher_id, doc.publisher_id)
LEFT JOIN publishers dp ON dp.publisher_id = doc.publisher_id
WHERE NOT e.superseded AND list_contains(?, e.event_type)
  AND NOT (e.date IS NOT NULL AND e.date <> '' AND e.date_start IS NULL)
"""

# Day-precise mentions: a new chain starts after a gap longer than the tolerance; a chain is cut into
# windows of max_span_days + 1 days from its first mention, and a window's start date keys the cluster.
# Chain number and chain start come from one window pass (same partition and order: one sort).
_DAY_SQL = """
CREATE OR REPLACE TEMP TABLE _rv_day AS
WITH g AS (
  SELECT rid, eh, event_type, source, target, commodity, d,
         CASE WHEN lag(d) OVER w IS NULL
                OR d - lag(d) OVER w > (CASE WHEN origin_kind <> 'text' AND lag(origin_kind) OVER w <> 'text'
                                             THEN 0 ELSE $1 END) THEN 1 ELSE 0 END AS new_chain
  FROM _rv_base WHERE precision = 'day'
  WINDOW w AS (PARTITION BY event_type, source, target, commodity ORDER BY d, eh)
), s AS (
  SELECT *, max(CASE WHEN new_chain = 1 THEN d END)
              OVER (PARTITION BY event_type, source, target, commodity ORDER BY d, eh
                    ROWS UNBOUNDED PRECEDING) AS chain_start
  FROM g
)
SELECT rid, event_type, source, target, commodity, d,
       'D' || strftime(chain_start + CAST((d - chain_start) // ($2 + 1) * ($2 + 1) AS INTEGER), '%Y-%m-%d')
         AS dkey
FROM s
"""

# Month- and year-precise mentions join the busiest finer cluster of their period, if any.
_DATE_CLUSTER_SQL = """
CREATE OR REPLACE TEMP TABLE _rv_dc AS
WITH day_months AS (
  SELECT event_type, source, target, commodity, date_trunc('month', d) AS m, dkey
  FROM _rv_day GROUP BY event_type, source, target, commodity, date_trunc('month', d), dkey
  QUALIFY row_number() OVER (PARTITION BY event_type, source, target, commodity, date_trunc('month', d)
                             ORDER BY count(*) DESC, dkey) = 1
), months AS (
  SELECT b.rid, b.event_type, b.source, b.target, b.commodity, b.d,
         coalesce(dm.dkey, 'M' || strftime(b.d, '%Y-%m')) AS dkey
  FROM _rv_base b LEFT JOIN day_months dm
    ON dm.event_type = b.event_type AND dm.source = b.source AND dm.target = b.target
   AND dm.commodity = b.commodity AND dm.m = date_trunc('month', b.d)
  WHERE b.precision = 'month'
), finer AS (
  SELECT rid, event_type, source, target, commodity, d, dkey FROM _rv_day
  UNION ALL SELECT * FROM months
), fine_years AS (
  SELECT event_type, source, target, commodity, year(d) AS y, dkey FROM finer
  GROUP BY event_type, source, target, commodity, year(d), dkey
  QUALIFY row_number() OVER (PARTITION BY event_type, source, target, commodity, year(d)
                             ORDER BY count(*) DESC, dkey) = 1
), years AS (
  SELECT b.rid, b.event_type, b.source, b.target, b.commodity, b.d,
         coalesce(fy.dkey, 'Y' || strftime(b.d, '%Y')) AS dkey
  FROM _rv_base b LEFT JOIN fine_years fy
    ON fy.event_type = b.event_type AND fy.source = b.source AND fy.target = b.target
   AND fy.commodity = b.commodity AND fy.y = year(b.d)
  WHERE b.precision = 'year'
)
SELECT rid, dkey FROM finer
UNION ALL SELECT rid, dkey FROM years
UNION ALL SELECT rid, 'N' FROM _rv_base WHERE precision = 'none'
"""

# Quantity sub-clusters inside each date cluster; then the resolved id from the cluster's key.
_QUANTITY_SQL = """
CREATE OR REPLACE TEMP TABLE _rv_q AS
WITH b AS (
  SELECT b.*, dc.dkey FROM _rv_base b JOIN _rv_dc dc USING (rid)
), qr AS (
  SELECT rid, event_type, source, target, commodity, dkey, unit, q,
         sum(CASE WHEN prev_q IS NULL OR unit IS DISTINCT FROM prev_unit OR q > $1 * prev_q THEN 1 ELSE 0 END)
           OVER (PARTITION BY event_type, source, target, commodity, dkey ORDER BY unit, q, eh
                 ROWS UNBOUNDED PRECEDING) AS sub
  FROM (SELECT *, lag(q) OVER w AS prev_q, lag(unit) OVER w AS prev_unit FROM b WHERE q IS NOT NULL
        WINDOW w AS (PARTITION BY event_type, source, target, commodity, dkey ORDER BY unit, q, eh))
), subs AS (
  SELECT event_type, source, target, commodity, dkey, sub, count(*) AS n,
         any_value(unit) || ':' || CAST(min(q) AS VARCHAR) AS qkey
  FROM qr GROUP BY ALL
), busiest AS (
  SELECT event_type, source, target, commodity, dkey, qkey FROM subs
  QUALIFY row_number() OVER (PARTITION BY event_type, source, target, commodity, dkey
                             ORDER BY n DESC, sub) = 1
), keyed AS (
  SELECT qr.rid, qr.event_type, qr.source, qr.target, qr.commodity, qr.dkey, s.qkey
  FROM qr JOIN subs s USING (event_type, source, target, commodity, dkey, sub)
  UNION ALL
  SELECT b.rid, b.event_type, b.source, b.target, b.commodity, b.dkey, coalesce(bu.qkey, '')
  FROM b LEFT JOIN busiest bu USING (event_type, source, target, commodity, dkey)
  WHERE b.q IS NULL
)
SELECT rid,
       're-' || substr(md5(concat_ws(chr(31), event_type, source, target, commodity, dkey, qkey)), 1, 16)
         AS resolved_id
FROM keyed
"""

_RESOLVED_SQL = """
INSERT INTO resolved_events
WITH m AS (
  SELECT b.*, q.resolved_id, {rank} AS rank FROM _rv_base b JOIN _rv_q q USING (rid)
), agg AS (
  SELECT resolved_id, any_value(event_type) AS event_type, mode(mode) AS mode, any_value(source) AS source,
         any_value(target) AS target, nullif(any_value(commodity), '') AS commodity,
         min(d) AS date_first, max(d) AS date_last,
         min(CASE precision WHEN 'day' THEN 0 WHEN 'month' THEN 1 WHEN 'year' THEN 2 ELSE 3 END) AS best,
         min(d) FILTER (WHERE precision = 'day') AS first_day,
         min(d) FILTER (WHERE precision = 'month') AS first_month,
         min(d) FILTER (WHERE precision = 'year') AS first_year,
         min(q) AS quantity_low, max(coalesce(q_high, q)) AS quantity_high,
         any_value(unit) FILTER (WHERE q IS NOT NULL) AS quantity_unit,
         {cert} AS certainty, count(*) AS mentions, count(DISTINCT document_id) AS documents,
         count(DISTINCT source_key) AS independent_sources, min(grade) AS best_grade,
         list(DISTINCT origin_kind ORDER BY origin_kind) AS origin_kinds,
         CASE WHEN bool_and(document_id IS NULL AND origin_kind <> 'text') THEN max(mention_confidence) END
           AS dataset_cap
  FROM m GROUP BY resolved_id
), c AS (
  SELECT *, {conf} AS confidence FROM agg
)
SELECT resolved_id, event_type, mode, source, target, commodity,
       CASE best WHEN 0 THEN strftime(first_day, '%Y-%m-%d') WHEN 1 THEN strftime(first_month, '%Y-%m')
                 WHEN 2 THEN strftime(first_year, '%Y') END AS date,
       CASE best WHEN 0 THEN 'day' WHEN 1 THEN 'month' WHEN 2 THEN 'year' ELSE 'none' END,
       date_first, date_last, quantity_low, quantity_high, quantity_unit, certainty, mentions, documents,
       independent_sources, best_grade, origin_kinds, confidence, {words} AS estimative, false
FROM c
"""

# A denial: REJECT by a party to a dyad flow, about its commodity or aimed at the other party, near in time.
# Undated events take the first publication date of their documents. The time condition is a band join:
# reports expand into the weeks of their window, denials into the weeks they span, and the pairs meet on
# (week, dyad) or (week, commodity) before the exact test, so the join never compares every pair.
_CONTRADICTION_SQL = """
INSERT INTO resolved_contradictions
WITH pub AS (
  SELECT m.resolved_id,
         min(CASE length(doc.published) WHEN 10 THEN try_cast(doc.published AS DATE)
                 WHEN 7 THEN try_cast(doc.published || '-01' AS DATE)
                 WHEN 4 THEN try_cast(doc.published || '-01-01' AS DATE) END) AS pub
  FROM resolved_members m JOIN events e USING (event_id) JOIN documents doc ON doc.document_id = e.document_id
  WHERE m.resolved_id IN (SELECT resolved_id FROM resolved_events
                          WHERE date_first IS NULL AND event_type IN ('AID', 'COOPERATE', 'REJECT'))
  GROUP BY m.resolved_id
), eff AS (
  SELECT r.resolved_id, r.event_type, r.source, r.target, r.commodity,
         least(r.source, r.target) AS a, greatest(r.source, r.target) AS b,
         coalesce(r.date_first, p.pub) AS lo, coalesce(r.date_last, p.pub) AS hi
  FROM resolved_events r LEFT JOIN pub p USING (resolved_id)
  WHERE r.event_type IN ('AID', 'COOPERATE', 'REJECT')
), rep AS (
  SELECT *, unnest(generate_series(date_trunc('week', lo - CAST($3 AS INTEGER)),
                                   date_trunc('week', hi + CAST($3 AS INTEGER)), INTERVAL 7 DAY)) AS wk
  FROM eff WHERE event_type <> 'REJECT' AND lo IS NOT NULL
    AND list_contains($1, source) AND list_contains($2, target)
), den AS (
  SELECT *, unnest(generate_series(date_trunc('week', lo), date_trunc('week', hi), INTERVAL 7 DAY)) AS wk
  FROM eff WHERE event_type = 'REJECT' AND lo IS NOT NULL
), pairs AS (
  SELECT rep.resolved_id, den.resolved_id AS denial_id, rep.lo AS rlo, rep.hi AS rhi, den.lo AS dlo,
         den.hi AS dhi
  FROM rep JOIN den ON den.wk = rep.wk AND den.a = rep.a AND den.b = rep.b
  WHERE den.commodity IS NULL AND den.source <> den.target
  UNION ALL
  SELECT rep.resolved_id, den.resolved_id, rep.lo, rep.hi, den.lo, den.hi
  FROM rep JOIN den ON den.wk = rep.wk AND den.commodity = rep.commodity
  WHERE den.source IN (rep.source, rep.target)
)
SELECT DISTINCT resolved_id, denial_id FROM pairs
WHERE dlo <= rhi + CAST($3 AS INTEGER) AND dhi >= rlo - CAST($3 AS INTEGER)
"""


def date_bounds(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """First day of ``since`` and last day of ``until`` (both YYYY[-MM[-DD]]); 'until 2024' takes all 2024."""
    lo = date_start(since) if since else None
    if since and lo is None:
        raise UsageError(f"--since {since!r}: not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    hi = None
    if until:
        first = date_start(until)
        if first is None:
            raise UsageError(f"--until {until!r}: not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        parts = until.split("-")
        if len(parts) == 1:
            hi = date(first.year, 12, 31)
        elif len(parts) == 2:
            nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            hi = nxt - timedelta(days=1)
        else:
            hi = first
    return lo, hi


def evidence_for(ws: Workspace, resolved_ids: list[str], limit: int = 3) -> dict[str, list[dict[str, Any]]]:
    """Up to ``limit`` distinct evidence sentences per resolved event, best-certainty mentions first."""
    if not resolved_ids:
        return {}
    rows = ws.fetchall(
        "WITH v AS (SELECT DISTINCT m.resolved_id, v.document_id, v.text, v.start_char, v.end_char, "
        f"{certainty_rank_sql('e.certainty')} AS rank FROM resolved_members m "
        "JOIN events e USING (event_id) JOIN evidence v ON v.event_id = m.event_id "
        "WHERE list_contains(?, m.resolved_id)) "
        "SELECT resolved_id, list({'document_id': document_id, 'text': text, 'start': start_char, "
        "'end': end_char} ORDER BY rank, document_id, start_char)[1:?] FROM v GROUP BY resolved_id",
        [resolved_ids, limit])
    return {rid: list(evs) for rid, evs in rows}


def list_resolved(ws: Workspace, *, ids: list[str] | None = None, since: str | None = None,
                  until: str | None = None, types: list[str] | None = None, actors: list[str] | None = None,
                  limit: int = 100, max_evidence: int = 3) -> list[dict[str, Any]]:
    """Resolved events with their mentions, evidence and denials: what any figure can be traced back to."""
    lo, hi = date_bounds(since, until)
    rows = ws.records(
        "SELECT r.*, (SELECT list(m.event_id ORDER BY m.event_id) FROM resolved_members m "
        "             WHERE m.resolved_id = r.resolved_id) AS members, "
        "(SELECT list(c.denial_id ORDER BY c.denial_id) FROM resolved_contradictions c "
        " WHERE c.resolved_id = r.resolved_id) AS denied_by, "
        "(SELECT list(c.resolved_id ORDER BY c.resolved_id) FROM resolved_contradictions c "
        " WHERE c.denial_id = r.resolved_id) AS denies "
        "FROM resolved_events r "
        "WHERE ($ids IS NULL OR list_contains($ids, r.resolved_id)) "
        "AND ($lo IS NULL OR r.date_first >= $lo) AND ($hi IS NULL OR r.date_first <= $hi) "
        "AND ($types IS NULL OR list_contains($types, r.event_type)) "
        "AND ($actors IS NULL OR list_contains($actors, r.source) OR list_contains($actors, r.target)) "
        "ORDER BY r.date_first NULLS LAST, r.resolved_id LIMIT $limit",
        {"ids": ids or None, "lo": lo, "hi": hi, "types": [t.upper() for t in types] if types else None,
         "actors": [a.upper() for a in actors] if actors else None, "limit": int(limit)})
    ev = evidence_for(ws, [r["resolved_id"] for r in rows], limit=max_evidence)
    out = []
    for r in rows:
        q = None
        if r["quantity_low"] is not None:
            q = {"low": _num(r["quantity_low"]), "high": _num(r["quantity_high"]), "unit": r["quantity_unit"]}
        out.append({
            "id": r["resolved_id"], "event_type": r["event_type"], "mode": r["mode"], "source": r["source"],
            "target": r["target"], "commodity": r["commodity"], "date": r["date"], "precision": r["precision"],
            "date_first": r["date_first"].isoformat() if r["date_first"] else None,
            "date_last": r["date_last"].isoformat() if r["date_last"] else None, "quantity": q,
            "certainty": r["certainty"], "mentions": r["mentions"], "documents": r["documents"],
            "independent_sources": r["independent_sources"], "best_grade": r["best_grade"],
            "origin_kinds": list(r["origin_kinds"] or []), "confidence": r["confidence"],
            "estimative": r["estimative"], "contested": r["contested"], "denied_by": list(r["denied_by"] or []),
            "denies": list(r["denies"] or []), "members": list(r["members"] or []),
            "evidence": ev.get(r["resolved_id"], []),
        })
    return out


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else round(float(v), 3)
