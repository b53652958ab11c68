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


def _script_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for ch in text:
        o = ord(ch)
        if ch.isascii():
            if ch.isalpha():
                counts["latin"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["cyrillic"] += 1
        elif 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            counts["hangul"] += 1
        elif 0x3040 <= o <= 0x30FF:
            counts["kana"] += 1
        elif 0x4E00 <= o <= 0x9FFF:
            counts["han"] += 1
        elif 0x0600 <= o <= 0x06FF:
            counts["arabic"] += 1
        elif 0x00C0 <= o <= 0x024F:
            counts["latin"] += 1
    return counts


def detect_language(text: str, *, sample: int = 5000) -> str | None:
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
