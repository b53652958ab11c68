"""JSON for everything the product prints or serves: dates, decimals, paths, sets and numpy scalars."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any


def to_jsonable(v: Any) -> Any:
    """The ``default`` hook of ``json.dumps`` for the types our records carry."""
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, Path):
        return str(v)
    if isinstance(v, set | frozenset | tuple):
        return list(v)
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


def dumps(obj: Any, indent: int | None = None) -> str:
    """JSON text, non-ASCII kept, with our types handled."""
    return json.dumps(obj, default=to_jsonable, ensure_ascii=False, indent=indent)
