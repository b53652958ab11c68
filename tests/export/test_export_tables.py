"""Tables to CSV, Parquet, JSON and JSON lines: standard readers load them, nested cells survive as JSON."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from axiswatch.errors import UsageError
from axiswatch.export.tables import flat_frame, records_of, write_jsonl, write_table

ROWS = [
    {"source": "RUS", "target": "PRK", "commodity": "fuel", "quantity": {"value": 1000000, "unit": "barrels"},
     "events": ["re-1", "re-2"], "confidence": 0.895, "first_date": "2024-03-07"},
    {"source": "PRK", "target": "RUS", "commodity": "munitions", "quantity": None, "events": [],
     "confidence": 0.55, "first_date": None},
]


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_csv_and_parquet_load_in_pandas(tmp_path, suffix):
    path = write_table(ROWS, tmp_path / f"ledger.{suffix}")
    df = pd.read_csv(path) if suffix == "csv" else pd.read_parquet(path)
    assert list(df.columns) == list(ROWS[0])
    assert df["commodity"].tolist() == ["fuel", "munitions"]
    assert df["confidence"].tolist() == [0.895, 0.55]
    assert json.loads(df["quantity"][0]) == {"value": 1000000, "unit": "barrels"}
    assert json.loads(df["events"][0]) == ["re-1", "re-2"]
    assert pd.isna(df["quantity"][1]) and pd.isna(df["first_date"][1])
    assert not list(tmp_path.glob("*.part"))


def test_parquet_schema_is_plain(tmp_path):
    path = write_table(ROWS, tmp_path / "t.parquet")
    schema = pq.read_schema(path)
    assert str(schema.field("confidence").type) == "double"
    assert str(schema.field("quantity").type) in ("string", "large_string")


def test_json_and_jsonl_keep_the_structure(tmp_path):
    assert json.loads(write_table(ROWS, tmp_path / "t.json").read_text("utf-8")) == ROWS
    lines = write_table(ROWS, tmp_path / "t.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(x) for x in lines] == ROWS


def test_dataframe_with_missing_values_round_trips(tmp_path):
    df = pd.DataFrame(ROWS)
    assert records_of(df)[1]["first_date"] is None
    assert json.loads(write_table(df, tmp_path / "t.json").read_text("utf-8")) == ROWS
    flat = flat_frame(df)
    assert flat["events"].tolist() == ['["re-1", "re-2"]', "[]"]


def test_empty_table_keeps_its_columns(tmp_path):
    path = write_table([], tmp_path / "e.csv", columns=["a", "b"])
    assert path.read_text("utf-8").strip() == "a,b"


def test_unknown_format_is_a_usage_error_and_writes_nothing(tmp_path):
    with pytest.raises(UsageError, match="unknown table format"):
        write_table(ROWS, tmp_path / "t.xlsx")
    assert not list(tmp_path.iterdir())


def test_a_failed_write_leaves_no_file_behind(tmp_path):
    target = tmp_path / "t.jsonl"
    target.write_text("old\n", "utf-8")

    def rows():
        yield {"a": 1}
        raise RuntimeError("source broke")

    with pytest.raises(RuntimeError):
        write_jsonl(rows(), target)
    assert target.read_text("utf-8") == "old\n"  # the previous file stays whole
    assert not list(tmp_path.glob("*.part"))


def test_csv_cells_that_look_like_formulas_are_defused(tmp_path):
    rows = [{"text": '=HYPERLINK("http://evil.example","click")', "n": -3.5, "title": "-1 ships", "ok": "Kim"}]
    path = write_table(rows, tmp_path / "t.csv")
    df = pd.read_csv(path)
    assert df["text"][0] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert df["title"][0] == "'-1 ships" and df["ok"][0] == "Kim"
    assert df["n"][0] == -3.5  # numbers stay numbers
    # JSON and Parquet keep the text as it is
    assert pd.read_parquet(write_table(rows, tmp_path / "t.parquet"))["text"][0].startswith("=HYPERLINK")
