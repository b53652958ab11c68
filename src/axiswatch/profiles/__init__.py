"""Watch profiles: the actors of a dyad or bloc, their aliases, publishers, indicators and places.

A profile is YAML, validated on load. Adding a dyad is adding a profile, not code.
Sections other than ``actors`` are validated by the module that uses them
(publishers by ingestion, indicators and alerts by analysis, places and vessels
by maritime); each registers a validator in ``SECTION_VALIDATORS``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from axiswatch.errors import ProfileError


class MemberSpec(BaseModel):
    """A person, ministry, military, agency, medium, firm, ship or place that resolves to an actor."""

    model_config = ConfigDict(extra="forbid")
    name: str
    # leader | official | ministry | military | agency | media | firm | ship | place | other
    kind: str = "other"
    aliases: list[str] = Field(default_factory=list)
    # Years the role applies (leaders); None means any time.
    years: tuple[int, int] | None = None


class ActorSpec(BaseModel):
    """A state or international body, with the names that refer to it."""

    model_config = ConfigDict(extra="forbid")
    name: str
    kind: str = "state"  # state | igo
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    members: list[MemberSpec] = Field(default_factory=list)


class Profile(BaseModel):
    """A watch profile."""

    model_config = ConfigDict(extra="forbid")
    name: str
    title: str
    description: str = ""
    dyad: tuple[str, str]
    actors: dict[str, ActorSpec]
    publishers: list[dict[str, Any]] = Field(default_factory=list)
    indicators: list[dict[str, Any]] = Field(default_factory=list)
    alerts: dict[str, Any] = Field(default_factory=dict)
    places: list[dict[str, Any]] = Field(default_factory=list)
    vessels: list[dict[str, Any]] = Field(default_factory=list)
    maritime: dict[str, Any] = Field(default_factory=dict)
    path: str | None = None

    @field_validator("dyad")
    @classmethod
    def _dyad_distinct(cls, v: tuple[str, str]) -> tuple[str, str]:
        if v[0] == v[1]:
            raise ValueError("the dyad needs two different actors")
        return v

    def model_post_init(self, __context: Any) -> None:
        for code in self.dyad:
            if code not in self.actors:
                raise ValueError(f"dyad actor {code} is not listed under actors")


# section name -> callable(profile) that raises ValueError on a bad section
SECTION_VALIDATORS: dict[str, Callable[[Profile], None]] = {}


def register_section_validator(section: str, fn: Callable[[Profile], None]) -> None:
    """Let the module that owns a section validate it when a profile loads."""
    SECTION_VALIDATORS[section] = fn


def _resolve_path(name_or_path: str) -> Path:
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    packaged = resources.files("axiswatch.profiles").joinpath(f"{name_or_path}.yaml")
    return Path(str(packaged))


@cache
def load_profile(name_or_path: str = "russia_dprk") -> Profile:
    """Load and validate a profile by packaged name or by path."""
    path = _resolve_path(name_or_path)
    if not path.exists():
        raise ProfileError(f"profile {name_or_path!r} not found (looked for {path})")
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc}") from exc
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: a profile is a YAML mapping")
    raw["path"] = str(path)
    try:
        profile = Profile.model_validate(raw)
    except (ValidationError, ValueError) as exc:
        raise ProfileError(f"{path}: invalid profile: {exc}") from exc
    _load_section_owners()
    for section, fn in SECTION_VALIDATORS.items():
        try:
            fn(profile)
        except (ValidationError, ValueError) as exc:
            raise ProfileError(f"{path}: invalid '{section}' section: {exc}") from exc
    return profile


def _load_section_owners() -> None:
    """Import the modules that register section validators (they register on import)."""
    import importlib

    for mod in ("axiswatch.sources.publishers", "axiswatch.analysis.indicators", "axiswatch.maritime.places"):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
