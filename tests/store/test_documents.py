from __future__ import annotations

import pytest

from axiswatch.errors import NotFound, UsageError
from axiswatch.settings import Settings
from axiswatch.sources.ingest import ingest_paths
from axiswatch.store import open_workspace
from axiswatch.store.documents import (
    count_documents,
    get_document,
    list_documents,
    rebuild_search_index,
    search_documents,
)

CORPUS = [
    '{"id": "d-1", "published": "2019-04-25", "title": "Summit in Vladivostok", '
    '"text": "Kim Jong Un and Vladimir Putin held their first summit on Russky Island in Vladivostok.", '
    '"publisher": "Axiswatch Sample Wire"}',
    '{"id": "d-2", "published": "2023-09", "title": "Cosmodrome visit", '
    '"text": "The leaders met at the Vostochny cosmodrome and discussed satellites and rockets.", '
    '"publisher": "KCNA"}',
    '{"id": "d-3", "published": "2024", "title": "Oil deliveries", '
    '"text": "Tankers delivered refined petroleum beyond the cap set by the Security Council."}',
    '{"id": "d-4", "title": "Undated note", "text": "A note about rail freight through Khasan and Rajin."}',
]


@pytest.fixture
def filled(ws, tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text("\n".join(CORPUS) + "\n", encoding="utf-8")
    ingest_paths(ws, [f], Settings(workspace=ws.path))
    return ws


def test_search_ranks_with_bm25(filled):
    hits = search_documents(filled, "Vladivostok summit")
    assert [h["document_id"] for h in hits] == ["d-1"]
    assert hits[0]["score"] > 0 and hits[0]["search"] == "bm25"
    assert "Vladivostok" in hits[0]["snippet"]
    # stemming: "satellite" finds "satellites"
    assert [h["document_id"] for h in search_documents(filled, "satellite")] == ["d-2"]
    assert search_documents(filled, "nothingmatcheshere") == []


def test_search_with_dates_and_limit(filled):
    query = "Vladivostok cosmodrome tankers"  # any of the words (BM25 is disjunctive)
    assert len(search_documents(filled, query)) == 3
    assert sorted(h["document_id"] for h in search_documents(filled, query, since="2023")) == ["d-2", "d-3"]
    assert len(search_documents(filled, query, limit=1)) == 1
    with pytest.raises(UsageError):
        search_documents(filled, "  ")


def test_list_filters(filled):
    assert [d["document_id"] for d in list_documents(filled)] == ["d-3", "d-2", "d-1", "d-4"]
    assert [d["document_id"] for d in list_documents(filled, since="2023-09", until="2023-09")] == ["d-2"]
    assert [d["document_id"] for d in list_documents(filled, until="2020")] == ["d-1"]
    assert [d["document_id"] for d in list_documents(filled, publisher="kcna")] == ["d-2"]
    row = list_documents(filled, publisher="kcna")[0]
    assert (row["publisher"], row["publisher_grade"], row["chars"]) == ("KCNA", "D", len(
        "The leaders met at the Vostochny cosmodrome and discussed satellites and rockets."))
    assert "text" not in row
    with pytest.raises(UsageError, match="not a date"):
        list_documents(filled, since="June")


def test_get_document(filled):
    doc = get_document(filled, "d-2")
    assert doc["text"].startswith("The leaders met at the Vostochny cosmodrome")
    assert doc["publisher_grade_note"].startswith("DPRK state news agency")
    assert doc["meta"]["line"] == 2
    with pytest.raises(NotFound):
        get_document(filled, "nope")


def test_stale_index_rebuilt_or_substring_when_read_only(tmp_path):
    path = tmp_path / "own.duckdb"
    f = tmp_path / "c.jsonl"
    f.write_text("\n".join(CORPUS) + "\n", encoding="utf-8")
    with open_workspace(path) as ws:
        ingest_paths(ws, [f], Settings(workspace=path))
        ws.execute("UPDATE documents SET text = 'Talks on fertiliser exports' WHERE document_id = 'd-4'")
        ws.set_setting("documents_search_index_stale", True)
    with open_workspace(path, read_only=True) as ro:
        hits = search_documents(ro, "fertiliser")
        assert [h["document_id"] for h in hits] == ["d-4"]
        assert hits[0]["search"].startswith("substring")
    with open_workspace(path) as rw:
        hits = search_documents(rw, "fertiliser")  # writable: rebuilt, then BM25
        assert [h["document_id"] for h in hits] == ["d-4"]
        assert hits[0]["search"] == "bm25"
        rebuild_search_index(rw)
        assert count_documents(rw) == 4
