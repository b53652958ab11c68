"""One Spark session for the whole test run (local[2], loopback, no UI); Spark tests skip without PySpark/Java."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from axiswatch.scale.session import get_session, spark_missing


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local[2] SparkSession shared by every Spark test, stopped at the end of the run."""
    why = spark_missing()
    if why:
        pytest.skip(f"Spark tests need PySpark and Java: {why}")
    # few partitions: the inputs are tiny, and each task costs tens of milliseconds
    session = get_session("local[2]", conf={"spark.default.parallelism": "2", "spark.sql.shuffle.partitions": "2"})
    yield session
    session.stop()
