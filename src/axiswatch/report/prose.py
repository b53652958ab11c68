"""Sentences of the brief: how numbers, dates, flows and events read in English.

Everything here is pure: it turns values the analysis layer computed into
words and never decides anything itself. The verb table is data (one phrase per
PLOVER type) so that a new event type is a new row, not a new branch.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from axiswatch.profiles import Profile

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

# How a resolved event reads: {s} is the source's name, {t} the target's, {c} the flow phrase.
EVENT_PHRASES: dict[str, str] = {
    "AGREE": "{s} signed an agreement with {t}",
    "CONSULT": "{s} held talks with {t}",
    "SUPPORT": "{s} backed {t}",
    "CONCEDE": "{s} made a concession to {t}",
    "COOPERATE": "{s} cooperated with {t}{c_on}",
    "AID": "{s} provided {t} with {c}",
    "RETREAT": "{s} pulled back from {t}",
    "REQUEST": "{s} made a request of {t}",
    "ACCUSE": "{s} condemned {t}",
    "REJECT": "{s} rebuffed {t}",
    "THREATEN": "{s} threatened {t}",
    "PROTEST": "{s} protested against {t}",
    "SANCTION": "{s} imposed sanctions on {t}",
    "MOBILIZE": "{s} deployed forces against {t}",
    "COERCE": "{s} took coercive action against {t}",
    "ASSAULT": "{s} used force against {t}",
}
# Self-directed acts (a missile test is MOBILIZE PRK->PRK) read differently.
SELF_PHRASES: dict[str, str] = {
    "MOBILIZE": "{s} staged a show of force (a missile test, launch or parade)",
    "AGREE": "{s} ratified an agreement",
}
# The same flows, as an ongoing relationship (key judgements: "has provided").
FLOW_PHRASES: dict[str, str] = {
    "diplomatic_support": "{s} has given {t} diplomatic support",
    "default": "{s} has provided {t} with {c}",
}

COMMODITY_WORDS: dict[str, str] = {
    "munitions": "munitions",
    "missiles": "missiles",
    "weapons_systems": "weapons systems",
    "troops": "troops",
    "workers": "workers",
    "military_technology": "military technology",
    "space_technology": "space technology",
    "nuclear_technology": "nuclear technology",
    "food": "food",
    "fuel": "fuel",
    "money": "money",
    "diplomatic_support": "diplomatic support",
    "intelligence": "intelligence",
    "other": "unspecified military or dual-use goods",
}


# Names that take "the" in running text ("the United States", "the UN Security Council").
_THE_PREFIXES = ("United ", "Soviet ", "European ", "UN ", "Multilateral ", "Russian Federation")
_THE_SUFFIXES = (" Union", " Council", " Team", " Nations", " Republic")
_THE_NAMES = frozenset({"G7", "G20", "IAEA", "Netherlands", "Philippines"})


def actor_name(profile: Profile, code: str) -> str:
    """The display name of an actor code as it reads in a sentence ('the United States')."""
    name = bare_name(profile, code)
    if name.startswith(_THE_PREFIXES) or name.endswith(_THE_SUFFIXES) or name in _THE_NAMES:
        return f"the {name}"
    return name


@cache
def _country_name(code: str) -> str | None:
    """ISO 3166 name of a country the profile does not list (AUS -> Australia), offline via pycountry."""
    import pycountry

    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


def bare_name(profile: Profile, code: str) -> str:
    """The display name without an article, for titles and table cells."""
    spec = profile.actors.get(code)
    return spec.name if spec else (_country_name(code) or code)


def commodity_words(commodity: str | None) -> str:
    """A flow in plain words: ``weapons_systems`` -> ``weapons systems``."""
    if not commodity:
        return "goods"
    return COMMODITY_WORDS.get(commodity, commodity.replace("_", " "))


def format_number(value: float | int | None) -> str:
    """Readable amounts: 6000000 -> '6 million', 11000 -> '11,000', 2.5e9 -> '2.5 billion'."""
    if value is None:
        return "?"
    v = float(value)
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            scaled = v / size
            text = f"{scaled:.1f}".rstrip("0").rstrip(".")
            return f"{text} {word}"
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def quantity_phrase(q: dict[str, Any] | None) -> str:
    """A ledger quantity ``{low, high, unit, events}`` as words; a range stays a range."""
    if not q or q.get("low") is None:
        return ""
    unit = q.get("unit") or ""
    low, high = q.get("low"), q.get("high")
    if unit == "USD":
        amount = (f"${format_number(low)}" if high in (None, low)
                  else f"between ${format_number(low)} and ${format_number(high)}")
        body = amount
    elif high in (None, low):
        body = f"{format_number(low)} {unit}".strip()
    else:
        body = f"between {format_number(low)} and {format_number(high)} {unit}".strip()
    n = int(q.get("events") or 0)
    if n > 1:
        body += f" over {n} reported events"
    return body


def date_words(value: str | None) -> str:
    """'2024-06-19' -> '19 June 2024', '2024-06' -> 'June 2024', '2024' -> '2024', None -> 'undated'."""
    if not value:
        return "undated"
    parts = str(value)[:10].split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return str(value)
    return parts[0]


def span_words(first: str | None, last: str | None) -> str:
    """A date range in words, collapsed when both ends agree."""
    if not first and not last:
        return "undated"
    if not first or not last or first == last:
        return date_words(first or last)
    return f"{date_words(first)} to {date_words(last)}"


def event_phrase(profile: Profile, event_type: str, source: str, target: str,
                 commodity: str | None = None) -> str:
    """What a resolved event says, as a clause: 'North Korea provided Russia with munitions'."""
    s, t = actor_name(profile, source), actor_name(profile, target)
    template = SELF_PHRASES.get(event_type) if source == target else None
    template = template or EVENT_PHRASES.get(event_type, "{s} acted towards {t} (" + event_type + ")")
    c = commodity_words(commodity) if commodity else "aid"
    c_on = f" on {c}" if commodity else ""
    return template.format(s=s, t=t, c=c, c_on=c_on)


def flow_phrase(profile: Profile, source: str, target: str, commodity: str) -> str:
    """A ledger line as a present-perfect clause: 'North Korea has provided Russia with troops'."""
    template = FLOW_PHRASES.get(commodity, FLOW_PHRASES["default"])
    return template.format(s=actor_name(profile, source), t=actor_name(profile, target),
                           c=commodity_words(commodity))


def estimative_clause(words: str, clause: str) -> str:
    """'It is likely that …' / 'There is a roughly even chance that …', with the scale's own words."""
    if words.startswith("almost no"):
        return f"There is {words} that {clause}"
    if words.endswith("chance"):
        return f"There is a {words} that {clause}"
    return f"It is {words} that {clause}"


def capitalise(text: str) -> str:
    """First letter upper-case, the rest untouched."""
    return text[:1].upper() + text[1:]


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 event', '3 events'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
