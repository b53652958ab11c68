"""GDELT events (1.0: 57/58 fields, 2.0: 61) and 2.0 mentions -> PLOVER events, all inside DuckDB.

Rows never pass through a Python loop: DuckDB's CSV reader parses each file with an
explicit column list (strict, so a row with the wrong field count or bad UTF-8 lands
in a rejects table with its line), the actor filter runs inside the scan, and the
CAMEO -> PLOVER mapping is a join. Kept rows go to ``gdelt_rows``; events are then
rebuilt from every stored row that shares a duplicate signature (same day, actors,
code and place), so re-emitted rows and re-ingested files collapse into one event
whose id depends only on that signature.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from axiswatch.errors import InputError
from axiswatch.records import Rejected
from axiswatch.sources.base import IngestOutcome, register_dataset_kind
from axiswatch.sources.cameo import create_cameo_table, load_cameo_map
from axiswatch.sources.gdelt_events import rebuild_events
from axiswatch.store.workspace import Workspace

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]

EVENTS2_COLUMNS: tuple[str, ...] = tuple(
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO] + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
# GDELT 1.0 has no ADM2 codes; its 1979-2013 back-file also lacks SOURCEURL.
EVENTS1_COLUMNS: tuple[str, ...] = tuple(c for c in EVENTS2_COLUMNS if not c.endswith("ADM2Code"))
EVENTS1_BACKFILE_COLUMNS: tuple[str, ...] = EVENTS1_COLUMNS[:-1]
MENTIONS_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)
assert len(EVENTS2_COLUMNS) == 61 and len(EVENTS1_COLUMNS) == 58 and len(EVENTS1_BACKFILE_COLUMNS) == 57

LAYOUTS = {61: "events2", 58: "events1", 57: "events1", 16: "mentions"}
# DuckDB's CSV buffer: small buffers keep memory flat whatever the file size (a 10 MB line
# limit made DuckDB hold ~4x more); GDELT lines are a few hundred bytes, far under DuckDB's 2 MB cap.
BUFFER_BYTES = 4 << 20
REJECTS_LIMIT = 100_000   # rejected lines stored per file; beyond that only the count matters
MAX_REJECTED_LISTED = 200  # Rejected records returned in the outcome (the quarantine table has all)


def _q(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _first_line(path: Path) -> bytes:
    with path.open("rb") as fh:
        for raw in fh:
            if raw.strip():
                return raw.rstrip(b"\r\n")
    return b""


def layout_of(path: Path) -> str | None:
    """'events1', 'events2' or 'mentions' from the first line's field count; None otherwise."""
    with _opened(path) as (real, _):
        line = _first_line(real)
    return LAYOUTS.get(line.count(b"\t") + 1) if line else None


def sniff(path: Path, head: bytes) -> bool:
    """True when the file looks like a GDELT events or mentions file (tab-separated, known width)."""
    if head.startswith(b"PK\x03\x04"):
        name = path.name.lower()
        return "export" in name or "mentions" in name or "gdelt" in name
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    first = line.split(b"\t", 1)[0]
    return first.isdigit() and (line.count(b"\t") + 1) in LAYOUTS


@contextmanager
def _opened(path: Path) -> Iterator[tuple[Path, str]]:
    """The path DuckDB should read (a zip's member is unpacked to a temp file) and its display name."""
    if not zipfile.is_zipfile(path):
        yield path, str(path)
        return
    with zipfile.ZipFile(path) as zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        if len(members) != 1:
            raise InputError(str(path), f"expected one file in the zip, found {len(members)}")
        tmp = Path(tempfile.mkdtemp(prefix="axiswatch-gdelt-"))
        try:
            target = tmp / Path(members[0].filename).name
            with zf.open(members[0]) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)  # streamed: memory stays flat for big members
            yield target, f"{path}!{members[0].filename}"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _count_lines(path: Path) -> int:
    """Data lines in a file (a missing final newline still counts), by counting bytes in blocks."""
    n, last = 0, b"\n"
    with path.open("rb") as fh:
        while block := fh.read(1 << 22):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (last != b"\n")


