"""Fixtures of the robustness suite."""

from __future__ import annotations

import pytest
from robust_helpers import LONG


@pytest.fixture
def long_form() -> bool:
    """True when the long form was asked for (AXISWATCH_ROBUSTNESS=long)."""
    return LONG
