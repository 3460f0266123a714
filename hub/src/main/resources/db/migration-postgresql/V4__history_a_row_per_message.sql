-- History: one row a message (its state changes or its measurements, a JSON object of attribute to
-- value) instead of one a field. The rows of the old table move over one field each.
ALTER TABLE history RENAME TO history_by_field;
DROP INDEX history_by_attribute;
DROP INDEX history_by_time;
CREATE TABLE history (
    device_id VARCHAR(64) NOT NULL,
    ts        BIGINT      NOT NULL,
    fields    TEXT        NOT NULL
);
INSERT INTO history (device_id, ts, fields)
    SELECT device_id, ts, json_build_object(attribute, value::json)::text FROM history_by_field ORDER BY ts;
DROP TABLE history_by_field;
CREATE INDEX history_by_device ON history (device_id, ts);
CREATE INDEX history_by_time ON history (ts);