def _reader(path: Path, columns: Sequence[str], rej: str | None) -> str:
    cols = "{" + ", ".join(f"{_q(c)}: 'VARCHAR'" for c in columns) + "}"
    rejects = (f"store_rejects=true, rejects_table={_q(rej)}, rejects_scan={_q(rej + '_scan')}, "
               f"rejects_limit={REJECTS_LIMIT}, " if rej else "")
    return (
        f"read_csv({_q(str(path))}, auto_detect=false, header=false, delim='\\t', quote='', escape='', "
        f"comment='', columns={cols}, {rejects}buffer_size={BUFFER_BYTES})"
    )


def _resolve_actors(options: dict[str, Any] | None) -> tuple[list[str], str]:
    options = options or {}
    actors = options.get("actors") or []
    if isinstance(actors, str):
        actors = actors.split(",")
    match = str(options.get("actor_match", "dyad"))
    if match not in ("dyad", "any"):
        raise InputError("options.actor_match", f"must be 'dyad' or 'any', not {match!r}")
    return [a.strip().upper() for a in actors if a.strip()], match


def _actor_filter(actors: list[str], match: str) -> str:
    src = "coalesce(Actor1CountryCode, Actor1Code)"
    tgt = "coalesce(Actor2CountryCode, Actor2Code)"
    if not actors:
        return "true"
    lst = "[" + ", ".join(_q(a) for a in actors) + "]"
    if match == "any":
        return f"(list_contains({lst}, {src}) OR list_contains({lst}, {tgt}))"
    # dyad: both ends in the set and not the same state (domestic rows are out of the dyad)
    return f"(list_contains({lst}, {src}) AND list_contains({lst}, {tgt}) AND {src} <> {tgt})"


@dataclass
class _Ctx:
    ws: Workspace
    run_id: str | None
    display: str
    tag: str
    outcome: IngestOutcome

    def quarantine(self, sql_select: str) -> int:
        """Insert (location, reason, sample) rows from a SELECT into quarantine; returns how many."""
        rows = self.ws.fetchall(f"SELECT location, reason, sample FROM ({sql_select}) q")
        if rows:
            self.ws.con.executemany(
                "INSERT INTO quarantine (run_id, origin, location, reason, sample) VALUES (?, ?, ?, ?, ?)",
                [[self.run_id, self.display, loc, reason, (sample or "")[:500]]
                 for loc, reason, sample in rows])
            for loc, reason, sample in rows:
                if len(self.outcome.rejected) < MAX_REJECTED_LISTED:
                    where = f"{self.display}:{loc}"
                    self.outcome.rejected.append(Rejected(where, reason, (sample or "")[:200]))
        self.outcome.failed += len(rows)
        return len(rows)


def _structural_rejects(ctx: _Ctx, rej: str, also: str | None = None) -> None:
    """Quarantine lines DuckDB refused (field count, encoding); with ``also``, only lines both refused."""
    both = ""
    if also:
        both = f"WHERE line IN (SELECT line FROM {also})"
    ctx.quarantine(
        f"SELECT 'line ' || line AS location, error_type || ': ' || error_message AS reason, "
        f"csv_line AS sample FROM (SELECT DISTINCT ON (line) * FROM {rej} {both} ORDER BY line)"
    )


_WANTED = ("GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor2Code",
           "Actor2Name", "Actor2CountryCode", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode",
           "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
           "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
           "ActionGeo_Lat", "ActionGeo_Long", "DATEADDED")


def _prefilter(actors: list[str], match: str) -> str:
    """A superset of the actor filter written as plain IN tests, which DuckDB pushes into the scan."""
    if not actors:
        return "true"
    lst = "(" + ", ".join(_q(a) for a in actors) + ")"
    one = f"(Actor1CountryCode IN {lst} OR Actor1Code IN {lst})"
    two = f"(Actor2CountryCode IN {lst} OR Actor2Code IN {lst})"
    return f"({one} AND {two})" if match == "dyad" else f"({one} OR {two})"


