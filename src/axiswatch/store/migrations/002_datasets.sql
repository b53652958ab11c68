-- Event-dataset tables: the GDELT rows and mentions kept after the actor filter
-- (events are derived from them, so collapsing duplicates stays idempotent
-- across files), and UN General Assembly roll calls and votes.

-- One GDELT events row (1.0 or 2.0). Geo country codes are FIPS 10-4 (RS, KN),
-- actor country codes CAMEO/ISO-3 (RUS, PRK): the column names say which.
CREATE TABLE gdelt_rows (
    global_event_id  BIGINT PRIMARY KEY,
    event_id         VARCHAR NOT NULL,   -- the collapsed event this row belongs to
    signature        VARCHAR NOT NULL,   -- date|actor1|actor2|code|geo country|geo adm1
    gdelt_version    VARCHAR NOT NULL,   -- 1.0 | 2.0
    file             VARCHAR NOT NULL,
    sql_date         DATE NOT NULL,
    date_added       VARCHAR,
    source           VARCHAR NOT NULL,   -- Actor1CountryCode, else Actor1Code
    target           VARCHAR NOT NULL,
    actor1_code      VARCHAR,
    actor1_name      VARCHAR,
    actor2_code      VARCHAR,
    actor2_name      VARCHAR,
    is_root_event    BOOLEAN,
    event_code       VARCHAR NOT NULL,
    event_base_code  VARCHAR,
    event_root_code  VARCHAR,
    cameo_label      VARCHAR,
    plover_type      VARCHAR NOT NULL,
    plover_mode      VARCHAR,
    plover_context   VARCHAR,
    quad_class       INTEGER,
    goldstein        DOUBLE,
    num_mentions     INTEGER,
    num_sources      INTEGER,
    num_articles     INTEGER,
    avg_tone         DOUBLE,
    action_geo_type  INTEGER,
    action_geo_name  VARCHAR,
    action_geo_fips  VARCHAR,            -- FIPS 10-4, not ISO
    action_geo_adm1  VARCHAR,
    action_geo_lat   DOUBLE,
    action_geo_lon   DOUBLE,
    source_url       VARCHAR,
    translingual     BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX gdelt_rows_event ON gdelt_rows(event_id);

-- One GDELT 2.0 mention (article) of a stored events row: the evidence offsets.
CREATE TABLE gdelt_mentions (
    global_event_id    BIGINT NOT NULL,
    mention_identifier VARCHAR NOT NULL,   -- URL or citation
    sentence_id        INTEGER NOT NULL,
    event_time         VARCHAR,
    mention_time       VARCHAR,
    mention_type       INTEGER,
    source_name        VARCHAR,
    actor1_offset      INTEGER,
    actor2_offset      INTEGER,
    action_offset      INTEGER,
    in_raw_text        BOOLEAN,
    confidence         INTEGER,
    doc_len            INTEGER,
    doc_tone           DOUBLE,
    translation_info   VARCHAR,
    file               VARCHAR NOT NULL,
    PRIMARY KEY (global_event_id, mention_identifier, sentence_id)
);

-- A UN General Assembly roll call.
CREATE TABLE un_roll_calls (
    rcid           INTEGER PRIMARY KEY,
    session        INTEGER,
    date           DATE,
    year           INTEGER,              -- from date, else session + 1945
    unres          VARCHAR,
    important_vote BOOLEAN,
    short          VARCHAR,
    descr          VARCHAR,
    issues         VARCHAR[],            -- me, nu, di, hr, co, ec
    dataset        VARCHAR,
    file           VARCHAR
);

-- One state's vote on one roll call. state is ISO-3 where known (RUS, PRK), else COW:<ccode>.
CREATE TABLE un_votes (
    rcid    INTEGER NOT NULL,
    state   VARCHAR NOT NULL,
    country VARCHAR,
    vote    VARCHAR NOT NULL,            -- yes | no | abstain | absent | nonmember
    session INTEGER,
    dataset VARCHAR NOT NULL,            -- unvotes | voeten
    file    VARCHAR NOT NULL,
    PRIMARY KEY (rcid, state)
);
CREATE INDEX un_votes_state ON un_votes(state);
