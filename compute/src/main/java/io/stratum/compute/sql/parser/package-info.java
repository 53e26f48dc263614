/** PostgreSQL's SQL dialect to {@link io.stratum.compute.sql.ast} trees: lexer, statement splitter, recursive-descent parser. */
package io.stratum.compute.sql.parser;
