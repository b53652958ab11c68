from __future__ import annotations

import json

import pytest
from sourcehelpers import encrypted_pdf, make_pdf

from axiswatch.errors import InputError
from axiswatch.sources.html import parse_html
from axiswatch.sources.jsonl import parse_jsonl
from axiswatch.sources.pdf import parse_pdf

CYRILLIC_PDF = """<html><head><title>Отчёт о поставках</title><meta name="author" content="Аналитический отдел">
<meta name="dcterms.created" content="2024-06-20"></head><body>
<h1>Поставки снарядов</h1><p>Северная Корея передала России артиллерийские снаряды, 19 июня 2024 года.</p>
<p style="page-break-before: always">Page two: the shipments went by rail through Tumangang.</p></body></html>"""


# -- HTML --------------------------------------------------------------------------
def test_html_article_text_and_metadata(src_fixtures):
    doc = parse_html((src_fixtures / "article.html").read_bytes(), "article.html")
    assert doc.title == "Rail shipments to Russia continue, ministry says"
    assert (doc.published, doc.published_from) == ("2024-06-19", "metadata")
    assert doc.url == "https://wire.example.org/world/rail-shipments-2024-06-19/"
    assert doc.publisher == "Example Wire"
    assert doc.author and "Correspondent" in doc.author
    assert "citing satellite imagery of the Tumangang crossing" in doc.text
    # boilerplate is gone
    assert "Subscribe now" not in doc.text and "Markets" not in doc.text and "terms of use" not in doc.text
    assert doc.meta["html_lang"] == "en"


def test_html_without_article_is_refused(src_fixtures):
    with pytest.raises(InputError, match="no article text"):
        parse_html((src_fixtures / "no_article.html").read_bytes(), "no_article.html")


def test_html_in_latin1_with_declared_charset():
    page = ("<html><head><meta charset='iso-8859-1'><title>Réunion</title></head><body><article>"
            "<p>La délégation nord-coréenne est arrivée à Moscou pour des entretiens sur le commerce "
            "et les chemins de fer.</p></article></body></html>").encode("latin-1")
    doc = parse_html(page, "p.html")
    assert "délégation nord-coréenne est arrivée à Moscou" in doc.text
    assert doc.published is None


# -- PDF ---------------------------------------------------------------------------
def test_pdf_text_per_page_with_cyrillic():
    doc = parse_pdf(make_pdf(CYRILLIC_PDF), "report.pdf")
    assert doc.kind == "pdf"
    assert doc.title == "Отчёт о поставках"
    assert doc.author == "Аналитический отдел"
    assert doc.meta["page_count"] == 2
    assert "Северная Корея передала России артиллерийские снаряды" in doc.text
    (s1, e1), (s2, e2) = doc.meta["pages"]
    assert doc.text[s1:e1].startswith("Поставки снарядов")
    assert doc.text[s2:e2] == "Page two: the shipments went by rail through Tumangang."
    assert "\r" not in doc.text


def test_truncated_pdf_is_refused():
    data = make_pdf(CYRILLIC_PDF)
    with pytest.raises(InputError, match="damaged or truncated PDF"):
        parse_pdf(data[: len(data) // 2], "cut.pdf")


def test_password_protected_pdf_is_refused():
    with pytest.raises(InputError, match="password-protected"):
        parse_pdf(encrypted_pdf(), "locked.pdf")


def test_not_a_pdf():
    with pytest.raises(InputError, match="no %PDF header"):
        parse_pdf(b"hello", "x.pdf")


def test_pdf_without_text_layer_is_refused():
    blank = make_pdf("<html><body><div style='height:10px'></div></body></html>")
    with pytest.raises(InputError, match="no text layer"):
        parse_pdf(blank, "scan.pdf")


# -- JSON lines --------------------------------------------------------------------
def test_jsonl_keeps_ids_and_extra_fields_and_refuses_bad_lines(src_fixtures):
    docs, rejected = parse_jsonl((src_fixtures / "corpus.jsonl").read_bytes(), "corpus.jsonl")
    assert [d.id for d in docs] == ["t-001", "t-002", "t-003"]
    first = docs[0]
    assert first.publisher == "Axiswatch Sample Wire"
    assert first.meta["sources"] == ["https://example.org/treaty"]
    assert (first.published, first.published_from) == ("2024-06-19", "given")
    assert docs[1].published == "2023-09"
    assert docs[2].published is None
    reasons = {r.where: r.reason for r in rejected}
    assert reasons["corpus.jsonl:4"].startswith("field 'published' is not a date")
    assert reasons["corpus.jsonl:5"] == "field 'text' is missing or empty"
    assert reasons["corpus.jsonl:6"].startswith("not valid JSON")


def test_jsonl_text_is_kept_verbatim_for_gold_spans():
    text = "Line one.  Two spaces.\n\nAnd a paragraph."
    docs, _ = parse_jsonl(json.dumps({"id": "v", "text": text}).encode(), "v.jsonl")
    assert docs[0].text == text


def test_jsonl_duplicate_id_and_all_bad():
    data = b'{"id": "a", "text": "one"}\n{"id": "a", "text": "two"}\n'
    docs, rejected = parse_jsonl(data, "d.jsonl")
    assert [d.text for d in docs] == ["one"]
    assert "duplicate id 'a' (first on line 1)" in rejected[0].reason
    with pytest.raises(InputError, match="no valid JSON-lines document"):
        parse_jsonl(b"[1, 2]\nnope\n", "bad.jsonl")
