"""Verb: demo, the whole product on the bundled sample."""

from __future__ import annotations

from pathlib import Path

import click

from axiswatch.cli.common import dumps, pass_settings
from axiswatch.settings import Settings


@click.command("demo")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("axiswatch-demo"),
              show_default=True, help="Folder for the demo workspace and briefing.")
@click.option("--serve/--no-serve", default=False, show_default=True, help="Serve the dashboard on the result.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port for --serve.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_settings
@click.pass_context
def demo_cmd(ctx: click.Context, settings: Settings, out_dir: Path, serve: bool, port: int, as_json: bool) -> None:
    """Run every stage on the bundled sample corpus and print what it found."""
    from axiswatch.demo import run_demo

    summary = run_demo(out_dir, settings, say=(lambda s: None) if as_json else click.echo)
    if as_json:
        click.echo(dumps(summary, indent=2))
    else:
        c = summary["workspace_counts"]
        click.echo(f"workspace {summary['workspace']}: {c['documents']} documents, {c['events']} events "
                   f"of {c['event_types']} types")
        if summary.get("briefing"):
            click.echo(f"briefing: {summary['briefing']}")
    if serve:
        from dataclasses import replace

        from axiswatch.cli.web import serve_cmd

        ctx.obj = replace(settings, workspace=Path(summary["workspace"]))
        ctx.invoke(serve_cmd, host="127.0.0.1", port=port, login_required=False, allow_private=False,
                   max_upload_mb=20, secure_cookies=None)


def register(group: click.Group) -> None:
    """Add the verb to the root group."""
    group.add_command(demo_cmd)
