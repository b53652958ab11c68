"""Sentences and tokens with exact character offsets into the document text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "u.s", "u.n", "u.k", "e.u", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm",
    "rep", "sen", "gov", "st", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "p.m", "a.m", "d.p.r.k", "n", "s", "approx",
    "est", "dept", "fig", "ft", "km", "jr", "sr", "prof", "pres", "min",
}
# Dotted acronyms and clock times are mostly followed by a name mid-sentence ("U.S. Treasury", "9:59 a.m. Japan
# time"); they end a sentence only when a word that usually opens one follows.
_MID_SENTENCE = {"u.s", "u.n", "u.k", "e.u", "d.p.r.k", "a.m", "p.m"}
_OPENERS = {
    "the", "a", "an", "it", "he", "she", "they", "we", "i", "this", "that", "these", "those", "there", "in", "on",
    "at", "but", "and", "as", "after", "before", "when", "while", "its", "his", "her", "their", "meanwhile",
    "however", "earlier", "later", "officials", "no", "some", "one", "if", "for", "since", "during", "asked",
}
# a live blog's next entry: "... resolutions. 16:20 — Zinoviev retorted"
_TIMESTAMP = re.compile(r"\s+\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|UTC|KST|CET))?\s*[—–-]\s")
_NEXT_WORD = re.compile(r"\s*[\"'“‘]?(\w+)")
_TITLES = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "st", "prof", "sen", "rep"}
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)|\n\s*\n")
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\$|\d+(?:[.,]\d+)*(?:st|nd|rd|th)?|\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    """A token: its text, lower-cased text and character span in the sentence."""

    text: str
    lower: str
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    """A sentence with its span in the document and its tokens (offsets relative to the sentence)."""

    text: str
    start: int
    end: int
    index: int
    tokens: list[Token]


def clean_text(text: str) -> str:
    """Normalise Unicode (NFC), turn odd spaces into plain ones and drop control characters.

    The length is kept the same wherever possible so that offsets stay meaningful;
    callers extract from the cleaned text and store spans against it.
    """
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        if ch in "\t\n\r":
            out.append(ch)
        elif ch in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def tokenize(text: str) -> list[Token]:
    """Word, number and punctuation tokens with their spans; a possessive 's is its own token."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        w, a, b = m.group(), m.start(), m.end()
        if len(w) > 2 and w[-2] in "'’" and w[-1] in "sS":
            out.append(Token(w[:-2], w[:-2].lower(), a, b - 2))
            out.append(Token(w[-2:], "'s", b - 2, b))
        elif len(w) > 1 and w[-1] in "'’" and w[-2] in "sS":  # plural possessive: allies'
            out.append(Token(w[:-1], w[:-1].lower(), a, b - 1))
            out.append(Token(w[-1], "'s", b - 1, b))
        elif "-" in w and _JOINED_NAMES.fullmatch(w):
            # "Russia-North Korea", "Moscow-Pyongyang", "US-South Korea": names joined by a hyphen are each a name
            pos = a
            for n, part in enumerate(w.split("-")):
                if n:
                    out.append(Token("-", "-", pos, pos + 1))
                    pos += 1
                out.append(Token(part, part.lower(), pos, pos + len(part)))
                pos += len(part)
        else:
            out.append(Token(w, w.lower(), a, b))
    return out


_JOINED_NAMES = re.compile(r"[A-Z][A-Za-z.]*(?:-[A-Z][A-Za-z.]*)+")


def split_sentences(text: str) -> list[Sentence]:
    """Split into sentences, keeping exact offsets; abbreviations and initials do not end sentences."""
    sentences: list[Sentence] = []
    start = 0
    n = len(text)
    for m in _SENT_END.finditer(text):
        end = m.end()
        if m.group().startswith("."):
            # the word before the full stop
            j = m.start()
            k = j
            while k > start and (text[k - 1].isalnum() or text[k - 1] == "."):
                k -= 1
            word = text[k:j].lower()
            nxt = text[end:end + 2].lstrip()[:1]
            if len(word) == 1 and word.isalpha():
                continue  # an initial: "N. Korea", "J. Smith"
            if word in _ABBREV and (not nxt or not nxt.isupper() or word in _TITLES):
                continue
            if word in _MID_SENTENCE:
                follow = _NEXT_WORD.match(text, end)
                if follow and follow.group(1).lower() not in _OPENERS:
                    continue
            if nxt and (nxt.islower() or nxt.isdigit()) and not _TIMESTAMP.match(text, end):
                continue
        _add(sentences, text, start, end)
        start = end
    if start < n:
        _add(sentences, text, start, n)
    return sentences


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return
    s = text[start:end]
    if len(s) > 2000:  # runaway "sentence" (tables, lists): cut into manageable pieces on line breaks
        pos = start
        for piece in re.split(r"(\n)", s):
            if piece and piece != "\n":
                _add_plain(out, text, pos, pos + len(piece))
            pos += len(piece)
        return
    _add_plain(out, text, start, end)


def _add_plain(out: list[Sentence], text: str, start: int, end: int) -> None:
    s = text[start:end]
    if s.strip():
        out.append(Sentence(s, start, end, len(out), tokenize(s)))
