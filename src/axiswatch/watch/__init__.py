"""Watch mode: watched sources, the fetch → ingest → extract → resolve → indicators cycle, alerts, delivery."""

# What a watched source can be (kept here so the CLI can name them without importing ingestion).
KINDS = ("folder", "file", "url", "feed", "page", "gdelt")
