"""Verbs: ``export events|ledger|timeline|documents|...|network|ftm``. Thin: flags -> ``axiswatch.api`` -> file.

Each verb writes one file and prints a one-line JSON summary (path, format,
rows written and left out), so scripts can chain it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from axiswatch.cli.common import date_options, dumps, pass_settings
from axiswatch.settings import Settings

# The same tuples as axiswatch.api.EVENT_EXPORT_FORMATS and axiswatch.export.tables.TABLE_FORMATS (a test
# keeps them equal); spelled out here so that starting the CLI does not import pandas.
EVENT_EXPORT_FORMATS = ("plover", "cameo", "csv", "parquet", "json", "jsonl")
TABLE_FORMATS = ("csv", "parquet", "json", "jsonl")

TABLES = ("ledger", "timeline", "change_points", "documents", "indicators", "edges", "resolved", "alerts")
_HELP = {"edges": "the network's edges", "resolved": "the resolved events", "change_points": "the change points"}
# Analyses run the resolver first when events changed, as the analysis verbs do: those open for writing.
_READ_ONLY_TABLES = ("documents", "alerts")


def _out_option(fn: Any) -> Any:
    return click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
                        help="File to write (replaced whole; never left half-written).")(fn)


def _done(summary: dict[str, Any]) -> None:
    click.echo(dumps(summary))


@click.group("export")
def export_group() -> None:
    """Write events, tables, the network or FtM entities to files other tools read."""


@export_group.command("events")
@date_options
@click.option("--type", "types", multiple=True, help="PLOVER event type(s), e.g. AID or AID,SUPPORT.")
@click.option("--actor", "actors", multiple=True, help="Actor code(s) as source or target, e.g. RUS,PRK.")
@click.option("--certainty", "certainty", multiple=True, help="confirmed, reported, alleged, speculative.")
@click.option("--origin", "origins", multiple=True, help="text, gdelt, acled, polecat (repeat or comma-separate).")
@click.option("--format", "fmt", type=click.Choice(list(EVENT_EXPORT_FORMATS)), default="plover", show_default=True,
              help="plover: POLECAT-style JSON lines; cameo: CAMEO-coded rows (CSV, or by --out suffix); "
                   "csv/parquet/json/jsonl: the events table.")
@_out_option
@pass_settings
def export_events_cmd(settings: Settings, since: str | None, until: str | None, types: tuple[str, ...],
                      actors: tuple[str, ...], certainty: tuple[str, ...], origins: tuple[str, ...], fmt: str,
                      out: Path) -> None:
    """Events as POLECAT/PLOVER JSON lines, CAMEO-coded rows, or CSV/Parquet/JSON tables."""
    from axiswatch.api import Workbench

    wb = Workbench(settings, write=False)
    _done(wb.export_events(out, fmt, since=since, until=until, types=list(types), actors=list(actors),
                           certainty=list(certainty), origins=list(origins)))


def _table_command(name: str) -> click.Command:
    @click.command(name.replace("_", "-"))
    @date_options
    @click.option("--format", "fmt", type=click.Choice(list(TABLE_FORMATS)), default=None,
                  help="csv, parquet, json or jsonl (default: from --out's suffix).")
    @_out_option
    @pass_settings
    def cmd(settings: Settings, since: str | None, until: str | None, fmt: str | None, out: Path) -> None:
        from axiswatch.api import Workbench

        wb = Workbench(settings, write=name not in _READ_ONLY_TABLES)
        _done(wb.export_table(name, out, fmt, since=since, until=until))

    cmd.help = f"Write {_HELP.get(name, 'the ' + name)} as CSV, Parquet, JSON or JSON lines."
    return cmd


@export_group.command("network")
@date_options
@click.option("--scope", type=click.Choice(["dyad", "all"]), default="dyad", show_default=True,
              help="Only events with a dyad actor on either end, or every event.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf"]), default=None,
              help="graphml or gexf (default: from --out's suffix).")
@_out_option
@pass_settings
def export_network_cmd(settings: Settings, since: str | None, until: str | None, scope: str, fmt: str | None,
                       out: Path) -> None:
    """The actor network as GraphML or GEXF (Gephi, yEd, Cytoscape, networkx)."""
    from axiswatch.api import Workbench

    _done(Workbench(settings, write=True).export_network(out, fmt, since=since, until=until, scope=scope))


@export_group.command("ftm")
@date_options
@click.option("--dyad-only", is_flag=True, help="Only events between the two sides of the dyad.")
@_out_option
@pass_settings
def export_ftm_cmd(settings: Settings, since: str | None, until: str | None, dyad_only: bool, out: Path) -> None:
    """Resolved events, actors and source documents as FollowTheMoney entities (JSON lines)."""
    from axiswatch.api import Workbench

    _done(Workbench(settings, write=True).export_ftm(out, since=since, until=until, dyad_only=dyad_only))


for _name in TABLES:
    export_group.add_command(_table_command(_name))


def register(group: click.Group) -> None:
    """Add the ``export`` group to the root group."""
    group.add_command(export_group)
