"""GDELT events on Spark: the connector's dyad filter, checks and CAMEO -> PLOVER join as one Spark SQL job.

It reproduces :mod:`axiswatch.sources.gdelt` row for row (same column lists, same
mapping table, same duplicate signature and event id) and writes the kept rows as
Parquet in the ``gdelt_rows`` schema; ``axiswatch import-parquet`` then stores them
and rebuilds the events with the connector's own ``rebuild_events``. Refused rows
are located by GLOBALEVENTID (line numbers would cost a second pass over the data).
GDELT mentions files are small and are ingested locally.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from axiswatch.errors import InputError
from axiswatch.records import Rejected
from axiswatch.scale.extract import _clear
from axiswatch.scale.schema import write_manifest
from axiswatch.sources.cameo import load_cameo_map
from axiswatch.sources.gdelt import _WANTED, EVENTS1_COLUMNS, EVENTS2_COLUMNS, layout_of

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession

MAX_REJECTED_LISTED = 200


def _q(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _event_files(path: Path, tmp: Path) -> tuple[list[tuple[Path, str]], list[Rejected], list[str]]:
    """(readable path, display name) of every events file; zips are unpacked into ``tmp``."""
    files = [path] if path.is_file() else sorted(p for p in path.iterdir()
                                                 if p.is_file() and not p.name.startswith("."))
    out: list[tuple[Path, str]] = []
    rejected: list[Rejected] = []
    skipped: list[str] = []
    for p in files:
        try:
            layout = layout_of(p)
        except (OSError, zipfile.BadZipFile, InputError) as exc:
            rejected.append(Rejected(str(p), f"unreadable: {exc}"))
            continue
        if layout not in ("events1", "events2"):
            skipped.append(p.name)  # mentions, GKG, notes: not events
            continue
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as zf:
                member = next(m for m in zf.infolist() if not m.is_dir())
                target = tmp / f"{len(out)}_{Path(member.filename).name}"
                with zf.open(member) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
            out.append((target, f"{p}!{member.filename}"))
        else:
            out.append((p, str(p)))
    return out, rejected, skipped


def _actor_condition(actors: list[str], match: str) -> str:
    """The connector's exact actor filter, in Spark SQL."""
    if not actors:
        return "true"
    lst = ", ".join(_q(a) for a in actors)
    src, tgt = "coalesce(Actor1CountryCode, Actor1Code)", "coalesce(Actor2CountryCode, Actor2Code)"
    if match == "any":
        return f"({src} IN ({lst}) OR {tgt} IN ({lst}))"
    return f"({src} IN ({lst}) AND {tgt} IN ({lst}) AND {src} <> {tgt})"


def _staged(spark: SparkSession, files: list[tuple[Path, str]]) -> DataFrame:
    """Every line split into the wanted columns (by its own width), with its file's display name."""
    from pyspark.sql import functions as F  # noqa: N812

    names = spark.createDataFrame([(str(p.resolve()), d) for p, d in files], "abs_path STRING, display STRING")
    lines = spark.read.text([str(p.resolve()) for p, _ in files]) \
        .withColumn("abs_path", F.expr("url_decode(regexp_replace(input_file_name(), '^file:(//)?', ''))"))
    lines = lines.join(F.broadcast(names), "abs_path").selectExpr(
        "split(value, '\\t', -1) AS f", "display", "value AS raw")
    idx2 = {c: i for i, c in enumerate(EVENTS2_COLUMNS)}
    idx1 = {c: i for i, c in enumerate(EVENTS1_COLUMNS)}
    # get() is NULL past the end of a short line, where f[i] would fail the job under ANSI SQL
    cols = [f"nullif(CASE WHEN size(f) = 61 THEN get(f, {idx2[c]}) ELSE get(f, {idx1[c]}) END, '') AS {c}"
            for c in _WANTED]
    cols += ["nullif(CASE size(f) WHEN 61 THEN f[60] WHEN 58 THEN f[57] END, '') AS SOURCEURL",
             "CASE WHEN size(f) = 61 THEN '2.0' ELSE '1.0' END AS version", "display", "size(f) AS width",
             "get(f, 0) AS first_field", "raw"]
    return lines.selectExpr(*cols)


def _cameo(spark: SparkSession) -> DataFrame:
    rows = [(m.code, m.plover_type or None, m.mode or None, m.context or None, m.label or None)
            for m in load_cameo_map().values()]
    return spark.createDataFrame(rows, "cameo_code STRING, plover_type STRING, mode STRING, context STRING, "
                                       "label STRING")


