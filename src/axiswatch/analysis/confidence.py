"""The confidence rule: how sure we are that a resolved event happened.

The rule (documented in the README, tested in tests/analysis/test_resolve.py):

1. Start from the strongest certainty among the mentions
   (confirmed 0.80, reported 0.60, alleged 0.35, speculative 0.15).
2. Adjust by the best source grade (NATO/Admiralty reliability A..F):
   A +0.10, B +0.05, C 0, D -0.05, E -0.10, F -0.05 (F "cannot be judged"
   is less damning than E "unreliable"); clamp to [0.02, 0.97].
   When every mention comes from a dataset, the connector's own confidence for
   its rows (the highest among them) caps p0: a connector knows its data (a
   single GDELT row is usually wrong, and says 0.2).
3. Corroborate: each further *independent* source removes 30 % of the
   remaining doubt, ``p = 1 - (1 - p0) * 0.7 ** (n - 1)``; cap at 0.99.

A denial never lowers the confidence of the report it contradicts: the two are
kept side by side (``contested``), because averaging would hide the dispute.

The same constants build the SQL expression the resolver runs, so the Python
function and the stored numbers cannot drift apart.
"""

from __future__ import annotations

from axiswatch.ontology import load_ontology

CERTAINTY_BASE: dict[str, float] = {
    "confirmed": 0.80,
    "reported": 0.60,
    "alleged": 0.35,
    "speculative": 0.15,
}
GRADE_ADJUST: dict[str, float] = {"A": 0.10, "B": 0.05, "C": 0.0, "D": -0.05, "E": -0.10, "F": -0.05}
CORROBORATION = 0.30  # share of the remaining doubt each further independent source removes
FLOOR, CEILING, CAP = 0.02, 0.97, 0.99

# Grades for dataset events, which have no publisher row: curated, human-coded
# datasets rank above machine-coded news aggregates (GDELT's known duplication
# and coding noise puts it at D).
DATASET_GRADES: dict[str, str] = {
    "acled": "B", "ucdp": "B", "ais": "B", "unvotes": "A", "sanctions": "A",
    "polecat": "C", "icews": "C", "gdelt": "D",
}


def confidence(certainty: str, grade: str, independent_sources: int, dataset_cap: float | None = None) -> float:
    """Confidence in [0, 1] of an event from its best certainty, best grade and independent sources.

    ``dataset_cap``: for an event known only from datasets, the highest confidence their connectors gave.
    """
    p0 = CERTAINTY_BASE.get(certainty, CERTAINTY_BASE["speculative"]) + GRADE_ADJUST.get(grade, -0.05)
    p0 = min(CEILING, max(FLOOR, p0))
    if dataset_cap is not None:
        p0 = max(FLOOR, min(p0, float(dataset_cap)))
    n = max(1, int(independent_sources))
    return round(min(CAP, 1.0 - (1.0 - p0) * (1.0 - CORROBORATION) ** (n - 1)), 4)


def estimative(probability: float) -> str:
    """The estimative words (ICD 203 scale of the ontology) for a confidence."""
    return load_ontology().estimative_words(round(probability, 4))


def _case(column: str, table: dict[str, float], default: float) -> str:
    arms = " ".join(f"WHEN '{k}' THEN {v!r}" for k, v in table.items())
    return f"(CASE {column} {arms} ELSE {default!r} END)"


def confidence_sql(certainty: str, grade: str, sources: str, dataset_cap: str = "NULL") -> str:
    """SQL expression computing ``confidence()`` from column expressions (a NULL cap means none)."""
    p0 = (f"least({CEILING}, greatest({FLOOR}, {_case(certainty, CERTAINTY_BASE, 0.15)}"
          f" + {_case(grade, GRADE_ADJUST, -0.05)}))")
    p0 = f"greatest({FLOOR}, least({p0}, coalesce({dataset_cap}, 1.0)))"
    return (f"round(least({CAP}, 1.0 - (1.0 - {p0}) * pow({1.0 - CORROBORATION!r}, "
            f"greatest(1, {sources}) - 1)), 4)")


def estimative_sql(column: str) -> str:
    """SQL CASE mapping a confidence column to the estimative words."""
    bands = load_ontology().estimative
    arms = " ".join(f"WHEN {column} < {upper!r} THEN '{words}'" for words, upper in bands)
    return f"(CASE {arms} ELSE '{load_ontology().estimative[-1][0]}' END)"


def certainty_rank_sql(column: str) -> str:
    """SQL CASE giving a certainty's rank (0 = strongest)."""
    arms = " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(load_ontology().certainty_rank))
    return f"(CASE {column} {arms} ELSE 99 END)"


def certainty_from_rank_sql(column: str) -> str:
    """SQL CASE turning a rank back into its certainty word."""
    arms = " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(load_ontology().certainty_rank))
    return f"(CASE {column} {arms} ELSE 'speculative' END)"


def dataset_grade_sql(column: str) -> str:
    """SQL CASE giving the grade of a dataset origin kind."""
    arms = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in DATASET_GRADES.items())
    return f"(CASE {column} {arms} ELSE 'F' END)"
