package io.stratum.compute.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A view's catalog row keeps its column dependencies; a row in the format before them still loads. */
class ViewRowFormatTest {
    @TempDir
    Path dir;

    private static TableDef table(final StoreFixture f) {
        return f.inTx(tx -> f.catalog.createTable(tx, f.ctx, CatalogStoreTest.table("t", ColumnSpec.of("a", PgType.INT4),
            ColumnSpec.of("b", PgType.TEXT), ColumnSpec.of("c", PgType.INT4))));
    }

    private static ViewDef view(final StoreFixture f, final String name) {
        return f.catalog.snapshot().views().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void columnDependenciesSurviveARestart() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = table(f);
            f.run(tx -> f.catalog.createView(tx, f.ctx, null, "v", List.of(new ColumnDef(1, "b", PgType.TEXT, -1, false, null,
                null)), "SELECT b FROM t", new ViewDef.Reads(List.of(t.oid()), List.of(ViewDef.columnKey(t.oid(), 2)),
                List.of(), List.of()), false));
            f.restart();
            final ViewDef v = view(f, "v");
            assertEquals(List.of(t.oid()), v.dependsOn());
            assertFalse(v.readsColumn(t.oid(), 1));
            assertTrue(v.readsColumn(t.oid(), 2));
            final TableDef now = f.catalog.snapshot().table(t.oid());
            f.run(tx -> f.catalog.dropColumn(tx, now, "c", false, false, new ArrayList<>()));
            final SqlException e = assertThrows(SqlException.class, () -> f.run(tx -> f.catalog.dropColumn(tx,
                f.catalog.snapshot().table(t.oid()), "b", false, false, new ArrayList<>())));
            assertEquals("2BP01", e.sqlState());
            assertEquals("view v depends on column b of table t", e.detail());
        }
    }

    @Test
    void aRowWithoutColumnDependenciesReadsAsDependingOnEveryColumn() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final TableDef t = table(f);
            final CatalogIo io = new CatalogIo(f.store);
            f.run(tx -> {
                // the row as CREATE VIEW wrote it before column dependencies: the relation OIDs alone as options
                final int oid = f.catalog.allocateOid();
                io.insert(tx, CatalogRows.RELATIONS, new Object[] {oid, "old", NamespaceDef.PUBLIC, "v", 0,
                    NamespaceDef.SUPERUSER_OID, new Object[] {String.valueOf(t.oid())}, 0, "SELECT a FROM t"});
                io.insert(tx, CatalogRows.ATTRIBUTES, CatalogIo.columnRow(oid, new ColumnDef(1, "a", PgType.INT4, -1, false,
                    null, null)));
            });
            f.restart();
            final ViewDef v = view(f, "old");
            assertEquals(List.of(t.oid()), v.dependsOn());
            for (int a = 1; a <= 3; a++) {
                assertTrue(v.readsColumn(t.oid(), a), "column " + a);
            }
            final SqlException e = assertThrows(SqlException.class, () -> f.run(tx -> f.catalog.dropColumn(tx,
                f.catalog.snapshot().table(t.oid()), "c", false, false, new ArrayList<>())));
            assertEquals("view old depends on column c of table t", e.detail());
            final List<String> notices = new ArrayList<>();
            f.run(tx -> f.catalog.dropColumn(tx, f.catalog.snapshot().table(t.oid()), "c", false, true, notices));
            assertEquals(List.of("drop cascades to view old"), notices);
            f.restart();
            assertTrue(f.catalog.snapshot().views().isEmpty());
        }
    }
}
