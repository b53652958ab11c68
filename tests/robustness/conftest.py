"""The robustness suite's knobs: short form by default (inside `make test`), long form with
AXISWATCH_ROBUSTNESS=long (`make robustness`), which raises example and trial counts."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

LONG = os.environ.get("AXISWATCH_ROBUSTNESS", "short").lower() == "long"

settings.register_profile("robust-short", max_examples=25, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("robust-long", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def examples(short: int, long: int) -> settings:
    """Hypothesis settings with ``short`` examples normally and ``long`` in the long form."""
    return settings(settings.get_profile("robust-long" if LONG else "robust-short"),
                    max_examples=long if LONG else short)


@pytest.fixture
def long_form() -> bool:
    """True when the long form was asked for."""
    return LONG
