"""Resolved events and their actors as FollowTheMoney entities (Aleph, OpenSanctions-style tools).

Each entity is ``{"id", "schema", "properties": {name: [values]}}``, one per
line, as FtM streams them. States are ``PublicBody`` (topic ``gov.national``,
country ISO 3166-1 alpha-2 in lower case, as FtM spells countries; the Soviet
Union is FtM's ``suhh``), international bodies ``Organization`` (``gov.igo``).
A resolved event is an ``Event`` whose ``organizer`` is the acting side and
whose ``involved`` is the side acted upon; its ``proof`` points at the
``Article`` entities of the documents its evidence sentences come from, so an
Aleph user can walk from a claim to its sources. Ids come from our own ids
(``aw-`` + resolved or document id, ``aw-actor-`` + actor code), so exporting
the same workspace twice gives the same entities.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pycountry

from axiswatch.analysis.resolve import date_bounds, evidence_for
from axiswatch.profiles import Profile
from axiswatch.store.workspace import Workspace

SPECIAL_COUNTRIES = {"SUN": "suhh", "XKX": "xk"}
IGO_CODES = frozenset({"UN", "UNSC", "EU", "NATO", "G7", "IAEA", "MSMT"})
# The IGOs FtM has a country code for (it treats them as jurisdictions).
IGO_COUNTRIES = {"EU": "eu", "UN": "un", "UNSC": "un"}
MAX_ALIASES = 20


def country_code(code: str) -> str | None:
    """FtM's country code (ISO alpha-2, lower case) of one of our actor codes; None when it has none."""
    if code in SPECIAL_COUNTRIES:
        return SPECIAL_COUNTRIES[code]
    if code in IGO_COUNTRIES:
        return IGO_COUNTRIES[code]
    if len(code) != 3:
        return None
    c = pycountry.countries.get(alpha_3=code)
    return c.alpha_2.lower() if c else None


def language_code(code: str | None) -> str | None:
    """FtM's language code (ISO 639-3, 'eng') of our ISO 639-1 code ('en'); None when unknown."""
    if not code:
        return None
    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return lang.alpha_3 if lang else None


def actor_id(code: str) -> str:
    """The entity id of an actor."""
    return f"aw-actor-{code.lower()}"


def actor_entity(code: str, profile: Profile) -> dict[str, Any]:
    """A state as PublicBody, an international body as Organization, with names from the profile."""
    spec = profile.actors.get(code)
    igo = code in IGO_CODES or (spec is not None and spec.kind == "igo")
    name = spec.name if spec else _country_name(code)
    props: dict[str, list[str]] = {"name": [name]}
    aliases = [a for a in (spec.aliases if spec else []) if a != name][:MAX_ALIASES]
    if aliases:
        props["alias"] = aliases
    cc = country_code(code)
    if cc:
        props["jurisdiction" if igo else "country"] = [cc]
    props["topics"] = ["gov.igo" if igo else "gov.national"]
    props["notes"] = [f"axiswatch actor code {code}"]
    return {"id": actor_id(code), "schema": "Organization" if igo else "PublicBody", "properties": props}


def _country_name(code: str) -> str:
    c = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return c.name if c else code


def document_entity(doc: dict[str, Any]) -> dict[str, Any]:
    """A source document as an Article (title, publication date, publisher, link)."""
    props: dict[str, list[str]] = {}
    title = doc.get("title") or doc["document_id"]
    props["title"] = [title]
    props["fileName"] = [doc["document_id"]]
    if doc.get("published"):
        props["publishedAt"] = [doc["published"]]
    if doc.get("publisher"):
        props["publisher"] = [doc["publisher"]]
    lang = language_code(doc.get("language"))
    if lang:
        props["language"] = [lang]
    url = doc.get("url") or (doc.get("origin") if str(doc.get("origin") or "").startswith(("http://", "https://"))
                             else None)
    if url:
        props["sourceUrl"] = [url]
    if doc.get("author"):
        props["author"] = [doc["author"]]
    return {"id": f"aw-{doc['document_id']}", "schema": "Article", "properties": props}


