"""UN General Assembly roll-call votes (Voeten's raw layout and the unvotes package CSVs) -> vote tables.

Four layouts, told apart by their header: unvotes ``un_votes`` (rcid, country,
country_code, vote), ``un_roll_calls``, ``un_roll_call_issues``, and Voeten's raw
file (rcid, session, vote 1/2/3/8/9, ccode, ...). DuckDB reads them; states are stored
as ISO-3 codes (ISO-2 via pycountry, Correlates-of-War numbers via the table below),
so alignment can be asked for 'RUS' and 'PRK' whatever the source.
"""

from __future__ import annotations

import csv
import io
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from axiswatch.errors import InputError
from axiswatch.records import Rejected
from axiswatch.sources.base import IngestOutcome, register_dataset_kind
from axiswatch.store.workspace import Workspace

LAYOUTS: dict[str, tuple[str, ...]] = {
    "voeten": ("rcid", "session", "vote", "ccode"),
    "votes": ("rcid", "country", "country_code", "vote"),
    "roll_calls": ("rcid", "session", "importantvote", "date", "unres", "short", "descr"),
    "issues": ("rcid", "short_name", "issue"),
}
# Voeten's vote codes.
VOETEN_VOTES = {"1": "yes", "2": "abstain", "3": "no", "8": "absent", "9": "nonmember"}
# Correlates of War state numbers -> ISO-3, for the states this project watches and their
# usual partners; any other number is stored as 'COW:<n>' rather than guessed.
COW_TO_ISO3: dict[int, str] = {
    2: "USA", 20: "CAN", 40: "CUB", 70: "MEX", 100: "COL", 101: "VEN", 130: "ECU", 135: "PER", 140: "BRA",
    145: "BOL", 155: "CHL", 160: "ARG", 165: "URY", 200: "GBR", 205: "IRL", 210: "NLD", 211: "BEL",
    212: "LUX", 220: "FRA", 225: "CHE", 230: "ESP", 235: "PRT", 255: "DEU", 290: "POL", 305: "AUT",
    310: "HUN", 316: "CZE", 317: "SVK", 325: "ITA", 339: "ALB", 343: "MKD", 344: "HRV", 346: "BIH",
    349: "SVN", 350: "GRC", 352: "CYP", 355: "BGR", 359: "MDA", 360: "ROU", 365: "RUS", 366: "EST",
    367: "LVA", 368: "LTU", 369: "UKR", 370: "BLR", 371: "ARM", 372: "GEO", 373: "AZE", 375: "FIN",
    380: "SWE", 385: "NOR", 390: "DNK", 395: "ISL", 475: "NGA", 560: "ZAF", 600: "MAR", 615: "DZA",
    616: "TUN", 620: "LBY", 625: "SDN", 630: "IRN", 640: "TUR", 645: "IRQ", 651: "EGY", 652: "SYR",
    660: "LBN", 663: "JOR", 666: "ISR", 670: "SAU", 690: "KWT", 700: "AFG", 701: "TKM", 702: "TJK",
    703: "KGZ", 704: "UZB", 705: "KAZ", 710: "CHN", 712: "MNG", 731: "PRK", 732: "KOR", 740: "JPN",
    750: "IND", 770: "PAK", 771: "BGD", 775: "MMR", 780: "LKA", 800: "THA", 811: "KHM", 812: "LAO",
    816: "VNM", 820: "MYS", 830: "SGP", 840: "PHL", 850: "IDN", 900: "AUS", 920: "NZL",
}
# Session N of the General Assembly opens in September of 1945 + N.
SESSION_YEAR_OFFSET = 1945


@cache
def iso2_to_iso3() -> dict[str, str]:
    """ISO-2 -> ISO-3 over current and historic countries (SU -> SUN, DD -> DDR, YU -> YUG)."""
    out = {str(c.alpha_2): str(c.alpha_3) for c in pycountry.historic_countries if hasattr(c, "alpha_2")}
    out.update({str(c.alpha_2): str(c.alpha_3) for c in pycountry.countries})
    return out


def _header(path: Path) -> list[str]:
    with path.open("rb") as fh:
        first = fh.readline().decode("utf-8-sig", errors="replace")
    try:
        return [h.strip().lower() for h in next(csv.reader(io.StringIO(first)))]
    except (csv.Error, StopIteration):
        return []


