-- A subject's choices: consent per purpose, communication preferences per channel, opt-outs (sale
-- and sharing, interest-based ads), the limit on sensitive data, restriction and objection flags,
-- and a guardian's consent. Every change is kept in choice_event; choice holds the current value.
CREATE TABLE choice (
    subject_id      TEXT NOT NULL REFERENCES subject (id),
    name            TEXT NOT NULL,
    value           TEXT NOT NULL,
    method          TEXT NOT NULL,
    notice_version  TEXT NOT NULL,
    at              TEXT NOT NULL,
    PRIMARY KEY (subject_id, name)
);

CREATE TABLE choice_event (
    id              INTEGER PRIMARY KEY,
    subject_id      TEXT NOT NULL REFERENCES subject (id),
    name            TEXT NOT NULL,
    value           TEXT NOT NULL,
    method          TEXT NOT NULL,
    notice_version  TEXT NOT NULL,
    at              TEXT NOT NULL,
    applied         BOOLEAN NOT NULL
);
CREATE INDEX choice_event_by_subject ON choice_event (subject_id, id);
