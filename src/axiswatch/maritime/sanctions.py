"""Sanctions lists (``axiswatch ingest --kind sanctions``): UN SC XML, OFAC legacy CSV, FollowTheMoney JSON lines.

Each list becomes rows of ``sanction_entries`` (persons, organisations, vessels,
with their aliases in ``sanction_aliases``). Entry ids come from the list and the
list's own id, so re-loading a list replaces it in place. Designations then
become SANCTION events (designating body -> the designee's state, e.g.
UNSC -> PRK) through the shared ``write_events``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - expat does not fetch external entities
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pycountry

from axiswatch.errors import InputError
from axiswatch.ids import make_id
from axiswatch.maritime.common import as_rejected, atomic, insert_rows, quarantine
from axiswatch.maritime.places import MaritimeParams, maritime_params
from axiswatch.profiles import Profile, load_profile
from axiswatch.records import Event, Evidence, Quantity
from axiswatch.sources.base import IngestOutcome, register_dataset_kind
from axiswatch.store.events import write_events
from axiswatch.store.workspace import Workspace

_IMO_RE = re.compile(r"\bIMO\D{0,12}(\d{7})\b")
_MMSI_RE = re.compile(r"\bMMSI\D{0,5}(\d{9})\b")
_FTM_SCHEMAS = {"Person": "person", "Organization": "organization", "Company": "organization",
                "LegalEntity": "organization", "PublicBody": "organization", "Vessel": "vessel"}
# Special authority codes that are not countries (ONTOLOGY.md actor codes).
_BODIES = {"eu": "EU", "un": "UN", "zz": None}
# Short names the lists use that pycountry does not know.
_COUNTRY_NAMES = {"russia": "RUS", "korea, north": "PRK", "korea, south": "KOR", "dprk": "PRK",
                  "burma": "MMR", "turkey": "TUR", "st. kitts & nevis": "KNA",
                  "st. vincent and the grenadines": "VCT", "laos": "LAO", "czech republic": "CZE"}
MAX_XML_BYTES = 200 * 1024 * 1024
ENTRY_COLUMNS = ["entry_id", "list", "list_entry_id", "schema", "name", "imo", "mmsi", "call_sign", "flag",
                 "country", "programs", "authority", "designated_on", "is_target", "remarks", "origin"]


@dataclass
class Entry:
    """One designated person, organisation or vessel, as read from a list."""

    source_list: str
    list_entry_id: str
    schema: str
    name: str
    aliases: list[str] = field(default_factory=list)
    imo: int | None = None
    mmsi: int | None = None
    call_sign: str | None = None
    flag: str | None = None
    country: str | None = None
    programs: list[str] = field(default_factory=list)
    authority: str | None = None
    designated_on: date | None = None
    is_target: bool = True
    remarks: str | None = None

    @property
    def entry_id(self) -> str:
        """Content-derived id from the list family and the list's own id."""
        family = "ftm" if self.source_list.startswith("ftm") else self.source_list
        return make_id("sanc", family, self.list_entry_id)


def country_code(value: str | None) -> str | None:
    """ISO alpha-3 for a country name or alpha-2/3 code; None when unknown."""
    if not value:
        return None
    v = value.strip()
    if v.lower() in _BODIES:
        return _BODIES[v.lower()]
    if v.lower() in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[v.lower()]
    try:
        return str(pycountry.countries.lookup(v).alpha_3)
    except LookupError:
        return None