def layout_of(header: list[str]) -> str | None:
    """Which unvotes layout a header belongs to, or None."""
    names = set(header)
    for layout, needed in LAYOUTS.items():
        if all(c in names for c in needed):
            return layout
    return None


def sniff(path: Path, head: bytes) -> bool:
    """True when the first line is the header of one of the UN votes layouts."""
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    try:
        header = [h.strip().lower() for h in next(csv.reader(io.StringIO(first)))]
    except (csv.Error, StopIteration):
        return False
    return layout_of(header) is not None


def _q(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _reader(path: Path, rej: str) -> str:
    return (f"read_csv({_q(str(path))}, header=true, all_varchar=true, auto_detect=true, "
            f"store_rejects=true, rejects_table={_q(rej)}, rejects_scan={_q(rej + '_scan')}, "
            f"rejects_limit=100000)")


def _read_all(ws: Workspace, path: Path, rej: str) -> str:
    """Read every column into a temp table first and return its name.

    DuckDB 1.5 raises an internal error (and invalidates the database) when a projection is
    pushed into a read_csv with store_rejects over rows of the wrong width.
    """
    ws.execute(f"CREATE TEMP TABLE {rej}_raw AS SELECT * FROM {_reader(path, rej)}")
    return f"{rej}_raw"


def _quarantine(ws: Workspace, run_id: str | None, display: str, select_sql: str, outcome: IngestOutcome) -> None:
    rows = ws.fetchall(select_sql)
    if rows:
        ws.con.executemany(
            "INSERT INTO quarantine (run_id, origin, location, reason, sample) VALUES (?, ?, ?, ?, ?)",
            [[run_id, display, loc, reason, (sample or "")[:500]] for loc, reason, sample in rows])
    for loc, reason, sample in rows[:200]:
        outcome.rejected.append(Rejected(f"{display}:{loc}", reason, (sample or "")[:200]))
    outcome.failed += len(rows)


def _map_table(ws: Workspace, tag: str) -> str:
    name = f"uv_codes_{tag}"
    ws.execute(f"CREATE TEMP TABLE {name} (code VARCHAR PRIMARY KEY, iso3 VARCHAR)")
    pairs = [[f"2:{k}", v] for k, v in iso2_to_iso3().items()] + [[f"cow:{k}", v] for k, v in COW_TO_ISO3.items()]
    # one statement: executemany pays a round trip per row
    ws.con.execute(f"INSERT INTO {name} VALUES {', '.join(['(?, ?)'] * len(pairs))}",
                   [v for pair in pairs for v in pair])
    return name


def _ingest_votes(ws: Workspace, path: Path, layout: str, tag: str, run_id: str | None,
                  outcome: IngestOutcome) -> None:
    rej, stage, codes = f"uv_rej_{tag}", f"uv_stage_{tag}", _map_table(ws, tag)
    display = str(path)
    if layout == "votes":
        vote = "lower(trim(v.vote))"
        state = "coalesce(c.iso3, 'ISO2:' || upper(trim(v.country_code)))"
        join = f"LEFT JOIN {codes} c ON c.code = '2:' || upper(trim(v.country_code))"
        extra = "v.country AS country, NULL::INTEGER AS session"
        bad_vote = f"{vote} NOT IN ('yes', 'no', 'abstain')"
        bad_state = "v.country_code IS NULL OR length(trim(v.country_code)) <> 2"
    else:
        vote = "CASE trim(v.vote) " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in VOETEN_VOTES.items()) + " END"
        state = "coalesce(c.iso3, 'COW:' || trim(v.ccode))"
        join = f"LEFT JOIN {codes} c ON c.code = 'cow:' || trim(v.ccode)"
        extra = "NULL::VARCHAR AS country, try_cast(v.session AS INTEGER) AS session"
        bad_vote = f"({vote}) IS NULL"
        bad_state = "try_cast(v.ccode AS INTEGER) IS NULL"
    ws.execute(f"""
        CREATE TEMP TABLE {stage} AS
        SELECT try_cast(v.rcid AS INTEGER) AS rcid, {state} AS state, {vote} AS vote, {extra},
               CASE WHEN try_cast(v.rcid AS INTEGER) IS NULL
                      THEN 'unparseable rcid ' || coalesce(v.rcid, '(empty)')
                    WHEN {bad_state} THEN 'unparseable state code'
                    WHEN {bad_vote} THEN 'unknown vote ' || coalesce(v.vote, '(empty)') END AS problem,
               v.rcid AS raw_rcid
        FROM {_read_all(ws, path, rej)} v {join}""")
    _quarantine(ws, run_id, display,
                f"SELECT 'line ' || line, error_type || ': ' || error_message, csv_line FROM {rej}", outcome)
    _quarantine(ws, run_id, display,
                f"SELECT 'rcid ' || coalesce(raw_rcid, '(empty)') || ', state ' || coalesce(state, '?'), problem, "
                f"state FROM {stage} "
                "WHERE problem IS NOT NULL", outcome)
    counts = ws.fetchone(f"""
        SELECT count(*) FILTER (WHERE problem IS NULL),
               count(*) FILTER (WHERE problem IS NULL AND NOT EXISTS
                   (SELECT 1 FROM un_votes u WHERE u.rcid = s.rcid AND u.state = s.state))
        FROM {stage} s""")
    assert counts is not None
    ws.execute(f"""
        INSERT OR REPLACE INTO un_votes (rcid, state, country, vote, session, dataset, file)
        SELECT rcid, state, any_value(country), any_value(vote), any_value(session),
               {_q('unvotes' if layout == 'votes' else 'voeten')}, {_q(display)}
        FROM {stage} WHERE problem IS NULL GROUP BY rcid, state""")
    outcome.details["votes"] = int(counts[0])
    outcome.added += int(counts[1])
    outcome.unchanged += int(counts[0]) - int(counts[1])
    if layout == "voeten":
        # Voeten rows also describe their roll call: keep one row per rcid (only where none is stored).
        ws.execute(f"""
            INSERT INTO un_roll_calls (rcid, session, date, year, unres, important_vote, issues, dataset, file)
            SELECT try_cast(rcid AS INTEGER), try_cast(any_value(session) AS INTEGER),
                   try_strptime(any_value(date), '%m/%d/%Y')::DATE,
                   coalesce(try_cast(any_value(year) AS INTEGER),
                            try_cast(any_value(session) AS INTEGER) + {SESSION_YEAR_OFFSET}),
                   any_value(unres), any_value(importantvote) = '1',
                   list_filter(['me', 'nu', 'di', 'hr', 'co', 'ec'],
                               x -> [any_value(me), any_value(nu), any_value(di), any_value(hr), any_value(co),
                                     any_value(ec)][list_position(['me', 'nu', 'di', 'hr', 'co', 'ec'], x)] = '1'),
                   'voeten', {_q(display)}
            FROM {_read_all(ws, path, rej + '_b')} WHERE try_cast(rcid AS INTEGER) IS NOT NULL
            GROUP BY rcid
            ON CONFLICT DO NOTHING""")


