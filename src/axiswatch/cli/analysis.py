"""The analysis verbs: resolve, ledger, timeline, indicators, network. Thin: flags -> library -> emit."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from axiswatch.cli.common import date_options, dumps, emit, format_option, pass_settings
from axiswatch.profiles import Profile, load_profile
from axiswatch.settings import Settings
from axiswatch.store.workspace import Workspace, open_workspace


@contextmanager
def _open(settings: Settings) -> Iterator[tuple[Workspace, Profile]]:
    profile = load_profile(settings.profile)
    with open_workspace(settings.workspace, create=False) as ws:
        # DuckDB's progress bar writes to stdout and would corrupt --format json output
        ws.execute("SET enable_progress_bar = false")
        yield ws, profile


def _auto_resolve(settings: Settings, ws: Workspace, profile: Profile) -> None:
    """Resolve first when events changed since the last resolve, and say so on stderr."""
    from axiswatch.analysis.resolve import resolve_events

    s = resolve_events(ws, profile)
    if not s.up_to_date and not settings.quiet:
        click.echo(f"resolved {s.mentions} mentions into {s.resolved} events ({s.seconds:.2f} s)", err=True)


def _qty(q: dict[str, Any] | None) -> str:
    if not q:
        return ""
    lo, hi = q.get("low"), q.get("high")
    span = f"{lo:,}" if lo == hi or hi is None else f"{lo:,}–{hi:,}"
    return f"{span} {q['unit']}"


def _short(text: str | None, n: int = 90) -> str:
    if not text:
        return ""
    return text if len(text) <= n else text[: n - 1] + "…"


@click.command("resolve")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed since the last resolve.")
@click.option("--list", "listing", is_flag=True, help="List resolved events (with mentions and evidence).")
@click.option("--id", "ids", multiple=True, help="Show these resolved events (repeatable); implies --list.")
@click.option("--type", "types", default=None, help="With --list: only these event types (comma list).")
@click.option("--actor", "actors", default=None, help="With --list: only events with these actors (comma list).")
@click.option("--limit", type=click.IntRange(1, 100000), default=100, show_default=True)
@date_options
@format_option()
@pass_settings
def resolve_cmd(settings: Settings, force: bool, listing: bool, ids: tuple[str, ...], types: str | None,
                actors: str | None, limit: int, since: str | None, until: str | None, fmt: str) -> None:
    """Cluster the mentions of each real-world event and corroborate them (idempotent); --list shows them."""
    from axiswatch.analysis.resolve import list_resolved, resolve_events

    with _open(settings) as (ws, profile):
        summary = resolve_events(ws, profile, force=force)
        rows = (list_resolved(ws, ids=list(ids) or None, since=since, until=until, types=_csv(types),
                              actors=_csv(actors), limit=limit) if listing or ids else None)
    if rows is None:
        data = summary.to_dict()
        if fmt in ("json", "jsonl"):
            click.echo(dumps(data, indent=2 if fmt == "json" else None))
            return
        table = [{"figure": k, "value": v} for k, v in data.items() if k != "by_estimative"]
        table += [{"figure": f"estimative: {k}", "value": v} for k, v in summary.by_estimative.items()]
        emit(table, fmt if fmt == "csv" else "table", title="resolve")
        return
    if fmt in ("json", "jsonl"):
        emit(rows, fmt)
        return
    flat = [{"id": r["id"], "type": r["event_type"], "flow": f"{r['source']} → {r['target']}",
             "commodity": r["commodity"], "date": r["date"], "quantity": _qty(r["quantity"]),
             "mentions": r["mentions"], "sources": r["independent_sources"], "grade": r["best_grade"],
             "confidence": f"{r['confidence']:.2f} {r['estimative']}",
             "contested": " ".join(r["denied_by"]) if fmt == "csv" else len(r["denied_by"]) or "",
             "evidence": (r["evidence"][0]["text"] if fmt == "csv" else _short(r["evidence"][0]["text"]))
             if r["evidence"] else ""} for r in rows]
    emit(flat, fmt, title="resolved events")


def _csv(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


@click.command("ledger")
@date_options
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out resolved events below this confidence.")
@click.option("--evidence", "max_evidence", type=click.IntRange(0, 100), default=5, show_default=True,
              help="Evidence sentences per line.")
@format_option()
@pass_settings
def ledger_cmd(settings: Settings, since: str | None, until: str | None, min_confidence: float,
               max_evidence: int, fmt: str) -> None:
    """The exchange ledger: what flows which way between the dyad, how much, how sure."""
    from axiswatch.analysis.ledger import build_ledger

    with _open(settings) as (ws, profile):
        _auto_resolve(settings, ws, profile)
        lines = build_ledger(ws, profile, since, until, min_confidence=min_confidence,
                             max_evidence=max_evidence, resolve=False)
    if fmt in ("json", "jsonl"):
        emit([x.to_dict() for x in lines], fmt)
        return
    if fmt == "csv":
        emit([{"source": x.source, "target": x.target, "commodity": x.commodity, "first_date": x.first_date,
               "last_date": x.last_date, "quantity_low": x.quantity["low"] if x.quantity else None,
               "quantity_high": x.quantity["high"] if x.quantity else None,
               "quantity_unit": x.quantity["unit"] if x.quantity else None, "confidence": x.confidence,
               "estimative": x.estimative, "events": " ".join(x.events), "mentions": x.mentions,
               "contested": x.contested, "uncounted": "; ".join(_qty(q) for q in x.uncounted)}
              for x in lines], "csv")
        return
    rows = [{"flow": f"{x.source} → {x.target}", "commodity": x.commodity,
             "dates": f"{x.first_date or '?'} … {x.last_date or '?'}",
             "quantity": " ".join(filter(None, [_qty(x.quantity),
                                                f"(uncounted: {_qty(x.uncounted[0])})" if x.uncounted else ""])),
             "confidence": f"{x.confidence:.2f} {x.estimative}", "events": len(x.events),
             "contested": x.contested or "",
             "evidence": _short(x.evidence[0]["text"]) if x.evidence else ""} for x in lines]
    emit(rows, "table", title=f"exchange ledger: {profile.title}")


@click.command("timeline")
@date_options
@click.option("--freq", type=click.Choice(["month", "week"]), default="month", show_default=True)
@click.option("--penalty", type=float, default=3.0, show_default=True,
              help="Change-point penalty factor (higher finds fewer changes).")
@format_option()
@pass_settings
def timeline_cmd(settings: Settings, since: str | None, until: str | None, freq: str, penalty: float,
                 fmt: str) -> None:
    """Series per type and direction, the cooperation–conflict index and its change points."""
    from axiswatch.analysis.timeline import build_timeline

    with _open(settings) as (ws, profile):
        _auto_resolve(settings, ws, profile)
        tl = build_timeline(ws, profile, since, until, freq=freq, penalty=penalty, resolve=False)
    if fmt == "json":
        click.echo(dumps(tl.to_dict(), indent=2))
        return
    if fmt in ("csv", "jsonl"):
        rows = tl.rows()
        cols = ["period", "events", "cooperation", "conflict", "net", "index"]
        cols += sorted({k for r in rows for k in r} - set(cols))
        emit([{c: r.get(c, 0 if " " in c else None) for c in cols} for r in rows], fmt, columns=cols)
        return
    rows = [{"period": r["period"], "events": r["events"], "index": r["index"], "net": r["net"],
             "cooperation": r["cooperation"], "conflict": r["conflict"]} for r in tl.index]
    emit(rows, "table", title=f"cooperation–conflict index by {freq}")
    changes = [{"date": c["date"], "shift": c["shift"], "before": c["before"], "after": c["after"],
                "events around it": "; ".join(f"{e['event_type']} {e['direction']} {e['date']}"
                                              for e in c["events"][:3])} for c in tl.change_points]
    if changes:
        emit(changes, "table", title="change points")
    else:
        click.echo("change points: none detected")


@click.command("indicators")
@date_options
@format_option()
@pass_settings
def indicators_cmd(settings: Settings, since: str | None, until: str | None, fmt: str) -> None:
    """Indicators and warnings from the profile: status, trend, last evidence; changes raise alerts."""
    from axiswatch.analysis.indicators import evaluate_indicators

    with _open(settings) as (ws, profile):
        _auto_resolve(settings, ws, profile)
        # a view of the past (--since/--until) must not record history or raise alerts
        statuses = evaluate_indicators(ws, profile, since, until, record=not (since or until), resolve=False)
    if fmt in ("json", "jsonl"):
        emit([s.to_dict() for s in statuses], fmt)
        return
    rows = []
    for s in statuses:
        le = s.last_evidence or {}
        text = le.get("evidence", [{}])[0].get("text") if le.get("evidence") else None
        rows.append({"indicator": s.name, "status": s.status, "trend": s.trend, "events": s.events,
                     "as_of": s.as_of, "last_date": le.get("date"),
                     "last_evidence": _short(text) if fmt == "table" else text,
                     "changed": "yes" if s.changed else ""})
    emit(rows, fmt, title="indicators and warnings")


@click.command("network")
@date_options
@click.option("--scope", type=click.Choice(["dyad", "all"]), default="dyad", show_default=True,
              help="Only events with a dyad actor on either end, or every event.")
@click.option("--graphml", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the graph as GraphML (Gephi).")
@click.option("--gexf", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the graph as GEXF (Gephi).")
@format_option()
@pass_settings
def network_cmd(settings: Settings, since: str | None, until: str | None, scope: str, graphml: Path | None,
                gexf: Path | None, fmt: str) -> None:
    """Who acts on whom around the dyad, third-party reactions, bloc alignment; Gephi export."""
    from axiswatch.analysis.network import build_network

    with _open(settings) as (ws, profile):
        _auto_resolve(settings, ws, profile)
        net = build_network(ws, profile, since, until, scope=scope, resolve=False)
    for path, write in ((graphml, net.to_graphml), (gexf, net.to_gexf)):
        if path:
            write(path)
            if not settings.quiet:
                click.echo(f"wrote {path}", err=True)
    if fmt == "json":
        click.echo(dumps(net.to_dict(), indent=2))
        return
    edges = [{**{k: v for k, v in e.items() if k != "types"},
              "types": ", ".join(f"{t}:{n}" for t, n in e["types"].items())} for e in net.edges]
    if fmt in ("csv", "jsonl"):
        emit(edges, fmt, columns=["source", "target", "events", "cooperation", "conflict", "net", "types"])
        return
    emit(edges, "table", title=f"network around {' – '.join(net.dyad)}")
    reactions = [{"actor": r["actor"], "target": r["target"], "type": r["event_type"], "stance": r["stance"],
                  "events": r["events"], "last": r["last_date"]} for r in net.reactions]
    emit(reactions, "table", title="third-party reactions")
    if net.alignment is None and not settings.quiet:
        click.echo("bloc alignment: no UN-vote alignment available", file=sys.stdout)


def register(group: click.Group) -> None:
    """Add the analysis verbs to the root group."""
    for cmd in (resolve_cmd, ledger_cmd, timeline_cmd, indicators_cmd, network_cmd):
        group.add_command(cmd)