def program_state(programs: list[str], params: MaritimeParams) -> str | None:
    """The designee state a programme code implies (longest matching key wins)."""
    keys = sorted(params.sanction_programs, key=len, reverse=True)
    for prog in programs:
        up = prog.upper()
        for k in keys:
            if k.upper() in up:
                return params.sanction_programs[k]
    return None


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# -- UN Security Council consolidated list (XML) --------------------------------------------
def read_un_xml(path: Path, params: MaritimeParams) -> Iterator[Entry | tuple[str, str]]:
    """Entries of the UN SC consolidated list; a tuple is (location, reason) for a refused record."""
    if path.stat().st_size > MAX_XML_BYTES:
        raise InputError(str(path), f"larger than {MAX_XML_BYTES} bytes")
    try:
        for _, el in ET.iterparse(path, events=("end",)):  # noqa: S314 - see the import note
            if el.tag not in ("INDIVIDUAL", "ENTITY"):
                continue
            dataid = (el.findtext("DATAID") or "").strip()
            names = [(el.findtext(t) or "").strip() for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME",
                                                              "FOURTH_NAME")]
            name = " ".join(n for n in names if n)
            if not dataid or not name:
                yield (f"{el.tag} {dataid or '?'}", "record without DATAID or name")
                el.clear()
                continue
            aliases = [a.strip() for a in (x.text for x in el.iter("ALIAS_NAME")) if a and a.strip()]
            list_type = (el.findtext("UN_LIST_TYPE") or "").strip()
            nationality = [v.text for v in el.findall("NATIONALITY/VALUE") if v.text]
            addr = [c.text for c in el.iter("COUNTRY") if c.text]
            country = program_state([list_type], params) or next(
                (c for c in map(country_code, nationality + addr) if c), None)
            ref = (el.findtext("REFERENCE_NUMBER") or "").strip()
            comments = (el.findtext("COMMENTS1") or "").strip()
            yield Entry(source_list="un_sc", list_entry_id=dataid, schema="person" if el.tag == "INDIVIDUAL"
                        else "organization", name=name, aliases=aliases, country=country,
                        programs=[p for p in (list_type, ref) if p], authority="UNSC",
                        designated_on=_date(el.findtext("LISTED_ON")), remarks=comments[:2000] or None)
            el.clear()
    except ET.ParseError as exc:
        raise InputError(str(path), f"not well-formed XML: {exc}") from exc


# -- OFAC legacy CSV -------------------------------------------------------------------------
def _ofac_rows(path: Path) -> list[list[str | None]]:
    text = path.read_bytes().decode("cp1252", errors="replace").replace("\x1a", "")
    rows = []
    for row in csv.reader(io.StringIO(text)):
        if not row or all(not c.strip() for c in row):
            continue
        rows.append([None if c.strip() in ("-0-", "") else c.strip() for c in row])
    return rows


def _ofac_list(path: Path) -> str:
    return "ofac_cons" if "cons" in path.name.lower() else "ofac_sdn"


def _ofac_sibling(path: Path, kind: str) -> Path | None:
    name = path.name.lower()
    for a, b in (("sdn", kind), ("prim", kind)):
        if a in name:
            cand = path.with_name(path.name[: name.index(a)] + b + path.name[name.index(a) + len(a):])
            if cand.exists() and cand != path:
                return cand
    return None


def read_ofac(path: Path, params: MaritimeParams) -> Iterator[Entry | tuple[str, str]]:
    """Entries of an OFAC SDN or consolidated main file (12 columns, no header)."""
    lst = _ofac_list(path)
    for n, row in enumerate(_ofac_rows(path), start=1):
        if len(row) != 12:
            yield (f"line {n}", f"expected 12 columns, found {len(row)}")
            continue
        ent_num, name, sdn_type, program, _title, call_sign, _vtype, _t, _g, vflag, _owner, remarks = row
        if not ent_num or not ent_num.isdigit() or not name:
            yield (f"line {n}", "missing ent_num or name")
            continue
        kind = {"individual": "person", "vessel": "vessel"}.get((sdn_type or "").lower(), "organization")
        if (sdn_type or "").lower() == "aircraft":
            continue  # aircraft are not screened against ships or actors
        programs = [p.strip(" []") for p in re.split(r"\]\s*\[", program or "") if p.strip(" []")]
        rem = remarks or ""
        imo = _IMO_RE.search(rem)
        mmsi = _MMSI_RE.search(rem)
        yield Entry(source_list=lst, list_entry_id=ent_num, schema=kind, name=name, call_sign=call_sign,
                    flag=country_code(vflag), imo=int(imo.group(1)) if imo and kind == "vessel" else None,
                    mmsi=int(mmsi.group(1)) if mmsi and kind == "vessel" else None,
                    country=program_state(programs, params) or (country_code(vflag) if kind == "vessel" else None),
                    programs=programs, authority="USA", remarks=rem[:2000] or None)


