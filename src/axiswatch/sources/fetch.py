"""Fetching a URL under rules: http(s) only, bounded size, time and redirects, no private addresses.

Redirects are followed here, hop by hop, so every hop's scheme and resolved
addresses are checked again (a public page must not bounce us to
``http://127.0.0.1/admin``). Bodies are streamed and cut off at the byte
limit, whatever Content-Length claims.

The address check runs twice: once before the request (a clear error, no
connection made) and again at connect time, in the network backend, which
connects to the very address it checked, so a DNS answer that changes in
between (rebinding) cannot slip a private address past the rule.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from axiswatch.errors import FetchError
from axiswatch.settings import FetchLimits

_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class Fetched:
    """A fetched body with where it finally came from."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str | None
    charset: str | None
    data: bytes
    retrieved_at: str
    redirects: list[str] = field(default_factory=list)


def is_url(value: str) -> bool:
    """True for something that looks like a URL rather than a path."""
    return "://" in value[:16]


def _ip_is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified)


def check_url(url: str, allow_private: bool = False) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts that resolve to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"only http and https URLs are fetched, not {parts.scheme or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise FetchError(url, "URL has no host")
    if parts.username or parts.password:
        raise FetchError(url, "URLs with credentials are not fetched")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise FetchError(url, f"bad port: {exc}") from exc
    _public_addresses(url, host, port)


def _resolve(host: str, port: int) -> list[str]:
    """Every address a host name resolves to."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]


def _public_addresses(url: str, host: str, port: int) -> list[str]:
    """The host's addresses, refusing the URL if any of them is not public."""
    try:
        addrs = _resolve(host, port)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"cannot resolve host {host!r}: {exc}") from exc
    for addr in addrs:
        ip = ipaddress.ip_address(addr.split("%", 1)[0])
        if not _ip_is_public(ip):
            raise FetchError(url, f"refused: {host} resolves to non-public address {ip} "
                                  "(use --allow-private to fetch from private networks)")
    return addrs


class _CheckedBackend(httpcore.SyncBackend):
    """Connects only to addresses that pass the rule, checked at the moment of connecting."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        """Resolve, check, and connect to the checked address itself."""
        addrs = _public_addresses(f"//{host}:{port}", host, port)
        return super().connect_tcp(addrs[0].split("%", 1)[0], port, timeout=timeout,
                                   local_address=local_address, socket_options=socket_options)


def _client(limits: FetchLimits) -> httpx.Client:
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    if not limits.allow_private and pool is not None and hasattr(pool, "_network_backend"):
        pool._network_backend = _CheckedBackend()
    return httpx.Client(transport=transport, follow_redirects=False, headers={"User-Agent": limits.user_agent},
                        timeout=httpx.Timeout(limits.timeout_s))


def fetch_url(url: str, limits: FetchLimits, *, client: httpx.Client | None = None) -> Fetched:
    """GET a URL under the limits; raises FetchError naming the URL and the reason."""
    own = client is None
    http = client or _client(limits)
    deadline = time.monotonic() + limits.timeout_s
    current = url
    hops: list[str] = []
    try:
        while True:
            check_url(current, limits.allow_private)
            try:
                with http.stream("GET", current, follow_redirects=False) as resp:
                    if resp.status_code in _REDIRECTS and resp.headers.get("location"):
                        if len(hops) >= limits.max_redirects:
                            raise FetchError(url, f"too many redirects (more than {limits.max_redirects})")
                        hops.append(current)
                        current = urljoin(current, resp.headers["location"])
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(url, f"HTTP {resp.status_code} from {current}")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                        raise FetchError(url, f"too large: {declared} bytes (limit {limits.max_bytes})")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > limits.max_bytes:
                            raise FetchError(url, f"too large: more than {limits.max_bytes} bytes")
                        if time.monotonic() > deadline:
                            raise FetchError(url, f"timed out after {limits.timeout_s:g} s")
                        chunks.append(chunk)
                    ctype = resp.headers.get("content-type")
                    return Fetched(
                        url=url, final_url=current, status=resp.status_code,
                        content_type=ctype.split(";")[0].strip().lower() if ctype else None,
                        charset=resp.charset_encoding, data=b"".join(chunks),
                        retrieved_at=datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
                        redirects=hops,
                    )
            except httpx.TimeoutException as exc:
                raise FetchError(url, f"timed out after {limits.timeout_s:g} s") from exc
            except httpx.HTTPError as exc:
                raise FetchError(url, f"cannot fetch: {exc.__class__.__name__}: {exc}") from exc
    finally:
        if own:
            http.close()
