"""The Python API for notebooks: a workspace as pandas DataFrames, plus the records behind them.

    >>> import axiswatch
    >>> wb = axiswatch.open("axiswatch-demo/axiswatch.duckdb")        # read-only
    >>> wb.events(types="AID", actors="PRK", since="2023")             # a DataFrame
    >>> wb.ledger()                                                    # what each side gets
    >>> axiswatch.extract("North Korea sent 1,000 shells to Russia.", published="2024-06-01")

Every method calls the same library functions as the CLI verbs (``query_events``,
``build_ledger``, ``build_timeline``, ``evaluate_indicators``, ``build_network``,
``list_alerts``, ``build_brief``), with the same filters, so a notebook, the
command line and the web app never disagree: a DataFrame's columns are the keys
of the verb's ``--format json`` records, in order, with a few flat helper columns
appended (``quantity_value``, ``evidence_text``, ...).

A ``Workbench`` opens the DuckDB file only for the length of each call, so a
notebook left open never locks the workspace against ``axiswatch watch`` or an
ingest; inside ``with axiswatch.open(...) as wb:`` one connection is kept for the
whole block instead. Read-only is the default. The analyses need the resolver's
tables to be current: a writable workbench resolves first (as the CLI does), a
read-only one says so with a ``WorkspaceError`` when events changed since the
last resolve.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from axiswatch.errors import UsageError, WorkspaceError
from axiswatch.export.plover import CAMEO_COLUMNS, ExportCount, cameo_rows, polecat_records
from axiswatch.export.tables import atomic_path, to_json, write_jsonl, write_table
from axiswatch.ontology import CERTAINTIES, EVENT_TYPES
from axiswatch.profiles import Profile, load_profile
from axiswatch.records import Event
from axiswatch.settings import Settings
from axiswatch.store.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from axiswatch.analysis.indicators import IndicatorStatus
    from axiswatch.analysis.ledger import LedgerLine
    from axiswatch.analysis.network import Network
    from axiswatch.analysis.resolve import ResolveSummary
    from axiswatch.analysis.timeline import Timeline
    from axiswatch.extract.run import ExtractSummary
    from axiswatch.report.model import Brief
    from axiswatch.sources.ingest import RunSummary

__all__ = ["Workbench", "events_frame", "extract", "open"]

Filter = str | Sequence[str] | None

# The keys of each verb's JSON records, in order: the DataFrames keep them even when empty.
EVENT_COLUMNS = ("id", "event_type", "mode", "source", "target", "source_name", "target_name", "commodity", "date",
                 "quantity", "certainty", "confidence", "evidence", "origin", "extractor_version", "attrs")
EVENT_HELPERS = ("quantity_value", "quantity_unit", "evidence_text", "document_id", "origin_kind")
LEDGER_COLUMNS = ("source", "target", "commodity", "first_date", "last_date", "quantity", "quantities", "uncounted",
                  "confidence", "estimative", "events", "mentions", "contested", "evidence")
LEDGER_HELPERS = ("quantity_low", "quantity_high", "quantity_unit", "event_count")
DOCUMENT_COLUMNS = ("document_id", "published", "title", "publisher", "publisher_grade", "kind", "language",
                    "origin", "url", "author", "published_from", "retrieved_at", "version_of", "duplicate_of",
                    "content_hash", "run_id", "chars")
INDICATOR_COLUMNS = ("id", "name", "question", "status", "trend", "as_of", "window_days", "events",
                     "previous_events", "quantity", "escalation", "reason", "last_evidence", "previous_status",
                     "changed", "alert_id", "events_in_window")
EDGE_COLUMNS = ("source", "target", "events", "cooperation", "conflict", "net", "types")
TIMELINE_COLUMNS = ("period", "events", "cooperation", "conflict", "net", "index")
ALERT_COLUMNS = ("alert_id", "created_at", "kind", "severity", "summary", "indicator", "evidence", "acknowledged",
                 "acknowledged_at")
EVENT_EXPORT_FORMATS = ("plover", "cameo", "csv", "parquet", "json", "jsonl")


def _split(value: Filter) -> list[str]:
    """A filter given as 'AID', 'AID,SUPPORT' or ['AID', 'SUPPORT'] (as the CLI takes it)."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [p.strip() for v in items for p in str(v).split(",") if p.strip()]


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame with the given columns first (present even with no rows), then any others."""
    extra = [k for r in rows[:1] for k in r if k not in columns]
    return pd.DataFrame.from_records(rows, columns=[*columns, *extra])


def events_frame(events: Iterable[Event | dict[str, Any]]) -> pd.DataFrame:
    """Event records (or their JSON dicts) as a DataFrame, with flat helper columns appended."""
    rows = []
    for ev in events:
        d = ev.to_dict() if isinstance(ev, Event) else dict(ev)
        d.setdefault("extractor_version", None)
        d.setdefault("attrs", {})
        q = d.get("quantity") or {}
        evidence = d.get("evidence") or []
        origin = d.get("origin") or {}
        d.update(quantity_value=q.get("value"), quantity_unit=q.get("unit"),
                 evidence_text=evidence[0]["text"] if evidence else None,
                 document_id=origin.get("document_id"), origin_kind=origin.get("kind"))
        rows.append(d)
    return _frame(rows, (*EVENT_COLUMNS, *EVENT_HELPERS))


def extract(text: str, *, published: str | None = None, profile: str | Profile = "russia_dprk",
            doc_id: str = "text") -> list[Event]:
    """Code one text into events without a workspace (``events_frame`` turns them into a DataFrame)."""
    from axiswatch.extract.run import extract_text

    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    return extract_text(text, prof, published=published, doc_id=doc_id)


def open(path: str | Path | None = None, *, write: bool = False, profile: str | None = None,
         settings: Settings | None = None) -> Workbench:
    """Open a workspace read-only (default) or for writing; ``path`` defaults as the CLI's --workspace."""
    base = settings or Settings.from_env()
    base = replace(base, workspace=Path(path) if path is not None else base.workspace,
                   profile=profile or base.profile)
    return Workbench(base, write=write)


