"""UN vote alignment: agreement by year, ideal-point distance, pairwise edges, the alignment verb."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from axiswatch.analysis import alignment
from axiswatch.cli import main_group
from axiswatch.errors import UsageError
from axiswatch.sources import unvotes
from axiswatch.store import open_workspace


def _load(ws, folder: Path) -> None:
    for name in ("un_roll_calls.csv", "un_roll_call_issues.csv", "un_votes.csv"):
        unvotes.ingest(ws, folder / name)


def test_agreement_by_year(ws, fixtures: Path) -> None:
    _load(ws, fixtures / "datasets")
    years = alignment.agreement_by_year(ws, "RUS", "PRK")
    # 2018: yes/yes and no/no -> 1.0; 2019: no/no and yes/abstain -> (1 + 0.5) / 2
    assert [(y.year, y.roll_calls, y.agreement, y.identical, y.opposite) for y in years] == [
        (2018, 2, 1.0, 2, 0), (2019, 2, 0.75, 1, 0)]
    assert years[0].distance is None  # four states are too few for ideal points
    us = alignment.agreement_by_year(ws, "rus", "usa", since=2018, until=2018)
    assert [(y.year, y.agreement, y.opposite) for y in us] == [(2018, 0.0, 2)]
    nuclear = alignment.agreement_by_year(ws, "RUS", "USA", issue="nu")
    assert [(y.year, y.roll_calls) for y in nuclear] == [(2018, 1)]
    with pytest.raises(UsageError):
        alignment.agreement_by_year(ws, "RUS", "RUS")


def test_pairwise_edges(ws, fixtures: Path) -> None:
    _load(ws, fixtures / "datasets")
    edges = alignment.pairwise_agreement(ws, ["RUS", "PRK", "USA"])
    assert {(e["a"], e["b"]): e["agreement"] for e in edges} == {
        ("PRK", "RUS"): 0.875, ("PRK", "USA"): 0.125, ("RUS", "USA"): 0.0}


def test_alignment_verb(ws_path: Path, fixtures: Path) -> None:
    with open_workspace(ws_path) as ws:
        _load(ws, fixtures / "datasets")
    res = CliRunner().invoke(main_group, ["--workspace", str(ws_path), "alignment", "RUS", "PRK",
                                          "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [(r["state_a"], r["state_b"], r["year"], r["agreement"]) for r in rows] == [
        ("RUS", "PRK", 2018, 1.0), ("RUS", "PRK", 2019, 0.75)]


def test_shared_votes_ideal_points(ws, shared_data: Path) -> None:
    u = shared_data / "unvotes"
    for name in ("un_roll_calls.csv", "un_votes_RU_KP_all_sessions.csv", "un_votes_sessions73-74_all_countries.csv"):
        unvotes.ingest(ws, u / name)
    y2018 = [y for y in alignment.agreement_by_year(ws, "RUS", "PRK", since=2018, until=2018)][0]
    assert (y2018.roll_calls, y2018.agreement) == (84, 0.8214)
    assert y2018.states > 150 and y2018.distance is not None
    pos = alignment.ideal_points_for_year(ws, 2018)
    assert pos["USA"] > 0 > pos["PRK"]
    assert abs(pos["RUS"] - pos["PRK"]) < abs(pos["RUS"] - pos["USA"])
    assert abs(pos["USA"] - pos["ISR"]) < 0.5  # the closest pair on the Assembly's main axis


def test_bloc_alignment_for_the_network(ws, fixtures: Path) -> None:
    from axiswatch.profiles import load_profile

    profile = load_profile("russia_dprk")
    assert alignment.bloc_alignment(ws, profile) is None  # no votes yet
    _load(ws, fixtures / "datasets")
    bloc = alignment.bloc_alignment(ws, profile)
    assert bloc is not None and bloc["dyad"] == ["RUS", "PRK"]
    assert [(y["year"], y["agreement"]) for y in bloc["years"]] == [(2018, 1.0), (2019, 0.75)]
    pairs = {(p["a"], p["b"]) for p in bloc["pairs"]}
    assert ("PRK", "RUS") in pairs
