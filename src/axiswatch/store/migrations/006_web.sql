-- Dashboard accounts: local users with salted scrypt password hashes, and API
-- tokens stored only as their SHA-256 digest (the token itself is shown once).

CREATE TABLE web_users (
    name          VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,       -- scrypt$n$r$p$salt_hex$hash_hex
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    disabled      BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE web_tokens (
    token_hash  VARCHAR PRIMARY KEY,      -- sha256 hex of the token
    user_name   VARCHAR NOT NULL,
    label       VARCHAR,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    last_used   TIMESTAMP
);
