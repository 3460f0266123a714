-- Rule run traces (the rules engine's TraceStore), kept as JSON with the columns they are found by.
CREATE TABLE rule_traces (
    run_id  VARCHAR(64)  PRIMARY KEY,
    rule_id VARCHAR(64)  NOT NULL,
    started BIGINT       NOT NULL,
    devices TEXT         NOT NULL, -- ",bed-1,coffee-1," so that LIKE '%,bed-1,%' finds a device
    body    TEXT         NOT NULL
);
CREATE INDEX rule_traces_by_rule ON rule_traces (rule_id, started);
CREATE INDEX rule_traces_by_time ON rule_traces (started);
