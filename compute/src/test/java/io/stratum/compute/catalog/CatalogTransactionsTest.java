package io.stratum.compute.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.Transaction;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DDL inside savepoints, failed DDL statements, and two transactions doing DDL at once. */
class CatalogTransactionsTest {
    @TempDir
    Path dir;

    private static TableSpec table(final String name) {
        return new TableSpec(null, name, List.of(ColumnSpec.of("a", PgType.INT4)), List.of(), List.of(), false);
    }

    @Test
    void rollbackToSavepointUndoesOnlyTheLaterDdl() {
        try (StoreFixture f = new StoreFixture(dir)) {
            final Transaction tx = f.store.begin(Isolation.READ_COMMITTED, false);
            tx.newStatement();
            f.catalog.createTable(tx, f.ctx, table("a"));
            final int sp = tx.savepoint();
            tx.newStatement();
            f.catalog.createTable(tx, f.ctx, table("b"));
            tx.rollbackTo(sp);
            f.catalog.rolledBackToSavepoint(tx);
            tx.newStatement();
            assertNotNull(f.catalog.snapshot(tx).findTable(f.ctx, null, "a"));
            assertNull(f.catalog.snapshot(tx).findTable(f.ctx, null, "b"));
            // a failed DDL statement leaves the view to be re-read too
            assertThrows(SqlException.class, () -> f.catalog.createTable(tx, f.ctx, table("a")));
            tx.newStatement();
            f.catalog.createTable(tx, f.ctx, table("c"));
            tx.commit();
            f.catalog.transactionEnded(tx, true);
            assertNotNull(f.catalog.snapshot().findTable(f.ctx, null, "a"));
            assertNull(f.catalog.snapshot().findTable(f.ctx, null, "b"));
            assertNotNull(f.catalog.snapshot().findTable(f.ctx, null, "c"));
            f.restart();
            assertEquals(List.of("a", "c"), f.catalog.snapshot().tables().stream().map(TableDef::name).toList());
        }
    }

    @Test
    void concurrentDdlWaitsForTheFirstTransaction() throws Exception {
        try (StoreFixture f = new StoreFixture(dir)) {
            final Transaction first = f.store.begin(Isolation.READ_COMMITTED, false);
            first.newStatement();
            f.catalog.createTable(first, f.ctx, table("t"));
            final CompletableFuture<TableDef> second = CompletableFuture.supplyAsync(
                () -> f.inTx(tx -> f.catalog.createTable(tx, f.ctx, table("t"))));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (f.catalog.ddlWaiters() == 0 && !second.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(1, f.catalog.ddlWaiters(), "the second transaction waits for the DDL lock");
            first.commit();
            f.catalog.transactionEnded(first, true);
            final ExecutionException e = assertThrows(ExecutionException.class, () -> second.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof SqlException);
            assertEquals("42P07", ((SqlException) e.getCause()).sqlState(), "it saw the first one's committed table");
            assertEquals(1, f.catalog.snapshot().tables().size());
        }
    }
}
