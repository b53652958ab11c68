"""Benchmark of the brief: build it from a workspace and render every format, timed, with peak memory.

Runs on the workspace given with ``--workspace`` (``axiswatch demo`` builds a
realistic one). The first build may include a resolve when the events changed;
the second shows the cost of the brief alone on a resolved workspace.
"""

from __future__ import annotations

import resource
import time
from typing import Any

from axiswatch.errors import UsageError
from axiswatch.settings import Settings


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(settings: Settings, formats: tuple[str, ...] = ("html", "md", "pdf"), **_: Any) -> dict[str, Any]:
    """Time build_brief (twice) and each rendering on the settings' workspace; returns the figures."""
    import pypdfium2 as pdfium

    from axiswatch.profiles import load_profile
    from axiswatch.report import build_brief, render
    from axiswatch.store import open_workspace

    if not settings.workspace.exists():
        raise UsageError(f"workspace {settings.workspace} does not exist; build one with 'axiswatch demo --out DIR' "
                         "and pass --workspace DIR/axiswatch.duckdb")
    profile = load_profile(settings.profile)
    fig: dict[str, Any] = {"workspace": str(settings.workspace), "seconds": {}, "bytes": {}}
    with open_workspace(settings.workspace) as ws:
        t = time.perf_counter()
        build_brief(ws, profile)
        fig["seconds"]["build_first"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()
        brief = build_brief(ws, profile)
        fig["seconds"]["build"] = round(time.perf_counter() - t, 3)
    for fmt in formats:
        t = time.perf_counter()
        data = render(brief, fmt)
        fig["seconds"][f"render_{fmt}"] = round(time.perf_counter() - t, 3)
        fig["bytes"][fmt] = len(data)
        if fmt == "pdf":
            pdf = pdfium.PdfDocument(data)
            fig["pdf_pages"] = len(pdf)
            pdf.close()
    fig.update(documents=brief.counts["documents"], events=brief.counts["events"],
               dyad_events=brief.counts["dyad_events"], sources=len(brief.sources),
               citations=len(brief.citations()), judgements=len(brief.judgements),
               sections=len(brief.sections()), peak_rss_mb=_peak_rss_mb())
    return fig


def report(fig: dict[str, Any]) -> str:
    """The figures as a short readable report."""
    s = fig["seconds"]
    lines = [f"brief of {fig['workspace']}: {fig['documents']} documents, {fig['events']} events, "
             f"{fig['dyad_events']} resolved dyad events",
             f"  build: {s['build_first']} s first (resolve if needed), {s['build']} s on a resolved workspace",
             f"  {fig['sections']} sections, {fig['judgements']} key judgements, {fig['citations']} citations "
             f"of {fig['sources']} sources"]
    for fmt, size in fig["bytes"].items():
        extra = f", {fig['pdf_pages']} pages" if fmt == "pdf" else ""
        lines.append(f"  {fmt}: {s[f'render_{fmt}']} s, {size:,} bytes{extra}")
    lines.append(f"  peak memory: {fig['peak_rss_mb']} MB")
    return "\n".join(lines)
