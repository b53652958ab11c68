"""Exports analysts take elsewhere: tables as CSV/Parquet/JSON, events as POLECAT-style records and
CAMEO-coded rows, the network as GraphML/GEXF, resolved events and actors as FollowTheMoney entities.

The functions here turn records into files; ``axiswatch.api.Workbench`` and the
``axiswatch export`` verbs gather the records from a workspace and call them.
"""

from axiswatch.export.ftm import ftm_entities
from axiswatch.export.plover import ExportCount, cameo_code, cameo_rows, polecat_record, polecat_records
from axiswatch.export.tables import TABLE_FORMATS, flat_frame, records_of, write_jsonl, write_table

__all__ = [
    "TABLE_FORMATS",
    "ExportCount",
    "cameo_code",
    "cameo_rows",
    "flat_frame",
    "ftm_entities",
    "polecat_record",
    "polecat_records",
    "records_of",
    "write_jsonl",
    "write_table",
]
