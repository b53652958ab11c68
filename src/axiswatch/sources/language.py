"""Which language a document is in: script counts first, then common words for Latin-script text.

A small offline heuristic on purpose: the languages that matter for this watch
(English, Russian, Korean, Ukrainian, Chinese, Japanese) are told apart by
script alone; Latin-script languages by their most frequent function words.
It answers ``None`` rather than guess on too little text.
"""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# The most frequent function words of each Latin-script language; few enough to keep the
# vocabulary honest, distinctive enough that English news never scores as French or German.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in is that for on with as was by at from it are has have said".split()),
    "fr": frozenset("le la les des et est une du dans que pour sur pas qui au avec sont ce".split()),
    "de": frozenset("der die das und ist nicht mit den von zu auf für sich ein eine dem des".split()),
    "es": frozenset("el la los las y que del en por con para una es se su al lo como".split()),
    "it": frozenset("il di che la per non una sono del della con gli nel alla anche".split()),
    "pt": frozenset("o a os as de que do da em para com uma não por se mais foi".split()),
}

# Letters Ukrainian has and Russian lacks (and the reverse), to split the Cyrillic block.
_UK_ONLY = set("іїєґІЇЄҐ")
_RU_ONLY = set("ыэъёЫЭЪЁ")


_SCRIPTS = {
    "latin": re.compile(r"[A-Za-z\u00C0-\u024F]"),
    "cyrillic": re.compile(r"[\u0400-\u04FF]"),
    "hangul": re.compile(r"[\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F]"),
    "kana": re.compile(r"[\u3040-\u30FF]"),
    "han": re.compile(r"[\u4E00-\u9FFF]"),
    "arabic": re.compile(r"[\u0600-\u06FF]"),
}


def _script_counts(text: str) -> Counter[str]:
    # One regex pass per script: an order of magnitude faster than a Python loop per character.
    counts: Counter[str] = Counter()
    for script, rx in _SCRIPTS.items():
        n = len(rx.findall(text))
        if n:
            counts[script] = n
    return counts


def detect_language(text: str, *, sample: int = 3000) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little to tell."""
    head = text[:sample]
    counts = _script_counts(head)
    total = sum(counts.values())
    if total < 20:
        return None
    script, n = counts.most_common(1)[0]
    if script == "hangul":
        return "ko"
    if script == "kana" or (script == "han" and counts["kana"] > 0):
        return "ja"
    if script == "han":
        return "zh"
    if script == "arabic":
        return "ar"
    if script == "cyrillic":
        letters = set(head)
        if letters & _UK_ONLY and not letters & _RU_ONLY:
            return "uk"
        return "ru"
    words = [w.lower() for w in _WORD.findall(head)]
    if len(words) < 5:
        return None
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    # Below ~5% function words the text is a list of names or numbers: do not guess.
    if scores[best] < max(2, len(words) // 20):
        return None
    return best
