"""Storing prepared documents: ids and versions, near-duplicates, publishers, in batched transactions.

Documents are written in batches (one INSERT per batch) because a transaction
per document costs more than the parsing. A batch holds only complete
documents, so the workspace never holds half of one; if a batch fails, it is
rolled back and retried one document per transaction, so one bad document
cannot take its neighbours down with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from datasketch import MinHash

from axiswatch.records import Document
from axiswatch.sources.dedup import NearDuplicateIndex, minhash_from_bytes, signature, signature_bytes
from axiswatch.sources.publishers import PublisherMatch, PublisherTable, record_publishers
from axiswatch.store.documents import (
    delete_documents,
    existing_hashes,
    insert_documents,
    latest_by_origin,
)
from axiswatch.store.workspace import Workspace

# Called once per document with its outcome: added | updated | unchanged | failed, and a reason.
Outcome = Callable[[Document, str, str | None], None]

# Kinds whose documents carry their own id and are upserted by it; no origin versions for them.
_OWN_ID_KINDS = {"jsonl"}


def _version_key(doc: Document) -> str | None:
    """What makes two documents versions of one another (not copies): the same origin, except for
    own-id kinds, whose documents share a file but are each their own item."""
    return doc.origin if doc.kind not in _OWN_ID_KINDS else None


@dataclass
class _Prepared:
    doc: Document
    on_done: Outcome
    action: str = "add"  # add | replace | unchanged
    version_of: str | None = None
    duplicate_of: str | None = None
    mh: MinHash | None = None
    publisher: PublisherMatch | None = None


class DocumentWriter:
    """Collects finished documents and writes them in batches."""

    def __init__(self, ws: Workspace, publishers: PublisherTable, run_id: str, batch_size: int = 500) -> None:
        self.ws = ws
        self.publishers = publishers
        self.run_id = run_id
        self.batch_size = batch_size
        self._pending: list[tuple[Document, Outcome, Any]] = []
        self._index: NearDuplicateIndex | None = None

    @property
    def index(self) -> NearDuplicateIndex:
        """The near-duplicate index, loaded from the workspace on first use."""
        if self._index is None:
            self._index = NearDuplicateIndex.load(self.ws)
        return self._index

    def add(self, doc: Document, on_done: Outcome, signature_: bytes | None | Any = ...) -> None:
        """Queue one finished document (with its MinHash bytes when already computed); writes in batches."""
        self._pending.append((doc, on_done, signature_))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write everything queued."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        prepared = self._prepare(pending)
        todo = [p for p in prepared if p.action != "unchanged"]
        try:
            with self.ws.transaction():
                self._write(todo)
        except Exception:  # noqa: BLE001 - any failure: retry one by one to find the culprit
            for p in todo:
                self._forget(p)
            self._write_one_by_one(todo)
        else:
            for p in todo:
                p.on_done(p.doc, "updated" if p.action == "replace" else "added", None)
        for p in prepared:
            if p.action == "unchanged":
                p.on_done(p.doc, "unchanged", None)

    # -- internals --------------------------------------------------------------------
    def _prepare(self, pending: list[tuple[Document, Outcome, Any]]) -> list[_Prepared]:
        ids = list({d.id for d, _, _ in pending})
        stored = existing_hashes(self.ws, ids)
        origins = list({d.origin for d, _, _ in pending if d.origin and d.kind not in _OWN_ID_KINDS})
        latest = latest_by_origin(self.ws, origins)
        seen: set[str] = set()
        out: list[_Prepared] = []
        for doc, cb, sig in pending:
            p = _Prepared(doc, cb)
            out.append(p)
            if doc.id in seen or (doc.id in stored and stored[doc.id] == doc.content_hash):
                p.action = "unchanged"
                continue
            seen.add(doc.id)
            if doc.id in stored:
                p.action = "replace"  # own-id document whose text changed: upsert
                self.index.remove(doc.id)
            if doc.origin and doc.kind not in _OWN_ID_KINDS:
                prev = latest.get(doc.origin)
                if prev and prev != doc.id:
                    p.version_of = prev
                latest[doc.origin] = doc.id  # a second version in the same batch chains on this one
            p.mh = signature(doc.text) if sig is ... else minhash_from_bytes(sig) if sig else None
            if p.mh is not None:
                key = _version_key(doc)
                p.duplicate_of = self.index.find(doc.id, p.mh, key)
                self.index.add(doc.id, p.mh, key, p.duplicate_of)
            origin_url = doc.origin if doc.origin and "://" in doc.origin else None
            p.publisher = self.publishers.match(name=doc.publisher, urls=(doc.url, origin_url))
        return out

    def _row(self, p: _Prepared) -> dict[str, Any]:
        d = p.doc
        return {
            "document_id": d.id, "content_hash": d.content_hash, "title": d.title, "text": d.text,
            "published": d.published, "published_from": d.published_from, "origin": d.origin, "url": d.url,
            "publisher_id": p.publisher.publisher_id if p.publisher else None, "author": d.author,
            "language": d.language, "kind": d.kind, "retrieved_at": d.retrieved_at,
            "version_of": p.version_of, "duplicate_of": p.duplicate_of, "run_id": self.run_id, "meta": d.meta,
        }

    def _write(self, todo: list[_Prepared]) -> None:
        delete_documents(self.ws, [p.doc.id for p in todo if p.action == "replace"])
        insert_documents(self.ws, [self._row(p) for p in todo],
                         [(p.doc.id, signature_bytes(p.mh)) for p in todo if p.mh is not None])
        record_publishers(self.ws, [p.publisher for p in todo if p.publisher])

    def _forget(self, p: _Prepared) -> None:
        if p.mh is not None:
            self.index.remove(p.doc.id)

    def _write_one_by_one(self, todo: list[_Prepared]) -> None:
        for p in todo:
            if p.mh is not None:
                p.duplicate_of = self.index.find(p.doc.id, p.mh, _version_key(p.doc))
            try:
                with self.ws.transaction():
                    self._write([p])
            except Exception as exc:  # noqa: BLE001 - reported per document, the batch goes on
                p.on_done(p.doc, "failed", f"could not be stored: {exc}")
                continue
            if p.mh is not None:
                self.index.add(p.doc.id, p.mh, _version_key(p.doc), p.duplicate_of)
            p.on_done(p.doc, "updated" if p.action == "replace" else "added", None)
