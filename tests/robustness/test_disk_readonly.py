"""A full disk (RLIMIT_FSIZE in a subprocess: writes fail with EFBIG) and a read-only workspace:
a clear error instead of a traceback, no corruption, and a later run completes the work."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from axiswatch.bench.robustness_crash import build_corpus, digest
from axiswatch.settings import Settings
from axiswatch.sources.ingest import ingest_paths
from axiswatch.store import open_workspace
from axiswatch.store.check import check_path

_LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write(), as on a full disk, not a kill
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from axiswatch.cli import main
main(sys.argv[2:])
"""


def _axiswatch(*args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", _LIMITED, str(limit), *args] if limit else [sys.executable, "-m", "axiswatch", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


def test_full_disk_mid_ingest(tmp_path: Path) -> None:
    build_corpus(tmp_path / "c", 12)
    inbox = tmp_path / "c" / "in"
    settings = Settings.from_env(quiet=True)
    ref, ws_path = tmp_path / "ref.duckdb", tmp_path / "ws.duckdb"
    with open_workspace(ref) as ws:
        ingest_paths(ws, [inbox], settings)
    with open_workspace(ws_path) as ws:
        ingest_paths(ws, [inbox / "doc000.jsonl"], settings)
    # the workspace file may not grow and its write-ahead log gets 30 kB: the disk fills mid-run
    res = _axiswatch("--workspace", str(ws_path), "ingest", str(inbox), limit=30_000)
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert res.stderr.startswith("axiswatch: ") and "too large" in res.stderr.lower()
    rep = check_path(ws_path)
    assert rep.ok, rep.findings
    with open_workspace(ws_path) as ws:
        again = ingest_paths(ws, [inbox], settings)
    assert again.failed == 0
    assert digest(ws_path) == digest(ref)


@pytest.fixture
def read_only_dir(tmp_path: Path):
    """A folder whose files cannot be written: chmod for a normal user, a read-only bind mount as root."""
    src, ro = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    with open_workspace(src / "ws.duckdb") as ws:
        ws.execute("INSERT INTO publishers (publisher_id, name) VALUES ('pub-1', 'Example Wire')")
    if os.geteuid() != 0:
        shutil.copy(src / "ws.duckdb", ro / "ws.duckdb")
        (ro / "ws.duckdb").chmod(0o444)
        ro.chmod(0o555)
        yield ro
        ro.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", str(src), str(ro)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("root without mount: cannot make a read-only folder")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], capture_output=True,
                          check=False).returncode != 0:
            pytest.skip("cannot remount read-only")
        yield ro
    finally:
        subprocess.run(["umount", str(ro)], capture_output=True, check=False)


def test_read_only_workspace(read_only_dir: Path, tmp_path: Path) -> None:
    ws_path = read_only_dir / "ws.duckdb"
    before = ws_path.read_bytes()
    doc = tmp_path / "note.txt"
    doc.write_text("Russia shipped fuel to North Korea in March 2024, officials said.\n", "utf-8")
    res = _axiswatch("--workspace", str(ws_path), "ingest", str(doc))
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert res.stderr.startswith("axiswatch: ") and str(ws_path) in res.stderr
    assert ws_path.read_bytes() == before
    # reading still works: the integrity check opens read-only
    ok = _axiswatch("--workspace", str(ws_path), "check", "--format", "json")
    assert ok.returncode == 0, ok.stderr
    assert '"ok": true' in ok.stdout
