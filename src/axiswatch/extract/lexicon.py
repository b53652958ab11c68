"""The extractor's vocabularies (lexicon.yaml), loaded once into phrase indexes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from axiswatch.extract.text import Token, tokenize


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    """A trigger word form: its PLOVER type, frame, and whether it is a noun."""

    event_type: str
    frame: str
    noun: bool
    form: str


class PhraseIndex:
    """Longest-match lookup of multi-word phrases over lower-cased tokens."""

    def __init__(self) -> None:
        self._index: dict[str, list[tuple[tuple[str, ...], Any]]] = {}

    def add(self, phrase: str, value: Any) -> None:
        """Add a phrase (tokenised the same way as text)."""
        toks = tuple(t.lower for t in tokenize(phrase))
        if toks:
            self._index.setdefault(toks[0], []).append((toks, value))

    def freeze(self) -> None:
        """Sort candidates longest first."""
        for lst in self._index.values():
            lst.sort(key=lambda e: -len(e[0]))

    def match_at(self, tokens: list[Token], i: int) -> list[tuple[int, Any]]:
        """All (length, value) of phrases starting at token i, longest first."""
        out = []
        for toks, value in self._index.get(tokens[i].lower, ()):
            k = len(toks)
            if i + k <= len(tokens) and all(tokens[i + x].lower == toks[x] for x in range(k)):
                out.append((k, value))
        return out

    def scan(self, tokens: list[Token], skip: set[int] | frozenset[int] = frozenset()
             ) -> Iterator[tuple[int, int, Any]]:
        """(i, length, value) of each longest match, left to right, never starting on a skipped token."""
        i = 0
        while i < len(tokens):
            hits = self.match_at(tokens, i) if i not in skip else None
            if hits:
                k, value = hits[0]
                yield i, k, value
                i += k
            else:
                i += 1

    def find(self, tokens: list[Token]) -> list[tuple[int, int, Any]]:
        """Non-overlapping (i, j, value) matches, longest first, left to right."""
        return [(i, i + k, value) for i, k, value in self.scan(tokens)]

    def contains(self, tokens: list[Token], i: int) -> int:
        """Length of the longest phrase starting at i, or 0."""
        hits = self.match_at(tokens, i)
        return hits[0][0] if hits else 0


@dataclass(frozen=True)
class Lexicon:
    """All vocabularies of the extractor."""

    triggers: PhraseIndex  # value: list[TriggerSpec] (a form may have several readings)
    commodities: PhraseIndex  # value: commodity name
    units: dict[str, str]
    prepositions: frozenset[str]
    reporting: PhraseIndex
    speculative: PhraseIndex
    alleged: PhraseIndex
    negation: frozenset[str]
    unnamed_speakers: PhraseIndex
    coreference: PhraseIndex  # value: rule name
    named_refs: PhraseIndex


@cache
def load_lexicon() -> Lexicon:
    """Load ``extract/lexicon.yaml`` once."""
    raw = yaml.safe_load(resources.files("axiswatch.extract").joinpath("lexicon.yaml").read_text("utf-8"))
    trig = PhraseIndex()
    readings: dict[str, list[TriggerSpec]] = {}
    for entry in raw["triggers"]:
        for form in entry["forms"]:
            spec = TriggerSpec(entry["type"], entry["frame"], bool(entry.get("noun", False)), form.lower())
            readings.setdefault(form.lower(), []).append(spec)
    for form, specs in readings.items():
        trig.add(form, specs)
    trig.freeze()
    com = PhraseIndex()
    for commodity, words in raw["commodities"].items():
        for w in words:
            com.add(w, commodity)
    com.freeze()

    def index(words: list[str], value: Any = True) -> PhraseIndex:
        ix = PhraseIndex()
        for w in words:
            ix.add(w, value)
        ix.freeze()
        return ix

    coref = PhraseIndex()
    for phrase, rule in raw["coreference"].items():
        coref.add(phrase, rule)
    coref.freeze()
    return Lexicon(
        triggers=trig,
        commodities=com,
        units=dict(raw["units"]),
        prepositions=frozenset(raw["prepositions"]),
        reporting=index(raw["reporting"]),
        speculative=index(raw["speculative"]),
        alleged=index(raw["alleged"]),
        negation=frozenset(raw["negation"]),
        unnamed_speakers=index(raw["unnamed_speakers"]),
        coreference=coref,
        named_refs=index(raw.get("named_refs", [])),
    )
