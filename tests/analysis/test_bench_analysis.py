"""The analysis benchmark on a small generated workspace: every figure is there and consistent."""

from __future__ import annotations

from axiswatch.bench.analysis import generate, report, run
from axiswatch.settings import Settings


def test_generated_workspace_is_deterministic(ws):
    got = generate(ws, 2000)
    assert got == {"events": 2000, "evidence": ws.fetchone("SELECT count(*) FROM events "
                                                           "WHERE origin_kind = 'text'")[0], "documents": 100}
    kinds = dict(ws.fetchall("SELECT origin_kind, count(*) FROM events GROUP BY 1"))
    assert set(kinds) == {"text", "gdelt", "acled"}
    dyad = ws.fetchone("SELECT count(*) FROM events WHERE (source = 'RUS' AND target = 'PRK') "
                       "OR (source = 'PRK' AND target = 'RUS')")[0]
    assert 900 < dyad < 1100  # half the events are between the dyad


def test_run_reports_every_analysis(tmp_path):
    fig = run(Settings(), events=3000, workdir=tmp_path)
    assert fig["events"] == 3000 and 0 < fig["resolved"] <= 3000
    assert set(fig["seconds"]) == {"generate", "resolve", "resolve_again_unchanged", "ledger", "timeline_month",
                                   "timeline_week", "indicators", "network", "analyses_total"}
    assert fig["ledger_lines"] > 0 and fig["network_edges"] > 0 and fig["indicators"] == 8
    assert fig["peak_rss_mb"] > 0
    assert "resolve" in report(fig)
