"""Resolved events, actors and documents as FollowTheMoney entities, checked with followthemoney's own model."""

from __future__ import annotations

import json
from collections import Counter

import pytest

import axiswatch
from axiswatch.export.ftm import actor_entity, country_code
from axiswatch.profiles import load_profile

ftm = pytest.importorskip("followthemoney")


def validate(entities):
    """Every entity is a concrete FtM schema, every property exists, every value is already clean, refs resolve."""
    from followthemoney import model

    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities), "entity ids are unique"
    for e in entities:
        schema = model.get(e["schema"])
        assert schema is not None and not schema.abstract, e["schema"]
        for req in schema.required:
            assert e["properties"].get(req), f"{e['id']}: required {req} missing"
        for name, values in e["properties"].items():
            prop = schema.get(name)
            assert prop is not None, f"{e['schema']} has no property {name}"
            assert isinstance(values, list) and values
            for v in values:
                cleaned = prop.type.clean(v, proxy=None) if prop.type.name != "entity" else v
                assert cleaned == v, f"{e['id']}.{name}: {v!r} cleans to {cleaned!r}"
                if prop.type.name == "entity":
                    assert v in ids, f"{e['id']}.{name} points at missing {v}"
                    assert model.get(next(x["schema"] for x in entities if x["id"] == v)).is_a(prop.range)
        proxy = model.get_proxy(e)
        assert proxy.id == e["id"] and proxy.schema.name == e["schema"]


def test_workspace_entities_validate_with_followthemoney(built_ws, tmp_path):
    wb = axiswatch.open(built_ws)
    summary = wb.export_ftm(tmp_path / "ftm.jsonl")
    entities = [json.loads(x) for x in (tmp_path / "ftm.jsonl").read_text("utf-8").splitlines()]
    assert summary["entities"] == len(entities)
    validate(entities)
    schemata = Counter(e["schema"] for e in entities)
    assert schemata["Event"] == len(wb.resolved_events())
    assert schemata["Article"] == 6 and schemata["PublicBody"] == 3  # PRK, RUS, USA
    assert summary["schemata"] == dict(schemata)
    by_id = {e["id"]: e for e in entities}
    fuel = next(e for e in entities if e["schema"] == "Event" and "fuel" in e["properties"]["keywords"])
    p = fuel["properties"]
    assert p["organizer"] == ["aw-actor-rus"] and p["involved"] == ["aw-actor-prk"]
    assert p["country"] == ["ru", "kp"] and p["date"] == ["2024-03-07"]
    assert p["proof"] == ["aw-fx-01"] and p["sourceUrl"] == ["https://example.org/wire/fx-01"]
    assert "1 million barrels" in p["summary"][0]
    assert by_id["aw-fx-01"]["properties"]["publishedAt"] == ["2024-03-08"]
    assert by_id["aw-actor-prk"]["properties"]["country"] == ["kp"]


def test_export_is_deterministic(built_ws, tmp_path):
    wb = axiswatch.open(built_ws)
    wb.export_ftm(tmp_path / "a.jsonl")
    wb.export_ftm(tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_dyad_only_keeps_dyad_events(built_ws):
    ents = axiswatch.open(built_ws).ftm_entities(dyad_only=True)
    events = [e for e in ents if e["schema"] == "Event"]
    assert events and all(set(e["properties"]["organizer"] + e["properties"].get("involved", []))
                          <= {"aw-actor-rus", "aw-actor-prk"} for e in events)


def test_actor_kinds_and_country_codes():
    profile = load_profile("russia_dprk")
    validate([actor_entity("UN", profile), actor_entity("SUN", profile), actor_entity("NLD", profile)])
    assert actor_entity("UN", profile)["schema"] == "Organization"
    assert actor_entity("SUN", profile)["properties"]["country"] == ["suhh"]
    assert actor_entity("NLD", profile)["properties"]["name"] == ["Netherlands"]
    assert [country_code(c) for c in ("PRK", "RUS", "KOR", "EU", "NATO", "XYZ")] == \
        ["kp", "ru", "kr", "eu", None, None]


def test_ftm_validate_keeps_every_value(built_ws, tmp_path):
    # followthemoney's own `ftm validate` re-parses each entity and drops whatever does not fit its model:
    # what comes out must be what went in
    import subprocess
    import sys
    from pathlib import Path

    ftm_cli = Path(sys.executable).parent / "ftm"
    if not ftm_cli.exists():
        pytest.skip("the ftm command is not installed beside this Python")
    src = tmp_path / "in.jsonl"
    axiswatch.open(built_ws).export_ftm(src)
    out = tmp_path / "out.jsonl"
    subprocess.run([str(ftm_cli), "validate", "-i", str(src), "-o", str(out)], check=True, timeout=120)
    before = [json.loads(x) for x in src.read_text("utf-8").splitlines()]
    after = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(before) == len(after) > 0
    for a, b in zip(before, after, strict=True):
        assert (b["id"], b["schema"]) == (a["id"], a["schema"])
        assert {k: sorted(v) for k, v in b["properties"].items()} == {k: sorted(v) for k, v in a["properties"].items()}
