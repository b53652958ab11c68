"""The main job on the bundled sample: ingest the corpus, extract, analyse, brief."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from axiswatch.settings import Settings


def corpus_files() -> list[Path]:
    """The bundled sample corpus: every ``*.docs.jsonl`` under ``data/corpus``."""
    folder = Path(str(resources.files("axiswatch.data").joinpath("corpus")))
    return sorted(folder.glob("*.docs.jsonl")) if folder.is_dir() else []


def run_demo(out_dir: Path, settings: Settings, say: Callable[[str], None] = print) -> dict[str, Any]:
    """Build a workspace in ``out_dir`` from the bundled corpus and run every stage; returns a summary."""
    from axiswatch.extract import extract_workspace
    from axiswatch.profiles import load_profile
    from axiswatch.sources.ingest import ingest_paths
    from axiswatch.store import open_workspace

    out_dir.mkdir(parents=True, exist_ok=True)
    settings = replace(settings, workspace=out_dir / "axiswatch.duckdb")
    profile = load_profile(settings.profile)
    summary: dict[str, Any] = {"workspace": str(settings.workspace), "stages": {}}
    with open_workspace(settings.workspace) as ws:
        t = time.perf_counter()
        files = corpus_files()
        ing = ingest_paths(ws, files, settings, kind="jsonl", command="demo")
        summary["stages"]["ingest"] = {"seconds": round(time.perf_counter() - t, 2), "added": ing.added,
                                       "unchanged": ing.unchanged, "failed": ing.failed,
                                       "duplicates": ing.duplicates}
        say(f"ingest: {ing.added} new documents, {ing.unchanged} unchanged, {ing.duplicates} near-duplicates "
            f"linked, {ing.failed} failed")
        t = time.perf_counter()
        ex = extract_workspace(ws, profile)
        summary["stages"]["extract"] = {"seconds": round(time.perf_counter() - t, 2), **ex.to_dict()}
        say(f"extract: {ex.coded} documents coded, {ex.events} events, {ex.skipped} skipped")
        t = time.perf_counter()
        from axiswatch.analysis.indicators import evaluate_indicators
        from axiswatch.analysis.ledger import build_ledger
        from axiswatch.analysis.resolve import ensure_resolved
        from axiswatch.analysis.timeline import build_timeline

        res = ensure_resolved(ws, profile)
        ledger = build_ledger(ws, profile, resolve=False)
        timeline = build_timeline(ws, profile, resolve=False)
        indicators = evaluate_indicators(ws, profile, resolve=False)
        lit = [i for i in indicators if i.status != "not observed"]
        summary["stages"]["analysis"] = {
            "seconds": round(time.perf_counter() - t, 2), "resolved": res.to_dict(),
            "ledger_lines": len(ledger), "change_points": len(timeline.change_points),
            "indicators_lit": len(lit)}
        say(f"analysis: {len(ledger)} ledger lines, {len(timeline.change_points)} change points, "
            f"{len(lit)} of {len(indicators)} indicators lit")
        t = time.perf_counter()
        from axiswatch.report import write_briefs

        paths = write_briefs(ws, profile, out_dir)
        summary["stages"]["brief"] = {"seconds": round(time.perf_counter() - t, 2),
                                      "files": {k: str(v) for k, v in paths.items()}}
        say("brief: " + ", ".join(str(v) for v in paths.values()))
        summary["briefing"] = str(paths.get("html", ""))
        counts = ws.records(
            "SELECT count(*) AS documents, (SELECT count(*) FROM events WHERE NOT superseded) AS events, "
            "(SELECT count(DISTINCT event_type) FROM events WHERE NOT superseded) AS event_types FROM documents")
        summary["workspace_counts"] = counts[0]
    return summary
