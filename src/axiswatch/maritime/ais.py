"""AIS ingest (``axiswatch ingest --kind ais``): MarineCadastre CSV and raw NMEA into one positions table.

Every input becomes a staging table with the canonical columns and a ``reason``
column; validation (impossible positions and speeds, duplicates) then runs in
SQL on that table, so a 0.9 GB MarineCadastre day never passes through Python
row by row. Good rows are appended with an anti-join on (mmsi, t): re-ingesting
a file adds nothing.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from axiswatch.errors import InputError
from axiswatch.maritime.common import MAX_REJECTED_RETURNED, as_rejected, atomic, quarantine
from axiswatch.maritime.nmea import NmeaRow, parse_nmea
from axiswatch.maritime.places import NM, haversine_sql
from axiswatch.sources.base import IngestOutcome, register_dataset_kind
from axiswatch.store.workspace import Workspace

# Canonical column -> header names seen in MarineCadastre layouts, compared lower-case without '_'.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "mmsi": ("mmsi",),
    "t": ("basedatetime",),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "longitude"),
    "sog": ("sog",),
    "cog": ("cog",),
    "heading": ("heading",),
    "name": ("vesselname",),
    "imo": ("imo",),
    "call_sign": ("callsign",),
    "ship_type": ("vesseltype",),
    "nav_status": ("status",),
    "length": ("length",),
    "width": ("width",),
    "draught": ("draft", "draught"),
}
REQUIRED = ("mmsi", "t", "lat", "lon")
_SENTENCE_RE = re.compile(r"![A-Z]{2}VD[MO],\d,\d,")
DEFAULT_MAX_SPEED_KN = 60.0

_STAGE_SCHEMA = pa.schema([
    ("line", pa.int64()), ("mmsi", pa.int64()), ("msg_type", pa.int32()), ("t", pa.timestamp("us")),
    ("station", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()), ("sog", pa.float64()),
    ("cog", pa.float64()), ("heading", pa.float64()), ("nav_status", pa.int32()), ("imo", pa.int64()),
    ("name", pa.string()), ("call_sign", pa.string()), ("ship_type", pa.int32()), ("draught", pa.float64()),
    ("length", pa.float64()), ("width", pa.float64()), ("destination", pa.string()), ("raw", pa.string()),
    ("reason", pa.string()),
])


def sniff(path: Path, head: bytes) -> bool:
    """A MarineCadastre header, or NMEA AIVDM/AIVDO sentences."""
    text = head.decode("latin-1", errors="replace")
    first = text.splitlines()[0].lower().replace("_", "") if text.strip() else ""
    if first.startswith("mmsi,") and "basedatetime" in first:
        return True
    return _SENTENCE_RE.search(text) is not None


def _csv_layout(header: str) -> dict[str, str]:
    """Map canonical names to this file's header names; both MarineCadastre layouts are handled."""
    names = [h.strip().strip('"') for h in header.strip().split(",")]
    norm = {n.lower().replace("_", ""): n for n in names}
    found: dict[str, str] = {}
    for canon, options in CSV_COLUMNS.items():
        for opt in options:
            if opt in norm:
                found[canon] = norm[opt]
                break
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise InputError(str(header[:80]), f"not a MarineCadastre AIS header: missing {', '.join(missing)}")
    return found