def _scan_tokens(real: Path, actors: list[str], match: str) -> list[str]:
    """Actor codes a candidate line must contain as a tab-ended token (any of them).

    A dyad row holds two different codes of the set, so it contains at least one of any
    len(set) - 1 of them: the most frequent code (counted in the file's first 4 MB) is left
    out, which for RUS,PRK means scanning for PRK only. 'any' needs every code.
    """
    if match == "any" or len(actors) < 2:
        return actors
    with real.open("rb") as fh:
        head = fh.read(1 << 22)
    freq = {a: head.count(f"{a}\t".encode()) for a in actors}
    commonest = max(actors, key=lambda a: (freq[a], a))
    return [a for a in actors if a != commonest]


def _fast_read(ws: Workspace, real: Path, stage: str, actors: list[str], match: str) -> int | None:
    """One scan of the file as whole lines: (rows read, candidate lines in ``<stage>_lines``), or None.

    The actor codes are looked for as tab-ended tokens in the raw line, so DuckDB never
    splits the ~99.9% of a global file that cannot be in the dyad; the row count comes from
    the same scan. Returns None (the caller then does the careful read) if any line cannot be
    read, e.g. bad UTF-8.
    """
    # 'PRK<tab>' rather than '<tab>PRK<tab>': a needle that starts with a rare byte lets the
    # substring search skip ahead (a leading tab matches every few bytes); the exact filter follows
    cond = " OR ".join(f"contains(line, {_q(a + chr(9))})" for a in _scan_tokens(real, actors, match))
    reader = (f"read_csv({_q(str(real))}, auto_detect=false, header=false, delim='\\x01', quote='', "
              f"escape='', comment='', columns={{'line': 'VARCHAR'}}, buffer_size={BUFFER_BYTES})")
    try:
        ws.execute(f"CREATE TEMP TABLE {stage}_agg AS SELECT count(*) AS n, "
                   f"list(line) FILTER (WHERE {cond}) AS kept FROM {reader}")
    except duckdb.Error:
        ws.execute(f"DROP TABLE IF EXISTS {stage}_agg")
        return None
    ws.execute(f"CREATE TEMP TABLE {stage}_lines AS SELECT unnest(kept) AS line FROM {stage}_agg")
    row = ws.fetchone(f"SELECT n FROM {stage}_agg")
    return int(row[0]) if row else 0


def _stage_from_lines(ctx: _Ctx, real: Path, stage: str) -> None:
    """Split the candidate lines into the stage table; lines of a wrong width are quarantined."""
    ws = ctx.ws
    ws.execute(f"CREATE TEMP TABLE {stage}_split AS SELECT string_split(line, chr(9)) AS f FROM {stage}_lines")
    bad = ws.fetchall(f"SELECT f[1], 'wrong column count: ' || len(f) || ' fields, expected 57, 58 or 61', "
                      f"f[1] FROM {stage}_split WHERE len(f) NOT IN (57, 58, 61)")
    _quarantine_located(ctx, real, bad)
    idx2 = {c: i + 1 for i, c in enumerate(EVENTS2_COLUMNS)}
    idx1 = {c: i + 1 for i, c in enumerate(EVENTS1_COLUMNS)}
    cols = [f"nullif(CASE WHEN len(f) = 61 THEN f[{idx2[c]}] ELSE f[{idx1[c]}] END, '') AS {c}" for c in _WANTED]
    cols.append("nullif(CASE len(f) WHEN 61 THEN f[61] WHEN 58 THEN f[58] END, '') AS SOURCEURL")
    cols.append("CASE WHEN len(f) = 61 THEN '2.0' ELSE '1.0' END AS version")
    ws.execute(f"CREATE TEMP TABLE {stage} AS SELECT {', '.join(cols)} FROM {stage}_split "
               "WHERE len(f) IN (57, 58, 61)")


