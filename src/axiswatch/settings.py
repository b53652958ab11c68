"""One settings object, built once (defaults, then environment, then flags) and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEFAULT_WORKSPACE = "axiswatch.duckdb"


@dataclass(frozen=True)
class FetchLimits:
    """Limits on anything fetched from a URL."""

    max_bytes: int = 20 * 1024 * 1024
    timeout_s: float = 20.0
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "axiswatch/0.1 (+https://github.com/axiswatch)"


@dataclass(frozen=True)
class Settings:
    """Everything a stage needs to know about how it is run."""

    workspace: Path = Path(DEFAULT_WORKSPACE)
    profile: str = "russia_dprk"
    quiet: bool = False
    fetch: FetchLimits = field(default_factory=FetchLimits)
    max_file_bytes: int = 50 * 1024 * 1024

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``AXISWATCH_*`` environment variables, then explicit overrides (flags)."""
        env = os.environ if env is None else env
        base = cls()
        if env.get("AXISWATCH_WORKSPACE"):
            base = replace(base, workspace=Path(env["AXISWATCH_WORKSPACE"]))
        if env.get("AXISWATCH_PROFILE"):
            base = replace(base, profile=env["AXISWATCH_PROFILE"])
        clean = {k: v for k, v in overrides.items() if v is not None}
        if "workspace" in clean:
            clean["workspace"] = Path(clean["workspace"])
        return replace(base, **clean)

    def with_fetch(self, **kw: Any) -> Settings:
        """A copy with some fetch limits changed."""
        return replace(self, fetch=replace(self.fetch, **kw))
