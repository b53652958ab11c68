"""From bytes to finished documents: the pure, picklable half of ingestion.

Nothing here touches the workspace, so a file can be parsed in a worker
process (``parse_file``) while the main process writes. Errors come back as
data (``Parsed.error``) instead of exceptions crossing the process boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from axiswatch.errors import AxiswatchError, InputError
from axiswatch.ids import content_hash, make_id
from axiswatch.records import Document, Rejected
from axiswatch.settings import FetchLimits
from axiswatch.sources.dedup import signature, signature_bytes
from axiswatch.sources.detect import TEXT_KINDS, detect_kind
from axiswatch.sources.feed import LinkFetcher, parse_feed
from axiswatch.sources.fetch import Fetched, fetch_url
from axiswatch.sources.html import parse_html
from axiswatch.sources.jsonl import clean_title, parse_jsonl
from axiswatch.sources.language import detect_language
from axiswatch.sources.pdf import parse_pdf
from axiswatch.sources.text import date_from_text, normalise_for_hash, parse_text

HEAD_BYTES = 65536


@dataclass
class Parsed:
    """What one input gave: finished documents, sub-items refused, warnings, or the input's own error."""

    where: str
    documents: list[Document] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[Rejected] = field(default_factory=list)
    error: Rejected | None = None
    # MinHash signature of each document (None when too short), computed here so that worker
    # processes, not the writing process, pay for it.
    signatures: list[bytes | None] = field(default_factory=list)


@dataclass(frozen=True)
class FileJob:
    """One file to parse, with everything a worker needs to know."""

    path: str
    kind: str  # a text kind, or "auto"
    markdown: bool
    max_bytes: int
    limits: FetchLimits
    fetch_links: bool = False


def now_iso() -> str:
    """UTC now, to the second, without a zone suffix (stored as TIMESTAMP)."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def finish_document(doc: Document, retrieved_at: str) -> Document:
    """Fill in provenance: content hash, id, title, date found in the text, language, retrieval time."""
    if not doc.text or not doc.text.strip():
        raise InputError(doc.origin or "?", "document has no text")
    doc.content_hash = content_hash(normalise_for_hash(doc.text))
    if not doc.id:
        doc.id = make_id("doc", doc.content_hash)
    doc.title = (clean_title(doc.title) or "")[:500] or None
    if not doc.published:
        found = date_from_text(doc.text)
        doc.published, doc.published_from = (found, "text") if found else (None, "unknown")
    if not doc.language:
        doc.language = detect_language(doc.text) or doc.meta.get("html_lang")
    doc.retrieved_at = retrieved_at
    return doc


def link_fetcher(limits: FetchLimits, enabled: bool) -> LinkFetcher | None:
    """Fetch-and-parse for feed entries' links, when the user allows it."""
    if not enabled:
        return None

    def fetch(link: str) -> Document:
        """The linked page as a Document."""
        got = fetch_url(link, limits)
        return parse_html(got.data, link, url=got.final_url, charset=got.charset)

    return fetch


def parse_bytes(kind: str, data: bytes, where: str, *, markdown: bool = False, fetched: Fetched | None = None,
                limits: FetchLimits | None = None, fetch_links: bool = False) -> Parsed:
    """Parse one input of a known text kind into finished documents; raises InputError for the whole input."""
    retrieved = fetched.retrieved_at if fetched else now_iso()
    out = Parsed(where)
    if kind == "html":
        docs = [parse_html(data, where, url=fetched.final_url if fetched else None,
                           charset=fetched.charset if fetched else None)]
    elif kind == "pdf":
        docs = [parse_pdf(data, where)]
    elif kind == "jsonl":
        docs, out.rejected = parse_jsonl(data, where)
    elif kind == "feed":
        result = parse_feed(data, where, link_fetcher(limits or FetchLimits(), fetch_links))
        docs, out.rejected, out.warnings = result.documents, result.rejected, result.warnings
    else:
        docs = [parse_text(data, where, markdown=markdown, charset=fetched.charset if fetched else None)]
    raw_hash = content_hash(data) if kind in ("html", "pdf", "text") else None
    extra: dict[str, Any] = {}
    if fetched is not None:
        extra = {"final_url": fetched.final_url, "http_status": fetched.status,
                 "content_type": fetched.content_type}
        if fetched.redirects:
            extra["redirects"] = fetched.redirects
    for doc in docs:
        if kind != "feed":
            if fetched is not None and doc.url is None:
                doc.url = fetched.final_url
            doc.meta.update(extra)
        if raw_hash:
            doc.meta["raw_sha256"] = raw_hash
        out.documents.append(finish_document(doc, retrieved))
        mh = signature(doc.text)
        out.signatures.append(signature_bytes(mh) if mh is not None else None)
    return out


def parse_file(job: FileJob) -> Parsed:
    """Read and parse one file; never raises (runs in worker processes)."""
    where = job.path
    try:
        path = Path(job.path)
        size = path.stat().st_size
        if size > job.max_bytes:
            raise InputError(where, f"file too large: {size} bytes (limit {job.max_bytes}; see --max-bytes)")
        if size == 0:
            raise InputError(where, "empty file (0 bytes)")
        data = path.read_bytes()
        kind = job.kind if job.kind in TEXT_KINDS else detect_kind(path.name, data[:HEAD_BYTES])
        return parse_bytes(kind, data, where, markdown=job.markdown, limits=job.limits,
                           fetch_links=job.fetch_links)
    except AxiswatchError as exc:
        return Parsed(where, error=Rejected(getattr(exc, "where", where), getattr(exc, "reason", str(exc))))
    except OSError as exc:
        return Parsed(where, error=Rejected(where, f"cannot read: {exc.strerror or exc}"))
    except Exception as exc:  # noqa: BLE001 - a parser bug on one file must not end the batch
        return Parsed(where, error=Rejected(where, f"unexpected error: {exc.__class__.__name__}: {exc}"))