def event_entity(ev: dict[str, Any], evidence: list[dict[str, Any]], profile: Profile,
                 doc_urls: dict[str, str], known_docs: set[str] | None = None) -> dict[str, Any]:
    """A resolved event as an FtM Event with its organizer, the side involved, dates and proof."""
    def name_of(code: str) -> str:
        spec = profile.actors.get(code)
        return spec.name if spec else _country_name(code)

    what = ev["event_type"] + (f" ({ev['commodity']})" if ev.get("commodity") else "")
    props: dict[str, list[str]] = {"name": [f"{name_of(ev['source'])} → {name_of(ev['target'])}: {what}"]}
    if ev.get("date"):
        props["date"] = [ev["date"]]
    if ev.get("date_first"):
        props["startDate"] = [ev["date_first"].isoformat()]
    if ev.get("date_last"):
        props["endDate"] = [ev["date_last"].isoformat()]
    props["organizer"] = [actor_id(ev["source"])]
    if ev["target"] != ev["source"]:
        props["involved"] = [actor_id(ev["target"])]
    countries = [c for c in dict.fromkeys((country_code(ev["source"]), country_code(ev["target"]))) if c]
    if countries:
        props["country"] = countries
    if evidence:
        props["summary"] = [evidence[0]["text"]]
    q = ""
    if ev.get("quantity_unit") and ev.get("quantity_low") is not None:
        lo, hi = ev["quantity_low"], ev["quantity_high"]
        q = f"; quantity {lo:g}" + (f"–{hi:g}" if hi is not None and hi != lo else "") + f" {ev['quantity_unit']}"
    props["description"] = [
        f"{ev['estimative']} (confidence {ev['confidence']:.2f}); certainty {ev['certainty']}; "
        f"{ev['mentions']} mention(s) in {ev['documents']} document(s), {ev['independent_sources']} independent"
        + q + ("; contested by a denial" if ev.get("contested") else "")]
    props["keywords"] = [k for k in (ev["event_type"], ev.get("commodity"), ev.get("mode")) if k]
    docs = [d for d in dict.fromkeys(e["document_id"] for e in evidence if e.get("document_id"))
            if known_docs is None or d in known_docs]
    if docs:
        props["proof"] = [f"aw-{d}" for d in docs]
        urls = [doc_urls[d] for d in docs if d in doc_urls]
        if urls:
            props["sourceUrl"] = list(dict.fromkeys(urls))
    props["recordId"] = [ev["resolved_id"]]
    return {"id": f"aw-{ev['resolved_id']}", "schema": "Event", "properties": props}


def ftm_entities(ws: Workspace, profile: Profile, since: str | None = None, until: str | None = None,
                 *, dyad_only: bool = False, max_evidence: int = 3) -> Iterator[dict[str, Any]]:
    """Actors, source documents and resolved events as FtM entities (the workspace must be resolved)."""
    lo, hi = date_bounds(since, until)
    a, b = profile.dyad
    events = ws.records(
        "SELECT * FROM resolved_events WHERE ($lo IS NULL OR date_first >= $lo) AND ($hi IS NULL OR date_first <= $hi) "
        "AND (NOT $dyad OR (source = $a AND target = $b) OR (source = $b AND target = $a)) "
        "ORDER BY date_first NULLS LAST, resolved_id",
        {"lo": lo, "hi": hi, "dyad": dyad_only, "a": a, "b": b})
    evidence = evidence_for(ws, [e["resolved_id"] for e in events], limit=max_evidence)
    codes = sorted({e["source"] for e in events} | {e["target"] for e in events})
    for code in codes:
        yield actor_entity(code, profile)
    doc_ids = sorted({v["document_id"] for evs in evidence.values() for v in evs if v.get("document_id")})
    doc_urls: dict[str, str] = {}
    known: set[str] = set()
    if doc_ids:
        docs = ws.records(
            "SELECT d.document_id, d.title, d.published, d.language, d.url, d.origin, d.author, p.name AS publisher "
            "FROM documents d LEFT JOIN publishers p USING (publisher_id) WHERE list_contains(?, d.document_id) "
            "ORDER BY d.document_id", [doc_ids])
        for d in docs:
            known.add(d["document_id"])
            ent = document_entity(d)
            if "sourceUrl" in ent["properties"]:
                doc_urls[d["document_id"]] = ent["properties"]["sourceUrl"][0]
            yield ent
    for e in events:
        yield event_entity(e, evidence.get(e["resolved_id"], []), profile, doc_urls, known)
