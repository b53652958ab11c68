"""The robustness suite's knobs: short form by default (inside `make test`), long form with
AXISWATCH_ROBUSTNESS=long (`make robustness`), which raises example and trial counts."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG = os.environ.get("AXISWATCH_ROBUSTNESS", "short").lower() == "long"

_SHORT = settings(deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
_LONG = settings(deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def examples(short: int, long: int) -> settings:
    """Hypothesis settings with ``short`` examples normally and ``long`` in the long form."""
    return settings(_LONG if LONG else _SHORT, max_examples=long if LONG else short)


def scaled(short: int, long: int) -> int:
    """A trial count: ``short`` normally, ``long`` in the long form."""
    return long if LONG else short
