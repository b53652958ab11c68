"""``axiswatch bench export``: figures for every DataFrame and export format, as JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from axiswatch.cli import main_group


def test_bench_export_reports_each_format(fx_ws):
    result = CliRunner().invoke(main_group, ["--workspace", str(fx_ws), "bench", "export", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    assert fig["frames"]["events"]["rows"] == 10 and fig["frames"]["ledger"]["rows"] == 5
    assert set(fig["exports"]) == {"events plover", "events cameo", "events parquet", "events csv",
                                   "ledger parquet", "network graphml", "network gexf", "ftm"}
    assert fig["exports"]["events plover"]["records"] == 10
    assert all(f["bytes"] > 0 and f["seconds"] >= 0 for f in fig["exports"].values())
    assert fig["peak_rss_mb"] > 0
