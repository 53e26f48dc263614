-- Captured from a vanilla PostgreSQL 15.18 server log while pgbench 15.18 ran -i -s 1 (also --partitions=2 and -I dtgvpf) and the built-in scripts in -M simple, extended and prepared.

SELECT pg_catalog.set_config('search_path', '', false);

drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers;

create table pgbench_history(tid int,bid int,aid    int,delta int,mtime timestamp,filler char(22));

create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84)) with (fillfactor=100);

create table pgbench_accounts(aid    int not null,bid int,abalance int,filler char(84)) with (fillfactor=100);

create table pgbench_branches(bid int not null,bbalance int,filler char(88)) with (fillfactor=100);

begin;

truncate table pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers;

insert into pgbench_branches(bid,bbalance) values(1,0);

insert into pgbench_tellers(tid,bid,tbalance) values (1,1,0);

insert into pgbench_tellers(tid,bid,tbalance) values (2,1,0);

insert into pgbench_tellers(tid,bid,tbalance) values (3,1,0);

insert into pgbench_tellers(tid,bid,tbalance) values (4,1,0);

insert into pgbench_tellers(tid,bid,tbalance) values (5,1,0);

insert into pgbench_tellers(tid,bid,tbalance) values (6,1,0);

insert into pgbench_tellers(tid,bid,tbalance) values (7,1,0);

insert into pgbench_tellers(tid,bid,tbalance) values (8,1,0);

insert into pgbench_tellers(tid,bid,tbalance) values (9,1,0);

insert into pgbench_tellers(tid,bid,tbalance) values (10,1,0);

copy pgbench_accounts from stdin with (freeze on);

commit;

vacuum analyze pgbench_branches;

vacuum analyze pgbench_tellers;

vacuum analyze pgbench_accounts;

vacuum analyze pgbench_history;

alter table pgbench_branches add primary key (bid);

alter table pgbench_tellers add primary key (tid);

alter table pgbench_accounts add primary key (aid);

create table pgbench_accounts(aid    int not null,bid int,abalance int,filler char(84)) partition by range (aid);

create table pgbench_accounts_1
  partition of pgbench_accounts
  for values from (minvalue) to (50001) with (fillfactor=100);

create table pgbench_accounts_2
  partition of pgbench_accounts
  for values from (50001) to (maxvalue) with (fillfactor=100);

copy pgbench_accounts from stdin;

alter table pgbench_tellers add constraint pgbench_tellers_bid_fkey foreign key (bid) references pgbench_branches;

alter table pgbench_accounts add constraint pgbench_accounts_bid_fkey foreign key (bid) references pgbench_branches;

alter table pgbench_history add constraint pgbench_history_bid_fkey foreign key (bid) references pgbench_branches;

alter table pgbench_history add constraint pgbench_history_tid_fkey foreign key (tid) references pgbench_tellers;

alter table pgbench_history add constraint pgbench_history_aid_fkey foreign key (aid) references pgbench_accounts;

select count(*) from pgbench_branches;

select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) cross join lateral (select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) where c.relname = 'pgbench_accounts' and o.n is not null group by 1, 2 order by 1 asc limit 1;

BEGIN;

UPDATE pgbench_accounts SET abalance = abalance + -318 WHERE aid = 77136;

SELECT abalance FROM pgbench_accounts WHERE aid = 77136;

UPDATE pgbench_tellers SET tbalance = tbalance + -318 WHERE tid = 6;

UPDATE pgbench_branches SET bbalance = bbalance + -318 WHERE bid = 1;

INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (6, 1, 77136, -318, CURRENT_TIMESTAMP);

END;

UPDATE pgbench_accounts SET abalance = abalance + 3791 WHERE aid = 71165;

SELECT abalance FROM pgbench_accounts WHERE aid = 71165;

UPDATE pgbench_tellers SET tbalance = tbalance + 3791 WHERE tid = 5;

UPDATE pgbench_branches SET bbalance = bbalance + 3791 WHERE bid = 1;

INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (5, 1, 71165, 3791, CURRENT_TIMESTAMP);

UPDATE pgbench_accounts SET abalance = abalance + -3514 WHERE aid = 18740;

SELECT abalance FROM pgbench_accounts WHERE aid = 18740;

INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (6, 1, 18740, -3514, CURRENT_TIMESTAMP);

UPDATE pgbench_accounts SET abalance = abalance + 1825 WHERE aid = 10061;

SELECT abalance FROM pgbench_accounts WHERE aid = 10061;

INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (4, 1, 10061, 1825, CURRENT_TIMESTAMP);

SELECT abalance FROM pgbench_accounts WHERE aid = 23952;

SELECT abalance FROM pgbench_accounts WHERE aid = 34193;

UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;

SELECT abalance FROM pgbench_accounts WHERE aid = $1;

UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2;

UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2;

INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP);

vacuum pgbench_branches;

vacuum pgbench_tellers;

truncate pgbench_history;

UPDATE pgbench_accounts SET abalance = abalance + -3571 WHERE aid = 50766;

SELECT abalance FROM pgbench_accounts WHERE aid = 50766;

UPDATE pgbench_tellers SET tbalance = tbalance + -3571 WHERE tid = 4;

UPDATE pgbench_branches SET bbalance = bbalance + -3571 WHERE bid = 1;

INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (4, 1, 50766, -3571, CURRENT_TIMESTAMP);

UPDATE pgbench_accounts SET abalance = abalance + -1548 WHERE aid = 13466;

SELECT abalance FROM pgbench_accounts WHERE aid = 13466;

UPDATE pgbench_tellers SET tbalance = tbalance + -1548 WHERE tid = 6;

UPDATE pgbench_branches SET bbalance = bbalance + -1548 WHERE bid = 1;

INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (6, 1, 13466, -1548, CURRENT_TIMESTAMP);
