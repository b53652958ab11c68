"""Verb: check, the workspace integrity check (exit 1 when it finds an error)."""

from __future__ import annotations

import sys

import click

from axiswatch.cli.common import dumps, emit, pass_settings
from axiswatch.settings import Settings


@click.command("check")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
@click.option("--counts", "show_counts", is_flag=True, help="Also list the row count of every table.")
@pass_settings
def check_cmd(settings: Settings, fmt: str, show_counts: bool) -> None:
    """Check the workspace: counts, foreign keys, orphans, duplicate ids, interrupted runs (read-only)."""
    from axiswatch.store.check import check_path

    report = check_path(settings.workspace)
    if fmt == "json":
        click.echo(dumps(report.to_dict(), indent=2))
    else:
        if show_counts:
            emit([{"table": t, "rows": n} for t, n in report.counts.items()], "table", title="Tables")
        if report.findings:
            emit([{"severity": f.severity, "check": f.check, "rows": f.count, "reason": f.reason,
                   "sample": ", ".join(f.sample)} for f in report.findings], "table", title="Findings")
        verdict = "ok" if report.ok else "PROBLEMS FOUND"
        click.echo(f"{report.workspace}: {verdict} — {report.checks_run} checks, {report.errors} errors, "
                   f"{report.warnings} warnings, {sum(report.counts.values())} rows in "
                   f"{len(report.counts)} tables")
    if not report.ok:
        sys.exit(1)


def register(group: click.Group) -> None:
    """Add the verb to the root group."""
    group.add_command(check_cmd)
