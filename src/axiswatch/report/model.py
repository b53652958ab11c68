"""The brief as data: sections of cited sentences, tables, numbered sources.

A ``Sentence`` carries the ``Citation``s of the evidence it rests on; a
``Paragraph`` is a ``finding`` (it states something, so it must cite) or a
``note`` (it says what is missing or how the brief was made, and states no
fact about the world). Citations are numbered by source in order of first use,
and each points at one stored evidence sentence (its anchor), so HTML and PDF
can link a marker to the sentence and Markdown can print ``[3]``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from axiswatch.analysis.confidence import DATASET_GRADES
from axiswatch.store.workspace import Workspace

# ISO 3166-3 former states whose acts are the history of a successor in the dyad
# (the Soviet Union's treaties with the DPRK are the background of Russia's, not a third party's).
PREDECESSORS: dict[str, str] = {"SUN": "RUS", "CSK": "CZE", "YUG": "SRB", "DDR": "DEU"}
# A hostile or broken document must not blow the brief up: quotes and titles are clipped.
MAX_EXCERPT = 800
MAX_TITLE = 300


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Citation:
    """One use of one stored evidence sentence: the source number and the sentence's anchor."""

    number: int
    anchor: str
    document_id: str | None
    text: str
    start: int | None
    end: int | None


@dataclass
class Sentence:
    """One sentence of the brief with the evidence it rests on."""

    text: str
    cites: list[Citation] = field(default_factory=list)


@dataclass
class Paragraph:
    """Sentences that belong together; ``finding`` paragraphs must cite, ``note`` paragraphs state no facts."""

    sentences: list[Sentence]
    kind: str = "finding"

    def citations(self) -> list[Citation]:
        """Every citation of the paragraph, in order."""
        return [c for s in self.sentences for c in s.cites]


@dataclass
class Judgement:
    """A key judgement: estimative words and confidence straight from the analysis, with its basis."""

    text: str
    estimative: str
    confidence: float
    basis: str
    cites: list[Citation] = field(default_factory=list)


@dataclass
class LedgerRow:
    """One ledger line as a table row."""

    source: str
    target: str
    commodity: str
    flow: str
    supplier: str  # the source's display name
    quantity: str
    period: str
    estimative: str
    confidence: float
    events: int
    mentions: int
    contested: int
    cites: list[Citation] = field(default_factory=list)


@dataclass
class FlowSection:
    """'What X gets': the ledger lines towards one side, in prose and as a table."""

    id: str
    title: str
    recipient: str
    paragraphs: list[Paragraph]
    rows: list[LedgerRow]


@dataclass
class WatchRow:
    """An indicator with its status, trend, reason and last evidence."""

    id: str
    name: str
    question: str
    status: str
    trend: str
    reason: str
    escalation: str
    last: Sentence | None


@dataclass
class Excerpt:
    """An evidence sentence quoted under its source; citations link here."""

    anchor: str
    text: str
    start: int | None
    end: int | None


@dataclass
class Source:
    """A numbered source: a document (or a dataset record) with its publisher, date, link and grade."""

    number: int
    key: str
    title: str
    publisher: str | None
    grade: str | None
    published: str | None
    url: str | None
    origin: str | None
    excerpts: list[Excerpt] = field(default_factory=list)

    @property
    def link(self) -> str | None:
        """The URL when it is a web address we may link to (never javascript: or file paths)."""
        for candidate in (self.url, self.origin):
            if candidate and candidate.lower().startswith(("http://", "https://")):
                return candidate
        return None


