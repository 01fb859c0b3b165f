-- API keys for operators and applications. Only a SHA-256 digest of each key is stored; the key
-- itself is shown once, when it is created.
CREATE TABLE api_key (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'agent', 'service')),
    digest      TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
