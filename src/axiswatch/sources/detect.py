"""Which text-like kind an input is (text, html, pdf, jsonl, feed), from content first, then name and type.

Content wins over the extension because real files lie about their names
(an RSS feed saved as ``.xml``, an HTML page saved as ``.txt``); the extension
decides only when the bytes do not.
"""

from __future__ import annotations

import json
import re

from axiswatch.sources.feed import looks_like_feed

TEXT_KINDS = ("text", "html", "pdf", "jsonl", "feed")
# Extensions that are certainly one of ours: dataset sniffers are not consulted for them.
OWN_EXTENSIONS = {".html", ".htm", ".xhtml", ".pdf", ".md", ".markdown", ".rss", ".atom"}
MARKDOWN_EXTENSIONS = {".md", ".markdown"}
_EXT_KIND = {
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html", ".md": "text", ".markdown": "text",
    ".txt": "text", ".text": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".rss": "feed", ".atom": "feed",
}
_CTYPE_KIND = {
    "application/pdf": "pdf", "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "text/markdown": "text", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/jsonlines": "jsonl",
}
_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body)",
                         re.I | re.S)
_XML_START = re.compile(rb"^\s*<\?xml", re.I)


def _first_line_is_json_object(head: bytes) -> bool:
    line = head.lstrip().split(b"\n", 1)[0].strip()
    if not line.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(line.decode("utf-8", "replace")), dict)
    except ValueError:
        # A truncated head can cut the first line; a JSON-ish start is enough then.
        return b'"' in line[:50] and len(line) >= len(head.lstrip()) - 1


def detect_kind(name: str, head: bytes, content_type: str | None = None) -> str:
    """The text-like kind of an input from its first bytes, its name and (for URLs) its content type."""
    stripped = head.lstrip()
    if stripped.startswith(b"%PDF"):
        return "pdf"
    if looks_like_feed(head):
        return "feed"
    if _HTML_START.match(head[:4096]):
        return "html"
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in _CTYPE_KIND:
        return _CTYPE_KIND[ctype]
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    if ext in _EXT_KIND:
        return _EXT_KIND[ext]
    # Other XML is only ever a feed for us; the feed parser refuses it clearly if it is not one.
    if ext == ".xml" or _XML_START.match(head) or ctype in ("text/xml", "application/xml"):
        return "feed"
    if _first_line_is_json_object(head):
        return "jsonl"
    if b"<html" in head[:4096].lower() or b"<body" in head[:4096].lower():
        return "html"
    return "text"


def is_markdown(name: str, content_type: str | None = None) -> bool:
    """True when the name or content type says Markdown."""
    lowered = name.lower().split("?", 1)[0]
    return any(lowered.endswith(e) for e in MARKDOWN_EXTENSIONS) or (content_type or "").startswith(
        "text/markdown")
