CREATE TYPE pt_mood AS ENUM ('sad', 'ok', 'happy');
CREATE SCHEMA pt_s;
CREATE TYPE pt_s.level AS ENUM ('low', 'high');
CREATE TABLE pt_t (id int PRIMARY KEY, m pt_mood NOT NULL, tags text[], grid int[][], l pt_s.level);
CREATE INDEX pt_t_m ON pt_t (m);
\dT
\dT pt_mood
\dT+ pt_mood
\d pt_t
INSERT INTO pt_t (id, m, tags, grid) VALUES (1, 'ok', '{a,"b c"}', '{{1,2},{3,4}}'), (2, 'sad', NULL, '{}');
INSERT INTO pt_t (id, m) VALUES (3, 'happy');
SELECT * FROM pt_t ORDER BY m, id;
DROP TABLE pt_t;
DROP TYPE pt_mood;
DROP TYPE pt_s.level;
DROP SCHEMA pt_s;
