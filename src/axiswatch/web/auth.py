"""Accounts, API tokens, signed session cookies, CSRF tokens and the login rate limit.

Passwords are stored as salted scrypt hashes, tokens only as their SHA-256
digest, so a copied workspace file gives neither away. Sessions are stateless:
the cookie carries ``user|expiry|nonce`` signed with an HMAC key kept in the
workspace settings (created on first use), so a restart keeps people logged in
and nothing session-shaped needs a table. The CSRF token of a session is an
HMAC of its nonce: forms carry it in a hidden field, scripts in ``X-CSRF-Token``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from axiswatch.errors import NotFound, UsageError
from axiswatch.store.workspace import Workspace

SECRET_KEY = "web_session_secret"  # noqa: S105 - the settings key, not a secret
SESSION_COOKIE = "axiswatch_session"
SESSION_SECONDS = 12 * 3600
_NAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
# scrypt cost: n=2**14, r=8 uses 16 MiB and ~50 ms, slow enough to blunt guessing
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def hash_password(password: str, salt: bytes | None = None) -> str:
    """Salted scrypt hash in the form ``scrypt$n$r$p$salt$hash``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P,
                            dklen=32)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the stored hash (constant-time comparison)."""
    try:
        algo, n, r, p, salt, want = stored.split("$")
        if algo != "scrypt":
            return False
        got = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(bytes.fromhex(want)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), want)


def _check_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise UsageError(f"user name {name!r}: use 1-64 letters, digits, '_', '.', '@' or '-'")
    return name


def add_user(ws: Workspace, name: str, password: str) -> None:
    """Create a user, or set a new password for an existing one."""
    _check_name(name)
    if len(password) < 8:
        raise UsageError("password: at least 8 characters")
    ws.execute("INSERT OR REPLACE INTO web_users (name, password_hash) VALUES (?, ?)",
               [name, hash_password(password)])


def list_users(ws: Workspace) -> list[dict[str, object]]:
    """Users with their token counts (never the hashes)."""
    return ws.records("SELECT u.name, u.created_at, u.disabled, count(t.token_hash) AS tokens FROM web_users u "
                      "LEFT JOIN web_tokens t ON t.user_name = u.name GROUP BY ALL ORDER BY u.name")


def create_token(ws: Workspace, name: str, label: str | None = None) -> str:
    """A new API token for an existing user; only its digest is stored, so show it once."""
    if not ws.fetchone("SELECT 1 FROM web_users WHERE name = ?", [name]):
        raise NotFound(f"no user {name!r}; add it first with 'axiswatch users add {name}'")
    token = "aw_" + secrets.token_urlsafe(32)
    ws.execute("INSERT INTO web_tokens (token_hash, user_name, label) VALUES (?, ?, ?)",
               [_token_digest(token), name, label])
    return token


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_login(ws: Workspace, name: str, password: str) -> bool:
    """True when the user exists, is enabled and the password matches."""
    row = ws.fetchone("SELECT password_hash FROM web_users WHERE name = ? AND NOT disabled", [name])
    if not row:
        # spend the same time as a real check, so timing does not reveal which names exist
        verify_password(password, hash_password("x", b"0" * 16))
        return False
    return verify_password(password, row[0])


def user_for_token(ws: Workspace, token: str) -> str | None:
    """The user an API token belongs to, or None."""
    if not token or len(token) > 200:
        return None
    row = ws.fetchone("SELECT t.user_name FROM web_tokens t JOIN web_users u ON u.name = t.user_name "
                      "WHERE t.token_hash = ? AND NOT u.disabled", [_token_digest(token)])
    return str(row[0]) if row else None


def session_secret(ws: Workspace) -> bytes:
    """The workspace's HMAC key for sessions, created on first use."""
    value = ws.get_setting(SECRET_KEY)
    if not value:
        value = secrets.token_hex(32)
        ws.set_setting(SECRET_KEY, value)
    return bytes.fromhex(str(value))


@dataclass(frozen=True)
class Session:
    """A logged-in browser: who, until when, and the nonce its CSRF token derives from."""

    user: str
    expires: int
    nonce: str


def _sign(secret: bytes, payload: str) -> str:
    return hmac.new(secret, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def make_session_cookie(secret: bytes, user: str, now: float | None = None) -> str:
    """A signed cookie value for ``user``, valid for SESSION_SECONDS."""
    expires = int((now or time.time()) + SESSION_SECONDS)
    payload = f"{user}|{expires}|{secrets.token_hex(8)}"
    return f"{payload}|{_sign(secret, payload)}"


def read_session_cookie(secret: bytes, value: str | None, now: float | None = None) -> Session | None:
    """The session a cookie carries, or None when it is missing, forged or expired."""
    if not value or len(value) > 300:
        return None
    parts = value.split("|")
    if len(parts) != 4:
        return None
    user, expires, nonce, sig = parts
    if not hmac.compare_digest(_sign(secret, f"{user}|{expires}|{nonce}"), sig):
        return None
    if not expires.isdigit() or int(expires) < (now or time.time()):
        return None
    return Session(user, int(expires), nonce)


def csrf_token(secret: bytes, session: Session | None) -> str:
    """The CSRF token for a session ('' without one)."""
    return _sign(secret, "csrf|" + session.nonce) if session else ""


class LoginLimiter:
    """At most ``attempts`` failed logins per client address and per user name in ``window`` seconds."""

    def __init__(self, attempts: int = 5, window: float = 300.0) -> None:
        self.attempts = attempts
        self.window = window
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] < now - self.window:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> bool:
        """True when any key has used up its failed attempts."""
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.attempts for k in keys)

    def failed(self, *keys: str) -> None:
        """Count one failed attempt against each key."""
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)
            if len(self._fails) > 10_000:  # bound memory under a spray of names
                self._fails = {k: q for k, q in self._fails.items() if q}
