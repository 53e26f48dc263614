package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Transaction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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

    /** How long a DDL statement waits for another transaction's DDL to end before failing with 55P03. */
    static final long DDL_LOCK_WAIT_MS = 60_000;
    /** Sequence number of the store that hands out OIDs. */
    static final int OID_SEQUENCE = 1;
    static final long FIRST_OID = 16_384;

    private final MvccStore store;
    private final CatalogIo io;
    private final Object lock = new Object();
    private final Map<Transaction, View> views = new ConcurrentHashMap<>();
    private volatile CatalogSnapshot committed;
    private volatile long generation;
    /** The transaction holding the DDL lock (guarded by {@link #lock}). */
    private Transaction ddlOwner;
    /** Transactions waiting for the DDL lock (guarded by {@link #lock}). */
    private int ddlWaiters;

    /** A transaction's own view after DDL; stale after a failed statement or ROLLBACK TO. */
    private static final class View {
        SnapshotBuilder builder;
        CatalogSnapshot snapshot;
        boolean stale;
    }

    private Catalog(final MvccStore store) {
        this.store = store;
        this.io = new CatalogIo(store);
    }

    /**
     * Opens the catalog of {@code store}, bootstrapping the catalog heaps (and schemas pg_catalog, public,
     * information_schema) in a transaction of its own when the store is read-write and relation 1 does not
     * exist. A read-only store at an LSN before the bootstrap sees an empty catalog with the built-in schemas.
     */
    public static Catalog open(final MvccStore store) {
        final Catalog c = new Catalog(store);
        if (!store.readOnly() && !store.exists(CatalogRows.RELATIONS)) {
            final Transaction tx = store.begin(Isolation.READ_COMMITTED, false);
            try {
                tx.newStatement();
                c.io.bootstrap(tx);
                tx.commit();
            } catch (final RuntimeException e) {
                if (!tx.finished()) {
                    tx.rollback();
                }
                throw e;
            }
        }
        c.committed = c.loadCommitted(0);
        return c;
    }

    public MvccStore store() {
        return store;
    }

    /** The committed schema now. */
    public CatalogSnapshot snapshot() {
        return committed;
    }

    /** The schema {@code tx} sees: its own view when it did uncommitted DDL, else the committed one. */
    public CatalogSnapshot snapshot(final Transaction tx) {
        final View v = views.get(tx);
        if (v == null) {
            return committed;
        }
        synchronized (v) {
            if (v.stale) {
                v.builder = io.load(tx, generation);
                v.builder.privateView = true;
                v.snapshot = v.builder.build();
                v.stale = false;
            }
            return v.snapshot;
        }
    }

    /** Increases each time a transaction that did DDL commits (plan cache key). */
    public long generation() {
        return generation;
    }

    /**
     * Call after {@code tx} committed or rolled back: publishes its DDL (committed) or drops its view
     * (rolled back), and releases the DDL lock. A no-op for a transaction without DDL.
     */
    public void transactionEnded(final Transaction tx, final boolean committed) {
        final View v = views.remove(tx);
        if (v != null && committed) {
            synchronized (lock) {
                final long next = generation + 1;
                if (v.stale) {
                    this.committed = loadCommitted(next);
                } else {
                    v.builder.generation = next;
                    v.builder.privateView = false;
                    this.committed = v.builder.build();
                }
                generation = next;
            }
        }
        releaseDdlLock(tx);
    }

    /** Call after {@code tx} rolled back to a savepoint: its own view is re-read from the catalog heaps. */
    public void rolledBackToSavepoint(final Transaction tx) {
        final View v = views.get(tx);
        if (v != null) {
            synchronized (v) {
                v.stale = true;
            }
        }
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
        return ddl(tx, "CREATE TABLE", d -> DdlTables.createTable(d, ctx, spec));
    }

    /**
     * DROP TABLE: the table, its indexes, constraints and owned sequences (2BP01 while views or other tables'
     * FOREIGN KEYs depend on it: {@link #dropRelations} has CASCADE).
     *
     * @return false when {@code ifExists} and there is no such table
     * @throws io.stratum.compute.session.SqlException 42P01, 42809 not a table
     */
    public boolean dropTable(final Transaction tx, final CatalogContext ctx, final String schema, final String name,
                             final boolean ifExists) {
        return ddl(tx, "DROP TABLE", d -> DropCascade.dropRelations(d, ctx, 'r', List.<String[]>of(new String[] {schema, name}),
            ifExists, false, new java.util.ArrayList<>()));
    }

    /**
     * ALTER TABLE ADD [CONSTRAINT name] FOREIGN KEY (the sqlengine validates existing rows first).
     *
     * @throws io.stratum.compute.session.SqlException 42P01 referenced table missing, 42830 no unique index on
     *     the referenced columns (or no primary key), 42804 incompatible key types, 42710 name taken
     */
    public TableDef addForeignKey(final Transaction tx, final CatalogContext ctx, final TableDef table,
                                  final ForeignKeySpec spec) {
        return ddl(tx, "ALTER TABLE", d -> DdlForeignKeys.addForeignKey(d, ctx, table, spec));
    }

    /**
     * ALTER TABLE DROP CONSTRAINT [IF EXISTS] name [CASCADE]; notices as for DROP TABLE.
     *
     * @throws io.stratum.compute.session.SqlException 42704 no such constraint, 2BP01 a FOREIGN KEY depends on it
     */
    public TableDef dropConstraint(final Transaction tx, final TableDef table, final String name, final boolean ifExists,
                                   final boolean cascade, final List<String> notices) {
        return ddl(tx, "ALTER TABLE", d -> DdlForeignKeys.dropConstraint(d, table, name, ifExists, cascade, notices));
    }

    /**
     * CREATE INDEX: builds the B-tree over the rows {@code tx} sees.
     *
     * @return the index, or null when {@link IndexSpec#ifNotExists()} and the name is taken
     * @throws io.stratum.compute.session.SqlException 42P07, 42P01, 42703, 23505 on duplicates for UNIQUE
     *     ({@code could not create unique index "i"}, detail {@code Key (a)=(1) is duplicated.})
     */
    public IndexDef createIndex(final Transaction tx, final CatalogContext ctx, final IndexSpec spec) {
        return ddl(tx, "CREATE INDEX", d -> DdlIndexes.createIndex(d, ctx, spec));
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
        return ddl(tx, "DROP INDEX", d -> DdlIndexes.dropIndex(d, ctx, schema, name, ifExists));
    }

    /**
     * TRUNCATE: new empty heaps and B-trees (new relfilenodes) for each table and its indexes, transactional
     * as in PostgreSQL (rollback keeps the old contents). {@code restartIdentity} resets owned sequences.
     */
    public void truncate(final Transaction tx, final List<TableDef> tables, final boolean restartIdentity) {
        ddl(tx, "TRUNCATE TABLE", d -> {
            DdlTables.truncate(d, tables, restartIdentity);
            return null;
        });
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
        return ddl(tx, "ALTER TABLE", d -> DdlTables.addColumn(d, table, column, missingValue, ifNotExists));
    }

    /**
     * ALTER TABLE ADD [CONSTRAINT name] PRIMARY KEY (cols): builds the unique index, sets NOT NULL.
     *
     * @throws io.stratum.compute.session.SqlException 42P16 multiple primary keys, 23505 duplicates,
     *     23502 {@code column "c" of relation "t" contains null values}
     */
    public TableDef addPrimaryKey(final Transaction tx, final TableDef table, final String constraintName,
                                  final List<String> columns) {
        return ddl(tx, "ALTER TABLE", d -> DdlIndexes.addKeyConstraint(d, table, constraintName,
            ConstraintKind.PRIMARY_KEY, columns, true));
    }

    /** ALTER TABLE ADD [CONSTRAINT name] UNIQUE (cols); 23505 on duplicates. */
    public TableDef addUnique(final Transaction tx, final TableDef table, final String constraintName,
                              final List<String> columns) {
        return ddl(tx, "ALTER TABLE", d -> DdlIndexes.addKeyConstraint(d, table, constraintName,
            ConstraintKind.UNIQUE, columns, true));
    }

    /**
     * ALTER TABLE ADD [CONSTRAINT name] CHECK (expr). The sqlengine validates existing rows before calling
     * (23514 {@code check constraint "c" of relation "t" is violated by some row}).
     */
    public TableDef addCheck(final Transaction tx, final TableDef table, final ConstraintSpec check) {
        return ddl(tx, "ALTER TABLE", d -> DdlIndexes.addCheck(d, table, check));
    }

    /**
     * The name an unnamed CHECK with expression {@code checkExpr} would get on {@code table} (t_col_check when
     * it uses exactly one column, else t_check; numbered when taken), for messages before it is added
     * (23514 {@code check constraint "t_b_check" of relation "t" is violated by some row}).
     */
    public static String checkConstraintName(final TableDef table, final String checkExpr) {
        return DdlIndexes.checkName(table, DdlIndexes.referencedColumns(table, checkExpr));
    }

    /**
     * ALTER TABLE DROP COLUMN [IF EXISTS] [CASCADE]: the attribute stays (attisdropped, renamed
     * {@code ........pg.dropped.N........}, so existing rows decode); indexes and constraints on it go; a FOREIGN
     * KEY of another table on it needs {@code cascade} (2BP01). Notices as for DROP TABLE.
     */
    public TableDef dropColumn(final Transaction tx, final TableDef table, final String column, final boolean ifExists,
                               final boolean cascade, final List<String> notices) {
        return ddl(tx, "ALTER TABLE", d -> DdlColumns.dropColumn(d, table, column, ifExists, cascade, notices));
    }

    /** ALTER TABLE RENAME COLUMN (CHECK expressions follow); 42703, 42701 when the new name is taken. */
    public TableDef renameColumn(final Transaction tx, final TableDef table, final String column, final String newName) {
        return ddl(tx, "ALTER TABLE", d -> DdlColumns.renameColumn(d, table, column, newName));
    }

    /** ALTER COLUMN SET DEFAULT (the sqlengine's deparsed, type-checked text) / DROP DEFAULT ({@code null}). */
    public TableDef setDefault(final Transaction tx, final TableDef table, final String column, final String defaultExpr) {
        return ddl(tx, "ALTER TABLE", d -> DdlColumns.setDefault(d, table, column, defaultExpr));
    }

    /** ALTER COLUMN SET NOT NULL (23502 when a row holds NULL) / DROP NOT NULL (42P16 for a primary key column). */
    public TableDef setNotNull(final Transaction tx, final TableDef table, final String column, final boolean notNull) {
        return ddl(tx, "ALTER TABLE", d -> DdlColumns.setNotNull(d, table, column, notNull));
    }

    /**
     * ALTER COLUMN TYPE: rewrites every row through {@code convert} (the sqlengine's cast or USING expression,
     * given a copy of the old row, returning the new one) into a new heap and rebuilds the indexes.
     */
    public TableDef alterColumnType(final Transaction tx, final TableDef table, final String column,
                                    final io.stratum.compute.types.PgType type, final int typmod, final String newDefault,
                                    final java.util.function.UnaryOperator<Object[]> convert) {
        return ddl(tx, "ALTER TABLE", d -> DdlColumns.alterType(d, table, column, type, typmod, newDefault, convert));
    }

    /** ALTER TABLE RENAME CONSTRAINT (a primary key's or unique constraint's index is renamed with it). */
    public TableDef renameConstraint(final Transaction tx, final TableDef table, final String name, final String newName) {
        return ddl(tx, "ALTER TABLE", d -> DdlColumns.renameConstraint(d, table, name, newName));
    }

    /** ALTER TABLE ... RENAME TO; 42P07 when the new name is taken. */
    public TableDef renameTable(final Transaction tx, final TableDef table, final String newName) {
        return ddl(tx, "ALTER TABLE", d -> DdlTables.renameTable(d, table, newName));
    }

    /**
     * CREATE SEQUENCE.
     *
     * @return the sequence, or null when IF NOT EXISTS and the name is taken
     */
    /**
     * CREATE [OR REPLACE] VIEW: stores the view's columns, query text and what it reads.
     *
     * @throws io.stratum.compute.session.SqlException 42P07 name taken, 42809 OR REPLACE of a non-view, 42P16 columns
     *     an OR REPLACE would drop, rename or retype
     */
    public ViewDef createView(final Transaction tx, final CatalogContext ctx, final String schema, final String name,
                              final List<ColumnDef> columns, final String definition, final ViewDef.Reads reads,
                              final boolean orReplace) {
        return ddl(tx, "CREATE VIEW", d -> DdlViews.createView(d, ctx, schema, name, columns, definition, reads, orReplace));
    }

    /**
     * DROP TABLE / VIEW / SEQUENCE name [, ...] [CASCADE] ({@code kind} 'r', 'v', 'S'; names as {schema or null,
     * name}) as one deletion, with PostgreSQL's 2BP01 or NOTICE lines (see {@link DropCascade}); a missing name
     * with {@code ifExists} adds its "does not exist, skipping" line to {@code notices} first.
     */
    public void dropRelations(final Transaction tx, final CatalogContext ctx, final char kind, final List<String[]> names,
                              final boolean ifExists, final boolean cascade, final List<String> notices) {
        ddl(tx, "DROP " + DropCascade.command(kind), d -> DropCascade.dropRelations(d, ctx, kind, names, ifExists, cascade,
            notices));
    }

    public SequenceDef createSequence(final Transaction tx, final CatalogContext ctx, final SequenceSpec spec) {
        return ddl(tx, "CREATE SEQUENCE", d -> DdlObjects.createSequence(d, ctx, spec));
    }

    /**
     * DROP SEQUENCE; false when {@code ifExists} and none. Dropping a sequence a column default uses fails with 2BP01
     * ({@code cannot drop sequence t_id_seq because other objects depend on it}; {@link #dropRelations} has CASCADE).
     */
    public boolean dropSequence(final Transaction tx, final CatalogContext ctx, final String schema,
                                final String name, final boolean ifExists) {
        return ddl(tx, "DROP SEQUENCE", d -> DropCascade.dropRelations(d, ctx, 'S', List.<String[]>of(new String[] {schema,
            name}), ifExists, false, new java.util.ArrayList<>()));
    }

    /**
     * CREATE SCHEMA.
     *
     * @return false when {@code ifNotExists} and it exists
     * @throws io.stratum.compute.session.SqlException 42P06 {@code schema "s" already exists}, 42939 for a
     *     name starting with {@code pg_}
     */
    public boolean createSchema(final Transaction tx, final String name, final boolean ifNotExists) {
        return ddl(tx, "CREATE SCHEMA", d -> DdlObjects.createSchema(d, name, ifNotExists));
    }

    /** CREATE TYPE name AS ENUM (labels): 42710 when the type exists. */
    public io.stratum.compute.types.EnumType createEnum(final Transaction tx, final CatalogContext ctx, final String schema,
                                                        final String name, final List<String> labels) {
        return ddl(tx, "CREATE TYPE", d -> DdlTypes.createEnum(d, ctx, schema, name, labels));
    }

    /** ALTER TYPE ADD VALUE; false when the label exists and {@code ifNotExists}. */
    public boolean addEnumValue(final Transaction tx, final io.stratum.compute.types.EnumType type, final String label,
                                final boolean ifNotExists, final String neighbor, final boolean after) {
        return ddl(tx, "ALTER TYPE", d -> DdlTypes.addValue(d, type, label, ifNotExists, neighbor, after));
    }

    /** ALTER TYPE RENAME VALUE. */
    public void renameEnumValue(final Transaction tx, final io.stratum.compute.types.EnumType type, final String from,
                                final String to) {
        ddl(tx, "ALTER TYPE", d -> {
            DdlTypes.renameValue(d, type, from, to);
            return null;
        });
    }

    /**
     * DROP SCHEMA ({@code kind} 'n', namespace OIDs) or DROP TYPE ('E', enum type OIDs) of several objects as one
     * deletion: 2BP01 while anything else depends on them unless {@code cascade}, which drops that too, with
     * PostgreSQL's NOTICE in {@code notices} (see {@link DropCascade}).
     */
    public void dropObjects(final Transaction tx, final char kind, final List<Integer> oids, final boolean cascade,
                            final List<String> notices) {
        ddl(tx, kind == 'n' ? "DROP SCHEMA" : "DROP TYPE", d -> {
            DropCascade.dropObjects(d, kind, oids, cascade, notices);
            return null;
        });
    }

    /** DROP SCHEMA (empty schemas only without cascade: 2BP01); false when {@code ifExists} and none. */
    public boolean dropSchema(final Transaction tx, final String name, final boolean ifExists, final boolean cascade) {
        return ddl(tx, "DROP SCHEMA", d -> DdlObjects.dropSchema(d, name, ifExists, cascade));
    }

    // ---- sequences (non-transactional, as in PostgreSQL) ----

    /**
     * nextval: the next value of {@code sequence}.
     *
     * @throws io.stratum.compute.session.SqlException 2200H {@code nextval: reached maximum value of sequence
     *     "s" (2147483647)} (or minimum) without CYCLE
     */
    public long nextval(final SequenceDef sequence) {
        final long v = store.nextValue(sequence.oid(), sequence.start(), sequence.increment());
        if (v > sequence.max() || v < sequence.min()) {
            final boolean up = v > sequence.max();
            if (!sequence.cycle()) {
                throw new SqlException("2200H", "nextval: reached " + (up ? "maximum" : "minimum") + " value of sequence \""
                    + sequence.name() + "\" (" + (up ? sequence.max() : sequence.min()) + ")");
            }
            final long restart = up ? sequence.min() : sequence.max();
            store.setValue(sequence.oid(), restart);
            return restart;
        }
        return v;
    }

    /**
     * setval(seq, value, isCalled): the next nextval returns {@code value} + increment when {@code isCalled},
     * else {@code value}.
     *
     * @throws io.stratum.compute.session.SqlException 22003 when out of the sequence's bounds
     */
    public void setval(final SequenceDef sequence, final long value, final boolean isCalled) {
        if (value < sequence.min() || value > sequence.max()) {
            throw new SqlException("22003", "setval: value " + value + " is out of bounds for sequence \""
                + sequence.name() + "\" (" + sequence.min() + ".." + sequence.max() + ")");
        }
        store.setValue(sequence.oid(), isCalled ? value : value - sequence.increment());
    }

    /** A fresh OID (never reused; sequence 1 of the store, from 16384). */
    public int allocateOid() {
        return (int) store.nextValue(OID_SEQUENCE, FIRST_OID, 1);
    }

    // ---- internals ----

    private CatalogSnapshot loadCommitted(final long gen) {
        if (!store.exists(CatalogRows.RELATIONS)) {
            final SnapshotBuilder b = SnapshotBuilder.builtins(store);
            b.generation = gen;
            return b.build();
        }
        final Transaction tx = store.begin(Isolation.READ_COMMITTED, true);
        try {
            tx.newStatement();
            return io.load(tx, gen).build();
        } finally {
            tx.commit();
        }
    }

    /** Runs one DDL operation in {@code tx}'s own view, under the DDL lock. */
    <T> T ddl(final Transaction tx, final String command, final Function<Ddl, T> op) {
        if (tx.readOnly() || store.readOnly()) {
            throw new SqlException("25006", "cannot execute " + command + " in a read-only transaction");
        }
        acquireDdlLock(tx);
        final View v = views.computeIfAbsent(tx, k -> {
            final View n = new View();
            n.builder = new SnapshotBuilder(committed);
            n.snapshot = committed;
            return n;
        });
        synchronized (v) {
            if (v.stale) {
                v.builder = io.load(tx, generation);
                v.stale = false;
            }
            try {
                v.builder.privateView = true;
                final T result = op.apply(new Ddl(this, tx, v.builder, io));
                v.snapshot = v.builder.build();
                return result;
            } catch (final RuntimeException e) {
                // the statement's catalog rows are undone by the transaction's rollback (or ROLLBACK TO)
                v.stale = true;
                throw e;
            }
        }
    }

    private void acquireDdlLock(final Transaction tx) {
        synchronized (lock) {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DDL_LOCK_WAIT_MS);
            ddlWaiters++;
            try {
                waitForDdlLock(tx, deadline);
            } finally {
                ddlWaiters--;
            }
            ddlOwner = tx;
        }
    }

    /** Transactions waiting for another's DDL to end (for tests and metrics). */
    int ddlWaiters() {
        synchronized (lock) {
            return ddlWaiters;
        }
    }

    private void waitForDdlLock(final Transaction tx, final long deadline) {
        long ownerFinishedAt = 0;
        while (ddlOwner != null && ddlOwner != tx) {
            final long now = System.nanoTime();
            if (ddlOwner.finished()) {
                // transactionEnded normally follows at once; an owner that ended without it (a caller bug)
                // loses the lock after a grace period, and the committed schema is re-read from the heaps
                if (ownerFinishedAt == 0) {
                    ownerFinishedAt = now;
                } else if (now - ownerFinishedAt > TimeUnit.SECONDS.toNanos(1)) {
                    views.remove(ddlOwner);
                    ddlOwner = null;
                    final long next = generation + 1;
                    committed = loadCommitted(next);
                    generation = next;
                    return;
                }
            }
            final long left = deadline - now;
            if (left <= 0) {
                throw new SqlException("55P03", "could not obtain lock on the catalog: another transaction is "
                    + "running DDL");
            }
            try {
                lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqlException("57014", "canceling statement due to user request");
            }
        }
    }

    private void releaseDdlLock(final Transaction tx) {
        synchronized (lock) {
            if (ddlOwner == tx) {
                ddlOwner = null;
                lock.notifyAll();
            }
        }
    }
}
