"""``axiswatch ingest`` and ``axiswatch documents``: thin verbs over axiswatch.sources and store.documents."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from axiswatch.cli.common import date_options, dumps, emit, format_option, pass_settings
from axiswatch.errors import UsageError
from axiswatch.settings import Settings
from axiswatch.store import open_workspace

if TYPE_CHECKING:  # the ingest machinery (MinHash, parsers) loads only when a verb runs
    from axiswatch.sources.ingest import RunSummary

# Progress bars only pay off when there are enough inputs to wait for.
PROGRESS_MIN_INPUTS = 20
_LIST_COLUMNS = ("document_id", "published", "publisher", "publisher_grade", "kind", "language", "title",
                 "duplicate_of", "version_of")


def parse_extra_options(tokens: list[str], pairs: tuple[str, ...]) -> tuple[list[str], dict[str, Any]]:
    """Split the command line's inputs from kind-specific ``--key=value`` / ``--flag`` options."""
    inputs: list[str] = []
    options: dict[str, Any] = {}
    for tok in tokens:
        if tok.startswith("--") and len(tok) > 2:
            key, _, value = tok[2:].partition("=")
            options[key.replace("-", "_")] = value if _ else True
        else:
            inputs.append(tok)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--option takes KEY=VALUE, not {pair!r}")
        options[key.strip().replace("-", "_")] = value
    return inputs, options


_CONTROL = dict.fromkeys([*range(0, 9), *range(11, 32), 127])


def _safe(text: str) -> str:
    """Text from inputs, safe to print: no terminal control codes, no rich markup."""
    return escape(text.translate(_CONTROL))


def _print_summary(s: RunSummary) -> None:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for f in s.failures[:200]:
        err.print(f"[red]failed[/red] {_safe(f.where)}: {_safe(f.reason)}")
    if len(s.failures) > 200:
        err.print(f"... and {len(s.failures) - 200} more (see the quarantine table)")
    for w in s.warnings[:50]:
        err.print(f"[yellow]warning[/yellow] {_safe(w.where)}: {_safe(w.reason)}")
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(s.by_kind.items())) or "none"
    click.echo(f"run {s.run_id}: {s.inputs} inputs, {s.added} added, {s.updated} updated, "
               f"{s.unchanged} unchanged, {s.versions} new versions, {s.duplicates} near-duplicates, "
               f"{s.failed} failed ({s.seconds:.1f} s; added by kind: {kinds})")


@click.command("ingest", context_settings={"ignore_unknown_options": True})
@click.argument("inputs", nargs=-1, type=click.UNPROCESSED)
@click.option("--kind", default="auto", show_default=True,
              help="auto|text|html|pdf|jsonl|feed|gdelt|acled|polecat|unvotes|ais|sanctions")
@click.option("--actors", default=None, help="Dyad filter for datasets, e.g. RUS,PRK.")
@click.option("--fetch-links", is_flag=True,
              help="Fetch the linked page of feed entries that have only a summary.")
