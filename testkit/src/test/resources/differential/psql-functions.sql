CREATE TABLE pf_t (id int PRIMARY KEY, name text);
CREATE FUNCTION pf_add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION pf_rows(lim int) RETURNS TABLE(k int, v text) LANGUAGE sql STABLE AS $$ SELECT id, name FROM pf_t WHERE id <= lim $$;
CREATE FUNCTION pf_all() RETURNS SETOF pf_t LANGUAGE sql AS $$ SELECT * FROM pf_t $$;
CREATE FUNCTION pf_out(a int, OUT x int, OUT y text) LANGUAGE sql STRICT AS 'SELECT a, a::text';
CREATE FUNCTION pf_sq(x int) RETURNS int RETURN x * x;
\df
\df pf_a*
\sf pf_add
\sf pf_rows
SELECT pf_add(1), pf_sq(4);
CREATE VIEW pf_v AS SELECT pf_sq(3) AS nine, pf_add(1, 2) AS three;
CREATE VIEW pf_w AS SELECT nine FROM pf_v;
DROP FUNCTION pf_sq(int);
DROP FUNCTION pf_sq(int) CASCADE;
\dv
DROP FUNCTION pf_add, pf_rows, pf_all, pf_out;
\df
DROP TABLE pf_t;
CREATE SCHEMA pf_s;
CREATE FUNCTION pf_s.f(a int, b text) RETURNS int LANGUAGE sql AS 'SELECT a';
CREATE TABLE pf_s.t (id int);
DROP SCHEMA pf_s;
DROP SCHEMA pf_s CASCADE;
