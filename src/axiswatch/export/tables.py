"""Tables to files: CSV, Parquet, JSON and JSON lines, from rows or a pandas DataFrame.

CSV files are meant for spreadsheets too: a text cell that starts like a
formula (``=``, ``+``, ``-``, ``@``) gets a leading apostrophe so opening the
file never runs it.

Nested cells (dicts, lists: a quantity, the evidence, an origin) are written as
JSON text in every format, so each file loads in its standard reader (pandas,
pyarrow, R's arrow, Excel) without a schema of ours; ``json.loads`` gives the
structure back. Files are written beside their target and renamed into place,
so a reader never sees half a file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from axiswatch.errors import UsageError
from axiswatch.jsonio import to_jsonable

TABLE_FORMATS = ("csv", "parquet", "json", "jsonl")


def to_json(obj: Any, indent: int | None = None) -> str:
    """JSON text with dates, decimals, paths and numpy scalars handled; NaN becomes null."""
    return json.dumps(_clean(obj), default=to_jsonable, ensure_ascii=False, indent=indent)


def _clean(obj: Any) -> Any:
    """NaN (pandas' missing value) is not JSON: turn it into None, recursively."""
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    return obj


def records_of(table: pd.DataFrame | Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as plain dicts, with pandas' missing values (NaN, NA, NaT) as None."""
    if isinstance(table, pd.DataFrame):
        rows = table.astype(object).where(table.notna(), None).to_dict("records")
        return [{str(k): v for k, v in r.items()} for r in rows]
    return [dict(r) for r in table]


def flat_frame(table: pd.DataFrame | Iterable[dict[str, Any]], columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A DataFrame whose nested cells are JSON text (what CSV and Parquet files hold)."""
    rows = records_of(table)
    if columns is None:
        if isinstance(table, pd.DataFrame):
            columns = [str(c) for c in table.columns]
        else:
            seen: dict[str, None] = {}
            for r in rows:
                seen.update(dict.fromkeys(r))
            columns = list(seen)
    flat = [{c: (to_json(r.get(c)) if isinstance(r.get(c), dict | list | tuple) else r.get(c)) for c in columns}
            for r in rows]
    df = pd.DataFrame.from_records(flat, columns=list(columns))
    for c in df.columns:
        # a column of dates, or of mixed values, goes out as text so pyarrow never has to guess
        if df[c].dtype == object and not all(v is None or isinstance(v, bool | int | float) for v in df[c]):
            df[c] = [None if v is None else (v.isoformat() if isinstance(v, date | datetime) else str(v))
                     for v in df[c]]
    return df


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it on success and is removed on failure."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".part")
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(p)


# A text cell that starts like a formula is run by Excel and LibreOffice when the CSV is opened;
# evidence sentences and titles come from the web, so such cells get a leading apostrophe (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would read as a formula, prefixed with ``'``; numbers untouched."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = [("'" + v) if isinstance(v, str) and v.startswith(_FORMULA_START) else v for v in out[c]]
    return out


def write_table(table: pd.DataFrame | Iterable[dict[str, Any]], path: str | Path, fmt: str | None = None,
                columns: Sequence[str] | None = None) -> Path:
    """Write a table as CSV, Parquet, JSON (one array) or JSON lines; format from ``fmt`` or the suffix."""
    p = Path(path)
    fmt = fmt or {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".json": "json",
                  ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(p.suffix.lower())
    if fmt not in TABLE_FORMATS:
        raise UsageError(f"{p}: unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")
    if fmt in ("json", "jsonl"):
        rows = records_of(table)
        if columns:
            rows = [{c: r.get(c) for c in columns} for r in rows]
        with atomic_path(p) as tmp, tmp.open("w", encoding="utf-8") as fh:
            if fmt == "json":
                fh.write(to_json(rows, indent=2) + "\n")
            else:
                for r in rows:
                    fh.write(to_json(r) + "\n")
        return p
    df = flat_frame(table, columns)
    with atomic_path(p) as tmp:
        if fmt == "csv":
            _spreadsheet_safe(df).to_csv(tmp, index=False, encoding="utf-8")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pandas(df, preserve_index=False), tmp)
    return p


def write_jsonl(records: Iterable[dict[str, Any]], path: str | Path) -> tuple[Path, int]:
    """Write records as JSON lines, all or nothing; returns the path and the number written."""
    p = Path(path)
    n = 0
    with atomic_path(p) as tmp, tmp.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(to_json(r) + "\n")
            n += 1
    return p, n
