"""What every connector shares: the outcome of ingesting one input, and the registry of dataset kinds.

Text-like inputs (text, html, pdf, jsonl, feed, URL) become Documents; structured
datasets (gdelt, acled, polecat, unvotes, ais, sanctions) map rows straight onto
events or their own tables. Each dataset module registers itself here with a
``sniff`` (does this file look like mine?) and an ``ingest`` function; the ingest
dispatcher (``axiswatch.sources.ingest``) only knows the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axiswatch.records import Rejected


@dataclass
class IngestOutcome:
    """What one input gave: rows or documents added, already present, refused (with reasons)."""

    added: int = 0
    unchanged: int = 0
    failed: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def merge(self, other: IngestOutcome) -> None:
        """Add another outcome into this one."""
        self.added += other.added
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.rejected.extend(other.rejected)
        for k, v in other.details.items():
            if isinstance(v, int | float) and isinstance(self.details.get(k, 0), int | float):
                self.details[k] = self.details.get(k, 0) + v
            else:
                self.details[k] = v


# sniff(path, head_bytes) -> bool
Sniffer = Callable[[Path, bytes], bool]
# ingest(ws, path, run_id=..., options=...) -> IngestOutcome
Ingester = Callable[..., IngestOutcome]


@dataclass(frozen=True)
class DatasetKind:
    """A registered structured-dataset connector."""

    kind: str
    sniff: Sniffer
    ingest: Ingester
    description: str = ""


DATASET_KINDS: dict[str, DatasetKind] = {}

# Modules that register dataset kinds on import.
DATASET_MODULES = (
    "axiswatch.sources.gdelt",
    "axiswatch.sources.acled",
    "axiswatch.sources.polecat",
    "axiswatch.sources.unvotes",
    "axiswatch.maritime.ais",
    "axiswatch.maritime.sanctions",
)


def register_dataset_kind(kind: str, sniff: Sniffer, ingest: Ingester, description: str = "") -> None:
    """Called by a dataset module at import time."""
    DATASET_KINDS[kind] = DatasetKind(kind, sniff, ingest, description)


def load_dataset_kinds() -> dict[str, DatasetKind]:
    """Import every dataset module that exists and return the registry."""
    import importlib

    for mod in DATASET_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
    return DATASET_KINDS
