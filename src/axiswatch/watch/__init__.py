"""Watch mode: watched sources, the fetch → ingest → extract → resolve → indicators cycle, alerts, delivery."""
