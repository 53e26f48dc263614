-- DDL, DML and queries; every statement's output and error must match PostgreSQL 15's.
\set SHOW_CONTEXT never
CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance numeric(12,2) DEFAULT 0, opened date);
INSERT INTO accounts VALUES (1, 'alice', 100.50, '2026-01-02'), (2, 'bob', 20, '2026-02-03');
INSERT INTO accounts (id, owner) VALUES (3, 'carol');
SELECT * FROM accounts ORDER BY id;
SELECT owner, balance * 2 AS doubled FROM accounts WHERE balance > 10 ORDER BY owner;
UPDATE accounts SET balance = balance + 1 WHERE id = 2;
DELETE FROM accounts WHERE id = 3;
SELECT count(*), sum(balance), min(owner), max(opened) FROM accounts;
INSERT INTO accounts VALUES (4, 'dave', 5, NULL) RETURNING id, owner;
SELECT id, CASE WHEN balance > 50 THEN 'rich' ELSE 'poor' END AS class FROM accounts ORDER BY 1;
SELECT owner FROM accounts WHERE id IN (1, 4) ORDER BY owner DESC LIMIT 1;
SELECT 1 + 2 AS three, 'x' || 'y', 7 / 2, 7.0 / 2, 2 ^ 10, -5 % 3;
SELECT count(*) FROM accounts a JOIN accounts b ON a.id < b.id;
SELECT a.owner, b.owner FROM accounts a LEFT JOIN accounts b ON b.id = a.id + 1 ORDER BY a.id;
SELECT owner FROM accounts WHERE EXISTS (SELECT 1 FROM accounts b WHERE b.id > accounts.id) ORDER BY 1;
SELECT DISTINCT balance > 10 AS big FROM accounts ORDER BY 1;
SELECT length(owner), upper(owner), '42'::int + 1, 3.7::int, CAST('2026-03-04' AS date) FROM accounts WHERE id = 1;
CREATE TABLE items (sku serial PRIMARY KEY, name varchar(20) UNIQUE, price float8, stock int2 NOT NULL DEFAULT 0);
INSERT INTO items (name, price) VALUES ('bolt', 0.25), ('nut', 0.1), ('gear', 12.5);
SELECT * FROM items ORDER BY sku;
SELECT name, price FROM items WHERE price BETWEEN 0.2 AND 20 ORDER BY price;
SELECT stock, count(*) FROM items GROUP BY stock HAVING count(*) > 1;
CREATE INDEX items_price_idx ON items (price);
SELECT name FROM items WHERE price > 1;
TRUNCATE items;
SELECT count(*) FROM items;
DROP TABLE items;
\echo errors
INSERT INTO accounts VALUES (1, 'dup', 0, NULL);
\echo :SQLSTATE
SELECT * FROM nosuch;
\echo :SQLSTATE
SELECT nosuchcol FROM accounts;
\echo :SQLSTATE
INSERT INTO accounts (id) VALUES (9);
\echo :SQLSTATE
SELECT 1/0;
\echo :SQLSTATE
SELEC 1;
\echo :SQLSTATE
CREATE TABLE accounts (x int);
\echo :SQLSTATE
SELECT 'abc'::int;
\echo :SQLSTATE
DROP TABLE accounts;
