-- Temporal values computed on the CN (the expressions read both sides of a join, so no DN can compute them) and
-- JSON aggregates pushed to the DNs. Same file conventions as queries.sql.
-- DATETIME results with MariaDB's fractional digits: 6 for microsecond units, a count of seconds' own digits.
SELECT o.id, DATE_ADD(o.created, INTERVAL c.id MICROSECOND), DATE_SUB(o.created, INTERVAL c.id MICROSECOND) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 30
SELECT o.id, o.created + INTERVAL (c.id * 0.5) SECOND, o.created - INTERVAL c.score SECOND FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 30
SELECT o.id, TIMESTAMPADD(MICROSECOND, c.id, o.created), TIMESTAMPADD(SECOND, c.id / 4, o.created), TIMESTAMPADD(MINUTE, c.id, o.created) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 30
SELECT o.id, DATE_ADD(o.created, INTERVAL CONCAT(c.id, ':1:1.5') HOUR_MICROSECOND), DATE_ADD(o.created, INTERVAL CONCAT(c.id, '.25') SECOND_MICROSECOND), DATE_ADD(o.created, INTERVAL CONCAT(c.id, ':30') MINUTE_SECOND) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 30
SELECT o.id, DATE_ADD(CAST(o.created AS DATE), INTERVAL c.id MICROSECOND), DATE_ADD(CAST(o.created AS DATE), INTERVAL c.id DAY), TIMESTAMPADD(MICROSECOND, 0, o.created) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 30
SELECT o.id, DATE_ADD(o.created, INTERVAL 1 MICROSECOND) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 5 UNION ALL SELECT id, created FROM orders WHERE id BETWEEN 5 AND 9
-- A date, datetime or time in numeric context is its number (YYYYMMDD, YYYYMMDDhhmmss, hhmmss).
SELECT o.id, o.created + 0, o.created - c.id, CAST(o.created AS DATE) + c.id, CAST(o.created AS DATE) * 10, CAST(o.created AS TIME) * 1 FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 30
SELECT o.id, CAST(o.created AS DATE) - CAST(o.created AS DATE), CAST(o.created AS DATE) + 0.5, o.created + 0 > 20240601000000, CAST(o.created AS TIME) + 0 < 60000, CAST(o.created AS DATE), CAST(CAST(o.created AS DATE) AS DATETIME) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 30
-- JSON aggregates of one-row groups pushed to the DNs (MariaDB's syntax, NULLs kept).
SELECT id, JSON_ARRAYAGG(d), JSON_ARRAYAGG(v), JSON_OBJECTAGG('k', d) FROM w GROUP BY id
SELECT id, JSON_OBJECTAGG(v, f), JSON_ARRAYAGG(f) FROM w WHERE v IS NOT NULL GROUP BY id
SELECT id, JSON_ARRAYAGG(note), JSON_OBJECTAGG(status, amount) FROM orders WHERE id < 40 GROUP BY id
-- The same digits through CASE/COALESCE, whose CN type comes from the planner (a count of seconds that is not an integer literal is MariaDB's INTERVAL).
SELECT o.id, COALESCE(o.created + INTERVAL '2.5' SECOND, o.created), CASE WHEN c.id > 2 THEN o.created - INTERVAL 1.5 SECOND ELSE o.created END, COALESCE(o.created + INTERVAL c.id SECOND, o.created) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 30
SELECT o.id, COALESCE(DATE_ADD(o.created, INTERVAL c.id MICROSECOND), o.created), CASE WHEN c.id > 2 THEN TIMESTAMPADD(SECOND, c.score, o.created) ELSE o.created END FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 30
