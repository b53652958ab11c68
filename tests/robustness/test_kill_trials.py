"""Crash injection: kill -9 of ingest, extract, resolve and a watch cycle at seeded random moments.
After each kill the workspace opens, passes the integrity check, and a re-run reaches exactly the
state of an uninterrupted run (same documents, events, evidence, resolved events, alerts)."""

from __future__ import annotations

from pathlib import Path

from robust_helpers import scaled

from axiswatch.bench.robustness_crash import STAGES, run_crash_trials


def test_kill_every_stage_then_check_and_rerun(tmp_path: Path) -> None:
    trials = scaled(len(STAGES), 200)
    fig = run_crash_trials(trials, seed=20261127, workdir=tmp_path, docs=scaled(6, 24))
    assert fig["trials"] == trials
    assert set(fig["stages"]) == set(STAGES)
    assert fig["check_ok"] == trials
    for stage in ("ingest", "extract", "resolve"):
        st = fig["stages"][stage]
        assert st["converged"] == st["trials"], fig["failures"]
    # A watch cycle re-run sometimes codes one document differently (README, Limitations): nothing is
    # lost or doubled (documents converge, the check passes), but events are not asserted equal there.
    assert fig["stages"]["watch"]["documents_converged"] == fig["stages"]["watch"]["trials"]
    # the kills must land inside the work, or the test proves nothing
    assert fig["killed_mid_run"] >= trials * 3 // 4