def _stage_events(ctx: _Ctx, real: Path, layout: str, actors: list[str], match: str) -> str:
    """Careful read into a temp stage table, bad lines into quarantine with their line; returns the name."""
    con, tag = ctx.ws.con, ctx.tag
    stage = f"gd_stage_{tag}"
    where = _prefilter(actors, match)
    version = "2.0" if layout == "events2" else "1.0"

    def select(columns: Sequence[str], rej: str) -> str:
        url = "SOURCEURL" if "SOURCEURL" in columns else "NULL::VARCHAR AS SOURCEURL"
        # Every column first: DuckDB 1.5 raises an internal error (and invalidates the database) when
        # a projection is pushed into a read_csv with store_rejects over lines of the wrong width.
        con.execute(f"CREATE TEMP TABLE {rej}_raw AS SELECT * FROM {_reader(real, columns, rej)} WHERE {where}")
        return f"SELECT {', '.join(_WANTED)}, {url}, {_q(version)} AS version FROM {rej}_raw"

    if layout == "events2":
        rej = f"gd_rej_{tag}"
        con.execute(f"CREATE TEMP TABLE {stage} AS {select(EVENTS2_COLUMNS, rej)}")
        _structural_rejects(ctx, rej)
        return stage
    # GDELT 1.0 files may mix the 58-field daily layout with the 57-field back-file layout:
    # read as 58, and re-read as 57 only when some lines were short; a line is bad only if both refuse it.
    rej_a, rej_b = f"gd_rej_{tag}_a", f"gd_rej_{tag}_b"
    con.execute(f"CREATE TEMP TABLE {stage} AS {select(EVENTS1_COLUMNS, rej_a)}")
    short = ctx.ws.fetchone(f"SELECT count(*) FROM {rej_a} WHERE error_type = 'MISSING COLUMNS'")
    if short and short[0]:
        con.execute(f"INSERT INTO {stage} {select(EVENTS1_BACKFILE_COLUMNS, rej_b)}")
        _structural_rejects(ctx, rej_a, also=rej_b)
    else:
        _structural_rejects(ctx, rej_a)
    return stage


def _apply_exact_filter(ws: Workspace, stage: str, actors: list[str], match: str) -> int:
    """Drop staged rows the prefilter let through but the exact actor filter refuses; returns how many."""
    if not actors:
        return 0
    before = ws.fetchone(f"SELECT count(*) FROM {stage}")
    ws.execute(f"DELETE FROM {stage} WHERE NOT coalesce({_actor_filter(actors, match)}, false)")
    after = ws.fetchone(f"SELECT count(*) FROM {stage}")
    return (int(before[0]) if before else 0) - (int(after[0]) if after else 0)


def _locate(real: Path, keys: set[str]) -> dict[str, list[int]]:
    """Line numbers of rows whose first field is one of ``keys`` (only run when such rows exist)."""
    found: dict[str, list[int]] = {}
    prefixes = tuple((k + "\t").encode("utf-8", "surrogateescape") for k in keys)
    with real.open("rb") as fh:
        for no, raw in enumerate(fh, 1):
            if raw.startswith(prefixes):
                key = raw.split(b"\t", 1)[0].decode("utf-8", "replace")
                found.setdefault(key, []).append(no)
    return found


def _quarantine_located(ctx: _Ctx, real: Path, bad: list[tuple[Any, ...]]) -> None:
    """Quarantine rows found bad in SQL (key = first field, reason, sample), with their line numbers."""
    if not bad:
        return
    lines = _locate(real, {str(k) for k, _, _ in bad})
    rows = []
    for key, problem, sample in bad:
        where = (", ".join(f"line {n}" for n in lines.get(str(key), [])[:5])
                 or f"GLOBALEVENTID {key or '(empty)'}")
        rows.append([where, problem, sample])
    table = f"gd_bad_{ctx.tag}"
    ctx.ws.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (location VARCHAR, reason VARCHAR, sample VARCHAR)")
    ctx.ws.execute(f"DELETE FROM {table}")
    ctx.ws.con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", rows)
    ctx.quarantine(f"SELECT * FROM {table}")


