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
