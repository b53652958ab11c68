"""The exception tree of axiswatch.

    AxiswatchError                 root; the CLI turns it into a message and exit code
    ├── UsageError                 bad options or arguments (exit 2)
    ├── InputError                 a file, row, URL or field that cannot be used (exit 1)
    │   └── FetchError             a URL that could not be fetched or was refused
    ├── WorkspaceInUse             another process holds the workspace for writing (exit 3)
    ├── WorkspaceError             the workspace file is unusable (corrupt, read-only, newer schema)
    ├── ProfileError               a watch profile that does not validate
    └── NotFound                   a document, event or object that does not exist

Third-party errors are translated at the boundary with ``raise ... from exc``.
"""

from __future__ import annotations


class AxiswatchError(Exception):
    """Root of every error axiswatch raises on purpose."""

    exit_code = 1
    http_status = 500


class UsageError(AxiswatchError):
    """The caller asked for something that makes no sense."""

    exit_code = 2
    http_status = 400


class InputError(AxiswatchError):
    """An input (file, row, URL, field) that cannot be processed; names where and why."""

    exit_code = 1
    http_status = 422

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class FetchError(InputError):
    """A URL that could not be fetched, or that the fetch rules refuse."""


class WorkspaceInUse(AxiswatchError):
    """Another process owns the workspace for writing."""

    exit_code = 3
    http_status = 409


class WorkspaceError(AxiswatchError):
    """The workspace cannot be opened or written."""

    exit_code = 1
    http_status = 500


class ProfileError(AxiswatchError):
    """A watch profile failed validation."""

    exit_code = 2
    http_status = 500


class NotFound(AxiswatchError):
    """The object asked for does not exist."""

    exit_code = 1
    http_status = 404
