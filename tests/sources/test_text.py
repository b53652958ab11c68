from __future__ import annotations

import pytest

from axiswatch.errors import InputError
from axiswatch.sources.language import detect_language
from axiswatch.sources.text import (
    clean_text,
    date_from_text,
    decode_bytes,
    markdown_to_text,
    normalise_date,
    normalise_for_hash,
    parse_text,
)


def test_latin1_file_is_decoded(src_fixtures):
    doc = parse_text((src_fixtures / "latin1.txt").read_bytes(), "latin1.txt")
    assert "nord-coréen est arrivé en Russie à bord de son train blindé" in doc.text
    assert doc.meta["encoding"] == "cp1252"
    assert doc.published is None  # parse_text gives metadata dates only; the dateline is found later
    assert date_from_text(doc.text) == "2023-09-12"
    assert detect_language(doc.text) == "fr"


@pytest.mark.parametrize(("raw", "encoding", "expected"), [
    ("Северная Корея передала России снаряды".encode("cp1251"), "cp1251", "Северная Корея"),
    ("Северная Корея передала России снаряды".encode("koi8_r"), "koi8_r", "передала России"),
    ("북한이 러시아에 포탄을 보냈다고 국방부가 밝혔다".encode("cp949"), "cp949", "러시아에 포탄을"),
    ("\ufeffplain utf-8 with a BOM".encode(), "utf-8-sig", "plain utf-8"),
    ("utf-16 text".encode("utf-16"), "utf-16", "utf-16 text"),
])
def test_legacy_encodings(raw, encoding, expected):
    text, enc = decode_bytes(raw, "f")
    assert enc == encoding
    assert expected in text


@pytest.mark.parametrize(("raw", "reason"), [
    (b"", "empty file"),
    (b"   \n\t  ", "empty file"),
    (bytes(range(256)) * 4, "binary content"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
])
def test_refuses_empty_and_binary(raw, reason):
    with pytest.raises(InputError) as err:
        decode_bytes(raw, "bad.txt")
    assert err.value.where == "bad.txt"
    assert reason in err.value.reason


def test_declared_charset_that_lies_falls_back_to_detection():
    raw = "Réunion à Séoul".encode("latin-1")
    text, enc = decode_bytes(raw, "f", declared="utf-8")
    assert text == "Réunion à Séoul"
    assert enc == "cp1252"


def test_markdown_front_matter_and_markup(src_fixtures):
    doc = parse_text((src_fixtures / "briefing.md").read_bytes(), "briefing.md", markdown=True)
    assert doc.title == "Weekly note on the Rajin terminal"
    assert (doc.published, doc.published_from) == ("2024-03-08", "metadata")
    assert doc.publisher == "38 North"
    assert doc.url == "https://www.38north.org/2024/03/rajin-note/"
    assert doc.author == "Analysis desk"
    assert "**" not in doc.text and "](" not in doc.text and "# " not in doc.text
    assert "Imagery from early March shows more containers than usual stacked at the\nRajin port" in doc.text
    assert "Container stacks grew on three consecutive passes." in doc.text


def test_markdown_to_text_keeps_words():
    assert markdown_to_text("## Head\n*emph* and __bold__ [link](http://x) `code`") == "Head\nemph and bold link code"


@pytest.mark.parametrize(("text", "expected"), [
    ("SEOUL, June 19, 2024 (Wire) - talks", "2024-06-19"),
    ("Published 2023-09-13. Kim arrived.", "2023-09-13"),
    ("МОСКВА, 19 июня 2024 года. Визит", "2024-06-19"),
    ("평양 2024년 6월 19일 — 회담", "2024-06-19"),
    ("19 Jun 2024: the ministry said", "2024-06-19"),
    ("No date at all in this line.", None),
    ("Invalid 2024-02-31 date", None),
])
def test_date_from_text(text, expected):
    assert date_from_text(text) == expected


def test_date_from_text_only_looks_at_the_opening():
    assert date_from_text("x" * 700 + " 19 June 2024") is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-06-19", "2024-06-19"), ("2024-06", "2024-06"), ("2024", "2024"),
    ("2024-06-19T08:00:00Z", "2024-06-19"), ("2024-13", None), ("June 2024", None), (None, None),
])
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_clean_text_and_hash_normalisation():
    assert clean_text("a\r\n\r\n\r\nb\x00  c\fd") == "a\n\nb c\nd"
    assert normalise_for_hash("Ｓhells  SHIPPED\n") == normalise_for_hash("shells shipped")


@pytest.mark.parametrize(("text", "lang"), [
    ("North Korea has shipped artillery shells to Russia, officials said on Wednesday.", "en"),
    ("Северная Корея передала России артиллерийские снаряды, заявили в министерстве.", "ru"),
    ("Україна заявила, що північнокорейські військові перебувають у Курській області.", "uk"),
    ("북한이 러시아에 포탄을 보냈다고 국방부가 밝혔다", "ko"),
    ("Die Lieferungen wurden mit der Bahn über die Grenze gebracht, sagte das Ministerium.", "de"),
    ("12 34 56", None),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang
