-- Maritime and sanctions monitoring: AIS positions and static reports, the
-- detections made from them, loaded sanctions lists and screening matches.
-- Positions carry no primary key on purpose: an ART index over tens of
-- millions of rows costs more memory than the anti-join used to deduplicate.

CREATE TABLE ais_positions (
    mmsi       BIGINT NOT NULL,
    t          TIMESTAMP NOT NULL,       -- UTC
    lat        DOUBLE NOT NULL,
    lon        DOUBLE NOT NULL,
    sog        DOUBLE,                   -- knots; NULL when not available
    cog        DOUBLE,                   -- degrees; NULL when not available
    heading    DOUBLE,
    nav_status INTEGER,
    msg_type   INTEGER,
    origin     VARCHAR,                  -- file it came from
    station    VARCHAR                   -- receiver / tag-block source, for provenance
);

-- Static and voyage reports (type 5/24, or the static columns of a CSV row),
-- kept only when something changed, so identity history can be read back.
CREATE TABLE ais_static (
    mmsi        BIGINT NOT NULL,
    t           TIMESTAMP,               -- NULL when the message carried no time
    imo         BIGINT,
    name        VARCHAR,
    call_sign   VARCHAR,
    ship_type   INTEGER,
    draught     DOUBLE,                  -- metres
    length      DOUBLE,
    width       DOUBLE,
    destination VARCHAR,
    origin      VARCHAR
);

-- Everything the track analytics found. Rebuilt as a whole by each detection
-- run; ids come from content, so a rerun on the same positions gives the same rows.
CREATE TABLE maritime_detections (
    detection_id VARCHAR PRIMARY KEY,
    kind         VARCHAR NOT NULL,       -- port_call | gap | dark_port_call | encounter | loitering | shuttle
    mmsi         BIGINT NOT NULL,
    other_mmsi   BIGINT,                 -- encounters
    place_id     VARCHAR,
    other_place  VARCHAR,                -- shuttles, gaps ending near another place
    start_t      TIMESTAMP,
    end_t        TIMESTAMP,
    hours        DOUBLE,
    lat          DOUBLE,
    lon          DOUBLE,
    details      JSON,                   -- kind-specific figures (draught, distance, speed ...)
    evidence     JSON,                   -- the positions it rests on
    params       JSON                    -- the thresholds used
);
CREATE INDEX maritime_detections_kind ON maritime_detections(kind);

CREATE TABLE sanction_entries (
    entry_id      VARCHAR PRIMARY KEY,   -- made from list + list_entry_id
    list          VARCHAR NOT NULL,      -- un_sc | ofac_sdn | ofac_cons | ftm:<dataset>
    list_entry_id VARCHAR NOT NULL,
    schema        VARCHAR NOT NULL,      -- person | organization | vessel
    name          VARCHAR NOT NULL,
    imo           BIGINT,
    mmsi          BIGINT,
    call_sign     VARCHAR,
    flag          VARCHAR,
    country       VARCHAR,               -- designee state (ISO alpha-3) when known
    programs      VARCHAR[],
    authority     VARCHAR,               -- designating body actor code (UNSC, USA, EU ...)
    designated_on DATE,
    is_target     BOOLEAN NOT NULL DEFAULT true,
    remarks       VARCHAR,
    origin        VARCHAR
);

CREATE TABLE sanction_aliases (
    entry_id VARCHAR NOT NULL,
    alias    VARCHAR NOT NULL,
    PRIMARY KEY (entry_id, alias)
);

CREATE TABLE sanction_matches (
    match_id     VARCHAR PRIMARY KEY,
    entry_id     VARCHAR NOT NULL,
    subject_kind VARCHAR NOT NULL,       -- vessel | actor | event
    subject_id   VARCHAR NOT NULL,       -- mmsi, actor/member name, event id
    subject_name VARCHAR,
    method       VARCHAR NOT NULL,       -- imo | mmsi | name
    matched_name VARCHAR,
    score        DOUBLE NOT NULL
);

CREATE TABLE sanction_suppressions (
    entry_id   VARCHAR NOT NULL,
    subject_id VARCHAR NOT NULL DEFAULT '*',   -- '*' suppresses the entry for every subject
    reason     VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (entry_id, subject_id)
);
