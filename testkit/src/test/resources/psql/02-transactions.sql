-- Transaction blocks, savepoints and failed blocks.
\set SHOW_CONTEXT never
CREATE TABLE t (k int PRIMARY KEY, v text);
BEGIN;
INSERT INTO t VALUES (1, 'one');
SAVEPOINT s1;
INSERT INTO t VALUES (2, 'two');
ROLLBACK TO SAVEPOINT s1;
INSERT INTO t VALUES (3, 'three');
RELEASE SAVEPOINT s1;
COMMIT;
SELECT * FROM t ORDER BY k;
BEGIN;
UPDATE t SET v = 'uno' WHERE k = 1;
SELECT 1/0;
SELECT * FROM t;
\echo :SQLSTATE
COMMIT;
SELECT * FROM t ORDER BY k;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;
DELETE FROM t WHERE k = 3;
ROLLBACK;
SELECT count(*) FROM t;
START TRANSACTION READ ONLY;
INSERT INTO t VALUES (5, 'five');
\echo :SQLSTATE
ROLLBACK;
COMMIT;
SET application_name = 'oracle';
SHOW application_name;
SET search_path TO public;
SHOW search_path;
SHOW nosuch_setting;
\echo :SQLSTATE
SELECT current_database(), current_user, current_schema();
DROP TABLE t;
