"""The Spark session: created once per process, local or on a cluster, with a clear error without PySpark.

PySpark is an optional extra (``pip install 'axiswatch[spark]'``); nothing outside
``axiswatch.scale`` imports it, so the rest of axiswatch installs and runs without it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from typing import TYPE_CHECKING, Any

from axiswatch.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"
INSTALL_HINT = ("--engine spark needs PySpark and Java 17: pip install 'axiswatch[spark]' "
                "(and e.g. apt-get install default-jre-headless)")


def spark_missing() -> str | None:
    """Why Spark cannot run here (no pyspark, no java), or None when it can."""
    if importlib.util.find_spec("pyspark") is None:
        return "PySpark is not installed"
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        return "no Java runtime (java not on PATH and JAVA_HOME unset)"
    return None


def require_spark() -> None:
    """Raise a UsageError that says how to install Spark support when it is missing."""
    why = spark_missing()
    if why:
        raise UsageError(f"{why}; {INSTALL_HINT}")


def get_session(master: str | None = DEFAULT_MASTER, *, app_name: str = "axiswatch",
                conf: dict[str, Any] | None = None) -> SparkSession:
    """The active Spark session, or a new one on ``master`` with axiswatch's settings.

    ``master=None`` keeps the master spark-submit was given (its gateway is already running),
    and means ``local[*]`` otherwise.
    """
    require_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        # a session is running (a notebook, a test run, spark-submit's): reuse it as it is
        # configured; getOrCreate would overwrite its SQL settings with ours
        return active
    if master is None:
        master = None if os.environ.get("PYSPARK_GATEWAY_PORT") else DEFAULT_MASTER

    # Python workers must run the interpreter that has axiswatch installed; Spark reads this
    # variable when it starts its workers (a cluster sets it in spark-env.sh or spark-submit)
    local = master is not None and master.startswith("local")
    if local:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    settings: dict[str, Any] = {
        # AIS times and GDELT dates are UTC; Spark would otherwise use the driver's zone
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.log.level": "ERROR",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
    }
    if local:
        # a laptop: stay on loopback, few shuffle partitions (the default 200 costs seconds per job)
        settings.update({"spark.driver.bindAddress": "127.0.0.1", "spark.driver.host": "127.0.0.1",
                         "spark.sql.shuffle.partitions": "8"})
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def local_path(uri: str) -> str:
    """A path as the user gave it, from the ``file:`` URI Spark reports for an input file."""
    from urllib.parse import unquote, urlparse

    if uri.startswith("file:"):
        return unquote(urlparse(uri).path)
    return uri
