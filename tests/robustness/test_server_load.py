"""Load on the server: concurrent readers over every page and API route while uploads are ingested in
the background; no errors, bounded latency, memory sampled over time."""

from __future__ import annotations

from pathlib import Path

from robust_helpers import scaled

from axiswatch.bench.robustness_load import PAGES, run_load


def test_readers_and_background_ingest(tmp_path: Path) -> None:
    fig = run_load(clients=scaled(4, 50), seconds=scaled(3, 60), docs=scaled(10, 40), workdir=tmp_path)
    assert fig["errors"] == 0, fig["error_samples"]
    assert fig["requests"] >= len(PAGES)
    assert fig["uploads"] >= 1
    assert 0 < fig["p50_ms"] <= fig["p95_ms"] <= fig["p99_ms"] < 30_000
    assert fig["rss_mb_series"] and fig["server_peak_mb"]
