from __future__ import annotations

import ipaddress

import pytest
from sourcehelpers import endless_route, slow_route

from axiswatch.errors import FetchError
from axiswatch.settings import FetchLimits
from axiswatch.sources import fetch as fetch_mod
from axiswatch.sources.fetch import check_url, fetch_url, is_url

LOCAL = FetchLimits(allow_private=True, timeout_s=5.0)


def test_fetch_page_from_local_server(server):
    server.routes["/a"] = (200, {"Content-Type": "text/html; charset=utf-8"}, b"<html>hi</html>")
    got = fetch_url(server.url("/a"), LOCAL)
    assert got.data == b"<html>hi</html>"
    assert got.content_type == "text/html"
    assert got.charset == "utf-8"
    assert got.final_url == server.url("/a")


def test_loopback_refused_without_allow_private(server):
    server.routes["/a"] = (200, {}, b"secret")
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        fetch_url(server.url("/a"), FetchLimits())
    assert server.hits == []  # refused before connecting


def test_redirects_are_followed_and_rechecked(server):
    server.routes["/old"] = (301, {"Location": "/new"}, b"")
    server.routes["/new"] = (200, {"Content-Type": "text/plain"}, b"moved here")
    got = fetch_url(server.url("/old"), LOCAL)
    assert got.data == b"moved here"
    assert got.redirects == [server.url("/old")]
    assert got.final_url == server.url("/new")


def test_redirect_to_private_address_is_refused(server, monkeypatch):
    # Treat the test server's loopback address as public, so only the redirect target is private:
    # the hop to the cloud metadata address must be refused before any connection is tried.
    real = fetch_mod._ip_is_public
    monkeypatch.setattr(fetch_mod, "_ip_is_public",
                        lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip))
    server.routes["/go"] = (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")
    with pytest.raises(FetchError, match="non-public address 169.254.169.254"):
        fetch_url(server.url("/go"), FetchLimits(timeout_s=5.0))
    server.routes["/go10"] = (302, {"Location": "http://10.1.2.3:8080/admin"}, b"")
    with pytest.raises(FetchError, match="10.1.2.3"):
        fetch_url(server.url("/go10"), FetchLimits(timeout_s=5.0))


def test_redirect_to_other_scheme_is_refused(server):
    server.routes["/f"] = (302, {"Location": "file:///etc/passwd"}, b"")
    with pytest.raises(FetchError, match="only http and https"):
        fetch_url(server.url("/f"), LOCAL)


def test_too_many_redirects(server):
    for i in range(10):
        server.routes[f"/r{i}"] = (302, {"Location": f"/r{i + 1}"}, b"")
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_url(server.url("/r0"), FetchLimits(allow_private=True, max_redirects=3))
    assert len(server.hits) == 4


def test_byte_limit_with_and_without_content_length(server):
    server.routes["/big"] = (200, {}, b"y" * 5000)
    with pytest.raises(FetchError, match="too large: 5000 bytes"):
        fetch_url(server.url("/big"), FetchLimits(allow_private=True, max_bytes=1000))
    server.routes["/stream"] = endless_route()
    with pytest.raises(FetchError, match="more than 10000 bytes"):
        fetch_url(server.url("/stream"), FetchLimits(allow_private=True, max_bytes=10_000))


def test_timeout(server):
    server.routes["/slow"] = slow_route(2.0)
    with pytest.raises(FetchError, match="timed out after 0.3 s"):
        fetch_url(server.url("/slow"), FetchLimits(allow_private=True, timeout_s=0.3))


def test_http_error_status(server):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(server.url("/missing"), LOCAL)


@pytest.mark.parametrize(("url", "reason"), [
    ("ftp://example.org/x", "only http and https"),
    ("http://user:pw@example.org/", "credentials"),
    ("http:///nohost", "no host"),
    ("http://[::1]/", "non-public address ::1"),
    ("http://0.0.0.0/", "non-public address 0.0.0.0"),
])
def test_check_url_refusals(url, reason):
    with pytest.raises(FetchError, match=reason):
        check_url(url)


def test_is_url():
    assert is_url("https://x.org/a") and not is_url("/tmp/a.html") and not is_url("notes.txt")


def test_dns_rebinding_is_caught_at_connect_time(server, monkeypatch):
    # The name resolves to a public address when checked, then to loopback when connecting.
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    monkeypatch.setattr(fetch_mod, "_resolve", lambda host, port: next(answers))
    server.routes["/x"] = (200, {}, b"internal")
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        fetch_url(f"http://rebind.example:{server.port}/x", FetchLimits(timeout_s=5.0))
    assert server.hits == []


def test_connect_goes_to_the_checked_address(server, monkeypatch):
    # Treat loopback as public: the backend connects to the address it resolved and checked.
    monkeypatch.setattr(fetch_mod, "_ip_is_public", lambda ip: True)
    monkeypatch.setattr(fetch_mod, "_resolve", lambda host, port: ["127.0.0.1"])
    server.routes["/x"] = (200, {}, b"through the checked address")
    got = fetch_url(f"http://some-name.example:{server.port}/x", FetchLimits(timeout_s=5.0))
    assert got.data == b"through the checked address"
