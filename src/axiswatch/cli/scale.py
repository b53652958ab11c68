"""Verbs for the Spark engine: ``axiswatch spark extract|gdelt|ais`` and ``axiswatch import-parquet DIR``.

``axiswatch extract --engine spark`` is the same as ``spark extract``; every verb here
writes Parquet with a manifest, and ``import-parquet`` loads that into the workspace.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from axiswatch.cli.common import dumps, format_option, pass_settings
from axiswatch.settings import Settings

MASTER_HELP = ("Spark master URL: local[2], spark://host:7077, yarn, k8s://... "
               "(default: the one spark-submit gives, else local[*]).")


def master_option(fn: Any) -> Any:
    """The ``--master`` option of every Spark verb."""
    return click.option("--master", default=None, help=MASTER_HELP)(fn)


def _report(title: str, summary: dict[str, Any], fmt: str, out: Path | None = None) -> None:
    if fmt == "json":
        click.echo(dumps(summary, indent=2))
        return
    figures = ", ".join(f"{k} {v}" for k, v in summary.items()
                        if isinstance(v, int | float) and not isinstance(v, bool))
    click.echo(f"{title}: {figures}" + (f" -> {out}" if out else ""))
    for r in summary.get("rejected", [])[:50]:
        click.echo(f"  {r['where']}: {r['reason']}", err=True)


@click.group("spark")
def spark_group() -> None:
    """Run the heavy stages on Apache Spark (needs the 'spark' extra); results are Parquet folders."""


@spark_group.command("extract")
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, path_type=Path),
              help="Documents: JSON lines, Parquet (id, text, ...) or a folder of .txt files.")
@click.option("--output", "output_path", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Result folder (events/, rejected/, manifest.json).")
@click.option("--partitions", type=click.IntRange(min=1), default=None, help="Repartition the documents.")
@master_option
@format_option("table", ("table", "json"))
@pass_settings
def spark_extract(settings: Settings, input_path: Path, output_path: Path, partitions: int | None,
                  master: str | None, fmt: str) -> None:
    """Code documents into events on Spark (same extractor as 'extract'); writes Parquet."""
    summary = run_spark_extract(settings, input_path, output_path, master, partitions)
    _report("spark extract", summary, fmt, output_path)
    if summary["failed"]:
        sys.exit(1)


def run_spark_extract(settings: Settings, input_path: Path, output_path: Path, master: str | None,
                      partitions: int | None = None) -> dict[str, Any]:
    """Library call behind ``spark extract`` and ``extract --engine spark``: the run summary."""
    from axiswatch.profiles import load_profile
    from axiswatch.scale.extract import extract_to_parquet
    from axiswatch.scale.session import get_session

    profile = load_profile(settings.profile)
    spark = get_session(master)
    return extract_to_parquet(spark, input_path, output_path, profile, partitions=partitions).to_dict()


@spark_group.command("gdelt")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--output", "output_path", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Result folder (gdelt_rows/, rejected/, manifest.json).")
@click.option("--actors", default=None, help="Actor codes to keep, comma-separated (default: the profile's dyad).")
@click.option("--actor-match", type=click.Choice(["dyad", "any"]), default="dyad", show_default=True,
              help="dyad: both ends in the set and different; any: either end in the set.")
@click.option("--all-rows", is_flag=True, help="No actor filter: keep every mapped row.")
@master_option
@format_option("table", ("table", "json"))
@pass_settings
def spark_gdelt(settings: Settings, path: Path, output_path: Path, actors: str | None, actor_match: str,
                all_rows: bool, master: str | None, fmt: str) -> None:
    """Filter GDELT events files (a file or folder, plain or zipped) on Spark; writes gdelt_rows Parquet."""
    from axiswatch.profiles import load_profile
    from axiswatch.scale.gdelt import gdelt_to_parquet
    from axiswatch.scale.session import get_session

    codes = [] if all_rows else (actors.split(",") if actors else list(load_profile(settings.profile).dyad))
    summary = gdelt_to_parquet(get_session(master), path, output_path, actors=codes, actor_match=actor_match)
    _report("spark gdelt", summary, fmt, output_path)
    if summary["failed"]:
        sys.exit(1)


@spark_group.command("ais")
@click.option("--positions", type=click.Path(exists=True, path_type=Path), default=None,
              help="Positions as Parquet (mmsi, t, lat, lon, sog, cog); default: the workspace's.")
@click.option("--static", "static_path", type=click.Path(exists=True, path_type=Path), default=None,
              help="Draught reports as Parquet (mmsi, t, draught); default: the workspace's.")
@click.option("--output", "output_path", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Result folder (detections/, manifest.json).")
@master_option
@format_option("table", ("table", "json"))
@pass_settings
def spark_ais(settings: Settings, positions: Path | None, static_path: Path | None, output_path: Path,
              master: str | None, fmt: str) -> None:
    """Port calls, AIS gaps, dark port calls and shuttles on Spark; writes detections Parquet."""
    import tempfile

    from axiswatch.maritime.places import maritime_params, watched_places
    from axiswatch.profiles import load_profile
    from axiswatch.scale.ais import ais_to_parquet, export_ais
    from axiswatch.scale.session import get_session

    profile = load_profile(settings.profile)
    with tempfile.TemporaryDirectory(prefix="axiswatch-ais-") as tmp:
        if positions is None:
            from axiswatch.store import open_workspace

            with open_workspace(settings.workspace, read_only=True) as ws:
                positions, exported_static = export_ais(ws, Path(tmp))
            static_path = static_path or exported_static
        summary = ais_to_parquet(get_session(master), positions, output_path, watched_places(profile),
                                 maritime_params(profile), static=static_path)
    _report("spark ais", summary, fmt, output_path)


@click.command("import-parquet")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@format_option("table", ("table", "json"))
@pass_settings
def import_parquet_cmd(settings: Settings, folder: Path, fmt: str) -> None:
    """Load a Spark result folder (events, GDELT rows or AIS detections) into the workspace."""
    from axiswatch.profiles import load_profile
    from axiswatch.scale.importer import import_parquet
    from axiswatch.store import open_workspace

    profile = load_profile(settings.profile)
    with open_workspace(settings.workspace) as ws:
        summary = import_parquet(ws, folder, profile=profile).to_dict()
    _report(f"imported {summary['kind']}", summary, fmt)
    if summary["failed"]:
        sys.exit(1)


def register(group: click.Group) -> None:
    """Add the verbs to the root group."""
    group.add_command(spark_group)
    group.add_command(import_parquet_cmd)
