"""Train the learned date fallback (src/axiswatch/extract/dating.py) on the development gold sets.

    python benchmarks/train_dates.py          # train on all development sets, write the shipped model
    python benchmarks/train_dates.py --cv     # leave one set out: date month and F1 with and without it

Needs scikit-learn (a development dependency; the shipped model is plain JSON). The held-out sets are never
read here. Each undated, non-speculative event the extractor (without this model) codes and the scorer pairs
with a gold event is one example: positive when the gold event falls in the month of publication.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from axiswatch.extract.dates import parse_published
from axiswatch.extract.dating import MODEL_FILE, apply_date_model, date_candidates, date_features
from axiswatch.extract.engine import Extractor
from axiswatch.extract.evaluate import match_events, read_gold, score_documents
from axiswatch.extract.pairs import PairModel
from axiswatch.extract.run import read_documents_jsonl
from axiswatch.extract.text import clean_text
from axiswatch.profiles import load_profile
from axiswatch.records import Event

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_gate import ROOT, SETS  # noqa: E402

DEV = [s for s in SETS if s.startswith("dev_")]
C = 1.0  # inverse L2 strength, chosen by leave-one-set-out on the development sets (0.3-3 within 0.03)
THRESHOLD = 0.4  # likewise: an undated event scored at least this is dated
MIN_COUNT = 2  # a feature seen once in training carries no weight
OUT = ROOT / "src" / "axiswatch" / "data" / "models" / MODEL_FILE

Doc = tuple[str, str, Any, list[Event]]  # id, cleaned text, publication date, events


def coded(name: str) -> list[Doc]:
    """The extractor's events for every document of one set, without the date model."""
    ex = Extractor(load_profile())
    ex.dates = None
    docs = list(read_documents_jsonl(SETS[name][0], []))
    out: list[Doc] = []
    for k in range(0, len(docs), 32):
        batch = docs[k:k + 32]
        for d, evs in zip(batch, ex.extract_many(batch), strict=True):
            pub = parse_published(d.published) if len(d.published or "") >= 7 else None
            out.append((d.id, clean_text(d.text or ""), pub, evs))
    return out


def examples(name: str, docs: list[Doc]) -> tuple[list[dict[str, float]], list[bool]]:
    """Features and labels of the undated events the scorer pairs with a gold event."""
    gold = read_gold(SETS[name][1])
    feats: list[dict[str, float]] = []
    labels: list[bool] = []
    for doc_id, text, pub, events in docs:
        todo = {id(e) for e in date_candidates(events, pub)}
        if not todo or pub is None:
            continue
        month = f"{pub.year:04d}-{pub.month:02d}"
        golds = gold.get(doc_id, [])
        for gi, pi in match_events(golds, [e.to_dict() for e in events]).items():
            e = events[pi]
            if id(e) in todo:
                feats.append(date_features(e, events, text, month))
                labels.append(str(golds[gi].get("date") or "")[:7] == month)
    return feats, labels


def train(feats: list[dict[str, float]], ys: list[bool], c: float = C, threshold: float = THRESHOLD,
          trained_on: list[str] | None = None) -> PairModel:
    counts = Counter(k for f in feats for k in f)
    keep = [{k: v for k, v in f.items() if counts[k] >= MIN_COUNT} for f in feats]
    vec = DictVectorizer()
    x = vec.fit_transform(keep)
    m = LogisticRegression(C=c, max_iter=3000).fit(x, np.array(ys))
    weights = {str(n): (round(float(w), 4),) for n, w in zip(vec.get_feature_names_out(), m.coef_[0], strict=True)
               if abs(w) >= 1e-4}
    return PairModel(("pub",), (round(float(m.intercept_[0]), 4),), weights, threshold, tuple(trained_on or ()))


def _score(name: str, docs: list[Doc], model: PairModel | None) -> Any:
    pred = {}
    for doc_id, text, pub, events in docs:
        evs = copy.deepcopy(events)
        if model is not None:
            evs = apply_date_model(model, evs, text, pub)
        pred[doc_id] = [e.to_dict() for e in evs]
    return score_documents(read_gold(SETS[name][1]), pred)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv", action="store_true", help="leave one development set out and report")
    ap.add_argument("--thresholds", default="0.3,0.4,0.5")
    ap.add_argument("-C", type=float, default=C, help="inverse L2 strength (default %(default)s)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = {name: coded(name) for name in DEV}
    data = {name: examples(name, docs[name]) for name in DEV}
    print(f"examples: {sum(len(f) for f, _ in data.values())} undated matched events, "
          f"{sum(sum(y) for _, y in data.values())} dated in the month of publication by the gold "
          f"({time.perf_counter() - t0:.0f} s)")
    if not args.cv:
        model = train([f for n in DEV for f in data[n][0]], [y for n in DEV for y in data[n][1]], trained_on=DEV)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(model.to_dict(), separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}: {len(model.weights)} features, threshold {model.threshold}")
        return
    ths = [float(x) for x in args.thresholds.split(",")]
    print("set       without: F1 date | " + " | ".join(f"th {t}: F1 date" for t in ths))
    total = np.zeros((len(ths), 2))
    for name in DEV:
        rest = [n for n in DEV if n != name]
        model = train([f for n in rest for f in data[n][0]], [y for n in rest for y in data[n][1]], args.C)
        base = _score(name, docs[name], None)
        row = []
        for k, th in enumerate(ths):
            rep = _score(name, docs[name], PairModel(model.types, model.bias, model.weights, th))
            total[k] += (rep.overall.f1 - base.overall.f1, rep.accuracy("date_month") - base.accuracy("date_month"))
            row.append(f"{rep.overall.f1:.3f} {rep.accuracy('date_month'):.3f}")
        print(f"{name:8}  {base.overall.f1:.3f} {base.accuracy('date_month'):.3f} | " + " | ".join(row), flush=True)
    print("sums of changes (F1, date month): " + "  ".join(f"th {t}: {d[0]:+.3f} {d[1]:+.3f}"
                                                         for t, d in zip(ths, total, strict=True)))


if __name__ == "__main__":
    main()
