"""Dates of events: absolute, partial and relative expressions resolved against the publication date.

Returns values as precise as the text allows: ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``. Spans take their start ("since mid-2022" -> 2022).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday"])}
_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
             "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
             "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
             "ninety": 90, "a hundred": 100, "one hundred": 100, "a": 1, "an": 1, "several": 3, "a few": 3}
_TENS_RE = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNIT_RE = r"(?:one|two|three|four|five|six|seven|eight|nine)"


def _number_word(raw: str) -> int:
    """"sixty-three" -> 63, "twenty four" -> 24, "eleven" -> 11 (1 when unknown)."""
    parts = re.split(r"[-\s]+", raw.lower())
    if len(parts) == 2 and parts[0] in _NUMWORDS and parts[1] in _NUMWORDS and _NUMWORDS[parts[0]] >= 20:
        return _NUMWORDS[parts[0]] + _NUMWORDS[parts[1]]
    return _NUMWORDS.get(raw.lower(), 1)

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>1[89]\d\d|20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I)),
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.I)),
    # "on 5 October last year", "March 3 this year"
    ("md_rel", re.compile(rf"\b{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<rel>this|last)\s+year\b", re.I)),
    ("dm_rel", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+(?P<rel>this|last)\s+year\b",
                          re.I)),
    ("md", re.compile(rf"\b{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d)", re.I)),
    ("dm", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b(?!,?\s+\d{{4}})", re.I)),
    ("my", re.compile(rf"\b(?:(?P<part>early|mid|late|the end of|end of|the start of|start of|the beginning of)[\s-]+)?{_MON},?\s+(?:of\s+)?{_YEAR}\b", re.I)),  # noqa: E501
    ("quarter", re.compile(rf"\b(?:the\s+)?(?P<q>first|second|third|fourth|final|last)\s+(?:quarter|three\s+months)\s+of\s+{_YEAR}\b", re.I)),  # noqa: E501
    ("month_rel", re.compile(rf"\b{_MON}\s+(?P<rel>this|last|next)\s+year\b", re.I)),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<year>1[89]\d0|20[0-2]0)s\b", re.I)),
    ("part_year", re.compile(rf"\b(?P<part>early|mid|late|the end of|end of|the start of|start of|the beginning of|the first half of|the second half of|spring|summer|autumn|fall|winter)[\s-]+(?:of\s+)?{_YEAR}\b", re.I)),  # noqa: E501
    ("year", re.compile(rf"(?<![\d,.$])(?<![A-Za-z]-)(?<!resolution )(?<!resolutions )(?<!no\. )(?<!number )\b{_YEAR}\b(?!\d|,\d|%|\s*(?:km|kilomet|tonnes|tons|troops|soldiers|shells|missiles|barrels|people|workers|containers))", re.I)),  # noqa: E501
    ("month_attr", re.compile(rf"(?:\bthe|['’]s)\s+{_MON}\s+(?=(?:summit|visit|talks|meeting|vote|launch|test|treaty|agreement|deal|parade|trip|resolution|report|strike|attack|offensive|election)\b)", re.I)),  # noqa: E501
    ("month", re.compile(rf"\b(?:in|since|from|during|by|until|last|this|early|mid|late|through|between|for)[\s-]+{_MON}(?!\s*\d)\b", re.I)),  # noqa: E501
    # "at the end of March", "in the first ten days of April", "the second week of May"
    ("month", re.compile(rf"\b(?:the\s+)?(?:end|start|beginning|middle|(?:first|second|third|last|final)\s+(?:half|week|weeks|days|ten\s+days|fortnight))\s+of\s+{_MON}(?!\s*,?\s*\d)\b", re.I)),  # noqa: E501
    ("ago", re.compile(r"(?<![\w-])(?P<n>\d+|" + _TENS_RE + r"(?:[-\s]" + _UNIT_RE + r")?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:a|one) hundred|a|an|several|a few)\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+(?:ago|earlier|before(?!\s+(?:the|a|an|his|her|its|their|this|that)\b))(?P<today>\s+today|\s+this\s+week|\s+this\s+month)?\b", re.I)),  # noqa: E501
    ("weekday", re.compile(r"\b(?P<last>last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),  # noqa: E501
    ("rel", re.compile(r"\b(?P<rel>yesterday|today|tonight|this week|last week|this month|last month|this year|last year|earlier this year|(?:earlier\s+)?this\s+(?:spring|summer|autumn|fall|winter)|last\s+(?:spring|summer|autumn|fall|winter)|earlier this month|the previous year|the previous month|a year ago|a month ago|a week ago|next year|next month|the (?:start|beginning) of (?:the|this) year|the end of last year)\b", re.I)),  # noqa: E501
]
_SINCE_SUPERLATIVE = re.compile(r"\b(?:first|largest|biggest|highest|lowest|strongest|weakest|worst|best|most)\b"
                                r"[^.;]{0,90}\bsince$", re.I)
def _before_and_since(text: str, start: int, end: int) -> str:
    """The text before a date, with its own leading 'since' ("... since 2019", "since the September summit")."""
    own = text[start:end]
    before = text[max(0, start - 110):start]
    return before + own.split()[0] if own.lower().startswith("since") else before.rstrip()


_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: its character span in the sentence and its resolved value."""

    start: int
    end: int
    value: str
    kind: str


