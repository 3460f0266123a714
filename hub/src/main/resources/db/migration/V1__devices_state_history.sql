-- Portable between SQLite and PostgreSQL: times are epoch milliseconds, JSON values are text.

CREATE TABLE devices (
    id            VARCHAR(64)  PRIMARY KEY,
    type          VARCHAR(100),
    password_hash VARCHAR(200) NOT NULL,
    enabled       BOOLEAN      NOT NULL,
    created_at    BIGINT       NOT NULL
);

-- Bumped on every change to devices, so a running hub sees what the CLI changed.
CREATE TABLE registry_version (
    id      INTEGER PRIMARY KEY,
    version BIGINT  NOT NULL
);
INSERT INTO registry_version (id, version) VALUES (1, 0);

CREATE TABLE device_status (
    device_id    VARCHAR(64) PRIMARY KEY,
    availability VARCHAR(16) NOT NULL,
    last_seen    BIGINT,
    meta         TEXT
);

CREATE TABLE device_state (
    device_id  VARCHAR(64)  NOT NULL,
    attribute  VARCHAR(200) NOT NULL,
    value      TEXT         NOT NULL,
    updated_at BIGINT       NOT NULL,
    PRIMARY KEY (device_id, attribute)
);

-- Every reported value and telemetry measurement; num_value is set for numbers (plots, buckets).
CREATE TABLE history (
    device_id VARCHAR(64)  NOT NULL,
    attribute VARCHAR(200) NOT NULL,
    ts        BIGINT       NOT NULL,
    num_value DOUBLE PRECISION,
    value     TEXT         NOT NULL
);
CREATE INDEX history_by_attribute ON history (device_id, attribute, ts);
CREATE INDEX history_by_time ON history (ts);
