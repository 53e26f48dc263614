package io.stratum.compute.catalog;

import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Transaction;
import java.util.List;

/**
 * Entry point of the catalog of one {@link MvccStore} (one database on one timeline, read-write or
 * read-only at an LSN): keep exactly one per store. The schema lives in catalog heaps at reserved relation
 * numbers (1 relations, 2 attributes, 3 indexes, 4 constraints, 5 sequences, 6 namespaces), rows in the
 * storage row codec; {@link #open} bootstraps them in one transaction when relation 1 does not exist.
 *
 * <p>Caching: the committed schema is one immutable {@link CatalogSnapshot}, rebuilt only when a
 * transaction that did DDL commits ({@link #generation()} then increases: invalidate plan caches). DDL runs
 * in the caller's transaction: its catalog rows are MVCC rows (rollback undoes them) and the transaction
 * sees its own changes through {@link #snapshot(Transaction)}. DDL transactions are serialised: the first
 * DDL of a transaction takes the catalog's DDL lock until {@link #transactionEnded}; another transaction's
 * DDL waits for it (up to the lock wait bound, then 55P03).
 *
 * <p>The sqlengine must call {@link #transactionEnded} after every commit or rollback of a transaction
 * (cheap when it did no DDL) and {@link #rolledBackToSavepoint} after ROLLBACK TO SAVEPOINT.
 *
 * <p>Errors are {@link io.stratum.compute.session.SqlException}s with PostgreSQL's SQLSTATE and wording;
 * {@link io.stratum.mvcc.MvccException}s from the store (25006 on a read-only store, 40001, ...) pass through.
 *
 * <p>Threads: none. Thread-safe.
 */
public final class Catalog {

    private Catalog() {
    }

    /**
     * Opens the catalog of {@code store}, bootstrapping the catalog heaps (and schemas pg_catalog, public,
     * information_schema) in a transaction of its own when the store is read-write and relation 1 does not
     * exist. A read-only store at an LSN before the bootstrap sees an empty catalog with the built-in schemas.
     */
    public static Catalog open(final MvccStore store) {
        throw new UnsupportedOperationException("catalog being built");
    }