def _ingest_roll_calls(ws: Workspace, path: Path, tag: str, run_id: str | None, outcome: IngestOutcome) -> None:
    rej = f"uv_rej_{tag}"
    display = str(path)
    stage = f"uv_stage_{tag}"
    ws.execute(f"""
        CREATE TEMP TABLE {stage} AS
        SELECT try_cast(v.rcid AS INTEGER) AS rcid, try_cast(v.session AS INTEGER) AS session,
               try_cast(v.date AS DATE) AS date, v.unres, v.importantvote = '1' AS important_vote, v.short,
               v.descr, v.rcid AS raw_rcid, v.date AS raw_date
        FROM {_read_all(ws, path, rej)} v""")
    _quarantine(ws, run_id, display,
                f"SELECT 'line ' || line, error_type || ': ' || error_message, csv_line FROM {rej}", outcome)
    _quarantine(ws, run_id, display,
                f"SELECT 'rcid ' || coalesce(raw_rcid, '(empty)'), CASE WHEN rcid IS NULL THEN 'unparseable rcid' "
                f"ELSE 'unparseable date ' || coalesce(raw_date, '(empty)') END, short FROM {stage} "
                "WHERE rcid IS NULL OR date IS NULL", outcome)
    new = ws.fetchone(f"SELECT count(*) FROM {stage} s WHERE rcid IS NOT NULL AND date IS NOT NULL "
                      "AND NOT EXISTS (SELECT 1 FROM un_roll_calls r WHERE r.rcid = s.rcid AND r.date IS NOT NULL)")
    total = ws.fetchone(f"SELECT count(*) FROM {stage} WHERE rcid IS NOT NULL AND date IS NOT NULL")
    assert new is not None and total is not None
    # Issues may have been loaded before: keep them when the roll call is (re)written.
    ws.execute(f"""
        INSERT OR REPLACE INTO un_roll_calls (rcid, session, date, year, unres, important_vote, short, descr,
                                              issues, dataset, file)
        SELECT s.rcid, s.session, s.date, year(s.date), s.unres, s.important_vote, s.short, s.descr,
               r.issues, 'unvotes', {_q(display)}
        FROM (SELECT * FROM {stage} WHERE rcid IS NOT NULL AND date IS NOT NULL
              QUALIFY row_number() OVER (PARTITION BY rcid) = 1) s
        LEFT JOIN un_roll_calls r ON r.rcid = s.rcid""")
    outcome.added += int(new[0])
    outcome.unchanged += int(total[0]) - int(new[0])
    outcome.details["roll_calls"] = int(total[0])


