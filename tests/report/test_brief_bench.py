"""The brief benchmark: real timings on a real workspace, in the figures the README names."""

from __future__ import annotations

from dataclasses import replace

import pytest
from brief_fixture import load_fixture

from axiswatch.bench import brief as bench
from axiswatch.errors import UsageError
from axiswatch.settings import Settings
from axiswatch.store import open_workspace


def test_bench_reports_figures(ws_path, profile, brief):
    with open_workspace(ws_path) as ws:
        load_fixture(ws, profile)
    fig = bench.run(replace(Settings(), workspace=ws_path), formats=("html", "md"))
    assert set(fig["seconds"]) == {"build_first", "build", "render_html", "render_md"}
    assert fig["citations"] == len(brief.citations()) and fig["sources"] == len(brief.sources)
    assert fig["bytes"]["html"] > fig["bytes"]["md"] > 5000 and fig["peak_rss_mb"] > 50
    assert "citations of" in bench.report(fig)


def test_bench_needs_a_workspace(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        bench.run(replace(Settings(), workspace=tmp_path / "none.duckdb"))
