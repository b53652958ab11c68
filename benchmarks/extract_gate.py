"""Compute the extractor's scores on the development gold sets (and the two held-out sets, reported only).

    python benchmarks/extract_gate.py            # print the scores
    python benchmarks/extract_gate.py --write    # pin them in benchmarks/extract_baseline.json

The test suite (tests/extract/test_quality_gate.py) fails when a dev score drops below the pinned value.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from axiswatch.extract.evaluate import read_gold, score_documents
from axiswatch.extract.run import ExtractSummary, iter_extract, read_documents_jsonl
from axiswatch.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "src" / "axiswatch" / "data" / "corpus"
# the independent development sets, each in benchmarks/<name>/<name>.{docs,gold}.jsonl, in the order they came
BENCH_DEV = ("dev_c dev_e dev_f dev_g dev_h dev_i dev_j dev_k dev_l dev_m dev_n dev_o dev_p dev_q dev_r dev_s dev_t "
             "dev_u dev_v dev_w dev_x dev_y dev_z dev_aa dev_ab dev_ac dev_ad dev_ae dev_af dev_ag").split()
SETS = {
    "dev_a": (CORPUS / "dev_a.docs.jsonl", CORPUS / "dev_a.gold.jsonl"),
    "dev_b": (CORPUS / "dev_b.docs.jsonl", CORPUS / "dev_b.gold.jsonl"),
    **{n: (ROOT / "benchmarks" / n / f"{n}.docs.jsonl", ROOT / "benchmarks" / n / f"{n}.gold.jsonl")
       for n in BENCH_DEV},
    "heldout_d": (ROOT / "benchmarks" / "heldout_d" / "heldout_d.docs.jsonl",
                  ROOT / "benchmarks" / "heldout_d" / "heldout_d.gold.jsonl"),
    "heldout": (ROOT / "benchmarks" / "heldout" / "heldout.docs.jsonl",
                ROOT / "benchmarks" / "heldout" / "heldout.gold.jsonl"),
}
BASELINE = ROOT / "benchmarks" / "extract_baseline.json"


def scores(name: str) -> dict[str, float]:
    """F1 on (type, source, target) and attribute accuracies for one gold set."""
    docs, gold = SETS[name]
    profile = load_profile()
    summary = ExtractSummary()
    pred = {d.id: [e.to_dict() for e in evs]
            for d, evs in iter_extract(read_documents_jsonl(docs, []), profile, summary)}
    if summary.failed:
        # a crash in the rules must not pass for a lower score
        raise RuntimeError(f"{name}: the extractor failed on {summary.failed} document(s): {summary.rejected[:3]}")
    rep = score_documents(read_gold(gold), pred)
    out = {"f1": rep.overall.f1, "precision": rep.overall.precision, "recall": rep.overall.recall}
    out.update({a: rep.accuracy(a) for a in ("commodity", "date_month", "quantity", "certainty")})
    return {k: round(v, 4) for k, v in out.items()}


def main() -> None:
    """Print (and with --write, pin) the scores."""
    result = {name: scores(name) for name in SETS}
    print(json.dumps(result, indent=2))
    if "--write" in sys.argv:
        BASELINE.write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
