"""The brief verb: thin flags over build_brief and render."""

from __future__ import annotations

import json

import pytest
from brief_fixture import load_fixture
from click.testing import CliRunner

from axiswatch.cli import main_group
from axiswatch.store import open_workspace


@pytest.fixture
def ws_file(ws_path, profile):
    with open_workspace(ws_path) as ws:
        load_fixture(ws, profile)
    return ws_path


def _run(ws_file, *args):
    return CliRunner().invoke(main_group, ["--workspace", str(ws_file), "brief", *args], catch_exceptions=False)


def test_markdown_to_stdout(ws_file):
    res = _run(ws_file, "--format", "md", "--since", "2024-06")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("# Russia ↔ North Korea: analytic brief\n")
    assert "Covers the period from June 2024 on" in res.output


def test_pdf_to_file_prints_a_summary(ws_file, tmp_path):
    out = tmp_path / "b" / "brief.pdf"
    res = _run(ws_file, "--out", str(out), "--since", "2024-06")
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)
    assert summary["format"] == "pdf" and summary["path"] == str(out) and summary["empty"] is False
    assert summary["sources"] == 8 and summary["sections"] == 10
    assert out.read_bytes().startswith(b"%PDF-") and summary["bytes"] == out.stat().st_size
    assert not out.with_name("brief.pdf.part").exists()


def test_json_twin(ws_file):
    res = _run(ws_file, "--format", "json", "--since", "2024-06")
    data = json.loads(res.output)
    assert [s["id"] for s in data["sections"]][:2] == ["bluf", "judgements"]
    assert data["judgements"][0]["estimative"] == "likely"
    assert data["sources"][0]["number"] == 1


def test_pdf_needs_out(ws_file):
    res = CliRunner().invoke(main_group, ["--workspace", str(ws_file), "brief", "--format", "pdf"])
    assert res.exit_code != 0
    assert "--format pdf needs --out FILE" in str(res.exception)


def test_bad_date_is_a_usage_error(ws_file):
    res = CliRunner().invoke(main_group, ["--workspace", str(ws_file), "brief", "--since", "last year"])
    assert "not a date" in str(res.exception) and getattr(res.exception, "exit_code", None) == 2