def _open_text(path: Path) -> IO[str]:
    """Text lines of a plain or gzip-compressed file."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open("r", encoding="utf-8", errors="replace", newline=None)


def _head(path: Path) -> bytes:
    """The first 4 KB, decompressed when the file is gzip."""
    if path.suffix.lower() == ".gz":
        with gzip.open(path, "rb") as gz:
            return gz.read(4096)
    with path.open("rb") as fh:
        return fh.read(4096)


def _stage_csv(ws: Workspace, path: Path) -> str:
    """Load the CSV into ``ais_stage`` with typed columns; unparseable required fields get a reason."""
    with _open_text(path) as fh:  # DuckDB itself reads .gz and .zst; Python only needs the header
        header = fh.readline()
    cols = _csv_layout(header)

    def raw(c: str) -> str:
        return f'nullif(trim("{cols[c]}"), \'\')' if c in cols else "NULL"

    def num(c: str, typ: str = "DOUBLE") -> str:
        return f"try_cast({raw(c)} AS {typ})"

    layout = "marinecadastre-2024" if cols["lat"].lower() == "latitude" else "marinecadastre-legacy"
    raw_cols = " || ',' || ".join(f"coalesce(\"{cols[c]}\", '')" for c in REQUIRED)
    wanted = ", ".join(f'"{name}"' for name in dict.fromkeys(cols.values()))
    ws.con.execute("DROP TABLE IF EXISTS ais_stage")
    ws.con.execute("DROP TABLE IF EXISTS ais_csv_raw")
    # Two plain steps instead of one windowed query: a temp table's rowid is the file order,
    # so line numbers come free, and each text value is trimmed once.
    ws.con.execute(f"CREATE TEMP TABLE ais_csv_raw AS SELECT {wanted} "
                   "FROM read_csv(?, header = true, all_varchar = true)", [str(path)])
    ws.con.execute(f"""
        CREATE TEMP TABLE ais_stage AS
        WITH typed AS (
            SELECT rowid + 2 AS line,
                try_cast({raw('mmsi')} AS BIGINT) AS mmsi, NULL::INTEGER AS msg_type,
                try_cast(replace({raw('t')}, 'Z', '') AS TIMESTAMP) AS t, NULL::VARCHAR AS station,
                {num('lat')} AS lat, {num('lon')} AS lon, {num('sog')} AS sog, {num('cog')} AS cog,
                {num('heading')} AS heading, try_cast({num('nav_status')} AS INTEGER) AS nav_status,
                try_cast(regexp_replace({raw('imo')}, '^IMO', '') AS BIGINT) AS imo,
                {raw('name')} AS name, {raw('call_sign')} AS call_sign,
                try_cast({num('ship_type')} AS INTEGER) AS ship_type, {num('draught')} AS draught,
                {num('length')} AS length, {num('width')} AS width, NULL::VARCHAR AS destination,
                {raw_cols} AS raw,
                {raw('mmsi')} AS mmsi_s, {raw('t')} AS t_s, {raw('lat')} AS lat_s, {raw('lon')} AS lon_s
            FROM ais_csv_raw
        )
        SELECT line, mmsi, msg_type, t, station, lat, lon,
            CASE WHEN sog >= 102.2 OR sog < 0 THEN NULL ELSE sog END AS sog,
            CASE WHEN cog >= 360 OR cog < 0 THEN NULL ELSE cog END AS cog,
            CASE WHEN heading >= 360 OR heading < 0 THEN NULL ELSE heading END AS heading,
            nav_status, imo, name, call_sign, ship_type,
            CASE WHEN draught > 0 THEN draught END AS draught, length, width, destination, raw,
            CASE
                WHEN mmsi IS NULL THEN 'MMSI missing or not a number: ' || coalesce(mmsi_s, '(empty)')
                WHEN t IS NULL THEN 'BaseDateTime is not a timestamp: ' || coalesce(t_s, '(empty)')
                WHEN lat IS NULL OR lon IS NULL THEN
                    'position is not a number: ' || coalesce(lat_s, '') || ',' || coalesce(lon_s, '')
                WHEN abs(lat) > 90 OR abs(lon) > 180 THEN
                    'impossible position lat=' || lat || ' lon=' || lon
            END AS reason
        FROM typed
    """)
    ws.con.execute("DROP TABLE ais_csv_raw")
    return layout


def _rows_table(rows: list[NmeaRow]) -> pa.Table:
    cols: dict[str, list[Any]] = {f.name: [] for f in _STAGE_SCHEMA}
    for r in rows:
        for name in cols:
            cols[name].append(getattr(r, name))
    return pa.table(cols, schema=_STAGE_SCHEMA)


def _stage_nmea(ws: Workspace, path: Path, received_at: str | None) -> dict[str, Any]:
    with _open_text(path) as fh:
        res = parse_nmea(fh)
    table = _rows_table(res.rows)
    ws.con.execute("DROP TABLE IF EXISTS ais_stage")
    ws.con.register("ais_nmea_rows", table)
    try:
        ws.con.execute("CREATE TEMP TABLE ais_stage AS SELECT * FROM ais_nmea_rows")
    finally:
        ws.con.unregister("ais_nmea_rows")
    if received_at:
        ws.con.execute("UPDATE ais_stage SET t = ?::TIMESTAMP WHERE t IS NULL", [received_at])
    return {"layout": "nmea", "ignored_lines": res.ignored_lines, "no_position": res.no_position,
            "other_message_types": res.other_types,
            "prefail": [(f"line {ln}", reason, sample) for ln, reason, sample in res.rejected]}


def _validate_stage(ws: Workspace, max_speed_kn: float) -> None:
    """Mark duplicates and impossible speeds in ``ais_stage`` (positions only)."""
    ws.con.execute("""
        UPDATE ais_stage s SET reason = 'duplicate message: same MMSI and time as line ' || d.first_line
        FROM (
            SELECT line, first_value(line) OVER w AS first_line, row_number() OVER w AS n
            FROM ais_stage WHERE reason IS NULL AND lat IS NOT NULL AND t IS NOT NULL
            WINDOW w AS (PARTITION BY mmsi, t ORDER BY line)
        ) d
        WHERE s.line = d.line AND d.n > 1
    """)
    # A fix is impossible when reaching it AND leaving it both need more than max speed: that
    # flags the one wild position, not its honest neighbours. Track ends have one leg only, so
    # they are judged in a second pass, after the wild interior fixes are gone.
    for interior in (True, False):
        _flag_speeds(ws, max_speed_kn, interior)


def _flag_speeds(ws: Workspace, max_speed_kn: float, interior: bool) -> None:
    dist_prev = haversine_sql("p_lat", "p_lon", "lat", "lon")
    dist_next = haversine_sql("lat", "lon", "n_lat", "n_lon")
    hours_prev = "(CASE WHEN t > p_t THEN epoch(t - p_t) / 3600.0 ELSE 1e-6 END)"
    hours_next = "(CASE WHEN n_t > t THEN epoch(n_t - t) / 3600.0 ELSE 1e-6 END)"
    ends = "k.kn_prev IS NOT NULL AND k.kn_next IS NOT NULL" if interior else \
        "(k.kn_prev IS NOT NULL OR k.kn_next IS NOT NULL)"
    ws.con.execute(f"""
        UPDATE ais_stage s SET reason = 'impossible speed: ' || round(k.kn, 1) || ' kn from the report before'
        FROM (
            SELECT line, {dist_prev} / {NM} / {hours_prev} AS kn_prev, {dist_next} / {NM} / {hours_next} AS kn_next,
                {dist_prev} AS d_prev, {dist_next} AS d_next, coalesce(kn_prev, kn_next) AS kn
            FROM (
                SELECT line, t, lat, lon,
                    lag(t) OVER w AS p_t, lag(lat) OVER w AS p_lat, lag(lon) OVER w AS p_lon,
                    lead(t) OVER w AS n_t, lead(lat) OVER w AS n_lat, lead(lon) OVER w AS n_lon
                FROM ais_stage WHERE reason IS NULL AND lat IS NOT NULL AND t IS NOT NULL
                WINDOW w AS (PARTITION BY mmsi ORDER BY t, line)
            )
        ) k
        WHERE s.line = k.line AND {ends}
          AND (k.kn_prev IS NULL OR (k.kn_prev > {max_speed_kn} AND k.d_prev > 1000))
          AND (k.kn_next IS NULL OR (k.kn_next > {max_speed_kn} AND k.d_next > 1000))
    """)


def _commit_stage(ws: Workspace, origin: str) -> tuple[int, int, int]:
    """Append good positions and changed static reports; returns (added, unchanged, static_added)."""
    ws.con.execute("""
        CREATE OR REPLACE TEMP TABLE ais_good AS
        SELECT * FROM ais_stage
        WHERE reason IS NULL AND lat IS NOT NULL AND t IS NOT NULL
          AND mmsi BETWEEN 100000000 AND 999999999
    """)
    row = ws.fetchone("SELECT count(*) FROM ais_good")
    total = int(row[0]) if row else 0
    new_row = ws.fetchone("SELECT count(*) FROM ais_good g ANTI JOIN ais_positions p "
                          "ON p.mmsi = g.mmsi AND p.t = g.t")
    added = int(new_row[0]) if new_row else 0
    ws.con.execute("""
        INSERT INTO ais_positions
        SELECT g.mmsi, g.t, g.lat, g.lon, g.sog, g.cog, g.heading, g.nav_status, g.msg_type, ?, g.station
        FROM ais_good g ANTI JOIN ais_positions p ON p.mmsi = g.mmsi AND p.t = g.t
    """, [origin])
    # Keep a static report only where something changed since the vessel's previous one.
    ws.con.execute("""
        CREATE OR REPLACE TEMP TABLE ais_static_new AS
        SELECT mmsi, t, imo, name, call_sign, ship_type, draught, length, width, destination FROM (
            SELECT *, lag(hash(imo, name, call_sign, ship_type, draught, destination)) OVER w AS prev_h,
                   hash(imo, name, call_sign, ship_type, draught, destination) AS h
            FROM ais_stage
            WHERE reason IS NULL AND mmsi BETWEEN 100000000 AND 999999999
              AND (imo IS NOT NULL OR name IS NOT NULL OR call_sign IS NOT NULL OR ship_type IS NOT NULL
                   OR draught IS NOT NULL)
            WINDOW w AS (PARTITION BY mmsi ORDER BY t NULLS FIRST, line)
        ) WHERE prev_h IS NULL OR prev_h <> h
    """)
    ws.con.execute("""
        INSERT INTO ais_static
        SELECT n.*, ? FROM ais_static_new n
        ANTI JOIN ais_static s ON s.mmsi = n.mmsi AND s.t IS NOT DISTINCT FROM n.t
            AND s.imo IS NOT DISTINCT FROM n.imo AND s.name IS NOT DISTINCT FROM n.name
            AND s.call_sign IS NOT DISTINCT FROM n.call_sign AND s.draught IS NOT DISTINCT FROM n.draught
    """, [origin])
    static_row = ws.fetchone("SELECT count(*) FROM ais_static_new")
    return added, total - added, int(static_row[0]) if static_row else 0


def ingest_ais(ws: Workspace, path: str | Path, *, run_id: str | None = None,
               options: dict[str, Any] | None = None, **_: Any) -> IngestOutcome:
    """Ingest one AIS file (MarineCadastre CSV or NMEA) into ``ais_positions`` and ``ais_static``.

    Options: ``received_at`` (ISO time stamped on messages that carry none),
    ``max_speed_kn`` (implied speed above which a fix is refused).
    """
    p = Path(path)
    opts = options or {}
    if not p.is_file():
        raise InputError(str(p), "no such file")
    head = _head(p)
    origin = str(p)
    out = IngestOutcome()
    with atomic(ws):
        text = head.decode("latin-1", errors="replace")
        first = text.splitlines()[0].lower().replace("_", "") if text.strip() else ""
        prefail: list[tuple[str, str, str | None]] = []
        if first.startswith("mmsi,"):
            layout = _stage_csv(ws, p)
            out.details["layout"] = layout
        elif sniff(p, head):
            info = _stage_nmea(ws, p, opts.get("received_at"))
            prefail = info.pop("prefail")
            out.details.update(info)
        else:
            raise InputError(origin, "neither a MarineCadastre CSV nor NMEA AIVDM/AIVDO sentences")
        _validate_stage(ws, float(opts.get("max_speed_kn", DEFAULT_MAX_SPEED_KN)))
        # rows refused in SQL are quarantined in SQL: a bad day file can hold millions of them
        quarantine(ws, run_id, origin, prefail)
        ws.con.execute("""INSERT INTO quarantine (run_id, origin, location, reason, sample)
            SELECT ?, ?, 'line ' || line, reason, left(raw, 500) FROM ais_stage
            WHERE reason IS NOT NULL ORDER BY line""", [run_id, origin])
        n_bad_row = ws.fetchone("SELECT count(*) FROM ais_stage WHERE reason IS NOT NULL")
        n_bad = int(n_bad_row[0]) if n_bad_row else 0
        bad = [(f"line {ln}", reason, sample) for ln, reason, sample in ws.fetchall(
            f"SELECT line, reason, raw FROM ais_stage WHERE reason IS NOT NULL ORDER BY line "
            f"LIMIT {MAX_REJECTED_RETURNED}")]
        refused = prefail + bad
        counts = ws.fetchone("""SELECT count(*) FILTER (WHERE reason IS NULL AND lat IS NOT NULL AND t IS NULL),
            count(*) FILTER (WHERE reason IS NULL AND NOT (mmsi BETWEEN 100000000 AND 999999999))
            FROM ais_stage""")
        added, unchanged, static_added = _commit_stage(ws, origin)
        ws.con.execute("DROP TABLE IF EXISTS ais_stage")
    out.added, out.unchanged, out.failed = added, unchanged, len(prefail) + n_bad
    out.rejected = as_rejected(origin, refused)
    out.details.update({"positions_added": added, "static_reports_added": static_added,
                        "untimed_positions": int(counts[0]) if counts else 0,
                        "not_ship_mmsi": int(counts[1]) if counts else 0})
    return out


register_dataset_kind("ais", sniff, ingest_ais,
                      "AIS positions: US MarineCadastre CSV (legacy and 2024 layouts) or raw NMEA AIVDM/AIVDO")
