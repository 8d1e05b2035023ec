-- One query per line. Results are compared with the same query on one MariaDB holding all rows;
-- rows are compared in order when the query has ORDER BY, as a multiset otherwise. A trailing #ci compares
-- case-insensitively: grouping under utf8mb4_general_ci may return any spelling of a group key.
SELECT * FROM orders
SELECT id, amount FROM orders WHERE id = 17
SELECT id, amount FROM orders WHERE id IN (3, 5, 7, 111)
SELECT * FROM orders WHERE customer_id = 4
SELECT id FROM orders WHERE amount > 100 AND status = 'paid'
SELECT id FROM orders WHERE amount BETWEEN 10 AND 50 OR status = 'new'
SELECT id, amount * 2, amount + 1, -amount FROM orders WHERE id < 20
SELECT COUNT(*) FROM orders
SELECT COUNT(*), SUM(amount), MIN(amount), MAX(amount) FROM orders
SELECT AVG(amount) FROM orders
SELECT AVG(customer_id) FROM orders
SELECT status, COUNT(*) FROM orders GROUP BY status #ci
SELECT status, COUNT(*), SUM(amount), AVG(amount) FROM orders GROUP BY status #ci
SELECT customer_id, COUNT(*) AS c FROM orders GROUP BY customer_id HAVING COUNT(*) > 5
SELECT status, MAX(amount) FROM orders WHERE customer_id < 10 GROUP BY status #ci
SELECT COUNT(DISTINCT customer_id) FROM orders
SELECT DISTINCT status FROM orders #ci
SELECT DISTINCT customer_id FROM orders WHERE amount > 300
SELECT id, amount FROM orders ORDER BY amount DESC, id LIMIT 10
SELECT id FROM orders ORDER BY id LIMIT 5, 10
SELECT id, created FROM orders ORDER BY created, id LIMIT 7
SELECT id FROM orders ORDER BY id DESC LIMIT 3
SELECT status, COUNT(*) AS c FROM orders GROUP BY status ORDER BY c DESC, status #ci
SELECT customer_id, SUM(amount) AS s FROM orders GROUP BY customer_id ORDER BY s DESC, customer_id LIMIT 5
SELECT COUNT(*) FROM orders WHERE note IS NULL
SELECT COUNT(note) FROM orders
SELECT id FROM orders WHERE note LIKE 'gift%'
SELECT MIN(created), MAX(created) FROM orders
SELECT * FROM customers ORDER BY id
SELECT name FROM customers WHERE id = 3
SELECT city, COUNT(*), AVG(score) FROM customers GROUP BY city
SELECT * FROM customers WHERE name = 'ALICE'
SELECT name FROM customers ORDER BY name, id
SELECT * FROM cities
SELECT country, SUM(population) FROM cities GROUP BY country
SELECT * FROM settings
SELECT v FROM settings WHERE k = 'mode'
SELECT * FROM events WHERE day >= '2024-01-01' AND day < '2025-01-01'
SELECT kind, COUNT(*) FROM events GROUP BY kind
SELECT * FROM events WHERE day = '2023-06-15'
SELECT * FROM tags WHERE region IN (2, 8)
SELECT region, COUNT(*) FROM tags GROUP BY region
SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer_id = c.id WHERE o.id = 9
SELECT o.id, ci.country FROM customers o JOIN cities ci ON o.city = ci.name WHERE o.id = 2
SELECT id FROM orders WHERE id = 5 AND customer_id = (SELECT MAX(id) FROM customers WHERE id < 3)
SELECT 1 + 1, CONCAT('a', 'b'), UPPER('x')
SELECT DATE_FORMAT('2024-03-05 10:11:12', '%Y/%m/%d'), 7 DIV 2, 7 / 2, NULL <=> NULL
SELECT COUNT(*) FROM orders WHERE id = -1
SELECT SUM(amount) FROM orders WHERE id = -1
SELECT status, COUNT(*) FROM orders WHERE id = -1 GROUP BY status
SELECT customer_id, AVG(amount) AS a FROM orders GROUP BY customer_id HAVING AVG(amount) > 240 ORDER BY customer_id
SELECT customer_id, COUNT(DISTINCT status) FROM orders GROUP BY customer_id #ci
SELECT id, amount FROM orders WHERE created >= '2024-06-01' AND created < '2024-07-01' ORDER BY id
SELECT note, COUNT(*) FROM orders GROUP BY note ORDER BY note
SELECT id, note FROM orders ORDER BY note DESC, id LIMIT 8
SELECT customer_id * 10 + 1 AS k, COUNT(*) FROM orders GROUP BY customer_id * 10 + 1
SELECT id FROM orders WHERE id NOT IN (1, 2, 3) AND id < 8
SELECT MAX(id) - MIN(id), COUNT(*) * 2 FROM orders
SELECT status, SUM(amount) FROM orders GROUP BY status HAVING SUM(amount) > 10000 ORDER BY status #ci
SELECT id, CASE WHEN amount > 250 THEN 'high' ELSE 'low' END FROM orders WHERE id <= 10 ORDER BY id
SELECT COALESCE(note, 'none'), id FROM orders WHERE id <= 6 ORDER BY id
SELECT id FROM orders ORDER BY amount, id LIMIT 3 OFFSET 4
SELECT city, name FROM customers WHERE city IS NOT NULL ORDER BY city, name
SELECT LOWER(name), LENGTH(name) FROM customers WHERE score >= 3
SELECT id FROM customers WHERE name LIKE '%a%' ORDER BY id
SELECT note, COUNT(*), COUNT(note) FROM orders GROUP BY note
SELECT id, note FROM orders WHERE id < 12 ORDER BY note, id
SELECT id FROM orders ORDER BY id LIMIT 0
SELECT id FROM orders ORDER BY id LIMIT 195, 10
SELECT DISTINCT customer_id FROM orders ORDER BY customer_id DESC
SELECT COUNT(*) FROM orders HAVING COUNT(*) > 10
SELECT MIN(name), MAX(name) FROM customers #ci
SELECT city, MIN(name), MAX(name) FROM customers GROUP BY city #ci
SELECT AVG(score), SUM(score), MAX(score) FROM customers
SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE amount > 490) ORDER BY id
SELECT id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'new') ORDER BY id
SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY id
SELECT c.id, COUNT(o.id) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id ORDER BY c.id
SELECT id FROM customers WHERE city = 'Paris' UNION SELECT customer_id FROM orders WHERE id < 4 ORDER BY 1
SELECT id FROM customers WHERE city = 'Paris' UNION ALL SELECT id FROM customers WHERE score > 4
SELECT UPPER(city), COUNT(*) FROM customers GROUP BY UPPER(city)
SELECT SUBSTRING(name, 1, 2), LENGTH(name) FROM customers ORDER BY id
SELECT id, amount FROM orders WHERE amount = (SELECT MAX(amount) FROM orders)
SELECT customer_id, MAX(created) FROM orders GROUP BY customer_id ORDER BY customer_id
SELECT status, COUNT(*) FROM orders WHERE customer_id IN (1, 2, 3) AND amount > 100 GROUP BY status ORDER BY 2 DESC, 1 #ci
SELECT COUNT(*), COUNT(DISTINCT note) FROM orders
SELECT id, ROUND(amount / 3, 2) FROM orders WHERE id BETWEEN 10 AND 15 ORDER BY id
SELECT * FROM tags ORDER BY region, id
SELECT o.id, c.name, ci.country FROM orders o JOIN customers c ON o.customer_id = c.id JOIN cities ci ON c.city = ci.name WHERE o.id < 10 ORDER BY o.id
SELECT c.id, o.id FROM orders o RIGHT JOIN customers c ON o.customer_id = c.id AND o.amount > 480 ORDER BY c.id, o.id
SELECT o.id, c.id FROM orders o JOIN customers c ON o.amount < c.score * 20 WHERE o.id < 30
SELECT o.id, c.id FROM orders o LEFT JOIN customers c ON o.amount > c.score * 120 AND c.city = 'Paris' WHERE o.id < 40
SELECT c.id, o.id FROM orders o RIGHT JOIN customers c ON o.customer_id < c.id AND o.amount > 495 ORDER BY c.id, o.id
SELECT COUNT(*) FROM orders o, customers c WHERE o.customer_id <> c.id
SELECT c.id, ci.name FROM customers c CROSS JOIN cities ci ORDER BY c.id, ci.name
SELECT id FROM orders o WHERE EXISTS (SELECT 1 FROM customers c WHERE c.score * 100 > o.amount AND c.city = 'Rome') ORDER BY id
SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.amount > c.score * 100) ORDER BY id
SELECT customer_id, COUNT(*) FROM orders o WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id AND c.score > o.amount / 100) GROUP BY customer_id
SELECT a.id, b.id, b.name FROM (SELECT id FROM orders ORDER BY id LIMIT 60) a JOIN (SELECT id, name FROM customers ORDER BY id LIMIT 8) b ON a.id = b.id ORDER BY a.id
SELECT a.customer_id, a.id, b.name FROM (SELECT id, customer_id FROM orders ORDER BY customer_id DESC, id LIMIT 50) a LEFT JOIN (SELECT id, name FROM customers ORDER BY id DESC LIMIT 9) b ON a.customer_id = b.id ORDER BY a.id
SELECT customer_id, COUNT(*), SUM(amount), MAX(status) FROM (SELECT customer_id, amount, status FROM orders ORDER BY customer_id, id LIMIT 120) t GROUP BY customer_id #ci
SELECT status, note, COUNT(*) FROM (SELECT status, note FROM orders ORDER BY note DESC, status, id LIMIT 150) t GROUP BY note, status ORDER BY note DESC, status #ci
SELECT o.id, c.name FROM (SELECT id, customer_id FROM orders ORDER BY id LIMIT 10) o LEFT JOIN customers c ON o.customer_id = c.id AND c.name <> 'x'
SELECT o.id, o.amount, c.name, c.score FROM (SELECT id, customer_id, amount FROM orders ORDER BY amount DESC, id LIMIT 25) o LEFT JOIN customers c ON o.customer_id = c.id AND c.score > o.amount / 100
SELECT t.id, t.region, o.status FROM tags t LEFT JOIN orders o ON o.id = t.id
SELECT c.id, c.name, o.id, o.amount FROM customers c LEFT JOIN orders o ON o.id = c.id + 3 WHERE c.city IS NOT NULL
