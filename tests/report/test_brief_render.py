"""Rendering: escaped HTML with linked citations, escaped Markdown with [n] markers, a real PDF."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from brief_fixture import add_documents, load_fixture

from axiswatch.profiles import load_profile
from axiswatch.records import Event, Evidence
from axiswatch.report import build_brief, render, write_briefs
from axiswatch.report.render import md_escape, render_html, render_markdown
from axiswatch.store import open_workspace
from axiswatch.store.events import write_events

HOSTILE_TITLE = "<script>alert(1)</script> *bold* [x](javascript:alert(2))"
HOSTILE_TEXT = "North Korea sent <img src=x onerror=alert(3)> 40 rockets | to Russia in May 2024."


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The brief of the fixture corpus plus a document whose title, URL and evidence try to inject markup."""
    profile = load_profile("russia_dprk")
    ws = open_workspace(tmp_path_factory.mktemp("hostile") / "ws.duckdb")
    load_fixture(ws, profile)
    with ws.transaction():
        add_documents(ws, [{"id": "hostile", "published": "2024-05-30", "title": HOSTILE_TITLE,
                                  "url": "javascript:alert(4)", "text": HOSTILE_TEXT, "publisher": None}])
        write_events(ws, [Event("AID", "PRK", "RUS", commodity="missiles", date="2024-05",
                                      certainty="reported", document_id="hostile",
                                      evidence=[Evidence(HOSTILE_TEXT, 0, len(HOSTILE_TEXT), "hostile")])])
    yield build_brief(ws, profile)
    ws.close()


def test_html_escapes_document_text_and_links_every_citation(hostile):
    brief = hostile
    html = render_html(brief)
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html
    assert 'href="javascript:' not in html
    anchors = set(re.findall(r'id="(ev-\d+-\d+)"', html))
    links = re.findall(r'<a class="cite" href="#(ev-\d+-\d+)"', html)
    assert len(links) == len(brief.citations()) and set(links) <= anchors
    for anchor, title in brief.sections():
        assert f'<section id="{anchor}">' in html and f'<a href="#{anchor}">{title}</a>' in html
    assert html.count("<svg") == 2


def test_markdown_escapes_and_uses_numeric_markers(hostile):
    brief = hostile
    md = render_markdown(brief)
    assert "\\<script\\>alert\\(1\\)\\</script\\> \\*bold\\* \\[x\\]\\(javascript:alert\\(2\\)\\)" in md
    assert "\\<img src=x onerror=alert\\(3\\)\\> 40 rockets \\| to Russia" in md
    assert "<javascript:" not in md
    markers = {int(n) for n in re.findall(r"(?<!\\)\[(\d+)\]", md)}
    assert markers == {s.number for s in brief.sources}
    for s in brief.sources:
        assert re.search(rf"^{s.number}\. _", md, re.M)
    assert "## What North Korea gets" in md and "| Flow | From | Quantity |" in md


def test_md_escape_folds_lines_and_keeps_plain_text():
    assert md_escape("a_b *c*\n# d") == "a\\_b \\*c\\* \\# d"
    assert md_escape("Россия и КНДР: 북러 관계") == "Россия и КНДР: 북러 관계"


def _pdf_text(data: bytes) -> tuple[int, list[str]]:
    pdf = pdfium.PdfDocument(data)
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    return len(pages), pages


def test_pdf_opens_with_sections_page_numbers_and_scripts(shared_ws, brief, profile, tmp_path):
    paths = write_briefs(shared_ws, profile, tmp_path)
    assert sorted(paths) == ["html", "md", "pdf"] and all(p.stat().st_size > 1000 for p in paths.values())
    assert paths["pdf"].name == "briefing.pdf"
    n, pages = _pdf_text(paths["pdf"].read_bytes())
    assert n >= 3
    text = "\n".join(pages)
    for _, title in brief.sections():
        assert title in text
    assert f"Page 2 of {n}" in pages[1]
    assert "Россия и КНДР" in text and "북러 관계" in text and "Владимир Путин" in text
    toc = pages[0]
    assert re.search(r"Key judgements\s*\.+\s*\d+", toc)  # the contents list carries page numbers
    # write_briefs built the brief again: the same workspace gives the same documents, byte for byte.
    assert paths["html"].read_bytes() == render(brief, "html")
    assert paths["md"].read_bytes() == render(brief, "md")


def test_empty_brief_renders_in_every_format(ws, profile, tmp_path):
    paths = write_briefs(ws, profile, tmp_path, formats=("html", "md", "pdf"))
    md = paths["md"].read_text("utf-8")
    assert "## What is missing" in md and "## Key judgements" not in md
    assert "No documents: nothing has been ingested into this workspace." in md
    n, pages = _pdf_text(paths["pdf"].read_bytes())
    assert n == 1 and "What is missing" in pages[0]