def _validate(ctx: _Ctx, stage: str, real: Path, cameo: str) -> str:
    """Split the stage into good rows (a temp table, returned) and quarantined ones (bad id, date, code)."""
    con, tag = ctx.ws.con, ctx.tag
    checked = f"gd_checked_{tag}"
    con.execute(f"""
        CREATE TEMP TABLE {checked} AS
        SELECT s.*, coalesce(Actor1CountryCode, Actor1Code) AS src,
               coalesce(Actor2CountryCode, Actor2Code) AS tgt,
               try_strptime(SQLDATE, '%Y%m%d')::DATE AS sql_date,
               coalesce(m1.cameo_code, m2.cameo_code, m3.cameo_code) AS mapped_code,
               coalesce(m1.plover_type, m2.plover_type, m3.plover_type) AS plover_type,
               coalesce(m1.mode, m2.mode, m3.mode) AS plover_mode,
               coalesce(m1.context, m2.context, m3.context) AS plover_context,
               coalesce(m1.label, m2.label, m3.label) AS cameo_label,
               CASE
                 WHEN GLOBALEVENTID IS NULL OR NOT regexp_full_match(GLOBALEVENTID, '[0-9]{{1,18}}')
                   THEN 'unparseable GLOBALEVENTID ' || coalesce(GLOBALEVENTID, '(empty)')
                 WHEN try_strptime(SQLDATE, '%Y%m%d') IS NULL
                   THEN 'unparseable SQLDATE ' || coalesce(SQLDATE, '(empty)')
                 WHEN EventCode IS NULL OR NOT regexp_full_match(EventCode, '[0-9]{{2,4}}')
                      OR coalesce(m1.cameo_code, m2.cameo_code, m3.cameo_code) IS NULL
                   THEN 'unparseable CAMEO EventCode ' || coalesce(EventCode, '(empty)')
               END AS problem
        FROM {stage} s
        LEFT JOIN {cameo} m1 ON m1.cameo_code = s.EventCode
        LEFT JOIN {cameo} m2 ON m2.cameo_code = left(s.EventCode, 3)
        LEFT JOIN {cameo} m3 ON m3.cameo_code = left(s.EventCode, 2)
    """)
    bad = ctx.ws.fetchall(
        f"SELECT coalesce(GLOBALEVENTID, ''), problem, GLOBALEVENTID FROM {checked} WHERE problem IS NOT NULL")
    _quarantine_located(ctx, real, bad)
    counts = ctx.ws.fetchone(f"""
        SELECT count(*) FILTER (WHERE problem IS NULL AND (src IS NULL OR tgt IS NULL)),
               count(*) FILTER (WHERE problem IS NULL AND src IS NOT NULL AND tgt IS NOT NULL
                                AND plover_type IS NULL)
        FROM {checked}""")
    assert counts is not None
    ctx.outcome.details["no_dyad"] = int(counts[0])
    ctx.outcome.details["unmapped"] = int(counts[1])
    return checked


_SIGNATURE = ("concat_ws('|', SQLDATE, coalesce(Actor1Code, ''), coalesce(Actor2Code, ''), EventCode, "
              "coalesce(ActionGeo_CountryCode, ''), coalesce(ActionGeo_ADM1Code, ''))")
# make_id("ev", "gdelt", signature) computed in SQL: sha1 of each part followed by \x1f.
_EVENT_ID = f"'ev-' || left(sha1('gdelt' || chr(31) || {_SIGNATURE} || chr(31)), 16)"


