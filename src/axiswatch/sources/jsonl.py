"""JSON-lines corpora in the ONTOLOGY.md evaluation format: ``{"id", "published", "title", "text"}``.

Documents keep their own ``id`` (the evaluation and the demo rely on it); extra
fields (publisher, url, sources, …) are kept in ``meta``. A bad line is refused
with its line number and the rest of the file goes on.
"""

from __future__ import annotations

import json
from typing import Any

from axiswatch.errors import InputError
from axiswatch.records import Document, Rejected
from axiswatch.sources.text import clean_text, decode_bytes, normalise_date

_KNOWN = {"id", "published", "title", "text", "publisher", "url", "author", "language"}
MAX_ID_LEN = 200


def _document(obj: Any, origin: str, lineno: int) -> Document:
    if not isinstance(obj, dict):
        raise ValueError("a line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("field 'text' is missing or empty")
    doc_id = obj.get("id")
    if doc_id is not None and (not isinstance(doc_id, str | int) or not str(doc_id).strip()
                               or len(str(doc_id)) > MAX_ID_LEN):
        raise ValueError("field 'id' must be a short non-empty string")
    published = None
    if obj.get("published") not in (None, ""):
        published = normalise_date(obj["published"])
        if published is None:
            bad = str(obj["published"])[:40]
            raise ValueError(f"field 'published' is not a date (YYYY[-MM[-DD]]): {bad!r}")
    title = obj.get("title")
    # The evaluation format's text is the reference for gold evidence spans: keep it byte for
    # byte (no whitespace clean-up) so every gold span still matches.
    return Document(
        id=str(doc_id).strip() if doc_id is not None else "",
        text=text,
        title=str(title) if title else None,
        published=published,
        published_from="given" if published else "unknown",
        origin=origin,
        url=str(obj["url"]) if obj.get("url") else None,
        publisher=str(obj["publisher"]) if obj.get("publisher") else None,
        author=str(obj["author"]) if obj.get("author") else None,
        language=str(obj["language"]) if obj.get("language") else None,
        kind="jsonl",
        meta={"line": lineno, **{k: v for k, v in obj.items() if k not in _KNOWN}},
    )


def parse_jsonl(data: bytes, origin: str) -> tuple[list[Document], list[Rejected]]:
    """Documents of a JSON-lines file and the lines refused (``file:line`` and reason)."""
    text, _ = decode_bytes(data, origin)
    docs: list[Document] = []
    rejected: list[Rejected] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            doc = _document(json.loads(line), origin, lineno)
        except json.JSONDecodeError as exc:
            rejected.append(Rejected(where, f"not valid JSON ({exc.msg} at column {exc.colno})", line[:200]))
            continue
        except ValueError as exc:
            rejected.append(Rejected(where, str(exc), line[:200]))
            continue
        if doc.id and doc.id in seen:
            why = f"duplicate id {doc.id!r} (first on line {seen[doc.id]})"
            rejected.append(Rejected(where, why, line[:200]))
            continue
        if doc.id:
            seen[doc.id] = lineno
        docs.append(doc)
    if not docs:
        if rejected:
            first = rejected[0]
            raise InputError(origin, f"no valid JSON-lines document ({len(rejected)} bad lines; "
                                     f"first: line {first.where.rsplit(':', 1)[-1]}: {first.reason})")
        raise InputError(origin, "no documents in the JSON-lines file")
    return docs, rejected


def clean_title(title: str | None) -> str | None:
    """A title on one line, or None."""
    return clean_text(title).replace("\n", " ") if title else None
