package io.stratum.compute.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import io.stratum.compute.types.PgType;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Transaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog over a real mvcc store: DDL round trips, rollback, restart, old LSNs, truncate, add column. */
class CatalogStoreTest {
    @TempDir
    Path dir;

    static TableSpec table(final String name, final ColumnSpec... cols) {
        return new TableSpec(null, name, List.of(cols), List.of(), List.of("fillfactor=100"), false);
    }

    static List<String> rows(final StoreFixture f, final String table) {
        final Transaction tx = f.store.begin(Isolation.READ_COMMITTED, true);
        tx.newStatement();
        try {
            final TableDef t = f.catalog.snapshot(tx).table(f.ctx, null, table);
            final List<String> out = new ArrayList<>();
            try (RowCursor c = new TableAccess(f.store, t).scan(tx)) {
                while (c.next()) {
                    out.add(java.util.Arrays.toString(c.row()));
                }
            }
            out.sort(null);
            return out;
        } finally {
            tx.commit();
        }
    }

    @Test
    void createdTablesSurviveARestartWithStableOids() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = f.inTx(tx -> f.catalog.createTable(tx, f.ctx,
                table("t", ColumnSpec.of("a", PgType.INT4), new ColumnSpec("b", PgType.VARCHAR, 24, true, "'x'::character varying", false))));
            assertTrue(t.oid() >= 16384);
            assertEquals(List.of("fillfactor=100"), t.options());
            f.run(tx -> new TableAccess(f.store, f.catalog.snapshot(tx).table(t.oid())).insert(tx, new Object[] {1, "one"}));
            f.restart();
            final CatalogSnapshot s = f.catalog.snapshot();
            final TableDef again = s.table(f.ctx, null, "t");
            assertEquals(t, again);
            assertEquals(24, again.column("b").typmod());
            assertTrue(again.column("b").notNull());
            assertEquals("'x'::character varying", again.column("b").defaultExpr());
            assertEquals(List.of("[1, one]"), rows(f, "t"));
            final TableDef u = f.inTx(tx -> f.catalog.createTable(tx, f.ctx, table("u")));
            assertTrue(u.oid() > t.rowTypeOid(), "OIDs are never reused: " + u.oid());
        }
    }

    @Test
    void rolledBackDdlLeavesNoTraceAndOwnViewSeesUncommittedDdl() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final long gen = f.catalog.generation();
            final Transaction tx = f.store.begin(Isolation.READ_COMMITTED, false);
            tx.newStatement();
            f.catalog.createTable(tx, f.ctx, table("t", ColumnSpec.of("a", PgType.INT8)));
            assertNotNull(f.catalog.snapshot(tx).findTable(f.ctx, null, "t"), "own DDL is visible to its transaction");
            assertNull(f.catalog.snapshot().findTable(f.ctx, null, "t"), "not to others");
            assertTrue(f.catalog.snapshot(tx).privateView());
            assertFalse(f.catalog.snapshot().privateView());
            assertTrue(f.catalog.snapshot(tx).version() != f.catalog.snapshot().version());
            tx.rollback();
            f.catalog.transactionEnded(tx, false);
            assertEquals(gen, f.catalog.generation());
            assertNull(f.catalog.snapshot().findTable(f.ctx, null, "t"));
            f.restart();
            assertNull(f.catalog.snapshot().findTable(f.ctx, null, "t"));
            final TableDef t = f.inTx(x -> f.catalog.createTable(x, f.ctx, table("t", ColumnSpec.of("a", PgType.INT8))));
            assertTrue(f.catalog.generation() > gen);
            assertEquals(t, f.catalog.snapshot().table(f.ctx, "public", "t"));
        }
    }

    @Test
    void errorsCarryPostgresStatesAndWording() {
        try (StoreFixture f = new StoreFixture(dir)) {
            f.run(tx -> f.catalog.createTable(tx, f.ctx, table("t", ColumnSpec.of("a", PgType.INT4))));
            SqlException e = assertThrows(SqlException.class,
                () -> f.run(tx -> f.catalog.createTable(tx, f.ctx, table("t", ColumnSpec.of("a", PgType.INT4)))));
            assertEquals("42P07", e.sqlState());
            assertEquals("relation \"t\" already exists", e.getMessage());
            assertNull(f.inTx(tx -> f.catalog.createTable(tx, f.ctx, new TableSpec(null, "t", List.of(), List.of(),
                List.of(), true))));
            e = assertThrows(SqlException.class, () -> f.catalog.snapshot().table(f.ctx, null, "nope"));
            assertEquals("42P01", e.sqlState());
            assertEquals("relation \"nope\" does not exist", e.getMessage());
            e = assertThrows(SqlException.class, () -> f.run(tx -> f.catalog.createTable(tx, f.ctx,
                table("d", ColumnSpec.of("a", PgType.INT4), ColumnSpec.of("a", PgType.INT4)))));
            assertEquals("42701", e.sqlState());
            e = assertThrows(SqlException.class, () -> f.run(tx -> f.catalog.createTable(tx, f.ctx,
                new TableSpec("nosuch", "x", List.of(), List.of(), List.of(), false))));
            assertEquals("3F000", e.sqlState());
            assertEquals("schema \"nosuch\" does not exist", e.getMessage());
            e = assertThrows(SqlException.class, () -> f.run(tx -> f.catalog.addColumn(tx,
                f.catalog.snapshot().table(f.ctx, null, "t"), ColumnSpec.of("a", PgType.TEXT), null, false)));
            assertEquals("42701", e.sqlState());
            assertEquals("column \"a\" of relation \"t\" already exists", e.getMessage());
            assertFalse((boolean) f.inTx(tx -> f.catalog.dropTable(tx, f.ctx, null, "nope", true)));
            e = assertThrows(SqlException.class, () -> f.run(tx -> f.catalog.dropTable(tx, f.ctx, null, "nope", false)));
            assertEquals("42P01", e.sqlState());
            assertEquals("table \"nope\" does not exist", e.getMessage());
        }
    }

    @Test
    void oldLsnReadOnlyStoreSeesTheSchemaOfItsMoment() {
        try (StoreFixture f = new StoreFixture(dir)) {
            f.run(tx -> f.catalog.createTable(tx, f.ctx, table("t1", ColumnSpec.of("a", PgType.INT4))));
            final long lsn = f.sync();
            f.run(tx -> f.catalog.createTable(tx, f.ctx, table("t2", ColumnSpec.of("a", PgType.INT4))));
            f.run(tx -> f.catalog.addColumn(tx, f.catalog.snapshot().table(f.ctx, null, "t1"),
                ColumnSpec.of("b", PgType.TEXT), null, false));
            f.sync();
            try (MvccStore ro = f.readOnlyAt(lsn)) {
                final Catalog old = Catalog.open(ro);
                assertNotNull(old.snapshot().findTable(f.ctx, null, "t1"));
                assertEquals(1, old.snapshot().findTable(f.ctx, null, "t1").columns().size());
                assertNull(old.snapshot().findTable(f.ctx, null, "t2"));
                final Transaction tx = ro.begin(Isolation.READ_COMMITTED, true);
                tx.newStatement();
                final SqlException e = assertThrows(SqlException.class,
                    () -> old.createTable(tx, f.ctx, table("t3")));
                assertEquals("25006", e.sqlState());
                tx.commit();
            }
            assertEquals(2, f.catalog.snapshot().findTable(f.ctx, null, "t1").columns().size());
        }
    }

    @Test
    void truncateIsTransactionalAndAddColumnReadsMissingValues() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = f.inTx(tx -> f.catalog.createTable(tx, f.ctx, table("t", ColumnSpec.of("a", PgType.INT4))));
            f.run(tx -> {
                final TableAccess a = new TableAccess(f.store, t);
                a.insert(tx, new Object[] {1});
                a.insert(tx, new Object[] {2});
            });
            // rolled back truncate keeps the rows
            final Transaction tx = f.store.begin(Isolation.READ_COMMITTED, false);
            tx.newStatement();
            f.catalog.truncate(tx, List.of(t), false);
            assertEquals(0, count(f, tx, f.catalog.snapshot(tx).table(t.oid())));
            tx.rollback();
            f.catalog.transactionEnded(tx, false);
            assertEquals(List.of("[1]", "[2]"), rows(f, "t"));
            final int before = f.catalog.snapshot().table(t.oid()).relfilenode();
            f.run(x -> f.catalog.truncate(x, List.of(t), false));
            assertTrue(f.catalog.snapshot().table(t.oid()).relfilenode() != before);
            assertEquals(List.of(), rows(f, "t"));
            f.run(x -> new TableAccess(f.store, f.catalog.snapshot(x).table(t.oid())).insert(x, new Object[] {3}));
            f.run(x -> f.catalog.addColumn(x, f.catalog.snapshot(x).table(t.oid()),
                new ColumnSpec("b", PgType.INT8, -1, false, "7", false), 7L, false));
            f.run(x -> f.catalog.addColumn(x, f.catalog.snapshot(x).table(t.oid()), ColumnSpec.of("c", PgType.TEXT),
                null, false));
            f.run(x -> new TableAccess(f.store, f.catalog.snapshot(x).table(t.oid())).insert(x, new Object[] {4, 8L, "z"}));
            f.restart();
            assertEquals(List.of("[3, 7, null]", "[4, 8, z]"), rows(f, "t"));
            final SqlException e = assertThrows(SqlException.class, () -> f.run(x -> f.catalog.addColumn(x,
                f.catalog.snapshot(x).table(t.oid()), new ColumnSpec("d", PgType.INT4, -1, true, null, false), null, false)));
            assertEquals("23502", e.sqlState());
            assertEquals("column \"d\" of relation \"t\" contains null values", e.getMessage());
        }
    }

    private static int count(final StoreFixture f, final Transaction tx, final TableDef t) {
        int n = 0;
        try (RowCursor c = new TableAccess(f.store, t).scan(tx)) {
            while (c.next()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void serialColumnsGetOwnedSequencesAndDropTableRemovesThem() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = f.inTx(tx -> f.catalog.createTable(tx, f.ctx, table("t",
                new ColumnSpec("id", PgType.INT4, -1, false, null, true), ColumnSpec.of("v", PgType.TEXT))));
            assertEquals("nextval('t_id_seq'::regclass)", t.column("id").defaultExpr());
            assertTrue(t.column("id").notNull());
            final SequenceDef s = f.catalog.snapshot().sequence(f.ctx, null, "t_id_seq");
            assertEquals(t.oid(), s.ownedByTable());
            assertEquals(1, s.ownedByColumn());
            assertEquals(Integer.MAX_VALUE, s.max());
            assertEquals(1, f.catalog.nextval(s));
            assertEquals(2, f.catalog.nextval(s));
            f.catalog.setval(s, 10, false);
            assertEquals(10, f.catalog.nextval(s));
            final SqlException e = assertThrows(SqlException.class,
                () -> f.run(tx -> f.catalog.dropSequence(tx, f.ctx, null, "t_id_seq", false)));
            assertEquals("2BP01", e.sqlState());
            assertTrue((boolean) f.inTx(tx -> f.catalog.dropTable(tx, f.ctx, null, "t", false)));
            assertTrue(f.catalog.snapshot().sequences().isEmpty());
            f.restart();
            assertTrue(f.catalog.snapshot().sequences().isEmpty());
            assertTrue(f.catalog.snapshot().tables().isEmpty());
        }
    }

    @Test
    void schemasAndRename() {
        try (StoreFixture f = new StoreFixture(dir)) {
            assertTrue((boolean) f.inTx(tx -> f.catalog.createSchema(tx, "s", false)));
            final SqlException e = assertThrows(SqlException.class, () -> f.run(tx -> f.catalog.createSchema(tx, "s", false)));
            assertEquals("42P06", e.sqlState());
            f.run(tx -> f.catalog.createTable(tx, f.ctx, new TableSpec("s", "t", List.of(ColumnSpec.of("a", PgType.INT4)),
                List.of(), List.of(), false)));
            assertNull(f.catalog.snapshot().findTable(f.ctx, null, "t"), "s is not on the search path");
            final TableDef t = f.catalog.snapshot().table(f.ctx, "s", "t");
            f.run(tx -> f.catalog.renameTable(tx, t, "u"));
            f.restart();
            assertEquals(t.oid(), f.catalog.snapshot().table(f.ctx, "s", "u").oid());
            final SqlException e2 = assertThrows(SqlException.class, () -> f.run(tx -> f.catalog.dropSchema(tx, "s", false, false)));
            assertEquals("2BP01", e2.sqlState());
            assertTrue((boolean) f.inTx(tx -> f.catalog.dropSchema(tx, "s", false, true)));
            assertNull(f.catalog.snapshot().namespace("s"));
            assertTrue(f.catalog.snapshot().tables().isEmpty());
        }
    }

    @Test
    void checkConstraintsAreNamedAsPostgresNamesThem() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = f.inTx(tx -> f.catalog.createTable(tx, f.ctx, new TableSpec(null, "t",
                List.of(ColumnSpec.of("price", PgType.NUMERIC), ColumnSpec.of("qty", PgType.INT4)),
                List.of(new ConstraintSpec(null, ConstraintKind.CHECK, List.of(), "(price > (0)::numeric)"),
                    new ConstraintSpec(null, ConstraintKind.CHECK, List.of(), "(qty < price)"),
                    new ConstraintSpec(null, ConstraintKind.CHECK, List.of(), "(\"qty\" <> 'price'::text::integer)")),
                List.of(), false)));
            assertEquals(List.of("t_check", "t_price_check", "t_qty_check"),
                t.constraints().stream().map(ConstraintDef::name).toList());
            final ConstraintDef both = t.constraints().get(0);
            assertEquals(List.of(1, 2), java.util.Arrays.stream(both.keyAttnums()).boxed().toList());
            final SqlException e = assertThrows(SqlException.class, () -> f.run(tx -> f.catalog.addCheck(tx,
                f.catalog.snapshot().table(t.oid()), new ConstraintSpec("t_check", ConstraintKind.CHECK, List.of(), "true"))));
            assertEquals("42710", e.sqlState());
            final TableDef t2 = f.inTx(tx -> f.catalog.addCheck(tx, f.catalog.snapshot().table(t.oid()),
                new ConstraintSpec(null, ConstraintKind.CHECK, List.of(), "(qty > 1)")));
            assertTrue(t2.constraints().stream().anyMatch(c -> c.name().equals("t_qty_check1")));
            assertEquals("t_qty_check2", Catalog.checkConstraintName(t2, "(qty > 2)"));
            assertEquals("t_check1", Catalog.checkConstraintName(t2, "(qty > price)"));
        }
    }
}
