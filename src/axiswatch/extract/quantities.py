"""Quantities in digits and words: "6 million", "six million", "11,000", "roughly eleven thousand",
"over 1 million barrels", "$2.5 billion", "25,000 to 30,000" (the lower number)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from axiswatch.extract.text import Token

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a dozen": 12, "dozen": 12}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "m": 1_000_000, "k": 1_000, "mn": 1_000_000}
_NUM = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$|^\d+(?:\.\d+)?$")
# Nouns that count things but are not commodities themselves.
UNIT_NOUNS = {"barrels", "barrel", "tonnes", "tons", "tonne", "ton", "containers", "container", "railcars",
              "wagons", "shipments", "voyages", "trips", "vessels", "ships", "tankers", "people", "units",
              "pieces", "systems", "rounds", "cubic metres", "litres", "liters", "metric tons", "bbl"}


@dataclass(frozen=True, slots=True)
class QuantityMention:
    """A number found in a sentence: tokens [i, j), its value, and whether it is money."""

    i: int
    j: int
    value: float
    money: bool
    lower_bound: bool


def _word_value(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """A number spelled in words starting at i: (value, tokens used)."""
    total, current, k, used = 0.0, 0.0, i, False
    while k < len(tokens):
        w = tokens[k].lower
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in ("hundred",) and used:
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion", "trillion") and used:
            total += (current or 1) * _SCALES[w]
            current = 0
        elif w == "and" and used and k + 1 < len(tokens) and tokens[k + 1].lower in _UNITS | _TENS:
            pass
        elif w == "-" and used:
            pass
        else:
            break
        used = True
        k += 1
    if not used:
        return None
    value = total + current
    return (value, k - i) if value > 0 else None


def _digit_value(tokens: list[Token], i: int) -> tuple[float, int] | None:
    t = tokens[i].lower
    if not _NUM.match(t):
        return None
    value = float(t.replace(",", ""))
    k = i + 1
    if k < len(tokens) and tokens[k].lower in _SCALES and tokens[k].lower not in ("k", "m") or (
            k < len(tokens) and tokens[k].lower in ("m", "bn", "mn") and tokens[k].text in ("m", "bn", "mn")):
        value *= _SCALES[tokens[k].lower]
        k += 1
    return value, k - i


_LOWER_CUES = {"more than", "over", "at least", "some", "about", "around", "roughly", "nearly", "almost",
               "approximately", "up to", "an estimated", "estimated", "as many as", "upwards of", "close to",
               "in excess of", "well over", "just over", "just under"}


def find_quantities(tokens: list[Token]) -> list[QuantityMention]:
    """Every number expression in a token list; ranges keep their lower number."""
    out: list[QuantityMention] = []
    i = 0
    n = len(tokens)
    while i < n:
        money = False
        start = i
        if tokens[i].text == "$" and i + 1 < n:
            money = True
            i += 1
        got = _digit_value(tokens, i) or _word_value(tokens, i)
        if got is None or (tokens[i].lower in ("a", "an", "one") and not money and got[1] == 1):
            i = start + 1
            continue
        value, used = got
        j = i + used
        # a range: "25,000 to 30,000", "25,000-30,000" -> keep the lower number, skip the upper
        if j + 1 < n and tokens[j].lower in ("to", "-", "–", "and") and (
                _digit_value(tokens, j + 1) or _word_value(tokens, j + 1)):
            upper = _digit_value(tokens, j + 1) or _word_value(tokens, j + 1)
            assert upper is not None
            if upper[0] >= value:
                # "1 to 2 million": the scale of the upper applies to the lower
                if upper[0] >= 1000 * value and value < 1000:
                    scale = upper[0] / float(tokens[j + 1].lower.replace(",", "")) if _NUM.match(
                        tokens[j + 1].lower) else 1
                    value *= scale
                j = j + 1 + upper[1]
        if j < n and tokens[j].lower in ("dollars", "usd", "us$"):
            money = True
            j += 1
        prev = " ".join(t.lower for t in tokens[max(0, start - 2):start])
        lower = any(prev.endswith(c) for c in _LOWER_CUES)
        out.append(QuantityMention(start, j, value, money, lower))
        i = j
    return out
