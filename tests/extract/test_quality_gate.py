"""The quality gate: the extractor's dev-set scores may not drop below the pinned baseline."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("extract_gate", ROOT / "benchmarks" / "extract_gate.py")
assert spec and spec.loader
gate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gate)
BASELINE = json.loads((ROOT / "benchmarks" / "extract_baseline.json").read_text("utf-8"))


@pytest.mark.parametrize("name", [n for n in gate.SETS if n.startswith("dev_")])  # every development set
def test_dev_scores_do_not_drop(name):
    now = gate.scores(name)
    pinned = BASELINE[name]
    # attribute accuracies are over matched events, so a newly matched event can move them a little
    for metric, slack in (("f1", 0.005), ("commodity", 0.01), ("date_month", 0.01), ("quantity", 0.01),
                          ("certainty", 0.01)):
        assert now[metric] >= pinned[metric] - slack, f"{name} {metric}: {now[metric]} < pinned {pinned[metric]}"