def parse_published(value: str | None) -> date | None:
    """The publication date as a date (partial dates take their first day)."""
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _ymd(d: date) -> str:
    return d.isoformat()


def _month_before(pub: date | None, mon: int) -> int | None:
    """Year of a bare month: the most recent such month not after publication."""
    if pub is None:
        return None
    return pub.year if mon <= pub.month else pub.year - 1


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression in a sentence, resolved; overlapping matches keep the first pattern's."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            a, b = m.span()
            if any(a < tb and b > ta for ta, tb in taken):
                continue
            value = _resolve(kind, m, published)
            if value is None:
                continue
            out.append(DateMention(a, b, value, kind))
            taken.append((a, b))
    out.sort(key=lambda d: d.start)
    # "between August 2023 and March this year", "from May to July": a span takes its start
    spans = []
    for first, second in zip(out, out[1:], strict=False):
        gap = text[first.end:second.start].strip().lower()
        lead = text[max(0, first.start - 9):first.end].lower()
        if gap in ("and", "to", "-", "–", "until", "through") and ("between" in lead or "from" in lead):
            spans.append(second)
    # "his first trip to China since 2019": the year of the previous trip, not of this one
    firsts = [d for d in out if _SINCE_SUPERLATIVE.search(_before_and_since(text, d.start, d.end))]
    return [d for d in out if d not in spans and d not in firsts]


