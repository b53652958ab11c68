"""``axiswatch bench ...``: the benchmarks. Each subcommand calls ``axiswatch.bench.<name>.run``."""

from __future__ import annotations

from pathlib import Path

import click

from axiswatch.cli.common import dumps, pass_settings
from axiswatch.settings import Settings


@click.group("bench")
def bench() -> None:
    """Throughput and accuracy benchmarks."""


@bench.command("ingest-gdelt")
@click.option("--rows", type=int, default=1_000_000, show_default=True, help="Rows in the generated file.")
@click.option("--large-rows", type=int, default=None,
              help="Also ingest a file of this many rows, to show memory stays bounded.")
@click.option("--sample", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="GDELT 2.0 events file to replicate (default: the shared sample or our fixture).")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to build the files (default: a temporary folder, removed afterwards).")
@click.option("--no-pandas", is_flag=True, help="Skip the pandas.read_csv comparison.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def ingest_gdelt(settings: Settings, rows: int, large_rows: int | None, sample: Path | None,
                 workdir: Path | None, no_pandas: bool, fmt: str) -> None:
    """Ingest a generated GDELT 2.0 file with the RUS,PRK dyad filter vs pandas.read_csv."""
    from axiswatch.bench import ingest_gdelt as b

    fig = b.run(settings, rows=rows, large_rows=large_rows, sample=sample, workdir=workdir,
                pandas=not no_pandas)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


