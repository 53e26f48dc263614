/**
 * The SQL syntax tree the parser produces: immutable records and sealed interfaces, every node carrying
 * the 0-based character offset of its first token ({@link io.stratum.compute.sql.ast.Node#pos()}).
 */
package io.stratum.compute.sql.ast;
