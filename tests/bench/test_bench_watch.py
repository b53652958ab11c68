"""``bench watch`` on a tiny workspace: the figures it reports are the cycles it ran."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from axiswatch.bench.watch import generate_documents
from axiswatch.cli import main_group
from axiswatch.settings import Settings
from axiswatch.sources.ingest import ingest_paths
from axiswatch.store.workspace import open_workspace


def test_generated_documents_are_distinct(tmp_path: Path) -> None:
    paths = generate_documents(tmp_path, 30)
    texts = [p.read_text() for p in paths]
    assert len(set(texts)) == 30
    assert "North Korea sent 1,000 troops to Russia in January 2024" in texts[0]


def test_bench_watch_on_a_small_workspace(tmp_path: Path) -> None:
    base = tmp_path / "base.duckdb"
    generate_documents(tmp_path / "seed", 4, start=100)
    with open_workspace(base) as ws:
        ingest_paths(ws, [tmp_path / "seed"], Settings(workspace=base, quiet=True))
    res = CliRunner().invoke(main_group, ["--quiet", "bench", "watch", "--documents", "3", "--demo", str(base),
                                          "--workdir", str(tmp_path / "work"), "--format", "json"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    fig = json.loads(res.stdout)
    assert fig["workspace_documents"] == 4
    assert fig["first_cycle"]["analysed"] is True
    assert all(c["analysed"] is False and c["documents_added"] == 0 for c in fig["idle_cycles"])
    new = fig["new_documents_cycle"]
    assert (new["documents_added"], new["analysed"]) == (3, True)
    assert new["events"] >= 9 and set(new["stages"]) >= {"fetch", "extract", "resolve", "alerts", "deliver"}
    assert new["delivered"] == new["alerts"]
    assert fig["peak_rss_mb"] > 0
