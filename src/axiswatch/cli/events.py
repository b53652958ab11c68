"""``axiswatch events`` (text- and dataset-derived events) and ``axiswatch alignment`` (UN votes)."""

from __future__ import annotations

from typing import Any

import click

from axiswatch.cli.common import date_options, emit, format_option, pass_settings
from axiswatch.errors import UsageError
from axiswatch.ontology import CERTAINTIES, EVENT_TYPES
from axiswatch.settings import Settings
from axiswatch.store import open_workspace
from axiswatch.store.events import query_events

TABLE_COLUMNS = ("date", "event_type", "mode", "source", "target", "commodity", "quantity", "certainty",
                 "confidence", "origin", "evidence")
ORIGIN_KINDS = ("text", "gdelt", "acled", "polecat", "unvotes", "ais", "sanctions")


def _split(values: tuple[str, ...]) -> list[str]:
    """Repeatable options that also take comma lists: --type AID --type SUPPORT or --type AID,SUPPORT."""
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


def list_events(settings: Settings, *, since: str | None = None, until: str | None = None,
                types: list[str] | None = None, actors: list[str] | None = None,
                certainty: list[str] | None = None, origins: list[str] | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    """The events of the workspace, filtered like the CLI (a library function the verb wraps)."""
    bad = [t for t in types or [] if t.upper() not in EVENT_TYPES]
    if bad:
        raise UsageError(f"unknown event type(s) {', '.join(bad)}; known: {', '.join(EVENT_TYPES)}")
    bad = [c for c in certainty or [] if c not in CERTAINTIES]
    if bad:
        raise UsageError(f"unknown certainty {', '.join(bad)}; known: {', '.join(CERTAINTIES)}")
    with open_workspace(settings.workspace, read_only=True) as ws:
        return query_events(ws, since=since, until=until, types=types or None,
                            actors=[a.upper() for a in actors or []] or None, certainty=certainty or None,
                            origin_kinds=origins or None, limit=limit)


def _table_row(ev: dict[str, Any]) -> dict[str, Any]:
    q = ev.get("quantity")
    first = ev["evidence"][0]["text"] if ev.get("evidence") else ""
    return {**ev, "quantity": f"{q['value']} {q['unit']}" if q else None, "origin": ev["origin"]["kind"],
            "evidence": first}


@click.command("events")
@date_options
@click.option("--type", "types", multiple=True, help="PLOVER event type(s), e.g. AID or AID,SUPPORT.")
@click.option("--actor", "actors", multiple=True, help="Actor code(s) as source or target, e.g. RUS,PRK.")
@click.option("--certainty", "certainty", multiple=True, help="confirmed, reported, alleged, speculative.")
@click.option("--origin", "origins", multiple=True,
              help="Where events came from: text, gdelt, acled, polecat (repeat or comma-separate).")
@click.option("--limit", type=int, default=None, help="At most this many events.")
@format_option()
@pass_settings
def events_cmd(settings: Settings, since: str | None, until: str | None, types: tuple[str, ...],
               actors: tuple[str, ...], certainty: tuple[str, ...], origins: tuple[str, ...],
               limit: int | None, fmt: str) -> None:
    """List events from text and from datasets (GDELT, ACLED, POLECAT) with evidence and origin."""
    rows = list_events(settings, since=since, until=until, types=_split(types), actors=_split(actors),
                       certainty=_split(certainty), origins=_split(origins), limit=limit)
    if fmt == "table":
        emit([_table_row(r) for r in rows], fmt, TABLE_COLUMNS, title=f"{len(rows)} events")
    else:
        emit(rows, fmt, None if fmt != "csv" else TABLE_COLUMNS)


@click.command("alignment")
@click.argument("state_a")
@click.argument("state_b")
@date_options
@click.option("--issue", default=None, help="Only roll calls tagged with this issue (me, nu, di, hr, co, ec).")
@click.option("--no-ideal-points", is_flag=True, help="Skip the ideal-point distance (faster).")
@format_option()
@pass_settings
def alignment_cmd(settings: Settings, state_a: str, state_b: str, since: str | None, until: str | None,
                  issue: str | None, no_ideal_points: bool, fmt: str) -> None:
    """UN General Assembly vote alignment of two states by year (agreement and ideal-point distance)."""
    from axiswatch.analysis.alignment import agreement_by_year

    with open_workspace(settings.workspace, read_only=True) as ws:
        years = agreement_by_year(ws, state_a, state_b, since=since, until=until, issue=issue,
                                  ideal_points=not no_ideal_points)
    rows = [{"state_a": state_a.upper(), "state_b": state_b.upper(), **y.to_dict()} for y in years]
    emit(rows, fmt, None if rows else ["year", "roll_calls", "agreement"],
         title=f"UN vote alignment {state_a.upper()}–{state_b.upper()}")


def register(group: click.Group) -> None:
    """Add ``events`` and ``alignment`` to the root group."""
    group.add_command(events_cmd)
    group.add_command(alignment_cmd)
