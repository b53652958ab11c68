"""Publishers and their reliability grades (NATO/Admiralty source-reliability scale A–F).

The table is data: the profile's ``publishers:`` section (name, domains,
grade, note, aliases), editable by the analyst. A publisher not in the table
is still recorded, graded F ("reliability cannot be judged").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from axiswatch.ids import make_id
from axiswatch.profiles import Profile, register_section_validator
from axiswatch.store.workspace import Workspace

GRADES = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
DEFAULT_GRADE = "F"
_COLUMNS = "(publisher_id, name, domain, grade, grade_note)"


class PublisherSpec(BaseModel):
    """One row of the profile's publishers table."""

    model_config = ConfigDict(extra="forbid")
    name: str
    domains: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    grade: str = DEFAULT_GRADE
    note: str = ""

    @field_validator("grade")
    @classmethod
    def _grade(cls, v: str) -> str:
        v = v.strip().upper()[:1]
        if v not in GRADES:
            scale = ", ".join(f"{k}: {d}" for k, d in GRADES.items())
            raise ValueError(f"grade must be one of A-F ({scale})")
        return v

    @field_validator("domains")
    @classmethod
    def _domains(cls, v: list[str]) -> list[str]:
        out = []
        for d in v:
            d = d.strip().lower().removeprefix("www.")
            if not d or "/" in d or " " in d:
                raise ValueError(f"a domain is a host name like 'kcna.kp', not {d!r}")
            out.append(d)
        return out


def validate_publishers(profile: Profile) -> None:
    """Section validator: every entry is a valid PublisherSpec and names are unique."""
    names: set[str] = set()
    for i, raw in enumerate(profile.publishers):
        spec = PublisherSpec.model_validate(raw)
        key = spec.name.casefold()
        if key in names:
            raise ValueError(f"publisher #{i + 1} {spec.name!r} is listed twice")
        names.add(key)


register_section_validator("publishers", validate_publishers)


def publisher_id(name: str) -> str:
    """Content-derived id of a publisher from its name."""
    return make_id("pub", " ".join(name.casefold().split()))


def host_of(url: str | None) -> str | None:
    """Lower-case host of a URL without ``www.``; None for paths and junk."""
    if not url or "://" not in url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


def _first(items: list[str]) -> str | None:
    return items[0] if items else None


@dataclass(frozen=True)
class PublisherMatch:
    """The publisher a document is attributed to."""

    publisher_id: str
    name: str
    domain: str | None
    grade: str
    note: str
    known: bool  # listed in the profile table


class PublisherTable:
    """Look publishers up by domain (suffix match) or by name and aliases."""

    def __init__(self, specs: list[PublisherSpec]) -> None:
        self.specs = specs
        self._by_domain = {d: s for s in specs for d in s.domains}
        self._by_name = {n.casefold(): s for s in specs for n in [s.name, *s.aliases]}

    @classmethod
    def from_profile(cls, profile: Profile) -> PublisherTable:
        """The table of a loaded profile."""
        return cls([PublisherSpec.model_validate(p) for p in profile.publishers])

    def _match_spec(self, spec: PublisherSpec, domain: str | None) -> PublisherMatch:
        return PublisherMatch(publisher_id(spec.name), spec.name, domain or _first(spec.domains),
                              spec.grade, spec.note, True)

    def match(self, *, name: str | None = None, urls: tuple[str | None, ...] = ()) -> PublisherMatch | None:
        """Best publisher for a document: a listed domain, then a listed name, then an unknown one."""
        hosts = [h for h in (host_of(u) for u in urls) if h]
        for host in hosts:
            labels = host.split(".")
            for i in range(len(labels) - 1):  # news.kcna.kp -> kcna.kp -> kp (stop before the TLD)
                spec = self._by_domain.get(".".join(labels[i:]))
                if spec:
                    return self._match_spec(spec, host)
        if name:
            spec = self._by_name.get(" ".join(name.split()).casefold())
            if spec:
                return self._match_spec(spec, hosts[0] if hosts else None)
        label = " ".join(name.split())[:200] if name else (hosts[0] if hosts else None)
        if not label:
            return None
        # An unlisted site is keyed on its host, so pages with and without a site name agree.
        key = hosts[0] if hosts else label
        return PublisherMatch(publisher_id(key), label, hosts[0] if hosts else None, DEFAULT_GRADE,
                              "not in the profile's publishers table", False)


def sync_publishers(ws: Workspace, table: PublisherTable) -> int:
    """Upsert the profile's publishers into the workspace (grades edited in the profile take effect)."""
    rows = [[publisher_id(s.name), s.name, _first(s.domains), s.grade,
             s.note or GRADES[s.grade]] for s in table.specs]
    if rows:
        ws.con.executemany(f"INSERT OR REPLACE INTO publishers {_COLUMNS} VALUES (?, ?, ?, ?, ?)", rows)
    return len(rows)


def record_publishers(ws: Workspace, matches: list[PublisherMatch]) -> None:
    """Insert publishers seen in documents that the workspace does not have yet."""
    rows = {m.publisher_id: [m.publisher_id, m.name, m.domain, m.grade, m.note] for m in matches}
    if rows:
        ws.con.executemany(f"INSERT OR IGNORE INTO publishers {_COLUMNS} VALUES (?, ?, ?, ?, ?)",
                           list(rows.values()))