def _store_rows(ctx: _Ctx, checked: str, display: str) -> str:
    """Insert the good, mapped, dyadic rows into gdelt_rows; returns a temp table of touched event ids."""
    con, tag = ctx.ws.con, ctx.tag
    good = f"gd_good_{tag}"
    translingual = "true" if "translation" in display.lower() else "false"
    con.execute(f"""
        CREATE TEMP TABLE {good} AS
        SELECT CAST(GLOBALEVENTID AS BIGINT) AS global_event_id, {_EVENT_ID} AS event_id,
               {_SIGNATURE} AS signature, version AS gdelt_version, {_q(display)} AS file, sql_date,
               DATEADDED AS date_added, src AS source, tgt AS target, Actor1Code AS actor1_code,
               Actor1Name AS actor1_name, Actor2Code AS actor2_code, Actor2Name AS actor2_name,
               IsRootEvent = '1' AS is_root_event, EventCode AS event_code, EventBaseCode AS event_base_code,
               EventRootCode AS event_root_code, cameo_label, plover_type, plover_mode, plover_context,
               try_cast(QuadClass AS INTEGER) AS quad_class, try_cast(GoldsteinScale AS DOUBLE) AS goldstein,
               try_cast(NumMentions AS INTEGER) AS num_mentions,
               try_cast(NumSources AS INTEGER) AS num_sources,
               try_cast(NumArticles AS INTEGER) AS num_articles, try_cast(AvgTone AS DOUBLE) AS avg_tone,
               try_cast(ActionGeo_Type AS INTEGER) AS action_geo_type, ActionGeo_FullName AS action_geo_name,
               ActionGeo_CountryCode AS action_geo_fips, ActionGeo_ADM1Code AS action_geo_adm1,
               try_cast(ActionGeo_Lat AS DOUBLE) AS action_geo_lat,
               try_cast(ActionGeo_Long AS DOUBLE) AS action_geo_lon, SOURCEURL AS source_url,
               {translingual} AS translingual
        FROM {checked}
        WHERE problem IS NULL AND src IS NOT NULL AND tgt IS NOT NULL AND plover_type IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY GLOBALEVENTID ORDER BY DATEADDED) = 1
    """)
    stats = ctx.ws.fetchone(f"""
        SELECT count(*),
               count(*) FILTER (WHERE global_event_id NOT IN (SELECT global_event_id FROM gdelt_rows))
        FROM {good}""")
    assert stats is not None
    ctx.outcome.details["rows_kept"] = int(stats[0])
    ctx.outcome.details["rows_added"] = int(stats[1])
    touched = f"gd_touched_{tag}"
    con.execute(f"CREATE TEMP TABLE {touched} AS SELECT DISTINCT event_id FROM {good}")
    new_events = ctx.ws.fetchone(
        f"SELECT count(*) FROM {touched} WHERE event_id NOT IN (SELECT event_id FROM events)")
    assert new_events is not None
    con.execute(f"INSERT INTO gdelt_rows BY NAME SELECT * FROM {good} ON CONFLICT DO NOTHING")
    total = ctx.ws.fetchone(f"SELECT count(*) FROM {touched}")
    assert total is not None
    ctx.outcome.added += int(new_events[0])
    ctx.outcome.unchanged += int(total[0]) - int(new_events[0])
    ctx.outcome.details["events_added"] = int(new_events[0])
    return touched


