"""The CLI starts fast: heavy libraries load only when a verb that needs them runs."""

from __future__ import annotations

import subprocess
import sys


def test_cli_start_does_not_import_heavy_libraries():
    code = ("import sys, axiswatch.cli; heavy = [m for m in ('pandas', 'datasketch', 'weasyprint', 'fastapi', "
            "'pyspark', 'scipy') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_export_format_lists_match_the_library():
    from axiswatch.api import EVENT_EXPORT_FORMATS
    from axiswatch.cli import export
    from axiswatch.export.tables import TABLE_FORMATS

    assert export.EVENT_EXPORT_FORMATS == EVENT_EXPORT_FORMATS
    assert export.TABLE_FORMATS == TABLE_FORMATS
