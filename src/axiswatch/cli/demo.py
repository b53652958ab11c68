"""Verb: demo, the whole product on the bundled sample."""

from __future__ import annotations

from pathlib import Path

import click

from axiswatch.cli.common import dumps, pass_settings
from axiswatch.settings import Settings


@click.command("demo")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("axiswatch-demo"),
              show_default=True, help="Folder for the demo workspace and briefing.")
@click.option("--serve/--no-serve", default=False, show_default=True, help="Open the dashboard afterwards.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_settings
def demo_cmd(settings: Settings, out_dir: Path, serve: bool, as_json: bool) -> None:
    """Run every stage on the bundled sample corpus and print what it found."""
    from axiswatch.demo import run_demo

    summary = run_demo(out_dir, settings, say=(lambda s: None) if as_json else click.echo)
    if as_json:
        click.echo(dumps(summary, indent=2))
    else:
        c = summary["workspace_counts"]
        click.echo(f"workspace {summary['workspace']}: {c['documents']} documents, {c['events']} events "
                   f"of {c['event_types']} types")


def register(group: click.Group) -> None:
    """Add the verb to the root group."""
    group.add_command(demo_cmd)
