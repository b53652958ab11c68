"""Fuzzing: damaged and random inputs through every parser and connector never crash, never hang, and
every refusal carries a reason. The seeds are our own small fixtures in the real formats."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from robust_helpers import examples

from axiswatch.bench.robustness import (
    BUILTIN_SEEDS,
    _dataset_kind,
    fuzz_dataset_input,
    fuzz_nmea_input,
    fuzz_text_input,
    load_seeds,
    mutate,
)
from axiswatch.cli import main_group
from axiswatch.errors import AxiswatchError
from axiswatch.settings import Settings
from axiswatch.store import open_workspace
from axiswatch.store.check import check_path

SEEDS = load_seeds()
TEXT_SEEDS = [(n, d) for n, d in SEEDS if _dataset_kind(n, d) is None]
DATASET_SEEDS = [(n, d, k) for n, d in SEEDS if (k := _dataset_kind(n, d)) is not None]
_ARMOR = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw"  # AIS 6-bit payload alphabet
NAMES = ["page.html", "feed.xml", "docs.jsonl", "note.txt", "report.pdf", "notes.md", "blob.bin"]


def test_the_seeds_cover_every_format() -> None:
    kinds = {k for _, _, k in DATASET_SEEDS}
    assert {"unvotes", "ais", "sanctions"} <= kinds  # built in; the repo's fixtures add gdelt, acled, polecat
    suffixes = {Path(n).suffix for n, _ in TEXT_SEEDS}
    assert {".html", ".xml", ".jsonl", ".txt", ".pdf"} <= suffixes


@examples(60, 3000)
@given(data=st.binary(max_size=6000), name=st.sampled_from(NAMES))
def test_random_bytes_through_the_text_parsers(data: bytes, name: str) -> None:
    outcome, detail = fuzz_text_input(data, name)
    assert outcome in ("ok", "rejected"), detail


@examples(80, 5000)
@given(index=st.integers(0, len(TEXT_SEEDS) - 1), seed=st.integers(0, 2**32))
def test_damaged_documents_and_feeds(index: int, seed: int) -> None:
    name, data = TEXT_SEEDS[index]
    outcome, detail = fuzz_text_input(mutate(data, random.Random(seed)), name)
    assert outcome in ("ok", "rejected"), detail


@examples(40, 2000)
@given(lines=st.lists(st.one_of(
    st.text(max_size=120),
    st.builds(lambda p, f, c: f"!AIVDM,{f},1,,A,{p},0*{c}", st.text(_ARMOR, max_size=60),
              st.integers(-1, 9), st.text("0123456789ABCDEF", max_size=3)),
), max_size=20))
def test_nmea_junk_is_decoded_or_skipped(lines: list[str]) -> None:
    outcome, detail = fuzz_nmea_input("\n".join(lines).encode("utf-8", "surrogatepass"))
    assert outcome in ("ok", "rejected"), detail


@pytest.mark.parametrize("kind", sorted({k for _, _, k in DATASET_SEEDS}))
def test_damaged_dataset_files(kind: str, tmp_path: Path, long_form: bool) -> None:
    """Cut-off GDELT files, lying encodings, broken quotes: a clean run with reasons, an intact workspace."""
    rng = random.Random(f"{kind}-11")
    seeds = [(n, d) for n, d, k in DATASET_SEEDS if k == kind]
    ws_path = tmp_path / "ws.duckdb"
    settings = Settings.from_env(quiet=True)
    outcomes = []
    for i in range(60 if long_form else 3):
        name, data = seeds[i % len(seeds)]
        p = tmp_path / f"m{i}_{name}"
        p.write_bytes(mutate(data, rng))
        outcome, detail = fuzz_dataset_input(ws_path, p, kind, settings)
        assert outcome in ("ok", "rejected"), detail
        outcomes.append(outcome)
    assert check_path(ws_path).ok
    with open_workspace(ws_path, read_only=True) as ws:
        blank = ws.fetchone("SELECT count(*) FROM quarantine WHERE trim(reason) = ''")
    assert blank == (0,)


@pytest.mark.parametrize("verb", [
    ["events", "--since"], ["events", "--until"], ["ledger", "--since"], ["timeline", "--since"],
    ["documents", "--search"], ["events", "--type"],
])
@examples(6, 200)
@given(value=st.text(max_size=40))
def test_cli_inputs_never_traceback(verb: list[str], value: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Whatever an analyst types after a flag: a result or a clear error, never a traceback."""
    path = tmp_path_factory.getbasetemp() / "cli.duckdb"
    if not path.exists():
        open_workspace(path).close()
    res = CliRunner().invoke(main_group, ["--workspace", str(path), *verb, value, "--format", "json"])
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        assert isinstance(res.exception, AxiswatchError), repr(res.exception)
        assert str(res.exception).strip()


def test_builtin_seeds_parse_cleanly() -> None:
    """Undamaged, the seeds are accepted: the fuzzer damages real inputs, not junk."""
    for name in ("page.html", "feed.xml", "docs.jsonl", "note.txt"):
        outcome, detail = fuzz_text_input(BUILTIN_SEEDS[name], name)
        assert outcome == "ok", detail
