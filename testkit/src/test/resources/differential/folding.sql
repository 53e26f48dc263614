-- plan-time constant folding (PostgreSQL's eval_const_expressions): what is evaluated while planning, and so
-- fails even where no row goes; what a constant test drops unevaluated; what is never folded
CREATE TABLE cf_e (id int, v bigint, t text);
CREATE TABLE cf_r (id int PRIMARY KEY, v bigint, t text);
INSERT INTO cf_r VALUES (1, 10, 'a'), (2, NULL, NULL), (3, -5, 'c');
-- immutable operators, casts and functions over constants fail while planning, in an arm no row takes
SELECT CASE WHEN id > 0 THEN id ELSE 9223372036854775807::bigint::int END FROM cf_e;
SELECT CASE WHEN id > 0 THEN id ELSE 2147483647 + 1 END FROM cf_r WHERE id > 100;
SELECT CASE WHEN id > 0 THEN id ELSE 2147483647 + 1 END FROM cf_r;
SELECT id FROM cf_e WHERE v > 1 / 0;
SELECT sum(1 / 0) FROM cf_e;
SELECT count(*) FROM cf_e GROUP BY id HAVING max(v) > abs(-2147483648);
UPDATE cf_e SET v = CASE WHEN id = 1 THEN v ELSE 1 % 0 END;
DELETE FROM cf_e WHERE id = CASE WHEN v > 0 THEN 1 ELSE 40000::int2 END;
INSERT INTO cf_e SELECT id, CASE WHEN id < 0 THEN '9999999999'::bigint::int ELSE v END, t FROM cf_r WHERE false;
SELECT CASE WHEN id > 0 THEN 1 ELSE greatest(1, 2) / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE nullif(1, 2) / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE (1 IN (1, 2))::int / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE (1 = ANY (ARRAY[1, 2]))::int / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE ('abc' LIKE 'a%')::int / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE (1 IS DISTINCT FROM 2)::int / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE length('a' || 1) / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE length(md5('x')) / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE ('5'::text)::int / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE (date '2020-01-02' - date '2020-01-01') / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE extract(year FROM date '2020-01-01')::int / 0 END FROM cf_e;
SELECT CASE WHEN t = 'x' THEN 'y' ELSE repeat('y', 2) || substr('abc', 1, -1) END FROM cf_e;
-- a constant test drops the arms it never reaches, unevaluated
SELECT CASE WHEN true THEN 1 ELSE 1 / 0 END;
SELECT CASE 0 WHEN 0 THEN 1 ELSE 1 / 0 END FROM cf_r;
SELECT CASE WHEN 1 > 2 THEN 1 / 0 WHEN NULL THEN 2 / 0 ELSE id END FROM cf_r;
SELECT CASE WHEN id > 0 THEN 'p' WHEN 1 = 1 THEN 'n' ELSE (1 / 0)::text END FROM cf_r;
SELECT CASE WHEN 1 = ANY (ARRAY[1, 2]) THEN 1 ELSE 1 / 0 END, CASE WHEN 'a' LIKE 'a%' THEN 2 ELSE 1 / 0 END;
SELECT id FROM cf_r WHERE CASE WHEN false THEN 1 / 0 = 1 ELSE id > 1 END;
-- a CASE is named after its ELSE when that has a name of its own
SELECT CASE WHEN true THEN 1 END, CASE WHEN id > 0 THEN 1 ELSE length('x') END, (CASE WHEN true THEN 1 END)::text,
  CASE WHEN true THEN 1 ELSE 1::int END, CASE WHEN id > 0 THEN 1 ELSE (CASE WHEN true THEN 1 ELSE abs(1) END) END,
  CASE WHEN true THEN 1 ELSE id END, ARRAY[id]::text FROM cf_r;
-- COALESCE, AND and OR stop at a deciding constant; what comes before it is folded
SELECT COALESCE(NULL, 2, 1 / 0), COALESCE(id, 3, 1 / 0) FROM cf_r;
SELECT false AND 1 / 0 = 1, true OR 1 / 0 = 1;
SELECT 1 / 0 = 1 AND false;
SELECT (1 IS NULL) OR 1 / 0 = 1;
SELECT id FROM cf_r WHERE NOT (1 = 1) AND v / 0 > 1;
-- a strict operator over a NULL constant, also one that folding made
SELECT (v / 0) * position('a' IN CASE WHEN '10' = '%' THEN NULL::text ELSE NULL::text END) FROM cf_r;
SELECT (v / 0) * greatest(NULL::int, NULL::int), v / 0 + length(COALESCE(NULL::text, NULL::text)) FROM cf_r;
-- volatile and stable functions are not evaluated while planning
SELECT CASE WHEN id > 0 THEN 1 ELSE 1 / (random() * 0)::int END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE length(concat('a')) / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE extract(year FROM now())::int / 0 END FROM cf_e;
SELECT CASE WHEN id > 0 THEN 1 ELSE ('2020-01-01'::text::date - date '2019-01-01') / 0 END FROM cf_e;
CREATE SEQUENCE cf_s;
SELECT CASE WHEN id > 0 THEN 0 ELSE 1 / (nextval('cf_s') * 0) END FROM cf_e;
SELECT nextval('cf_s');
-- PREPARE plans at EXECUTE; a view where it is read
PREPARE cf_p AS SELECT CASE WHEN id > 0 THEN id ELSE 1 / 0 END FROM cf_e;
EXECUTE cf_p;
DEALLOCATE cf_p;
CREATE VIEW cf_v AS SELECT id, CASE WHEN id > 0 THEN id ELSE 1 / 0 END AS x FROM cf_e;
SELECT * FROM cf_v;
DROP VIEW cf_v;
-- GROUP BY matches expressions as written, before folding
SELECT id + 2 FROM cf_r GROUP BY id + (1 + 1);
SELECT id + (1 + 1) FROM cf_r GROUP BY id + (1 + 1);
-- what PostgreSQL never plans is not folded: an unread CTE, unread subquery outputs, an EXISTS select list
WITH x AS (SELECT 1 / 0 AS a) SELECT 1;
WITH x AS (SELECT id, 1 / 0 AS a FROM cf_e) SELECT id FROM x;
WITH x AS MATERIALIZED (SELECT id, 1 / 0 AS a FROM cf_e) SELECT id FROM x;
WITH x AS (SELECT id, 1 / 0 AS a FROM cf_e) SELECT id FROM x JOIN x y USING (id);
SELECT id FROM (SELECT id, 1 / 0 AS x FROM cf_e) s;
SELECT id FROM (SELECT id, 1 / 0 AS x FROM cf_e GROUP BY id) s;
SELECT x FROM (SELECT id, 1 / 0 AS x FROM cf_e) s;
SELECT * FROM (SELECT id, 1 / 0 AS x FROM cf_e) s;
SELECT EXISTS (SELECT 1 / 0 FROM cf_e), EXISTS (SELECT 1 / 0 FROM cf_r);
SELECT id FROM cf_r WHERE EXISTS (SELECT 1 / 0 FROM cf_r i WHERE i.id = cf_r.id);
SELECT EXISTS (SELECT max(1 / 0) FROM cf_e);
CREATE VIEW cf_w AS SELECT id, 1 / 0 AS x FROM cf_e;
SELECT id FROM cf_w;
SELECT x FROM cf_w;
DROP VIEW cf_w;
