"""HTML pages: the article's main text and its metadata (title, date, author, site, canonical URL).

trafilatura does the extraction: it drops navigation, ads and footers and reads
dates from the page's metadata (htmldate). A page with no article text is
refused rather than stored as a shell of boilerplate.
"""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace
from typing import Any

import trafilatura

from axiswatch.errors import InputError
from axiswatch.records import Document
from axiswatch.sources.text import clean_text, decode_bytes, normalise_date

# trafilatura and htmldate log every page they find hard; those are our inputs' problems,
# reported once per file by us, not dozens of lines on the console.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_LANG = re.compile(r"""<html[^>]*\slang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)
MIN_ARTICLE_CHARS = 40


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def parse_html(data: bytes, origin: str, *, url: str | None = None, charset: str | None = None) -> Document:
    """One HTML page as a Document; refuses pages where no article text can be found."""
    html, encoding = decode_bytes(data, origin, declared=charset or declared_charset(data))
    try:
        doc: Any = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura raises assorted lxml/parser errors
        raise InputError(origin, f"HTML cannot be parsed: {exc}") from exc
    if isinstance(doc, dict):  # older trafilatura returns a dict; read both shapes alike
        doc = SimpleNamespace(**doc)
    text = clean_text(getattr(doc, "text", None) or "") if doc is not None else ""
    if len(text) < MIN_ARTICLE_CHARS:
        raise InputError(origin, "no article text found in the HTML (navigation or boilerplate only)")
    lang = _LANG.search(html[:4096])
    meta: dict[str, object] = {"encoding": encoding}
    if getattr(doc, "sitename", None):
        meta["site"] = doc.sitename
    if getattr(doc, "hostname", None):
        meta["hostname"] = doc.hostname
    if getattr(doc, "description", None):
        meta["description"] = doc.description
    if lang:
        meta["html_lang"] = lang.group(1).lower()
    published = normalise_date(getattr(doc, "date", None))
    return Document(
        id="",
        text=text,
        title=(getattr(doc, "title", None) or None),
        published=published,
        published_from="metadata" if published else "unknown",
        origin=origin,
        url=getattr(doc, "url", None) or url,
        publisher=getattr(doc, "sitename", None) or None,
        author=getattr(doc, "author", None) or None,
        kind="html",
        meta=meta,
    )
