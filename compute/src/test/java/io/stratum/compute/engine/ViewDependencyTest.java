package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.catalog.Catalog;
import io.stratum.compute.catalog.ViewDef;
import io.stratum.compute.session.Notice;
import io.stratum.compute.session.SqlException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Views' dependencies: DROP ... CASCADE, DROP COLUMN and ALTER COLUMN TYPE of the columns a view reads. */
class ViewDependencyTest {
    @TempDir
    Path dir;
    EngineFixture fx;
    SqlClient c;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        c = fx.client();
        c.q("create table t (a int, b text, c int)");
        c.q("insert into t values (1, 'one', 10), (2, 'two', 20)");
        c.q("create view v1 as select a, b from t");
        c.q("create view v2 as select a from v1 where a > 1");
        c.q("create view v3 as select count(*) as n from t");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void dropTableWithoutCascadeListsDirectAndIndirectDependents() {
        final SqlException e = c.exception("drop table t");
        assertEquals("2BP01", e.sqlState());
        assertEquals("cannot drop table t because other objects depend on it", e.getMessage());
        assertEquals("view v1 depends on table t\nview v2 depends on view v1\nview v3 depends on table t", e.detail());
        final SqlException m = c.exception("drop view v3, v1");
        assertEquals("cannot drop desired object(s) because other objects depend on them", m.getMessage());
        assertEquals("view v2 depends on view v1", m.detail());
    }

    @Test
    void cascadeInARolledBackTransactionLeavesTheViews() {
        c.q("begin");
        c.notices.clear();
        assertEquals("DROP TABLE", c.q("drop table t cascade").tag());
        final Notice n = c.notices.get(0);
        assertEquals("drop cascades to 3 other objects", n.message());
        assertEquals("drop cascades to view v1\ndrop cascades to view v2\ndrop cascades to view v3", n.detail());
        assertEquals("42P01", c.error("select * from v2"));
        c.q("rollback");
        assertEquals(List.of(row("2")), c.rows("select * from v2"));
        assertEquals(List.of(row("2")), c.rows("select * from v3"));
        c.q("begin");
        c.q("drop view v1 cascade");
        c.q("commit");
        assertEquals("42P01", c.error("select * from v2"));
        assertEquals(List.of(row("2")), c.rows("select * from v3"));
    }

    @Test
    void columnsNoViewReadsCanBeDroppedOrRetyped() {
        c.q("alter table t alter column c type bigint");
        c.q("alter table t drop column c");
        assertEquals(List.of(row("1", "one"), row("2", "two")), c.rows("select * from v1 order by a"));
        final SqlException drop = c.exception("alter table t drop column b");
        assertEquals("2BP01", drop.sqlState());
        assertEquals("cannot drop column b of table t because other objects depend on it", drop.getMessage());
        assertEquals("view v1 depends on column b of table t\nview v2 depends on view v1", drop.detail());
        final SqlException type = c.exception("alter table t alter column a type bigint");
        assertEquals("0A000", type.sqlState());
        assertEquals("rule _RETURN on view v1 depends on column \"a\"", type.detail());
        c.notices.clear();
        c.q("alter table t drop column b cascade");
        assertEquals("drop cascades to 2 other objects", c.notices.get(0).message());
        assertEquals("42P01", c.error("select * from v1"));
        assertEquals(List.of(row("2")), c.rows("select * from v3"));
    }

    @Test
    void aWholeRowReferenceDependsOnTheTableOnly() {
        c.q("create view w as select t from t where a = 1");
        c.q("alter table t drop column c");
        assertEquals(List.of(row("(1,one)")), c.rows("select * from w"));
        assertEquals(List.of(row("(1,one)")), c.rows("select t from t where a = 1"));
        assertEquals("2BP01", c.error("drop table t"));
    }

    @Test
    void starDependsOnTheColumnsOfItsMoment() {
        c.q("create view vs as select * from t");
        c.q("alter table t add column d int");
        c.q("alter table t drop column d");
        assertEquals("2BP01", c.error("alter table t drop column c"));
    }

    @Test
    void aStoreAtAnEarlierLsnKeepsTheDependencies() {
        final long lsn = fx.sync();
        c.q("drop view v2");
        c.q("drop view v1");
        c.q("alter table t drop column b");
        // what a branch created at lsn (or a main@LSN session) sees: v1 still reads t.a and t.b
        try (io.stratum.mvcc.MvccStore ro = fx.readOnlyAt(lsn)) {
            final Catalog cat = Catalog.open(ro);
            final ViewDef v1 = cat.snapshot().views().stream().filter(v -> v.name().equals("v1")).findFirst().orElseThrow();
            final int t = v1.dependsOn().get(0);
            assertTrue(v1.readsColumn(t, 1));
            assertTrue(v1.readsColumn(t, 2));
            assertFalse(v1.readsColumn(t, 3));
            final ViewDef v2 = cat.snapshot().views().stream().filter(v -> v.name().equals("v2")).findFirst().orElseThrow();
            assertEquals(List.of(v1.oid()), v2.dependsOn());
        }
    }
}
