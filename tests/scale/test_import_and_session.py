"""Import of result folders and the Spark switch, without starting Spark (fast, always run)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from axiswatch.errors import InputError, UsageError
from axiswatch.records import Event, Evidence, Quantity
from axiswatch.scale import session
from axiswatch.scale.extract import input_format, parse_document_line
from axiswatch.scale.importer import import_parquet
from axiswatch.scale.schema import event_from_row, event_row, write_manifest

COLUMNS = ["event_id", "origin_kind", "document_id", "origin", "event_type", "mode", "source", "target",
           "source_name", "target_name", "commodity", "date", "date_start", "quantity_value", "quantity_unit",
           "certainty", "confidence", "extractor_version", "attrs", "evidence"]


def _event(doc: str = "d1", qty: float = 6_000_000) -> Event:
    return Event("AID", "PRK", "RUS", mode="military", commodity="munitions", date="2024-05", certainty="reported",
                 confidence=0.7, quantity=Quantity(qty, "artillery shells"), document_id=doc,
                 extractor_version="rules-1.0",
                 evidence=[Evidence("North Korea sent 6 million shells to Russia.", 0, 43, doc)])


def _result(folder: Path, rows: list[dict]) -> Path:
    (folder / "events").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows), folder / "events" / "part-0.parquet")
    write_manifest(folder, "events", input="docs.jsonl", engine="spark")
    return folder


def test_event_row_round_trip() -> None:
    ev = _event()
    row = dict(zip(COLUMNS, event_row(ev), strict=True))
    row["evidence"] = [dict(zip(("document_id", "text", "start", "end"), e, strict=True)) for e in row["evidence"]]
    back = event_from_row(row)
    assert back.to_dict() == ev.to_dict()
    assert row["quantity_value"] == 6_000_000 and str(row["date_start"]) == "2024-05-01"


def test_import_quarantines_bad_rows_and_is_idempotent(ws, tmp_path: Path) -> None:
    good = dict(zip(COLUMNS, event_row(_event()), strict=True))
    good["evidence"] = [{"document_id": "d1", "text": "North Korea sent 6 million shells to Russia.",
                         "start": 0, "end": 43}]
    tampered = {**dict(good), "source": "USA"}  # its id no longer matches its content
    missing = {**dict(good), "event_type": None}
    folder = _result(tmp_path / "res", [good, tampered, missing])
    s = import_parquet(ws, folder)
    assert (s.rows, s.added, s.failed) == (3, 1, 2)
    reasons = sorted(r.reason for r in s.rejected)
    assert "does not match its content" in reasons[0] or "does not match its content" in reasons[1]
    assert ws.fetchone("SELECT count(*) FROM quarantine WHERE origin = ?", [str(folder)])[0] == 2
    again = import_parquet(ws, folder)
    assert (again.added, again.unchanged) == (0, 1)
    assert ws.fetchone("SELECT count(*) FROM quarantine")[0] == 2
    stored = ws.fetchone("SELECT source, target, commodity, quantity_value FROM events")
    assert stored == ("PRK", "RUS", "munitions", 6_000_000.0)


def test_reimport_of_a_recoded_document_replaces_its_events(ws, tmp_path: Path) -> None:
    first = dict(zip(COLUMNS, event_row(_event()), strict=True))
    first["evidence"] = []
    import_parquet(ws, _result(tmp_path / "a", [first]))
    recoded = _event()
    recoded.date = "2024-06"  # a new coding of the same document: another key, another id
    row = dict(zip(COLUMNS, event_row(recoded), strict=True))
    row["evidence"] = []
    import_parquet(ws, _result(tmp_path / "b", [row]))
    assert ws.fetchall("SELECT date FROM events") == [("2024-06",)]


def test_folder_without_manifest_is_refused(ws, tmp_path: Path) -> None:
    (tmp_path / "half" / "events").mkdir(parents=True)
    with pytest.raises(InputError, match="no manifest.json"):
        import_parquet(ws, tmp_path / "half")
    (tmp_path / "half" / "manifest.json").write_text(json.dumps({"kind": "nonsense"}))
    with pytest.raises(InputError, match="unknown result kind"):
        import_parquet(ws, tmp_path / "half")


def test_input_formats(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("{}\n")
    assert input_format(tmp_path / "a.jsonl") == "jsonl"
    txt = tmp_path / "texts"
    txt.mkdir()
    (txt / "one.txt").write_text("Russia and North Korea signed a treaty.")
    assert input_format(txt) == "text"
    with pytest.raises(UsageError):
        input_format(tmp_path / "missing.csv")
    assert parse_document_line("f:1", '{"id": 7, "text": "x", "published": 2024}')[1] == {
        "id": "7", "text": "x", "title": None, "published": "2024", "publisher": None, "language": None}
    assert parse_document_line("f:2", "[1, 2]") == ("f:2", None, "a document needs string fields 'id' and 'text'")


def test_engine_spark_without_pyspark_says_how_to_install(monkeypatch, tmp_path: Path, fixtures: Path) -> None:
    real = session.importlib.util.find_spec
    monkeypatch.setattr(session.importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyspark" else real(name, *a))
    assert session.spark_missing() == "PySpark is not installed"
    with pytest.raises(UsageError, match=r"pip install 'axiswatch\[spark\]'"):
        session.get_session("local[2]")
    from axiswatch.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["extract", "--engine", "spark", "--input", str(fixtures / "scale" / "docs.jsonl"),
              "--output", str(tmp_path / "out")])
    assert exc.value.code == 2
    # the local engine is unchanged and needs no Spark
    r = CliRunner().invoke(__import__("axiswatch.cli", fromlist=["main_group"]).main_group,
                           ["extract", "--input", str(fixtures / "scale" / "docs.jsonl"), "--output",
                            str(tmp_path / "local.jsonl"), "--format", "json"])
    from axiswatch.extract.run import extract_jsonl
    from axiswatch.profiles import load_profile

    expected = extract_jsonl(fixtures / "scale" / "docs.jsonl", tmp_path / "ref.jsonl", load_profile()).events
    assert expected >= 10 and json.loads(r.stdout)["events"] == expected
