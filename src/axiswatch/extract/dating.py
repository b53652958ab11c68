"""The learned date fallback: is an event the text leaves undated news of the month it was published?

The rules date an event from the words of its sentence and the occasion the story just told, and leave it
undated (``null``) when neither gives a time. Annotators following ONTOLOGY.md date many such events all
the same, because the story does: a reaction told after a dated meeting, a statement in a news lead, the
thanks that answer yesterday's veto. One logistic model (``benchmarks/train_dates.py``, trained on the
development gold sets) reads the undated event's type and certainty, its sentence's words, where the
sentence sits in the document and how the document's other events are dated, and gives the probability
that the event happened in the month of publication. Above the model's threshold the event takes the date
of the nearest event before it dated in that month (the occasion it continues), else the month of
publication itself. Speculative events (plans, forecasts) are never dated this way: the guide keeps them
undated.

The model ships as ``axiswatch/data/models/date_model.json`` in the pair classifier's format (one "type",
``pub``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from axiswatch.extract.pairs import PairModel, load_model
from axiswatch.records import Event

MODEL_FILE = "date_model.json"
_WORD = re.compile(r"[a-z']+")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s")


def _month(d: str | None) -> str | None:
    return d[:7] if d else None


def sentence_index(text: str, start: int) -> int:
    """How many sentences of ``text`` come before offset ``start``."""
    return len(_SENTENCE_END.findall(text, 0, start))


def date_features(event: Event, events: Sequence[Event], text: str, published: str) -> dict[str, float]:
    """The features of one undated event among the document's ``events``; ``published`` is ``YYYY-MM``."""
    start = event.evidence[0].start if event.evidence else 0
    sentence = event.evidence[0].text if event.evidence else ""

    def kind(d: str | None) -> str:
        return "none" if d is None else "pub" if _month(d) == published else "other"

    dated = [(e.evidence[0].start, e.date) for e in events if e.date and e.evidence]
    before = [d for s, d in sorted(dated) if s < start]
    after = [d for s, d in sorted(dated) if s > start]
    same = [d for s, d in dated if s == start]
    low = _WORD.findall(sentence.lower())
    f: dict[str, float] = {
        "t=" + event.event_type: 1.0, "c=" + event.certainty: 1.0,
        f"idx={min(sentence_index(text, start), 6)}": 1.0,
        "prev=" + kind(before[-1] if before else None): 1.0,
        "same=" + kind(same[0] if same else None): 1.0,
        "next=" + kind(after[0] if after else None): 1.0,
        "anypub": float(any(_month(d) == published for _, d in dated)),
        "ndated": min(len(dated), 8) / 8,
        f"tw={event.event_type}_{'has' if {'has', 'have'} & set(low) else 'no'}": 1.0,
    }
    for w in set(low):
        f["w=" + w] = 1.0
    for a, b in zip(low, low[1:], strict=False):
        f["b=" + a + "_" + b] = 1.0
    return f


def date_candidates(events: Sequence[Event], published: date | None) -> list[Event]:
    """The events the model may date: undated, not speculative, in a document with a publication date."""
    if published is None:
        return []
    return [e for e in events if e.date is None and e.certainty != "speculative" and e.evidence]


def apply_date_model(model: PairModel, events: list[Event], text: str, published: date | None) -> list[Event]:
    """Date the undated events the model finds to be news of the month of publication (see the module's
    docstring); returns the events, in order, with any that now share a key merged into the first."""
    todo = date_candidates(events, published)
    if not todo or published is None:
        return events
    pub = f"{published.year:04d}-{published.month:02d}"
    probs = model.scores_many([date_features(e, events, text, pub) for e in todo])[:, 0]
    chosen = {id(e): p for e, p in zip(todo, probs, strict=True) if p >= model.threshold}
    if not chosen:
        return events
    dated = sorted((e.evidence[0].start, e.date) for e in events if e.date and e.evidence and _month(e.date) == pub)
    for e in events:
        if id(e) in chosen:
            start = e.evidence[0].start
            before = [d for s, d in dated if s < start]
            e.date = before[-1] if before else pub
            e.confidence = round(min(e.confidence, 0.9 * float(chosen[id(e)])), 3)
    merged: dict[tuple[str, str, str, str | None, str | None], Event] = {}
    for e in events:
        have = merged.get(e.key())
        if have is None:
            merged[e.key()] = e
        else:
            absorb(have, e)
    return list(merged.values())


_CERT_RANK = {"confirmed": 0, "reported": 1, "alleged": 2, "speculative": 3}


def absorb(have: Event, other: Event) -> None:
    """Fold ``other``, an event of the same key, into ``have``: its evidence, a quantity ``have`` lacks, the
    firmer certainty, the higher confidence."""
    for ev in other.evidence:
        if all(e.start != ev.start for e in have.evidence):
            have.evidence.append(ev)
    if have.quantity is None and other.quantity is not None:
        have.quantity = other.quantity
    if _CERT_RANK.get(other.certainty, 9) < _CERT_RANK.get(have.certainty, 9):
        have.certainty = other.certainty
    have.confidence = max(have.confidence, other.confidence)


@lru_cache(maxsize=1)
def load_date_model() -> PairModel | None:
    """The shipped model, or None when the package has none (undated events then stay undated)."""
    return load_model(MODEL_FILE)