def _ingest_mentions(ctx: _Ctx, real: Path) -> None:
    con, tag = ctx.ws.con, ctx.tag
    rej = f"gd_rej_{tag}"
    stage = f"gd_mstage_{tag}"
    con.execute(f"""
        CREATE TEMP TABLE {stage} AS
        SELECT m.*, try_cast(m.GLOBALEVENTID AS BIGINT) AS gid, try_cast(m.SentenceID AS INTEGER) AS sid
        FROM {_reader(real, MENTIONS_COLUMNS, rej)} m""")
    _structural_rejects(ctx, rej)
    bad = ctx.ws.fetchall(f"""
        SELECT coalesce(GLOBALEVENTID, ''),
               CASE WHEN gid IS NULL THEN 'unparseable GLOBALEVENTID ' || coalesce(GLOBALEVENTID, '(empty)')
                    WHEN MentionIdentifier IS NULL THEN 'empty MentionIdentifier'
                    ELSE 'unparseable SentenceID ' || coalesce(SentenceID, '(empty)') END,
               MentionIdentifier
        FROM {stage} WHERE gid IS NULL OR sid IS NULL OR MentionIdentifier IS NULL""")
    _quarantine_located(ctx, real, bad)
    matched = f"gd_mmatched_{tag}"
    con.execute(f"""
        CREATE TEMP TABLE {matched} AS
        SELECT s.gid AS global_event_id, s.MentionIdentifier AS mention_identifier, s.sid AS sentence_id,
               EventTimeDate AS event_time, MentionTimeDate AS mention_time,
               try_cast(MentionType AS INTEGER) AS mention_type, MentionSourceName AS source_name,
               try_cast(Actor1CharOffset AS INTEGER) AS actor1_offset,
               try_cast(Actor2CharOffset AS INTEGER) AS actor2_offset,
               try_cast(ActionCharOffset AS INTEGER) AS action_offset, InRawText = '1' AS in_raw_text,
               try_cast(Confidence AS INTEGER) AS confidence, try_cast(MentionDocLen AS INTEGER) AS doc_len,
               try_cast(MentionDocTone AS DOUBLE) AS doc_tone, MentionDocTranslationInfo AS translation_info,
               {_q(ctx.display)} AS file
        FROM {stage} s
        WHERE s.gid IN (SELECT global_event_id FROM gdelt_rows) AND s.sid IS NOT NULL
              AND s.MentionIdentifier IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY s.gid, s.MentionIdentifier, s.sid
                                   ORDER BY MentionTimeDate) = 1""")
    counts = ctx.ws.fetchone(f"""
        SELECT (SELECT count(*) FROM {stage} WHERE gid IS NOT NULL AND sid IS NOT NULL
                  AND MentionIdentifier IS NOT NULL),
               (SELECT count(*) FROM {matched}),
               (SELECT count(*) FROM {matched} m WHERE NOT EXISTS (SELECT 1 FROM gdelt_mentions g
                  WHERE g.global_event_id = m.global_event_id AND g.mention_identifier = m.mention_identifier
                    AND g.sentence_id = m.sentence_id))""")
    assert counts is not None
    ctx.outcome.details["mentions_matched"] = int(counts[1])
    ctx.outcome.details["mentions_unmatched"] = int(counts[0]) - int(counts[1])
    ctx.outcome.details["mentions_added"] = int(counts[2])
    ctx.outcome.added += int(counts[2])
    ctx.outcome.unchanged += int(counts[1]) - int(counts[2])
    con.execute(f"INSERT INTO gdelt_mentions BY NAME SELECT * FROM {matched} ON CONFLICT DO NOTHING")
    touched = f"gd_touched_{tag}"
    con.execute(f"""CREATE TEMP TABLE {touched} AS SELECT DISTINCT r.event_id FROM gdelt_rows r
                    WHERE r.global_event_id IN (SELECT global_event_id FROM {matched})""")
    rebuild_events(ctx.ws, touched)


CAMEO_TABLE = "axw_cameo_plover"


def ensure_cameo_table(ws: Workspace) -> str:
    """The CAMEO->PLOVER temp table on this connection, created once (outside any transaction)."""
    row = ws.fetchone("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?", [CAMEO_TABLE])
    if not row or not row[0]:
        create_cameo_table(ws.con, CAMEO_TABLE)
        loaded = ws.fetchone(f"SELECT count(*) FROM {CAMEO_TABLE}")
        assert loaded and loaded[0] == len(load_cameo_map())
    return CAMEO_TABLE


def _drop_temps(ws: Workspace, tag: str) -> None:
    for (name,) in ws.fetchall(
            "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE ?", [f"gd_%{tag}%"]):
        ws.execute(f"DROP TABLE IF EXISTS {name}")


