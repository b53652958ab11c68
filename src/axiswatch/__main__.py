"""``python -m axiswatch``."""

from axiswatch.cli import main

main()
