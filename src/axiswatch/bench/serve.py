"""``axiswatch bench serve``: latency of the dashboard and API under concurrent clients.

Builds a workspace of N generated events (``bench.analysis.generate``, in SQL),
starts ``axiswatch serve`` on a free loopback port in a subprocess, waits until
it answers, requests every route once (cold: the first hit computes and caches
the analysis), then drives it with C concurrent httpx async clients for a fixed
number of requests spread over the routes, and stops the server. A share of the
event-list requests use a fresh random ``since`` date each, so they miss the
cache and measure the database query itself. Latency is wall time per request
(``time.perf_counter``); peak memory is the server's VmHWM and this process's
maximum resident set (``resource.getrusage``).
"""

from __future__ import annotations

import asyncio
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from axiswatch.settings import Settings

ROUTES = ["/", "/api", "/api/timeline", "/api/ledger", "/api/events?limit=50", "/api/events?type=AID&limit=50",
          "/api/documents?limit=50", "/api/indicators", "/api/network", "/api/alerts", "/events", "/ledger"]
# "jump to a date": a distinct filter per request, so each one misses the cache and runs the query
UNCACHED = "/api/events?since={d}&limit=50"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] * 1000, 1)


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _build(path: Path, events: int) -> dict[str, Any]:
    from axiswatch.bench.analysis import generate
    from axiswatch.store.workspace import open_workspace

    t = time.perf_counter()
    with open_workspace(path) as ws:
        counts = generate(ws, events)
    return {"seconds": round(time.perf_counter() - t, 2), **counts}


def _wait_up(base: str, proc: subprocess.Popen[bytes], timeout: float) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            if httpx.get(base + "/api/jobs", timeout=2.0).status_code == 200:
                return round(time.perf_counter() - t0, 2)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout} s")


async def _load(base: str, clients: int, requests: int, uncached_share: float, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    plan: list[tuple[str, str]] = []
    for i in range(requests):
        if rng.random() < uncached_share:
            day = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 2920))
            plan.append(("events (uncached)", UNCACHED.format(d=day.isoformat())))
        else:
            r = ROUTES[i % len(ROUTES)]
            plan.append((r, r))
    lat: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            name, url = queue.get_nowait()
            t = time.perf_counter()
            try:
                r = await client.get(url)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            dt = time.perf_counter() - t
            if ok:
                lat.setdefault(name, []).append(dt)
            else:
                errors[name] = errors.get(name, 0) + 1

    t0 = time.perf_counter()
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60.0, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    wall = time.perf_counter() - t0
    every = [x for v in lat.values() for x in v]
    main = [x for k, v in lat.items() if k != "events (uncached)" for x in v]
    return {
        "wall_seconds": round(wall, 2), "requests_per_second": round(len(every) / wall, 1) if wall else 0.0,
        "p50_ms": _pct(every, 50), "p95_ms": _pct(every, 95), "p99_ms": _pct(every, 99),
        "cached_routes_p95_ms": _pct(main, 95),
        "routes": {k: {"n": len(v), "p50_ms": _pct(v, 50), "p95_ms": _pct(v, 95), "max_ms": _pct(v, 100)}
                   for k, v in sorted(lat.items())},
        "errors": errors,
    }


