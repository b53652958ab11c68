"""Fixtures shared by the extraction tests."""

from __future__ import annotations

import pytest

from axiswatch.extract import engine


@pytest.fixture
def no_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extractors built in the test run the rules without the learned models. Tests that pin the sentence
    rules use it; what the pair classifier adds is measured on the gold sets (test_quality_gate.py) and its
    own behaviour pinned in test_pairs.py, the date fallback's in test_dating.py."""
    monkeypatch.setattr(engine, "load_pair_model", lambda: None)
    monkeypatch.setattr(engine, "load_date_model", lambda: None)
