CREATE TABLE pi_users (id int PRIMARY KEY, email text, name varchar(20), active boolean, deleted_at date, doc jsonb, n int);
CREATE UNIQUE INDEX pi_users_email ON pi_users (lower(email));
CREATE INDEX pi_users_live ON pi_users (n) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX pi_users_one_active ON pi_users (name) WHERE active;
CREATE INDEX pi_users_k ON pi_users ((doc ->> 'k'));
CREATE INDEX pi_users_mix ON pi_users ((n % 7), id) WHERE n > 0 AND active IS NOT NULL;
CREATE INDEX pi_users_nm ON pi_users (coalesce(name, 'none'));
\d pi_users
\di pi_users*
DROP TABLE pi_users;