_GOOD_COLUMNS = """
    CAST(GLOBALEVENTID AS BIGINT) AS global_event_id,
    'ev-' || left(sha1('gdelt' || chr(31) || signature || chr(31)), 16) AS event_id,
    signature, version AS gdelt_version, display AS file, sql_date, DATEADDED AS date_added,
    src AS source, tgt AS target, Actor1Code AS actor1_code, Actor1Name AS actor1_name,
    Actor2Code AS actor2_code, Actor2Name AS actor2_name, IsRootEvent = '1' AS is_root_event,
    EventCode AS event_code, EventBaseCode AS event_base_code, EventRootCode AS event_root_code,
    cameo_label, plover_type, plover_mode, plover_context,
    try_cast(QuadClass AS INT) AS quad_class, try_cast(GoldsteinScale AS DOUBLE) AS goldstein,
    try_cast(NumMentions AS INT) AS num_mentions, try_cast(NumSources AS INT) AS num_sources,
    try_cast(NumArticles AS INT) AS num_articles, try_cast(AvgTone AS DOUBLE) AS avg_tone,
    try_cast(ActionGeo_Type AS INT) AS action_geo_type, ActionGeo_FullName AS action_geo_name,
    ActionGeo_CountryCode AS action_geo_fips, ActionGeo_ADM1Code AS action_geo_adm1,
    try_cast(ActionGeo_Lat AS DOUBLE) AS action_geo_lat, try_cast(ActionGeo_Long AS DOUBLE) AS action_geo_lon,
    SOURCEURL AS source_url, lower(display) LIKE '%translation%' AS translingual
"""


