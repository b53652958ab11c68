"""ACLED CSV exports (the legacy v6-era layout and the current 31-column one) -> PLOVER events.

ACLED files are small (thousands of rows, human-coded), so they are read with the csv
module line by line: that is what lets a broken quote or a bad row be quarantined with
its line number while the rest of the file goes on. The mapping from ACLED's event
types and sub-types to PLOVER is a table below, not a chain of ifs.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from axiswatch.errors import InputError
from axiswatch.records import Event, Evidence, Quantity, Rejected
from axiswatch.sources.base import IngestOutcome, register_dataset_kind
from axiswatch.sources.dataset_writer import write_dataset_events
from axiswatch.store.workspace import Workspace

LEGACY_REQUIRED = ("EVENT_ID_CNTY", "EVENT_DATE", "EVENT_TYPE", "ACTOR1", "ACTOR2", "COUNTRY", "NOTES",
                   "FATALITIES")
CURRENT_REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
                    "country", "notes", "fatalities")
EXTRACTOR_VERSION = "acled-plover/1"
# Researcher-coded from named sources: stronger than machine coding, still a third party's report.
CONFIDENCE = 0.7
MAX_LINES_PER_RECORD = 20  # a quoted note may span lines; a broken quote must not swallow the file

# (event type, sub-event type or '') -> (PLOVER type, mode); '' sub-type is the type's default.
ACLED_TO_PLOVER: dict[tuple[str, str], tuple[str, str | None] | None] = {
    ("battles", ""): ("ASSAULT", "military"),
    ("violence against civilians", ""): ("ASSAULT", None),
    ("violence against civilians", "sexual violence"): ("ASSAULT", "sexual"),
    ("violence against civilians", "abduction/forced disappearance"): ("ASSAULT", "abduct"),
    ("explosions/remote violence", ""): ("ASSAULT", "explosives"),
    ("explosions/remote violence", "air/drone strike"): ("ASSAULT", "aerial"),
    ("explosions/remote violence", "shelling/artillery/missile attack"): ("ASSAULT", "heavy-weapons"),
    ("explosions/remote violence", "chemical weapon"): ("ASSAULT", "unconventional"),
    ("explosions/remote violence", "suicide bomb"): ("ASSAULT", "suicide-attack"),
    ("remote violence", ""): ("ASSAULT", "explosives"),
    ("protests", ""): ("PROTEST", "demo"),
    ("riots", ""): ("PROTEST", "riot"),
    ("riots/protests", ""): ("PROTEST", "demo"),
    ("strategic developments", "agreement"): ("AGREE", None),
    ("strategic developments", "arrests"): ("COERCE", "arrest"),
    ("strategic developments", "change to group/activity"): ("MOBILIZE", None),
    ("strategic developments", "disrupted weapons use"): ("COERCE", "seize"),
    ("strategic developments", "headquarters or base established"): ("MOBILIZE", "military"),
    ("strategic developments", "looting/property destruction"): ("COERCE", "seize"),
    ("strategic developments", "non-violent transfer of territory"): ("RETREAT", "withdraw"),
    ("strategic developments", "other"): None,
    ("strategic developments", ""): None,
    ("strategic development", ""): None,  # legacy: no sub-type, too vague to type
    ("headquarters or base established", ""): ("MOBILIZE", "military"),
    ("non-violent transfer of territory", ""): ("RETREAT", "withdraw"),
}
# 'Military Forces of Russia (2000-)', 'Police Forces of Russia (2000-) Prison Guards', 'Government of X'
_STATE_FORCE = re.compile(r"^(?:Military Forces|Police Forces|Government) of (.+?)(?: \(\d{4}-(?:\d{4})?\).*)?$")
# Names ACLED uses that pycountry's lookup does not resolve on its own.
COUNTRY_ALIASES = {"north korea": "PRK", "south korea": "KOR", "russia": "RUS", "iran": "IRN", "syria": "SYR",
                   "democratic republic of congo": "COD", "republic of congo": "COG", "ivory coast": "CIV",
                   "laos": "LAO", "vietnam": "VNM", "palestine": "PSE", "kosovo": "XKX", "turkey": "TUR"}


def map_acled(event_type: str, sub_event_type: str = "") -> tuple[str, str | None] | None:
    """The PLOVER (type, mode) of an ACLED type/sub-type; None when it maps to no event."""
    et = event_type.strip().lower()
    if et.startswith("battle"):  # legacy types: 'Battle-No change of territory', ...
        et = "battles"
    sub = sub_event_type.strip().lower()
    if (et, sub) in ACLED_TO_PLOVER:
        return ACLED_TO_PLOVER[(et, sub)]
    return ACLED_TO_PLOVER.get((et, ""))


@cache
def country_code(name: str) -> str | None:
    """ISO 3166 alpha-3 of a country name as ACLED writes it; None if unknown."""
    name = name.strip()
    if not name:
        return None
    if name.lower() in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[name.lower()]
    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        pass
    try:
        found = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None
    return str(found[0].alpha_3) if found else None


@cache
def numeric_country(value: str) -> str | None:
    """ISO 3166 alpha-3 of a numeric code (the current layout's ``iso`` column, 643 = RUS)."""
    if not value.strip().isdigit():
        return None
    found = pycountry.countries.get(numeric=value.strip().zfill(3))
    return str(found.alpha_3) if found else None


def actor_state(actor: str, fallback: str | None) -> str | None:
    """A state's armed or police forces resolve to that state; other actors to the event's country."""
    m = _STATE_FORCE.match(actor.strip())
    if m:
        return country_code(m.group(1)) or fallback
    return fallback


def parse_date(value: str) -> str | None:
    """ACLED dates: YYYY-MM-DD (current), dd/mm/yyyy (legacy) or '12 March 2024'; None if unparseable."""
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d-%B-%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _decode(raw: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM), else Windows-1252 (legacy exports)."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def layout_of(header: list[str]) -> str | None:
    """'legacy' or 'current' from the header row; None when it is not an ACLED event export."""
    names = {h.strip() for h in header}
    if all(c in names for c in CURRENT_REQUIRED):
        return "current"
    if all(c in names for c in LEGACY_REQUIRED):
        return "legacy"
    return None


def sniff(path: Path, head: bytes) -> bool:
    """True when the first line is an ACLED export header."""
    text, _ = _decode(head.split(b"\n", 1)[0])
    try:
        header = next(csv.reader([text]))
    except (csv.Error, StopIteration):
        return False
    return layout_of(header) is not None


def _records(text: str) -> Any:
    """Yield (line number, fields or None, raw text) per record; a broken record is yielded as None."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        start = i
        chunk = lines[i]
        i += 1
        while chunk.count('"') % 2 and i < len(lines) and i - start < MAX_LINES_PER_RECORD:
            chunk += "\n" + lines[i]
            i += 1
        if chunk.count('"') % 2:
            # unbalanced quote: give up on this line only and resume at the next one
            i = start + 1
            yield start + 1, None, lines[start]
            continue
        try:
            fields = next(csv.reader(io.StringIO(chunk)), [])
        except csv.Error:
            yield start + 1, None, chunk
            continue
        yield start + 1, fields, chunk


def _event(row: dict[str, str], layout: str, display: str, line: int) -> Event | None:
    get = (lambda k: (row.get(k.upper()) or "").strip()) if layout == "legacy" else (
        lambda k: (row.get(k) or "").strip())
    event_key = get("event_id_cnty")
    if not event_key:
        raise ValueError("event_id_cnty is empty")
    day = parse_date(get("event_date"))
    if day is None:
        raise ValueError(f"unparseable event_date {get('event_date')!r}")
    etype, sub = get("event_type"), get("sub_event_type")
    mapped = map_acled(etype, sub)
    if mapped is None:
        return None
    plover, mode = mapped
    fat_text = get("fatalities") or "0"
    if not fat_text.isdigit():
        raise ValueError(f"unparseable fatalities {fat_text!r}")
    fatalities = int(fat_text)
    country = get("country")
    where = numeric_country(get("iso")) if layout == "current" else None
    where = where or country_code(country)
    actor1, actor2 = get("actor1"), get("actor2")
    source = actor_state(actor1, where) if actor1 else where
    target = actor_state(actor2, where) if actor2 else where
    if not source or not target:
        raise ValueError(f"no state for country {country!r}")
    notes = get("notes")
    evidence = [Evidence(notes, 0, len(notes))] if notes else []
    attrs = {
        "acled_event_type": etype, "acled_sub_event_type": sub or None, "fatalities": fatalities,
        "notes": notes or None, "acled_source": get("source") or None, "source_scale": get("source_scale") or None,
        "country": country, "admin1": get("admin1") or None, "location": get("location") or None,
        "latitude": get("latitude") or None, "longitude": get("longitude") or None,
        "time_precision": get("time_precision") or None, "geo_precision": get("geo_precision") or None,
        "interaction": get("interaction") or None, "disorder_type": get("disorder_type") or None,
        "assoc_actor_1": get("assoc_actor_1") or get("ally_actor_1") or None,
        "assoc_actor_2": get("assoc_actor_2") or get("ally_actor_2") or None,
    }
    return Event(
        event_type=plover, source=source, target=target, mode=mode, date=day,
        quantity=Quantity(fatalities, "fatalities") if fatalities else None,
        certainty="reported", confidence=CONFIDENCE, source_name=actor1 or None, target_name=actor2 or None,
        evidence=evidence, origin_kind="acled",
        origin={"dataset": "acled", "layout": layout, "file": display, "row": line, "key": event_key},
        extractor_version=EXTRACTOR_VERSION, attrs=attrs,
    )


def _in_dyad(ev: Event, actors: list[str], match: str) -> bool:
    if not actors:
        return True
    if match == "any":
        return ev.source in actors or ev.target in actors
    return ev.source in actors and ev.target in actors and ev.source != ev.target


def ingest(ws: Workspace, path: Path, *, run_id: str | None = None,
           options: dict[str, Any] | None = None) -> IngestOutcome:
    """Ingest one ACLED CSV export; bad rows are quarantined with their line, the rest is written."""
    path = Path(path)
    options = options or {}
    actors = [a.strip().upper() for a in (options.get("actors") or []) if a.strip()]
    match = str(options.get("actor_match", "any"))  # ACLED events are mostly domestic: 'any' by default
    text, encoding = _decode(path.read_bytes())
    records = _records(text)
    first = next(records, None)
    header = first[1] if first else None
    layout = layout_of(header) if header else None
    if header is None or layout is None:
        raise InputError(str(path), "not an ACLED event export (header lacks the ACLED columns)")
    names = [h.strip() if h.strip() else f"_empty{i}" for i, h in enumerate(header)]
    outcome = IngestOutcome(details={"layout": layout, "encoding": encoding, "rows_read": 0, "unmapped": 0,
                                     "filtered_out": 0})
    events: list[Event] = []
    bad: list[tuple[int, str, str]] = []
    for line, fields, raw in records:
        if fields is None:
            bad.append((line, "broken quotes", raw))
            continue
        if not fields or fields == [""]:
            continue
        outcome.details["rows_read"] += 1
        if len(fields) != len(names):
            bad.append((line, f"wrong column count: {len(fields)} fields, header has {len(names)}", raw))
            continue
        try:
            ev = _event(dict(zip(names, fields, strict=True)), layout, str(path), line)
        except ValueError as exc:
            bad.append((line, str(exc), raw))
            continue
        if ev is None:
            outcome.details["unmapped"] += 1
        elif not _in_dyad(ev, actors, match):
            outcome.details["filtered_out"] += 1
        else:
            events.append(ev)
    events = list({e.id: e for e in events}.values())  # a repeated row is one event
    ids = [e.id for e in events]
    with ws.transaction():
        existing = {r[0] for r in ws.fetchall("SELECT event_id FROM events WHERE list_contains(?, event_id)",
                                              [ids])} if ids else set()
        write_dataset_events(ws, events)
        if bad:
            ws.con.executemany(
                "INSERT INTO quarantine (run_id, origin, location, reason, sample) VALUES (?, ?, ?, ?, ?)",
                [[run_id, str(path), f"line {ln}", reason, raw[:500]] for ln, reason, raw in bad])
    outcome.added = len(set(ids) - existing)
    outcome.unchanged = len(set(ids) & existing)
    outcome.failed = len(bad)
    outcome.rejected = [Rejected(f"{path}:line {ln}", reason, raw[:200]) for ln, reason, raw in bad[:200]]
    outcome.details["quarantined"] = len(bad)
    outcome.details["events"] = len(set(ids))
    return outcome


register_dataset_kind("acled", sniff, ingest, "ACLED CSV exports (legacy v6-era and current 31-column layouts)")
