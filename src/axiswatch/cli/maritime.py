"""``axiswatch maritime ...`` and ``axiswatch sanctions ...``: what the ship tracks and the lists show."""

from __future__ import annotations

import click

from axiswatch.cli.common import dumps, emit, format_option, pass_settings
from axiswatch.maritime.events import map_features, refresh
from axiswatch.maritime.listing import COLUMNS, list_detections
from axiswatch.maritime.screen import list_matches, suppress, unsuppress
from axiswatch.maritime.vessels import list_vessels
from axiswatch.profiles import load_profile
from axiswatch.settings import Settings
from axiswatch.store import open_workspace

VESSEL_COLUMNS = ["mmsi", "imo", "name", "call_sign", "flag", "ship_type", "draught", "positions", "last_seen",
                  "anomalies", "watched", "sanctions"]
MATCH_COLUMNS = ["subject_kind", "subject_id", "subject_name", "method", "score", "entry_id", "list",
                 "entry_name", "matched_name", "country", "suppressed"]


@click.group("maritime")
def maritime_group() -> None:
    """What the ship tracks show: vessels, port calls, gaps, encounters, shuttles."""


def _listing(settings: Settings, listing: str, fmt: str, mmsi: int | None, force: bool) -> None:
    profile = load_profile(settings.profile)
    with open_workspace(settings.workspace) as ws:
        refresh(ws, profile, force=force)
        rows = list_detections(ws, listing, mmsi=mmsi)
    emit(rows, fmt, columns=COLUMNS[listing] if fmt in ("table", "csv") else None, title=listing)


def _listing_command(listing: str, help_text: str) -> click.Command:
    @click.command(listing, help=help_text)
    @format_option()
    @click.option("--mmsi", type=int, default=None, help="Only this vessel.")
    @click.option("--force", is_flag=True, help="Re-run detection even if nothing changed.")
    @pass_settings
    def cmd(settings: Settings, fmt: str, mmsi: int | None, force: bool) -> None:
        _listing(settings, listing, fmt, mmsi, force)

    return cmd


maritime_group.add_command(_listing_command(
    "portcalls", "Port calls at watched ports: arrival, departure, dwell, draught before/after (laden or not)."))
maritime_group.add_command(_listing_command(
    "gaps", "AIS gaps (going dark) and dark port calls near watched ports."))
maritime_group.add_command(_listing_command(
    "encounters", "Ships close and slow together for hours (possible ship-to-ship transfer), and loitering."))
maritime_group.add_command(_listing_command(
    "shuttles", "Repeated voyages between the same two watched ports."))


@maritime_group.command("vessels")
@format_option()
@click.option("--mmsi", type=int, default=None, help="Only this vessel.")
@pass_settings
def vessels_cmd(settings: Settings, fmt: str, mmsi: int | None) -> None:
    """Vessel identities from AIS, with name/flag/IMO anomalies and sanctions hits."""
    profile = load_profile(settings.profile)
    with open_workspace(settings.workspace) as ws:
        refresh(ws, profile)
        rows = list_vessels(ws, profile, mmsi=mmsi)
    emit(rows, fmt, columns=VESSEL_COLUMNS if fmt in ("table", "csv") else None, title="vessels")


@maritime_group.command("detect")
@format_option(default="json", choices=("json", "table"))
@pass_settings
def detect_cmd(settings: Settings, fmt: str) -> None:
    """Run detection, screening and event writing now, whatever changed."""
    profile = load_profile(settings.profile)
    with open_workspace(settings.workspace) as ws:
        summary = refresh(ws, profile, force=True)
    if fmt == "json":
        click.echo(dumps(summary, indent=2))
    else:
        emit([{"kind": k, "found": v} for k, v in summary["detections"].items()], "table", title="detections")


@maritime_group.command("map")
@pass_settings
def map_cmd(settings: Settings) -> None:
    """Watched places and located detections as GeoJSON."""
    profile = load_profile(settings.profile)
    with open_workspace(settings.workspace) as ws:
        refresh(ws, profile)
        click.echo(dumps(map_features(ws, profile), indent=2))


@click.group("sanctions")
def sanctions_group() -> None:
    """Screening against loaded sanctions lists (load them with 'axiswatch ingest --kind sanctions')."""


@sanctions_group.command("screen")
@format_option()
@click.option("--all", "show_all", is_flag=True, help="Include suppressed matches.")
@click.option("--kind", "subject_kind", type=click.Choice(["vessel", "actor", "event"]), default=None,
              help="Only matches of this kind of subject.")
@click.option("--min-score", type=float, default=0.0, show_default=True, help="Lowest score to list.")
@pass_settings
def screen_cmd(settings: Settings, fmt: str, show_all: bool, subject_kind: str | None, min_score: float) -> None:
    """List the matches of vessels, profile actors and event names against the lists."""
    profile = load_profile(settings.profile)
    with open_workspace(settings.workspace) as ws:
        refresh(ws, profile)
        rows = list_matches(ws, include_suppressed=show_all, subject_kind=subject_kind, min_score=min_score)
    emit(rows, fmt, columns=MATCH_COLUMNS if fmt in ("table", "csv") else None, title="sanctions matches")


@sanctions_group.command("suppress")
@click.argument("entry_id")
@click.option("--subject", "subject_id", default="*", show_default=True,
              help="Only for this subject (MMSI, 'PRK:Name' or event id); '*' for all.")
@click.option("--reason", default=None, help="Why this is a false positive.")
@pass_settings
def suppress_cmd(settings: Settings, entry_id: str, subject_id: str, reason: str | None) -> None:
    """Mark a list entry as a known false positive."""
    with open_workspace(settings.workspace) as ws:
        click.echo(dumps(suppress(ws, entry_id, subject_id, reason)))


@sanctions_group.command("unsuppress")
@click.argument("entry_id")
@click.option("--subject", "subject_id", default="*", show_default=True, help="The subject it was for.")
@pass_settings
def unsuppress_cmd(settings: Settings, entry_id: str, subject_id: str) -> None:
    """Lift a suppression."""
    with open_workspace(settings.workspace) as ws:
        click.echo(dumps({"entry_id": entry_id, "subject_id": subject_id,
                          "removed": unsuppress(ws, entry_id, subject_id)}))


def register(group: click.Group) -> None:
    """Add the maritime and sanctions groups to the root group."""
    group.add_command(maritime_group)
    group.add_command(sanctions_group)
