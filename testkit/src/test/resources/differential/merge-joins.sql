-- merge joins: hash joins and nested loops off, so every equi-join below is a merge join over sorted inputs
RESET work_mem;
SET enable_hashjoin = off;
SET enable_nestloop = off;
SHOW enable_hashjoin;
SHOW enable_mergejoin;
SET enable_mergejoin = 'maybe';
CREATE TABLE mj_l (id int, k int, k2 text, n numeric, v text);
CREATE TABLE mj_r (id int, k bigint, k2 text, n numeric, w text);
INSERT INTO mj_l VALUES (1, 1, 'a', 1, 'l1'), (2, 1, 'b', 1.0, 'l2'), (3, 2, 'a', 2.5, 'l3'), (4, 3, NULL, 3, 'l4'), (5, NULL, 'a', NULL, 'l5'), (6, 5, 'c', 5, 'l6'), (7, 5, 'c', 5.00, 'l7'), (8, 8, 'd', 8, 'l8'), (9, NULL, NULL, NULL, 'l9');
INSERT INTO mj_r VALUES (1, 1, 'a', 1, 'r1'), (2, 1, 'a', 1, 'r2'), (3, 2, 'b', 2.5, 'r3'), (4, 4, 'x', 4, 'r4'), (5, NULL, 'a', NULL, 'r5'), (6, 5, 'c', 5, 'r6'), (7, 5, NULL, 5, 'r7'), (8, 5, 'c', 5, 'r8'), (9, 9, 'z', 9, 'r9'), (10, NULL, NULL, NULL, 'r10');
-- inner, left, right, full on one key (int4 = int8), duplicates on both sides, NULL keys
SELECT l.id, r.id FROM mj_l l JOIN mj_r r ON l.k = r.k ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l LEFT JOIN mj_r r ON l.k = r.k ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l RIGHT JOIN mj_r r ON l.k = r.k ORDER BY 2, 1;
SELECT l.id, r.id FROM mj_l l FULL JOIN mj_r r ON l.k = r.k ORDER BY 1, 2;
SELECT count(*), count(l.id), count(r.id) FROM mj_l l FULL JOIN mj_r r ON r.k = l.k;
-- the FROM list's joins (the cost-based planner)
SELECT l.id, r.id FROM mj_l l, mj_r r WHERE l.k = r.k ORDER BY 1, 2;
SELECT l.k, r.k FROM mj_l l, mj_r r WHERE l.k = r.k ORDER BY l.k;
SELECT l.id, r.id FROM mj_l l, mj_r r WHERE r.k = l.k AND l.id < r.id ORDER BY 1, 2;
-- multi-column keys
SELECT l.id, r.id FROM mj_l l JOIN mj_r r ON l.k = r.k AND l.k2 = r.k2 ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l LEFT JOIN mj_r r ON l.k = r.k AND l.k2 = r.k2 ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l FULL JOIN mj_r r ON l.k2 = r.k2 AND l.k = r.k ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l, mj_r r WHERE l.k = r.k AND l.k2 = r.k2 ORDER BY 1, 2;
-- cross-type keys: numeric = int, numeric = numeric with different scales, text keys
SELECT l.id, r.id FROM mj_l l JOIN mj_r r ON l.n = r.k ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l FULL JOIN mj_r r ON l.n = r.n ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l JOIN mj_r r ON l.k = r.n ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l RIGHT JOIN mj_r r ON l.k2 = r.k2 ORDER BY 2, 1;
SELECT l.id, r.id FROM mj_l l JOIN mj_r r ON l.k + 1 = r.k ORDER BY 1, 2;
-- extra join filters: outer joins keep the rows whose pairs all fail it
SELECT l.id, r.id FROM mj_l l JOIN mj_r r ON l.k = r.k AND l.id <> r.id ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l LEFT JOIN mj_r r ON l.k = r.k AND r.w > 'r2' ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l LEFT JOIN mj_r r ON l.k = r.k AND l.id > 100 ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l RIGHT JOIN mj_r r ON l.k = r.k AND l.v < 'l7' ORDER BY 2, 1;
SELECT l.id, r.id FROM mj_l l FULL JOIN mj_r r ON l.k = r.k AND l.id + r.id > 10 ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l LEFT JOIN mj_r r ON l.k = r.k WHERE r.id IS NULL ORDER BY 1;
-- USING and NATURAL
SELECT k, l.id, r.id FROM mj_l l FULL JOIN mj_r r USING (k) ORDER BY 1, 2, 3;
SELECT id, k, l.v, r.w FROM mj_l l JOIN mj_r r USING (id, k) ORDER BY 1;
SELECT * FROM (SELECT id, k FROM mj_l) a NATURAL FULL JOIN (SELECT id, k FROM mj_r) b ORDER BY 1, 2;
-- empty inputs
SELECT l.id, r.id FROM mj_l l JOIN mj_r r ON l.k = r.k WHERE false;
SELECT l.id, r.id FROM mj_l l LEFT JOIN (SELECT * FROM mj_r WHERE id < 0) r ON l.k = r.k ORDER BY 1;
SELECT l.id, r.id FROM (SELECT * FROM mj_l WHERE id < 0) l RIGHT JOIN mj_r r ON l.k = r.k ORDER BY 2;
SELECT l.id, r.id FROM (SELECT * FROM mj_l WHERE id < 0) l FULL JOIN (SELECT * FROM mj_r WHERE id < 0) r ON l.k = r.k;
SELECT l.id, r.id FROM (SELECT * FROM mj_l WHERE k IS NULL) l FULL JOIN (SELECT * FROM mj_r WHERE k IS NULL) r ON l.k = r.k ORDER BY 1, 2;
-- FULL JOIN needs merge- or hash-joinable conditions
SELECT l.id, r.id FROM mj_l l FULL JOIN mj_r r ON l.k < r.k;
SELECT l.id, r.id FROM mj_l l FULL JOIN mj_r r ON l.k = 1;
SELECT count(*) FROM mj_l l FULL JOIN mj_r r ON true;
SELECT count(*), count(l.id), count(r.id) FROM mj_l l FULL JOIN mj_r r ON false;
-- three-way joins and joins of joins
SELECT a.id, b.id, c.id FROM mj_l a JOIN mj_r b ON a.k = b.k JOIN mj_l c ON c.k = b.k ORDER BY 1, 2, 3;
SELECT a.id, b.id, c.id FROM mj_l a, mj_r b, mj_r c WHERE a.k = b.k AND b.id = c.id ORDER BY 1, 2, 3;
SELECT a.id, b.id, c.id FROM mj_l a LEFT JOIN mj_r b ON a.k = b.k FULL JOIN mj_l c ON c.id = b.id ORDER BY 1, 2, 3;
-- merge order: ORDER BY the join key needs no sort of its own
CREATE TABLE mj_big (id int PRIMARY KEY, g int, s text);
CREATE TABLE mj_big2 (id int PRIMARY KEY, h int);
INSERT INTO mj_big SELECT i, i % 13, md5(i::text) FROM generate_series(1, 5000) i;
INSERT INTO mj_big2 SELECT i * 2, i % 7 FROM generate_series(1, 4000) i;
ANALYZE mj_big;
ANALYZE mj_big2;
SELECT a.id, a.g, b.h FROM mj_big a JOIN mj_big2 b ON a.id = b.id ORDER BY a.id LIMIT 15;
SELECT a.id, b.h FROM mj_big a, mj_big2 b WHERE a.id = b.id AND a.g = 3 ORDER BY a.id LIMIT 20;
SELECT a.id, b.id FROM mj_big a, mj_big2 b WHERE a.id = b.id ORDER BY b.id OFFSET 2480;
SELECT count(*), sum(a.g), sum(b.h) FROM mj_big a JOIN mj_big2 b ON a.id = b.id;
SELECT a.id, b.h FROM mj_big a LEFT JOIN mj_big2 b ON a.id = b.id ORDER BY a.id DESC LIMIT 5;
SELECT a.id, b.id FROM mj_big a FULL JOIN mj_big2 b ON a.id = b.id WHERE a.id IS NULL OR b.id IS NULL ORDER BY 1, 2 LIMIT 10 OFFSET 2495;
-- an inner group larger than work_mem: the group goes to a temporary file and is read again per outer row
SET work_mem = '64kB';
CREATE TABLE mj_dup (id int, k int, pad text);
INSERT INTO mj_dup SELECT i, CASE WHEN i <= 3000 THEN 1 WHEN i % 10 = 0 THEN NULL ELSE i % 50 END, repeat(md5(i::text), 3) FROM generate_series(1, 6000) i;
SELECT count(*), sum(a.id), sum(b.id), max(b.pad) FROM mj_dup a JOIN mj_dup b ON a.k = b.k WHERE a.id % 100 = 0;
SELECT count(*), count(a.id), count(b.id) FROM (SELECT * FROM mj_dup WHERE id % 250 = 0) a FULL JOIN mj_dup b ON a.k = b.k;
SELECT count(*), count(b.id) FROM (SELECT * FROM mj_dup WHERE id % 500 = 1) a LEFT JOIN mj_dup b ON a.k = b.k AND b.id % 3 = 0;
SELECT count(*), count(a.id) FROM (SELECT * FROM mj_dup WHERE id % 700 = 7) a RIGHT JOIN mj_dup b ON a.k = b.k AND a.id < b.id;
SELECT a.id, count(*) FROM mj_dup a, mj_dup b WHERE a.k = b.k AND a.id IN (1, 2, 2999, 3001, 5999) GROUP BY a.id ORDER BY a.id;
RESET work_mem;
-- merge joins off too: PostgreSQL then still joins
SET enable_mergejoin = off;
SELECT l.id, r.id FROM mj_l l FULL JOIN mj_r r ON l.k = r.k ORDER BY 1, 2;
SELECT l.id, r.id FROM mj_l l, mj_r r WHERE l.k = r.k ORDER BY 1, 2;
RESET enable_mergejoin;
RESET enable_hashjoin;
RESET enable_nestloop;
SELECT l.id, r.id FROM mj_l l FULL JOIN mj_r r ON l.k = r.k AND l.id < r.id ORDER BY 1, 2;
DROP TABLE mj_l, mj_r, mj_big, mj_big2, mj_dup;
