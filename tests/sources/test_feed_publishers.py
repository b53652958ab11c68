from __future__ import annotations

import pytest

from axiswatch.errors import InputError, ProfileError
from axiswatch.profiles import load_profile
from axiswatch.sources.feed import html_fragment_text, parse_feed
from axiswatch.sources.publishers import PublisherSpec, PublisherTable, host_of, publisher_id


def test_rss_entries_become_documents(src_fixtures):
    res = parse_feed((src_fixtures / "rss.xml").read_bytes(), "rss.xml")
    assert [d.title for d in res.documents] == ["Oil tankers seen off Vostochny", "Delegation arrives in Moscow"]
    full, summary = res.documents
    assert full.text.startswith("Satellite images show two tankers loading")
    assert "annual cap on refined petroleum" in full.text
    assert (full.published, full.published_from) == ("2024-03-05", "metadata")
    assert full.origin == full.url == "https://wire.example.org/asia/oil-tankers"
    assert full.publisher == "Example Wire - Asia"
    assert "summary_only" not in full.meta
    assert summary.meta["summary_only"] is True
    assert summary.text == "A North Korean delegation led by a vice minister arrived in Moscow for talks on trade."


def test_atom_entry(src_fixtures):
    res = parse_feed((src_fixtures / "atom.xml").read_bytes(), "atom.xml")
    (doc,) = res.documents
    assert doc.title == "Troop movements reported near Kursk"
    assert doc.published == "2024-11-04"
    assert doc.author == "Monitor desk"
    assert doc.text.startswith("Ukrainian military intelligence said North Korean soldiers")
    assert doc.origin == "https://monitor.example.net/kursk-1"


@pytest.mark.parametrize("name", ["not_a_feed.xml", "article.html"])
def test_not_a_feed(src_fixtures, name):
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        parse_feed((src_fixtures / name).read_bytes(), name)


def test_summary_entry_uses_fetched_page_when_allowed(src_fixtures):
    from axiswatch.records import Document

    asked: list[str] = []

    def fetch(link: str) -> Document:
        asked.append(link)
        return Document(id="", text="The full article text about the delegation and its talks.",
                        publisher="Example Wire", kind="html")

    res = parse_feed((src_fixtures / "rss.xml").read_bytes(), "rss.xml", fetch_link=fetch)
    assert asked == ["https://wire.example.org/asia/delegation"]  # only the summary-only entry
    assert res.documents[1].text == "The full article text about the delegation and its talks."
    assert res.documents[1].meta["full_text_from"] == "https://wire.example.org/asia/delegation"


def test_failed_link_fetch_keeps_summary_and_warns(src_fixtures):
    from axiswatch.errors import FetchError

    def fetch(link: str):
        raise FetchError(link, "timed out after 1 s")

    res = parse_feed((src_fixtures / "rss.xml").read_bytes(), "rss.xml", fetch_link=fetch)
    assert res.documents[1].meta["summary_only"] is True
    assert res.warnings[0].where == "https://wire.example.org/asia/delegation"
    assert "timed out" in res.warnings[0].reason


def test_html_fragment_text():
    assert html_fragment_text("<p>One</p><script>x()</script><p>Two &amp; three</p>") == "One\nTwo & three"


# -- publishers --------------------------------------------------------------------
def test_profile_publishers_graded():
    table = PublisherTable.from_profile(load_profile("russia_dprk"))
    kcna = table.match(urls=("http://www.kcna.kp/en/article/1",))
    assert kcna and (kcna.name, kcna.grade, kcna.known) == ("KCNA", "D", True)
    assert table.match(name="TASS").grade == "D"
    assert table.match(urls=("https://www.reuters.com/world/x",)).grade == "B"
    assert table.match(name="38 North").grade == "B"
    assert table.match(name="Axiswatch Sample Wire").grade == "B"
    # the domain wins over a misleading site name
    assert table.match(name="Some Blog", urls=("https://tass.com/politics/1",)).name == "TASS"


def test_unknown_publisher_is_graded_f_and_keyed_on_host():
    table = PublisherTable([])
    a = table.match(name="Foo Daily", urls=("https://www.foo.example/a",))
    b = table.match(urls=("https://foo.example/b",))
    assert a.grade == b.grade == "F"
    assert a.publisher_id == b.publisher_id == publisher_id("foo.example")
    assert table.match() is None


def test_host_of():
    assert host_of("https://WWW.Example.org:8080/x") == "example.org"
    assert host_of("/tmp/file.html") is None


def test_publisher_section_is_validated(tmp_path):
    with pytest.raises(ValueError, match="grade must be one of A-F"):
        PublisherSpec(name="X", grade="Z")
    src = (load_profile("russia_dprk").path)
    text = open(src, encoding="utf-8").read()
    bad = text.replace("{name: Reuters, domains: [reuters.com], grade: B",
                       "{name: Reuters, domains: [reuters.com], grade: Q")
    p = tmp_path / "bad.yaml"
    p.write_text(bad, encoding="utf-8")
    with pytest.raises(ProfileError, match="invalid 'publishers' section"):
        load_profile(str(p))
