"""``axiswatch bench robustness``: fuzz every parser, kill every stage, and report the figures.

Two halves. *Fuzzing* mutates small seed inputs in the real formats (truncation,
flipped and inserted bytes, encodings that lie, NULs, endless lines) and feeds
them to the text parsers, the NMEA decoder and every dataset connector: a
rejection must carry a reason; anything else escaping is a crash. *Crash
injection* (``robustness_crash``) kills ingest, extract, resolve and a watch
cycle with SIGKILL at seeded random moments, then checks the workspace and
re-runs the stage to the state of an uninterrupted run.
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from axiswatch.errors import AxiswatchError
from axiswatch.settings import Settings

REPO = Path(__file__).resolve().parents[3]
SEED_DIRS = tuple(REPO / "tests" / "fixtures" / d for d in ("sources", "datasets", "maritime", "watch", "web"))
SLOW_S = 5.0  # one input taking longer than this counts as a hang

# Seeds written here, so the bench also runs from an installed package without the tests folder.
BUILTIN_SEEDS: dict[str, bytes] = {
    "page.html": b"<html><head><meta charset='utf-8'><title>Shells by rail</title></head><body><article>"
                 b"<p>Russia received artillery shells from North Korea in 2024, officials said.</p>"
                 b"</article></body></html>",
    "feed.xml": b"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
                b"<item><title>Talks</title><link>http://example.org/a</link><pubDate>Mon, 02 Sep 2024 "
                b"10:00:00 GMT</pubDate><description>Moscow and Pyongyang held talks.</description></item>"
                b"</channel></rss>",
    "docs.jsonl": b'{"id": "x1", "title": "Visit", "published": "2024-06-19", "text": "Putin visited '
                  b'Pyongyang and signed a treaty with Kim Jong Un."}\n',
    "note.txt": "Пхеньян и Москва подписали договор. 북한 군대가 러시아에 파견되었다.".encode(),
    "votes.csv": b"rcid,country,country_code,vote\n9001,Russia,RU,yes\n9001,North Korea,KP,yes\n",
    "ais.nmea": b"!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5C\n",
    "tiny.pdf": b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
                b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>"
                b"\n%%EOF\n",
}

_JUNK = (b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<", b"\"", b",", b"\t", b"\n", b"\r", b"\\", b"{", b"}",
         b"<![CDATA[", b"&#0;", b"<script>", b"\xe2\x80", b"\xc3", b"9" * 40, b"-1", b"NaN", b"1e999")


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three random damages of the kinds real scrapes show."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(8)
        n = len(out)
        if op == 0 and n:  # cut off mid-download
            del out[rng.randrange(n):]
        elif op == 1 and n:  # flipped bytes
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(n)] = rng.randrange(256)
        elif op == 2:  # junk inserted
            i = rng.randrange(n + 1)
            out[i:i] = rng.choice(_JUNK) * rng.randint(1, 4)
        elif op == 3 and n:  # a chunk repeated (duplicated rows, doubled tags)
            i = rng.randrange(n)
            out[i:i] = out[i:i + rng.randint(1, 200)]
        elif op == 4 and n:  # a chunk lost
            i = rng.randrange(n)
            del out[i:i + rng.randint(1, 200)]
        elif op == 5:  # an encoding that lies
            try:
                enc = rng.choice(["utf-16", "cp1251", "latin-1"])
                out = bytearray(bytes(out).decode("utf-8", "replace").encode(enc, "replace"))
            except (UnicodeError, LookupError):
                pass
        elif op == 6:  # one endless line
            i = rng.randrange(n + 1)
            out[i:i] = b"A" * rng.randint(1000, 200_000)
        else:  # random bytes
            out = bytearray(rng.randbytes(rng.randint(0, 512)))
    return bytes(out)


@dataclass
class FuzzTally:
    """What one parser did with the inputs it was given."""

    tried: int = 0
    accepted: int = 0
    rejected: int = 0
    crashes: list[str] = field(default_factory=list)
    no_reason: int = 0
    slowest_s: float = 0.0
    hangs: int = 0

    def note(self, outcome: str, seconds: float, detail: str = "") -> None:
        """Count one input."""
        self.tried += 1
        self.slowest_s = max(self.slowest_s, seconds)
        self.hangs += seconds > SLOW_S
        if outcome == "ok":
            self.accepted += 1
        elif outcome == "rejected":
            self.rejected += 1
        elif outcome == "no_reason":
            self.rejected += 1
            self.no_reason += 1
        else:
            self.crashes.append(detail[:300])


def fuzz_text_input(data: bytes, name: str) -> tuple[str, str]:
    """Parse one input as the file parser would; ('ok'|'rejected'|'no_reason'|'crash', detail)."""
    from axiswatch.sources.detect import detect_kind
    from axiswatch.sources.parse import HEAD_BYTES, parse_bytes

    try:
        kind = detect_kind(name, data[:HEAD_BYTES])
        parsed = parse_bytes(kind, data, name)
    except AxiswatchError as exc:
        return ("rejected" if str(getattr(exc, "reason", exc)).strip() else "no_reason"), str(exc)
    except Exception as exc:  # noqa: BLE001 - that is the finding
        return "crash", f"{name}: {exc.__class__.__name__}: {exc}"
    if any(not r.reason.strip() for r in parsed.rejected):
        return "no_reason", name
    if any(not d.text.strip() or not d.id for d in parsed.documents):
        return "crash", f"{name}: a document without text or id came out"
    return "ok", ""


def fuzz_nmea_input(data: bytes) -> tuple[str, str]:
    """Decode one input as NMEA lines."""
    from axiswatch.maritime.nmea import parse_nmea

    try:
        res = parse_nmea(data.decode("latin-1").splitlines())
    except AxiswatchError as exc:
        return "rejected", str(exc)
    except Exception as exc:  # noqa: BLE001 - that is the finding
        return "crash", f"nmea: {exc.__class__.__name__}: {exc}"
    return "ok", str(res.__class__.__name__)


def fuzz_dataset_input(ws_path: Path, path: Path, kind: str, settings: Settings) -> tuple[str, str]:
    """Ingest one input with the named connector into a scratch workspace; the run must end cleanly."""
    from axiswatch.sources.ingest import ingest_paths
    from axiswatch.store import open_workspace

    try:
        with open_workspace(ws_path) as ws:
            summary = ingest_paths(ws, [path], settings, kind=kind)
    except AxiswatchError as exc:
        return ("rejected" if str(exc).strip() else "no_reason"), str(exc)
    except Exception as exc:  # noqa: BLE001 - that is the finding
        return "crash", f"{kind} {path.name}: {exc.__class__.__name__}: {exc}"
    if any(not (f.reason or "").strip() for f in summary.failures):
        return "no_reason", path.name
    unexpected = [f.reason for f in summary.failures if f.reason.startswith("unexpected error")]
    if unexpected:
        return "crash", f"{kind} {path.name}: {unexpected[0]}"
    return ("rejected" if summary.failed else "ok"), ""


def _dataset_kind(name: str, data: bytes) -> str | None:
    """Which connector a seed file belongs to (by name and head), None for text kinds."""
    low = name.lower()
    if "gdelt" in low or low.endswith((".export.csv", ".mentions.csv")):
        return "gdelt"
    if "acled" in low:
        return "acled"
    if "polecat" in low:
        return "polecat"
    if "un_small" in low or "ftm" in low or "sdn" in low or low.startswith("alt_"):
        return "sanctions"
    if low.startswith(("un_", "voeten", "votes")):
        return "unvotes"
    if low.endswith((".nm4", ".nmea")) or "tanker" in low or "encounter" in low:
        return "ais"
    return None


def load_seeds(dirs: tuple[Path, ...] = SEED_DIRS, max_bytes: int = 200_000) -> list[tuple[str, bytes]]:
    """The seed inputs: our own small fixtures when the repo is there, plus the built-in ones."""
    seeds = list(BUILTIN_SEEDS.items())
    for d in dirs:
        if not d.is_dir():
            continue
        for p in sorted(d.rglob("*")):
            if p.is_file() and p.suffix not in (".py", ".zip") and p.stat().st_size <= max_bytes:
                seeds.append((p.name, p.read_bytes()))
    return seeds


def run_fuzz(n: int, seed: int = 0, *, workdir: Path | None = None, datasets_n: int | None = None,
             settings: Settings | None = None) -> dict[str, Any]:
    """Fuzz with ``n`` mutants per text seed and ``datasets_n`` per dataset seed; figures per parser."""
    rng = random.Random(seed)
    settings = settings or Settings.from_env()
    tallies: dict[str, FuzzTally] = {}
    seeds = load_seeds()
    datasets_n = max(1, n // 10) if datasets_n is None else datasets_n
    with tempfile.TemporaryDirectory(prefix="axiswatch-fuzz-", dir=workdir) as tmp:
        scratch = Path(tmp)
        for name, data in seeds:
            kind = _dataset_kind(name, data)
            if kind is None:
                for _ in range(n):
                    t0 = time.perf_counter()
                    out, detail = fuzz_text_input(mutate(data, rng), name)
                    tallies.setdefault("text:" + Path(name).suffix.lstrip(".").lower(),
                                       FuzzTally()).note(out, time.perf_counter() - t0, detail)
                continue
            if name.endswith((".nm4", ".nmea")):
                for _ in range(n):
                    t0 = time.perf_counter()
                    out, detail = fuzz_nmea_input(mutate(data, rng))
                    tallies.setdefault("nmea", FuzzTally()).note(out, time.perf_counter() - t0, detail)
            ws_path = scratch / f"{kind}.duckdb"
            for i in range(datasets_n):
                p = scratch / f"m{i}_{name}"
                p.write_bytes(mutate(data, rng))
                t0 = time.perf_counter()
                out, detail = fuzz_dataset_input(ws_path, p, kind, settings)
                tallies.setdefault(kind, FuzzTally()).note(out, time.perf_counter() - t0, detail)
                p.unlink()
        integrity = _check_all(scratch)
    total = FuzzTally()
    for t in tallies.values():
        total.tried += t.tried
        total.accepted += t.accepted
        total.rejected += t.rejected
        total.crashes += t.crashes
        total.no_reason += t.no_reason
        total.hangs += t.hangs
        total.slowest_s = max(total.slowest_s, t.slowest_s)
    return {"seed": seed, "seeds": len(seeds), "inputs": total.tried, "accepted": total.accepted,
            "rejected": total.rejected, "crashes": len(total.crashes), "rejections_without_reason": total.no_reason,
            "hangs": total.hangs, "slowest_s": round(total.slowest_s, 3),
            "scratch_workspaces_ok": not integrity, "integrity_problems": integrity,
            "crash_samples": sorted(Counter(total.crashes))[:10],
            "parsers": {k: {**asdict(v), "crashes": len(v.crashes), "slowest_s": round(v.slowest_s, 3)}
                        for k, v in sorted(tallies.items())}}


def _check_all(folder: Path) -> list[str]:
    """The integrity errors of every scratch workspace the fuzzer wrote into (empty: all intact)."""
    from axiswatch.store.check import check_path

    problems = []
    for p in sorted(folder.glob("*.duckdb")):
        try:
            rep = check_path(p)
        except (AxiswatchError, duckdb.Error) as exc:
            problems.append(f"{p.stem}: cannot open: {exc}")
            continue
        problems += [f"{p.stem}: {f.check} ({f.count}: {f.reason})" for f in rep.findings if f.severity == "error"]
    return problems


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(settings: Settings, *, fuzz: int = 20, kills: int = 4, seed: int = 0, workdir: Path | None = None,
        docs: int = 24, clients: int = 0, load_seconds: float = 0.0,
        progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """The robustness figures: inputs fuzzed and crashes found, kill trials survived, load held."""
    from axiswatch.bench.robustness_crash import run_crash_trials
    from axiswatch.bench.robustness_load import run_load

    t0 = time.perf_counter()
    fig: dict[str, Any] = {"fuzz": run_fuzz(fuzz, seed, workdir=workdir, settings=settings)}
    if progress:
        progress("fuzzing done")
    fig["crash"] = run_crash_trials(kills, seed, workdir=workdir, docs=docs, settings=settings)
    fig["load"] = run_load(clients, load_seconds, workdir=workdir) if clients and load_seconds > 0 else None
    fig["seconds"] = round(time.perf_counter() - t0, 1)
    fig["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return fig


def report(fig: dict[str, Any]) -> str:
    """A readable summary of the figures."""
    f, c = fig["fuzz"], fig["crash"]
    lines = [f"fuzzing: {f['inputs']} inputs from {f['seeds']} seeds (seed {f['seed']}): {f['accepted']} accepted, "
             f"{f['rejected']} rejected with a reason, {f['crashes']} crashes, {f['hangs']} hangs "
             f"(slowest {f['slowest_s']} s), rejections without reason {f['rejections_without_reason']}, "
             f"scratch workspaces intact: {f['scratch_workspaces_ok']}"]
    for k, v in f["parsers"].items():
        lines.append(f"  {k:<12} tried {v['tried']:>6}  ok {v['accepted']:>6}  rejected {v['rejected']:>6}  "
                     f"crashes {v['crashes']}  slowest {v['slowest_s']} s")
    lines += [f"  crash: {s}" for s in f["crash_samples"]]
    lines.append(f"kill -9 trials: {c['trials']} ({c['killed_mid_run']} killed mid-run), integrity check passed "
                 f"{c['check_ok']}, re-run reached the uninterrupted state {c['converged']}")
    for stage, s in c["stages"].items():
        lines.append(f"  {stage:<8} trials {s['trials']:>4}  check ok {s['check_ok']:>4}  converged {s['converged']:>4}"
                     f"  stage time {s['stage_s']} s")
    lines += [f"  failure: {x}" for x in c["failures"][:10]]
    ld = fig.get("load")
    if ld:
        series = ", ".join(f"{m:.0f}" for _, m in ld["rss_mb_series"][:: max(1, len(ld["rss_mb_series"]) // 12)])
        lines += [f"load: {ld['clients']} clients for {ld['seconds']} s with {ld['uploads']} uploads ingested "
                  f"meanwhile: {ld['requests']} requests ({ld['requests_per_s']}/s), {ld['errors']} errors "
                  f"(rate {ld['error_rate']}), p50 {ld['p50_ms']} ms, p95 {ld['p95_ms']} ms, p99 {ld['p99_ms']} ms",
                  f"  server RSS over time (MB): {series}; growth second half vs first {ld['rss_growth_mb']} MB, "
                  f"peak {ld['server_peak_mb']} MB"]
    lines.append(f"total {fig['seconds']} s, peak RSS {fig['peak_rss_mb']} MB")
    return "\n".join(lines)