def gdelt_to_parquet(spark: SparkSession, input_path: Path, out: Path, *, actors: list[str] | None = None,
                     actor_match: str = "dyad") -> dict[str, Any]:
    """Filter, check and map GDELT events files on Spark; write ``out/gdelt_rows`` and ``out/rejected``."""
    from pyspark import StorageLevel

    if actor_match not in ("dyad", "any"):
        raise InputError("actor_match", f"must be 'dyad' or 'any', not {actor_match!r}")
    codes = [a.strip().upper() for a in (actors or []) if a.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="axiswatch-spark-gdelt-"))
    try:
        files, rejected, skipped = _event_files(Path(input_path), tmp)
        _clear(out)
        summary: dict[str, Any] = {"files": len(files), "skipped_files": len(skipped), "rows_read": 0,
                                   "filtered_out": 0, "quarantined": 0, "no_dyad": 0, "unmapped": 0,
                                   "rows_kept": 0, "failed": len(rejected)}
        if files:
            _run(spark, files, out, codes, actor_match, summary, StorageLevel.MEMORY_AND_DISK)
        else:
            spark.createDataFrame([], "location STRING, reason STRING, sample STRING").write.parquet(
                str(out / "rejected"))
        listed = [r.to_dict() for r in rejected] + summary.pop("rejected_sample", [])
        summary["rejected"] = listed[:MAX_REJECTED_LISTED]
        summary["failed"] += summary["quarantined"]
        write_manifest(out, "gdelt_rows", input=str(input_path), engine="spark", master=spark.sparkContext.master,
                       actors=codes, actor_match=actor_match, summary=summary)
        return summary
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(spark: SparkSession, files: list[tuple[Path, str]], out: Path, codes: list[str], match: str,
         summary: dict[str, Any], level: Any) -> None:
    from pyspark.sql import functions as F  # noqa: N812

    staged = _staged(spark, files)
    staged.persist(level)
    try:
        cameo = F.broadcast(_cameo(spark))
        # a line of the wrong width is reported when it could be in the set: it names two of the
        # codes (dyad) or one (any) as fields, as the connector's token scan finds its candidates
        need = 2 if match == "dyad" and len(codes) > 1 else 1
        tokens = " + ".join(f"CAST(instr(raw, {_q(a + chr(9))}) > 0 AS INT)" for a in codes)
        could = f"({tokens}) >= {need}" if codes else "true"
        bad_width = staged.filter(f"width NOT IN (57, 58, 61) AND ({could})").selectExpr(
            "'GLOBALEVENTID ' || coalesce(first_field, '(empty)') AS location",
            "'wrong column count: ' || width || ' fields, expected 57, 58 or 61' AS reason",
            "first_field AS sample")
        kept = staged.filter(f"width IN (57, 58, 61) AND coalesce({_actor_condition(codes, match)}, false)")
        m1, m2, m3 = (cameo.select(*[F.col(c).alias(f"{a}_{c}") for c in cameo.columns]) for a in ("m1", "m2", "m3"))
        checked = kept.join(m1, F.expr("m1_cameo_code = EventCode"), "left") \
            .join(m2, F.expr("m2_cameo_code = left(EventCode, 3)"), "left") \
            .join(m3, F.expr("m3_cameo_code = left(EventCode, 2)"), "left") \
            .selectExpr(
                "*", "coalesce(Actor1CountryCode, Actor1Code) AS src", "coalesce(Actor2CountryCode, Actor2Code) AS tgt",
                "CAST(try_to_timestamp(SQLDATE, 'yyyyMMdd') AS DATE) AS sql_date",
                "coalesce(m1_cameo_code, m2_cameo_code, m3_cameo_code) AS mapped_code",
                "coalesce(m1_plover_type, m2_plover_type, m3_plover_type) AS plover_type",
                "coalesce(m1_mode, m2_mode, m3_mode) AS plover_mode",
                "coalesce(m1_context, m2_context, m3_context) AS plover_context",
                "coalesce(m1_label, m2_label, m3_label) AS cameo_label") \
            .selectExpr("*", """CASE
                WHEN GLOBALEVENTID IS NULL OR NOT GLOBALEVENTID RLIKE '^[0-9]{1,18}$'
                  THEN 'unparseable GLOBALEVENTID ' || coalesce(GLOBALEVENTID, '(empty)')
                WHEN sql_date IS NULL THEN 'unparseable SQLDATE ' || coalesce(SQLDATE, '(empty)')
                WHEN EventCode IS NULL OR NOT EventCode RLIKE '^[0-9]{2,4}$' OR mapped_code IS NULL
                  THEN 'unparseable CAMEO EventCode ' || coalesce(EventCode, '(empty)')
                END AS problem""") \
            .selectExpr("*", "concat_ws('|', SQLDATE, coalesce(Actor1Code, ''), coalesce(Actor2Code, ''), EventCode, "
                             "coalesce(ActionGeo_CountryCode, ''), coalesce(ActionGeo_ADM1Code, '')) AS signature")
        checked.persist(level)
        try:
            bad_rows = checked.filter("problem IS NOT NULL").selectExpr(
                "'GLOBALEVENTID ' || coalesce(GLOBALEVENTID, '(empty)') AS location", "problem AS reason",
                "GLOBALEVENTID AS sample")
            bad = bad_width.unionByName(bad_rows)
            bad.write.parquet(str(out / "rejected"))
            good = checked.filter("problem IS NULL AND src IS NOT NULL AND tgt IS NOT NULL "
                                  "AND plover_type IS NOT NULL")\
                .selectExpr("*", "row_number() OVER (PARTITION BY GLOBALEVENTID ORDER BY DATEADDED) AS rn")\
                .filter("rn = 1").selectExpr(*[c.strip() for c in _split_columns(_GOOD_COLUMNS)])
            good.write.parquet(str(out / "gdelt_rows"))
            c = checked.selectExpr(
                "count(*) AS kept", "count_if(problem IS NOT NULL) AS bad",
                "count_if(problem IS NULL AND (src IS NULL OR tgt IS NULL)) AS no_dyad",
                "count_if(problem IS NULL AND src IS NOT NULL AND tgt IS NOT NULL AND plover_type IS NULL) "
                "AS unmapped").first()
            s = staged.selectExpr("count(*) AS n",
                                  f"count_if(width NOT IN (57, 58, 61) AND ({could})) AS bad_width").first()
            assert c is not None and s is not None
            rows_kept = spark.read.parquet(str(out / "gdelt_rows")).count()
            summary.update({
                "rows_read": summary["rows_read"] + int(s["n"]),
                "filtered_out": int(s["n"]) - int(s["bad_width"]) - int(c["kept"]),
                "quarantined": int(s["bad_width"]) + int(c["bad"]), "no_dyad": int(c["no_dyad"]),
                "unmapped": int(c["unmapped"]), "rows_kept": rows_kept,
                "rejected_sample": [{"where": r["location"], "reason": r["reason"], "sample": r["sample"]}
                                    for r in bad.limit(MAX_REJECTED_LISTED).collect()],
            })
        finally:
            checked.unpersist()
    finally:
        staged.unpersist()


def _split_columns(block: str) -> list[str]:
    """Split a SELECT list at top-level commas (the column expressions above contain none inside calls)."""
    out, depth, cur = [], 0, ""
    for ch in block:
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += (ch == "(") - (ch == ")")
        cur += ch
    if cur.strip():
        out.append(cur)
    return [c for c in out if c.strip()]
