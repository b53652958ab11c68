"""The event ontology (PLOVER types, modes, flow vocabulary, certainty), loaded once from data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class EventTypeSpec:
    """One PLOVER event type: its name, quad class and base score."""

    name: str
    quad: str
    score: float
    recipient_required: bool


@dataclass(frozen=True)
class Ontology:
    """The loaded ontology tables."""

    event_types: dict[str, EventTypeSpec]
    modes: frozenset[str]
    commodities: dict[str, str]
    certainty: dict[str, str]
    certainty_rank: tuple[str, ...]
    estimative: tuple[tuple[str, float], ...]

    def score(self, event_type: str) -> float:
        """The PLOVER base score of an event type (cooperation > 0 > conflict)."""
        return self.event_types[event_type].score

    def estimative_words(self, probability: float) -> str:
        """Map a probability in [0, 1] to the estimative scale."""
        for words, upper in self.estimative:
            if probability < upper:
                return words
        return self.estimative[-1][0]


def _read_yaml(name: str) -> Any:
    return yaml.safe_load(resources.files("axiswatch.data").joinpath(name).read_text("utf-8"))


@cache
def load_ontology() -> Ontology:
    """Load ``data/ontology.yaml`` once."""
    raw = _read_yaml("ontology.yaml")
    types = {
        name: EventTypeSpec(name=name, quad=spec["quad"], score=float(spec["score"]),
                            recipient_required=bool(spec["recipient_required"]))
        for name, spec in raw["event_types"].items()
    }
    return Ontology(
        event_types=types,
        modes=frozenset(raw["modes"]),
        commodities=dict(raw["commodities"]),
        certainty=dict(raw["certainty"]),
        certainty_rank=tuple(raw["certainty_rank"]),
        estimative=tuple((b["words"], float(b["upper"])) for b in raw["estimative"]),
    )


EVENT_TYPES: tuple[str, ...] = tuple(load_ontology().event_types)
COMMODITIES: tuple[str, ...] = tuple(load_ontology().commodities)
CERTAINTIES: tuple[str, ...] = load_ontology().certainty_rank
