-- Every change a process's caches depend on (choices, account status, erasures, holds, policy
-- activation), written in the transaction that makes it; SQLite has one writer at a time, so seq is
-- commit order (txid stays 0). Times are microseconds since the epoch.
CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    txid        INTEGER NOT NULL DEFAULT 0,
    at          INTEGER NOT NULL,
    node        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject_id  TEXT,
    name        TEXT,
    value       TEXT
);
CREATE INDEX change_log_order ON change_log (txid, seq);

CREATE TABLE job_lease (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    acquired_at INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
