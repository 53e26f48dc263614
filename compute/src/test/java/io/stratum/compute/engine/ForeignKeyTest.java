package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FOREIGN KEY constraints: checks, actions, DDL dependencies, catalog rows and two concurrent sessions. */
class ForeignKeyTest {
    @TempDir
    Path dir;
    EngineFixture fx;
    SqlClient c;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        c = fx.client();
        pool = Executors.newFixedThreadPool(1);
        c.q("create table p (id int primary key, name text)");
        c.q("insert into p values (1, 'a'), (2, 'b'), (3, 'c')");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        fx.close();
    }

    @Test
    void referencingRowsMustFindTheirReferencedRow() {
        c.q("create table ch (id int primary key, pid int references p)");
        assertEquals("INSERT 0 2", c.q("insert into ch values (10, 1), (11, null)").tag());
        final SqlException e = c.exception("insert into ch values (12, 9)");
        assertEquals("23503", e.sqlState());
        assertEquals("insert or update on table \"ch\" violates foreign key constraint \"ch_pid_fkey\"", e.getMessage());
        assertEquals("Key (pid)=(9) is not present in table \"p\".", e.detail());
        assertEquals("23503", c.error("update ch set pid = 7 where id = 10"));
        assertEquals("UPDATE 1", c.q("update ch set pid = 2 where id = 10").tag());
        final SqlException d = c.exception("delete from p where id = 2");
        assertEquals("update or delete on table \"p\" violates foreign key constraint \"ch_pid_fkey\" on table \"ch\"",
            d.getMessage());
        assertEquals("Key (id)=(2) is still referenced from table \"ch\".", d.detail());
        assertEquals("DELETE 1", c.q("delete from p where id = 3").tag());
        assertEquals("2", c.one("select count(*) from p where id in (1, 2)"));
    }

    @Test
    void checksRunAtTheEndOfTheStatement() {
        c.q("create table self (id int primary key, up int references self)");
        // the first row references the second, inserted later by the same statement
        assertEquals("INSERT 0 2", c.q("insert into self values (2, 1), (1, null)").tag());
        assertEquals("23503", c.error("delete from self where id = 1"));
        assertEquals("DELETE 2", c.q("delete from self").tag());
        c.q("create table r (id int primary key, pid int references p on update restrict)");
        c.q("insert into r values (1, 3)");
        assertEquals("23503", c.error("update p set id = 30 where id = 3"));
        assertEquals("UPDATE 1", c.q("update p set name = 'x' where id = 3").tag());
    }

    @Test
    void cascadeSetNullAndSetDefault() {
        c.q("create table ch (id int primary key, pid int default 1 references p on delete cascade on update cascade)");
        c.q("create table n (id int primary key, pid int references p on delete set null)");
        c.q("create table dflt (id int primary key, pid int default 1 references p on delete set default)");
        c.q("insert into ch values (10, 2), (11, 2), (12, 3)");
        c.q("insert into n values (20, 2), (21, 3)");
        c.q("insert into dflt values (30, 2)");
        assertEquals("23503", c.error("update p set id = 5 where id = 3"));
        c.q("delete from n where id = 21");
        assertEquals("UPDATE 1", c.q("update p set id = 5 where id = 3").tag());
        assertEquals(List.of(row("10", "2"), row("11", "2"), row("12", "5")), c.rows("select * from ch order by id"));
        assertEquals("DELETE 0", c.q("delete from ch where id = 99").tag());
        assertEquals("DELETE 1", c.q("delete from p where id = 2").tag());
        assertEquals(List.of(row("12", "5")), c.rows("select * from ch"));
        assertEquals(List.of(row("20", null)), c.rows("select * from n"));
        assertEquals(List.of(row("30", "1")), c.rows("select * from dflt"));
        assertEquals("23503", c.error("delete from p where id = 1"));
        c.q("create table gc (id int primary key, cid int references ch on delete cascade)");
        c.q("insert into gc values (1, 12)");
        c.q("delete from dflt");
        assertEquals("DELETE 1", c.q("delete from p where id = 5").tag());
        assertEquals("0", c.one("select count(*) from gc"));
    }

    @Test
    void addForeignKeyValidatesAndNeedsAUniqueIndex() {
        c.q("create table ch (a int, b int, pid int)");
        c.q("insert into ch values (1, 1, 1), (2, 2, 8)");
        final SqlException e = c.exception("alter table ch add constraint fk foreign key (pid) references p (id)");
        assertEquals("23503", e.sqlState());
        assertEquals("Key (pid)=(8) is not present in table \"p\".", e.detail());
        assertEquals("42830", c.error("alter table ch add foreign key (pid) references p (name)"));
        assertEquals("42830", c.error("alter table ch add foreign key (a) references ch (a)"));
        assertEquals("42804", c.error("create table bad (x text references p)"));
        c.q("delete from ch where pid = 8");
        assertEquals("ALTER TABLE", c.q("alter table ch add constraint fk foreign key (pid) references p (id)").tag());
        assertEquals(List.of(row("fk", "f", "FOREIGN KEY (pid) REFERENCES p(id)")),
            c.rows("select conname, contype, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'ch'::regclass"));
        assertEquals(List.of(row("a", "a", "s", "{3}", "{1}")), c.rows("select confupdtype, confdeltype, confmatchtype, "
            + "conkey::text, confkey::text from pg_constraint where conname = 'fk'"));
        assertEquals("23503", c.error("insert into ch values (3, 3, 9)"));
        assertEquals("ALTER TABLE", c.q("alter table ch drop constraint fk").tag());
        assertEquals("INSERT 0 1", c.q("insert into ch values (3, 3, 9)").tag());
    }

    @Test
    void dropTableOfAReferencedTableNeedsCascade() {
        c.q("create table ch (id int primary key, pid int references p)");
        final SqlException e = c.exception("drop table p");
        assertEquals("2BP01", e.sqlState());
        assertEquals("cannot drop table p because other objects depend on it", e.getMessage());
        assertEquals("constraint ch_pid_fkey on table ch depends on table p", e.detail());
        assertEquals("2BP01", c.error("alter table p drop constraint p_pkey"));
        assertEquals("0A000", c.error("truncate p"));
        c.q("truncate p, ch");
        c.q("begin");
        c.q("drop table p cascade");
        c.q("insert into ch values (1, 99)");
        c.q("rollback");
        assertEquals("23503", c.error("insert into ch values (1, 99)"));
        c.q("drop table p cascade");
        assertEquals("INSERT 0 1", c.q("insert into ch values (1, 99)").tag());
        assertEquals("0", c.one("select count(*) from pg_constraint where contype = 'f'"));
    }

    @Test
    void concurrentDeleteOfTheReferencedRowWaitsForTheReferencingInsert() throws Exception {
        c.q("create table ch (id int primary key, pid int references p)");
        final SqlClient other = fx.client();
        c.q("begin");
        c.q("insert into ch values (1, 1)");
        final Future<String> delete = pool.submit(() -> other.error("delete from p where id = 1"));
        try {
            delete.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("the delete should wait for the referencing insert's lock");
        } catch (final java.util.concurrent.TimeoutException expected) {
            // waiting for our FOR SHARE lock
        }
        c.q("commit");
        assertEquals("23503", delete.get(30, TimeUnit.SECONDS));
        assertEquals("1", c.one("select count(*) from p where id = 1"));
    }

    @Test
    void referencingInsertAfterAConcurrentDeleteFails() throws Exception {
        c.q("create table ch (id int primary key, pid int references p)");
        final SqlClient other = fx.client();
        other.q("begin");
        other.q("delete from p where id = 2");
        final Future<String> insert = pool.submit(() -> c.error("insert into ch values (1, 2)"));
        try {
            insert.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("the insert should wait for the deleting transaction");
        } catch (final java.util.concurrent.TimeoutException expected) {
            // waiting to lock the deleted row
        }
        other.q("commit");
        assertEquals("23503", insert.get(30, TimeUnit.SECONDS));
    }
}
