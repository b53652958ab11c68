"""Idempotence and order: ingesting the same inputs twice, or in any order, gives the same workspace:
the same documents, events and evidence, the same ledger and the same brief."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from robust_helpers import examples

from axiswatch.analysis.ledger import build_ledger
from axiswatch.bench.robustness_crash import build_corpus, digest
from axiswatch.extract.run import extract_workspace
from axiswatch.profiles import load_profile
from axiswatch.report import build_brief, render
from axiswatch.settings import Settings
from axiswatch.sources.ingest import ingest_paths
from axiswatch.store import open_workspace
from axiswatch.store.check import check_path

SETTINGS = Settings.from_env(quiet=True)
PROFILE = load_profile("russia_dprk")


def _build(ws_path: Path, files: list[Path]) -> dict[str, Any]:
    """Ingest the files one run each in the given order, code them, and read back what an analyst sees."""
    with open_workspace(ws_path) as ws:
        for f in files:
            ingest_paths(ws, [f], SETTINGS)
        extract_workspace(ws, PROFILE)
        ledger = [line.to_dict() for line in build_ledger(ws, PROFILE)]
        brief = render(build_brief(ws, PROFILE), "md").decode("utf-8")
    assert check_path(ws_path).ok
    return {"tables": digest(ws_path), "ledger": ledger, "brief": brief}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], dict[str, Any]]:
    """Seven inputs (six documents and a UN votes file) and the workspace built from them in name order."""
    root = tmp_path_factory.mktemp("order")
    build_corpus(root / "c", 6)
    files = sorted((root / "c" / "in").iterdir())
    reference = _build(root / "ref.duckdb", files)
    return root, files, reference


def test_the_reference_has_something_to_compare(corpus: tuple[Path, list[Path], dict[str, Any]]) -> None:
    _, files, ref = corpus
    assert len(files) == 7
    assert not ref["tables"]["events"].startswith("0:") and not ref["tables"]["un_votes"].startswith("0:")
    assert ref["brief"].strip()


@examples(2, 25)
@given(order=st.permutations(range(7)), twice=st.lists(st.integers(0, 6), max_size=3))
def test_any_order_and_repeats_give_the_same_workspace(corpus: tuple[Path, list[Path], dict[str, Any]],
                                                        order: list[int], twice: list[int]) -> None:
    root, files, ref = corpus
    work = root / "w"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    got = _build(work / "ws.duckdb", [files[i] for i in order] + [files[i] for i in twice])
    assert got["tables"] == ref["tables"]
    assert got["ledger"] == ref["ledger"]
    assert got["brief"] == ref["brief"]


def test_everything_again_adds_nothing(corpus: tuple[Path, list[Path], dict[str, Any]]) -> None:
    root, files, _ = corpus
    ws_path = root / "again.duckdb"
    with open_workspace(ws_path) as ws:
        first = ingest_paths(ws, files, SETTINGS)
        again = ingest_paths(ws, files, SETTINGS)
        coded = extract_workspace(ws, PROFILE)
        recoded = extract_workspace(ws, PROFILE)
    assert first.added == 6 + 120 and first.failed == 0  # six documents and 40 roll calls x 3 votes
    assert again.added == 0 and again.unchanged == 6 + 120
    assert coded.coded == 6 and recoded.coded == 0
