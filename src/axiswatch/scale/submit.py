"""Entry script for spark-submit: ``spark-submit [options] submit.py extract|gdelt|ais ARGS``.

It runs ``axiswatch spark ARGS`` inside the driver spark-submit started, so the
master, executors and shipped packages are the ones given to spark-submit.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Run an ``axiswatch spark`` verb with the arguments spark-submit passes on."""
    from axiswatch.cli import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    # global options (--profile, --workspace) come first, as on the command line
    split = next((i for i, a in enumerate(args) if a in ("extract", "gdelt", "ais")), len(args))
    cli_main([*args[:split], "spark", *args[split:]])


if __name__ == "__main__":
    main()
