-- Policy versions put in force, with their full text, so that data collected under an earlier
-- version can still be decided under its terms; and the notices of a material change sent to each
-- affected subject, with the choice they made.
CREATE TABLE policy_version (
    version       TEXT PRIMARY KEY,
    policy_id     TEXT NOT NULL,
    source        TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    activated_at  TEXT NOT NULL,
    previous      TEXT,
    material      BOOLEAN NOT NULL
);

CREATE TABLE policy_notice (
    subject_id        TEXT NOT NULL REFERENCES subject (id),
    version           TEXT NOT NULL REFERENCES policy_version (version),
    previous_version  TEXT NOT NULL,
    notified_at       TEXT NOT NULL,
    choice            TEXT,
    chosen_at         TEXT,
    PRIMARY KEY (subject_id, version)
);