@bench.command("extract")
@click.option("--documents", type=int, default=5000, show_default=True, help="Five-sentence documents to code.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def extract_bench(settings: Settings, documents: int, fmt: str) -> None:
    """Extraction throughput (documents/s, sentences/s), peak memory, first document out."""
    from axiswatch.bench import extract as b

    fig = b.run(settings, documents=documents)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


@bench.command("spark")
@click.option("--documents", type=click.IntRange(min=100), default=20_000, show_default=True,
              help="Generated documents to code, locally and on Spark.")
@click.option("--master", default="local[2]", show_default=True, help="Spark master for the Spark run.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the corpus and results (default: a temporary folder, removed afterwards).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def spark_bench(settings: Settings, documents: int, master: str, workdir: Path | None, fmt: str) -> None:
    """Extraction throughput locally vs on Spark, Spark's overhead per job, per-core estimate."""
    from axiswatch.bench import spark as b

    fig = b.run(settings, documents=documents, master=master, workdir=workdir)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


@bench.command("ais")
@click.option("--positions", type=int, default=10_000_000, show_default=True,
              help="Synthetic positions to generate (in SQL).")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to build the workspace (default: a temporary folder, removed afterwards).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def ais_bench(settings: Settings, positions: int, workdir: Path | None, fmt: str) -> None:
    """Port-call and gap detection throughput (positions/s) and peak memory."""
    from axiswatch.bench import ais as b

    fig = b.run(settings, positions=positions, workdir=workdir)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


@bench.command("ingest")
@click.option("--files", "n", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Small HTML files to generate and ingest.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Parsing processes (default: one per core, at most 4).")
@click.option("--reingest", is_flag=True, help="Ingest the same files again (shows that nothing is added).")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to build the files (default: a temporary folder, removed afterwards).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def ingest_bench(settings: Settings, n: int, workers: int | None, reingest: bool, workdir: Path | None,
                 fmt: str) -> None:
    """Ingest generated HTML pages into a temporary workspace: documents/s and peak memory."""
    from axiswatch.bench import ingest as b

    fig = b.run(settings, n=n, workers=workers, reingest=reingest, workdir=workdir)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


@bench.command("analysis")
@click.option("--events", type=int, default=1_000_000, show_default=True, help="Events to generate.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to build the workspace (default: a temporary folder, removed afterwards).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def analysis(settings: Settings, events: int, workdir: Path | None, fmt: str) -> None:
    """Resolve, ledger, timeline, indicators and network on a generated workspace of N events."""
    from axiswatch.bench import analysis as b

    fig = b.run(settings, events=events, workdir=workdir)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


@bench.command("brief")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def brief_bench(settings: Settings, fmt: str) -> None:
    """Build the brief of --workspace twice and render HTML, Markdown and PDF: seconds, bytes, pages, memory."""
    from axiswatch.bench import brief as b

    fig = b.run(settings)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


@bench.command("export")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def export_bench(settings: Settings, fmt: str) -> None:
    """The API's DataFrames and every export format on --workspace: seconds, bytes, records, memory."""
    from axiswatch.bench import export as b

    fig = b.run(settings)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


@bench.command("watch")
@click.option("--documents", type=click.IntRange(min=1), default=100, show_default=True,
              help="New documents dropped into the watched folder.")
@click.option("--demo", "demo", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A demo workspace to copy (default: build one with 'axiswatch demo').")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to build the workspace (default: a temporary folder, removed afterwards).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def watch_bench(settings: Settings, documents: int, demo: Path | None, workdir: Path | None, fmt: str) -> None:
    """One watch cycle on the demo workspace: idle, and with N new documents."""
    from axiswatch.bench import watch as b

    fig = b.run(settings, documents=documents, demo=demo, workdir=workdir)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


@bench.command("serve")
@click.option("--events", type=int, default=100_000, show_default=True, help="Events in the generated workspace.")
@click.option("--clients", type=click.IntRange(min=1), default=20, show_default=True, help="Concurrent clients.")
@click.option("--requests", "n_requests", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Requests in the load run (it stops by itself).")
@click.option("--uncached-share", type=click.FloatRange(0, 1), default=0.1, show_default=True,
              help="Share of event-list requests with a fresh 'since' date (cache misses).")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to build the workspace (default: a temporary folder, removed afterwards).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def serve_bench(settings: Settings, events: int, clients: int, n_requests: int, uncached_share: float,
                workdir: Path | None, fmt: str) -> None:
    """Dashboard and API latency (p50/p95/p99) under concurrent clients on a generated workspace."""
    from axiswatch.bench import serve as b

    fig = b.run(settings, events=events, clients=clients, requests=n_requests, uncached_share=uncached_share,
                workdir=workdir)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


@bench.command("robustness")
@click.option("--fuzz", type=click.IntRange(min=0), default=20, show_default=True,
              help="Mutants per text seed (datasets get a tenth as many, each a full ingest).")
@click.option("--kills", type=click.IntRange(min=0), default=8, show_default=True,
              help="kill -9 trials, spread over ingest, extract, resolve and a watch cycle.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (trials are reproducible).")
@click.option("--docs", type=click.IntRange(min=2), default=24, show_default=True,
              help="Documents in the corpus the kill trials ingest.")
@click.option("--clients", type=click.IntRange(min=0), default=0, show_default=True,
              help="Concurrent readers for the server load run (0: no load run).")
@click.option("--load-seconds", type=click.FloatRange(min=0), default=10.0, show_default=True,
              help="How long the load run lasts (uploads are ingested meanwhile).")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to build the scratch workspaces (default: a temporary folder, removed afterwards).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def robustness_bench(settings: Settings, fuzz: int, kills: int, seed: int, docs: int, clients: int,
                     load_seconds: float, workdir: Path | None, fmt: str) -> None:
    """Fuzz every parser, kill -9 every stage at random moments, load the server: crashes, survivals, latency."""
    from axiswatch.bench import robustness as b

    fig = b.run(settings, fuzz=fuzz, kills=kills, seed=seed, docs=docs, clients=clients,
                load_seconds=load_seconds, workdir=workdir)
    click.echo(dumps(fig, indent=2) if fmt == "json" else b.report(fig))


def register(group: click.Group) -> None:
    """Add the ``bench`` group to the root group."""
    group.add_command(bench)
