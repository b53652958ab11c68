-- Watch mode: the sources kept under watch with their polling state and
-- health, the files seen in watched folders, one row per watch cycle, what the
-- alert producers have already seen (so a change alerts once), and the
-- delivery of each alert to each channel (an outbox: rows are written in the
-- same transaction as the alert, then sent, so a killed watcher resends
-- what it had not confirmed and loses nothing). Alerts themselves go into the
-- `alerts` table of migration 003.

CREATE TABLE watch_sources (
    source_id            VARCHAR PRIMARY KEY,      -- from kind + location
    kind                 VARCHAR NOT NULL,         -- folder | feed | page | gdelt
    location             VARCHAR NOT NULL,         -- absolute folder path or URL
    interval_s           INTEGER NOT NULL,
    ingest_kind          VARCHAR NOT NULL DEFAULT 'auto',   -- passed to ingest as --kind
    allow_private        BOOLEAN NOT NULL DEFAULT false,
    enabled              BOOLEAN NOT NULL DEFAULT true,
    added_at             TIMESTAMP NOT NULL DEFAULT current_timestamp,
    etag                 VARCHAR,                  -- conditional request state (URLs)
    last_modified        VARCHAR,
    body_sha256          VARCHAR,                  -- last body seen, for servers that ignore conditions
    last_checked_at      TIMESTAMP,
    last_success_at      TIMESTAMP,
    last_change_at       TIMESTAMP,                -- last check that brought something new
    last_error           VARCHAR,
    last_error_at        TIMESTAMP,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_due_at          TIMESTAMP,                -- interval, or backoff after failures
    checks               INTEGER NOT NULL DEFAULT 0,
    documents_added      INTEGER NOT NULL DEFAULT 0
);

-- Files of a watched folder as last ingested: a file is new or changed when
-- its size or modification time differ.
CREATE TABLE watch_files (
    source_id VARCHAR NOT NULL,
    path      VARCHAR NOT NULL,
    size      BIGINT NOT NULL,
    mtime_ns  BIGINT NOT NULL,
    seen_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (source_id, path)
);

CREATE TABLE watch_runs (
    run_id      VARCHAR PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL DEFAULT 'running',   -- running | ok | partial | failed | interrupted
    stage       VARCHAR,                              -- last stage reached
    sources     INTEGER NOT NULL DEFAULT 0,
    documents   INTEGER NOT NULL DEFAULT 0,
    events      INTEGER NOT NULL DEFAULT 0,
    alerts      INTEGER NOT NULL DEFAULT 0,
    summary     JSON
);

-- What the watch alert producers have seen: ledger flows, change points,
-- sanctions, spikes. The first cycle records without alerting (the baseline).
CREATE TABLE watch_seen (
    kind       VARCHAR NOT NULL,
    key        VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (kind, key)
);

CREATE TABLE alert_deliveries (
    alert_id        VARCHAR NOT NULL,      -- an alert, or a digest id
    channel_id      VARCHAR NOT NULL,
    status          VARCHAR NOT NULL DEFAULT 'pending',   -- pending | sent | failed (gave up)
    attempts        INTEGER NOT NULL DEFAULT 0,
    digest_id       VARCHAR,               -- set when a digest channel groups alerts into one message
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    next_attempt_at TIMESTAMP,
    delivered_at    TIMESTAMP,
    last_error      VARCHAR,
    PRIMARY KEY (alert_id, channel_id)
);
