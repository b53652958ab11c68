"""Load on the server: concurrent readers over the pages and API while uploads are ingested in the background.

Builds a small workspace from the packaged corpus, starts ``axiswatch serve`` on a free
loopback port, then for a fixed duration runs C async clients cycling over the HTML
pages and their JSON twins, plus one writer that uploads a new document every second
through ``POST /api/ingest`` (a real ingest -> extract -> analysis job). It reports the
error rate, latency percentiles and the server's resident memory sampled over time,
so growth shows as a rising series.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any

import httpx

from axiswatch.bench.serve import _free_port, _pct, _vm_hwm_mb
from axiswatch.settings import Settings

PAGES = ["/", "/events", "/ledger", "/timeline", "/documents", "/indicators", "/network", "/alerts",
         "/api", "/api/events?limit=50", "/api/ledger", "/api/timeline", "/api/documents?limit=50",
         "/api/indicators", "/api/network", "/api/alerts"]


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _prepare(folder: Path, docs: int) -> tuple[Path, str, list[str]]:
    """A workspace with ``docs`` coded documents, a user and token; the texts left for uploading."""
    from axiswatch.extract import extract_workspace
    from axiswatch.profiles import load_profile
    from axiswatch.sources.ingest import ingest_paths
    from axiswatch.store import open_workspace
    from axiswatch.web.auth import add_user, create_token

    corpus = resources.files("axiswatch.data").joinpath("corpus")
    lines = [json.loads(x) for name in ("dev_a.docs.jsonl", "dev_b.docs.jsonl")
             for x in corpus.joinpath(name).read_text("utf-8").splitlines()]
    first = folder / "first.jsonl"
    first.write_text("\n".join(json.dumps(d) for d in lines[:docs]) + "\n", "utf-8")
    path = folder / "ws.duckdb"
    with open_workspace(path) as ws:
        ingest_paths(ws, [first], Settings(workspace=path, quiet=True))
        extract_workspace(ws, load_profile("russia_dprk"))
        add_user(ws, "bench", "bench password 123")
        token = create_token(ws, "bench", "load")
    uploads = [f"{d.get('title') or ''}\n\n{d['text']}" for d in lines[docs:]]
    return path, token, uploads


async def _reader(client: httpx.AsyncClient, stop: float, lat: list[float], errors: list[str], k: int) -> int:
    n = 0
    while time.perf_counter() < stop:
        route = PAGES[(k + n) % len(PAGES)]
        t = time.perf_counter()
        try:
            r = await client.get(route)
            if r.status_code != 200:
                errors.append(f"{route}: HTTP {r.status_code}")
        except httpx.HTTPError as exc:
            errors.append(f"{route}: {exc.__class__.__name__}")
        lat.append(time.perf_counter() - t)
        n += 1
    return n


async def _writer(client: httpx.AsyncClient, token: str, uploads: list[str], stop: float,
                  errors: list[str]) -> int:
    n = 0
    headers = {"Authorization": f"Bearer {token}"}
    while time.perf_counter() < stop and n < len(uploads):
        files = {"file": (f"upload{n:03d}.txt", uploads[n].encode("utf-8"), "text/plain")}
        try:
            r = await client.post("/api/ingest", files=files, headers=headers)
            if r.status_code != 202:
                errors.append(f"POST /api/ingest: HTTP {r.status_code}")
        except httpx.HTTPError as exc:
            errors.append(f"POST /api/ingest: {exc.__class__.__name__}")
        n += 1
        await asyncio.sleep(1.0)
    return n


async def _sampler(pid: int, stop: float, series: list[tuple[float, float]], t0: float) -> None:
    while time.perf_counter() < stop:
        rss = _rss_mb(pid)
        if rss is not None:
            series.append((round(time.perf_counter() - t0, 1), rss))
        await asyncio.sleep(1.0)


async def _drive(base: str, pid: int, token: str, uploads: list[str], clients: int,
                 seconds: float) -> dict[str, Any]:
    lat: list[float] = []
    errors: list[str] = []
    series: list[tuple[float, float]] = []
    limits = httpx.Limits(max_connections=clients + 2)
    async with httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits) as client:
        for route in PAGES:  # warm: the first hit computes and caches each page
            await client.get(route)
        t0 = time.perf_counter()
        stop = t0 + seconds
        readers = asyncio.gather(*[_reader(client, stop, lat, errors, k) for k in range(clients)])
        writer = asyncio.ensure_future(_writer(client, token, uploads, stop, errors))
        sampler = asyncio.ensure_future(_sampler(pid, stop, series, t0))
        counts: list[int] = await readers
        uploaded: int = await writer
        await sampler
        wall = time.perf_counter() - t0
    reads = sum(counts)
    return {"requests": reads, "uploads": uploaded, "seconds": round(wall, 1),
            "requests_per_s": round(reads / wall, 1) if wall else 0.0,
            "errors": len(errors), "error_rate": round(len(errors) / max(1, reads), 4), "error_samples": errors[:5],
            "p50_ms": _pct(lat, 50), "p95_ms": _pct(lat, 95), "p99_ms": _pct(lat, 99),
            "rss_mb_series": series}


def run_load(clients: int = 10, seconds: float = 5.0, docs: int = 40, workdir: Path | None = None) -> dict[str, Any]:
    """Serve a small workspace on loopback and load it; errors, latency and memory over time."""
    with tempfile.TemporaryDirectory(prefix="axiswatch-load-", dir=workdir) as t:
        folder = Path(t)
        path, token, uploads = _prepare(folder, docs)
        port = _free_port()
        log = (folder / "server.log").open("wb")
        server = subprocess.Popen([sys.executable, "-m", "axiswatch", "--workspace", str(path), "-q", "serve",
                                   "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(base + "/api", timeout=2.0).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    err = (folder / "server.log").read_text("utf-8", "replace")[-500:]
                    raise RuntimeError(f"the server did not start: {err}")
                time.sleep(0.3)
            fig = asyncio.run(_drive(base, server.pid, token, uploads, clients, seconds))
            fig["server_peak_mb"] = _vm_hwm_mb(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
        if fig.get("errors"):
            fig["server_log_tail"] = (folder / "server.log").read_text("utf-8", "replace")[-3000:]
    series = [m for _, m in fig["rss_mb_series"]]
    half = len(series) // 2
    fig["rss_growth_mb"] = round((max(series[half:]) - max(series[:half])) if half else 0.0, 1)
    fig.update({"clients": clients, "documents": docs})
    return fig
