from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from axiswatch.cli import main_group
from axiswatch.cli.ingest import parse_extra_options


def _run(args, ws_path):
    return CliRunner().invoke(main_group, ["--workspace", str(ws_path), "--quiet", *args], catch_exceptions=False)


def test_ingest_json_summary_and_exit_code(tmp_path, ws_path, fixtures):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(fixtures / "sources" / "article.html", d)
    shutil.copy(fixtures / "sources" / "corpus.jsonl", d)
    (d / "empty.txt").write_text("")
    res = _run(["ingest", str(d), "--format", "json"], ws_path)
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert (out["added"], out["failed"], out["status"]) == (4, 4, "partial")
    assert {"input": str(d / "empty.txt"), "reason": "empty file (0 bytes)"} in out["failures"]
    again = _run(["ingest", str(d / "article.html")], ws_path)
    assert again.exit_code == 0
    assert "0 added" in again.stdout and "1 unchanged" in again.stdout


def test_documents_list_search_show(tmp_path, ws_path, fixtures):
    shutil.copy(fixtures / "sources" / "corpus.jsonl", tmp_path)
    _run(["ingest", str(tmp_path / "corpus.jsonl")], ws_path)
    listed = json.loads(_run(["documents", "--format", "json"], ws_path).stdout)
    assert [d["document_id"] for d in listed] == ["t-001", "t-002", "t-003"]
    hits = json.loads(_run(["documents", "--search", "treaty Pyongyang", "--format", "json"], ws_path).stdout)
    assert hits[0]["document_id"] == "t-001" and hits[0]["score"] > 0
    shown = json.loads(_run(["documents", "show", "t-002", "--format", "json"], ws_path).stdout)
    assert shown["title"] == "Summit at Vostochny" and shown["text"].startswith("Kim Jong Un met")
    table = _run(["documents", "--id", "t-002"], ws_path)
    assert "Summit at Vostochny" in table.stdout and "Kim Jong Un met Vladimir Putin" in table.stdout
    missing = CliRunner().invoke(main_group, ["--workspace", str(ws_path), "documents", "show", "zzz"])
    assert missing.exit_code != 0


def test_unknown_options_go_to_the_connector():
    inputs, opts = parse_extra_options(["a.csv", "--mentions=m.csv", "--strict", "b.csv"], ("year=2024",))
    assert inputs == ["a.csv", "b.csv"]
    assert opts == {"mentions": "m.csv", "strict": True, "year": "2024"}


def test_max_bytes_flag(tmp_path, ws_path):
    f = tmp_path / "big.txt"
    f.write_text("many words here " * 100)
    res = _run(["ingest", str(f), "--max-bytes", "100", "--format", "json"], ws_path)
    assert res.exit_code == 1
    assert "file too large" in json.loads(res.stdout)["failures"][0]["reason"]


def test_titles_are_shown_literally_not_as_markup(tmp_path, ws_path):
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": "m-1", "title": "[bold]Update[/bold] [link=http://x]here[/link]",
                             "text": "Body with an escape \u001b[31m code."}) + "\n")
    _run(["ingest", str(f)], ws_path)
    from axiswatch.cli.common import _cell

    assert _cell("[bold]Update[/bold] \x1b[31m") == "\\[bold]Update\\[/bold] [31m"  # escaped for rich
    listed = _run(["documents"], ws_path).stdout
    assert "[bold]Up" in listed  # shown literally (the narrow test console wraps the cell)
    shown = _run(["documents", "show", "m-1"], ws_path).stdout
    assert "\x1b" not in shown and "Body with an escape [31m code." in shown
