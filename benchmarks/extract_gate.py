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
SETS = {
    "dev_a": (CORPUS / "dev_a.docs.jsonl", CORPUS / "dev_a.gold.jsonl"),
    "dev_b": (CORPUS / "dev_b.docs.jsonl", CORPUS / "dev_b.gold.jsonl"),
    "dev_c": (ROOT / "benchmarks" / "dev_c" / "dev_c.docs.jsonl", ROOT / "benchmarks" / "dev_c" / "dev_c.gold.jsonl"),
    "dev_e": (ROOT / "benchmarks" / "dev_e" / "dev_e.docs.jsonl", ROOT / "benchmarks" / "dev_e" / "dev_e.gold.jsonl"),
    "dev_f": (ROOT / "benchmarks" / "dev_f" / "dev_f.docs.jsonl", ROOT / "benchmarks" / "dev_f" / "dev_f.gold.jsonl"),
    "dev_g": (ROOT / "benchmarks" / "dev_g" / "dev_g.docs.jsonl", ROOT / "benchmarks" / "dev_g" / "dev_g.gold.jsonl"),
    "dev_h": (ROOT / "benchmarks" / "dev_h" / "dev_h.docs.jsonl", ROOT / "benchmarks" / "dev_h" / "dev_h.gold.jsonl"),
    "dev_i": (ROOT / "benchmarks" / "dev_i" / "dev_i.docs.jsonl", ROOT / "benchmarks" / "dev_i" / "dev_i.gold.jsonl"),
    "dev_j": (ROOT / "benchmarks" / "dev_j" / "dev_j.docs.jsonl", ROOT / "benchmarks" / "dev_j" / "dev_j.gold.jsonl"),
    "dev_k": (ROOT / "benchmarks" / "dev_k" / "dev_k.docs.jsonl", ROOT / "benchmarks" / "dev_k" / "dev_k.gold.jsonl"),
    "dev_l": (ROOT / "benchmarks" / "dev_l" / "dev_l.docs.jsonl", ROOT / "benchmarks" / "dev_l" / "dev_l.gold.jsonl"),
    "dev_m": (ROOT / "benchmarks" / "dev_m" / "dev_m.docs.jsonl", ROOT / "benchmarks" / "dev_m" / "dev_m.gold.jsonl"),
    "dev_n": (ROOT / "benchmarks" / "dev_n" / "dev_n.docs.jsonl", ROOT / "benchmarks" / "dev_n" / "dev_n.gold.jsonl"),
    "dev_o": (ROOT / "benchmarks" / "dev_o" / "dev_o.docs.jsonl", ROOT / "benchmarks" / "dev_o" / "dev_o.gold.jsonl"),
    "dev_p": (ROOT / "benchmarks" / "dev_p" / "dev_p.docs.jsonl", ROOT / "benchmarks" / "dev_p" / "dev_p.gold.jsonl"),
    "dev_q": (ROOT / "benchmarks" / "dev_q" / "dev_q.docs.jsonl", ROOT / "benchmarks" / "dev_q" / "dev_q.gold.jsonl"),
    "dev_r": (ROOT / "benchmarks" / "dev_r" / "dev_r.docs.jsonl", ROOT / "benchmarks" / "dev_r" / "dev_r.gold.jsonl"),
    "dev_s": (ROOT / "benchmarks" / "dev_s" / "dev_s.docs.jsonl", ROOT / "benchmarks" / "dev_s" / "dev_s.gold.jsonl"),
    "dev_t": (ROOT / "benchmarks" / "dev_t" / "dev_t.docs.jsonl", ROOT / "benchmarks" / "dev_t" / "dev_t.gold.jsonl"),
    "dev_u": (ROOT / "benchmarks" / "dev_u" / "dev_u.docs.jsonl", ROOT / "benchmarks" / "dev_u" / "dev_u.gold.jsonl"),
    "dev_v": (ROOT / "benchmarks" / "dev_v" / "dev_v.docs.jsonl", ROOT / "benchmarks" / "dev_v" / "dev_v.gold.jsonl"),
    "dev_w": (ROOT / "benchmarks" / "dev_w" / "dev_w.docs.jsonl", ROOT / "benchmarks" / "dev_w" / "dev_w.gold.jsonl"),
    "dev_x": (ROOT / "benchmarks" / "dev_x" / "dev_x.docs.jsonl", ROOT / "benchmarks" / "dev_x" / "dev_x.gold.jsonl"),
    "dev_y": (ROOT / "benchmarks" / "dev_y" / "dev_y.docs.jsonl", ROOT / "benchmarks" / "dev_y" / "dev_y.gold.jsonl"),
    "dev_z": (ROOT / "benchmarks" / "dev_z" / "dev_z.docs.jsonl", ROOT / "benchmarks" / "dev_z" / "dev_z.gold.jsonl"),
    "dev_aa": (ROOT / "benchmarks" / "dev_aa" / "dev_aa.docs.jsonl",
               ROOT / "benchmarks" / "dev_aa" / "dev_aa.gold.jsonl"),
    "dev_ab": (ROOT / "benchmarks" / "dev_ab" / "dev_ab.docs.jsonl",
               ROOT / "benchmarks" / "dev_ab" / "dev_ab.gold.jsonl"),
    "dev_ac": (ROOT / "benchmarks" / "dev_ac" / "dev_ac.docs.jsonl",
               ROOT / "benchmarks" / "dev_ac" / "dev_ac.gold.jsonl"),
    "dev_ad": (ROOT / "benchmarks" / "dev_ad" / "dev_ad.docs.jsonl",
               ROOT / "benchmarks" / "dev_ad" / "dev_ad.gold.jsonl"),
    "dev_ae": (ROOT / "benchmarks" / "dev_ae" / "dev_ae.docs.jsonl",
               ROOT / "benchmarks" / "dev_ae" / "dev_ae.gold.jsonl"),
    "dev_af": (ROOT / "benchmarks" / "dev_af" / "dev_af.docs.jsonl",
               ROOT / "benchmarks" / "dev_af" / "dev_af.gold.jsonl"),
    "dev_ag": (ROOT / "benchmarks" / "dev_ag" / "dev_ag.docs.jsonl",
               ROOT / "benchmarks" / "dev_ag" / "dev_ag.gold.jsonl"),
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
