"""axiswatch: watch an alignment between states and tell an analyst, with evidence, what is going on.

The public API (see ``axiswatch.api``)::

    import axiswatch
    wb = axiswatch.open("axiswatch-demo/axiswatch.duckdb")   # read-only; write=True to ingest
    wb.events(types="AID", since="2023"); wb.ledger(); wb.timeline(); wb.brief("md")
    axiswatch.extract("North Korea sent shells to Russia.", published="2024-06-01")

Names load on first use, so ``import axiswatch`` stays cheap for the CLI and worker processes.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from axiswatch.api import Workbench, events_frame, extract, open
    from axiswatch.errors import AxiswatchError, InputError, NotFound, UsageError, WorkspaceError, WorkspaceInUse
    from axiswatch.records import Document, Event, Evidence, Quantity
    from axiswatch.settings import Settings

# public name -> the module that defines it
_LAZY = {
    "open": "axiswatch.api", "extract": "axiswatch.api", "events_frame": "axiswatch.api",
    "Workbench": "axiswatch.api",
    "Document": "axiswatch.records", "Event": "axiswatch.records", "Evidence": "axiswatch.records",
    "Quantity": "axiswatch.records", "Settings": "axiswatch.settings",
    "AxiswatchError": "axiswatch.errors", "InputError": "axiswatch.errors", "NotFound": "axiswatch.errors",
    "UsageError": "axiswatch.errors", "WorkspaceError": "axiswatch.errors", "WorkspaceInUse": "axiswatch.errors",
}

__all__ = [
    "AxiswatchError", "Document", "Event", "Evidence", "InputError", "NotFound", "Quantity", "Settings",
    "UsageError", "Workbench", "WorkspaceError", "WorkspaceInUse", "__version__", "events_frame", "extract", "open",
]


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'axiswatch' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
