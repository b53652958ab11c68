"""Scoring extraction against a gold file in the ONTOLOGY.md format.

Events are matched one-to-one within a document on (event_type, source, target);
among candidates the one that also agrees on commodity and date wins. On
matched events we report the accuracy of commodity, date month, quantity and
certainty. Precision, recall and F1 are micro-averaged over all events and per type.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def score_documents(gold: dict[str, list[dict[str, Any]]], pred: dict[str, list[dict[str, Any]]],
                    keep_errors: bool = False) -> EvalReport:
    """Score predicted events against gold events, both keyed by document id."""
    rep = EvalReport()
    for doc_id, gold_events in gold.items():
        rep.documents += 1
        pred_events = list(pred.get(doc_id, []))
        used = [False] * len(pred_events)
        for g in gold_events:
            key = (g["event_type"], g["source"], g["target"])
            best, best_score = None, -1
            for k, p in enumerate(pred_events):
                if used[k] or (p["event_type"], p["source"], p["target"]) != key:
                    continue
                s = (p.get("commodity") == g.get("commodity")) * 2 + (_month(p.get("date")) == _month(g.get("date")))
                if s > best_score:
                    best, best_score = k, s
            if best is None:
                rep.overall.fn += 1
                rep.per_type[g["event_type"]].fn += 1
                if keep_errors:
                    rep.errors.append({"doc": doc_id, "kind": "missed", "gold": g})
                continue
            used[best] = True
            p = pred_events[best]
            rep.overall.tp += 1
            rep.per_type[g["event_type"]].tp += 1
            rep.matched += 1
            checks = {
                "commodity": p.get("commodity") == g.get("commodity"),
                "date_month": _month(p.get("date")) == _month(g.get("date")),
                "quantity": _same_qty(p.get("quantity"), g.get("quantity")),
                "certainty": p.get("certainty") == g.get("certainty"),
            }
            for a, ok in checks.items():
                rep.attr_right[a] += ok
                if keep_errors and not ok:
                    rep.errors.append({"doc": doc_id, "kind": f"wrong_{a}", "gold": g, "pred": p})
        for k, p in enumerate(pred_events):
            if not used[k]:
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
