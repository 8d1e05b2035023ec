-- INTERSECT / EXCEPT (DISTINCT and ALL), GROUP BY ... WITH ROLLUP, WITH (referenced twice) and WITH RECURSIVE
-- over partitioned tables (more recursive cases in slt/cte_recursive.slt).
-- Same file conventions as queries.sql.
SELECT g FROM w INTERSECT SELECT g FROM w WHERE id < 10
SELECT g FROM w INTERSECT ALL SELECT g FROM w WHERE id < 10
SELECT g FROM w EXCEPT SELECT g FROM w WHERE id < 10
SELECT g FROM w EXCEPT ALL SELECT g FROM w WHERE id < 10
SELECT g, d FROM w INTERSECT SELECT g, d FROM w WHERE f > 0
SELECT g, d FROM w EXCEPT ALL SELECT g, d FROM w WHERE f > 0
SELECT TRIM(v) FROM w INTERSECT SELECT TRIM(v) FROM w WHERE id > 10 #ci
SELECT TRIM(v) FROM w EXCEPT SELECT TRIM(v) FROM w WHERE id > 10 #ci
SELECT customer_id FROM orders INTERSECT SELECT id FROM customers
SELECT customer_id FROM orders EXCEPT SELECT id FROM customers WHERE city = 'Paris'
SELECT id FROM customers EXCEPT ALL SELECT customer_id FROM orders WHERE amount > 200
SELECT id FROM w WHERE id < 15 INTERSECT SELECT id FROM w WHERE id > 5 EXCEPT SELECT id FROM w WHERE id = 9
SELECT g FROM w INTERSECT ALL SELECT g FROM w INTERSECT ALL SELECT g FROM w WHERE id % 2 = 0
SELECT g FROM w EXCEPT ALL SELECT g FROM w WHERE id < 5 EXCEPT ALL SELECT g FROM w WHERE id > 15
SELECT g FROM w WHERE id > 100 INTERSECT SELECT g FROM w
SELECT g FROM w EXCEPT SELECT g FROM w WHERE id > 100
SELECT x.g, COUNT(*) FROM (SELECT g, d FROM w EXCEPT ALL SELECT g, d FROM w WHERE id < 8) x GROUP BY x.g
SELECT g FROM w INTERSECT SELECT g FROM w ORDER BY g DESC
SELECT g, COUNT(*), SUM(d) FROM w GROUP BY g WITH ROLLUP
SELECT g, v, COUNT(*) FROM w WHERE id <> 5 GROUP BY g, v WITH ROLLUP #ci
SELECT g, COUNT(*), AVG(d), MIN(TRIM(v)), MAX(f) FROM w GROUP BY g WITH ROLLUP #ci
SELECT g, COUNT(*) FROM w GROUP BY g WITH ROLLUP LIMIT 3
SELECT g, COUNT(*) FROM w GROUP BY g WITH ROLLUP LIMIT 2, 10
SELECT g, SUM(d) FROM w WHERE id > 4 GROUP BY g WITH ROLLUP HAVING SUM(d) > 1
SELECT customer_id, COUNT(*), SUM(amount) FROM orders GROUP BY customer_id WITH ROLLUP
SELECT customer_id, status, COUNT(*) FROM orders WHERE customer_id < 4 GROUP BY customer_id, status WITH ROLLUP #ci
SELECT id, COUNT(*) FROM w GROUP BY id WITH ROLLUP
SELECT COUNT(*) FROM w WHERE id > 100 GROUP BY g WITH ROLLUP
SELECT * FROM (SELECT g, COUNT(*) c FROM w GROUP BY g WITH ROLLUP) x ORDER BY c DESC, g
WITH x AS (SELECT g, SUM(d) s FROM w GROUP BY g) SELECT a.g, a.s, b.s FROM x a JOIN x b ON a.g = b.g + 1
WITH x AS (SELECT id, g FROM w WHERE d > 1) SELECT COUNT(*) FROM x a, x b WHERE a.g = b.g
WITH x AS (SELECT customer_id, SUM(amount) s FROM orders GROUP BY customer_id) SELECT c.name, x.s FROM x JOIN customers c ON c.id = x.customer_id
WITH RECURSIVE t (id, name, depth) AS (SELECT id, name, 0 FROM tree WHERE id = 2 UNION ALL SELECT c.id, c.name, t.depth + 1 FROM tree c JOIN t ON c.parent = t.id) SELECT id, name, depth FROM t
WITH RECURSIVE t (id, path) AS (SELECT id, CAST(name AS CHAR(100)) FROM tree WHERE parent IS NULL UNION ALL SELECT c.id, CONCAT(t.path, '/', c.name) FROM tree c JOIN t ON c.parent = t.id) SELECT id, path FROM t ORDER BY id
WITH RECURSIVE up (id, parent) AS (SELECT id, parent FROM tree WHERE id = 11 UNION SELECT p.id, p.parent FROM tree p JOIN up ON p.id = up.parent) SELECT COUNT(*), MIN(id) FROM up
WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 15) SELECT s.n, tree.name FROM s LEFT JOIN tree ON tree.id = s.n WHERE s.n > 3
