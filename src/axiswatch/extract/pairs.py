"""The learned pair classifier: a second reader for what the sentence rules miss.

For every ordered pair of actors a sentence names (after coreference), one logistic model per PLOVER type
scores whether the sentence reports an event of that type from the first to the second. The features are
the sentence's words, the words between and around the two mentions, the mentions' kinds, the speakers and
the types the rules coded in the same sentence. The weights are trained on the development gold sets by
``benchmarks/train_pairs.py`` (scikit-learn, a development dependency only) and ship as JSON in
``axiswatch/data/models/pair_model.json``; scoring gathers the rows of the features present and sums them
(NumPy).

The engine adds a pair's event when the rules coded no event of that (type, source, target) anywhere in the
document, or, scored at least ``repeat``, when the document's events of that (type, source, target) all differ
from it in month or cargo (another shipment, another visit); never when the rules ruled that type out in the
sentence (a denial, a negation, a condition, a forecast). It also drops a rule's event whose own pair the model
scores below ``doubt`` for that sentence.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from axiswatch.extract.actors import Mention
from axiswatch.extract.text import Token

MODEL_FILE = "pair_model.json"
_MAIN = frozenset(("RUS", "PRK"))


def _dyad_kind(a: str, b: str, main: frozenset[str]) -> str:
    pair = {a, b}
    if pair == main:
        return "main"
    return "one" if pair & main else "none"


def pair_features(toks: Sequence[Token], mentions: Sequence[Mention], speakers: Iterable[str],
                  coded: Iterable[tuple[str, str, str]], a: str, b: str, n_codes: int,
                  main: frozenset[str] = _MAIN,
                  triggers: Sequence[tuple[int, frozenset[str]]] = (), words: bool = True) -> dict[str, float]:
    """The features of (sentence, source ``a``, target ``b``); ``triggers`` are the lexicon's trigger words
    (token index, the event types they can express), whether or not the rules coded them. With ``words``
    false the sentence's own words (``sentence_features``, the same for every pair) are left out."""
    low = [t.lower for t in toks]
    f: dict[str, float] = sentence_features(toks) if words else {}
    f["dyad=" + _dyad_kind(a, b, main)] = 1.0
    f["a=" + a] = 1.0
    f["b=" + b] = 1.0
    ma = [m for m in mentions if m.code == a]
    mb = [m for m in mentions if m.code == b]
    if ma and mb:
        x, y = min(((p, q) for p in ma for q in mb), key=lambda pq: abs(pq[0].i - pq[1].i))
        f["ka=" + x.kind] = 1.0
        f["kb=" + y.kind] = 1.0
        forward = x.i < y.i
        lo, hi = (x.j, y.i) if forward else (y.j, x.i)
        f["a_first"] = float(forward)
        between = low[lo:hi]
        f["dist"] = min(len(between), 30) / 30
        for w in set(between):
            f["bw=" + w + ("" if forward else "_r")] = 1.0
        for w in low[max(0, x.i - 3):x.i]:
            f["pa=" + w] = 1.0
        for w in low[max(0, y.i - 3):y.i]:
            f["pb=" + w] = 1.0
        for w in low[x.j:x.j + 2]:
            f["na=" + w] = 1.0
        for w in low[y.j:y.j + 2]:
            f["nb=" + w] = 1.0
        for at, types in triggers:
            where = "tb=" if lo <= at < hi else "ta=" if at >= max(x.j, y.j) else "tf="
            for t in types:
                f[where + t] = 1.0
    else:
        f["missing=" + ("" if ma else "a") + ("" if mb else "b")] = 1.0
        for _, types in triggers:
            for t in types:
                f["t=" + t] = 1.0
    any_coded = False
    for etype, src, tgt in coded:
        any_coded = True
        if (src, tgt) == (a, b):
            f["r_ab=" + etype] = 1.0
        elif (src, tgt) == (b, a):
            f["r_ba=" + etype] = 1.0
        else:
            f["r_any=" + etype] = 1.0
    if not any_coded:
        f["r_none"] = 1.0
    spk = set(speakers)
    if a in spk:
        f["spk_a"] = 1.0
    if b in spk:
        f["spk_b"] = 1.0
    f[f"nc={min(n_codes, 5)}"] = 1.0
    return f


def sentence_features(toks: Sequence[Token]) -> dict[str, float]:
    """The features every pair of a sentence shares: its words."""
    return {"w=" + w: 1.0 for w in {t.lower for t in toks}}


