/**
 * PostgreSQL 15's SQL dialect to {@link io.stratum.compute.sql.ast} trees: a lexer (scan.l's rules), a
 * statement splitter and a recursive-descent parser with PostgreSQL's precedence, keyword classes and
 * error messages/positions. Entry point: {@link io.stratum.compute.sql.parser.Parser}.
 *
 * <p>Not accepted (0A000 or 42601): SELECT ... INTO, data-modifying CTEs, GROUPING SETS/ROLLUP/CUBE,
 * TABLESAMPLE, ROWS FROM, OVERLAPS, IS DOCUMENT/NORMALIZED/JSON, partitioned tables (PARTITION BY /
 * PARTITION OF, used only by pgbench -i --partitions), table inheritance, CREATE TABLE (LIKE ...),
 * EXCLUDE constraints, functions/triggers/rules/types/extensions/DO, PREPARE TRANSACTION,
 * standard_conforming_strings = off. FETCH ... WITH TIES parses as FETCH FIRST n ROWS ONLY.
 */
package io.stratum.compute.sql.parser;
