"""Plain text and Markdown: decoding bytes safely, light Markdown-to-text, dates found in the text.

Also the text helpers every text-like kind shares: the normalisation that
document ids are hashed from, and the dateline search used when metadata has
no publication date.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from datetime import date

import charset_normalizer
import yaml

from axiswatch.errors import InputError
from axiswatch.records import Document

# C0 controls other than tab, newline, carriage return, form feed: a few appear in real
# text, many mean the bytes are not text at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_WS = re.compile(r"[ \t\u00a0]+")


def looks_binary(data: bytes) -> bool:
    """True when the bytes are not text: NULs (outside UTF-16/32) or many control bytes."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return controls > max(4, len(head) // 50)


def decode_bytes(data: bytes, where: str, declared: str | None = None) -> tuple[str, str]:
    """Bytes to text as (text, encoding); refuses empty, binary and undecodable input."""
    if not data.strip():
        raise InputError(where, "empty file (no content)")
    if looks_binary(data):
        raise InputError(where, "binary content, not text")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                     (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(where, f"invalid {enc} text at byte {exc.start}") from exc
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return data.decode(enc), enc  # strict: a wrong declaration falls through to detection
        except (UnicodeDecodeError, LookupError):
            continue
    encoding = _guess_legacy_encoding(data)
    if encoding is None:
        raise InputError(where, "cannot tell the text encoding (not UTF-8 and no plausible legacy encoding)")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(where, f"text does not decode as {encoding}: {exc}") from exc
    if len(_CONTROL.findall(text[:20000])) > 20:
        raise InputError(where, f"decoded as {encoding} but full of control characters; wrong encoding?")
    return text, encoding


def _guess_legacy_encoding(data: bytes) -> str | None:
    """The most plausible legacy encoding of bytes that are not UTF-8."""
    # Western text (the common case: Latin-1 / Windows-1252) has few non-ASCII letters;
    # Cyrillic or Greek bytes read as cp1252 would be nearly all accented letters.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None:
        letters = [c for c in western[:50_000] if c.isalpha()]
        if letters and sum(1 for c in letters if not c.isascii()) / len(letters) < 0.3:
            return "cp1252"
    for match in charset_normalizer.from_bytes(data[:200_000]):
        enc = match.encoding
        # Without a BOM and without NULs the bytes cannot be UTF-16/32, whatever the score says.
        if enc and not enc.startswith(("utf_16", "utf_32")):
            return enc
    return None


def clean_text(text: str) -> str:
    """Unix newlines, no NULs or stray controls, spaces collapsed, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL.sub("", text)
    lines = [_WS.sub(" ", ln).strip() for ln in text.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip()


def normalise_for_hash(text: str) -> str:
    """The form document ids are hashed from: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


# -- dates in the text --------------------------------------------------------------
_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    # Russian genitive month names, as in "19 июня 2024 года"
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), ("y", "m", "d")),
    (re.compile(r"\b((?:19|20)\d\d)년\s*(\d{1,2})월\s*(\d{1,2})일"), ("y", "m", "d")),
    (re.compile(rf"\b(\d{{1,2}})\s+({_MON})\.?,?\s+((?:19|20)\d\d)\b", re.I), ("d", "mon", "y")),
    (re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b", re.I), ("mon", "d", "y")),
)


def date_from_text(text: str, head: int = 600) -> str | None:
    """The first full date in the opening of the text (its dateline), as YYYY-MM-DD, or None."""
    opening = text[:head]
    found: list[tuple[int, str]] = []
    for rx, order in _DATE_PATTERNS:
        for m in rx.finditer(opening):
            parts = dict(zip(order, m.groups(), strict=True))
            try:
                month = _MONTHS[parts["mon"].lower()] if "mon" in parts else int(parts["m"])
                d = date(int(parts["y"]), month, int(parts["d"]))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), d.isoformat()))
            break
    return min(found)[1] if found else None


def normalise_date(value: object) -> str | None:
    """A published value to YYYY, YYYY-MM or YYYY-MM-DD; None when it is not a date."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    s = str(value).strip()
    m = re.match(r"^((?:1[6-9]|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ].*)?$", s)
    if not m:
        return None
    y, mo, d = m.groups()
    try:
        if d:
            return date(int(y), int(mo), int(d)).isoformat()
        if mo:
            date(int(y), int(mo), 1)
            return f"{y}-{mo}"
    except ValueError:
        return None
    return y


# -- Markdown -----------------------------------------------------------------------
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_MD_RULES = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),      # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),        # links -> their text
    (re.compile(r"^\s{0,3}#{1,6}\s+", re.M), ""),         # heading markers
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),              # quotes
    (re.compile(r"^\s*[-*+]\s+", re.M), ""),              # bullets
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),             # bold
    (re.compile(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"`([^`]*)`"), r"\1"),                    # inline code
    (re.compile(r"^\s*(```|~~~).*$", re.M), ""),          # code fences
    (re.compile(r"^\s*([-*_]\s*){3,}$", re.M), ""),       # rules
)


def markdown_to_text(md: str) -> str:
    """Markdown to readable plain text (markup dropped, words kept), so evidence spans read cleanly."""
    for rx, repl in _MD_RULES:
        md = rx.sub(repl, md)
    return md


def parse_text(data: bytes, origin: str, *, markdown: bool = False, charset: str | None = None) -> Document:
    """A plain-text or Markdown file as one Document (front matter and first heading give metadata)."""
    text, encoding = decode_bytes(data, origin, declared=charset)
    meta: dict[str, object] = {"encoding": encoding}
    title: str | None = None
    published: str | None = None
    meta["format"] = "markdown" if markdown else "plain"
    doc = Document(id="", text="", kind="text", origin=origin, meta=meta)
    front = _FRONT.match(text)
    if front:
        try:
            fm = yaml.safe_load(front.group(1))
        except yaml.YAMLError:
            fm = None
        if isinstance(fm, dict):
            text = text[front.end():]
            title = str(fm["title"]) if fm.get("title") else None
            published = normalise_date(fm.get("date") or fm.get("published"))
            doc.author = str(fm["author"]) if fm.get("author") else None
            doc.publisher = str(fm["publisher"]) if fm.get("publisher") else None
            doc.url = str(fm["url"]) if fm.get("url") else None
            meta["front_matter"] = {k: str(v) for k, v in fm.items()}
    if markdown:
        heading = re.search(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", text, re.M)
        if heading and not title:
            title = heading.group(1).strip()
        text = markdown_to_text(text)
    body = clean_text(text)
    if not body:
        raise InputError(origin, "no text after decoding (only whitespace or markup)")
    if not title:
        first = body.split("\n", 1)[0]
        title = first if len(first) <= 200 else first[:197] + "..."
    doc.text, doc.title = body, title
    if published:
        doc.published, doc.published_from = published, "metadata"
    return doc
