package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.sql.ast.*;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transactions, SET/SHOW/RESET, VACUUM/ANALYZE, EXPLAIN, PREPARE/EXECUTE, and the small statements. */
class UtilityParserTest {
    static Statement one(final String sql) {
        return Parser.parseOne(sql);
    }

    @Test
    void beginAndStart() {
        final Begin b = (Begin) one("BEGIN");
        assertNull(b.modes().isolation());
        assertFalse(b.startTransaction());
        final Begin m = (Begin) one("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY NOT DEFERRABLE");
        assertEquals(IsolationLevel.REPEATABLE_READ, m.modes().isolation());
        assertEquals(Boolean.TRUE, m.modes().readOnly());
        assertEquals(Boolean.FALSE, m.modes().deferrable());
        final Begin s = (Begin) one("START TRANSACTION ISOLATION LEVEL SERIALIZABLE READ WRITE");
        assertTrue(s.startTransaction());
        assertEquals(IsolationLevel.SERIALIZABLE, s.modes().isolation());
        assertEquals(Boolean.FALSE, s.modes().readOnly());
        assertEquals(IsolationLevel.READ_COMMITTED, ((Begin) one("begin work isolation level read committed")).modes().isolation());
        assertEquals(IsolationLevel.READ_UNCOMMITTED,
                ((Begin) one("START TRANSACTION ISOLATION LEVEL READ UNCOMMITTED")).modes().isolation());
        assertEquals(Boolean.TRUE, ((Begin) one("BEGIN READ ONLY")).modes().readOnly());
    }

    @Test
    void commitRollbackSavepoints() {
        assertFalse(((Commit) one("COMMIT")).chain());
        assertTrue(((Commit) one("COMMIT WORK AND CHAIN")).chain());
        assertFalse(((Commit) one("END TRANSACTION AND NO CHAIN")).chain());
        assertInstanceOf(Rollback.class, one("ROLLBACK"));
        assertInstanceOf(Rollback.class, one("ABORT"));
        assertTrue(((Rollback) one("ROLLBACK AND CHAIN")).chain());
        assertEquals("s1", ((Savepoint) one("SAVEPOINT s1")).name());
        assertEquals("s1", ((RollbackTo) one("ROLLBACK TO SAVEPOINT s1")).name());
        assertEquals("s1", ((RollbackTo) one("ROLLBACK WORK TO s1")).name());
        assertEquals("s1", ((ReleaseSavepoint) one("RELEASE SAVEPOINT s1")).name());
        assertEquals("s1", ((ReleaseSavepoint) one("RELEASE s1")).name());
    }

