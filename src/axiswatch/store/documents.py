"""Documents in the workspace: batched inserts, listing, one document, and BM25 full-text search.

The full-text index (DuckDB's fts extension, loaded from the duckdb-extension-fts
wheel so nothing is downloaded) is a snapshot: ingestion rebuilds it once per
run, not per document. Searching a stale index rebuilds it first when the
workspace is writable; a read-only workspace with a stale or missing index
falls back to a plain substring scan, and says so in each result.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from axiswatch.errors import NotFound, UsageError
from axiswatch.store.workspace import Workspace

DOC_COLUMNS = (
    "document_id", "content_hash", "title", "text", "published", "published_from", "origin", "url",
    "publisher_id", "author", "language", "kind", "retrieved_at", "version_of", "duplicate_of", "run_id",
    "meta",
)
_STALE_KEY = "documents_search_index_stale"
_PUB_START = ("try_cast(CASE length(d.published) WHEN 4 THEN d.published || '-01-01' "
              "WHEN 7 THEN d.published || '-01' ELSE d.published END AS DATE)")
_LIST_COLS = (
    "d.document_id, d.published, d.title, p.name AS publisher, p.grade AS publisher_grade, d.kind, "
    "d.language, d.origin, d.url, d.author, d.published_from, d.retrieved_at, d.version_of, d.duplicate_of, "
    "d.content_hash, d.run_id, length(d.text) AS chars"
)


def ensure_document_tables(ws: Workspace) -> None:
    """Create the near-duplicate signature table when missing (kept beside ``documents``)."""
    ws.execute("CREATE TABLE IF NOT EXISTS document_minhash ("
               "document_id VARCHAR PRIMARY KEY, signature BLOB NOT NULL)")


def insert_documents(ws: Workspace, rows: list[dict[str, Any]],
                     signatures: list[tuple[str, bytes]] | None = None) -> int:
    """Insert complete document rows and their signatures in one statement; caller owns the transaction."""
    if not rows:
        return 0
    cols: dict[str, list[Any]] = {c: [r.get(c) for r in rows] for c in DOC_COLUMNS}
    cols["meta"] = [json.dumps(m or {}, ensure_ascii=False, default=str) for m in cols["meta"]]
    cols["retrieved_at"] = [str(v) if v is not None else None for v in cols["retrieved_at"]]
    batch = pa.table({c: pa.array(v, type=pa.string()) for c, v in cols.items()})
    select = ", ".join(
        f"CAST({c} AS TIMESTAMP)" if c == "retrieved_at" else f"CAST({c} AS JSON)" if c == "meta" else c
        for c in DOC_COLUMNS)
    ws.con.register("_docs_batch", batch)
    try:
        ws.con.execute(f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}) SELECT {select} FROM _docs_batch")
    finally:
        ws.con.unregister("_docs_batch")
    if signatures:
        sig = pa.table({"document_id": [s[0] for s in signatures],
                        "signature": pa.array([s[1] for s in signatures], type=pa.binary())})
        ws.con.register("_sig_batch", sig)
        try:
            ws.con.execute("INSERT OR REPLACE INTO document_minhash "
                           "SELECT document_id, signature FROM _sig_batch")
        finally:
            ws.con.unregister("_sig_batch")
    ws.set_setting(_STALE_KEY, True)
    return len(rows)


def delete_documents(ws: Workspace, ids: list[str]) -> None:
    """Remove documents (before an upsert replaces them); the caller owns the transaction."""
    if ids:
        ws.execute("DELETE FROM document_minhash WHERE list_contains(?, document_id)", [ids])
        ws.execute("DELETE FROM documents WHERE list_contains(?, document_id)", [ids])


def existing_hashes(ws: Workspace, ids: list[str]) -> dict[str, str]:
    """content_hash of each id already stored."""
    if not ids:
        return {}
    rows = ws.fetchall("SELECT document_id, content_hash FROM documents WHERE list_contains(?, document_id)",
                       [ids])
    return {r[0]: r[1] for r in rows}


def latest_by_origin(ws: Workspace, origins: list[str]) -> dict[str, str]:
    """For each origin, its newest stored version (the one no other version points back to)."""
    if not origins:
        return {}
    rows = ws.fetchall(
        "SELECT d.origin, arg_max(d.document_id, d.retrieved_at) FROM documents d "
        "WHERE list_contains(?, d.origin) AND NOT EXISTS "
        "(SELECT 1 FROM documents n WHERE n.version_of = d.document_id) GROUP BY d.origin", [origins])
    return {r[0]: r[1] for r in rows}


# -- full-text search ---------------------------------------------------------------
def _fts_extension_path() -> Path:
    import duckdb_extension_fts

    return (Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}"
            / "fts.duckdb_extension")


def load_fts(ws: Workspace) -> None:
    """Load the fts extension from the installed wheel (never from the network)."""
    path = _fts_extension_path()
    if not path.exists():
        raise UsageError(f"the DuckDB fts extension for duckdb {duckdb.__version__} is not installed "
                         f"(expected {path}); install duckdb-extension-fts=={duckdb.__version__}")
    ws.execute(f"LOAD '{path}'")


def rebuild_search_index(ws: Workspace) -> None:
    """(Re)build the BM25 index over titles and texts."""
    load_fts(ws)
    ws.execute("PRAGMA create_fts_index('documents', 'document_id', 'title', 'text', overwrite=1)")
    ws.set_setting(_STALE_KEY, False)


def _index_state(ws: Workspace) -> str:
    """'fresh', 'stale' or 'missing'."""
    has = ws.fetchone("SELECT count(*) FROM information_schema.tables "
                      "WHERE table_schema = 'fts_main_documents' AND table_name = 'docs'")
    if not has or not has[0]:
        return "missing"
    if ws.get_setting(_STALE_KEY, False):
        return "stale"
    n_idx = ws.fetchone("SELECT count(*) FROM fts_main_documents.docs")
    n_docs = ws.fetchone("SELECT count(*) FROM documents")
    return "fresh" if n_idx and n_docs and n_idx[0] == n_docs[0] else "stale"


def _date_filters(since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append(f"{_PUB_START} >= ?")
        params.append(_period(since, end=False))
    if until:
        where.append(f"{_PUB_START} <= ?")
        params.append(_period(until, end=True))
    return where, params


def _period(value: str, *, end: bool) -> date:
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
    if not m:
        raise UsageError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            return date(y, int(mo or 1), int(d))
        if mo:
            if not end:
                return date(y, int(mo), 1)
            nxt = date(y + (int(mo) == 12), int(mo) % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(y, 12, 31) if end else date(y, 1, 1)
    except ValueError as exc:
        raise UsageError(f"not a date: {value!r} ({exc})") from exc


def _snippet(text: str, terms: list[str], width: int = 180) -> str:
    low = text.lower()
    hits = [i for i in (low.find(t.lower()) for t in terms if t) if i >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    s = " ".join(text[start:start + width].split())
    return ("…" if start > 0 else "") + s + ("…" if start + width < len(text) else "")


def search_documents(ws: Workspace, text: str, *, since: str | None = None, until: str | None = None,
                     limit: int = 20, include_duplicates: bool = True) -> list[dict[str, Any]]:
    """Documents matching ``text``, best first (BM25 over title and text), each with a score and a snippet."""
    if not text or not text.strip():
        raise UsageError("search text is empty")
    state = _index_state(ws)
    if state != "fresh" and not ws.read_only:
        rebuild_search_index(ws)
        state = "fresh"
    where, params = _date_filters(since, until)
    if not include_duplicates:
        where.append("d.duplicate_of IS NULL")
    terms = re.findall(r"\w+", text)
    if state == "fresh":
        load_fts(ws)
        score = "fts_main_documents.match_bm25(d.document_id, ?)"
        sql = (f"SELECT * FROM (SELECT {_LIST_COLS}, d.text AS _text, {score} AS score FROM documents d "
               "LEFT JOIN publishers p USING (publisher_id)"
               + (" WHERE " + " AND ".join(where) if where else "")
               + ") WHERE score IS NOT NULL ORDER BY score DESC, document_id LIMIT ?")
        rows = ws.records(sql, [text, *params, int(limit)])
    else:
        # Read-only with no fresh index: every term must appear somewhere; a rough score by hits.
        conds = ["(d.title ILIKE ? OR d.text ILIKE ?)" for _ in terms] or ["false"]
        like = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
        sql = (f"SELECT {_LIST_COLS}, d.text AS _text, NULL AS score FROM documents d "
               "LEFT JOIN publishers p USING (publisher_id) WHERE " + " AND ".join(conds + where)
               + " ORDER BY d.published DESC NULLS LAST, d.document_id LIMIT ?")
        rows = ws.records(sql, [*like, *params, int(limit)])
    for r in rows:
        r["snippet"] = _snippet(r.pop("_text") or "", terms)
        r["search"] = "bm25" if state == "fresh" else "substring (index not built; workspace is read-only)"
        if r.get("score") is not None:
            r["score"] = round(float(r["score"]), 4)
    return rows


def list_documents(ws: Workspace, *, since: str | None = None, until: str | None = None,
                   kind: str | None = None, publisher: str | None = None, include_duplicates: bool = True,
                   limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Documents without their text, newest publication first (unknown dates last)."""
    where, params = _date_filters(since, until)
    if kind:
        where.append("d.kind = ?")
        params.append(kind)
    if publisher:
        where.append("p.name ILIKE ?")
        params.append(f"%{publisher}%")
    if not include_duplicates:
        where.append("d.duplicate_of IS NULL")
    sql = (f"SELECT {_LIST_COLS} FROM documents d LEFT JOIN publishers p USING (publisher_id)"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY d.published DESC NULLS LAST, d.document_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return ws.records(sql, params)


def get_document(ws: Workspace, document_id: str) -> dict[str, Any]:
    """One document with its text, metadata, publisher grade, versions and copies; NotFound if absent."""
    rows = ws.records(
        f"SELECT {_LIST_COLS}, d.text, d.meta, p.grade_note AS publisher_grade_note FROM documents d "
        "LEFT JOIN publishers p USING (publisher_id) WHERE d.document_id = ?", [document_id])
    if not rows:
        raise NotFound(f"no document {document_id!r} in the workspace")
    doc = rows[0]
    doc["meta"] = json.loads(doc["meta"]) if doc.get("meta") else {}
    doc["newer_versions"] = [r[0] for r in ws.fetchall(
        "SELECT document_id FROM documents WHERE version_of = ? ORDER BY retrieved_at", [document_id])]
    doc["duplicates"] = [r[0] for r in ws.fetchall(
        "SELECT document_id FROM documents WHERE duplicate_of = ? ORDER BY document_id", [document_id])]
    return doc


def count_documents(ws: Workspace) -> int:
    """How many documents the workspace holds."""
    row = ws.fetchone("SELECT count(*) FROM documents")
    return int(row[0]) if row else 0
