"""RSS and Atom feeds: each entry becomes a document.

An entry with full content is stored as it is; an entry with only a summary
keeps the summary unless the caller allows fetching links, in which case the
linked page is fetched (under the fetch rules) and its article text used.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.html

from axiswatch.errors import InputError
from axiswatch.ids import make_id
from axiswatch.records import Document, Rejected
from axiswatch.sources.text import clean_text

# Given a link, return the page as a Document (the dispatcher wires fetch + HTML parsing).
LinkFetcher = Callable[[str], Document]


@dataclass
class FeedResult:
    """The documents of a feed, entries refused, and link fetches that failed (summary kept)."""

    documents: list[Document] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[Rejected] = field(default_factory=list)


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes look like an RSS, RDF or Atom document."""
    h = head[:2048].lower()
    return b"<rss" in h or b"<feed" in h or b"<rdf:rdf" in h


def html_fragment_text(value: str) -> str:
    """Visible text of an HTML fragment (feed summaries and contents)."""
    if "<" not in value:
        return clean_text(value)
    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return clean_text(value)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    # paragraph-level elements end a line, so the text keeps its paragraphs
    for el in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr"):
        el.tail = "\n" + (el.tail or "")
    return clean_text(root.text_content())


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return datetime.fromtimestamp(calendar.timegm(t), tz=UTC).date().isoformat()
    return None


def parse_feed(data: bytes, origin: str, fetch_link: LinkFetcher | None = None) -> FeedResult:
    """Parse a feed; refuses input that is not RSS/Atom. ``fetch_link`` enables fetching full pages."""
    if not data.strip():
        raise InputError(origin, "empty file (no content)")
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except UnicodeDecodeError as exc:  # feedparser's own encoding fallback can raise on bytes that lie
        raise InputError(origin, f"feed bytes do not match any encoding they declare ({exc.reason})") from exc
    if not parsed.get("version") or (parsed.get("bozo") and not parsed.entries):
        why = parsed.get("bozo_exception")
        raise InputError(origin, "not an RSS or Atom feed" + (f" ({why})" if why else ""))
    feed_title = clean_text(parsed.feed.get("title", "")) or None
    out = FeedResult()
    for n, entry in enumerate(parsed.entries, 1):
        where = f"{origin}: entry {n}"
        link = entry.get("link") or None
        content = entry.get("content") or []
        body_html = content[0].get("value", "") if content else ""
        summary_html = entry.get("summary", "") or ""
        text = html_fragment_text(body_html) if body_html else ""
        title = clean_text(entry.get("title", "")) or None
        meta: dict[str, Any] = {"feed": origin, "feed_title": feed_title, "entry_id": entry.get("id")}
        if parsed.get("bozo"):
            meta["feed_warning"] = str(parsed.get("bozo_exception"))[:200]
        fetched: Document | None = None
        if not text and link and fetch_link is not None:
            try:
                fetched = fetch_link(link)
            except InputError as exc:
                out.warnings.append(Rejected(link, f"linked page not used, summary kept: {exc.reason}"))
        if fetched is not None:
            text = fetched.text
            meta["full_text_from"] = link
            meta.update({f"page_{k}": v for k, v in fetched.meta.items() if k in ("site", "hostname")})
        elif not text:
            text = html_fragment_text(summary_html)
            meta["summary_only"] = True
        if not text.strip():
            out.rejected.append(Rejected(where, "entry has no text (no content, summary or fetchable link)",
                                         title))
            continue
        published = _entry_date(entry)
        if not published and fetched is not None:
            published = fetched.published
        entry_origin = link or f"{origin}#{entry.get('id') or make_id('entry', title, n)}"
        out.documents.append(Document(
            id="", text=text, title=title or (fetched.title if fetched else None),
            published=published, published_from="metadata" if published else "unknown",
            origin=entry_origin, url=link, publisher=(fetched.publisher if fetched else None) or feed_title,
            author=entry.get("author") or (fetched.author if fetched else None), kind="feed", meta=meta,
        ))
    if not out.documents and not out.rejected:
        raise InputError(origin, "feed has no entries")
    return out
