"""axiswatch: watch an alignment between states and tell an analyst, with evidence, what is going on."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
