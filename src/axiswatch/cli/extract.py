"""Verbs: extract (workspace or stateless JSON lines) and eval (score against a gold file)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from axiswatch.cli.common import dumps, emit, format_option, pass_settings
from axiswatch.errors import UsageError
from axiswatch.settings import Settings


@click.command("extract")
@click.option("--input", "input_path", type=click.Path(exists=True, path_type=Path),
              help="Documents as JSON lines ({id, published, title, text}); no workspace is used. "
                   "With --engine spark also Parquet or a folder of .txt files.")
@click.option("--output", "output_path", type=click.Path(path_type=Path),
              help="Where to write {id, events} lines (with --input); with --engine spark a Parquet folder.")
@click.option("--force", is_flag=True, help="Re-code every document, not only new ones.")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="Where --input is coded: in this process, or on Spark (needs the 'spark' extra).")
@click.option("--master", default=None,
              help="Spark master URL with --engine spark (default: spark-submit's, else local[*]).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes coding --input (default: $AXISWATCH_JOBS, else one per CPU, at most 4); "
                   "the output is the same for any number.")
@format_option("table", ("table", "json"))
@pass_settings
def extract_cmd(settings: Settings, input_path: Path | None, output_path: Path | None, force: bool,
                engine: str, master: str | None, jobs: int | None, fmt: str) -> None:
    """Turn new documents into events (or a JSON-lines file into another, statelessly)."""
    if engine == "spark":
        from axiswatch.cli.scale import spark_extract

        if input_path is None or output_path is None:
            raise UsageError("--engine spark needs --input DOCS and --output FOLDER (then: axiswatch import-parquet)")
        click.get_current_context().invoke(spark_extract, input_path=input_path, output_path=output_path,
                                           partitions=None, master=master, fmt=fmt)
        return
    if input_path is not None and input_path.is_dir():
        raise UsageError(f"{input_path}: a folder of documents needs --engine spark; locally give a JSON-lines file")
    from axiswatch.extract import extract_jsonl, extract_workspace
    from axiswatch.extract.run import default_jobs
    from axiswatch.profiles import load_profile
    from axiswatch.store import open_workspace

    profile = load_profile(settings.profile)
    if input_path is not None or output_path is not None:
        if input_path is None or output_path is None:
            raise UsageError("--input and --output go together")
        summary = extract_jsonl(input_path, output_path, profile, jobs=jobs or default_jobs())
    else:
        with open_workspace(settings.workspace) as ws:
            summary = extract_workspace(ws, profile, force=force)
    if fmt == "json":
        click.echo(dumps(summary.to_dict(), indent=2))
    else:
        click.echo(f"extractor {summary.extractor_version}: {summary.documents} documents, {summary.coded} coded, "
                   f"{summary.events} events, {summary.skipped} skipped, {summary.failed} failed"
                   + (f", {summary.superseded} older codings superseded" if summary.superseded else ""))
        for r in summary.rejected:
            click.echo(f"  {r.where}: {r.reason}", err=True)
    if summary.failed:
        sys.exit(1)


@click.command("eval")
@click.argument("docs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pred", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score these predicted {id, events} lines instead of running the extractor.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every miss, spurious event and wrong attribute here (JSON lines).")
@format_option("table", ("table", "json"))
@pass_settings
def eval_cmd(settings: Settings, docs: Path, gold: Path, pred: Path | None, errors_path: Path | None,
             fmt: str) -> None:
    """Score extraction against a gold file: P/R/F1 on (type, source, target), attribute accuracy."""
    from axiswatch.extract.evaluate import read_gold, score_documents
    from axiswatch.extract.run import default_jobs, iter_extract, read_documents_jsonl
    from axiswatch.profiles import load_profile

    gold_events = read_gold(gold)
    predicted: dict[str, list[dict[str, object]]] = {}
    if pred is not None:
        for k, v in read_gold(pred).items():
            predicted[k] = v
    else:
        rejected: list = []
        profile = load_profile(settings.profile)
        for doc, events in iter_extract(read_documents_jsonl(docs, rejected), profile, jobs=default_jobs()):
            predicted[doc.id] = [e.to_dict() for e in events]
    report = score_documents(gold_events, predicted, keep_errors=errors_path is not None)
    if errors_path is not None:
        with errors_path.open("w", encoding="utf-8") as fh:
            for e in report.errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    if fmt == "json":
        click.echo(dumps(report.to_dict(), indent=2))
        return
    o = report.overall
    click.echo(f"{report.documents} documents; (type, source, target): P {o.precision:.3f}  R {o.recall:.3f}  "
               f"F1 {o.f1:.3f}  (tp {o.tp}, fp {o.fp}, fn {o.fn})")
    click.echo("on matched events: " + "  ".join(
        f"{a} {report.accuracy(a):.3f}" for a in ("commodity", "date_month", "quantity", "certainty")))
    rows = [{"type": t, **c.to_dict()} for t, c in sorted(report.per_type.items())]
    emit(rows, "table", columns=["type", "tp", "fp", "fn", "precision", "recall", "f1"], title="per type")


def register(group: click.Group) -> None:
    """Add the verbs to the root group."""
    group.add_command(extract_cmd)
    group.add_command(eval_cmd)
