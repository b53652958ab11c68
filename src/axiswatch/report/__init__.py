"""The briefing: an evidence-cited analytic brief of the workspace in HTML, PDF and Markdown.

``build_brief`` turns the analysis layer's results into a ``Brief`` (cited
sentences, tables, numbered sources); ``render`` prints it; ``write_briefs``
writes every format into a folder (what ``axiswatch demo`` calls).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from axiswatch.profiles import Profile
from axiswatch.report.build import build_brief
from axiswatch.report.model import Brief
from axiswatch.report.render import FORMATS, render, write_brief
from axiswatch.store.workspace import Workspace

__all__ = ["FORMATS", "Brief", "build_brief", "render", "write_brief", "write_briefs"]

SUFFIX = {"html": "html", "md": "md", "pdf": "pdf"}


def write_briefs(ws: Workspace, profile: Profile, out_dir: str | Path, formats: Sequence[str] = ("html", "md", "pdf"),
                 since: str | None = None, until: str | None = None, *, stem: str = "briefing") -> dict[str, Path]:
    """Build the brief once and write ``out_dir/briefing.<ext>`` in each format; returns format -> path."""
    brief = build_brief(ws, profile, since, until)
    out = Path(out_dir)
    return {fmt: write_brief(brief, out / f"{stem}.{SUFFIX.get(fmt, fmt)}", fmt) for fmt in formats}
