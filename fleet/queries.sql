-- The fleet dashboard's questions (docs/fleet.md), as <ppe-fleet-dashboard> asks
-- them (src/core/fleet/fleet-rollups.ts). Every query reads FINAL: a row a
-- kiosk sent twice (a retry after a lost answer) counts once. The seed metrics
-- are the monitor's own: FaceCoverNonCompliant (people without a face cover in
-- a frame) and FaceCoverNonCompliantPercentage (their share of the people whose
-- face was judged), as means per analysed frame.

-- Per camera, per minute, the last 24 hours (toStartOfHour / 7 days and
-- toStartOfDay / 31 days for the other units).
SELECT camera_id,
       toStartOfMinute(ts) AS minute,
       count() AS frames,
       sum(face_cover_non_compliant) AS people_without_face_cover,
       round(avg(face_cover_non_compliant), 2) AS without_face_cover_per_frame,
       round(avg(face_cover_non_compliant_pct), 1) AS pct_without_face_cover
FROM fleet.records FINAL
WHERE ts >= now() - INTERVAL 1 DAY
GROUP BY camera_id, minute
ORDER BY camera_id, minute;

-- The whole site, per hour, the last 7 days.
SELECT toStartOfHour(ts) AS hour,
       count() AS frames,
       uniqExact(camera_id) AS cameras,
       sum(face_cover_non_compliant) AS people_without_face_cover,
       round(avg(face_cover_non_compliant), 2) AS without_face_cover_per_frame,
       round(avg(face_cover_non_compliant_pct), 1) AS pct_without_face_cover
FROM fleet.records FINAL
WHERE ts >= now() - INTERVAL 7 DAY
GROUP BY hour
ORDER BY hour;

-- Per camera and day, the last 31 days, with frames judged non-compliant and cameras gone quiet.
SELECT camera_id,
       toStartOfDay(ts) AS day,
       count() AS frames,
       countIf(result = 'non-compliant') AS non_compliant_frames,
       round(avg(face_cover_non_compliant_pct), 1) AS pct_without_face_cover,
       max(ts) AS last_record
FROM fleet.records FINAL
WHERE ts >= now() - INTERVAL 31 DAY
GROUP BY camera_id, day
ORDER BY camera_id, day;

-- Rows that arrived twice and are not merged yet (what FINAL hides); 0 after OPTIMIZE TABLE fleet.records FINAL.
SELECT count() - uniqExact(camera_id, record_id) AS rows_sent_twice FROM fleet.records;