def candidate_codes(mentions: Sequence[Mention], coded: Iterable[tuple[str, str, str]]) -> list[str]:
    """The actors a pair can be made of: those named in the sentence and those the rules coded there."""
    codes = {m.code for m in mentions}
    for _, src, tgt in coded:
        codes.update((src, tgt))
    return sorted(codes)


@dataclass(frozen=True)
class PairModel:
    """One logistic model per event type over shared sparse features."""

    types: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float
    trained_on: tuple[str, ...] = ()
    doubt: float = 0.0  # a rule's event scored below this for its own sentence is dropped
    # a pair scored at least this adds an event even when the document has one of its (type, source, target),
    # if it differs from all of them in month or cargo ("shells in 2023 ... missiles in January"); 1: never
    repeat: float = 1.0
    _index: dict[str, int] = field(init=False, repr=False, compare=False)
    _matrix: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {name: k for k, name in enumerate(self.weights)})
        rows = np.array(list(self.weights.values()), dtype=np.float64).reshape(len(self.weights), len(self.types))
        object.__setattr__(self, "_matrix", rows)

    def scores(self, feats: dict[str, float]) -> dict[str, float]:
        """The probability of each event type for one pair."""
        return dict(zip(self.types, (float(p) for p in self.scores_many([feats])[0]), strict=True))

    def scores_many(self, many: Sequence[dict[str, float]], shared: dict[str, float] | None = None) -> Any:
        """The probabilities of every type for several pairs at once: an array, one row per pair, one column
        per type. ``shared`` holds features every pair has (the sentence's words), summed once."""
        index = self._index
        z = np.asarray(self.bias, dtype=np.float64) + self._sum(shared or {}, index)
        out = np.empty((len(many), len(self.types)))
        for row, feats in enumerate(many):
            out[row] = z + self._sum(feats, index)
        return 1.0 / (1.0 + np.exp(-np.clip(out, -30.0, 30.0)))

    def _sum(self, feats: dict[str, float], index: dict[str, int]) -> Any:
        ones = [index[n] for n, v in feats.items() if v == 1.0 and n in index]
        total = self._matrix[ones].sum(axis=0) if ones else np.zeros(len(self.types))
        for n, v in feats.items():
            if v != 1.0 and n in index:
                total = total + v * self._matrix[index[n]]
        return total

    def to_dict(self) -> dict[str, Any]:
        return {"format": 1, "types": list(self.types), "bias": list(self.bias), "threshold": self.threshold,
                "doubt": self.doubt, "repeat": self.repeat,
                "trained_on": list(self.trained_on), "weights": {k: list(v) for k, v in self.weights.items()}}

    @classmethod
    def from_dict(cls, d: dict[str, Any], name: str = MODEL_FILE) -> PairModel:
        """The model of a JSON object; ``name`` (the file it came from) is named in any error."""
        if d.get("format") != 1:
            raise ValueError(f"{name}: unknown format {d.get('format')!r}")
        types = tuple(d["types"])
        weights = {k: tuple(float(x) for x in v) for k, v in d["weights"].items()}
        if any(len(v) != len(types) for v in weights.values()) or len(d["bias"]) != len(types):
            raise ValueError(f"{name}: weight rows do not match the {len(types)} types")
        return cls(types, tuple(float(x) for x in d["bias"]), weights, float(d["threshold"]),
                   tuple(d.get("trained_on", ())), float(d.get("doubt", 0.0)), float(d.get("repeat", 1.0)))


def _model_path(name: str) -> Any:
    return resources.files("axiswatch") / "data" / "models" / name


def load_model(name: str) -> PairModel | None:
    """A shipped model file of ``axiswatch/data/models/``, or None when the package has none."""
    path = _model_path(name)
    if not path.is_file():
        return None
    return PairModel.from_dict(json.loads(path.read_text(encoding="utf-8")), name)


def models_digest(names: Sequence[str]) -> str:
    """Eight hex digits that change whenever one of the shipped model files ``names`` changes (or appears or
    goes): part of the extractor's version, so a retrained model re-codes what the old one coded."""
    h = hashlib.sha256()
    for name in names:
        path = _model_path(name)
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    return h.hexdigest()[:8]


@lru_cache(maxsize=1)
def load_pair_model() -> PairModel | None:
    """The shipped model, or None when the package has none (the rules then run alone)."""
    return load_model(MODEL_FILE)