@click.option("--allow-private", is_flag=True,
              help="Allow URLs on private, loopback and link-local addresses.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse files and downloads larger than this many bytes.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="Seconds allowed per URL.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes parsing files (default: one per core for 200+ files).")
@click.option("-o", "--option", "pairs", multiple=True, help="KEY=VALUE passed to the dataset connector.")
@format_option(default="table", choices=("table", "json"))
@pass_settings
def ingest_cmd(settings: Settings, inputs: tuple[str, ...], kind: str, actors: str | None, fetch_links: bool,
               allow_private: bool, max_bytes: int | None, timeout: float | None, workers: int | None,
               pairs: tuple[str, ...], fmt: str) -> None:
    """Add files, folders (recursively) and URLs to the workspace; the kind is detected from content.

    Unknown options of the form --key=value or --flag are passed to dataset connectors.
    """
    paths, options = parse_extra_options(list(inputs), pairs)
    if not paths:
        raise UsageError("nothing to ingest: give at least one PATH or URL")
    if options:
        # say so: a mistyped flag would otherwise vanish into the connectors' options
        extra = ", ".join(f"{k}={v}" for k, v in options.items())
        click.echo(f"options passed to dataset connectors: {extra.translate(_CONTROL)}", err=True)
    if actors:
        options["actors"] = [a.strip().upper() for a in actors.split(",") if a.strip()]
    options["fetch_links"] = fetch_links
    if workers:
        options["workers"] = workers
    if max_bytes:
        settings = replace(settings, max_file_bytes=max_bytes).with_fetch(max_bytes=max_bytes)
    if timeout:
        settings = settings.with_fetch(timeout_s=timeout)
    if allow_private:
        settings = settings.with_fetch(allow_private=True)
    from axiswatch.sources.ingest import ingest_paths

    with open_workspace(settings.workspace) as ws:
        show = not settings.quiet and fmt == "table" and sys.stderr.isatty()
        if show:
            with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          TextColumn("{task.description}"), transient=True,
                          console=Console(stderr=True)) as bar:
                task = bar.add_task("", total=None)

                def tick(done: int, total: int, item: str) -> None:
                    """Advance the bar (only for batches big enough to wait for)."""
                    if total >= PROGRESS_MIN_INPUTS:
                        bar.update(task, completed=done, total=total, description=item[-50:])

                summary = ingest_paths(ws, paths, settings, kind=kind, options=options, progress=tick,
                                       command=" ".join(["ingest", *inputs])[:1000])
        else:
            summary = ingest_paths(ws, paths, settings, kind=kind, options=options,
                                   command=" ".join(["ingest", *inputs])[:1000])
    if fmt == "json":
        click.echo(dumps(summary.to_dict(), indent=2))
    else:
        _print_summary(summary)
    if summary.exit_code:
        sys.exit(summary.exit_code)


@click.group("documents", invoke_without_command=True)
@click.option("--search", "search_text", default=None, help="Full-text search (BM25 over title and text).")
@date_options
@click.option("--kind", default=None, help="Only this kind (text, html, pdf, jsonl, feed).")
@click.option("--publisher", default=None, help="Only publishers whose name contains this.")
@click.option("--no-duplicates", is_flag=True, help="Hide near-duplicate copies.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--id", "doc_id", default=None, help="Show one document (same as 'documents show ID').")
@format_option()
@click.pass_context
def documents_cmd(ctx: click.Context, search_text: str | None, since: str | None, until: str | None,
                  kind: str | None, publisher: str | None, no_duplicates: bool, limit: int,
                  doc_id: str | None, fmt: str) -> None:
    """List the workspace's documents, search them, or show one."""
    if ctx.invoked_subcommand is not None:
        return
    settings: Settings = ctx.obj
    if doc_id:
        _show(settings, doc_id, fmt)
        return
    from axiswatch.store.documents import list_documents, search_documents

    with open_workspace(settings.workspace, read_only=True) as ws:
        if search_text:
            rows = search_documents(ws, search_text, since=since, until=until, limit=limit,
                                    include_duplicates=not no_duplicates)
            columns: tuple[str, ...] = ("document_id", "score", "published", "publisher", "title", "snippet")
        else:
            rows = list_documents(ws, since=since, until=until, kind=kind, publisher=publisher,
                                  include_duplicates=not no_duplicates, limit=limit)
            columns = _LIST_COLUMNS
    emit(rows, fmt, columns=columns if fmt in ("table", "csv") else None)


def _show(settings: Settings, doc_id: str, fmt: str) -> None:
    from axiswatch.store.documents import get_document

    with open_workspace(settings.workspace, read_only=True) as ws:
        doc = get_document(ws, doc_id)
    if fmt in ("json", "jsonl"):
        click.echo(dumps(doc, indent=2 if fmt == "json" else None))
        return
    if fmt == "csv":
        emit([doc], "csv")
        return
    meta_rows = [{"field": k, "value": v} for k, v in doc.items() if k != "text"]
    emit(meta_rows, "table", columns=("field", "value"), title=doc.get("title") or doc_id)
    click.echo()
    click.echo(doc["text"].translate(_CONTROL))


@documents_cmd.command("show")
@click.argument("doc_id")
@format_option()
@pass_settings
def show_cmd(settings: Settings, doc_id: str, fmt: str) -> None:
    """Print one document with its metadata."""
    _show(settings, doc_id, fmt)


def register(group: click.Group) -> None:
    """Add the verbs to the root group."""
    group.add_command(ingest_cmd)
    group.add_command(documents_cmd)
