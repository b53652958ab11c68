from __future__ import annotations

from axiswatch.bench.ingest import generate, report, run
from axiswatch.settings import Settings


def test_generate_writes_distinct_pages_with_some_copies(tmp_path):
    size = generate(tmp_path, 60)
    files = sorted(tmp_path.rglob("*.html"))
    assert len(files) == 60 and size == sum(f.stat().st_size for f in files)
    assert len({f.read_bytes() for f in files}) >= 55


def test_small_bench_run(tmp_path):
    fig = run(Settings(), n=40, workdir=tmp_path, reingest=True, workers=1)
    assert fig["files"] == 40 and fig["failed"] == 0
    assert fig["added"] + fig["near_duplicates"] >= fig["added"] > 30
    assert fig["reingest_added"] == 0 and fig["reingest_unchanged"] == 40
    assert fig["documents_per_second"] > 0 and fig["peak_rss_mb"] > 0
    assert "documents/s" in report(fig)
    assert list(tmp_path.iterdir()) == []  # temporary files removed
