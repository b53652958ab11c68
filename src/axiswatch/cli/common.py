"""Shared CLI plumbing: the root group, global options, output formats and exit codes."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from axiswatch.jsonio import dumps
from axiswatch.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "json", "jsonl", "csv")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--workspace", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Workspace file (default ./axiswatch.duckdb or $AXISWATCH_WORKSPACE).")
@click.option("--profile", default=None, help="Watch profile name or YAML path (default russia_dprk).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.version_option(package_name="axiswatch")
@click.pass_context
def main_group(ctx: click.Context, workspace: Path | None, profile: str | None, quiet: bool) -> None:
    """axiswatch: watch an alignment between states, with evidence."""
    ctx.obj = Settings.from_env(workspace=workspace, profile=profile, quiet=quiet or None)


def pass_settings(fn: F) -> F:
    """Decorator: hand the command the Settings built by the root group."""
    return click.pass_obj(fn)  # type: ignore[return-value]


def format_option(default: str = "table", choices: Sequence[str] = FORMATS) -> Callable[[F], F]:
    """The ``--format`` option every listing verb takes."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=True, help="Output format.")


_CONTROL_CHARS = dict.fromkeys([*range(0, 9), *range(11, 32), 127])

__all__ = ["dumps", "emit", "format_option", "date_options", "pass_settings", "main_group"]


def _cell(v: Any, width: int = 80) -> str:
    if v is None:
        return ""
    if isinstance(v, dict | list):
        v = dumps(v)
    # Cells hold text from the web: no terminal control codes, and "[...]" is text, not rich markup.
    s = str(v).translate(_CONTROL_CHARS)
    return escape(s if len(s) <= width else s[: width - 1] + "…")


def emit(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None,
         title: str | None = None, out: Any = None) -> None:
    """Print rows as a table (people), JSON, JSON lines or CSV (programs)."""
    out = out or sys.stdout
    rows = list(rows)
    if fmt == "json":
        out.write(dumps(rows, indent=2) + "\n")
        return
    if fmt == "jsonl":
        for r in rows:
            out.write(dumps(r) + "\n")
        return
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        for r in rows:
            w.writerow([dumps(r.get(c)) if isinstance(r.get(c), dict | list) else
                        ("" if r.get(c) is None else r.get(c)) for c in cols])
        out.write(buf.getvalue())
        return
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in cols])
    Console(file=out, width=max(100, Console().width)).print(table)
    if not rows:
        click.echo("(nothing)", file=out)


def date_options(fn: F) -> F:
    """``--since`` / ``--until`` filters (YYYY, YYYY-MM or YYYY-MM-DD)."""
    fn = click.option("--until", default=None, help="Only up to this date (YYYY[-MM[-DD]]).")(fn)
    fn = click.option("--since", default=None, help="Only from this date (YYYY[-MM[-DD]]).")(fn)
    return fn
