"""Extraction on Spark: the same ``iter_extract`` stage runs inside Spark tasks, one Extractor per worker.

Documents come from JSON lines (the ONTOLOGY format), Parquet (columns ``id``,
``text`` and optionally ``title``, ``published``, ``language``, ``publisher``) or a
folder of ``.txt`` files (id = path inside the folder). Events are written as
Parquet in the event schema (:mod:`axiswatch.scale.schema`), bad lines and
skipped documents as a ``rejected`` table, and the run summary into the manifest.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from axiswatch.errors import InputError, UsageError
from axiswatch.extract.run import ExtractSummary, iter_extract
from axiswatch.profiles import Profile
from axiswatch.records import Document, Rejected
from axiswatch.scale.schema import EVENT_DDL, event_row, write_manifest

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
# One row per input item: where it came from, the document (None for a bad line), or why it was refused.
_ITEM = tuple[str, dict[str, Any] | None, str | None]
_RESULT_DDL = f"location STRING, document_id STRING, status STRING, reason STRING, events ARRAY<STRUCT<{EVENT_DDL}>>"


def input_format(path: Path) -> str:
    """'jsonl', 'parquet' or 'text' for a file or folder of documents."""
    if path.is_file():
        if path.suffix.lower() in JSONL_SUFFIXES:
            return "jsonl"
        if path.suffix.lower() == ".parquet":
            return "parquet"
        raise UsageError(f"{path}: documents must be JSON lines (.jsonl) or Parquet (.parquet), or a folder")
    if not path.is_dir():
        raise UsageError(f"{path}: no such file or folder")
    names = [p.suffix.lower() for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))]
    if names and all(s == ".parquet" for s in names):
        return "parquet"
    if names and all(s in JSONL_SUFFIXES for s in names):
        return "jsonl"
    return "text"


def parse_document_line(location: str, line: str) -> _ITEM:
    """One JSON line as (location, document fields, None) or (location, None, reason), as the local reader."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return location, None, f"not JSON: {exc.msg}"
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj.get("id"):
        return location, None, "a document needs string fields 'id' and 'text'"
    pub = obj.get("published")
    return location, {"id": str(obj["id"]), "text": obj["text"], "title": obj.get("title"),
                      "published": str(pub) if pub else None, "publisher": obj.get("publisher"),
                      "language": obj.get("language")}, None


def _line_parser(name: str) -> Any:
    """A picklable map function for the lines of one file: (line, index) -> item."""
    def parse(li: tuple[str, int]) -> _ITEM:
        return parse_document_line(f"{name}:{li[1] + 1}", li[0])
    return parse


