"""The command line: one verb per stage. Verbs are thin: parse flags, call the library, report.

Each area registers its verbs from its own module (``cli/<area>.py``) so the
verbs stay next to nothing but argument parsing.
"""

from __future__ import annotations

import importlib
import sys

import click

from axiswatch.cli.common import main_group
from axiswatch.errors import AxiswatchError

# Modules that add verbs to the group; each defines ``register(group)``.
_VERB_MODULES = (
    "axiswatch.cli.ingest",
    "axiswatch.cli.extract",
    "axiswatch.cli.events",
    "axiswatch.cli.analysis",
    "axiswatch.cli.report",
    "axiswatch.cli.web",
    "axiswatch.cli.watch",
    "axiswatch.cli.maritime",
    "axiswatch.cli.demo",
    "axiswatch.cli.check",
    "axiswatch.cli.bench",
    "axiswatch.cli.export",
    "axiswatch.cli.scale",
)


def _register_all() -> None:
    for name in _VERB_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # that area has no verbs yet
            raise
        mod.register(main_group)


_register_all()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: runs the group and maps our errors onto exit codes."""
    try:
        main_group.main(args=argv, prog_name="axiswatch", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except AxiswatchError as exc:
        click.echo(f"axiswatch: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        # A database failure (disk full, file too large, I/O error) is reported, not a traceback;
        # what was committed before it stays in the workspace (see `axiswatch check`).
        if type(exc).__module__.split(".")[0] not in ("duckdb", "_duckdb"):
            raise
        click.echo(f"axiswatch: workspace {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    else:
        sys.exit(0)
