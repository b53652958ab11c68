"""Verb: brief, the evidence-cited analytic brief (HTML, PDF, Markdown, or its JSON twin)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from axiswatch.cli.common import date_options, dumps, pass_settings
from axiswatch.errors import UsageError
from axiswatch.settings import Settings

_SUFFIX_FORMAT = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".pdf": "pdf",
                  ".json": "json"}


@click.command("brief")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "md", "json"]), default=None,
              help="Output format (default: from --out's suffix, else html).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (PDF needs it); without it HTML, Markdown and JSON go to stdout.")
@date_options
@pass_settings
def brief_cmd(settings: Settings, fmt: str | None, out: Path | None, since: str | None,
              until: str | None) -> None:
    """Write the analytic brief of the workspace: judgements, ledger, trend, reactions, indicators, sources."""
    from axiswatch.profiles import load_profile
    from axiswatch.report import build_brief, render
    from axiswatch.store import open_workspace

    fmt = fmt or (_SUFFIX_FORMAT.get(out.suffix.lower(), "html") if out else "html")
    if fmt == "pdf" and out is None:
        raise UsageError("--format pdf needs --out FILE (a PDF is not written to a terminal)")
    profile = load_profile(settings.profile)
    # Not read-only: the brief runs the resolver first when events changed, as every analysis verb does.
    with open_workspace(settings.workspace, create=False) as ws:
        brief = build_brief(ws, profile, since, until)
    data = (dumps(brief.to_dict(), indent=2) + "\n").encode("utf-8") if fmt == "json" else render(brief, fmt)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)
    click.echo(dumps({"path": str(out), "format": fmt, "bytes": len(data), "sections": len(brief.sections()),
                      "sources": len(brief.sources), "citations": len(brief.citations()),
                      "empty": brief.empty}))


def register(group: click.Group) -> None:
    """Add the verb to the root group."""
    group.add_command(brief_cmd)
