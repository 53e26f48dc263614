CREATE TABLE pj_t (id int PRIMARY KEY, doc jsonb NOT NULL DEFAULT '{}', raw json, hist jsonb[]);
CREATE INDEX pj_t_doc ON pj_t (doc);
\d pj_t
INSERT INTO pj_t (id, doc, raw) VALUES (1, '{"b": [1, 2], "a": {"c": null}}', '{"x" :  1}'), (2, '"s"', NULL);
SELECT id, doc, raw, doc->'b'->>1 AS b1, jsonb_pretty(doc) FROM pj_t ORDER BY id;
SELECT * FROM jsonb_each((SELECT doc FROM pj_t WHERE id = 1));
ANALYZE pj_t;
SELECT id FROM pj_t WHERE doc @> '{"a": {}}';
DROP TABLE pj_t;
