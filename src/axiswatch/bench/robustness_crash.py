"""Crash injection: SIGKILL ingest, extract, resolve and a watch cycle at seeded random moments.

Each trial copies the workspace as it was before the stage, runs the stage in a
child process, kills it with SIGKILL after a random delay within the stage's
measured duration, then (1) opens the workspace and runs the integrity check and
(2) re-runs the stage in-process and compares a digest of the workspace with the
one an uninterrupted run produced. A trial survives when both hold.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from axiswatch.settings import Settings

STAGES = ("ingest", "extract", "resolve", "watch")

# What "the same workspace" means: content and content-derived ids, not timestamps or run ids.
DIGEST_QUERIES: dict[str, str] = {
    "documents": "SELECT document_id, content_hash, title, published, publisher_id, version_of, duplicate_of, "
                 "origin FROM documents",
    "events": "SELECT event_id, event_type, mode, source, target, commodity, date, quantity_value, quantity_unit, "
              "certainty, round(confidence, 6), superseded FROM events",
    "evidence": "SELECT event_id, seq, document_id, text FROM evidence",
    "extractions": "SELECT document_id, extractor_version, status, events FROM extractions",
    "un_votes": "SELECT rcid, state, vote FROM un_votes",
    "resolved": "SELECT resolved_id, mentions, documents, independent_sources, round(confidence, 6) "
                "FROM resolved_events",
    "members": "SELECT event_id, resolved_id FROM resolved_members",
    "alerts": "SELECT alert_id, kind, severity, summary FROM alerts",
    "quarantine": "SELECT DISTINCT origin, location, reason FROM quarantine",
    "publishers": "SELECT publisher_id, name, grade FROM publishers",
}

_CHILD = ("import sys; from axiswatch.bench.robustness_crash import child_main; "
          "child_main(sys.argv[1], sys.argv[2], sys.argv[3])")


def digest(ws_path: Path) -> dict[str, str]:
    """Per table: row count and a hash of the sorted rows (read-only)."""
    from axiswatch.store import open_workspace

    out: dict[str, str] = {}
    with open_workspace(ws_path, read_only=True) as ws:
        for name, sql in DIGEST_QUERIES.items():
            rows = sorted(repr(r) for r in ws.fetchall(sql))
            out[name] = f"{len(rows)}:" + hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
    return out


def build_corpus(folder: Path, docs: int) -> Path:
    """Write ``docs`` one-line JSONL documents from the packaged dev corpus, UN votes, and a watched folder."""
    src = resources.files("axiswatch.data").joinpath("corpus")
    lines_a = src.joinpath("dev_a.docs.jsonl").read_text("utf-8").splitlines()
    lines_b = src.joinpath("dev_b.docs.jsonl").read_text("utf-8").splitlines()
    inbox, incoming = folder / "in", folder / "incoming"
    inbox.mkdir(parents=True, exist_ok=True)
    incoming.mkdir(parents=True, exist_ok=True)
    for i, line in enumerate(lines_a[:docs]):
        (inbox / f"doc{i:03d}.jsonl").write_text(line + "\n", "utf-8")
    for i, line in enumerate(lines_b[:max(2, docs // 4)]):
        (incoming / f"new{i:03d}.jsonl").write_text(line + "\n", "utf-8")
    votes = ["rcid,country,country_code,vote"]
    for rcid in range(9001, 9041):
        votes += [f"{rcid},Russia,RU,{'yes' if rcid % 3 else 'no'}", f"{rcid},North Korea,KP,yes",
                  f"{rcid},France,FR,{'no' if rcid % 2 else 'abstain'}"]
    (inbox / "un_votes.csv").write_text("\n".join(votes) + "\n", "utf-8")
    return folder


def run_stage(stage: str, ws_path: Path, corpus: Path, settings: Settings) -> None:
    """Run one stage on the workspace, as the CLI verb would."""
    from axiswatch.analysis.resolve import resolve_events
    from axiswatch.extract.run import extract_workspace
    from axiswatch.profiles import load_profile
    from axiswatch.sources.ingest import ingest_paths
    from axiswatch.store import open_workspace
    from axiswatch.watch.cycle import run_cycle

    with open_workspace(ws_path) as ws:
        if stage == "ingest":
            ingest_paths(ws, [corpus / "in"], settings)
        elif stage == "extract":
            extract_workspace(ws, load_profile(settings.profile))
        elif stage == "resolve":
            resolve_events(ws, load_profile(settings.profile))
        elif stage == "watch":
            run_cycle(ws, settings, all_sources=True)
        else:
            raise ValueError(f"unknown stage {stage!r}")


def child_main(stage: str, ws_path: str, corpus: str) -> None:
    """Entry point of the child process that gets killed: says 'go' once imports are done, then works."""
    import axiswatch.analysis.resolve
    import axiswatch.extract.run
    import axiswatch.sources.ingest
    import axiswatch.watch.cycle  # noqa: F401 - imported before 'go', so the kill lands in the work

    settings = Settings.from_env(workspace=Path(ws_path), quiet=True)
    sys.stdout.write("go\n")
    sys.stdout.flush()
    run_stage(stage, Path(ws_path), Path(corpus), settings)


def _copy(src: Path, dst: Path) -> None:
    for p in (dst, dst.with_name(dst.name + ".wal")):
        p.unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    wal = src.with_name(src.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, dst.with_name(dst.name + ".wal"))


def prepare(tmp: Path, docs: int, settings: Settings, stages: tuple[str, ...] = STAGES) -> dict[str, Any]:
    """The uninterrupted reference: the workspace before and after each stage (up to the last of ``stages``)."""
    from axiswatch.store import open_workspace
    from axiswatch.watch.sources import add_source

    corpus = build_corpus(tmp / "corpus", docs)
    ref = tmp / "ref.duckdb"
    open_workspace(ref).close()
    plan: dict[str, Any] = {"corpus": corpus, "stages": {}}
    last = max(STAGES.index(s) for s in stages)
    for stage in STAGES[:last + 1]:
        if stage == "watch":
            with open_workspace(ref) as ws:
                add_source(ws, str(corpus / "incoming"), every="1m")
        before = tmp / f"before_{stage}.duckdb"
        _copy(ref, before)
        t0 = time.perf_counter()
        run_stage(stage, ref, corpus, settings)
        plan["stages"][stage] = {"before": before, "seconds": time.perf_counter() - t0, "after": digest(ref)}
    return plan


def kill_trial(stage: str, plan: dict[str, Any], rng: random.Random, tmp: Path,
               settings: Settings) -> dict[str, Any]:
    """One trial: run the stage in a child, SIGKILL it at a random moment, check, re-run, compare."""
    from axiswatch.errors import AxiswatchError
    from axiswatch.store.check import check_path

    info = plan["stages"][stage]
    ws = tmp / "trial.duckdb"
    _copy(info["before"], ws)
    delay = rng.uniform(0.0, info["seconds"] * 1.1)
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, stage, str(ws), str(plan["corpus"])],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    proc.stdout.readline()  # "go": imports done
    time.sleep(delay)
    mid_run = proc.poll() is None
    proc.kill()
    proc.wait()
    out: dict[str, Any] = {"stage": stage, "delay_s": round(delay, 3), "killed_mid_run": mid_run,
                           "check_ok": False, "converged": False, "differs": [], "problem": None}
    try:
        rep = check_path(ws)
        out["check_ok"] = rep.ok
        if not rep.ok:
            out["problem"] = "check: " + json.dumps([f.check for f in rep.findings if f.severity == "error"])
        run_stage(stage, ws, plan["corpus"], settings)
        got = digest(ws)
        diff = sorted(k for k in got if got[k] != info["after"][k])
        out["converged"], out["differs"] = not diff, diff
        if diff:
            out["problem"] = (out["problem"] or "") + f" differs after re-run: {diff}"
    except (AxiswatchError, Exception) as exc:  # noqa: BLE001 - a trial that cannot even reopen is the finding
        out["problem"] = f"{exc.__class__.__name__}: {exc}"[:300]
    return out


def run_crash_trials(trials: int, seed: int = 0, *, workdir: Path | None = None, docs: int = 24,
                     stages: tuple[str, ...] = STAGES, settings: Settings | None = None,
                     on_trial: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """``trials`` kill trials spread over the stages (seeded); figures per stage."""
    settings = settings or Settings.from_env(quiet=True)
    rng = random.Random(seed)
    per: dict[str, dict[str, Any]] = {}
    results = []
    with tempfile.TemporaryDirectory(prefix="axiswatch-kill-", dir=workdir) as t:
        tmp = Path(t)
        plan = prepare(tmp, docs, settings, stages)
        for i in range(trials):
            stage = stages[i % len(stages)]
            r = kill_trial(stage, plan, rng, tmp, settings)
            results.append(r)
            if on_trial:
                on_trial(r)
            s = per.setdefault(stage, {"trials": 0, "killed_mid_run": 0, "check_ok": 0, "converged": 0,
                                       "stage_s": round(plan["stages"][stage]["seconds"], 2)})
            s["trials"] += 1
            s["killed_mid_run"] += r["killed_mid_run"]
            s["check_ok"] += r["check_ok"]
            s["converged"] += r["converged"]
            s["documents_converged"] = s.get("documents_converged", 0) + ("documents" not in r["differs"]
                                                                          and r["check_ok"])
    return {"seed": seed, "trials": len(results), "killed_mid_run": sum(r["killed_mid_run"] for r in results),
            "check_ok": sum(r["check_ok"] for r in results), "converged": sum(r["converged"] for r in results),
            "stages": per, "failures": [f"{r['stage']} @{r['delay_s']}s: {r['problem']}" for r in results
                                        if r["problem"]]}
