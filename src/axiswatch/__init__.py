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
import sys
import types
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


class _ExtractPackage(types.ModuleType):
    """``axiswatch.extract`` is the extraction package and, called, the one-text API (``axiswatch.api.extract``).

    A function cannot share the name of a subpackage: importing ``axiswatch.extract`` (every ingest
    and extract run does) would replace it with the module. So the module itself answers the call.
    """

    def __call__(self, text: str, *, published: str | None = None, profile: Any = "russia_dprk",
                 doc_id: str = "text") -> Any:
        from axiswatch.api import extract

        return extract(text, published=published, profile=profile, doc_id=doc_id)


class _Package(types.ModuleType):
    """The ``axiswatch`` package: makes the ``extract`` subpackage callable as it is bound."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "extract" and isinstance(value, types.ModuleType) and not isinstance(value, _ExtractPackage):
            value.__class__ = _ExtractPackage
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
_extract_module = sys.modules.get(__name__ + ".extract")
if _extract_module is not None:  # imported before this package finished initialising
    setattr(sys.modules[__name__], "extract", _extract_module)  # noqa: B010


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562)."""
    if name == "extract":
        return importlib.import_module(__name__ + ".extract")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'axiswatch' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
