package io.stratum.compute.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.catalog.ColumnSpec;
import io.stratum.compute.catalog.ConstraintSpec;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.IndexSpec;
import io.stratum.compute.catalog.StoreFixture;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.catalog.TableSpec;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.WaitPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inserts, scans, index scans, updates and constraint checks through TableAccess over the real store. */
class TableAccessTest {
    @TempDir
    Path dir;

    private static TableDef accounts(final StoreFixture f) {
        return f.inTx(tx -> f.catalog.createTable(tx, f.ctx, new TableSpec(null, "acc",
            List.of(new ColumnSpec("id", PgType.INT4, -1, false, null, false), ColumnSpec.of("owner", PgType.TEXT),
                ColumnSpec.of("balance", PgType.INT8)),
            List.of(ConstraintSpec.primaryKey(List.of("id"))), List.of(), false)));
    }

    private static List<String> collect(final RowCursor c) {
        final List<String> out = new ArrayList<>();
        try (c) {
            while (c.next()) {
                out.add(Arrays.toString(c.row()));
            }
        }
        return out;
    }

    private static <T> T read(final StoreFixture f, final java.util.function.Function<Transaction, T> work) {
        final Transaction tx = f.store.begin(Isolation.READ_COMMITTED, true);
        tx.newStatement();
        try {
            return work.apply(tx);
        } finally {
            tx.commit();
        }
    }

    private static TableDef current(final StoreFixture f, final TableDef t) {
        return f.catalog.snapshot().table(t.oid());
    }

