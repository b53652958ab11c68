"""Benchmarks: each module exposes ``run(settings, **opts) -> dict`` and is an ``axiswatch bench`` subcommand."""
