-- psql's describe commands over a small schema.
CREATE TABLE orders (id bigserial PRIMARY KEY, customer text NOT NULL, total numeric(10,2) DEFAULT 0, placed timestamptz, note varchar(40));
CREATE UNIQUE INDEX orders_customer_placed ON orders (customer, placed);
CREATE TABLE lines (order_id bigint NOT NULL, n int2 NOT NULL, qty int, PRIMARY KEY (order_id, n));
\d orders
\d lines
\dt
\di
\dn
\d orders_pkey
DROP TABLE orders;
DROP TABLE lines;
