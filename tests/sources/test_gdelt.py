"""GDELT events/mentions ingest: layouts, CAMEO->PLOVER, dyad filter, collapsing, quarantine, the events verb."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from axiswatch.cli import main_group
from axiswatch.ids import make_id
from axiswatch.records import Event
from axiswatch.sources import gdelt
from axiswatch.sources.cameo import load_cameo_map, map_cameo
from axiswatch.store import open_workspace
from axiswatch.store.events import query_events, write_events

DYAD = {"actors": ["RUS", "PRK"]}


@pytest.fixture
def ds(fixtures: Path) -> Path:
    return fixtures / "datasets"


def _events(ws, **kw):
    return query_events(ws, origin_kinds=["gdelt"], **kw)


def test_cameo_table_applies_our_decisions() -> None:
    table = load_cameo_map()
    assert table["163"].plover_type == "SANCTION"          # ONTOLOGY.md: not COERCE
    assert map_cameo("1631").plover_type == "SANCTION"      # children inherit 163
    assert (table["042"].plover_type, table["042"].mode) == ("CONSULT", "visit")
    assert (table["072"].plover_type, table["072"].event_mode) == ("AID", "military")
    assert not table["010"].mapped and not table["0214"].mapped  # roots 01 and 02 map to nothing
    assert table["08"].plover_type == "CONCEDE"              # listed twice: the first mapping wins
    assert map_cameo("0X4") is None and map_cameo("") is None


def test_sniff_and_layout(ds: Path) -> None:
    for name, layout in [("gdelt2_dyad.export.CSV", "events2"), ("gdelt1_mixed.csv", "events1"),
                         ("gdelt2_dyad.mentions.CSV", "mentions"), ("gdelt2_clean.export.CSV.zip", "events2")]:
        path = ds / name
        assert gdelt.layout_of(path) == layout
        assert gdelt.sniff(path, path.read_bytes()[:4096])
    assert not gdelt.sniff(ds / "acled_current.csv", (ds / "acled_current.csv").read_bytes()[:4096])


def test_dyad_ingest_maps_collapses_and_quarantines(ws, ds: Path) -> None:
    out = gdelt.ingest(ws, ds / "gdelt2_dyad.export.CSV", run_id="r1", options=DYAD)
    d = out.details
    assert (d["rows_read"], d["rows_kept"], d["filtered_out"], d["unmapped"]) == (13, 5, 3, 1)
    assert (out.added, out.failed) == (4, 4)
    quarantined = ws.fetchall("SELECT location, reason FROM quarantine ORDER BY location")
    assert [loc for loc, _ in quarantined] == ["line 10", "line 13", "line 7", "line 9"]
    reasons = dict(quarantined)
    assert "Found: 40" in reasons["line 7"]                  # wrong column count
    assert "INVALID ENCODING" in reasons["line 13"]          # wrong encoding
    assert reasons["line 9"] == "unparseable SQLDATE 2024139"
    assert reasons["line 10"] == "unparseable CAMEO EventCode 0X4"

    evs = {(e["event_type"], e["source"], e["target"], e["date"]): e for e in _events(ws)}
    assert set(evs) == {("CONSULT", "RUS", "PRK", "2024-06-18"), ("SUPPORT", "RUS", "PRK", "2024-06-19"),
                        ("AID", "PRK", "RUS", "2024-10-25"), ("SANCTION", "PRK", "RUS", "2024-06-26")}
    visit = evs[("CONSULT", "RUS", "PRK", "2024-06-18")]
    # the re-emitted row (another GLOBALEVENTID, same signature) is one event with both rows' counts
    assert visit["attrs"]["collapsed_rows"] == 2
    assert visit["attrs"]["global_event_ids"] == [1100000001, 1100000002]
    assert visit["attrs"]["num_sources"] == 5 and visit["attrs"]["num_articles"] == 14
    assert visit["mode"] == "visit" and visit["attrs"]["cameo_code"] == "042"
    assert visit["attrs"]["goldstein"] == 1.9 and visit["attrs"]["quad_class"] == 1
    assert visit["certainty"] == "reported" and 0.2 < visit["confidence"] <= 0.6
    assert visit["id"] == make_id("ev", "gdelt", visit["origin"]["key"])
    assert visit["origin"]["row"] == 1100000001 and visit["origin"]["file"].endswith("gdelt2_dyad.export.CSV")
    # actor codes are ISO-3, the place is FIPS: Pyongyang is KN, never PRK
    assert visit["attrs"]["action_geo_fips"] == "KN"
    texts = [e["text"] for e in visit["evidence"]]
    assert texts[0].startswith("GDELT 2.0 row 1100000001: RUS→PRK CAMEO 042 (Make a visit); source https://")
    assert len(texts) == 2
    single = evs[("SANCTION", "PRK", "RUS", "2024-06-26")]
    assert single["confidence"] == 0.2  # one row, one source: as weak as GDELT gets
    assert evs[("AID", "PRK", "RUS", "2024-10-25")]["commodity"] == "other"


def test_fast_scan_path_gives_the_same_result(ws, ds: Path) -> None:
    # a file whose every line is readable takes the one-scan path (whole lines, token search)
    out = gdelt.ingest(ws, ds / "gdelt2_dyad_utf8.export.CSV", options=DYAD)
    d = out.details
    assert (d["rows_read"], d["rows_kept"], d["filtered_out"], d["unmapped"]) == (12, 5, 3, 1)
    reasons = dict(ws.fetchall("SELECT location, reason FROM quarantine"))
    assert reasons == {"line 7": "wrong column count: 40 fields, expected 57, 58 or 61",
                       "line 9": "unparseable SQLDATE 2024139", "line 10": "unparseable CAMEO EventCode 0X4"}
    assert out.added == 4
    visit = next(e for e in _events(ws, types=["CONSULT"]))
    assert visit["attrs"]["collapsed_rows"] == 2 and visit["attrs"]["action_geo_fips"] == "KN"
    # the careful read of the full fixture lands on the very same events
    careful = gdelt.ingest(ws, ds / "gdelt2_dyad.export.CSV", options=DYAD)
    assert (careful.added, careful.unchanged) == (0, 4)


def test_scan_tokens_leave_out_the_commonest_code(ds: Path) -> None:
    path = ds / "gdelt2_dyad_utf8.export.CSV"
    assert gdelt._scan_tokens(path, ["RUS", "PRK"], "dyad") == ["PRK"]   # RUS is the commoner here
    assert gdelt._scan_tokens(path, ["RUS", "PRK"], "any") == ["RUS", "PRK"]


def test_reingest_adds_nothing(ws, ds: Path) -> None:
    gdelt.ingest(ws, ds / "gdelt2_dyad.export.CSV", options=DYAD)
    before = ws.fetchall("SELECT event_id, confidence, attrs FROM events ORDER BY 1")
    n_evidence = ws.fetchone("SELECT count(*) FROM evidence")
    again = gdelt.ingest(ws, ds / "gdelt2_dyad.export.CSV", options=DYAD)
    assert (again.added, again.unchanged, again.details["rows_added"]) == (0, 4, 0)
    assert ws.fetchall("SELECT event_id, confidence, attrs FROM events ORDER BY 1") == before
    assert ws.fetchone("SELECT count(*) FROM evidence") == n_evidence


def test_without_filter_keeps_third_parties_and_skips_undyadic_rows(ws, ds: Path) -> None:
    out = gdelt.ingest(ws, ds / "gdelt2_dyad.export.CSV")
    assert out.details["no_dyad"] == 1  # PRK -> (no actor 2)
    types = {(e["event_type"], e["source"], e["target"]) for e in _events(ws)}
    assert ("SANCTION", "USA", "PRK") in types        # CAMEO 163
    assert ("ASSAULT", "RUS", "RUS") in types          # domestic rows only leave with the dyad filter


def test_mentions_become_evidence_spans(ws, ds: Path) -> None:
    gdelt.ingest(ws, ds / "gdelt2_dyad.export.CSV", options=DYAD)
    out = gdelt.ingest(ws, ds / "gdelt2_dyad.mentions.CSV")
    d = out.details
    assert (d["mentions_matched"], d["mentions_unmatched"], out.failed) == (3, 1, 2)
    locs = {r[0] for r in ws.fetchall("SELECT location FROM quarantine WHERE origin LIKE '%mentions%'")}
    assert locs == {"line 5", "line 6"}
    visit = next(e for e in _events(ws, types=["CONSULT"]))
    assert visit["attrs"]["mention_rows"] == 2
    mention = [e for e in visit["evidence"] if "mention" in e["text"]]
    assert mention[1]["text"].startswith("GDELT 2.0 mention of row 1100000001: https://daily.example.net/summit")
    assert (mention[1]["start"], mention[1]["end"]) == (412, 455)
    assert mention[0]["document_id"] is None
    aid = next(e for e in _events(ws, types=["AID"]))
    assert (aid["evidence"][-1]["start"], aid["evidence"][-1]["end"]) == (120, 140)  # -1 offsets ignored
    again = gdelt.ingest(ws, ds / "gdelt2_dyad.mentions.CSV")
    assert again.details["mentions_added"] == 0


def test_gdelt1_mixed_57_and_58_fields(ws, ds: Path) -> None:
    out = gdelt.ingest(ws, ds / "gdelt1_mixed.csv")
    assert (out.added, out.failed) == (3, 1)
    assert ws.fetchall("SELECT location FROM quarantine") == [("line 3",)]
    sun = next(e for e in _events(ws, actors=["SUN"]))
    assert (sun["event_type"], sun["date"], sun["origin"]["version"]) == ("SUPPORT", "1984-05-23", "1.0")
    assert sun["attrs"]["source_urls"] is None  # the back-file layout has no SOURCEURL
    summit = next(e for e in _events(ws, types=["AGREE"]))
    assert summit["attrs"]["action_geo_fips"] == "RS"


def test_zip_and_folder(ws, ds: Path, tmp_path: Path) -> None:
    out = gdelt.ingest(ws, ds / "gdelt2_clean.export.CSV.zip", options=DYAD)
    assert out.added == 3
    assert "gdelt2_clean.export.CSV.zip!20240618120000.export.CSV" in _events(ws)[0]["origin"]["file"]
    folder = tmp_path / "day"
    folder.mkdir()
    # mentions sort first by name; the folder ingest still reads events before mentions
    shutil.copy(ds / "gdelt2_dyad.mentions.CSV", folder / "a.mentions.CSV")
    shutil.copy(ds / "gdelt2_dyad.export.CSV", folder / "b.export.CSV")
    (folder / "notes.txt").write_text("downloaded from the GDELT file list\n")
    with open_workspace(tmp_path / "w2.duckdb") as w2:
        total = gdelt.ingest(w2, folder, options=DYAD)
        assert total.details["files"] == 2 and total.details["skipped_files"] == 1
        assert total.details["mentions_matched"] == 3
        assert total.failed == 6  # 4 bad event rows + 2 bad mention rows


def test_failure_leaves_nothing_half_written(ws, ds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(gdelt, "rebuild_events", boom)
    with pytest.raises(RuntimeError):
        gdelt.ingest(ws, ds / "gdelt2_dyad.export.CSV", options=DYAD)
    counts = ws.fetchone("SELECT (SELECT count(*) FROM gdelt_rows), (SELECT count(*) FROM events), "
                         "(SELECT count(*) FROM quarantine)")
    assert counts == (0, 0, 0)


def test_not_gdelt_is_a_clear_error(ws, ds: Path) -> None:
    from axiswatch.errors import InputError

    with pytest.raises(InputError, match="first line has 1 tab-separated fields"):
        gdelt.ingest(ws, ds / "acled_current.csv")


def test_events_verb_lists_text_and_dataset_events(ws_path: Path, ds: Path) -> None:
    with open_workspace(ws_path) as ws:
        gdelt.ingest(ws, ds / "gdelt2_dyad.export.CSV", options=DYAD)
        with ws.transaction():
            write_events(ws, [Event("AID", "PRK", "RUS", commodity="munitions", date="2024-08",
                                    certainty="alleged", document_id="doc-1")])
    runner = CliRunner()
    base = ["--workspace", str(ws_path), "events", "--format", "jsonl"]
    res = runner.invoke(main_group, base)
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert {r["origin"]["kind"] for r in rows} == {"gdelt", "text"}
    for field in ("event_type", "mode", "source", "target", "commodity", "date", "quantity", "certainty",
                  "confidence", "evidence", "origin"):
        assert all(field in r for r in rows)
    only_text = runner.invoke(main_group, base + ["--origin", "text"])
    assert [json.loads(x)["commodity"] for x in only_text.output.splitlines()] == ["munitions"]
    aid = runner.invoke(main_group, base + ["--type", "AID", "--origin", "gdelt", "--since", "2024-10"])
    assert [json.loads(x)["date"] for x in aid.output.splitlines()] == ["2024-10-25"]
    table = runner.invoke(main_group, ["--workspace", str(ws_path), "events", "--actor", "RUS", "--limit", "2"])
    assert table.exit_code == 0 and "2 events" in table.output
    bad = runner.invoke(main_group, ["--workspace", str(ws_path), "events", "--type", "HUG"])
    assert bad.exit_code != 0


# -- the real samples in ../shared/data (skipped when absent) -----------------------------------

def test_shared_gdelt2_sample_and_mentions(ws, shared_data: Path) -> None:
    g = shared_data / "gdelt"
    out = gdelt.ingest(ws, g / "gdelt2_events_sample100_20150218230000_20200318104500.export.CSV")
    d = out.details
    assert (d["rows_read"], out.failed) == (100, 0)
    assert d["rows_kept"] + d["no_dyad"] + d["unmapped"] == 100
    rows = gdelt.ingest(ws, g / "gdelt2_mentions_sample100_20150218230000_20200318104500.mentions.CSV")
    assert rows.details["rows_read"] == 100 and rows.failed == 0
    assert rows.details["mentions_matched"] + rows.details["mentions_unmatched"] == 100


def test_shared_gdelt2_full_file_with_actor_filter(ws, shared_data: Path) -> None:
    path = shared_data / "gdelt" / "gdelt2_events_20191024143000.export.CSV"
    out = gdelt.ingest(ws, path, options={"actors": ["RUS", "PRK"], "actor_match": "any"})
    assert out.details["rows_read"] == 2111 and out.failed == 0
    # no RUS<->PRK dyad in this file (data README): the dyad filter keeps nothing
    dyad = gdelt.ingest(ws, path, options=DYAD)
    assert dyad.details["rows_kept"] == 0
    prk = {(e["source"], e["target"], e["event_type"]) for e in _events(ws, actors=["PRK"])}
    assert ("PRK", "USA", "CONSULT") in prk  # PRK -> USAGOV 042, Make a visit


def test_shared_gdelt1_mixed_layouts(ws, shared_data: Path) -> None:
    out = gdelt.ingest(ws, shared_data / "gdelt" / "gdelt1_events_sample100_mixed_backfile57col_daily58col.csv")
    assert (out.details["rows_read"], out.failed) == (100, 0)
    row = ws.fetchone("SELECT event_code, plover_type, plover_mode, source, target, gdelt_version "
                      "FROM gdelt_rows WHERE global_event_id = 230397973")
    assert row == ("043", "CONSULT", "visit", "USA", "GMW", "1.0")


def test_ingest_gdelt_benchmark_small(ds: Path, tmp_path: Path) -> None:
    from axiswatch.bench import ingest_gdelt
    from axiswatch.settings import Settings

    fig = ingest_gdelt.run(Settings(), rows=3000, sample=ds / "gdelt2_clean.export.CSV", workdir=tmp_path)
    size = fig["sizes"][0]
    assert size["rows"] == 3000 and size["rows_kept"] == 3000  # every fixture row is a RUS/PRK dyad
    assert size["events"] > 0 and size["ingest_seconds"] > 0 and size["pandas_seconds"] > 0
    assert size["ingest_peak_rss_mb"] > 0
    assert "speed-up" in ingest_gdelt.report(fig)
