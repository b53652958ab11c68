"""Scoring extraction against a gold file in the ONTOLOGY.md format.

Events are matched one-to-one within a document on (event_type, source, target).
When a document holds several events of one (type, source, target), gold and
predicted events are paired by an optimal assignment that agrees most on
commodity, then date month, then quantity and certainty; the number of matches
(and so F1) does not depend on the pairing, only the attribute accuracies do.
(Until November 2026 the pairing was greedy in gold order, which could pair two
flows of one dyad crosswise.) On matched events we report the accuracy of
commodity, date month, quantity and certainty. Precision, recall and F1 are
micro-averaged over all events and per type.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scipy.optimize import linear_sum_assignment

from axiswatch.errors import InputError


@dataclass
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class EvalReport:
    """Scores of one evaluation."""

    overall: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    attr_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    matched: int = 0
    documents: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def accuracy(self, attr: str) -> float:
        """Share of matched events whose attribute agrees with gold."""
        return self.attr_right[attr] / self.matched if self.matched else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "documents": self.documents,
            "overall": self.overall.to_dict(),
            "matched": self.matched,
            "accuracy": {a: round(self.accuracy(a), 4) for a in ("commodity", "date_month", "quantity",
                                                                  "certainty")},
            "per_type": {t: c.to_dict() for t, c in sorted(self.per_type.items())},
        }


def _month(d: Any) -> str | None:
    return str(d)[:7] if d else None


def _qty(q: Any) -> float | None:
    if not q:
        return None
    try:
        return float(q["value"])
    except (KeyError, TypeError, ValueError):
        return None


def _same_qty(a: Any, b: Any) -> bool:
    qa, qb = _qty(a), _qty(b)
    if qa is None or qb is None:
        return qa is None and qb is None
    return abs(qa - qb) <= 0.01 * max(abs(qa), abs(qb))


def _agreement(g: dict[str, Any], p: dict[str, Any]) -> dict[str, bool]:
    return {
        "commodity": p.get("commodity") == g.get("commodity"),
        "date_month": _month(p.get("date")) == _month(g.get("date")),
        "quantity": _same_qty(p.get("quantity"), g.get("quantity")),
        "certainty": p.get("certainty") == g.get("certainty"),
    }


# commodity outweighs all the rest, date month the two after it: the pairing an annotator would draw
_WEIGHTS = {"commodity": 8, "date_month": 4, "quantity": 2, "certainty": 1}


def _pairing(golds: list[dict[str, Any]], preds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(gold index, pred index) pairs of one (type, source, target): as many as possible, agreeing most."""
    if len(golds) == 1 and len(preds) == 1:
        return [(0, 0)]
    weight = [[sum(_WEIGHTS[a] for a, ok in _agreement(g, p).items() if ok) for p in preds] for g in golds]
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)]


def match_events(gold_events: list[dict[str, Any]], pred_events: list[dict[str, Any]]) -> dict[int, int]:
    """One document's matches: gold index -> predicted index, within each (type, source, target) by the
    pairing that agrees most on the attributes."""
    by_key_gold: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    by_key_pred: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, g in enumerate(gold_events):
        by_key_gold[(g["event_type"], g["source"], g["target"])].append(i)
    for k, p in enumerate(pred_events):
        by_key_pred[(p["event_type"], p["source"], p["target"])].append(k)
    match: dict[int, int] = {}
    for key, gi in by_key_gold.items():
        pk = by_key_pred.get(key, [])
        if pk:
            for r, c in _pairing([gold_events[i] for i in gi], [pred_events[k] for k in pk]):
                match[gi[r]] = pk[c]
    return match


def score_documents(gold: dict[str, list[dict[str, Any]]], pred: dict[str, list[dict[str, Any]]],
                    keep_errors: bool = False) -> EvalReport:
    """Score predicted events against gold events, both keyed by document id."""
    rep = EvalReport()
    for doc_id, gold_events in gold.items():
        rep.documents += 1
        pred_events = list(pred.get(doc_id, []))
        match = match_events(gold_events, pred_events)
        used = set(match.values())
        for i, g in enumerate(gold_events):
            if i not in match:
                rep.overall.fn += 1
                rep.per_type[g["event_type"]].fn += 1
                if keep_errors:
                    rep.errors.append({"doc": doc_id, "kind": "missed", "gold": g})
                continue
            p = pred_events[match[i]]
            rep.overall.tp += 1
            rep.per_type[g["event_type"]].tp += 1
            rep.matched += 1
            for a, ok in _agreement(g, p).items():
                rep.attr_right[a] += ok
                if keep_errors and not ok:
                    rep.errors.append({"doc": doc_id, "kind": f"wrong_{a}", "gold": g, "pred": p})
        for k, p in enumerate(pred_events):
            if k not in used:
                rep.overall.fp += 1
                rep.per_type[p["event_type"]].fp += 1
                if keep_errors:
                    rep.errors.append({"doc": doc_id, "kind": "spurious", "pred": p})
    return rep


def read_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    """A gold file: one ``{"id", "events": [...]}`` per line."""
    out: dict[str, list[dict[str, Any]]] = {}
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read gold file: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            events = obj["events"]
            for e in events:
                for f in ("event_type", "source", "target"):
                    if not isinstance(e.get(f), str):
                        raise KeyError(f)
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}", f"not a gold line ({exc})") from exc
        out[str(obj["id"])] = events
    return out