def _jsonl_items(spark: SparkSession, path: Path, partitions: int | None = None) -> Any:
    """An RDD of items with ``file:line`` locations (zipWithIndex keeps the line numbers)."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix.lower() in JSONL_SUFFIXES
                                                 and not p.name.startswith((".", "_")))
    rdds = []
    for f in files:
        name = str(f)
        # splitting the file into more input partitions avoids shuffling the documents
        lines = spark.sparkContext.textFile(str(f.resolve()), minPartitions=partitions).zipWithIndex()
        rdds.append(lines.filter(lambda li: bool(li[0].strip())).map(_line_parser(name)))
    return spark.sparkContext.union(rdds) if len(rdds) > 1 else rdds[0]


def _parquet_items(spark: SparkSession, path: Path) -> Any:
    df = spark.read.parquet(str(path.resolve()))
    missing = {"id", "text"} - set(df.columns)
    if missing:
        raise InputError(str(path), f"Parquet documents need columns id and text; missing {sorted(missing)}")
    cols = [c for c in ("id", "text", "title", "published", "language", "publisher") if c in df.columns]
    where = str(path)

    def item(r: Any) -> _ITEM:
        d = r.asDict()
        if d.get("id") is None or not isinstance(d.get("text"), str):
            return f"{where}: id {d.get('id')}", None, "a document needs string fields 'id' and 'text'"
        pub = d.get("published")
        return f"{where}: id {d['id']}", {"id": str(d["id"]), "text": d["text"], "title": d.get("title"),
                                          "published": str(pub) if pub else None,
                                          "language": d.get("language"), "publisher": d.get("publisher")}, None

    return df.select(*cols).rdd.map(item)


def _text_items(spark: SparkSession, path: Path) -> Any:
    root = str(path.resolve())
    from axiswatch.scale.session import local_path

    def item(kv: tuple[str, bytes]) -> _ITEM:
        full = local_path(kv[0])
        rel = full[len(root):].lstrip("/") if full.startswith(root) else full
        try:
            text = kv[1].decode("utf-8")
        except UnicodeDecodeError as exc:
            return full, None, f"not UTF-8 at byte {exc.start}"
        return full, {"id": rel, "text": text}, None

    files = sorted(str(p.resolve()) for p in path.rglob("*.txt") if not p.name.startswith((".", "_")))
    if not files:
        raise UsageError(f"{path}: no .txt, .jsonl or .parquet documents in this folder")
    # the file list is made here: Hadoop globs have no recursive '**'
    return spark.sparkContext.binaryFiles(",".join(files)).map(item)


def document_items(spark: SparkSession, path: Path, partitions: int | None = None) -> Any:
    """The input as an RDD of (location, document fields or None, refusal reason or None)."""
    fmt = input_format(path)
    if fmt == "jsonl":
        return _jsonl_items(spark, path, partitions)
    items = _parquet_items(spark, path) if fmt == "parquet" else _text_items(spark, path)
    return items.repartition(partitions) if partitions else items


def extract_partition(profile: Profile, items: Iterable[_ITEM]) -> Iterator[tuple[Any, ...]]:
    """Spark task body: code the partition's documents with the local stage; one result row per item."""
    where: dict[str, str] = {}

    def docs() -> Iterator[Document]:
        for location, fields, reason in items:
            if fields is None:
                bad.append((location, None, "bad_input", reason, []))
                continue
            where[fields["id"]] = location
            yield Document(**fields)

    bad: list[tuple[Any, ...]] = []
    summary = ExtractSummary()
    seen = 0
    # iter_extract builds its Extractor once per partition; the lexicon and actor matcher behind
    # it are cached per Python worker, and Spark reuses workers, so models load once per executor
    for doc, events in iter_extract(docs(), profile, summary):
        yield from bad
        bad.clear()
        status, reason, location = "ok", None, where.get(doc.id, doc.id)
        if len(summary.rejected) > seen:
            seen = len(summary.rejected)
            location, reason = summary.rejected[-1].where, summary.rejected[-1].reason
            status = "failed" if reason.startswith("extractor failed") else "skipped"
        yield location, doc.id, status, reason, [event_row(e) for e in events]
    yield from bad


def _clear(out: Path) -> None:
    """Remove an earlier result in ``out`` (only an axiswatch result or an empty folder)."""
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{out}: the output of --engine spark is a folder, and this is a file")
        entries = {p.name for p in out.iterdir()}
        if entries and not entries & {"manifest.json", "events", "gdelt_rows", "detections", "rejected"}:
            raise UsageError(f"{out}: folder is not empty and not an axiswatch result; refusing to overwrite")
        shutil.rmtree(out)
    out.mkdir(parents=True)


def extract_to_parquet(spark: SparkSession, input_path: Path, out: Path, profile: Profile,
                       *, partitions: int | None = None) -> ExtractSummary:
    """Run extraction on Spark; write ``out/events`` and ``out/rejected`` Parquet and the manifest."""
    from pyspark import StorageLevel

    items = document_items(spark, Path(input_path), partitions)
    _clear(out)
    results: DataFrame = spark.createDataFrame(
        items.mapPartitions(lambda it: extract_partition(profile, it)), _RESULT_DDL)
    # the extraction runs once; the events, the refusals and the counts are read from the cache
    results.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        results.selectExpr("explode(events) AS e").select("e.*").write.parquet(str(out / "events"))
        results.filter("status <> 'ok'").selectExpr("location", "reason", "CAST(NULL AS STRING) AS sample")\
            .write.parquet(str(out / "rejected"))
        counts = _counts(results)
        rejected = [Rejected(r["location"], r["reason"]) for r in
                    results.filter("status <> 'ok'").select("location", "reason").orderBy("location").collect()]
    finally:
        results.unpersist()
    summary = ExtractSummary(
        documents=sum(n for s, (n, _) in counts.items() if s != "bad_input"),
        coded=counts.get("ok", (0, 0))[0], events=sum(e for _, e in counts.values()),
        skipped=counts.get("skipped", (0, 0))[0],
        failed=counts.get("failed", (0, 0))[0] + counts.get("bad_input", (0, 0))[0], rejected=rejected)
    write_manifest(out, "events", input=str(input_path), profile=profile.name, engine="spark",
                   master=spark.sparkContext.master, summary=summary.to_dict())
    return summary


def _counts(results: DataFrame) -> dict[str, tuple[int, int]]:
    rows = results.selectExpr("status", "size(events) AS n_events").groupBy("status")\
        .agg({"*": "count", "n_events": "sum"}).collect()
    return {r[0]: (int(r["count(1)"]), int(r["sum(n_events)"] or 0)) for r in rows}