def read_ofac_aliases(path: Path) -> Iterator[tuple[str, str] | tuple[str, str, str]]:
    """(entry_id, alias) pairs from an OFAC alt file; 3-tuples are refusals (location, reason, sample)."""
    lst = _ofac_list(path)
    for n, row in enumerate(_ofac_rows(path), start=1):
        if len(row) != 5 or not row[0] or not row[3]:
            yield (f"line {n}", "alt row needs ent_num and alt_name (5 columns)", ",".join(c or "" for c in row))
            continue
        yield (make_id("sanc", lst, row[0]), str(row[3]))


# -- FollowTheMoney / OpenSanctions ----------------------------------------------------------
def read_ftm(path: Path, params: MaritimeParams) -> tuple[list[Entry], list[str], list[tuple[str, str, str]]]:
    """Entries, deleted FtM ids (delta files) and refusals from a FtM JSON-lines file."""
    entities: dict[str, dict[str, Any]] = {}
    deleted: list[str] = []
    refused: list[tuple[str, str, str]] = []
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                ent = obj["entity"] if "op" in obj else obj
                op = obj.get("op", "ADD")
                eid, schema = str(ent["id"]), str(ent["schema"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                refused.append((f"line {n}", f"not a FtM entity: {type(exc).__name__} {exc}", line[:200]))
                continue
            if op == "DEL":
                deleted.append(eid)
                entities.pop(eid, None)
            else:
                entities[eid] = {**ent, "schema": schema}
    sanctions: dict[str, list[dict[str, Any]]] = {}
    for ent in entities.values():
        if ent["schema"] == "Sanction":
            for target in ent.get("properties", {}).get("entity", []):
                sanctions.setdefault(target, []).append(ent.get("properties", {}))
    out = []
    for eid, ent in entities.items():
        kind = _FTM_SCHEMAS.get(ent["schema"])
        props: dict[str, list[str]] = ent.get("properties", {})
        names = props.get("name") or ([ent["caption"]] if ent.get("caption") else [])
        if not kind or not names:
            continue
        sanc = sanctions.get(eid, [])
        programs = [p for s in sanc for p in s.get("programId", []) + s.get("program", [])]
        dates = [d for s in sanc for d in map(_date, s.get("listingDate", []) + s.get("startDate", [])) if d]
        auth = next((c for s in sanc for c in map(country_code, s.get("country", [])) if c), None)
        countries = props.get("country", []) + props.get("nationality", []) + props.get("jurisdiction", [])
        imo = next((int(m.group(1)) for v in props.get("imoNumber", []) if (m := re.search(r"(\d{7})", v))), None)
        mmsi = next((int(v) for v in props.get("mmsi", []) if v.isdigit() and len(v) == 9), None)
        datasets = ent.get("datasets") or ["opensanctions"]
        out.append(Entry(
            source_list=f"ftm:{datasets[0]}", list_entry_id=eid, schema=kind, name=names[0],
            aliases=list(dict.fromkeys(names[1:] + props.get("alias", []) + props.get("previousName", []))),
            imo=imo, mmsi=mmsi, call_sign=next(iter(props.get("callSign", [])), None),
            flag=country_code(next(iter(props.get("flag", [])), None)),
            country=program_state(programs, params) or next((c for c in map(country_code, countries) if c), None),
            programs=programs, authority=auth, designated_on=min(dates) if dates else None,
            is_target=bool(ent.get("target")) or bool(sanc), remarks=None))
    return out, deleted, refused


# -- storing ---------------------------------------------------------------------------------
def list_format(path: Path, head: bytes) -> str | None:
    """Which list format a file is in: un_xml, ofac, ofac_alt, ftm, or None."""
    text = head.decode("latin-1", errors="replace").lstrip("\ufeff \r\n\t")
    if text.startswith("<?xml") or text.startswith("<CONSOLIDATED_LIST"):
        return "un_xml" if "CONSOLIDATED_LIST" in text[:2000] else None
    if text.startswith("{"):
        first = text.splitlines()[0]
        return "ftm" if '"schema"' in first or '"op"' in first else None
    first_line = text.splitlines()[0] if text else ""
    try:
        row = next(csv.reader([first_line]))
    except (csv.Error, StopIteration):
        return None
    if row and row[0].strip().isdigit():
        if len(row) == 12:
            return "ofac"
        if len(row) == 5:
            return "ofac_alt"
        if len(row) in (2, 6):
            return "ofac_other"
    return None


def sniff(path: Path, head: bytes) -> bool:
    """Looks like a sanctions list we read (OFAC side files only when their name says so)."""
    fmt = list_format(path, head)
    if fmt == "ofac_other":
        return any(k in path.name.lower() for k in ("add", "comments"))
    return fmt is not None


def _upsert_entries(ws: Workspace, entries: list[Entry], origin: str) -> tuple[int, int]:
    """Insert or replace entries and their aliases; returns (added, unchanged)."""
    if not entries:
        return 0, 0
    ids = [e.entry_id for e in entries]
    known = {r[0] for r in ws.fetchall("SELECT entry_id FROM sanction_entries WHERE list_contains(?, entry_id)",
                                       [ids])}
    rows = [[e.entry_id, e.source_list, e.list_entry_id, e.schema, e.name, e.imo, e.mmsi, e.call_sign, e.flag,
             e.country, e.programs, e.authority, e.designated_on, e.is_target, e.remarks, origin]
            for e in entries]
    insert_rows(ws, "sanction_entries", ENTRY_COLUMNS, rows)
    ws.con.execute("DELETE FROM sanction_aliases WHERE list_contains(?, entry_id)", [ids])
    alias_rows = [list(a) for a in {(e.entry_id, a) for e in entries for a in e.aliases if a and a != e.name}]
    insert_rows(ws, "sanction_aliases", ["entry_id", "alias"], alias_rows, "INSERT OR IGNORE")
    return len(set(ids) - known), len(set(ids) & known)


def _delete_entries(ws: Workspace, entry_ids: list[str]) -> None:
    for table in ("sanction_aliases", "sanction_matches", "sanction_entries"):
        ws.con.execute(f"DELETE FROM {table} WHERE list_contains(?, entry_id)", [entry_ids])


def ingest_sanctions(ws: Workspace, path: str | Path, *, run_id: str | None = None,
                     options: dict[str, Any] | None = None, profile: Profile | str | None = None,
                     **_: Any) -> IngestOutcome:
    """Load one sanctions list file, then rebuild the SANCTION events of every loaded list."""
    p = Path(path)
    if not p.is_file():
        raise InputError(str(p), "no such file")
    # the ingest dispatcher passes no settings: take the profile from the options, else the
    # workspace's active profile, else the default
    prof = profile if isinstance(profile, Profile) else load_profile(
        str(profile or (options or {}).get("profile") or ws.get_setting("profile") or "russia_dprk"))
    params = maritime_params(prof)
    with p.open("rb") as fh:
        fmt = list_format(p, fh.read(4096))
    if fmt is None:
        raise InputError(str(p), "not a UN SC XML, OFAC legacy CSV or FollowTheMoney JSON-lines list")
    out = IngestOutcome(details={"format": fmt})
    refused: list[tuple[str, str, str | None]] = []
    entries: list[Entry] = []
    deleted: list[str] = []
    aliases: list[tuple[str, str]] = []
    if fmt == "un_xml":
        for item in read_un_xml(p, params):
            if isinstance(item, Entry):
                entries.append(item)
            else:
                refused.append((item[0], item[1], None))
    elif fmt == "ofac":
        for item in read_ofac(p, params):
            if isinstance(item, Entry):
                entries.append(item)
            else:
                refused.append((item[0], item[1], None))
        alt = _ofac_sibling(p, "alt")
        if alt is not None:
            out.details["aliases_from"] = str(alt)
            for a in read_ofac_aliases(alt):
                if len(a) == 2:
                    aliases.append((a[0], a[1]))
    elif fmt == "ofac_alt":
        for a in read_ofac_aliases(p):
            if len(a) == 3:
                refused.append((a[0], a[1], a[2]))
            else:
                aliases.append((a[0], a[1]))
    elif fmt == "ftm":
        entries, ftm_deleted, ftm_refused = read_ftm(p, params)
        deleted = [make_id("sanc", "ftm", d) for d in ftm_deleted]
        refused.extend(ftm_refused)
    else:
        out.details["skipped"] = "OFAC address and comment files add nothing to screening"
    by_id = {e.entry_id: e for e in entries}
    for eid, alias in aliases:
        if eid in by_id:
            by_id[eid].aliases.append(alias)
    with atomic(ws):
        added, unchanged = _upsert_entries(ws, list(by_id.values()), str(p))
        loose = [(eid, a) for eid, a in aliases if eid not in by_id]
        # an alt file loaded on its own: attach to entries loaded before (or later)
        insert_rows(ws, "sanction_aliases", ["entry_id", "alias"], [list(x) for x in set(loose)],
                    "INSERT OR IGNORE")
        if deleted:
            _delete_entries(ws, deleted)
        quarantine(ws, run_id, str(p), refused)
        written = write_sanction_events(ws, prof)
    out.added, out.unchanged, out.failed = added, unchanged, len(refused)
    out.rejected = as_rejected(str(p), refused)
    out.details.update({"entries": len(by_id), "aliases": len(aliases), "deleted": len(deleted),
                        "vessels": sum(1 for e in by_id.values() if e.schema == "vessel"),
                        "sanction_events": written})
    return out


# -- SANCTION events -------------------------------------------------------------------------
_LIST_TITLES = {"un_sc": "UN Security Council consolidated list", "ofac_sdn": "OFAC SDN list",
                "ofac_cons": "OFAC consolidated (non-SDN) list"}


def sanction_events(ws: Workspace, profile: Profile) -> list[Event]:
    """One SANCTION event per (list, designating body, designee state, designation date)."""
    params = maritime_params(profile)
    actors = set(profile.actors)
    rows = ws.records("""
        SELECT list, coalesce(authority, '') AS authority, country, designated_on, count(*) AS n,
               list(name ORDER BY name) AS names, list(list_entry_id ORDER BY name) AS ids,
               list_distinct(flatten(list(programs))) AS programs
        FROM sanction_entries WHERE is_target AND country IS NOT NULL
        GROUP BY ALL ORDER BY list, designated_on NULLS FIRST, country""")
    out = []
    for r in rows:
        authority = r["authority"] or params.list_authorities.get(r["list"], "")
        if not authority or r["country"] not in actors or authority == r["country"]:
            continue
        when = r["designated_on"].isoformat() if r["designated_on"] else None
        title = _LIST_TITLES.get(r["list"], f"FollowTheMoney list {r['list'].split(':', 1)[-1]}")
        names = r["names"]
        shown = "; ".join(names[:5]) + (f"; and {len(names) - 5} more" if len(names) > 5 else "")
        text = (f"{title}: {authority} designated {r['n']} "
                f"{'party' if r['n'] == 1 else 'parties'} of {r['country']}"
                f"{' on ' + when if when else ' (no designation date in the list)'}: {shown}.")
        key = f"{r['list']}|{authority}|{r['country']}|{when}"
        out.append(Event(
            event_type="SANCTION", source=authority, target=r["country"], date=when,
            quantity=Quantity(float(r["n"]), "designations"), certainty="confirmed", confidence=0.9,
            source_name=title, evidence=[Evidence(text=text, start=0, end=len(text))],
            origin_kind="sanctions", origin={"dataset": "sanctions", "list": r["list"], "key": key,
                                             "entries": r["ids"][:50]},
            attrs={"programs": sorted(r["programs"] or [])[:20]}))
    return out


def write_sanction_events(ws: Workspace, profile: Profile) -> int:
    """Rebuild the SANCTION events of the loaded lists (stale ones from replaced lists go)."""
    events = sanction_events(ws, profile)
    keep = [e.id for e in events]
    stale = [r[0] for r in ws.fetchall(
        "SELECT event_id FROM events WHERE origin_kind = 'sanctions' "
        "AND json_extract_string(origin, '$.dataset') = 'sanctions' AND NOT list_contains(?, event_id)", [keep])]
    if stale:
        ws.con.execute("DELETE FROM evidence WHERE list_contains(?, event_id)", [stale])
        ws.con.execute("DELETE FROM events WHERE list_contains(?, event_id)", [stale])
    return write_events(ws, events)


register_dataset_kind("sanctions", sniff, ingest_sanctions,
                      "sanctions lists: UN SC consolidated XML, OFAC legacy CSV, FollowTheMoney JSON lines")
