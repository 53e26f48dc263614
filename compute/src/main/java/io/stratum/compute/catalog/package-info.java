/**
 * The schema catalog: namespaces, tables, columns, indexes, constraints and sequences, stored in catalog
 * heaps at reserved relation numbers (so a branch or an old LSN sees the schema of its moment), with DDL.
 */
package io.stratum.compute.catalog;
