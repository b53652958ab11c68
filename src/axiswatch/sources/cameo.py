"""The CAMEO -> PLOVER mapping (our table in data/cameo_plover.tsv), in Python and as a DuckDB table."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb


@dataclass(frozen=True)
class CameoMapping:
    """One CAMEO event code and the PLOVER type, mode and context it maps to (type '' = unmapped)."""

    code: str
    plover_type: str
    mode: str
    context: str
    label: str

    @property
    def mapped(self) -> bool:
        """False for codes that map to no PLOVER event (CAMEO roots 01 and 02)."""
        return bool(self.plover_type)

    @property
    def event_mode(self) -> str | None:
        """The ONTOLOGY ``mode``: the PLOVER mode, else the context (military, economic, ...)."""
        return self.mode or self.context or None


@cache
def load_cameo_map() -> dict[str, CameoMapping]:
    """Read the packaged table once: code -> mapping."""
    text = resources.files("axiswatch.data").joinpath("cameo_plover.tsv").read_text("utf-8")
    out: dict[str, CameoMapping] = {}
    header_seen = False
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True  # the column names
            continue
        code, typ, mode, ctx, label = (line.split("\t") + [""] * 5)[:5]
        out[code] = CameoMapping(code, typ, mode, ctx, label)
    return out


def map_cameo(code: str) -> CameoMapping | None:
    """The mapping of a CAMEO code, falling back to its base and root code; None if unknown."""
    table = load_cameo_map()
    code = code.strip()
    if not code.isdigit() or not 2 <= len(code) <= 4:
        return None
    for candidate in (code, code[:3], code[:2]):
        if candidate in table:
            return table[candidate]
    return None


def create_cameo_table(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Create a temporary DuckDB table ``name`` (cameo_code, plover_type, mode, context, label)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} (cameo_code VARCHAR PRIMARY KEY, plover_type VARCHAR, "
        "mode VARCHAR, context VARCHAR, label VARCHAR)"
    )
    params: list[str | None] = []
    for m in load_cameo_map().values():
        params += [m.code, m.plover_type or None, m.mode or None, m.context or None, m.label or None]
    # one statement: executemany pays a round trip per row
    values = ", ".join(["(?, ?, ?, ?, ?)"] * (len(params) // 5))
    con.execute(f"INSERT INTO {name} VALUES {values}", params)
