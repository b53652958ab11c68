"""``axiswatch bench extract``: extraction throughput, memory and time to the first document out.

Documents are five-sentence news items assembled from the bundled sample
corpus's sentences (each sentence used in turn), so the text is realistic and
the run is reproducible.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from axiswatch.settings import Settings


def make_documents(n: int, sentences_per_doc: int = 5) -> list[dict[str, Any]]:
    """``n`` documents of five corpus sentences each, with their publication dates."""
    from axiswatch.demo import corpus_files
    from axiswatch.extract.text import split_sentences

    pool: list[tuple[str, str | None]] = []
    for f in corpus_files():
        for line in f.read_text("utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                pool.extend((s.text, d.get("published")) for s in split_sentences(d["text"]))
    if not pool:
        raise RuntimeError("the bundled corpus is empty; nothing to benchmark")
    docs = []
    k = 0
    for i in range(n):
        sents = []
        pub = None
        for _ in range(sentences_per_doc):
            text, pub = pool[k % len(pool)]
            sents.append(text)
            k += 1
        docs.append({"id": f"bench-{i}", "published": pub, "title": None, "text": " ".join(sents)})
    return docs


def run(settings: Settings, documents: int = 5000) -> dict[str, Any]:
    """Measure documents/s and sentences/s in-process, peak memory, and first-document latency."""
    from axiswatch.extract import Extractor, syntax
    from axiswatch.extract.run import default_jobs, iter_extract
    from axiswatch.extract.text import split_sentences
    from axiswatch.profiles import load_profile
    from axiswatch.records import Document

    docs = make_documents(documents)
    n_sent = sum(len(split_sentences(d["text"])) for d in docs)
    t0 = time.perf_counter()
    profile = load_profile(settings.profile)
    Extractor(profile)
    parser = syntax.available()  # loads the parser when installed
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    n_events = 0
    # the same stage `axiswatch extract` runs (documents coded in batches, the parser batched over them)
    stream = (Document(id=d["id"], text=d["text"], published=d["published"]) for d in docs)
    jobs = default_jobs()
    for _, events in iter_extract(stream, profile, jobs=jobs):
        n_events += len(events)
    secs = time.perf_counter() - t1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if jobs > 1 else 0.0
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = Path(tmp) / "one.jsonl", Path(tmp) / "out.jsonl"
        inp.write_text(json.dumps(docs[0]) + "\n", "utf-8")
        t2 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "axiswatch", "extract", "--input", str(inp), "--output", str(out)],
                       check=True, capture_output=True)
        first_out = time.perf_counter() - t2
    return {
        "documents": documents, "sentences": n_sent, "events": n_events,
        "seconds": round(secs, 3), "documents_per_s": round(documents / secs, 1),
        "sentences_per_s": round(n_sent / secs, 1), "extractor_load_s": round(load_s, 3),
        "first_document_out_s": round(first_out, 3), "peak_memory_mb": round(peak_mb, 1),
        "jobs": jobs, "worker_peak_memory_mb": round(worker_mb, 1),
        "dependency_parser": parser,
    }


def report(fig: dict[str, Any]) -> str:
    """Readable figures."""
    return (f"extract: {fig['documents']} documents ({fig['sentences']} sentences, {fig['events']} events) in "
            f"{fig['seconds']} s -> {fig['documents_per_s']} documents/s, {fig['sentences_per_s']} sentences/s\n"
            f"first document out of a fresh 'axiswatch extract' process: {fig['first_document_out_s']} s; "
            f"peak memory {fig['peak_memory_mb']} MB"
            + (f" (+ {fig['jobs']} workers, {fig['worker_peak_memory_mb']} MB each at most)" if fig.get("jobs", 1) > 1
               else "") + "; dependency parser "
            f"{'on' if fig.get('dependency_parser') else 'off (not installed or AXISWATCH_SYNTAX=0)'}")
