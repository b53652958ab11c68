"""PDF files: text page by page with pypdfium2 (reads real-world PDFs, Cyrillic and Hangul included).

The pages are joined with a blank line; ``meta['pages']`` keeps each page's
character span in the stored text so evidence can be traced to its page.
"""

from __future__ import annotations

import re
from datetime import date

import pypdfium2 as pdfium

from axiswatch.errors import InputError
from axiswatch.records import Document
from axiswatch.sources.text import clean_text

MAX_PAGES = 2000
# PDFium's error code for a document that needs a password (FPDF_ERR_PASSWORD).
_ERR_PASSWORD = 4
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")


def _pdf_date(value: str | None) -> str | None:
    """A PDF date string (``D:20240619083000Z``) to YYYY[-MM[-DD]], None when absent or invalid."""
    if not value:
        return None
    m = _PDF_DATE.match(value.strip())
    if not m:
        return None
    y, mo, d = m.groups()
    try:
        if d:
            return date(int(y), int(mo), int(d)).isoformat()
        if mo:
            return f"{y}-{int(mo):02d}" if 1 <= int(mo) <= 12 else y
    except ValueError:
        return None
    return y


def parse_pdf(data: bytes, origin: str) -> Document:
    """One PDF as a Document; refuses encrypted, damaged and text-less (scanned) files."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(origin, "not a PDF (no %PDF header)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _ERR_PASSWORD:
            raise InputError(origin, "password-protected PDF; cannot read it") from exc
        raise InputError(origin, f"damaged or truncated PDF ({exc})") from exc
    try:
        n = len(pdf)
        if n == 0:
            raise InputError(origin, "PDF has no pages")
        meta_raw = pdf.get_metadata_dict()
        pages: list[str] = []
        for i in range(min(n, MAX_PAGES)):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as exc:  # a page tree that lies about its pages
                raise InputError(f"{origin}: page {i + 1}", f"page cannot be loaded ({exc})") from exc
            try:
                textpage = page.get_textpage()
                pages.append(clean_text(textpage.get_text_range()))
                textpage.close()
            except pdfium.PdfiumError as exc:
                raise InputError(f"{origin}: page {i + 1}", f"page cannot be read ({exc})") from exc
            finally:
                page.close()
    finally:
        pdf.close()
    spans: list[list[int]] = []
    parts: list[str] = []
    pos = 0
    for p in pages:
        if parts:
            pos += 2  # the blank line between pages
        spans.append([pos, pos + len(p)])
        parts.append(p)
        pos += len(p)
    text = "\n\n".join(parts)
    if not text.strip():
        raise InputError(origin, "PDF has no text layer (scanned images?); OCR is not supported")
    title = (meta_raw.get("Title") or "").strip() or text.strip().split("\n", 1)[0][:200]
    published = _pdf_date(meta_raw.get("CreationDate"))
    meta: dict[str, object] = {"pages": spans, "page_count": n}
    if n > MAX_PAGES:
        meta["pages_truncated_at"] = MAX_PAGES
    if meta_raw.get("Producer"):
        meta["producer"] = meta_raw["Producer"]
    return Document(
        id="", text=text, title=title, published=published,
        published_from="metadata" if published else "unknown",
        origin=origin, author=(meta_raw.get("Author") or "").strip() or None, kind="pdf", meta=meta,
    )
