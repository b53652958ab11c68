-- Core tables: documents and their publishers, ingest runs, quarantined input,
-- events with their evidence, and the extraction log. Later migrations add
-- dataset, maritime, analysis and watch tables; never edit an applied file.

CREATE TABLE publishers (
    publisher_id VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    domain       VARCHAR,
    grade        VARCHAR NOT NULL DEFAULT 'F',   -- NATO/Admiralty source reliability A..F
    grade_note   VARCHAR
);

CREATE TABLE ingest_runs (
    run_id      VARCHAR PRIMARY KEY,
    command     VARCHAR,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL DEFAULT 'running',  -- running | ok | partial | failed
    inputs      INTEGER DEFAULT 0,
    added       INTEGER DEFAULT 0,
    unchanged   INTEGER DEFAULT 0,
    failed      INTEGER DEFAULT 0,
    summary     JSON
);

CREATE TABLE documents (
    document_id    VARCHAR PRIMARY KEY,
    content_hash   VARCHAR NOT NULL,
    title          VARCHAR,
    text           VARCHAR NOT NULL,
    published      VARCHAR,              -- YYYY-MM-DD / YYYY-MM / YYYY, NULL when unknown
    published_from VARCHAR NOT NULL DEFAULT 'unknown',
    origin         VARCHAR,              -- path or URL
    url            VARCHAR,              -- canonical URL
    publisher_id   VARCHAR,
    author         VARCHAR,
    language       VARCHAR,
    kind           VARCHAR NOT NULL,
    retrieved_at   TIMESTAMP,
    version_of     VARCHAR,              -- previous version of the same origin
    duplicate_of   VARCHAR,              -- near-duplicate (syndicated copy) of this document
    run_id         VARCHAR,
    meta           JSON
);
CREATE INDEX documents_origin ON documents(origin);
CREATE INDEX documents_hash ON documents(content_hash);

CREATE TABLE quarantine (
    run_id     VARCHAR,
    origin     VARCHAR NOT NULL,   -- file, URL or dataset
    location   VARCHAR,            -- line, row or field
    reason     VARCHAR NOT NULL,
    sample     VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE events (
    event_id          VARCHAR PRIMARY KEY,
    origin_kind       VARCHAR NOT NULL,   -- text | gdelt | acled | polecat | unvotes | ais | sanctions
    document_id       VARCHAR,            -- text events
    origin            JSON,               -- dataset, file, row key ...
    event_type        VARCHAR NOT NULL,
    mode              VARCHAR,
    source            VARCHAR NOT NULL,
    target            VARCHAR NOT NULL,
    source_name       VARCHAR,
    target_name       VARCHAR,
    commodity         VARCHAR,
    date              VARCHAR,            -- as precise as the source allows
    date_start        DATE,               -- first day the date covers, for ordering and filters
    quantity_value    DOUBLE,
    quantity_unit     VARCHAR,
    certainty         VARCHAR NOT NULL,
    confidence        DOUBLE NOT NULL,
    extractor_version VARCHAR,
    superseded        BOOLEAN NOT NULL DEFAULT false,
    attrs             JSON,
    created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_dyad ON events(source, target);
CREATE INDEX events_doc ON events(document_id);

CREATE TABLE evidence (
    event_id    VARCHAR NOT NULL,
    seq         INTEGER NOT NULL,
    document_id VARCHAR,
    text        VARCHAR NOT NULL,
    start_char  INTEGER,
    end_char    INTEGER,
    PRIMARY KEY (event_id, seq)
);

-- Which document was coded by which extractor version, and how it ended.
CREATE TABLE extractions (
    document_id       VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    coded_at          TIMESTAMP NOT NULL,
    status            VARCHAR NOT NULL,   -- ok | skipped | failed
    reason            VARCHAR,
    events            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document_id, extractor_version)
);

-- Workspace settings (key/value JSON), e.g. watched sources, the active profile.
CREATE TABLE settings (
    key   VARCHAR PRIMARY KEY,
    value JSON
);
