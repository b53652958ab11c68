"""The same jobs on Apache Spark: extraction, the GDELT filter and the AIS track analytics.

    session   the Spark session (local or a cluster) and the "PySpark missing" message
    extract   the local extraction stage inside Spark tasks -> events Parquet
    gdelt     the GDELT connector's filter, checks and CAMEO join as Spark SQL -> gdelt_rows Parquet
    ais       port calls, gaps, dark port calls, shuttles as Spark SQL -> detections Parquet
    schema    the Parquet layouts and the manifest that marks a finished job
    importer  a result folder -> the workspace (``axiswatch import-parquet``)
    submit    the entry script for spark-submit

Nothing here imports PySpark at module level, so axiswatch installs and runs without it.
"""