class Workbench:
    """A workspace seen from Python: DataFrames of its tables and analyses, exports, ingest and brief."""

    def __init__(self, settings: Settings, *, write: bool = False) -> None:
        self.settings = settings
        self.path = Path(settings.workspace)
        self.write = write
        self.profile: Profile = load_profile(settings.profile)
        self._ws: Workspace | None = None
        if not self.path.exists() and not write:
            raise WorkspaceError(f"workspace {self.path} does not exist; create it with 'axiswatch ingest' or "
                                 "'axiswatch demo', or open it with write=True")

    def __repr__(self) -> str:
        return f"Workbench({str(self.path)!r}, write={self.write}, profile={self.profile.name!r})"

    # -- connection ---------------------------------------------------------------------------------
    def __enter__(self) -> Workbench:
        if self._ws is None:
            self._ws = self._connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection kept by a ``with`` block (a no-op otherwise)."""
        if self._ws is not None:
            ws, self._ws = self._ws, None
            ws.close()

    def _connect(self) -> Workspace:
        ws = open_workspace(self.path, read_only=not self.write)
        # DuckDB's progress bar writes to stdout, where it would land in piped output; under Jupyter
        # without ipywidgets DuckDB refuses the setting (and draws no bar), which is fine
        with contextlib.suppress(duckdb.Error):
            ws.execute("SET enable_progress_bar = false")
        return ws

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        """The underlying store workspace for one block (for SQL of your own: ``ws.records(sql)``)."""
        if self._ws is not None:
            yield self._ws
            return
        ws = self._connect()
        try:
            yield ws
        finally:
            ws.close()

    @contextmanager
    def _analysis(self) -> Iterator[Workspace]:
        """A workspace whose resolved tables are current: resolved here when writable, else checked."""
        from axiswatch.analysis.resolve import ensure_resolved, needs_resolve

        with self.workspace() as ws:
            if self.write:
                ensure_resolved(ws, self.profile)
            elif needs_resolve(ws):
                raise WorkspaceError(
                    f"workspace {self.path}: events changed since the last resolve; run 'axiswatch resolve' or "
                    "open it with axiswatch.open(path, write=True)")
            yield ws

    def _writable(self, what: str) -> None:
        if not self.write:
            raise UsageError(f"{what} writes to the workspace: open it with axiswatch.open(path, write=True)")

    # -- tables ---------------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """How many documents, events (not superseded) and resolved events the workspace holds."""
        with self.workspace() as ws:
            row = ws.fetchone("SELECT (SELECT count(*) FROM documents), "
                              "(SELECT count(*) FROM events WHERE NOT superseded), "
                              "(SELECT count(*) FROM resolved_events)") or (0, 0, 0)
        return {"documents": int(row[0]), "events": int(row[1]), "resolved": int(row[2])}

    def document_records(self, *, since: str | None = None, until: str | None = None, kind: str | None = None,
                         publisher: str | None = None, include_duplicates: bool = True,
                         limit: int | None = None) -> list[dict[str, Any]]:
        """Documents without their text, newest first, as ``axiswatch documents --format json`` prints."""
        from axiswatch.store.documents import list_documents

        with self.workspace() as ws:
            return list_documents(ws, since=since, until=until, kind=kind, publisher=publisher,
                                  include_duplicates=include_duplicates, limit=limit)

    def documents(self, *, since: str | None = None, until: str | None = None, kind: str | None = None,
                  publisher: str | None = None, include_duplicates: bool = True,
                  limit: int | None = None) -> pd.DataFrame:
        """Documents (metadata, publisher grade, duplicates) as a DataFrame."""
        return _frame(self.document_records(since=since, until=until, kind=kind, publisher=publisher,
                                            include_duplicates=include_duplicates, limit=limit), DOCUMENT_COLUMNS)

    def document(self, document_id: str) -> dict[str, Any]:
        """One document with its text and metadata (``NotFound`` when absent)."""
        from axiswatch.store.documents import get_document

        with self.workspace() as ws:
            return get_document(ws, document_id)

    def event_records(self, *, since: str | None = None, until: str | None = None, types: Filter = None,
                      actors: Filter = None, certainty: Filter = None, origins: Filter = None,
                      limit: int | None = None) -> list[dict[str, Any]]:
        """Events as ``axiswatch events --format json`` prints them, with the same filters."""
        from axiswatch.store.events import query_events

        type_list = [t.upper() for t in _split(types)]
        bad = [t for t in type_list if t not in EVENT_TYPES]
        if bad:
            raise UsageError(f"unknown event type(s) {', '.join(bad)}; known: {', '.join(EVENT_TYPES)}")
        cert = _split(certainty)
        bad = [c for c in cert if c not in CERTAINTIES]
        if bad:
            raise UsageError(f"unknown certainty {', '.join(bad)}; known: {', '.join(CERTAINTIES)}")
        with self.workspace() as ws:
            return query_events(ws, since=since, until=until, types=type_list or None,
                                actors=[a.upper() for a in _split(actors)] or None, certainty=cert or None,
                                origin_kinds=_split(origins) or None, limit=limit)

    def events(self, *, since: str | None = None, until: str | None = None, types: Filter = None,
               actors: Filter = None, certainty: Filter = None, origins: Filter = None,
               limit: int | None = None) -> pd.DataFrame:
        """Events (text- and dataset-derived) as a DataFrame: one row per event with its evidence."""
        return events_frame(self.event_records(since=since, until=until, types=types, actors=actors,
                                               certainty=certainty, origins=origins, limit=limit))

    def resolved_events(self, *, since: str | None = None, until: str | None = None,
                        dyad_only: bool = False) -> pd.DataFrame:
        """The resolver's table: each real-world event once, with mentions, sources and confidence."""
        from axiswatch.analysis.resolve import date_bounds

        lo, hi = date_bounds(since, until)
        a, b = self.profile.dyad
        with self._analysis() as ws:
            df = ws.execute(
                "SELECT * FROM resolved_events WHERE ($lo IS NULL OR date_first >= $lo) "
                "AND ($hi IS NULL OR date_first <= $hi) "
                "AND (NOT $dyad OR (source = $a AND target = $b) OR (source = $b AND target = $a)) "
                "ORDER BY date_first NULLS LAST, resolved_id",
                {"lo": lo, "hi": hi, "dyad": dyad_only, "a": a, "b": b}).df()
        return df

    # -- analyses -------------------------------------------------------------------------------------
    def ledger_lines(self, *, since: str | None = None, until: str | None = None, min_confidence: float = 0.0,
                     max_evidence: int = 5) -> list[LedgerLine]:
        """The exchange ledger's lines (``build_ledger``), as ``axiswatch ledger`` computes them."""
        from axiswatch.analysis.ledger import build_ledger

        with self._analysis() as ws:
            return build_ledger(ws, self.profile, since, until, min_confidence=min_confidence,
                                max_evidence=max_evidence, resolve=False)

    def ledger(self, *, since: str | None = None, until: str | None = None, min_confidence: float = 0.0,
               max_evidence: int = 5) -> pd.DataFrame:
        """The exchange ledger: one row per direction and flow, with totals, confidence and evidence."""
        rows = []
        for line in self.ledger_lines(since=since, until=until, min_confidence=min_confidence,
                                      max_evidence=max_evidence):
            d = line.to_dict()
            q = d["quantity"] or {}
            d.update(quantity_low=q.get("low"), quantity_high=q.get("high"), quantity_unit=q.get("unit"),
                     event_count=len(d["events"]))
            rows.append(d)
        return _frame(rows, (*LEDGER_COLUMNS, *LEDGER_HELPERS))

    def timeline_result(self, *, since: str | None = None, until: str | None = None, freq: str = "month",
                        penalty: float = 3.0) -> Timeline:
        """The ``Timeline`` object: series, the cooperation–conflict index and change points."""
        from axiswatch.analysis.timeline import build_timeline

        with self._analysis() as ws:
            return build_timeline(ws, self.profile, since, until, freq=freq, penalty=penalty, resolve=False)

    def timeline(self, *, since: str | None = None, until: str | None = None, freq: str = "month",
                 penalty: float = 3.0) -> pd.DataFrame:
        """One row per period: events, cooperation, conflict, net, index and counts per type and direction."""
        tl = self.timeline_result(since=since, until=until, freq=freq, penalty=penalty)
        rows = tl.rows()
        extra = sorted({k for r in rows for k in r} - set(TIMELINE_COLUMNS))
        # as `axiswatch timeline --format csv`: a type and direction with no event in a period counts 0
        return pd.DataFrame.from_records([{c: r.get(c, 0 if c in extra else None) for c in
                                           (*TIMELINE_COLUMNS, *extra)} for r in rows],
                                         columns=[*TIMELINE_COLUMNS, *extra])

    def change_points(self, *, since: str | None = None, until: str | None = None, freq: str = "month",
                      penalty: float = 3.0) -> pd.DataFrame:
        """The detected change points: date, shift, mean before and after, the events around it."""
        tl = self.timeline_result(since=since, until=until, freq=freq, penalty=penalty)
        return _frame(list(tl.change_points), ("date", "shift", "before", "after", "events"))

    def indicator_statuses(self, *, since: str | None = None, until: str | None = None,
                           record: bool | None = None) -> list[IndicatorStatus]:
        """Every profile indicator evaluated; by default a writable workbench records status changes and raises
        alerts as ``axiswatch indicators`` does (never for a view of the past), ``record=False`` only reads."""
        from axiswatch.analysis.indicators import evaluate_indicators

        with self._analysis() as ws:
            keep = self.write and not (since or until) and record is not False
            return evaluate_indicators(ws, self.profile, since, until, record=keep, resolve=False)

    def indicators(self, *, since: str | None = None, until: str | None = None,
                   record: bool | None = None) -> pd.DataFrame:
        """Indicators and warnings: status, trend, counts, reason and last evidence."""
        statuses = self.indicator_statuses(since=since, until=until, record=record)
        return _frame([s.to_dict() for s in statuses], INDICATOR_COLUMNS)

    def network_result(self, *, since: str | None = None, until: str | None = None,
                       scope: str = "dyad") -> Network:
        """The analysis ``Network`` object (nodes, edges, reactions, alignment; ``to_graph()`` for networkx)."""
        from axiswatch.analysis.network import build_network

        with self._analysis() as ws:
            return build_network(ws, self.profile, since, until, scope=scope, resolve=False)

    def network(self, *, since: str | None = None, until: str | None = None, scope: str = "dyad") -> pd.DataFrame:
        """The network's edges: who acts on whom, how often, cooperation and conflict, types."""
        return _frame(self.network_result(since=since, until=until, scope=scope).edges, EDGE_COLUMNS)

    def alert_records(self, *, kind: str | None = None, min_severity: str | None = None,
                      limit: int = 100) -> list[dict[str, Any]]:
        """The alerts raised, newest first, as ``axiswatch alerts --format json`` prints them."""
        from axiswatch.analysis.indicators import list_alerts
        from axiswatch.watch.alerts import severity_at_least, with_links

        with self.workspace() as ws:
            rows = with_links(ws, list_alerts(ws, kind=kind, limit=limit))
        return [r for r in rows if not min_severity or severity_at_least(r["severity"], min_severity)]

    def alerts(self, *, kind: str | None = None, min_severity: str | None = None, limit: int = 100) -> pd.DataFrame:
        """The alerts raised (indicator changes and watch alerts) as a DataFrame."""
        return _frame(self.alert_records(kind=kind, min_severity=min_severity, limit=limit), ALERT_COLUMNS)

    # -- stages that write ----------------------------------------------------------------------------
    def ingest(self, paths: str | Path | Sequence[str | Path], *, kind: str = "auto",
               options: dict[str, Any] | None = None) -> RunSummary:
        """Add files, folders or URLs to the workspace (as ``axiswatch ingest``); needs ``write=True``."""
        from axiswatch.sources.ingest import ingest_paths

        self._writable("ingest")
        items = [paths] if isinstance(paths, str | Path) else list(paths)
        with self.workspace() as ws:
            return ingest_paths(ws, items, self.settings, kind=kind, options=options, command="api ingest")

    def extract_new(self, *, force: bool = False) -> ExtractSummary:
        """Code the documents not yet coded by this extractor version (as ``axiswatch extract``)."""
        from axiswatch.extract.run import extract_workspace

        self._writable("extract")
        with self.workspace() as ws:
            return extract_workspace(ws, self.profile, force=force)

    def resolve(self, *, force: bool = False) -> ResolveSummary:
        """Merge the mentions of each real-world event and corroborate them (as ``axiswatch resolve``)."""
        from axiswatch.analysis.resolve import resolve_events

        self._writable("resolve")
        with self.workspace() as ws:
            return resolve_events(ws, self.profile, force=force)

    # -- brief ----------------------------------------------------------------------------------------
    def brief_data(self, *, since: str | None = None, until: str | None = None) -> Brief:
        """The ``Brief`` object (sections, judgements, ledger rows, sources), as ``axiswatch brief`` builds it."""
        from axiswatch.report import build_brief

        with self._analysis() as ws:
            return build_brief(ws, self.profile, since, until)

    def brief(self, format: str = "html", *, since: str | None = None, until: str | None = None,
              out: str | Path | None = None) -> bytes:
        """The brief rendered as html, md, pdf or json (bytes); also written to ``out`` when given."""
        from axiswatch.report import render

        if format not in ("html", "md", "pdf", "json"):
            raise UsageError(f"unknown brief format {format!r}; use html, md, pdf or json")
        brief = self.brief_data(since=since, until=until)
        data = (to_json(brief.to_dict(), indent=2) + "\n").encode("utf-8") if format == "json" \
            else render(brief, format)
        if out is not None:
            with atomic_path(out) as tmp:
                tmp.write_bytes(data)
        return data

    # -- exports --------------------------------------------------------------------------------------
    def export_events(self, out: str | Path, format: str = "plover", *, since: str | None = None,
                      until: str | None = None, types: Filter = None, actors: Filter = None,
                      certainty: Filter = None, origins: Filter = None) -> dict[str, Any]:
        """Write events as POLECAT-style JSON lines, CAMEO-coded rows (CSV) or a table; returns counts."""
        if format not in EVENT_EXPORT_FORMATS:
            raise UsageError(f"unknown events format {format!r}; use one of {', '.join(EVENT_EXPORT_FORMATS)}")
        events = self.event_records(since=since, until=until, types=types, actors=actors, certainty=certainty,
                                    origins=origins)
        count = ExportCount()
        if format == "plover":
            docs = self._documents_by_id({(e.get("origin") or {}).get("document_id") for e in events})
            path, _ = write_jsonl(polecat_records(events, docs, count), out)
        elif format == "cameo":
            rows = list(cameo_rows(events, count))
            suffix = Path(out).suffix.lower()
            path = write_table(rows, out, "parquet" if suffix in (".parquet", ".pq") else "jsonl"
                               if suffix in (".jsonl", ".ndjson") else "csv", columns=CAMEO_COLUMNS)
        else:
            path = write_table(events_frame(events), out, format)
            count.written = len(events)
        return {"path": str(path), "format": format, **count.to_dict()}

    def _documents_by_id(self, ids: Iterable[str | None]) -> dict[str, dict[str, Any]]:
        wanted = sorted(i for i in ids if i)
        if not wanted:
            return {}
        with self.workspace() as ws:
            rows = ws.records(
                "SELECT d.document_id, d.title, d.url, d.origin, d.language, d.published, p.name AS publisher "
                "FROM documents d LEFT JOIN publishers p USING (publisher_id) WHERE list_contains(?, d.document_id)",
                [wanted])
        return {r["document_id"]: r for r in rows}

    def export_table(self, name: str, out: str | Path, format: str | None = None, *, since: str | None = None,
                     until: str | None = None) -> dict[str, Any]:
        """Write a table (ledger, timeline, change_points, documents, indicators, edges, resolved, alerts)."""
        frames = {
            "ledger": lambda: self.ledger(since=since, until=until),
            "timeline": lambda: self.timeline(since=since, until=until),
            "change_points": lambda: self.change_points(since=since, until=until),
            "documents": lambda: self.documents(since=since, until=until),
            # an export only reads: it must not record indicator changes or raise alerts
            "indicators": lambda: self.indicators(since=since, until=until, record=False),
            "edges": lambda: self.network(since=since, until=until),
            "resolved": lambda: self.resolved_events(since=since, until=until),
            "alerts": lambda: self.alerts(),
        }
        if name not in frames:
            raise UsageError(f"unknown table {name!r}; exportable: {', '.join(frames)}")
        df = frames[name]()
        path = write_table(df, out, format)
        return {"path": str(path), "table": name, "format": format or path.suffix.lstrip("."), "rows": len(df)}

    def export_network(self, out: str | Path, format: str | None = None, *, since: str | None = None,
                       until: str | None = None, scope: str = "dyad") -> dict[str, Any]:
        """Write the network as GraphML or GEXF (Gephi, yEd, networkx) through the analysis ``Network``."""
        p = Path(out)
        fmt = format or {".graphml": "graphml", ".gexf": "gexf"}.get(p.suffix.lower())
        if fmt not in ("graphml", "gexf"):
            raise UsageError(f"{p}: network format must be graphml or gexf")
        net = self.network_result(since=since, until=until, scope=scope)
        with atomic_path(p) as tmp:
            (net.to_graphml if fmt == "graphml" else net.to_gexf)(tmp)
        return {"path": str(p), "format": fmt, "nodes": len(net.nodes), "edges": len(net.edges)}

    def ftm_entities(self, *, since: str | None = None, until: str | None = None,
                     dyad_only: bool = False) -> list[dict[str, Any]]:
        """Resolved events, their actors and source documents as FollowTheMoney entities."""
        from axiswatch.export.ftm import ftm_entities

        with self._analysis() as ws:
            return list(ftm_entities(ws, self.profile, since, until, dyad_only=dyad_only))

    def export_ftm(self, out: str | Path, *, since: str | None = None, until: str | None = None,
                   dyad_only: bool = False) -> dict[str, Any]:
        """Write FollowTheMoney entities as JSON lines (``ftm`` and Aleph read them); returns counts."""
        ents = self.ftm_entities(since=since, until=until, dyad_only=dyad_only)
        path, n = write_jsonl(ents, out)
        schemata: dict[str, int] = {}
        for e in ents:
            schemata[e["schema"]] = schemata.get(e["schema"], 0) + 1
        return {"path": str(path), "format": "ftm", "entities": n, "schemata": schemata}