@dataclass
class Brief:
    """Everything a rendering needs; built by ``build_brief``, rendered by ``render``."""

    title: str
    profile: str
    dyad: tuple[str, str]
    dyad_names: tuple[str, str]
    since: str | None
    until: str | None
    period: str
    as_of: str | None
    counts: dict[str, int]
    scope: list[Paragraph]
    bluf: list[Paragraph]
    judgements: list[Judgement]
    background: list[Paragraph]
    why_now: list[Paragraph]
    flows: list[FlowSection]
    reactions: list[Paragraph]
    watch: list[WatchRow]
    watch_notes: list[Paragraph]
    sources: list[Source]
    missing: list[str]
    charts: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when there is nothing between the two sides to brief on."""
        return self.counts.get("dyad_events", 0) == 0

    def sections(self) -> list[tuple[str, str]]:
        """(anchor, title) of every section, in order: the table of contents."""
        if self.empty:
            return [("bluf", "Bottom line up front"), ("missing", "What is missing"), ("sources", "Sources")]
        out = [("bluf", "Bottom line up front"), ("judgements", "Key judgements"),
               ("background", "Background"), ("why-now", "Why now")]
        out += [(f.id, f.title) for f in self.flows]
        out += [("reactions", "Reactions and implications"), ("watch", "What to watch")]
        if self.missing:
            out.append(("missing", "What is missing"))
        out.append(("sources", "Sources"))
        return out

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph of prose, in order (tests check each finding cites)."""
        out = [*self.scope, *self.bluf, *self.background, *self.why_now]
        for f in self.flows:
            out += f.paragraphs
        return out + [*self.reactions, *self.watch_notes]

    def citations(self) -> list[Citation]:
        """Every citation in the brief: prose, judgements, tables."""
        out = [c for p in self.paragraphs() for c in p.citations()]
        out += [c for j in self.judgements for c in j.cites]
        out += [c for f in self.flows for r in f.rows for c in r.cites]
        out += [c for w in self.watch if w.last for c in w.last.cites]
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the whole brief (the JSON twin of the rendered documents)."""
        out = asdict(self)
        out["sections"] = [{"id": a, "title": t} for a, t in self.sections()]
        out["empty"] = self.empty
        out.pop("charts")
        return out


class CitationRegistry:
    """Numbers sources in order of first citation and gives every evidence sentence one anchor."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._sources: dict[str, Source] = {}
        self._anchors: dict[tuple[str, int | None, int | None, str], str] = {}

    @property
    def sources(self) -> list[Source]:
        """The sources cited so far, by number; each one's quotes in the order they stand in the document."""
        out = sorted(self._sources.values(), key=lambda s: s.number)
        for s in out:
            s.excerpts.sort(key=lambda e: (e.start is None, e.start or 0, e.anchor))
        return out

    def cite(self, evidence: dict[str, Any]) -> Citation:
        """The citation of one evidence dict ``{document_id, text, start, end}`` (as the analysis returns it)."""
        doc = evidence.get("document_id")
        text = str(evidence.get("text") or "")
        start, end = evidence.get("start"), evidence.get("end")
        key = f"doc:{doc}" if doc else self._dataset_key(text, start)
        source = self._sources.get(key)
        if source is None:
            source = self._lookup(key, doc, text, start)
            self._sources[key] = source
        akey = (key, start, end, text)
        anchor = self._anchors.get(akey)
        if anchor is None:
            anchor = f"ev-{source.number}-{len(source.excerpts) + 1}"
            self._anchors[akey] = anchor
            source.excerpts.append(Excerpt(anchor, _clip(text, MAX_EXCERPT), start, end))
        return Citation(source.number, anchor, doc, text, start, end)

    def cite_all(self, evidence: list[dict[str, Any]] | None, limit: int = 2) -> list[Citation]:
        """Citations of the first ``limit`` evidence sentences, one per source."""
        out: list[Citation] = []
        for e in evidence or []:
            c = self.cite(e)
            if all(o.number != c.number for o in out):
                out.append(c)
            if len(out) >= limit:
                break
        return sorted(out, key=lambda c: c.number)  # [3][7], not [7][3]

    def _dataset_key(self, text: str, start: int | None) -> str:
        row = self.ws.fetchone(
            "SELECT e.origin_kind, e.origin FROM evidence v JOIN events e USING (event_id) "
            "WHERE v.document_id IS NULL AND v.text = ? ORDER BY e.event_id LIMIT 1", [text])
        if not row:
            return "record:unknown"
        origin = json.loads(row[1]) if row[1] else {}
        return f"record:{row[0]}:{origin.get('file') or origin.get('list') or origin.get('dataset') or ''}"

    def _lookup(self, key: str, doc: str | None, text: str, start: int | None) -> Source:
        number = len(self._sources) + 1
        if doc:
            row = self.ws.fetchone(
                "SELECT d.title, p.name, p.grade, d.published, d.url, d.origin FROM documents d "
                "LEFT JOIN publishers p USING (publisher_id) WHERE d.document_id = ?", [doc])
            if row:
                return Source(number, key, _clip(row[0] or f"Document {doc}", MAX_TITLE), row[1], row[2], row[3],
                              row[4], row[5])
            return Source(number, key, f"Document {doc} (not in the workspace)", None, None, None, None, None)
        _, kind, where = (key.split(":", 2) + ["", ""])[:3]
        title = f"{kind or 'dataset'} record" + (f" ({where})" if where else "")
        return Source(number, key, title, kind or None, DATASET_GRADES.get(kind), None, None, where or None)
