"""Actor mentions: every name, alias, demonym, member (leader, ministry, ship, place) that resolves to a state.

The profile lists the actors that matter with their aliases and members; any
other country resolves by its name (pycountry) or a demonym from the lexicon, and
by the leaders, ministers and capitals of ``axiswatch/data/people.yaml``.
Matching is over tokens, longest phrase first; short all-capital aliases (US,
UN, NIS) must match case exactly so that "us" the pronoun is not the United States.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry
import yaml

from axiswatch.extract.text import Token, tokenize
from axiswatch.profiles import Profile

# Demonyms and short names pycountry lacks, for countries outside the profile.
_EXTRA = {
    "BLR": (["Belarus", "Minsk"], ["Belarusian"]),
    "SYR": (["Syria", "Damascus"], ["Syrian"]),
    "MNG": (["Mongolia", "Ulaanbaatar"], ["Mongolian"]),
    "VNM": (["Vietnam", "Hanoi"], ["Vietnamese"]),
    "IND": (["India", "New Delhi"], ["Indian"]),
    "FRA": (["France", "Paris"], ["French"]),
    "DEU": (["Germany", "Berlin"], ["German"]),
    "TUR": (["Turkey", "Türkiye", "Ankara"], ["Turkish"]),
    "ISR": (["Israel", "Jerusalem"], ["Israeli"]),
    "CAN": (["Canada", "Ottawa"], ["Canadian"]),
    "AUS": (["Australia", "Canberra"], ["Australian"]),
    "NZL": (["New Zealand", "Wellington"], []),
    "ITA": (["Italy", "Rome"], ["Italian"]),
    "NLD": (["Netherlands", "The Hague", "Holland"], ["Dutch"]),
    "POL": (["Poland", "Warsaw"], ["Polish"]),
    "VEN": (["Venezuela", "Caracas"], ["Venezuelan"]),
    "CUB": (["Cuba", "Havana"], ["Cuban"]),
    "LAO": (["Laos", "Vientiane"], ["Lao", "Laotian"]),
    "KAZ": (["Kazakhstan", "Astana"], ["Kazakh"]),
    "SAU": (["Saudi Arabia", "Riyadh"], ["Saudi"]),
    "EGY": (["Egypt", "Cairo"], ["Egyptian"]),
    "BRA": (["Brazil", "Brasilia"], ["Brazilian"]),
    "MEX": (["Mexico"], ["Mexican"]),
    "ERI": (["Eritrea"], ["Eritrean"]),
    "NIC": (["Nicaragua"], ["Nicaraguan"]),
    "MMR": (["Myanmar", "Burma"], ["Burmese"]),
    "GEO": (["Georgia", "Tbilisi"], ["Georgian"]),
    "ARM": (["Armenia", "Yerevan"], ["Armenian"]),
    "AZE": (["Azerbaijan", "Baku"], ["Azerbaijani"]),
    "MDA": (["Moldova"], ["Moldovan"]),
    "FIN": (["Finland", "Helsinki"], ["Finnish"]),
    "SWE": (["Sweden", "Stockholm"], ["Swedish"]),
    "NOR": (["Norway", "Oslo"], ["Norwegian"]),
    "ESP": (["Spain", "Madrid"], ["Spanish"]),
    "QAT": (["Qatar", "Doha"], ["Qatari"]),
    "ARE": (["United Arab Emirates", "UAE", "Abu Dhabi", "Dubai"], ["Emirati"]),
    "PAK": (["Pakistan", "Islamabad"], ["Pakistani"]),
    "IRQ": (["Iraq", "Baghdad"], ["Iraqi"]),
    "AFG": (["Afghanistan", "Kabul"], ["Afghan"]),
    "SRB": (["Serbia", "Belgrade"], ["Serbian"]),
    "HUN": (["Hungary", "Budapest"], ["Hungarian"]),
    "ZAF": (["South Africa", "Pretoria"], ["South African"]),
    "NGA": (["Nigeria", "Abuja"], ["Nigerian"]),
    "IDN": (["Indonesia", "Jakarta"], ["Indonesian"]),
    "THA": (["Thailand", "Bangkok"], ["Thai"]),
    "PHL": (["Philippines", "Manila"], ["Filipino"]),
    "SGP": (["Singapore"], ["Singaporean"]),
    "MYS": (["Malaysia", "Kuala Lumpur"], ["Malaysian"]),
    "TWN": (["Taiwan", "Taipei"], ["Taiwanese"]),
    "UZB": (["Uzbekistan", "Tashkent"], ["Uzbek"]),
    "YEM": (["Yemen", "Sanaa"], ["Yemeni", "Houthis", "Houthi"]),
    "LBN": (["Lebanon", "Beirut"], ["Lebanese", "Hezbollah"]),
    "PSE": (["Palestine", "Gaza"], ["Palestinian", "Hamas"]),
}
# Demonyms of further countries (adjectives and nationals), by ISO 3166-1 alpha-3 code.
_DEMONYMS = {
    "SVK": ["Slovak", "Slovakian"], "CZE": ["Czech"], "AUT": ["Austrian"], "CHE": ["Swiss"], "GRC": ["Greek"],
    "CYP": ["Cypriot"], "MLT": ["Maltese"], "BEL": ["Belgian"], "DNK": ["Danish"], "IRL": ["Irish"],
    "PRT": ["Portuguese"], "ROU": ["Romanian"], "BGR": ["Bulgarian"], "HRV": ["Croatian"], "SVN": ["Slovenian"],
    "BIH": ["Bosnian"], "ALB": ["Albanian"], "MKD": ["Macedonian"], "MNE": ["Montenegrin"], "ISL": ["Icelandic"],
    "LUX": ["Luxembourgish"], "EST": ["Estonian"], "LVA": ["Latvian"], "LTU": ["Lithuanian"],
    "KGZ": ["Kyrgyz"], "TJK": ["Tajik"], "TKM": ["Turkmen"], "OMN": ["Omani"], "KWT": ["Kuwaiti"],
    "BHR": ["Bahraini"], "JOR": ["Jordanian"], "LBY": ["Libyan"], "DZA": ["Algerian"], "MAR": ["Moroccan"],
    "TUN": ["Tunisian"], "SDN": ["Sudanese"], "ETH": ["Ethiopian"], "KEN": ["Kenyan"], "UGA": ["Ugandan"],
    "TZA": ["Tanzanian"], "AGO": ["Angolan"], "MOZ": ["Mozambican"], "ZWE": ["Zimbabwean"], "CMR": ["Cameroonian"],
    "GHA": ["Ghanaian"], "SEN": ["Senegalese"], "MLI": ["Malian"], "CHL": ["Chilean"], "ARG": ["Argentine",
    "Argentinian"], "PER": ["Peruvian"], "COL": ["Colombian"], "BOL": ["Bolivian"], "ECU": ["Ecuadorian"],
    "URY": ["Uruguayan"], "PRY": ["Paraguayan"], "PAN": ["Panamanian"], "CRI": ["Costa Rican"],
    "HND": ["Honduran"], "GTM": ["Guatemalan"], "SLV": ["Salvadoran"], "HTI": ["Haitian"], "JAM": ["Jamaican"],
    "LKA": ["Sri Lankan"], "BGD": ["Bangladeshi"], "NPL": ["Nepali", "Nepalese"], "KHM": ["Cambodian"],
    "BRN": ["Bruneian"], "MDV": ["Maldivian"], "SYC": ["Seychellois"], "MHL": ["Marshallese"], "TGO": ["Togolese"],
    "SLE": ["Sierra Leonean"], "LBR": ["Liberian"], "COD": ["Congolese"], "EGY": ["Egyptian"],
}
# Names that look like countries but are too ambiguous in English news to use bare.
_SKIP_NAMES = {"jersey", "georgia", "chad", "guinea", "niger", "jordan", "turkey", "china, republic of",
               "man", "isle of man", "congo", "dominica", "sudan, the", "panama"}


@lru_cache(maxsize=1)
def world_people() -> dict[str, dict[str, Any]]:
    """The leaders, ministers and capitals of ``axiswatch/data/people.yaml``, by actor code (validated)."""
    path = resources.files("axiswatch") / "data" / "people.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for code, spec in data.items():
        if not isinstance(spec, dict) or not spec.get("source"):
            raise ValueError(f"people.yaml: {code} needs a mapping with a source")
        for person in spec.get("people", []):
            if person.get("kind") not in ("leader", "official") or not person.get("name"):
                raise ValueError(f"people.yaml: {code}: a person needs a name and kind leader or official: {person}")
    return data


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One surface form and what it resolves to."""

    code: str
    name: str  # canonical name of the member or actor
    kind: str  # state | igo | demonym | leader | official | ministry | military | agency | media | ... | place
    case_sensitive: str | None  # exact surface required (short acronyms)


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor mention in a sentence: token span, code and the surface text."""

    i: int  # first token
    j: int  # one past the last token
    code: str
    surface: str
    kind: str
    possessive: bool = False

    @property
    def is_place(self) -> bool:
        """Places locate an act; they act only when nothing else can."""
        return self.kind == "place"

    @property
    def is_person(self) -> bool:
        """Leaders and officials (for 'he'/'she')."""
        return self.kind in ("leader", "official")


class ActorMatcher:
    """Finds actor mentions in token lists, longest match first."""

    def __init__(self, profile: Profile) -> None:
        self.codes: set[str] = set()
        self._index: dict[str, list[tuple[tuple[str, ...], ActorEntry]]] = {}
        for code, spec in profile.actors.items():
            self.codes.add(code)
            kind = spec.kind
            self._add(spec.name, ActorEntry(code, spec.name, kind, None))
            for alias in spec.aliases:
                self._add(alias, ActorEntry(code, spec.name, kind, None))
            for dem in spec.demonyms:
                self._add(dem, ActorEntry(code, spec.name, "demonym", None))
            for m in spec.members:
                for alias in [m.name, *m.aliases]:
                    self._add(alias, ActorEntry(code, m.name, m.kind, None))
        for code, (names, dems) in _EXTRA.items():
            for n in names:
                self._add(n, ActorEntry(code, names[0], "state", None), keep=True)
            for d in dems:
                self._add(d, ActorEntry(code, names[0], "demonym", None), keep=True)
        for code, dems in _DEMONYMS.items():
            for d in dems:
                self._add(d, ActorEntry(code, d, "demonym", None), keep=True)
        for code, known in world_people().items():
            # leaders, ministers and capitals of any country, after the profile's own (which win)
            for a in known.get("aliases", []):
                self._add(a, ActorEntry(code, a, "state", None), keep=True)
            for person in known.get("people", []):
                for a in [person["name"], *person.get("aliases", [])]:
                    self._add(a, ActorEntry(code, person["name"], person["kind"], None), keep=True)
        for c in pycountry.countries:
            for attr in ("name", "common_name"):
                cname = getattr(c, attr, None)
                if cname and cname.lower() not in _SKIP_NAMES and "," not in cname:
                    self._add(cname, ActorEntry(c.alpha_3, cname, "state", None), keep=True)
        for lst in self._index.values():
            lst.sort(key=lambda e: -len(e[0]))

    def _add(self, alias: str, entry: ActorEntry, keep: bool = False) -> None:
        toks = tuple(t.lower for t in tokenize(alias))
        if not toks:
            return
        bucket = self._index.setdefault(toks[0], [])
        if keep and any(t == toks for t, _ in bucket):
            return  # the profile's own entry wins over generic country names
        letters = alias.replace(".", "").replace(" ", "")
        cs = alias if (len(letters) <= 4 and letters.isupper()) else None
        if toks[0] == "the" and len(toks) == 2 and alias[4:] in ("North", "South"):
            cs = "@" + alias[4:]  # "the North" is the DPRK; "the north of the country" is not
        bucket.append((toks, ActorEntry(entry.code, entry.name, entry.kind, cs)))

    def find(self, tokens: list[Token], text: str | None = None) -> list[Mention]:
        """All non-overlapping mentions in a token list (``text``: the sentence, for exact surfaces)."""
        out: list[Mention] = []
        i, n = 0, len(tokens)
        low = [_strip_suffix(t.lower) for t in tokens]
        while i < n:
            cands = self._index.get(low[i])
            hit = None
            if cands:
                for toks, entry in cands:
                    k = len(toks)
                    if i + k > n:
                        continue
                    if all(low[i + x] == toks[x] for x in range(k)):
                        if entry.case_sensitive is not None and entry.case_sensitive.startswith("@"):
                            if tokens[i + 1].text != entry.case_sensitive[1:]:
                                continue
                            if i + 2 < n and low[i + 2] in ("korean", "koreans", "korea"):
                                continue  # "the North Korean units": the demonym, not "the North"
                        elif entry.case_sensitive is not None:
                            surface = "".join(t.text for t in tokens[i:i + k])
                            if surface.replace(".", "") != entry.case_sensitive.replace(".", "").replace(" ", ""):
                                continue
                        if k == 1 and entry.kind in ("leader", "official", "military") and i + 1 < n and \
                                tokens[i + 1].text[:1].isupper() and tokens[i + 1].text.replace("-", "").isalpha():
                            continue  # "Kim Hong-kyun" is not Kim Jong Un
                        # a capitalised word is a name; "china" inside "fine china" is not
                        if not tokens[i].text[:1].isupper() and tokens[i].lower not in ("the",):
                            continue
                        hit = (k, entry)
                        break
            if hit is None:
                i += 1
                continue
            k, entry = hit
            if entry.kind == "igo" and i >= 2 and tokens[i - 1].lower == "'s" and out and out[-1].j == i - 1:
                i += k
                continue  # "Russia's Security Council" is Russia's own body, named by its owner
            poss = i + k < n and tokens[i + k].lower == "'s"
            if text is not None:
                surface = text[tokens[i].start:tokens[i + k - 1].end]
            else:
                surface = "".join((" " if n and tokens[x - 1].end < tokens[x].start else "") + tokens[x].text
                                  for n, x in enumerate(range(i, i + k)))  # "Kim Jong-Un" keeps its hyphen
            kind = entry.kind
            if kind == "state" and not poss and i + k < n and low[i + k] in _EVENT_NOUNS and \
                    tokens[i].text[:1].isupper() and (i == 0 or low[i - 1] in ("the", "a", "an", "their", "its")):
                kind = "place"  # "the Hanoi summit", "the Moscow Declaration": where, not who
            out.append(Mention(i, i + k, entry.code, surface, kind, poss))
            i += k
        return out


_EVENT_NOUNS = {"summit", "summits", "meeting", "talks", "declaration", "conference", "process", "format", "forum",
                "negotiations", "accord", "accords", "agreement", "communique", "statement"}

# "North Korean-flagged", "Iranian-made", "Russian-backed": the actor before the hyphen owns the thing
_OWNING_SUFFIXES = ("-flagged", "-registered", "-made", "-built", "-backed", "-owned", "-based", "-designed",
                    "-produced", "-operated", "-controlled", "-supplied", "-manufactured", "-crewed", "-funded")


def _strip_suffix(word: str) -> str:
    if "-" in word and word.endswith(_OWNING_SUFFIXES):
        return word[:word.rindex("-")]
    return word


_MATCHERS: dict[int, tuple[Profile, ActorMatcher]] = {}


def matcher_for(profile: Profile) -> ActorMatcher:
    """One matcher per profile object, built once."""
    hit = _MATCHERS.get(id(profile))
    if hit is None or hit[0] is not profile:
        hit = _MATCHERS[id(profile)] = (profile, ActorMatcher(profile))
    return hit[1]
