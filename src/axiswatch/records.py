"""The typed records every stage passes on.

Stages are plain functions over these records (``Iterable[Document] -> Iterator[Event]``).
``Event.to_dict()`` gives the ONTOLOGY.md JSON form used by the stateless extractor,
``axiswatch events --format jsonl`` and the evaluation files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from axiswatch.ids import make_id


@dataclass(slots=True)
class Document:
    """One text: an article, a report page, a feed entry, a line of a JSON-lines corpus."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY; None when unknown
    published_from: str = "unknown"  # metadata | text | given | unknown
    origin: str | None = None  # path or URL it came from
    url: str | None = None  # canonical URL when known
    publisher: str | None = None
    author: str | None = None
    language: str | None = None
    kind: str = "text"  # text | html | pdf | jsonl | feed
    content_hash: str | None = None
    retrieved_at: str | None = None  # ISO timestamp
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Evidence:
    """The sentence that carries an event, with its exact character span in the document text."""

    text: str
    start: int
    end: int
    document_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{document_id, text, start, end}``."""
        return {"document_id": self.document_id, "text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Quantity:
    """An amount with its unit: ``6000000 artillery shells``."""

    value: float
    unit: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form; whole numbers stay integers."""
        v: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": v, "unit": self.unit}


@dataclass(slots=True)
class Event:
    """One PLOVER event with its flow, date, quantity, certainty and evidence."""

    event_type: str
    source: str
    target: str
    mode: str | None = None
    commodity: str | None = None
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    quantity: Quantity | None = None
    certainty: str = "reported"
    confidence: float = 0.5
    source_name: str | None = None
    target_name: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    document_id: str | None = None
    origin_kind: str = "text"  # text | gdelt | acled | polecat | unvotes | ais | sanctions | ...
    origin: dict[str, Any] = field(default_factory=dict)  # dataset, file, row key, ...
    extractor_version: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def key(self) -> tuple[str, str, str, str | None, str | None]:
        """The ONTOLOGY's identity of an event within one document."""
        return (self.event_type, self.source, self.target, self.commodity, self.date)

    @property
    def id(self) -> str:
        """Content-derived id: the same event from the same origin always has the same id."""
        anchor = self.document_id or self.origin.get("key") or ""
        return make_id("ev", self.origin_kind, anchor, *self.key())

    def to_dict(self) -> dict[str, Any]:
        """The ONTOLOGY.md JSON form, plus ``confidence``, ``id`` and ``origin``."""
        out: dict[str, Any] = {
            "id": self.id,
            "event_type": self.event_type,
            "mode": self.mode,
            "source": self.source,
            "target": self.target,
            "source_name": self.source_name,
            "target_name": self.target_name,
            "commodity": self.commodity,
            "date": self.date,
            "quantity": self.quantity.to_dict() if self.quantity else None,
            "certainty": self.certainty,
            "confidence": round(self.confidence, 4),
            "evidence": [e.to_dict() for e in self.evidence],
            "origin": {"kind": self.origin_kind, "document_id": self.document_id, **self.origin},
        }
        if self.extractor_version:
            out["extractor_version"] = self.extractor_version
        return out


@dataclass(slots=True)
class Rejected:
    """An input that was refused: where it was and why. Counted in run summaries."""

    where: str
    reason: str
    sample: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)
