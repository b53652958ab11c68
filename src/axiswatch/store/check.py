"""The workspace integrity check behind ``axiswatch check``.

After a crash, a full disk or a hand edit, an analyst needs one answer: can I
trust this file? The check counts every table and looks for what a
half-finished write would leave behind: rows pointing at rows that do not exist
(evidence without its event, text events without their document, documents
without their publisher, resolved members without their event), duplicate ids
in tables that promise unique ids (some carry no index on purpose, see
003_analysis.sql), and runs still marked ``running`` although no process holds
the workspace.

Findings are either ``error`` (the data contradicts itself; exit 1) or
``warning`` (worth knowing, not corruption: an interrupted run whose committed
part is complete, derived tables older than their inputs).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from axiswatch.store.workspace import Workspace, _migrations

SAMPLE = 5


@dataclass(frozen=True)
class _Rule:
    """One check: a query over ``tables`` returning offending keys (one VARCHAR column)."""

    name: str
    tables: tuple[str, ...]
    query: str
    reason: str
    severity: str = "error"


@dataclass
class Finding:
    """One problem found: which check, how bad, how many rows and a few of their keys."""

    check: str
    severity: str
    count: int
    reason: str
    sample: list[str] = field(default_factory=list)


@dataclass
class CheckReport:
    """The whole check: per-table counts, the findings, and whether the workspace passed."""

    workspace: str
    schema_version: int
    counts: dict[str, int]
    checks_run: int
    findings: list[Finding]

    @property
    def errors(self) -> int:
        """Findings of severity error."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """Findings of severity warning."""
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when nothing contradicts itself (warnings allowed)."""
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"workspace": self.workspace, "ok": self.ok, "schema_version": self.schema_version,
                "errors": self.errors, "warnings": self.warnings, "checks_run": self.checks_run,
                "counts": self.counts, "findings": [asdict(f) for f in self.findings]}


def _orphans(name: str, child: str, col: str, parent: str, pcol: str, reason: str,
             where: str = "true", severity: str = "error") -> _Rule:
    """Rows of ``child`` whose ``col`` names no row of ``parent``."""
    q = (f"SELECT DISTINCT CAST(c.{col} AS VARCHAR) FROM {child} c WHERE c.{col} IS NOT NULL AND ({where}) "
         f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{pcol} = c.{col})")
    return _Rule(name, (child, parent), q, reason, severity)


def _duplicates(table: str, key: str) -> _Rule:
    """Keys of ``table`` that occur more than once."""
    shown = "concat_ws('#', " + key + ")" if "," in key else f"CAST({key} AS VARCHAR)"
    q = f"SELECT {shown} FROM {table} GROUP BY {key} HAVING count(*) > 1"
    return _Rule(f"duplicate:{table}.{key.replace(', ', '+')}", (table,), q, f"{table} ids must be unique")


