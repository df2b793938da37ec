-- PPE fleet reporting (docs/fleet.md): one row per analysed frame, metadata only.
CREATE DATABASE IF NOT EXISTS fleet;
CREATE DATABASE IF NOT EXISTS fleet_ingest;

-- Every record a camera made. ReplacingMergeTree keyed by camera and record id:
-- a batch sent twice (a retry after a lost answer) collapses to one row when
-- parts merge, and every query reads with FINAL, so it never counts twice.
CREATE TABLE IF NOT EXISTS fleet.records
(
    camera_id String,
    record_id String,
    ts_ms UInt64,
    ts DateTime ALIAS toDateTime(intDiv(ts_ms, 1000)),
    result String,
    persons UInt16,
    compliant UInt16,
    non_compliant UInt16,
    unknown UInt16,
    face_cover_non_compliant UInt16,
    face_cover_non_compliant_pct Float32,
    detected_face_rate Float32
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(toDateTime(intDiv(ts_ms, 1000)))
ORDER BY (camera_id, record_id);

-- What kiosks insert into: a Buffer engine in front of fleet.records with
-- every threshold 0, so each insert bypasses the buffer and is written through
-- to fleet.records at once (durable when ClickHouse answers 200: a buffer held
-- in memory would lose what arrives while the server shuts down). It is there
-- for access: the kiosk's credential may use only the database fleet_ingest,
-- so it can insert here, while a SELECT here (which reads fleet.records) is
-- refused, and it has no DDL.
CREATE TABLE IF NOT EXISTS fleet_ingest.records AS fleet.records
ENGINE = Buffer(fleet, records, 1, 0, 0, 0, 0, 0, 0);