def _resolve(kind: str, m: re.Match[str], pub: date | None) -> str | None:  # noqa: C901
    g = m.groupdict()
    try:
        if kind == "iso":
            return _ymd(date(int(g["year"]), int(g["m"]), int(g["d"])))
        if kind in ("mdy", "dmy"):
            return _ymd(date(int(g["year"]), MONTHS[g["mon"].lower().rstrip(".")], int(g["day"])))
        if kind in ("md", "dm"):
            mon = MONTHS[g["mon"].lower().rstrip(".")]
            if g["mon"].lower() == "may" and kind == "md" and not g["mon"][0].isupper():
                return None  # the verb "may"
            y = _month_before(pub, mon)
            if y is None:
                return None
            d = date(y, mon, int(g["day"]))
            if pub and d > pub + timedelta(days=3):
                d = date(y - 1, mon, int(g["day"]))
            return _ymd(d)
        if kind in ("md_rel", "dm_rel"):
            if pub is None:
                return None
            shift = {"this": 0, "last": -1}[g["rel"].lower()]
            return _ymd(date(pub.year + shift, MONTHS[g["mon"].lower().rstrip(".")], int(g["day"])))
        if kind == "month_rel":
            if pub is None:
                return None
            word = g["mon"].lower().rstrip(".")
            if word == "may" and not g["mon"][0].isupper():
                return None
            shift = {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
            return _ym(pub.year + shift, MONTHS[word])
        if kind == "my":
            return _ym(int(g["year"]), MONTHS[g["mon"].lower().rstrip(".")])
        if kind == "decade":
            return g["year"]
        if kind == "part_year":
            part = g["part"].lower()
            if part in _SEASON_MONTH:
                return _ym(int(g["year"]), _SEASON_MONTH[part])
            if part.endswith("end of"):
                return _ym(int(g["year"]), 12)  # "at the end of 1948" -> December
            if part.endswith(("start of", "beginning of")):
                return _ym(int(g["year"]), 1)
            return g["year"]
        if kind == "year":
            return g["year"]
        if kind == "quarter":
            q = g["q"].lower()
            first_month = {"first": 1, "second": 4, "third": 7}.get(q, 10)
            return _ym(int(g["year"]), first_month)
        if kind in ("month", "month_attr"):
            word = g["mon"].lower().rstrip(".")
            if word == "may" and not g["mon"][0].isupper():
                return None
            mon = MONTHS[word]
            y = _month_before(pub, mon)
            return _ym(y, mon) if y else None
        if kind == "weekday":
            if pub is None:
                return None
            wd = WEEKDAYS[g["wd"].lower()]
            delta = (pub.weekday() - wd) % 7
            if g.get("last") and delta == 0:
                delta = 7
            return _ymd(pub - timedelta(days=delta))
        if kind == "rel":
            if pub is None:
                return None
            rel = g["rel"].lower()
            if rel in ("today", "tonight"):
                return _ymd(pub)
            if rel == "yesterday":
                return _ymd(pub - timedelta(days=1))
            if rel in ("this week",):
                return _ym(pub.year, pub.month)
            if rel in ("last week", "a week ago"):
                d = pub - timedelta(days=7)
                return _ym(d.year, d.month)
            if rel in ("this month", "earlier this month"):
                return _ym(pub.year, pub.month)
            if rel in ("last month", "the previous month", "a month ago"):
                y, mo = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
                return _ym(y, mo)
            if rel.startswith("the start of") or rel.startswith("the beginning of"):
                return _ym(pub.year, 1)  # "since the start of the year": from January
            if rel == "the end of last year":
                return _ym(pub.year - 1, 12)
            if rel in ("this year", "earlier this year") or rel.split()[-1] in _SEASON_MONTH and "last" not in rel:
                return str(pub.year)  # "this summer": the season's year (its months are not certain)
            if rel.startswith("last") and rel.split()[-1] in _SEASON_MONTH:
                return str(pub.year - 1)
            if rel in ("last year", "the previous year", "a year ago"):
                return str(pub.year - 1)
            return None  # future: next year/month are plans, not dated events
        if kind == "ago":
            if pub is None:
                return None
            n_raw = g["n"].lower()
            n = int(n_raw) if n_raw.isdigit() else _number_word(n_raw)
            unit = g["unit"].lower().rstrip("s")
            if unit == "day":
                return _ymd(pub - timedelta(days=n))
            if unit == "week":
                d = pub - timedelta(weeks=n)
                return _ym(d.year, d.month)
            if unit == "month":
                total = pub.year * 12 + pub.month - 1 - n
                return _ym(total // 12, total % 12 + 1)
            if unit == "decade":
                return str(pub.year - 10 * n)  # "a decade ago", "two decades ago"
            if (g.get("today") or "").strip().lower() == "today":
                try:
                    return _ymd(pub.replace(year=pub.year - n))  # "seventy years ago today"
                except ValueError:
                    return _ymd(pub.replace(year=pub.year - n, day=28))
            if (g.get("today") or "").strip():
                return _ym(pub.year - n, pub.month)
            return str(pub.year - n)
    except (ValueError, KeyError):
        return None
    return None