# The rules as data: adding a table means adding a line here, not a branch.
RULES: tuple[_Rule, ...] = (
    _duplicates("documents", "document_id"),
    _duplicates("events", "event_id"),
    _duplicates("evidence", "event_id, seq"),
    _duplicates("publishers", "publisher_id"),
    _duplicates("gdelt_rows", "global_event_id"),
    _duplicates("resolved_events", "resolved_id"),
    _duplicates("resolved_members", "event_id"),
    _duplicates("alerts", "alert_id"),
    _duplicates("sanction_entries", "entry_id"),
    _duplicates("maritime_detections", "detection_id"),
    _orphans("fk:evidence.event_id", "evidence", "event_id", "events", "event_id",
             "evidence of an event that does not exist"),
    _orphans("fk:evidence.document_id", "evidence", "document_id", "documents", "document_id",
             "evidence quoting a document that does not exist"),
    _orphans("fk:events.document_id", "events", "document_id", "documents", "document_id",
             "text event whose document does not exist", where="c.origin_kind = 'text'"),
    _Rule("text-event-without-document", ("events",),
          "SELECT event_id FROM events WHERE origin_kind = 'text' AND document_id IS NULL",
          "text event that names no document"),
    _Rule("text-event-without-evidence", ("events", "evidence"),
          "SELECT e.event_id FROM events e WHERE e.origin_kind = 'text' "
          "AND NOT EXISTS (SELECT 1 FROM evidence v WHERE v.event_id = e.event_id)",
          "text event without its evidence sentence"),
    _orphans("fk:documents.publisher_id", "documents", "publisher_id", "publishers", "publisher_id",
             "document whose publisher does not exist"),
    _orphans("fk:documents.version_of", "documents", "version_of", "documents", "document_id",
             "document that is a version of a document that does not exist"),
    _orphans("fk:documents.duplicate_of", "documents", "duplicate_of", "documents", "document_id",
             "document that duplicates a document that does not exist"),
    _orphans("orphan:document_minhash", "document_minhash", "document_id", "documents", "document_id",
             "near-duplicate signature of a document that does not exist"),
    _orphans("orphan:extractions", "extractions", "document_id", "documents", "document_id",
             "extraction record of a document that does not exist"),
    _orphans("fk:gdelt_rows.event_id", "gdelt_rows", "event_id", "events", "event_id",
             "GDELT row whose collapsed event does not exist"),
    _orphans("fk:gdelt_mentions.global_event_id", "gdelt_mentions", "global_event_id", "gdelt_rows",
             "global_event_id", "GDELT mention of a row that is not stored", severity="warning"),
    _orphans("fk:resolved_members.event_id", "resolved_members", "event_id", "events", "event_id",
             "resolved member that is not an event"),
    _orphans("fk:resolved_members.resolved_id", "resolved_members", "resolved_id", "resolved_events",
             "resolved_id", "member of a resolved event that does not exist"),
    _orphans("orphan:resolved_events", "resolved_events", "resolved_id", "resolved_members", "resolved_id",
             "resolved event without any member"),
    _orphans("fk:resolved_contradictions.resolved_id", "resolved_contradictions", "resolved_id",
             "resolved_events", "resolved_id", "contradiction of a resolved event that does not exist"),
    _orphans("fk:sanction_aliases.entry_id", "sanction_aliases", "entry_id", "sanction_entries", "entry_id",
             "alias waiting for its entry (an OFAC alt file loaded before its main list)", severity="warning"),
    _orphans("fk:sanction_matches.entry_id", "sanction_matches", "entry_id", "sanction_entries", "entry_id",
             "screening match against a sanctions entry that does not exist"),
    _orphans("fk:web_tokens.user_name", "web_tokens", "user_name", "web_users", "name",
             "API token of a user that does not exist"),
    _Rule("confidence-range", ("events",),
          "SELECT event_id FROM events WHERE confidence < 0 OR confidence > 1 OR isnan(confidence)",
          "event confidence outside 0..1"),
    _Rule("interrupted:ingest_runs", ("ingest_runs",),
          "SELECT run_id FROM ingest_runs WHERE status = 'running'",
          "ingest run interrupted (its committed part is kept; re-run the same inputs to finish)",
          severity="warning"),
    _Rule("interrupted:watch_runs", ("watch_runs",),
          "SELECT run_id FROM watch_runs WHERE status = 'running'",
          "watch cycle interrupted (the next cycle resumes it)", severity="warning"),
)


def _tables(ws: Workspace) -> list[str]:
    rows = ws.fetchall("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name")
    return [r[0] for r in rows]


def _stale_resolve(ws: Workspace) -> bool:
    """True when events changed since the last resolve, so resolved tables may lag (not corruption)."""
    from axiswatch.analysis.resolve import needs_resolve

    try:
        return needs_resolve(ws)
    except duckdb.Error:
        return False


def check_workspace(ws: Workspace) -> CheckReport:
    """Run every integrity rule whose tables exist; never writes."""
    tables = _tables(ws)
    present = set(tables)
    counts: dict[str, int] = {}
    for t in tables:
        row = ws.fetchone(f'SELECT count(*) FROM "{t}"')
        counts[t] = int(row[0]) if row else 0
    stale = counts.get("resolved_members", 0) > 0 and _stale_resolve(ws)
    findings: list[Finding] = []
    run = 0
    for rule in RULES:
        if not set(rule.tables) <= present:
            continue
        run += 1
        rows = ws.fetchall(rule.query)
        if not rows:
            continue
        severity, reason = rule.severity, rule.reason
        if stale and rule.name.startswith("fk:resolved_members.event_id"):
            # Resolved tables are rebuilt on demand; members of events re-coded since are lag, not damage.
            severity, reason = "warning", reason + " (resolved tables are older than the events; run resolve)"
        findings.append(Finding(rule.name, severity, len(rows), reason, [str(r[0]) for r in rows[:SAMPLE]]))
    version = ws.schema_version if "schema_migrations" in present else 0
    newest = max((v for v, _, _ in _migrations()), default=0)
    if version < newest:
        findings.append(Finding("schema-version", "warning", newest - version,
                                f"schema at version {version}, this axiswatch has {newest}; "
                                "open it read-write once to migrate"))
    return CheckReport(str(ws.path), version, counts, run, findings)


def check_path(path: str | Path) -> CheckReport:
    """Open the workspace read-only and check it (WorkspaceError when it cannot be opened at all)."""
    from axiswatch.store.workspace import open_workspace

    with open_workspace(path, read_only=True) as ws:
        return check_workspace(ws)
