"""Train the pair classifier (src/axiswatch/extract/pairs.py) on the development gold sets.

    python benchmarks/train_pairs.py          # train on all development sets, write the shipped model
    python benchmarks/train_pairs.py --cv     # leave one set out: F1 and attributes with and without it

Needs scikit-learn (a development dependency; the shipped model is plain JSON). The held-out sets are never
read here. A gold event teaches the (sentence, source, target) whose sentence its evidence quotes; every
other ordered pair of actors in a sentence is a negative for every type.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from axiswatch.extract.engine import Extractor
from axiswatch.extract.evaluate import read_gold, score_documents
from axiswatch.extract.pairs import MODEL_FILE, PairModel
from axiswatch.extract.run import read_documents_jsonl
from axiswatch.profiles import load_profile

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_gate import ROOT, SETS  # noqa: E402

DEV = [s for s in SETS if s.startswith("dev_")]
TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST",
         "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "RETREAT", "CONCEDE")
C = 1.0  # inverse L2 strength, chosen by leave-one-set-out on the development sets (0.25-2 within 0.03)
THRESHOLD = 0.3  # likewise: a pair scored at least this is added where the rules coded nothing
DOUBT = 0.1  # likewise: a rule's event whose own pair scores below this is dropped
REPEAT = 0.4  # likewise: a pair scored this adds another month or cargo of a (type, source, target) already coded
MIN_COUNT = 2  # a feature seen once in training carries no weight
OUT = ROOT / "src" / "axiswatch" / "data" / "models" / MODEL_FILE


def _norm(s: str) -> str:
    return " ".join(s.split())


def _extract(name: str, model: PairModel | None, log: list[Any] | None = None) -> dict[str, list[dict[str, Any]]]:
    ex = Extractor(load_profile())
    ex.pairs, ex.pair_log = model, log
    docs = list(read_documents_jsonl(SETS[name][0], []))
    out: dict[str, list[dict[str, Any]]] = {}
    for k in range(0, len(docs), 32):
        batch = docs[k:k + 32]
        for d, evs in zip(batch, ex.extract_many(batch), strict=True):
            out[d.id] = [e.to_dict() for e in evs]
    return out


def examples(name: str) -> tuple[list[dict[str, float]], list[set[str]]]:
    """Features and gold types of every (sentence, source, target) of one development set."""
    log: list[Any] = []
    _extract(name, None, log)
    gold = read_gold(SETS[name][1])
    labels: dict[tuple[str, int, str, str], set[str]] = defaultdict(set)
    sentences: dict[str, dict[int, str]] = defaultdict(dict)
    for doc, sent, _, _, _ in log:
        sentences[doc][sent.start] = _norm(sent.text)
    for doc, events in gold.items():
        for g in events:
            ev = _norm(g.get("evidence") or "")
            for start, text in sentences.get(doc, {}).items():
                if ev and (text[:40] in ev or ev[:40] in text):
                    labels[(doc, start, g["source"], g["target"])].add(g["event_type"])
    return [f for *_, f in log], [labels.get((doc, s.start, a, b), set()) for doc, s, a, b, _ in log]


def train(feats: list[dict[str, float]], ys: list[set[str]], trained_on: list[str], c: float = C,
          threshold: float = THRESHOLD, doubt: float = DOUBT, repeat: float = REPEAT) -> PairModel:
    counts = Counter(k for f in feats for k in f)
    keep = [{k: v for k, v in f.items() if counts[k] >= MIN_COUNT} for f in feats]
    vec = DictVectorizer()
    x = vec.fit_transform(keep)
    names = vec.get_feature_names_out()
    cols = np.zeros((len(names), len(TYPES)))
    bias = []
    for k, t in enumerate(TYPES):
        y = np.array([t in s for s in ys])
        if y.sum() < 5:
            bias.append(-30.0)  # too few examples to learn from: never proposed
            continue
        m = LogisticRegression(C=c, max_iter=3000).fit(x, y)
        cols[:, k] = m.coef_[0]
        bias.append(round(float(m.intercept_[0]), 4))
    weights = {str(n): tuple(round(float(w), 4) for w in row) for n, row in zip(names, cols, strict=True)
               if np.abs(row).max() >= 1e-4}
    return PairModel(TYPES, tuple(bias), weights, threshold, tuple(trained_on), doubt, repeat)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv", action="store_true", help="leave one development set out and report")
    ap.add_argument("--thresholds", default="0.2,0.3,0.4,0.5")
    ap.add_argument("-C", type=float, default=C, help="inverse L2 strength (default %(default)s)")
    ap.add_argument("--doubt", type=float, default=DOUBT, help="drop rule events scored below (default %(default)s)")
    ap.add_argument("--repeat", type=float, default=REPEAT,
                    help="add another month or cargo of a coded (type, source, target) at (default %(default)s)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    data = {name: examples(name) for name in DEV}
    print(f"examples: {sum(len(f) for f, _ in data.values())} pairs, "
          f"{sum(bool(y) for _, ys in data.values() for y in ys)} with an event ({time.perf_counter() - t0:.0f} s)")
    if not args.cv:
        model = train([f for n in DEV for f in data[n][0]], [y for n in DEV for y in data[n][1]], DEV)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(model.to_dict(), separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}: {len(model.weights)} features, threshold {model.threshold}, "
              f"doubt {model.doubt}, repeat {model.repeat}")
        return
    ths = [float(x) for x in args.thresholds.split(",")]
    attrs = ("commodity", "date_month", "quantity", "certainty")
    print("set       rules F1 | " + " | ".join(f"th {t}: F1 (date, com)" for t in ths))
    total = np.zeros(len(ths))
    for name in DEV:
        rest = [n for n in DEV if n != name]
        model = train([f for n in rest for f in data[n][0]], [y for n in rest for y in data[n][1]], rest, args.C,
                      doubt=args.doubt, repeat=args.repeat)
        gold = read_gold(SETS[name][1])
        base = score_documents(gold, _extract(name, None))
        row = []
        for k, th in enumerate(ths):
            rep = score_documents(gold, _extract(name, replace(model, threshold=th)))
            total[k] += rep.overall.f1 - base.overall.f1
            row.append(f"{rep.overall.f1:.3f} ({rep.accuracy('date_month'):.3f}, {rep.accuracy('commodity'):.3f})")
        print(f"{name:8}  {base.overall.f1:.3f} ({base.accuracy(attrs[1]):.3f}, {base.accuracy(attrs[0]):.3f}) | "
              + " | ".join(row), flush=True)
    print("sum of F1 changes: " + "  ".join(f"th {t}: {d:+.3f}" for t, d in zip(ths, total, strict=True)))


if __name__ == "__main__":
    main()