def run(settings: Settings, *, events: int = 100_000, clients: int = 20, requests: int = 2000,
        uncached_share: float = 0.1, workdir: Path | None = None, startup_timeout: float = 600.0,
        wrk_seconds: int = 8) -> dict[str, Any]:
    """Build a workspace of ``events``, serve it, and measure latency under ``clients`` concurrent clients."""
    own = workdir is None
    folder = Path(tempfile.mkdtemp(prefix="axiswatch-bench-serve-")) if own else Path(workdir)  # type: ignore[arg-type]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "serve.duckdb"
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
    fig: dict[str, Any] = {"events": events, "clients": clients, "requests": requests,
                           "uncached_share": uncached_share, "build": _build(path, events)}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "AXISWATCH_WORKSPACE": str(path)}
    proc = subprocess.Popen([sys.executable, "-m", "axiswatch", "--quiet", "serve", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        fig["startup_seconds"] = _wait_up(base, proc, startup_timeout)
        cold = {}
        with httpx.Client(base_url=base, timeout=600.0) as c:
            for r in ROUTES:
                t = time.perf_counter()
                status = c.get(r).status_code
                cold[r] = {"ms": round((time.perf_counter() - t) * 1000, 1), "status": status}
        fig["cold"] = cold
        cpu0, own0 = _cpu_seconds(proc.pid), resource.getrusage(resource.RUSAGE_SELF)
        fig["load"] = asyncio.run(_load(base, clients, requests, uncached_share, seed=7))
        cpu1, own1 = _cpu_seconds(proc.pid), resource.getrusage(resource.RUSAGE_SELF)
        # CPU per request on each side: on a busy machine, latency is mostly waiting for a core
        if cpu0 is not None and cpu1 is not None:
            fig["load"]["server_cpu_ms_per_request"] = round((cpu1 - cpu0) * 1000 / requests, 2)
        fig["load"]["client_cpu_ms_per_request"] = round(
            ((own1.ru_utime + own1.ru_stime) - (own0.ru_utime + own0.ru_stime)) * 1000 / requests, 2)
        if shutil.which("wrk"):
            # The Python load generator costs ~3 ms of CPU per request on the same two cores as the server;
            # wrk (C) costs almost nothing, so it shows what the server itself sustains.
            fig["wrk"] = {r: _wrk(base + r, clients, seconds=wrk_seconds) for r in WRK_ROUTES}
        fig["load_average"] = list(os.getloadavg())
        fig["cpus"] = os.cpu_count()
        fig["server_peak_mb"] = _vm_hwm_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        if own:
            shutil.rmtree(folder, ignore_errors=True)
    fig["server_exit_code"] = proc.returncode
    if proc.returncode not in (0, -15):
        fig["server_stderr"] = (err or b"").decode("utf-8", "replace")[-2000:]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    fig["client_peak_mb"] = round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
    fig["target"] = {"p95_ms": 150, "met": fig["load"]["cached_routes_p95_ms"] < 150}
    if fig.get("wrk"):
        worst = max(v["p95_ms"] for v in fig["wrk"].values())
        fig["target_wrk"] = {"p95_ms": 150, "worst_route_p95_ms": worst, "met": worst < 150}
    return fig


WRK_ROUTES = ("/", "/api", "/api/ledger", "/api/timeline", "/api/events?limit=50", "/api/documents?limit=50",
              "/api/indicators", "/ledger", "/events")
_WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("AXW %d %d %.1f %.1f %.1f %.1f\\n", summary.requests, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.duration / 1e6))
end
"""


def _wrk(url: str, clients: int, seconds: int) -> dict[str, Any]:
    """Drive one route with wrk for a bounded time; p50/p95/p99 in ms, requests/s, non-2xx count."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_WRK_LUA)
        script = fh.name
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", script, url],
                             capture_output=True, text=True, timeout=seconds + 60).stdout
    finally:
        Path(script).unlink(missing_ok=True)
    line = next((x for x in out.splitlines() if x.startswith("AXW ")), None)
    if line is None:
        return {"error": out[-300:]}
    n, bad, p50, p95, p99, dur = line.split()[1:]
    return {"requests_per_second": round(int(n) / float(dur), 1), "p50_ms": float(p50), "p95_ms": float(p95),
            "p99_ms": float(p99), "non_2xx": int(bad)}


def report(fig: dict[str, Any]) -> str:
    """A readable summary of ``run``'s figures."""
    ld = fig["load"]
    lines = [
        f"bench serve: {fig['events']:,} events, {fig['clients']} concurrent clients, {fig['requests']:,} requests",
        f"  workspace built in {fig['build']['seconds']} s; server up in {fig['startup_seconds']} s "
        f"(includes the first resolve)",
        "  first hit per route (computes and caches):",
        *[f"    {r:<34} {v['ms']:>9.1f} ms  ({v['status']})" for r, v in fig["cold"].items()],
        f"  under load: {ld['requests_per_second']} requests/s over {ld['wall_seconds']} s; "
        f"p50 {ld['p50_ms']} ms, p95 {ld['p95_ms']} ms, p99 {ld['p99_ms']} ms",
        f"  main routes p95: {ld['cached_routes_p95_ms']} ms (target < {fig['target']['p95_ms']} ms: "
        f"{'met' if fig['target']['met'] else 'NOT met'})",
        *[f"    {r:<34} n={v['n']:<5} p50 {v['p50_ms']:>7.1f}  p95 {v['p95_ms']:>7.1f}  max {v['max_ms']:>7.1f} ms"
          for r, v in ld["routes"].items()],
        f"  CPU per request: server {ld.get('server_cpu_ms_per_request')} ms, load generator "
        f"{ld.get('client_cpu_ms_per_request')} ms; machine load average "
        f"{', '.join(f'{x:.1f}' for x in fig.get('load_average', []))} on {fig.get('cpus')} CPUs",
        f"  errors: {ld['errors'] or 'none'}",
        *([f"  with wrk ({fig['clients']} connections per route, C client; worst p95 "
           f"{fig['target_wrk']['worst_route_p95_ms']} ms, target "
           f"{'met' if fig['target_wrk']['met'] else 'NOT met'}):"]
          + [f"    {r:<34} {v.get('requests_per_second')} req/s  p50 {v.get('p50_ms')}  p95 {v.get('p95_ms')}  "
             f"p99 {v.get('p99_ms')} ms  non-2xx {v.get('non_2xx')}" for r, v in fig["wrk"].items()]
          if fig.get("wrk") else ["  (install wrk to measure the server with a C load generator too)"]),
        f"  peak memory: server {fig['server_peak_mb']} MB, load generator {fig['client_peak_mb']} MB",
    ]
    return "\n".join(lines)