    public MvccStore store() {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** The committed schema now. */
    public CatalogSnapshot snapshot() {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** The schema {@code tx} sees: its own view when it did uncommitted DDL, else the committed one. */
    public CatalogSnapshot snapshot(final Transaction tx) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** Increases each time a transaction that did DDL commits (plan cache key). */
    public long generation() {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * Call after {@code tx} committed or rolled back: publishes its DDL (committed) or drops its view
     * (rolled back), and releases the DDL lock. A no-op for a transaction without DDL.
     */
    public void transactionEnded(final Transaction tx, final boolean committed) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** Call after {@code tx} rolled back to a savepoint: its own view is re-read from the catalog heaps. */
    public void rolledBackToSavepoint(final Transaction tx) {
        throw new UnsupportedOperationException("catalog being built");
    }

    // ---- DDL (each in the caller's transaction) ----

    /**
     * CREATE TABLE: the heap, a unique B-tree per PRIMARY KEY / UNIQUE (named t_pkey, t_a_key), a sequence
     * per serial column, NOT NULL on primary-key columns.
     *
     * @return the new table, or null when {@link TableSpec#ifNotExists()} and the name is taken
     * @throws io.stratum.compute.session.SqlException 42P07 relation exists, 42701 column specified more than
     *     once, 42P16 multiple primary keys, 42703 key column missing, 3F000 schema missing, 42704 type
     */
    public TableDef createTable(final Transaction tx, final CatalogContext ctx, final TableSpec spec) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * DROP TABLE: the table, its indexes, constraints and owned sequences.
     *
     * @return false when {@code ifExists} and there is no such table (the sqlengine sends the NOTICE
     *     {@code table "t" does not exist, skipping})
     * @throws io.stratum.compute.session.SqlException 42P01, 42809 not a table
     */
    public boolean dropTable(final Transaction tx, final CatalogContext ctx, final String schema, final String name,
                             final boolean ifExists) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * CREATE INDEX: builds the B-tree over the rows {@code tx} sees.
     *
     * @return the index, or null when {@link IndexSpec#ifNotExists()} and the name is taken
     * @throws io.stratum.compute.session.SqlException 42P07, 42P01, 42703, 23505 on duplicates for UNIQUE
     *     ({@code could not create unique index "i"}, detail {@code Key (a)=(1) is duplicated.})
     */
    public IndexDef createIndex(final Transaction tx, final CatalogContext ctx, final IndexSpec spec) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * DROP INDEX.
     *
     * @return false when {@code ifExists} and there is none
     * @throws io.stratum.compute.session.SqlException 42704 {@code index "i" does not exist}, 2BP01 when the
     *     index backs a constraint ({@code cannot drop index t_pkey because constraint t_pkey on table t
     *     requires it})
     */
    public boolean dropIndex(final Transaction tx, final CatalogContext ctx, final String schema, final String name,
                             final boolean ifExists) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * TRUNCATE: new empty heaps and B-trees (new relfilenodes) for each table and its indexes, transactional
     * as in PostgreSQL (rollback keeps the old contents). {@code restartIdentity} resets owned sequences.
     */
    public void truncate(final Transaction tx, final List<TableDef> tables, final boolean restartIdentity) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * ALTER TABLE ADD COLUMN. Existing rows read {@code missingValue} (the DEFAULT the sqlengine evaluated
     * once; null for none). A serial column, or a default the sqlengine flags as volatile, is not supported
     * on a non-empty table (0A000).
     *
     * @return the table as it is now
     * @throws io.stratum.compute.session.SqlException 42701 {@code column "c" of relation "t" already exists},
     *     23502 NOT NULL without default on a non-empty table
     */
    public TableDef addColumn(final Transaction tx, final TableDef table, final ColumnSpec column,
                              final Object missingValue, final boolean ifNotExists) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * ALTER TABLE ADD [CONSTRAINT name] PRIMARY KEY (cols): builds the unique index, sets NOT NULL.
     *
     * @throws io.stratum.compute.session.SqlException 42P16 multiple primary keys, 23505 duplicates,
     *     23502 {@code column "c" of relation "t" contains null values}
     */
    public TableDef addPrimaryKey(final Transaction tx, final TableDef table, final String constraintName,
                                  final List<String> columns) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** ALTER TABLE ADD [CONSTRAINT name] UNIQUE (cols); 23505 on duplicates. */
    public TableDef addUnique(final Transaction tx, final TableDef table, final String constraintName,
                              final List<String> columns) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * ALTER TABLE ADD [CONSTRAINT name] CHECK (expr). The sqlengine validates existing rows before calling
     * (23514 {@code check constraint "c" of relation "t" is violated by some row}).
     */
    public TableDef addCheck(final Transaction tx, final TableDef table, final ConstraintSpec check) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** ALTER TABLE ... RENAME TO; 42P07 when the new name is taken. */
    public TableDef renameTable(final Transaction tx, final TableDef table, final String newName) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * CREATE SEQUENCE.
     *
     * @return the sequence, or null when IF NOT EXISTS and the name is taken
     */
    public SequenceDef createSequence(final Transaction tx, final CatalogContext ctx, final SequenceSpec spec) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * DROP SEQUENCE; false when {@code ifExists} and none. Dropping a sequence a column owns fails with 2BP01
     * ({@code cannot drop sequence t_id_seq because other objects depend on it}) as without CASCADE.
     */
    public boolean dropSequence(final Transaction tx, final CatalogContext ctx, final String schema,
                                final String name, final boolean ifExists) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * CREATE SCHEMA.
     *
     * @return false when {@code ifNotExists} and it exists
     * @throws io.stratum.compute.session.SqlException 42P06 {@code schema "s" already exists}, 42939 for a
     *     name starting with {@code pg_}
     */
    public boolean createSchema(final Transaction tx, final String name, final boolean ifNotExists) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** DROP SCHEMA (empty schemas only without cascade: 2BP01); false when {@code ifExists} and none. */
    public boolean dropSchema(final Transaction tx, final String name, final boolean ifExists, final boolean cascade) {
        throw new UnsupportedOperationException("catalog being built");
    }

    // ---- sequences (non-transactional, as in PostgreSQL) ----

    /**
     * nextval: the next value of {@code sequence}.
     *
     * @throws io.stratum.compute.session.SqlException 2200H {@code nextval: reached maximum value of sequence
     *     "s" (2147483647)} (or minimum) without CYCLE
     */
    public long nextval(final SequenceDef sequence) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * setval(seq, value, isCalled): the next nextval returns {@code value} + increment when {@code isCalled},
     * else {@code value}.
     *
     * @throws io.stratum.compute.session.SqlException 22003 when out of the sequence's bounds
     */
    public void setval(final SequenceDef sequence, final long value, final boolean isCalled) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** A fresh OID (never reused; sequence 1 of the store, from 16384). */
    public int allocateOid() {
        throw new UnsupportedOperationException("catalog being built");
    }
}
