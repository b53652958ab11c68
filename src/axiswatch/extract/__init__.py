"""Text -> events: actors, event type, direction, flow, dates, quantities, certainty, evidence."""

from axiswatch.extract.engine import Extractor, extract_document
from axiswatch.extract.run import (
    ExtractSummary,
    extract_jsonl,
    extract_text,
    extract_workspace,
    iter_extract,
)

EXTRACTOR_VERSION = Extractor.version

__all__ = [
    "EXTRACTOR_VERSION",
    "ExtractSummary",
    "Extractor",
    "extract_document",
    "extract_jsonl",
    "extract_text",
    "extract_workspace",
    "iter_extract",
]
