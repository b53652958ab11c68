"""Events for other event tools: PLOVER/POLECAT-style JSON records and CAMEO-coded rows.

The POLECAT record follows the "Data Fields" chapter of the PLOVER manual:
``id``, ``date`` (YYYY-MM-DD), ``actor`` and ``recipient`` (lists of entities
with a ``code``), ``event`` (a list of PLOVER types), then the optional
``mode``, ``context``, ``quad_code``, ``event_text``, ``text_info`` and
``cite_info``. What PLOVER has no field for (the flow, its quantity, our
certainty and confidence) travels under one ``axiswatch`` key that other
readers ignore. A record needs a date: an undated event takes its document's
publication date (as POLECAT dates events by their story, marked
``axiswatch.date_from = "published"``); with neither it is left out and counted.

CAMEO rows reverse our CAMEO -> PLOVER table (``data/cameo_plover.tsv``): of
the codes that map onto the event's type, the one whose mode and context best
match the event's mode and flow wins, else the type's "not specified" code.
CAMEO has no code for a transfer of munitions or troops (they collapse into
072 "provide military aid"), so the flow stays in its own column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from axiswatch.ontology import load_ontology
from axiswatch.sources.cameo import CameoMapping, load_cameo_map
from axiswatch.store.events import date_start

QUAD_CODES = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3, "material_conflict": 4}

# The PLOVER/CAMEO context a flow belongs to; the mode of an event can name a context too.
COMMODITY_CONTEXT = {
    "munitions": "military", "missiles": "military", "weapons_systems": "military", "troops": "military",
    "military_technology": "military", "space_technology": "technology", "nuclear_technology": "cbrn",
    "food": "humanitarian", "fuel": "economic", "money": "economic", "workers": "economic",
    "intelligence": "intelligence", "diplomatic_support": "diplomatic",
}

# Codes that win a tie, by (type, mode) then (type, None). Our events are acts between states:
# sanctions are CAMEO 163 (ONTOLOGY.md), force between states is conventional (190, aerial 195),
# troops mobilised are 154, not a raised alert status (152).
DEFAULT_CODE: dict[tuple[str, str | None], str] = {
    ("SANCTION", None): "163", ("ASSAULT", None): "190", ("ASSAULT", "aerial"): "195",
    ("MOBILIZE", "troops"): "154",
}

CAMEO_COLUMNS = (
    "event_id", "date", "sqldate", "actor1_code", "actor1_name", "actor2_code", "actor2_name",
    "event_code", "event_base_code", "event_root_code", "quad_class", "cameo_label", "plover_type", "mode",
    "commodity", "quantity_value", "quantity_unit", "certainty", "confidence", "document_id", "evidence",
)


@dataclass
class ExportCount:
    """How many records went out and which were left out, and why."""

    written: int = 0
    skipped: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        """Count one record left out."""
        self.skipped += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"written": self.written, "skipped": self.skipped, "reasons": self.reasons}


def context_of(event: dict[str, Any]) -> str | None:
    """The PLOVER context of an event: from its flow, else from a mode that is a context."""
    ctx = COMMODITY_CONTEXT.get(event.get("commodity") or "")
    if ctx:
        return ctx
    mode = event.get("mode")
    return mode if mode in {"military", "economic", "humanitarian", "diplomatic", "intelligence", "legal",
                            "technology"} else None


def _period_end(value: str) -> date | None:
    """Last day a partial date covers ('2024-02' -> 2024-02-29)."""
    first = date_start(value)
    if first is None:
        return None
    parts = value.split("-")
    if len(parts) == 3:
        return first
    if len(parts) == 1:
        return date(first.year, 12, 31)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def polecat_record(event: dict[str, Any], document: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """One event (the ``axiswatch events`` JSON form) as a POLECAT-style record; None when nothing dates it."""
    dated, date_from = event.get("date"), "event"
    if date_start(dated) is None and document and document.get("published"):
        # POLECAT dates an event by its story, as automated coders do: an undated event takes its
        # document's publication date, and says so under ``axiswatch.date_from``
        dated, date_from = str(document["published"]), "published"
    start = date_start(dated)
    if start is None or dated is None:
        return None
    spec = load_ontology().event_types.get(event["event_type"])
    actor = {"code": event["source"]}
    if event.get("source_name"):
        actor["entity_text"] = event["source_name"]
    recipient = {"code": event["target"]}
    if event.get("target_name"):
        recipient["entity_text"] = event["target_name"]
    rec: dict[str, Any] = {"id": event["id"], "date": start.isoformat()}
    end = _period_end(dated)
    if end and end != start:
        rec["enddate"] = end.isoformat()  # a month- or year-precise date is a span, not a day
    rec.update(actor=[actor], recipient=[recipient], event=[event["event_type"]], has_event=True)
    if event.get("mode"):
        rec["mode"] = [event["mode"]]
    ctx = context_of(event)
    if ctx:
        rec["context"] = [ctx]
    if spec:
        rec["quad_code"] = QUAD_CODES[spec.quad]
    evidence = event.get("evidence") or []
    if evidence:
        first = evidence[0]
        rec["event_text"] = first["text"]
        rec["text_info"] = {"start": first.get("start"), "end": first.get("end")}
    origin = event.get("origin") or {}
    cite: dict[str, Any] = {"corpus": origin.get("kind") or "text", "codebook": "PLOVER",
                            "coder": event.get("extractor_version") or origin.get("kind") or "axiswatch"}
    if document:
        for key, out in (("url", "url"), ("title", "title"), ("publisher", "publication"),
                         ("language", "language"), ("published", "published")):
            if document.get(key):
                cite[out] = document[key]
        if not cite.get("url") and str(document.get("origin") or "").startswith(("http://", "https://")):
            cite["url"] = document["origin"]
    rec["cite_info"] = cite
    rec["coder"] = "axiswatch"
    rec["axiswatch"] = {
        "commodity": event.get("commodity"), "quantity": event.get("quantity"), "certainty": event.get("certainty"),
        "confidence": event.get("confidence"), "date": event.get("date"), "date_from": date_from,
        "document_id": origin.get("document_id"), "evidence": evidence,
    }
    return rec


def polecat_records(events: Iterable[dict[str, Any]], documents: dict[str, dict[str, Any]] | None = None,
                    count: ExportCount | None = None) -> Iterator[dict[str, Any]]:
    """POLECAT-style records of events; undated events are counted in ``count`` and left out."""
    documents = documents or {}
    for ev in events:
        doc_id = (ev.get("origin") or {}).get("document_id")
        rec = polecat_record(ev, documents.get(doc_id) if doc_id else None)
        if rec is None:
            if count is not None:
                count.skip("no event or publication date (POLECAT records need one)")
            continue
        if count is not None:
            count.written += 1
        yield rec


@cache
def _codes_by_type() -> dict[str, list[CameoMapping]]:
    out: dict[str, list[CameoMapping]] = {}
    for m in load_cameo_map().values():
        if m.mapped:
            out.setdefault(m.plover_type, []).append(m)
    return out


def cameo_code(event: dict[str, Any]) -> CameoMapping | None:
    """The CAMEO code that best fits a PLOVER event (reverse of our crosswalk); None if its type has none."""
    candidates = _codes_by_type().get(event.get("event_type") or "")
    if not candidates:
        return None
    mode = event.get("mode") or ""
    ctx = context_of(event) or ""
    default = DEFAULT_CODE.get((event["event_type"], mode or None)) or DEFAULT_CODE.get((event["event_type"], None))

    def rank(m: CameoMapping) -> tuple[int, int, int, int, str]:
        score = (3 if mode and m.mode == mode else 0) + (2 if ctx and m.context == ctx else 0)
        # with nothing to go on: the "not specified below" code (three digits ending in 0), not the root
        unspecified = 1 if len(m.code) == 3 and m.code.endswith("0") else 0
        return (-score, -(m.code == default), -unspecified, len(m.code), m.code)

    return min(candidates, key=rank)


def quad_class(code: str) -> int:
    """CAMEO QuadClass of a code from its root: 01-05 verbal and 06-09 material cooperation, 10-14, 15-20."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def cameo_rows(events: Iterable[dict[str, Any]], count: ExportCount | None = None) -> Iterator[dict[str, Any]]:
    """GDELT-style CAMEO-coded rows of events where a mapping exists; others are counted and left out."""
    for ev in events:
        m = cameo_code(ev)
        if m is None:
            if count is not None:
                count.skip(f"no CAMEO code for {ev.get('event_type')}")
            continue
        start = date_start(ev.get("date"))
        q = ev.get("quantity") or {}
        evidence = ev.get("evidence") or []
        row = {
            "event_id": ev["id"], "date": ev.get("date"), "sqldate": start.strftime("%Y%m%d") if start else None,
            "actor1_code": ev["source"], "actor1_name": ev.get("source_name"), "actor2_code": ev["target"],
            "actor2_name": ev.get("target_name"), "event_code": m.code, "event_base_code": m.code[:3],
            "event_root_code": m.code[:2], "quad_class": quad_class(m.code), "cameo_label": m.label,
            "plover_type": ev["event_type"], "mode": ev.get("mode"), "commodity": ev.get("commodity"),
            "quantity_value": q.get("value"), "quantity_unit": q.get("unit"), "certainty": ev.get("certainty"),
            "confidence": ev.get("confidence"), "document_id": (ev.get("origin") or {}).get("document_id"),
            "evidence": evidence[0]["text"] if evidence else None,
        }
        if count is not None:
            count.written += 1
        yield row
