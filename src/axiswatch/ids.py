"""Content-derived identifiers: the same input always gives the same id."""

from __future__ import annotations

import hashlib


def make_id(prefix: str, *parts: object) -> str:
    """Return ``prefix-<16 hex>`` from the parts; None and '' are kept distinct from each other."""
    h = hashlib.sha1(usedforsecurity=False)
    for part in parts:
        token = "\x00" if part is None else str(part)
        h.update(token.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return f"{prefix}-{h.hexdigest()[:16]}"


def content_hash(data: bytes | str) -> str:
    """SHA-256 of the content, hex."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()