    @Test
    void primaryKeyRejectsDuplicatesAndNulls() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = accounts(f);
            assertEquals("acc_pkey", t.primaryKey().name());
            assertTrue(t.column("id").notNull());
            f.run(tx -> new TableAccess(f.store, t).insert(tx, new Object[] {1, "a", 10L}));
            SqlException e = assertThrows(SqlException.class,
                () -> f.run(tx -> new TableAccess(f.store, t).insert(tx, new Object[] {1, "b", 20L})));
            assertEquals("23505", e.sqlState());
            assertEquals("duplicate key value violates unique constraint \"acc_pkey\"", e.getMessage());
            assertEquals("Key (id)=(1) already exists.", e.detail());
            e = assertThrows(SqlException.class,
                () -> f.run(tx -> new TableAccess(f.store, t).insert(tx, new Object[] {null, "b", 20L})));
            assertEquals("23502", e.sqlState());
            assertEquals("null value in column \"id\" of relation \"acc\" violates not-null constraint", e.getMessage());
            assertEquals("Failing row contains (null, b, 20).", e.detail());
            assertEquals(List.of("[1, a, 10]"), read(f, tx -> collect(new TableAccess(f.store, t).scan(tx))));
        }
    }

    @Test
    void indexScansForEqualityAndRanges() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = accounts(f);
            f.run(tx -> {
                final TableAccess a = new TableAccess(f.store, t);
                for (int i = 1; i <= 300; i++) {
                    a.insert(tx, new Object[] {i, i % 2 == 0 ? "even" : null, (long) (i * 10)});
                }
            });
            final IndexDef ownerIdx = f.inTx(tx -> f.catalog.createIndex(tx, f.ctx,
                new IndexSpec(null, null, "acc", List.of("owner", "balance"), false, false)));
            assertEquals("acc_owner_balance_idx", ownerIdx.name());
            final TableDef t2 = current(f, t);
            final IndexDef pk = t2.primaryKey();
            read(f, tx -> {
                final TableAccess a = new TableAccess(f.store, t2);
                assertEquals(List.of("[7, null, 70]"), collect(a.indexScan(tx, pk, new Object[] {7}, 1, true,
                    new Object[] {7}, 1, true, false)));
                assertEquals(List.of(), collect(a.indexScan(tx, pk, new Object[] {301}, 1, true,
                    new Object[] {301}, 1, true, false)));
                final List<String> range = collect(a.indexScan(tx, pk, new Object[] {10}, 1, false,
                    new Object[] {13}, 1, true, false));
                assertEquals(List.of("[11, null, 110]", "[12, even, 120]", "[13, null, 130]"), range);
                assertEquals(List.of("[300, even, 3000]", "[299, null, 2990]"), collect(a.indexScan(tx, pk,
                    new Object[] {299}, 1, true, null, 0, false, true)));
                assertEquals(150, collect(a.indexScan(tx, ownerIdx, new Object[] {"even"}, 1, true,
                    new Object[] {"even"}, 1, true, false)).size());
                assertEquals(List.of("[4, even, 40]", "[6, even, 60]"), collect(a.indexScan(tx, ownerIdx,
                    new Object[] {"even", 30L}, 2, false, new Object[] {"even", 60L}, 2, true, false)));
                assertEquals(150, collect(a.indexScan(tx, ownerIdx, new Object[] {"a"}, 1, true, null, 0, false,
                    false)).size(), "NULL owners are not in (owner) >= 'a'");
                assertEquals(List.of(), collect(a.indexScan(tx, ownerIdx, new Object[] {null}, 1, true,
                    new Object[] {null}, 1, true, false)));
                return null;
            });
        }
    }

    @Test
    void updatesMaintainIndexesAndKeepUniqueness() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = accounts(f);
            final long[] tids = new long[2];
            f.run(tx -> {
                final TableAccess a = new TableAccess(f.store, t);
                tids[0] = a.insert(tx, new Object[] {1, "a", 10L});
                tids[1] = a.insert(tx, new Object[] {2, "b", 20L});
            });
            final long[] out = new long[1];
            f.run(tx -> assertEquals(Outcome.OK, new TableAccess(f.store, t).update(tx, tids[0],
                new Object[] {1, "a", 11L}, WaitPolicy.BLOCK, out)));
            final long newTid = out[0];
            f.run(tx -> assertEquals(Outcome.OK, new TableAccess(f.store, t).update(tx, newTid,
                new Object[] {5, "a", 11L}, WaitPolicy.BLOCK, out)));
            final SqlException e = assertThrows(SqlException.class, () -> f.run(tx -> new TableAccess(f.store, t)
                .update(tx, tids[1], new Object[] {5, "b", 20L}, WaitPolicy.BLOCK, new long[1])));
            assertEquals("23505", e.sqlState());
            read(f, tx -> {
                final TableAccess a = new TableAccess(f.store, t);
                final IndexDef pk = t.primaryKey();
                assertEquals(List.of(), collect(a.indexScan(tx, pk, new Object[] {1}, 1, true, new Object[] {1}, 1,
                    true, false)));
                assertEquals(List.of("[5, a, 11]"), collect(a.indexScan(tx, pk, new Object[] {5}, 1, true,
                    new Object[] {5}, 1, true, false)));
                final Object[] row = new Object[3];
                assertTrue(a.fetch(tx, out[0], row));
                assertEquals(5, row[0]);
                assertFalse(a.fetch(tx, tids[0], row));
                return null;
            });
            f.run(tx -> assertEquals(Outcome.OK, new TableAccess(f.store, t).delete(tx, out[0], WaitPolicy.BLOCK,
                new long[1])));
            assertTrue(f.inTx(tx -> new TableAccess(f.store, t).vacuum()) >= 1);
            f.run(tx -> new TableAccess(f.store, t).insert(tx, new Object[] {5, "again", 0L}));
            assertEquals(List.of("[2, b, 20]", "[5, again, 0]"),
                read(f, tx -> collect(new TableAccess(f.store, t).scan(tx))).stream().sorted().toList());
        }
    }

    @Test
    void constraintsAddedLaterCheckExistingRows() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = f.inTx(tx -> f.catalog.createTable(tx, f.ctx, new TableSpec(null, "p",
                List.of(ColumnSpec.of("a", PgType.INT4), ColumnSpec.of("b", PgType.TEXT)), List.of(), List.of(), false)));
            f.run(tx -> {
                final TableAccess a = new TableAccess(f.store, t);
                a.insert(tx, new Object[] {1, "x"});
                a.insert(tx, new Object[] {1, "y"});
                a.insert(tx, new Object[] {null, "x"});
            });
            SqlException e = assertThrows(SqlException.class,
                () -> f.run(tx -> f.catalog.addPrimaryKey(tx, current(f, t), null, List.of("a"))));
            assertEquals("23505", e.sqlState(), "duplicates are reported before NULLs, as PostgreSQL");
            assertEquals("could not create unique index \"p_pkey\"", e.getMessage());
            final TableDef n = f.inTx(tx -> f.catalog.createTable(tx, f.ctx, new TableSpec(null, "n",
                List.of(ColumnSpec.of("a", PgType.INT4)), List.of(), List.of(), false)));
            f.run(tx -> {
                new TableAccess(f.store, n).insert(tx, new Object[] {1});
                new TableAccess(f.store, n).insert(tx, new Object[] {null});
            });
            e = assertThrows(SqlException.class,
                () -> f.run(tx -> f.catalog.addPrimaryKey(tx, current(f, n), null, List.of("a"))));
            assertEquals("23502", e.sqlState());
            assertEquals("column \"a\" of relation \"n\" contains null values", e.getMessage());
            e = assertThrows(SqlException.class,
                () -> f.run(tx -> f.catalog.addUnique(tx, current(f, t), null, List.of("a"))));
            assertEquals("23505", e.sqlState());
            assertEquals("could not create unique index \"p_a_key\"", e.getMessage());
            assertEquals("Key (a)=(1) is duplicated.", e.detail());
            e = assertThrows(SqlException.class, () -> f.run(tx -> f.catalog.createIndex(tx, f.ctx,
                new IndexSpec("ub", null, "p", List.of("b"), true, false))));
            assertEquals("could not create unique index \"ub\"", e.getMessage());
            assertTrue(current(f, t).indexes().isEmpty(), "failed builds leave nothing behind");
            f.run(tx -> {
                final TableAccess a = new TableAccess(f.store, t);
                try (RowCursor c = a.scan(tx)) {
                    while (c.next()) {
                        if (c.row()[0] == null) {
                            assertEquals(Outcome.OK, a.delete(tx, c.tid(), WaitPolicy.BLOCK, new long[1]));
                        }
                    }
                }
            });
            final TableDef withKey = f.inTx(tx -> f.catalog.addPrimaryKey(tx, current(f, t), null, List.of("a", "b")));
            assertEquals("p_pkey", withKey.primaryKey().name());
            assertTrue(withKey.column("a").notNull() && withKey.column("b").notNull());
            e = assertThrows(SqlException.class,
                () -> f.run(tx -> f.catalog.addPrimaryKey(tx, current(f, t), null, List.of("b"))));
            assertEquals("42P16", e.sqlState());
            assertEquals("multiple primary keys for table \"p\" are not allowed", e.getMessage());
            // unique index allows several NULLs, as PostgreSQL
            final TableDef q = f.inTx(tx -> f.catalog.createTable(tx, f.ctx, new TableSpec(null, "q",
                List.of(ColumnSpec.of("a", PgType.INT4)), List.of(ConstraintSpec.unique(List.of("a"))), List.of(), false)));
            f.run(tx -> {
                final TableAccess a = new TableAccess(f.store, q);
                a.insert(tx, new Object[] {null});
                a.insert(tx, new Object[] {null});
                a.insert(tx, new Object[] {3});
            });
            assertEquals("23505", assertThrows(SqlException.class,
                () -> f.run(tx -> new TableAccess(f.store, q).insert(tx, new Object[] {3}))).sqlState());
            f.restart();
            assertEquals(withKey, f.catalog.snapshot().table(t.oid()));
            assertEquals("23505", assertThrows(SqlException.class, () -> f.run(tx -> new TableAccess(f.store,
                f.catalog.snapshot().table(t.oid())).insert(tx, new Object[] {1, "x"}))).sqlState());
        }
    }

    @Test
    void truncateGivesIndexesNewStorageToo() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = accounts(f);
            f.run(tx -> new TableAccess(f.store, t).insert(tx, new Object[] {1, "a", 1L}));
            f.run(tx -> f.catalog.truncate(tx, List.of(t), false));
            final TableDef t2 = current(f, t);
            assertTrue(t2.primaryKey().relfilenode() != t.primaryKey().relfilenode());
            f.run(tx -> new TableAccess(f.store, t2).insert(tx, new Object[] {1, "again", 2L}));
            assertEquals(List.of("[1, again, 2]"), read(f, tx -> collect(new TableAccess(f.store, t2).indexScan(tx,
                t2.primaryKey(), new Object[] {1}, 1, true, new Object[] {1}, 1, true, false))));
        }
    }

    @Test
    void oversizedRowsAndKeysFailWith54000() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = f.inTx(tx -> f.catalog.createTable(tx, f.ctx, new TableSpec(null, "big",
                List.of(ColumnSpec.of("k", PgType.TEXT), ColumnSpec.of("v", PgType.TEXT)),
                List.of(ConstraintSpec.primaryKey(List.of("k"))), List.of(), false)));
            SqlException e = assertThrows(SqlException.class, () -> f.run(tx -> new TableAccess(f.store, t)
                .insert(tx, new Object[] {"k", "x".repeat(9000)})));
            assertEquals("54000", e.sqlState());
            assertTrue(e.getMessage().startsWith("row is too big: size 9"), e.getMessage());
            e = assertThrows(SqlException.class, () -> f.run(tx -> new TableAccess(f.store, t)
                .insert(tx, new Object[] {"y".repeat(3000), "v"})));
            assertEquals("54000", e.sqlState());
            assertTrue(e.getMessage().contains("for index \"big_pkey\""), e.getMessage());
        }
    }
}
