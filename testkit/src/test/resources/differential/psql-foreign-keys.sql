CREATE TABLE pf_p (id int PRIMARY KEY, code text UNIQUE);
CREATE TABLE pf_c (id int PRIMARY KEY, pid int REFERENCES pf_p ON DELETE CASCADE, pcode text, CONSTRAINT pf_c_code FOREIGN KEY (pcode) REFERENCES pf_p (code) ON UPDATE SET NULL);
CREATE TABLE pf_m (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE pf_self (id int PRIMARY KEY, up int REFERENCES pf_self, x int, y int, FOREIGN KEY (x, y) REFERENCES pf_m MATCH FULL);
\d pf_p
\d pf_c
\d pf_self
\d pf_m
INSERT INTO pf_p VALUES (1, 'a');
INSERT INTO pf_c VALUES (1, 2, NULL);
DELETE FROM pf_p;
DROP TABLE pf_p;
DROP TABLE pf_p CASCADE;
\d pf_c
DROP TABLE pf_c, pf_self, pf_m;
