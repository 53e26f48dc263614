CREATE TABLE pv_base (id int PRIMARY KEY, name text NOT NULL, price numeric(8,2));
CREATE VIEW pv_cheap AS SELECT id, name FROM pv_base WHERE price < 20;
CREATE VIEW pv_named (a, b) AS SELECT id, upper(name) FROM pv_base;
\dv
\d pv_cheap
\d pv_named
\dt
SELECT * FROM pv_named;
DROP TABLE pv_base;
DROP VIEW pv_cheap;
DROP VIEW pv_named;
DROP VIEW pv_named;
DROP TABLE pv_base;
CREATE TABLE pc_t (a int, b text, c int);
CREATE VIEW pc_v1 AS SELECT a, b FROM pc_t;
CREATE VIEW pc_v2 AS SELECT a FROM pc_v1;
CREATE VIEW pc_v3 AS SELECT count(*) FROM pc_t;
DROP TABLE pc_t;
DROP TABLE pc_t RESTRICT;
DROP VIEW pc_v1;
DROP VIEW pc_v3, pc_v1;
BEGIN;
DROP TABLE pc_t CASCADE;
\dv pc_*
ROLLBACK;
BEGIN;
DROP VIEW pc_v1 CASCADE;
\dv pc_*
ROLLBACK;
BEGIN;
DROP VIEW IF EXISTS pc_nosuch, pc_v3, pc_v1 CASCADE;
ROLLBACK;
BEGIN;
DROP VIEW pc_v2, pc_v1;
ROLLBACK;
\dv pc_*
ALTER TABLE pc_t DROP COLUMN b;
ALTER TABLE pc_t ALTER COLUMN a TYPE bigint;
ALTER TABLE pc_t ALTER COLUMN c TYPE bigint;
ALTER TABLE pc_t DROP COLUMN c;
BEGIN;
ALTER TABLE pc_t DROP COLUMN b CASCADE;
\dv pc_*
ROLLBACK;
BEGIN;
ALTER TABLE pc_t DROP COLUMN a CASCADE;
ROLLBACK;
CREATE TABLE pc_u (x int PRIMARY KEY, y int);
CREATE VIEW pc_w1 AS SELECT x FROM pc_u;
CREATE VIEW pc_tu AS SELECT * FROM pc_t, pc_u;
CREATE TABLE pc_ref (x int REFERENCES pc_u);
DROP TABLE pc_t, pc_u;
DROP TABLE pc_u, pc_t;
BEGIN;
DROP TABLE pc_t, pc_u CASCADE;
\dv pc_*
\d pc_ref
ROLLBACK;
ALTER TABLE pc_u DROP COLUMN y;
ALTER TABLE pc_u ADD COLUMN z int;
ALTER TABLE pc_u DROP COLUMN z;
ALTER TABLE pc_u ALTER COLUMN x TYPE bigint;
CREATE VIEW pc_whole AS SELECT x + 1 AS x1 FROM pc_w1 w;
CREATE VIEW pc_join AS SELECT a FROM pc_t JOIN pc_u ON a = x;
CREATE VIEW pc_using AS SELECT 1 AS one FROM pc_t t1 JOIN pc_t t2 USING (a);
CREATE VIEW pc_sub AS SELECT (SELECT max(b) FROM pc_t) AS m, EXISTS (SELECT 1 FROM pc_u WHERE x > 0) AS e;
DROP VIEW pc_w1;
ALTER TABLE pc_t DROP COLUMN b;
CREATE SCHEMA pc_s;
CREATE TABLE pc_s.st (k int);
CREATE VIEW pc_s.sv AS SELECT k FROM pc_s.st;
CREATE VIEW pc_sv2 AS SELECT k FROM pc_s.sv;
CREATE VIEW pc_st2 AS SELECT k FROM pc_s.st;
DROP SCHEMA pc_s;
DROP TABLE pc_s.st;
BEGIN;
DROP SCHEMA pc_s CASCADE;
\dv pc_*
ROLLBACK;
CREATE TYPE pc_mood AS ENUM ('sad', 'ok');
CREATE TABLE pc_e (id int, m pc_mood);
CREATE VIEW pc_em AS SELECT id, m FROM pc_e;
CREATE VIEW pc_eid AS SELECT id FROM pc_e;
CREATE VIEW pc_ec AS SELECT 'ok'::pc_mood AS k;
CREATE VIEW pc_ew AS SELECT id FROM pc_e WHERE m = 'ok';
DROP TYPE pc_mood;
BEGIN;
DROP TYPE pc_mood CASCADE;
\dv pc_e*
\d pc_e
ROLLBACK;
CREATE SEQUENCE pc_seq;
CREATE VIEW pc_seqv AS SELECT last_value FROM pc_seq;
CREATE VIEW pc_seqn AS SELECT nextval('pc_seq') AS n, 'pc_e'::regclass AS r;
DROP SEQUENCE pc_seq;
DROP SEQUENCE pc_seq CASCADE;
DROP SCHEMA pc_s CASCADE;
DROP TYPE pc_mood CASCADE;
DROP TABLE pc_t, pc_u, pc_ref CASCADE;
DROP TABLE pc_e CASCADE;
\dv pc_*
CREATE SCHEMA pc_m1;
CREATE SCHEMA pc_m2;
CREATE TABLE pc_m1.a (x int);
CREATE TABLE pc_m2.b (y int);
CREATE VIEW pc_mv AS SELECT x, y FROM pc_m1.a, pc_m2.b;
DROP SCHEMA pc_m1, pc_m2;
BEGIN;
DROP SCHEMA pc_m1, pc_m2 CASCADE;
ROLLBACK;
DROP SCHEMA IF EXISTS pc_nosuch, pc_m1 CASCADE;
DROP SCHEMA pc_m2 CASCADE;
CREATE TYPE pc_e1 AS ENUM ('a');
CREATE TYPE pc_e2 AS ENUM ('b');
CREATE VIEW pc_ev AS SELECT 'a'::pc_e1 AS p, 'b'::pc_e2 AS q;
DROP TYPE pc_e1, pc_e2;
DROP TYPE IF EXISTS pc_nosuch, pc_e1, pc_e2 CASCADE;
\dv pc_*
CREATE TABLE pc_sd (id serial, v int);
CREATE SEQUENCE pc_sd2;
CREATE TABLE pc_sdb (k int DEFAULT nextval('pc_sd2'), j int DEFAULT nextval('pc_sd2'));
CREATE VIEW pc_sdv AS SELECT nextval('pc_sd2');
DROP SEQUENCE pc_sd_id_seq;
BEGIN;
DROP SEQUENCE pc_sd_id_seq CASCADE;
\d pc_sd
ROLLBACK;
DROP SEQUENCE pc_sd2;
BEGIN;
DROP SEQUENCE pc_sd2 CASCADE;
\d pc_sdb
ROLLBACK;
DROP TABLE pc_sdb;
DROP SEQUENCE pc_sd2 CASCADE;
DROP TABLE pc_sd;
