"""Watched places, watched vessels and detection parameters from the profile, plus the geometry they need.

The profile's ``places:``, ``vessels:`` and ``maritime:`` sections are validated
here when a profile loads (the loader imports this module), so a typo in a
threshold fails at load time instead of silently changing a detection.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from axiswatch.profiles import Profile, register_section_validator

EARTH_RADIUS_M = 6_371_008.8
NM = 1852.0  # metres in a nautical mile


class Place(BaseModel):
    """A watched port, anchorage, facility or border crossing with a circular geofence."""

    model_config = ConfigDict(extra="forbid")
    id: str
    name: str
    kind: Literal["port", "anchorage", "facility", "crossing"] = "port"
    country: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(default=5.0, gt=0, le=100)
    confidence: Literal["low", "medium", "high"]
    sources: list[str] = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    note: str = ""

    @field_validator("country")
    @classmethod
    def _alpha3(cls, v: str) -> str:
        if len(v) != 3 or not v.isalpha() or not v.isupper():
            raise ValueError(f"country must be an ISO alpha-3 code, got {v!r}")
        return v


class WatchedVessel(BaseModel):
    """A vessel the watch names (from public reporting), matched by IMO, MMSI or name."""

    model_config = ConfigDict(extra="forbid")
    name: str
    imo: int | None = None
    mmsi: int | None = None
    flag: str | None = None
    note: str = ""
    sources: list[str] = Field(default_factory=list)

    @field_validator("imo")
    @classmethod
    def _imo_ok(cls, v: int | None) -> int | None:
        if v is not None and not valid_imo(v):
            raise ValueError(f"IMO {v} fails its check digit")
        return v


class MaritimeParams(BaseModel):
    """Detection and screening thresholds (GFW's published ones plus our dark-port-call rule)."""

    model_config = ConfigDict(extra="forbid")
    # Quarantine: a jump between two reports faster than this is not a ship.
    max_speed_kn: float = 60.0
    # Port calls: positions inside a port geofence, split when the vessel is away longer than this.
    port_call_min_hours: float = 1.0
    port_call_split_hours: float = 72.0
    draught_change_m: float = 0.5
    # AIS gaps (GFW): >= 12 h; "open ocean" when both ends are this far from every watched place,
    # our stand-in for GFW's distance from shore since no coastline ships with axiswatch.
    gap_hours: float = 12.0
    gap_open_ocean_nm: float = 50.0
    # Dark port calls (ours): a shorter gap that starts heading to, or ends leaving, a watched port.
    dark_call_min_hours: float = 6.0
    dark_call_approach_nm: float = 40.0
    dark_call_max_speed_kn: float = 18.0
    heading_tolerance_deg: float = 60.0
    # Encounters (GFW): within 500 m for >= 2 h at < 2 kn, >= 10 km from an anchorage.
    encounter_max_m: float = 500.0
    encounter_min_hours: float = 2.0
    encounter_max_sog_kn: float = 2.0
    encounter_min_port_km: float = 10.0
    encounter_bin_minutes: int = 10
    # Loitering (GFW): < 2 kn for >= 4 h, >= 20 nm from shore (watched places here).
    loiter_max_sog_kn: float = 2.0
    loiter_min_hours: float = 4.0
    loiter_min_shore_nm: float = 20.0
    # Shuttles: at least this many voyages between the same two watched ports.
    shuttle_min_voyages: int = 3
    # Sanctions screening.
    name_threshold: float = Field(default=0.9, gt=0, le=1)
    sanction_programs: dict[str, str] = Field(default_factory=dict)
    list_authorities: dict[str, str] = Field(default_factory=dict)


def _validate(profile: Profile) -> None:
    places = [Place.model_validate(p) for p in profile.places]
    ids = [p.id for p in places]
    if len(ids) != len(set(ids)):
        raise ValueError("place ids must be unique")
    for v in profile.vessels:
        WatchedVessel.model_validate(v)
    MaritimeParams.model_validate(profile.maritime)


register_section_validator("places", _validate)


def watched_places(profile: Profile) -> list[Place]:
    """The profile's watched places."""
    return [Place.model_validate(p) for p in profile.places]


def watched_vessels(profile: Profile) -> list[WatchedVessel]:
    """The profile's named vessels."""
    return [WatchedVessel.model_validate(v) for v in profile.vessels]


def maritime_params(profile: Profile, **overrides: Any) -> MaritimeParams:
    """The profile's thresholds, with optional overrides (tests, flags)."""
    return MaritimeParams.model_validate({**profile.maritime, **overrides})


def valid_imo(imo: int) -> bool:
    """IMO ship numbers are 7 digits whose last is a weighted checksum of the first six."""
    s = str(imo)
    if len(s) != 7 or not s.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(s[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(s[6])


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from the first point to the second, 0-360 degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


def angle_diff(a: float, b: float) -> float:
    """Smallest absolute difference between two bearings."""
    d = abs(a - b) % 360.0
    return 360.0 - d if d > 180.0 else d


def haversine_sql(lat1: str, lon1: str, lat2: str, lon2: str) -> str:
    """The same distance as a DuckDB expression over column names (metres)."""
    # no least()/greatest() here: DuckDB's skip NULLs, which would turn a missing point into pi*R
    a = (f"(pow(sin(radians({lat2} - {lat1}) / 2), 2) + "
         f"cos(radians({lat1})) * cos(radians({lat2})) * pow(sin(radians({lon2} - {lon1}) / 2), 2))")
    return f"(2 * {EARTH_RADIUS_M} * asin(sqrt(CASE WHEN {a} > 1 THEN 1.0 ELSE {a} END)))"
