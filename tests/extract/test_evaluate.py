"""The scorer: matching on (type, source, target), and the pairing behind the attribute accuracies."""

from __future__ import annotations

from typing import Any

import pytest

from axiswatch.extract.evaluate import score_documents


def _ev(etype: str, src: str, tgt: str, commodity: str | None = None, date: str | None = None,
        qty: float | None = None, certainty: str = "reported") -> dict[str, Any]:
    return {"event_type": etype, "source": src, "target": tgt, "commodity": commodity, "date": date,
            "quantity": {"value": qty, "unit": "x"} if qty is not None else None, "certainty": certainty}


def test_counts_and_per_type() -> None:
    gold = {"d1": [_ev("AID", "PRK", "RUS", "munitions", "2024-05"), _ev("ACCUSE", "KOR", "PRK")],
            "d2": [_ev("SANCTION", "USA", "PRK")]}
    pred = {"d1": [_ev("AID", "PRK", "RUS", "munitions", "2024-05-02"), _ev("ACCUSE", "PRK", "KOR")]}
    rep = score_documents(gold, pred)
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (1, 1, 2)
    assert rep.per_type["ACCUSE"].fp == 1 and rep.per_type["ACCUSE"].fn == 1
    assert rep.per_type["SANCTION"].fn == 1
    assert rep.accuracy("date_month") == 1.0  # the day inside the gold month counts
    assert rep.overall.f1 == pytest.approx(2 * (1 / 2) * (1 / 3) / (1 / 2 + 1 / 3))


def test_two_flows_of_one_dyad_are_not_paired_crosswise() -> None:
    """The gold order once let a vague flow take the troops of 2024 and push the rest one place along."""
    gold = {"d": [_ev("AID", "PRK", "RUS", "weapons_systems", None, 200),
                  _ev("AID", "PRK", "RUS", "troops", "2024", 11000),
                  _ev("AID", "PRK", "RUS", "troops", "2025", 3000),
                  _ev("AID", "PRK", "RUS", "workers", "2024", 8000)]}
    pred = {"d": [_ev("AID", "PRK", "RUS", "troops", "2024", 11000),
                  _ev("AID", "PRK", "RUS", "troops", "2025", 3000),
                  _ev("AID", "PRK", "RUS", "workers", "2024", 8000)]}
    rep = score_documents(gold, pred, keep_errors=True)
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (3, 0, 1)
    for attr in ("commodity", "date_month", "quantity", "certainty"):
        assert rep.accuracy(attr) == 1.0
    missed = [e for e in rep.errors if e["kind"] == "missed"]
    assert [e["gold"]["commodity"] for e in missed] == ["weapons_systems"]


def test_pairing_prefers_commodity_over_date() -> None:
    gold = {"d": [_ev("AID", "RUS", "PRK", "fuel", "2024-03"), _ev("AID", "RUS", "PRK", "food", "2024-05")]}
    pred = {"d": [_ev("AID", "RUS", "PRK", "food", "2024-03"), _ev("AID", "RUS", "PRK", "fuel", "2024-05")]}
    rep = score_documents(gold, pred)
    assert rep.accuracy("commodity") == 1.0
    assert rep.accuracy("date_month") == 0.0


def test_match_count_does_not_depend_on_pairing() -> None:
    gold = {"d": [_ev("CONSULT", "PRK", "RUS", date=f"2024-0{m}") for m in range(1, 5)]}
    pred = {"d": [_ev("CONSULT", "PRK", "RUS", date=f"2024-0{m}") for m in (4, 9, 2)]}
    rep = score_documents(gold, pred, keep_errors=True)
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (3, 0, 1)
    assert rep.accuracy("date_month") == pytest.approx(2 / 3)
    wrong = [e for e in rep.errors if e["kind"] == "wrong_date_month"]
    assert len(wrong) == 1 and wrong[0]["pred"]["date"] == "2024-09"


def test_quantity_within_one_percent() -> None:
    gold = {"d": [_ev("AID", "PRK", "RUS", "munitions", qty=6_000_000), _ev("AID", "RUS", "PRK", "fuel", qty=1e6)]}
    pred = {"d": [_ev("AID", "PRK", "RUS", "munitions", qty=6_040_000), _ev("AID", "RUS", "PRK", "fuel", qty=1.1e6)]}
    rep = score_documents(gold, pred)
    assert rep.accuracy("quantity") == 0.5
