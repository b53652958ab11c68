-- Analysis tables: resolved (corroborated) events and the mentions behind them,
-- report/denial pairs, indicator status history and the alerts raised.
-- Resolved tables are derived: `axiswatch resolve` rebuilds them from `events`
-- with content-derived ids, so re-running gives the same rows. They carry no
-- primary key or index on purpose: ids are unique by construction (one GROUP
-- BY), and DuckDB's ART indexes make deleting and re-inserting a million keys in
-- one transaction take minutes instead of seconds; analytic scans need none.

CREATE TABLE resolved_events (
    resolved_id         VARCHAR NOT NULL,      -- from the cluster's key (type, dyad, commodity, anchor date, unit, quantity)
    event_type          VARCHAR NOT NULL,
    mode                VARCHAR,
    source              VARCHAR NOT NULL,
    target              VARCHAR NOT NULL,
    commodity           VARCHAR,
    date                VARCHAR,               -- anchor date as precise as the mentions allow
    precision           VARCHAR NOT NULL,      -- day | month | year | none
    date_first          DATE,                  -- earliest mention date
    date_last           DATE,                  -- latest mention date
    quantity_low        DOUBLE,                -- reported range over the mentions (normalised unit)
    quantity_high       DOUBLE,
    quantity_unit       VARCHAR,
    certainty           VARCHAR NOT NULL,      -- strongest certainty among the mentions
    mentions            INTEGER NOT NULL,
    documents           INTEGER NOT NULL,
    independent_sources INTEGER NOT NULL,      -- syndicated copies and near-duplicates count once
    best_grade          VARCHAR NOT NULL,      -- A (best) .. F
    origin_kinds        VARCHAR[],
    confidence          DOUBLE NOT NULL,
    estimative          VARCHAR NOT NULL,
    contested           BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE resolved_members (
    event_id    VARCHAR NOT NULL,              -- a mention belongs to exactly one resolved event
    resolved_id VARCHAR NOT NULL
);

-- A report and its denial, kept side by side (neither changes the other's confidence).
CREATE TABLE resolved_contradictions (
    resolved_id VARCHAR NOT NULL,              -- the reported event
    denial_id   VARCHAR NOT NULL               -- the REJECT event that denies it
);

-- One row each time an indicator's status changes (and on its first evaluation).
CREATE TABLE indicator_status (
    indicator    VARCHAR NOT NULL,
    evaluated_at TIMESTAMP NOT NULL,
    as_of        DATE,
    status       VARCHAR NOT NULL,             -- not observed | observed | escalating
    previous     VARCHAR,
    trend        VARCHAR,                      -- rising | falling | steady | none
    events       INTEGER NOT NULL DEFAULT 0,
    last_event   VARCHAR,                      -- resolved_id of the latest matching event
    details      JSON,
    PRIMARY KEY (indicator, evaluated_at)
);

-- Alerts from any producer (indicator changes now, watch jobs later).
CREATE TABLE alerts (
    alert_id        VARCHAR PRIMARY KEY,       -- content-derived: the same change raises one alert
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    kind            VARCHAR NOT NULL,          -- indicator | watch | ...
    severity        VARCHAR NOT NULL,          -- low | medium | high
    summary         VARCHAR NOT NULL,
    indicator       VARCHAR,
    evidence        JSON,                      -- resolved ids, event ids, sentences behind the alert
    acknowledged    BOOLEAN NOT NULL DEFAULT false,
    acknowledged_at TIMESTAMP
);
