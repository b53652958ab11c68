"""Raw NMEA 0183 AIVDM/AIVDO lines -> decoded AIS rows (positions and static reports).

Handles what real receiver logs contain: NMEA 4.0 tag blocks (``\\s:station,c:unixtime*hh\\``),
USCG NAIS receiver suffixes (``...*hh,d-109,S2105,...,r003669946,1325394060,...``),
Gatehouse ``$PGHP`` timestamp wrappers, multi-sentence messages, comments, other
talkers' sentences and junk. Decoding itself is pyais's; framing, checksums,
reassembly and time are ours, because pyais treats each of these differently
across versions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pyais import decode
from pyais.exceptions import AISBaseException

# Message types that carry a vessel position, and those that carry identity.
POSITION_TYPES = frozenset({1, 2, 3, 18, 19, 27})
STATIC_TYPES = frozenset({5, 19, 24})
_MIN_YEAR, _MAX_YEAR = 1990, 2100


@dataclass
class NmeaRow:
    """One decoded AIS message, flattened onto the canonical columns."""

    line: int
    mmsi: int
    msg_type: int
    t: datetime | None = None
    station: str | None = None
    lat: float | None = None
    lon: float | None = None
    sog: float | None = None
    cog: float | None = None
    heading: float | None = None
    nav_status: int | None = None
    imo: int | None = None
    name: str | None = None
    call_sign: str | None = None
    ship_type: int | None = None
    draught: float | None = None
    length: float | None = None
    width: float | None = None
    destination: str | None = None
    raw: str = ""
    reason: str | None = None


@dataclass
class NmeaResult:
    """Rows decoded from a file, the lines refused (line, reason, sample) and what was skipped."""

    rows: list[NmeaRow] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    ignored_lines: int = 0
    no_position: int = 0
    other_types: int = 0


def checksum(body: str) -> str:
    """NMEA checksum: XOR of the characters between the start mark and ``*``, as two hex digits."""
    x = 0
    for ch in body:
        x ^= ord(ch)
    return f"{x:02X}"


def _unix(value: str) -> datetime | None:
    try:
        n = float(value)
    except ValueError:
        return None
    if n > 1e12:  # milliseconds
        n /= 1000.0
    try:
        t = datetime.fromtimestamp(n, tz=UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None
    return t if _MIN_YEAR <= t.year <= _MAX_YEAR else None


def _tag_block(block: str) -> tuple[datetime | None, str | None]:
    body = block.split("*", 1)[0]
    t: datetime | None = None
    station: str | None = None
    for part in body.split(","):
        key, _, value = part.partition(":")
        if key == "c":
            t = _unix(value)
        elif key == "s":
            station = value or None
    return t, station


def _gatehouse(line: str) -> datetime | None:
    parts = line.split("*", 1)[0].split(",")
    try:
        y, mo, d, h, mi, s = (int(p) for p in parts[2:8])
        cs = int(parts[8]) if len(parts) > 8 and parts[8] else 0
        return datetime(y, mo, d, h, mi, s, cs * 10_000)
    except (ValueError, IndexError):
        return None


def _suffix(fields: list[str]) -> tuple[datetime | None, str | None]:
    """Receiver metadata after the checksum (USCG NAIS style): station ``r...`` and a unix time."""
    t: datetime | None = None
    station: str | None = None
    for f in fields:
        if f.startswith("r") and f[1:].isdigit():
            station = f
        elif t is None and f.isdigit() and len(f) == 10:
            t = _unix(f)
    return t, station


@dataclass
class _Sentence:
    line: int
    raw: str
    text: str  # the sentence itself, from '!' to the checksum
    count: int
    number: int
    seq: str
    channel: str
    t: datetime | None
    station: str | None


def _frame(line_no: int, raw: str, t_hint: datetime | None) -> _Sentence | str | None:
    """Split one line into its sentence and metadata; a str is a rejection reason, None = not AIS."""
    line = raw.strip()
    t, station = t_hint, None
    if line.startswith("\\"):
        end = line.find("\\", 1)
        if end < 0:
            return "tag block is not closed"
        tb_t, station = _tag_block(line[1:end])
        t = tb_t or t
        line = line[end + 1:]
    start = line.find("!")
    if start < 0 or line[start + 3:start + 6] not in ("VDM", "VDO"):
        return None
    line = line[start:]
    star = line.find("*")
    if star < 0 or len(line) < star + 3:
        return "no checksum"
    body, given = line[1:star], line[star + 1:star + 3].upper()
    if checksum(body) != given:
        return f"checksum mismatch (computed {checksum(body)}, line says {given})"
    rest = line[star + 3:]
    if rest.startswith(","):
        s_t, s_station = _suffix(rest[1:].split(","))
        t = t or s_t
        station = station or s_station
    parts = body.split(",")
    if len(parts) != 7:
        return f"expected 7 fields in the sentence, found {len(parts)}"
    try:
        count, number = int(parts[1]), int(parts[2])
    except ValueError:
        return "fragment count or number is not a number"
    if not 1 <= number <= count <= 9:
        return f"fragment {number} of {count} is impossible"
    if not parts[5]:
        return "empty payload"
    return _Sentence(line_no, raw.strip(), line[: star + 3], count, number, parts[3], parts[4], t, station)


def _nan_to_none(v: Any) -> float | None:
    if v is None:
        return None
    f = float(v)
    return None if math.isnan(f) else f


def _to_row(first: _Sentence, msg: dict[str, Any], raw: str, res: NmeaResult) -> NmeaRow | None:
    mtype = int(msg.get("msg_type", 0))
    if mtype not in POSITION_TYPES and mtype not in STATIC_TYPES:
        res.other_types += 1
        return None
    row = NmeaRow(line=first.line, mmsi=int(msg["mmsi"]), msg_type=mtype, t=first.t, station=first.station,
                  raw=raw)
    if mtype in POSITION_TYPES:
        lat, lon = _nan_to_none(msg.get("lat")), _nan_to_none(msg.get("lon"))
        # 91/181 are the standard's "not available"; type 27 uses the same at lower resolution
        if lat is None or lon is None or abs(lat - 91) < 1e-3 or abs(lon - 181) < 1e-3:
            res.no_position += 1
        elif abs(lat) > 90 or abs(lon) > 180:
            row.reason = f"impossible position lat={lat} lon={lon}"
            row.lat, row.lon = lat, lon
        else:
            row.lat, row.lon = lat, lon
        sog = _nan_to_none(msg.get("speed"))
        row.sog = None if sog is None or sog >= 102.2 else sog
        cog = _nan_to_none(msg.get("course"))
        row.cog = None if cog is None or cog >= 360 else cog
        hdg = msg.get("heading")
        row.heading = None if hdg is None or int(hdg) >= 360 else float(hdg)
        status = msg.get("status")
        row.nav_status = int(status) if status is not None else None
    if mtype in STATIC_TYPES:
        row.imo = int(msg["imo"]) if msg.get("imo") else None
        row.name = (msg.get("shipname") or "").strip() or None
        row.call_sign = (msg.get("callsign") or "").strip() or None
        st = msg.get("ship_type")
        row.ship_type = int(st) if st is not None else None
        draught = _nan_to_none(msg.get("draught"))
        row.draught = draught if draught else None
        bow, stern = msg.get("to_bow") or 0, msg.get("to_stern") or 0
        port, star = msg.get("to_port") or 0, msg.get("to_starboard") or 0
        row.length = float(bow + stern) or None
        row.width = float(port + star) or None
        row.destination = (msg.get("destination") or "").strip() or None
    return row


def parse_nmea(lines: Iterable[str]) -> NmeaResult:
    """Decode every AIS message in the lines, refusing malformed ones with a reason."""
    res = NmeaResult()
    pending: dict[tuple[int, str, str], list[_Sentence]] = {}
    t_hint: datetime | None = None
    for line_no, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("$PGHP"):
            t_hint = _gatehouse(stripped)
            continue
        framed = _frame(line_no, raw, t_hint)
        if framed is None:
            res.ignored_lines += 1
            continue
        t_hint = None  # a Gatehouse time stamps the one message after it
        if isinstance(framed, str):
            res.rejected.append((line_no, framed, stripped[:200]))
            continue
        for group in _assemble(framed, pending, res):
            _decode_group(group, res)
    for group in pending.values():
        res.rejected.append((group[0].line, f"incomplete multi-part message ({len(group)} of "
                             f"{group[0].count} fragments)", group[0].raw[:200]))
    return res


def _assemble(s: _Sentence, pending: dict[tuple[int, str, str], list[_Sentence]],
              res: NmeaResult) -> Iterator[list[_Sentence]]:
    if s.count == 1:
        yield [s]
        return
    key = (s.count, s.seq, s.channel)
    group = pending.get(key)
    if s.number == 1:
        if group:
            res.rejected.append((group[0].line, f"incomplete multi-part message ({len(group)} of "
                                 f"{group[0].count} fragments)", group[0].raw[:200]))
        pending[key] = [s]
    elif not group or group[-1].number != s.number - 1:
        res.rejected.append((s.line, f"fragment {s.number} of {s.count} without the ones before it",
                             s.raw[:200]))
        pending.pop(key, None)
        return
    else:
        group.append(s)
    if len(pending.get(key, [])) == s.count:
        yield pending.pop(key)


def _decode_group(group: list[_Sentence], res: NmeaResult) -> None:
    raw = "\n".join(s.raw for s in group)
    try:
        msg = decode(*[s.text for s in group]).asdict()
    except (AISBaseException, ValueError, IndexError, KeyError, TypeError) as exc:
        res.rejected.append((group[0].line, f"undecodable AIS payload: {type(exc).__name__}: {exc}"[:300],
                             raw[:200]))
        return
    if "mmsi" not in msg:
        res.other_types += 1
        return
    row = _to_row(group[0], msg, raw, res)
    if row is not None:
        res.rows.append(row)
