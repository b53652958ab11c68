"""Verbs: ``watch`` (add, list, remove, channel, runs; run the watcher) and ``alerts``. Thin: flags -> library."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from axiswatch.cli.common import dumps, emit, format_option, pass_settings
from axiswatch.settings import Settings
from axiswatch.store.workspace import Workspace, open_workspace
from axiswatch.watch import KINDS

SOURCE_COLUMNS = ("source_id", "kind", "location", "every", "health", "last_success_at", "last_error",
                  "next_due_at", "documents_added")


@contextmanager
def _open(settings: Settings, create: bool = True) -> Iterator[Workspace]:
    with open_workspace(settings.workspace, create=create) as ws:
        ws.execute("SET enable_progress_bar = false")  # it writes to stdout and would corrupt JSON
        yield ws


@click.group("watch", invoke_without_command=True)
@click.option("--once", is_flag=True, help="Run one cycle over every source and exit (for cron).")
@click.option("--max-sleep", type=click.FloatRange(min=0.5), default=60.0, show_default=True,
              help="Longest sleep between cycles, in seconds.")
@format_option(choices=("table", "json"))
@click.pass_context
def watch_group(ctx: click.Context, once: bool, max_sleep: float, fmt: str) -> None:
    """Keep watching the configured sources and raise alerts (add, list, remove, channel, runs)."""
    if ctx.invoked_subcommand is not None:
        return
    settings: Settings = ctx.obj
    from axiswatch.watch.cycle import CycleReport, run_watcher

    stop = threading.Event()
    if not once:
        # SIGTERM/SIGINT end the watcher between steps of a cycle, not in the middle of a write
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())

    def progress(stage: str, detail: str) -> None:
        if not settings.quiet:
            click.echo(f"watch: {stage}{' ' + detail if detail else ''}", err=True)

    def on_cycle(rep: CycleReport) -> None:
        if fmt == "json":
            click.echo(dumps(rep.to_dict()))
            return
        click.echo(_cycle_line(rep))

    def on_error(exc: Exception) -> None:
        click.echo(f"watch: cycle failed: {_clean(str(exc))}; trying again later", err=True)

    reports = run_watcher(settings.workspace, settings, stop, once=once, max_sleep_s=max_sleep,
                          progress=progress, on_cycle=on_cycle, on_error=on_error)
    if once and reports and reports[-1].status != "ok":
        sys.exit(1)


_CONTROL = dict.fromkeys([*range(0, 9), *range(11, 32), 127])


def _clean(text: str | None) -> str:
    """Error texts can carry bytes from a remote server: no terminal control codes."""
    return (text or "").translate(_CONTROL)[:500]


def _cycle_line(rep: Any) -> str:
    alerts = rep.alerts or {}
    raised = len(alerts.get("raised", [])) + sum(1 for s in rep.indicators_changed if s["alert_id"])
    failed = [s for s in rep.sources if s["status"] == "failed"]
    parts = [f"{rep.started_at} {rep.status}: {len(rep.sources)} source(s) checked",
             f"{rep.documents_added} new document(s)", f"{(rep.extract or {}).get('events', 0)} event(s)",
             f"{raised} alert(s)" + (" (baseline recorded)" if alerts.get("baseline") else ""),
             f"{(rep.deliveries or {}).get('sent', 0)} delivered", f"{rep.seconds:.2f} s"]
    lines = [", ".join(parts)]
    lines += [f"  source failed: {_clean(s['error'])}" for s in failed]
    lines += [f"  delivery failed: {_clean(e['error'])}" for e in (rep.deliveries or {}).get("errors", [])]
    if not rep.sources and rep.status == "ok":
        lines.append("  (no source was due; add one with 'axiswatch watch add PATH|URL')")
    return "\n".join(lines)


@watch_group.command("add")
@click.argument("location")
@click.option("--every", default="15m", show_default=True, help="Interval: 90s, 15m, 2h, 1d.")
@click.option("--kind", type=click.Choice(["auto", *KINDS]),
              default="auto", show_default=True, help="What the source is (gdelt: a GDELT update folder).")
@click.option("--ingest-kind", default="auto", show_default=True, help="Passed to ingest as --kind.")
@click.option("--allow-private", is_flag=True, help="Allow a URL on a private network address.")
@format_option(choices=("table", "json"))
@pass_settings
def add_cmd(settings: Settings, location: str, every: str, kind: str, ingest_kind: str, allow_private: bool,
            fmt: str) -> None:
    """Watch a folder, file, feed or page (PATH|URL)."""
    from axiswatch.watch.sources import add_source

    with _open(settings) as ws:
        src = add_source(ws, location, every=every, kind=kind, ingest_kind=ingest_kind,
                         allow_private=allow_private)
    if fmt == "json":
        click.echo(dumps(src.to_dict(), indent=2))
    else:
        click.echo(f"watching {src.location} ({src.kind}, every {src.to_dict()['every']}) as {src.source_id}")


@watch_group.command("list")
@format_option()
@pass_settings
def list_cmd(settings: Settings, fmt: str) -> None:
    """The watched sources with their health (last success, last error, next check)."""
    from axiswatch.watch.sources import list_sources

    with _open(settings) as ws:
        rows = [s.to_dict() for s in list_sources(ws)]
    emit(rows, fmt, columns=None if fmt in ("json", "jsonl") else SOURCE_COLUMNS, title="watched sources")


@watch_group.command("remove")
@click.argument("source_id")
@pass_settings
def remove_cmd(settings: Settings, source_id: str) -> None:
    """Stop watching a source (by id, id prefix or location); its documents stay."""
    from axiswatch.watch.sources import remove_source

    with _open(settings) as ws:
        src = remove_source(ws, source_id)
    click.echo(f"no longer watching {src.location} ({src.source_id})")


@watch_group.command("runs")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option()
@pass_settings
def runs_cmd(settings: Settings, limit: int, fmt: str) -> None:
    """The latest watch cycles and how they ended."""
    from axiswatch.watch.cycle import list_runs

    with _open(settings) as ws:
        emit(list_runs(ws, limit), fmt, title="watch cycles")


@watch_group.group("channel")
def channel_group() -> None:
    """Alert delivery channels: jsonl log, webhook, smtp."""


@channel_group.command("add")
@click.argument("type_", metavar="jsonl|webhook|smtp", type=click.Choice(["jsonl", "webhook", "smtp"]))
@click.argument("target", metavar="PATH|URL|HOST")
@click.option("--secret", default=None, help="Webhook: HMAC-SHA256 key for the X-Axiswatch-Signature header.")
@click.option("--digest", is_flag=True, help="Group each cycle's alerts into one message.")
@click.option("--min-severity", type=click.Choice(["low", "medium", "high"]), default="low", show_default=True)
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0.1), default=10.0, show_default=True)
@click.option("--max-attempts", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--allow-private", is_flag=True, help="Webhook: allow a private network address.")
@click.option("--port", type=click.IntRange(1, 65535), default=25, show_default=True, help="SMTP port.")
@click.option("--from", "sender", default="axiswatch@localhost", show_default=True, help="SMTP sender.")
@click.option("--to", "recipients", multiple=True, help="SMTP recipient (repeatable).")
@click.option("--starttls", is_flag=True, help="SMTP: upgrade the connection with STARTTLS.")
@click.option("--username", default=None, help="SMTP login.")
@click.option("--password", default=None, help="SMTP password.")
@format_option(choices=("table", "json"))
@pass_settings
def channel_add(settings: Settings, type_: str, target: str, secret: str | None, digest: bool, min_severity: str,
                timeout_s: float, max_attempts: int, allow_private: bool, port: int, sender: str,
                recipients: tuple[str, ...], starttls: bool, username: str | None, password: str | None,
                fmt: str) -> None:
    """Deliver alerts to a JSON-lines file, a webhook or an SMTP server."""
    from axiswatch.watch.deliver import add_channel

    with _open(settings) as ws:
        ch = add_channel(ws, type_, target, secret=secret, digest=digest, min_severity=min_severity,
                         timeout_s=timeout_s, max_attempts=max_attempts, allow_private=allow_private,
                         port=port, sender=sender, recipients=list(recipients), starttls=starttls,
                         username=username, password=password)
    if fmt == "json":
        click.echo(dumps(ch.public(), indent=2))
    else:
        click.echo(f"alerts go to {ch.type} {ch.target}{' (digest)' if ch.digest else ''} as {ch.id}")


@channel_group.command("list")
@format_option()
@pass_settings
def channel_list(settings: Settings, fmt: str) -> None:
    """The channels with their delivery counts and last error."""
    from axiswatch.watch.deliver import delivery_status, list_channels

    with _open(settings) as ws:
        status = {r["channel_id"]: r for r in delivery_status(ws)}
        rows = [{**c.public(), **{k: v for k, v in status.get(c.id, {}).items() if k != "channel_id"}}
                for c in list_channels(ws)]
    emit(rows, fmt, columns=None if fmt in ("json", "jsonl") else
         ("id", "type", "target", "digest", "min_severity", "sent", "pending", "failed", "last_error"),
         title="alert channels")


@channel_group.command("remove")
@click.argument("channel_id")
@pass_settings
def channel_remove(settings: Settings, channel_id: str) -> None:
    """Remove a channel (by id or target)."""
    from axiswatch.watch.deliver import remove_channel

    with _open(settings) as ws:
        ch = remove_channel(ws, channel_id)
    click.echo(f"removed {ch.type} channel {ch.target}")


@click.command("alerts")
@click.option("--kind", default=None, help="Only this kind: indicator, new_flow, large_quantity, change_point, "
                                           "spike, sanctions.")
@click.option("--severity", "min_severity", type=click.Choice(["low", "medium", "high"]), default=None,
              help="Only this severity and above.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@format_option(choices=("table", "json", "jsonl", "csv"))
@pass_settings
def alerts_cmd(settings: Settings, kind: str | None, min_severity: str | None, limit: int, fmt: str) -> None:
    """The alerts raised (indicator changes and watch alerts), newest first, with their evidence."""
    from axiswatch.analysis.indicators import list_alerts
    from axiswatch.watch.alerts import severity_at_least, with_links

    with open_workspace(settings.workspace, read_only=True) as ws:
        # the severity filter runs after the query: read enough rows to still fill the limit
        rows = list_alerts(ws, kind=kind, limit=limit if not min_severity else max(limit, 100_000))
        if min_severity:
            rows = [r for r in rows if severity_at_least(r["severity"], min_severity)]
        rows = with_links(ws, rows[:limit])
    if fmt in ("json", "jsonl", "csv"):
        emit(rows, fmt)
        return
    table = []
    for r in rows:
        ev = r.get("evidence") or {}
        docs = ev.get("documents") or []
        table.append({"created_at": r["created_at"], "severity": r["severity"], "kind": r["kind"],
                      "summary": r["summary"], "evidence": (docs[0].get("url") if docs else None),
                      "alert_id": r["alert_id"]})
    emit(table, "table", title="alerts")


def register(group: click.Group) -> None:
    """Add ``watch`` and ``alerts`` to the root group."""
    group.add_command(watch_group)
    group.add_command(alerts_cmd)
