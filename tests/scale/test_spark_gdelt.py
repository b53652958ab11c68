"""GDELT on Spark keeps, refuses and maps the same rows as the DuckDB connector; the imported events are identical."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from axiswatch.scale.gdelt import gdelt_to_parquet
from axiswatch.scale.importer import import_parquet
from axiswatch.sources.gdelt import ingest
from axiswatch.store import open_workspace

pytestmark = pytest.mark.spark

ROWS_SQL = "SELECT * FROM gdelt_rows ORDER BY global_event_id"
# the connector lists an event's source URLs with list(DISTINCT ...), whose order DuckDB does not fix
EVENTS_SQL = ("SELECT * EXCLUDE (created_at, attrs), json_merge_patch(attrs, '{\"source_urls\": null}') AS rest, "
              "list_sort(CAST(json_extract(attrs, '$.source_urls') AS VARCHAR[])) AS urls "
              "FROM events ORDER BY event_id")
EVIDENCE_SQL = "SELECT * FROM evidence ORDER BY event_id, seq"


def _compare(spark, src: Path, tmp_path: Path, actors: list[str], match: str) -> tuple[dict, dict]:
    out = tmp_path / f"out-{match}-{len(actors)}"
    summary = gdelt_to_parquet(spark, src, out, actors=actors, actor_match=match)
    with open_workspace(tmp_path / f"a-{match}-{len(actors)}.duckdb") as a, \
            open_workspace(tmp_path / f"b-{match}-{len(actors)}.duckdb") as b:
        imported = import_parquet(a, out)
        local = ingest(b, src, options={"actors": actors, "actor_match": match})
        for sql in (ROWS_SQL, EVENTS_SQL, EVIDENCE_SQL):
            assert a.fetchall(sql) == b.fetchall(sql), sql
        assert imported.added == local.details["events_added"]
        again = import_parquet(a, out)
        assert again.added == 0 and a.fetchone("SELECT count(*) FROM gdelt_rows") == b.fetchone(
            "SELECT count(*) FROM gdelt_rows")
    for k in ("rows_read", "filtered_out", "no_dyad", "unmapped", "rows_kept", "quarantined"):
        assert summary[k] == local.details[k], k
    return summary, local.details


def test_spark_gdelt_matches_connector(spark, fixtures: Path, tmp_path: Path) -> None:
    src = fixtures / "scale" / "gdelt2_small.export.CSV"
    summary, _ = _compare(spark, src, tmp_path, ["RUS", "PRK"], "dyad")
    assert (summary["rows_read"], summary["rows_kept"], summary["unmapped"], summary["quarantined"]) == (11, 4, 1, 2)
    assert {r["reason"] for r in summary["rejected"]} == {"unparseable SQLDATE 2024AB05",
                                                          "unparseable CAMEO EventCode 9X9"}
    summary, _ = _compare(spark, src, tmp_path, ["RUS", "PRK", "UKR"], "any")
    assert summary["rows_kept"] == 7 and summary["quarantined"] == 3  # the short line names RUS


def test_spark_gdelt_shared_samples(spark, shared_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "gdelt"
    folder.mkdir()
    for name in ("gdelt2_events_sample100_20150218230000_20200318104500.export.CSV",
                 "gdelt1_events_sample100_mixed_backfile57col_daily58col.csv"):
        shutil.copy(shared_data / "gdelt" / name, folder / name)
    summary, details = _compare(spark, folder, tmp_path, [], "dyad")
    assert summary["rows_read"] == 200 and summary["rows_kept"] == details["rows_kept"] > 0