def ingest_file(ws: Workspace, path: Path, *, run_id: str | None = None,
                options: dict[str, Any] | None = None) -> IngestOutcome:
    """Ingest one GDELT events or mentions file (plain or zipped) in one transaction."""
    actors, match = _resolve_actors(options)
    outcome = IngestOutcome()
    with _opened(path) as (real, display):
        line = _first_line(real)
        fields = line.count(b"\t") + 1 if line else 0
        layout = LAYOUTS.get(fields)
        if layout is None:
            raise InputError(display, f"not a GDELT events (57/58/61 fields) or mentions (16) file: "
                                      f"first line has {fields} tab-separated fields")
        tag = uuid.uuid4().hex[:12]
        ctx = _Ctx(ws, run_id, display, tag, outcome)
        outcome.details["layout"] = layout
        try:
            if layout == "mentions":
                outcome.details["rows_read"] = _count_lines(real)
                with ws.transaction():
                    _ingest_mentions(ctx, real)
            else:
                stage = f"gd_stage_{tag}"
                cameo = ensure_cameo_table(ws)
                # with an actor filter, one scan of whole lines finds the candidates; without
                # one (every row wanted) or when a line is unreadable, the careful per-column read
                rows = _fast_read(ws, real, stage, actors, match) if actors else None
                with ws.transaction():
                    if rows is None:
                        rows = _count_lines(real)
                        _stage_events(ctx, real, layout, actors, match)
                    else:
                        _stage_from_lines(ctx, real, stage)
                    outcome.details["rows_read"] = rows
                    dropped = _apply_exact_filter(ws, stage, actors, match)
                    kept = ws.fetchone(f"SELECT count(*) FROM {stage}")
                    outcome.details["filtered_out"] = rows - outcome.failed - (int(kept[0]) if kept else 0)
                    assert dropped >= 0
                    checked = _validate(ctx, stage, real, cameo)
                    touched = _store_rows(ctx, checked, display)
                    rebuild_events(ws, touched)
        finally:
            _drop_temps(ws, tag)
    outcome.details["quarantined"] = outcome.failed
    return outcome


_DATA_NAME = re.compile(r"(export|mentions|events?)", re.IGNORECASE)


def ingest(ws: Workspace, path: Path, *, run_id: str | None = None,
           options: dict[str, Any] | None = None) -> IngestOutcome:
    """Ingest a GDELT file or a folder of them (events before mentions, so mentions find their rows)."""
    path = Path(path)
    if not path.is_dir():
        return ingest_file(ws, path, run_id=run_id, options=options)
    files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    events, mentions, skipped = [], [], []
    total = IngestOutcome()
    for p in files:
        try:
            layout = layout_of(p)
        except (OSError, zipfile.BadZipFile, InputError) as exc:
            total.failed += 1
            total.rejected.append(Rejected(str(p), f"unreadable: {exc}"))
            continue
        if layout == "mentions":
            mentions.append(p)
        elif layout in ("events1", "events2"):
            events.append(p)
        elif _DATA_NAME.search(p.name):
            total.failed += 1
            total.rejected.append(Rejected(str(p), "not a GDELT events or mentions file"))
        else:
            skipped.append(p.name)  # GKG files, notes, checksums: not events, said in the summary
    for p in events + mentions:
        try:
            total.merge(ingest_file(ws, p, run_id=run_id, options=options))
        except InputError as exc:
            total.failed += 1
            total.rejected.append(Rejected(exc.where, exc.reason))
    total.details["files"] = len(events) + len(mentions)
    total.details["skipped_files"] = len(skipped)
    total.details.pop("layout", None)
    return total


register_dataset_kind(
    "gdelt", sniff, ingest,
    "GDELT events 1.0/2.0 (57/58/61 fields) and 2.0 mentions, plain or zipped, a file or a folder",
)
