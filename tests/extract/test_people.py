"""The leaders, ministers and capitals of data/people.yaml: what they resolve to, and how the file is checked."""

from __future__ import annotations

import pytest

from axiswatch.extract import actors
from axiswatch.extract.actors import ActorMatcher, world_people
from axiswatch.extract.text import tokenize
from axiswatch.profiles import load_profile


def _codes(text: str) -> list[tuple[str, str]]:
    m = ActorMatcher(load_profile())
    return [(x.surface, x.code) for x in m.find(tokenize(text), text)]


def test_every_entry_names_its_source_and_a_kind():
    data = world_people()
    assert len(data) >= 40
    for code, spec in data.items():
        assert spec["source"].startswith("https://"), code
        for person in spec.get("people", []):
            assert person["kind"] in ("leader", "official"), person


@pytest.mark.parametrize(("text", "code"), [
    ("Modi", "IND"), ("Erdoğan", "TUR"), ("Erdogan", "TUR"), ("Lula", "BRA"), ("Phnom Penh", "KHM"),
    ("Barack Obama", "USA"), ("Viktor Orbán", "HUN"),
])
def test_names_resolve_to_their_state(text, code):
    assert _codes(f"{text} said so.")[0][1] == code


def test_the_profile_wins_over_the_generic_list():
    # Xi and Lukashenko are the profile's own entries; the generic list never adds a second reading
    assert _codes("Xi met Lukashenko.") == [("Xi", "CHN"), ("Lukashenko", "BLR")]


def test_a_city_that_is_only_a_venue_is_not_an_actor():
    # talks "in Istanbul" are between the visitors, not with Turkey
    assert [c for _, c in _codes("Russian and Ukrainian delegations met in Istanbul.")] == ["RUS", "UKR"]


def test_a_bad_entry_is_refused_with_its_code(monkeypatch):
    class Fake:
        def read_text(self, encoding: str) -> str:
            return "XYZ:\n  people:\n    - {name: Someone, kind: leader}\n"

        def __truediv__(self, other: str) -> Fake:
            return self

    monkeypatch.setattr(actors.resources, "files", lambda pkg: Fake())
    world_people.cache_clear()
    try:
        with pytest.raises(ValueError, match="XYZ"):
            world_people()
    finally:
        world_people.cache_clear()