    @Test
    void setForms() {
        final SetVariable a = (SetVariable) one("SET extra_float_digits = 3");
        assertEquals("extra_float_digits", a.name());
        assertEquals(List.of("3"), a.values());
        final SetVariable b = (SetVariable) one("SET application_name = 'PostgreSQL JDBC Driver'");
        assertEquals(List.of("PostgreSQL JDBC Driver"), b.values());
        final SetVariable c = (SetVariable) one("SET LOCAL search_path TO \"$user\", public, 'X'");
        assertEquals(SetScope.LOCAL, c.scope());
        assertEquals(List.of("$user", "public", "X"), c.values());
        assertTrue(((SetVariable) one("SET SESSION statement_timeout TO DEFAULT")).toDefault());
        final SetVariable tz = (SetVariable) one("SET TIME ZONE 'UTC'");
        assertEquals("timezone", tz.name());
        assertEquals(List.of("UTC"), tz.values());
        assertTrue(((SetVariable) one("SET TIME ZONE LOCAL")).toDefault());
        assertEquals(List.of("-8"), ((SetVariable) one("SET TIME ZONE -8")).values());
        assertEquals(List.of("ISO, MDY"), ((SetVariable) one("SET DateStyle = 'ISO, MDY'")).values());
        assertEquals(List.of("iso", "mdy"), ((SetVariable) one("SET datestyle TO ISO, MDY")).values());
        assertEquals(List.of("on"), ((SetVariable) one("SET standard_conforming_strings = on")).values());
        assertEquals("client_encoding", ((SetVariable) one("SET NAMES 'UTF8'")).name());
        assertEquals("search_path", ((SetVariable) one("SET SCHEMA 'app'")).name());
        assertEquals("role", ((SetVariable) one("SET ROLE bob")).name());
        assertEquals("session_authorization", ((SetVariable) one("SET SESSION AUTHORIZATION DEFAULT")).name());
        assertEquals("my.var", ((SetVariable) one("SET my.var = 1.5")).name());
        assertEquals("session", ((SetVariable) one("SET session = 1")).name());
        final SetTransaction t = (SetTransaction) one("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        assertFalse(t.sessionCharacteristics());
        final SetTransaction sc = (SetTransaction) one("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        assertTrue(sc.sessionCharacteristics());
        assertEquals(IsolationLevel.SERIALIZABLE, sc.modes().isolation());
    }

    @Test
    void showAndReset() {
        assertEquals("server_version", ((Show) one("SHOW server_version")).name());
        assertEquals("all", ((Show) one("SHOW ALL")).name());
        assertEquals("timezone", ((Show) one("SHOW TIME ZONE")).name());
        assertEquals("transaction_isolation", ((Show) one("SHOW TRANSACTION ISOLATION LEVEL")).name());
        assertEquals("datestyle", ((Show) one("show DateStyle")).name());
        assertEquals("all", ((Reset) one("RESET ALL")).name());
        assertEquals("search_path", ((Reset) one("RESET search_path")).name());
        assertEquals("timezone", ((Reset) one("RESET TIME ZONE")).name());
    }

    @Test
    void vacuumAndAnalyze() {
        final Vacuum v = (Vacuum) one("vacuum analyze pgbench_branches");
        assertTrue(v.analyze());
        assertEquals("pgbench_branches", v.tables().get(0).table().name());
        final Vacuum f = (Vacuum) one("VACUUM FULL FREEZE VERBOSE ANALYZE a, b (x, y)");
        assertTrue(f.full() && f.freeze() && f.verbose() && f.analyze());
        assertEquals(List.of("x", "y"), f.tables().get(1).columns());
        final Vacuum p = (Vacuum) one("VACUUM (ANALYZE, VERBOSE false, PARALLEL 2, INDEX_CLEANUP off) t");
        assertTrue(p.analyze());
        assertFalse(p.verbose());
        assertEquals("2", p.options().get(2).value());
        assertTrue(((Vacuum) one("VACUUM")).tables().isEmpty());
        assertTrue(((Analyze) one("ANALYZE VERBOSE t")).verbose());
        assertTrue(((Analyze) one("ANALYSE")).tables().isEmpty());
        assertTrue(((Analyze) one("ANALYZE (VERBOSE) t")).verbose());
    }

    @Test
    void explain() {
        final Explain e = (Explain) one("EXPLAIN ANALYZE VERBOSE SELECT 1");
        assertTrue(e.analyze());
        assertTrue(e.verbose());
        assertInstanceOf(Query.class, e.statement());
        final Explain o = (Explain) one("EXPLAIN (ANALYZE, COSTS off, FORMAT json) UPDATE t SET a = 1");
        assertTrue(o.analyze());
        assertEquals("off", o.options().get(1).value());
        assertInstanceOf(Update.class, o.statement());
        assertFalse(((Explain) one("EXPLAIN SELECT 1")).analyze());
    }

    @Test
    void prepareExecuteDeallocate() {
        final Prepare p = (Prepare) one("PREPARE q (int, text) AS SELECT $1, $2");
        assertEquals("q", p.name());
        assertEquals(List.of("int4", "text"), p.parameterTypes().stream().map(TypeName::name).toList());
        assertEquals("SELECT $1, $2", p.statementText());
        assertInstanceOf(Query.class, p.statement());
        assertEquals("VALUES ($1, $2)", ((Prepare) one("PREPARE q AS VALUES ($1, $2)")).statementText());
        final Execute x = (Execute) one("EXECUTE q (1, 'a')");
        assertEquals(2, x.arguments().size());
        assertTrue(((Execute) one("EXECUTE q")).arguments().isEmpty());
        assertEquals("q", ((Deallocate) one("DEALLOCATE PREPARE q")).name());
        assertNull(((Deallocate) one("DEALLOCATE ALL")).name());
    }

    @Test
    void smallStatements() {
        assertEquals("all", ((Discard) one("DISCARD ALL")).what());
        assertEquals("temp", ((Discard) one("DISCARD TEMPORARY")).what());
        assertEquals("ch", ((Listen) one("LISTEN ch")).channel());
        final Notify n = (Notify) one("NOTIFY ch, 'hello'");
        assertEquals("hello", n.payload());
        assertNull(((Unlisten) one("UNLISTEN *")).channel());
        assertInstanceOf(Checkpoint.class, one("CHECKPOINT"));
        final LockTable l = (LockTable) one("LOCK TABLE a, b IN SHARE ROW EXCLUSIVE MODE NOWAIT");
        assertEquals("share row exclusive", l.mode());
        assertTrue(l.nowait());
    }

    @Test
    void multipleStatementsAndEmptyOnes() {
        final List<Statement> all = Parser.parse(";; SELECT 1; BEGIN ;; COMMIT;");
        assertEquals(3, all.size());
        assertEquals(13, all.get(1).pos());
        assertTrue(Parser.parse("  -- nothing\n /* at all */ ").isEmpty());
        assertNull(Parser.parseOne(";"));
    }
}