def _ingest_issues(ws: Workspace, path: Path, tag: str, run_id: str | None, outcome: IngestOutcome) -> None:
    rej = f"uv_rej_{tag}"
    display = str(path)
    stage = f"uv_stage_{tag}"
    ws.execute(f"""CREATE TEMP TABLE {stage} AS
        SELECT try_cast(v.rcid AS INTEGER) AS rcid, lower(trim(v.short_name)) AS issue, v.rcid AS raw_rcid
        FROM {_read_all(ws, path, rej)} v""")
    _quarantine(ws, run_id, display,
                f"SELECT 'line ' || line, error_type || ': ' || error_message, csv_line FROM {rej}", outcome)
    _quarantine(ws, run_id, display,
                f"SELECT 'rcid ' || coalesce(raw_rcid, '(empty)'), 'unparseable rcid or empty issue', issue "
                f"FROM {stage} WHERE rcid IS NULL OR issue IS NULL OR issue = ''", outcome)
    # An issue tag needs its roll call row; create a bare one (year unknown) if the calls come later.
    ws.execute(f"""INSERT INTO un_roll_calls (rcid, dataset, file)
        SELECT DISTINCT rcid, 'unvotes', {_q(display)} FROM {stage} WHERE rcid IS NOT NULL
        ON CONFLICT DO NOTHING""")
    ws.execute(f"""
        UPDATE un_roll_calls r SET issues = t.issues
        FROM (SELECT rcid, list(DISTINCT issue ORDER BY issue) AS issues FROM {stage}
              WHERE rcid IS NOT NULL AND issue <> '' GROUP BY rcid) t
        WHERE r.rcid = t.rcid""")
    n = ws.fetchone(f"SELECT count(*) FROM {stage} WHERE rcid IS NOT NULL")
    outcome.details["issue_tags"] = int(n[0]) if n else 0
    outcome.unchanged += outcome.details["issue_tags"]


def ingest(ws: Workspace, path: Path, *, run_id: str | None = None,
           options: dict[str, Any] | None = None) -> IngestOutcome:
    """Ingest one UN votes CSV (any of the four layouts) in one transaction."""
    path = Path(path)
    layout = layout_of(_header(path))
    if layout is None:
        raise InputError(str(path), "not a UN votes file: the header matches no unvotes or Voeten layout")
    outcome = IngestOutcome(details={"layout": layout})
    tag = uuid.uuid4().hex[:12]
    try:
        with ws.transaction():
            if layout in ("votes", "voeten"):
                _ingest_votes(ws, path, layout, tag, run_id, outcome)
            elif layout == "roll_calls":
                _ingest_roll_calls(ws, path, tag, run_id, outcome)
            else:
                _ingest_issues(ws, path, tag, run_id, outcome)
    finally:
        for (name,) in ws.fetchall("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE ?",
                                   [f"uv_%{tag}%"]):
            ws.execute(f"DROP TABLE IF EXISTS {name}")
    outcome.details["quarantined"] = outcome.failed
    return outcome


register_dataset_kind("unvotes", sniff, ingest,
                      "UN General Assembly roll calls and votes (unvotes CSVs or Voeten's raw layout)")
