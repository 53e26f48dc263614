-- sorts past work_mem (external merge sort through temporary files) and the work_mem setting itself
SET work_mem = 65536;
SHOW work_mem;
SET work_mem = '1GB';
SHOW work_mem;
SET work_mem = '2048 kB';
SHOW work_mem;
SET work_mem = '63kB';
SET work_mem = 'lots';
SET work_mem = '1 parsec';
SET work_mem = '64kB';
SHOW work_mem;
CREATE TABLE sp_t (id int, g int, s text, n numeric, d date, ts timestamptz, f float8);
INSERT INTO sp_t SELECT i, i % 97, CASE WHEN i % 11 = 0 THEN NULL ELSE md5((i % 5000)::text) END, CASE WHEN i % 13 = 0 THEN NULL ELSE round((i % 7919) / 7.0, 3) END, date '2000-01-01' + (i * 37) % 9000, timestamptz '2020-01-01 00:00:00+00' + (i % 4099) * interval '17 minutes', CASE WHEN i % 17 = 0 THEN NULL ELSE ((i * 7919) % 10007)::float8 / 3 END FROM generate_series(1, 30000) i;
SELECT id, s FROM sp_t ORDER BY s, id;
SELECT id, n FROM sp_t ORDER BY n DESC NULLS FIRST, id OFFSET 29900;
SELECT id, d, ts FROM sp_t ORDER BY d, ts DESC, id OFFSET 29900;
SELECT id, f FROM sp_t ORDER BY f NULLS FIRST, id DESC OFFSET 15000 LIMIT 100;
SELECT g, s, id FROM sp_t ORDER BY g % 7, s DESC NULLS LAST, id OFFSET 29950;
SELECT count(*), sum(id), min(s), max(s) FROM (SELECT id, s FROM sp_t ORDER BY s, id OFFSET 0) q;
SELECT DISTINCT s FROM sp_t WHERE s IS NOT NULL ORDER BY s OFFSET 4500;
SELECT g, count(*), sum(n) FROM sp_t GROUP BY g ORDER BY sum(n) DESC, g;
SELECT s FROM sp_t UNION ALL SELECT s FROM sp_t ORDER BY 1 NULLS FIRST OFFSET 59900;
SELECT id, length(x), substr(x, 1, 8) FROM (SELECT id, repeat(md5(id::text), 30) AS x FROM sp_t) q ORDER BY x, id OFFSET 29950;
SELECT id, jsonb_build_object('g', g, 'id', id % 100) AS j FROM sp_t ORDER BY j, id OFFSET 29950;
SELECT id, row_number() OVER (ORDER BY s, id) FROM sp_t ORDER BY id OFFSET 29950;
SELECT a.id, b.id FROM sp_t a JOIN sp_t b ON a.id = b.id + 1 ORDER BY a.s, a.id OFFSET 29950;
SELECT id, 1 / (id - 20000) FROM sp_t ORDER BY s, id;
SELECT 1 / (id - 20000) FROM (SELECT id FROM sp_t ORDER BY s, id OFFSET 0) q;
SELECT id % 5000 AS k, count(*), sum(n), avg(g), max(f), min(s), max(ts), string_agg(s, ',' ORDER BY id), array_agg(id ORDER BY id) FROM sp_t GROUP BY 1 ORDER BY 1 OFFSET 4950;
SELECT s, count(*), sum(g) FROM sp_t GROUP BY s ORDER BY count(*) DESC, s NULLS FIRST LIMIT 20;
SELECT count(*), sum(c) FROM (SELECT s, d, count(*) AS c FROM sp_t GROUP BY s, d) q;
SELECT n, count(DISTINCT g), min(id) FROM sp_t GROUP BY n ORDER BY n NULLS FIRST OFFSET 7800;
SELECT id % 3000 AS k, sum(id) FROM sp_t GROUP BY 1 HAVING sum(id) > 150000 ORDER BY 1 OFFSET 2900;
SELECT d, count(*) FROM sp_t GROUP BY d ORDER BY count(*) DESC, d LIMIT 10;
SELECT id % 4000, sum(1 / (id - 25000)) FROM sp_t GROUP BY 1;
-- hash joins past work_mem: batches on disk (NULL keys, duplicates, a hot key that cannot split, outer joins)
SELECT count(*), sum(a.id), sum(b.id), min(b.s) FROM sp_t a JOIN sp_t b ON a.s = b.s;
SELECT a.id, b.id FROM sp_t a LEFT JOIN sp_t b ON a.id = b.id * 2 AND b.g <> 3 ORDER BY a.id OFFSET 29950;
SELECT count(*), count(a.id), count(b.id), sum(a.id), sum(b.id) FROM sp_t a FULL JOIN sp_t b ON a.id = b.id + 15000;
SELECT count(*), count(a.id), count(b.id), sum(b.g) FROM (SELECT * FROM sp_t WHERE id % 2 = 0) a RIGHT JOIN sp_t b ON a.n = b.n;
SELECT count(*), sum(a.id) FROM sp_t a JOIN (SELECT id, g FROM sp_t WHERE id <= 2000) b ON a.g = b.g;
SELECT a.g, count(*), max(b.d) FROM sp_t a JOIN sp_t b ON a.id = b.id AND a.d <= b.d GROUP BY a.g ORDER BY a.g;
SELECT a.id FROM sp_t a JOIN sp_t b ON a.id = b.id AND 1 / (b.id - 20000) > 0;
-- window functions past work_mem: each sorts through temporary files, then holds a row, a peer group or a partition
SELECT id, row_number() OVER (ORDER BY s DESC NULLS LAST, id), rank() OVER (ORDER BY g), dense_rank() OVER (PARTITION BY g % 5 ORDER BY d) FROM sp_t ORDER BY id OFFSET 29900;
SELECT id, sum(id) OVER (ORDER BY g), count(*) OVER (PARTITION BY g ORDER BY d), max(s) OVER (PARTITION BY g % 3 ORDER BY id / 100), avg(n) OVER (ORDER BY ts) FROM sp_t ORDER BY id OFFSET 29900;
SELECT id, lag(s, 3) OVER (PARTITION BY g ORDER BY id), lead(id, 2, -1) OVER (PARTITION BY g ORDER BY id), sum(n) OVER (PARTITION BY g), first_value(s) OVER (PARTITION BY g % 7 ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM sp_t ORDER BY id OFFSET 29900;
SELECT g, count(*), sum(rn), max(r) FROM (SELECT g, row_number() OVER (PARTITION BY g ORDER BY s NULLS FIRST, id) AS rn, percent_rank() OVER (PARTITION BY g ORDER BY id) AS r FROM sp_t) w GROUP BY g ORDER BY g;
SELECT id, row_number() OVER (PARTITION BY 1 / (g - 50)) FROM sp_t;
-- window partitions and peer groups larger than work_mem: in a temporary file, read back by position
SELECT id, sum(id) OVER (), count(s) OVER (), last_value(s) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM sp_t ORDER BY id OFFSET 29900;
SELECT id, avg(f) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 2 FOLLOWING), lag(n, 300) OVER (ORDER BY id), lead(s, 700, 'none') OVER (ORDER BY id) FROM sp_t ORDER BY id OFFSET 29800;
SELECT id, ntile(7) OVER (ORDER BY s NULLS FIRST, id), percent_rank() OVER (ORDER BY g), cume_dist() OVER (ORDER BY d) FROM sp_t ORDER BY id OFFSET 29900;
SELECT id, first_value(id) OVER (PARTITION BY g % 2 ORDER BY s DESC NULLS LAST, id), nth_value(s, 5000) OVER (PARTITION BY g % 2 ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM sp_t ORDER BY id OFFSET 29900;
SELECT g % 3 AS k, count(*), sum(c), min(m), max(r) FROM (SELECT g, count(*) OVER (ORDER BY g % 3) AS c, min(s) OVER (ORDER BY g % 3) AS m, rank() OVER (ORDER BY g % 3) AS r FROM sp_t) w GROUP BY 1 ORDER BY 1;
SELECT count(*), sum(x), min(y), max(y) FROM (SELECT sum(id) OVER (ORDER BY id ROWS BETWEEN 50 PRECEDING AND 50 FOLLOWING) AS x, min(s) OVER (ORDER BY id DESC ROWS BETWEEN CURRENT ROW AND 20 FOLLOWING) AS y FROM sp_t) w;
SELECT id, ntile(0) OVER (ORDER BY id) FROM sp_t;
-- DISTINCT and UNION past work_mem: partitions on disk
SELECT count(*), min(s), max(s) FROM (SELECT DISTINCT s, g % 3 AS m FROM sp_t) q;
SELECT DISTINCT s, d FROM sp_t ORDER BY d, s NULLS FIRST OFFSET 29000;
SELECT count(*), sum(x) FROM (SELECT id AS x FROM sp_t UNION SELECT id * 2 FROM sp_t UNION SELECT g FROM sp_t) u;
SELECT s, n FROM sp_t UNION SELECT md5(id::text), round(id / 3.0, 2) FROM sp_t ORDER BY 1 NULLS FIRST, 2 NULLS FIRST OFFSET 59000;
SELECT DISTINCT ON (g) g, id, s FROM sp_t ORDER BY g, s DESC NULLS LAST, id;
SELECT count(*) FROM (SELECT DISTINCT ON (s) s, id FROM sp_t) q;
SELECT count(*), min(x), max(x) FROM (SELECT s AS x FROM sp_t INTERSECT SELECT md5((id % 2500)::text) FROM sp_t) q;
SELECT count(*), sum(x) FROM (SELECT id % 7000 AS x FROM sp_t INTERSECT ALL SELECT id % 9000 FROM sp_t) q;
SELECT count(*), min(x) FROM (SELECT s AS x FROM sp_t EXCEPT SELECT md5((id * 2)::text) FROM sp_t) q;
SELECT count(*), sum(x) FROM (SELECT id % 7000 AS x FROM sp_t EXCEPT ALL SELECT id % 9000 FROM sp_t) q;
SELECT s, g FROM sp_t EXCEPT SELECT s, g + 1 FROM sp_t ORDER BY 1 NULLS FIRST, 2 OFFSET 29000;
-- semi and anti joins past work_mem (IN, EXISTS, NOT EXISTS; NOT IN is in SpillTest: past work_mem PostgreSQL runs
-- its subquery once per outer row, for longer than the harness waits)
SELECT count(*), sum(id) FROM sp_t a WHERE s IN (SELECT md5((id * 3)::text) FROM sp_t);
SELECT count(*), sum(id) FROM sp_t a WHERE EXISTS (SELECT 1 FROM sp_t b WHERE b.n = a.n AND b.id > a.id);
SELECT count(*), sum(id) FROM sp_t a WHERE NOT EXISTS (SELECT 1 FROM sp_t b WHERE b.s = a.s AND b.id <> a.id);
RESET work_mem;
SHOW work_mem;
DROP TABLE sp_t;
