package io.stratum.compute.engine;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.Relation;
import io.stratum.compute.catalog.SequenceDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.catalog.pg.CatalogFunctions;
import io.stratum.compute.catalog.pg.SystemRelation;
import io.stratum.compute.exec.ExecContext;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import io.stratum.mvcc.LockMode;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.WaitPolicy;
import io.stratum.wal.Lsn;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The executor's view of the session: storage under the current transaction, catalog and session functions. */
final class SessionEnv implements io.stratum.compute.exec.Env {
    static final OffsetDateTime STARTED = OffsetDateTime.now(ZoneOffset.UTC);

    private final EngineSession s;
    /** Sequences' last values in this session (currval). */
    private final Map<Integer, Long> currval = new HashMap<>();
    private Long lastval;

    SessionEnv(final EngineSession s) {
        this.s = s;
    }

    @Override
    public ZoneId zone() {
        return s.settings.zone();
    }

    @Override
    public String setting(final String name) {
        return s.settings.get(name);
    }

    @Override
    public OffsetDateTime transactionTimestamp() {
        return s.txnStart != null ? s.txnStart : OffsetDateTime.now(ZoneOffset.UTC);
    }

    @Override
    public OffsetDateTime statementTimestamp() {
        return s.stmtStart != null ? s.stmtStart : OffsetDateTime.now(ZoneOffset.UTC);
    }

    @Override
    public java.nio.file.Path tempDirectory() {
        return s.tempDir;
    }

    TableAccess access(final TableDef t) {
        return new TableAccess(s.store, t);
    }

    /**
     * Accesses that scans share, by table definition (a TableDef is immutable; DDL makes a new one): an index
     * nested loop opens its inner scan per outer row, and building the access (heap, every index's keys, the
     * codec) cost about a tenth of TPC-H Q3. Only scans use them: they keep no state in the access between calls.
     * At most {@link #READERS} tables, then it starts over.
     */
    private final Map<TableDef, TableAccess> readers = new java.util.IdentityHashMap<>();
    private static final int READERS = 32;

    private TableAccess reader(final TableDef t) {
        TableAccess a = readers.get(t);
        if (a == null) {
            if (readers.size() >= READERS) {
                readers.clear();
            }
            a = new TableAccess(s.store, t);
            readers.put(t, a);
        }
        return a;
    }

    @Override
    public RowCursor scan(final TableDef table) {
        return reader(table).scan(s.ensureTx());
    }

    @Override
    public RowCursor scanStaged(final TableDef table, final boolean[] wanted, final boolean[][] stageColumns,
                                final io.stratum.compute.storage.TableAccess.RowTest[] stages) {
        return reader(table).scanStaged(s.ensureTx(), wanted, stageColumns, stages);
    }

    @Override
    public RowCursor scan(final TableDef table, final boolean[] wanted) {
        return reader(table).scan(s.ensureTx(), wanted);
    }

    @Override
    public RowCursor indexScan(final TableDef table, final IndexDef index, final Object[] low, final int lowCount,
                               final boolean lowInclusive, final Object[] high, final int highCount, final boolean highInclusive) {
        return reader(table).indexScan(s.ensureTx(), index, low, lowCount, lowInclusive, high, highCount, highInclusive, false);
    }

    @Override
    public RowCursor indexScan(final TableDef table, final IndexDef index, final Object[] low, final int lowCount,
                               final boolean lowInclusive, final Object[] high, final int highCount,
                               final boolean highInclusive, final boolean[] wanted, final boolean[][] stageColumns,
                               final TableAccess.RowTest[] stages) {
        return reader(table).indexScan(s.ensureTx(), index, low, lowCount, lowInclusive, high, highCount, highInclusive,
            false, wanted, stageColumns, stages);
    }

    @Override
    public List<Object[]> systemRows(final SystemRelation relation) {
        return relation.rows(s.snapshot(), s.catalogContext());
    }

    @Override
    public Object[] lockRow(final TableDef table, final Object[] row, final int tidIndex, final boolean share,
                            final int waitPolicy, final Expr recheck, final ExecContext cx) {
        final TableAccess a = access(table);
        final WaitPolicy wait = waitPolicy == 1 ? WaitPolicy.NOWAIT : waitPolicy == 2 ? WaitPolicy.SKIP_LOCKED : WaitPolicy.BLOCK;
        long tid = (Long) row[tidIndex];
        Object[] cur = row;
        final long[] out = new long[1];
        while (true) {
            final Outcome o = a.lock(s.ensureTx(), tid, share ? LockMode.SHARE : LockMode.UPDATE, wait, out);
            switch (o) {
                case OK:
                case SELF_MODIFIED:
                    return cur;
                case UPDATED: {
                    final Object[] latest = new Object[table.columns().size()];
                    if (!a.fetchLatest(s.ensureTx(), out[0], latest)) {
                        return null;
                    }
                    final Object[] next = java.util.Arrays.copyOf(latest, row.length);
                    next[tidIndex] = out[0];
                    if (recheck != null && !Boolean.TRUE.equals(recheck.eval(next, cx))) {
                        return null;
                    }
                    tid = out[0];
                    cur = next;
                    continue;
                }
                default:
                    return null;
            }
        }
    }

    private CatalogSnapshot snap() {
        return s.snapshot();
    }

    private CatalogContext ctx() {
        return s.catalogContext();
    }

    private static long l(final Object o) {
        return ((Number) o).longValue();
    }

    private static boolean b(final Object[] a, final int i, final boolean dflt) {
        return a.length > i && a[i] != null ? (Boolean) a[i] : dflt;
    }

    SequenceDef sequence(final long oid) {
        final SequenceDef d = snap().sequence((int) oid);
        if (d == null) {
            final Relation r = snap().relation((int) oid);
            throw new SqlException("42809", "\"" + (r == null ? oid : r.name()) + "\" is not a sequence");
        }
        return d;
    }

    @Override
    public Object call(final String f, final Object[] a) {
        switch (f) {
            case "version":
                return "PostgreSQL " + s.engine.config().serverVersion() + " (Stratum 0.1.0) on x86_64-pc-linux-gnu, compiled by javac "
                    + Runtime.version().feature() + ", 64-bit";
            case "current_database": return s.database;
            case "current_user": case "session_user": return s.user;
            case "current_schema": return CatalogFunctions.currentSchema(snap(), ctx());
            case "current_schemas": return CatalogFunctions.currentSchemas(snap(), ctx(), a.length > 0 && a[0] != null && (Boolean) a[0]);
            case "pg_backend_pid": return s.pid;
            case "pg_current_wal_lsn": return Lsn.format(s.store.currentLsn());
            case "stratum_branch_create": case "stratum_branch_merge": case "stratum_branch_list": case "stratum_diff":
                return BranchSql.call(s.engine.config().branchFunctions(), f, a);
            case "pg_postmaster_start_time": return STARTED;
            case "pg_is_in_recovery": return s.store.readOnly();
            case "inet_server_addr": return null;
            case "txid_current": return s.ensureTx().xid();
            case "current_setting":
                if (a[0] == null) {
                    return null;
                }
                try {
                    return s.settings.get((String) a[0]);
                } catch (final SqlException e) {
                    if (b(a, 1, false)) {
                        return null;
                    }
                    throw e;
                }
            case "set_config":
                s.settings.set((String) a[0], List.of((String) a[1]), b(a, 2, false), s.state != EngineSession.State.IDLE || s.tx != null);
                return s.settings.get((String) a[0]);
            case "to_regclass": {
                if (a[0] == null) {
                    return null;
                }
                return CatalogFunctions.regclassIn(snap(), ctx(), (String) a[0]);
            }
            case "to_regtype": return a[0] == null ? null : CatalogFunctions.regtypeIn(snap(), (String) a[0]);
            case "to_regproc": return a[0] == null ? null : io.stratum.compute.catalog.pg.ProcRows.regprocIn(snap(), ctx(), (String) a[0]);
            case "regclass_out": return CatalogFunctions.regclassOut(snap(), ctx(), l(a[0]));
            case "regtype_out": return CatalogFunctions.regtypeOut(snap(), l(a[0]));
            case "regproc_out": return io.stratum.compute.catalog.pg.ProcRows.regprocOut(snap(), l(a[0]));
            case "format_type":
                return a[0] == null ? null : CatalogFunctions.formatType(snap(), l(a[0]), a.length > 1 && a[1] != null
                    ? ((Number) a[1]).intValue() : null);
            case "pg_get_indexdef":
                return a[0] == null ? null : CatalogFunctions.pgGetIndexdef(snap(), l(a[0]), a.length > 1 && a[1] != null
                    ? ((Number) a[1]).intValue() : 0, b(a, 2, false));
            case "pg_get_constraintdef": return a[0] == null ? null : CatalogFunctions.pgGetConstraintdef(snap(), l(a[0]), b(a, 1, false));
            case "pg_get_expr": return a[0] == null ? null : CatalogFunctions.pgGetExpr((String) a[0], a.length > 1 && a[1] != null ? l(a[1]) : 0,
                b(a, 2, false));
            case "pg_table_is_visible": return a[0] == null ? null : CatalogFunctions.pgTableIsVisible(snap(), ctx(), l(a[0]));
            case "pg_type_is_visible": return a[0] == null ? null : CatalogFunctions.pgTypeIsVisible(snap(), ctx(), l(a[0]));
            case "pg_function_is_visible": case "pg_collation_is_visible": case "pg_opclass_is_visible":
            case "pg_conversion_is_visible": case "pg_ts_config_is_visible": case "pg_statistics_obj_is_visible":
                return a.length == 0 || a[0] == null ? null : Boolean.TRUE;
            case "pg_get_userbyid": return a[0] == null ? null : CatalogFunctions.pgGetUserbyid(ctx(), l(a[0]));
            case "obj_description": return a[0] == null ? null : CatalogFunctions.objDescription(l(a[0]), a.length > 1 ? (String) a[1] : null);
            case "col_description": case "shobj_description": return null;
            case "pg_encoding_to_char": return a[0] == null ? null : CatalogFunctions.pgEncodingToChar(((Number) a[0]).intValue());
            case "pg_relation_size": return a[0] == null ? null : CatalogFunctions.pgRelationSize(snap(), l(a[0]));
            case "pg_table_size": return a[0] == null ? null : CatalogFunctions.pgTableSize(snap(), l(a[0]));
            case "pg_indexes_size": return a[0] == null ? null : CatalogFunctions.pgIndexesSize(snap(), l(a[0]));
            case "pg_total_relation_size": return a[0] == null ? null : CatalogFunctions.pgTotalRelationSize(snap(), l(a[0]));
            case "pg_database_size": return 0L;
            case "pg_size_pretty": return a[0] == null ? null : CatalogFunctions.pgSizePretty(l(a[0]));
            case "pg_get_serial_sequence":
                return a[0] == null || a[1] == null ? null : CatalogFunctions.pgGetSerialSequence(snap(), ctx(), (String) a[0], (String) a[1]);
            case "pg_is_other_temp_schema": return a[0] == null ? null : CatalogFunctions.pgIsOtherTempSchema(l(a[0]));
            case "pg_get_partkeydef": return a[0] == null ? null : CatalogFunctions.pgGetPartkeydef(l(a[0]));
            case "pg_relation_is_publishable": return a[0] == null ? null : CatalogFunctions.pgRelationIsPublishable(l(a[0]));
            case "has_table_privilege": case "has_schema_privilege": case "has_database_privilege": case "has_column_privilege":
            case "has_sequence_privilege": case "has_function_privilege": case "pg_has_role":
                return CatalogFunctions.hasPrivilege();
            case "pg_get_functiondef": case "pg_get_function_arguments": case "pg_get_function_result":
            case "pg_get_function_identity_arguments": {
                final io.stratum.compute.catalog.FunctionDef fn = a.length == 0 || a[0] == null ? null
                    : io.stratum.compute.catalog.pg.ProcRows.function(snap(), l(a[0]));
                if (fn == null) {
                    return a.length == 0 || a[0] == null ? null : CatalogFunctions.pgGetNoDef(l(a[0]));
                }
                return f.equals("pg_get_functiondef") ? io.stratum.compute.catalog.pg.ProcRows.definition(snap(), fn)
                    : f.equals("pg_get_function_result") ? io.stratum.compute.catalog.pg.ProcRows.result(snap(), fn)
                    : io.stratum.compute.catalog.pg.ProcRows.arguments(snap(), fn, f.equals("pg_get_function_arguments"));
            }
            case "pg_get_triggerdef": case "pg_get_viewdef": case "pg_get_ruledef":
            case "pg_get_statisticsobjdef_columns":
                return a.length == 0 || a[0] == null ? null : CatalogFunctions.pgGetNoDef(l(a[0]));
            case "pg_get_nodef": case "pg_get_function_sqlbody": return null;
            case "pg_cancel_backend": case "pg_terminate_backend": return Boolean.FALSE;
            case "nextval": {
                final SequenceDef d = sequence(l(a[0]));
                if (s.readOnly || (s.tx != null && s.tx.readOnly())) {
                    throw new SqlException("25006", "cannot execute nextval() in a read-only transaction");
                }
                final long v = s.catalog.nextval(d);
                currval.put(d.oid(), v);
                lastval = v;
                return v;
            }
            case "currval": {
                final SequenceDef d = sequence(l(a[0]));
                final Long v = currval.get(d.oid());
                if (v == null) {
                    throw new SqlException("55000", "currval of sequence \"" + d.name() + "\" is not yet defined in this session");
                }
                return v;
            }
            case "lastval":
                if (lastval == null) {
                    throw new SqlException("55000", "lastval is not yet defined in this session");
                }
                return lastval;
            case "setval": {
                final SequenceDef d = sequence(l(a[0]));
                final boolean called = b(a, 2, true);
                s.catalog.setval(d, l(a[1]), called);
                if (called) {
                    currval.put(d.oid(), l(a[1]));
                }
                return l(a[1]);
            }
            case "sequence_row": {
                final SequenceDef d = sequence(l(a[0]));
                final Long v = currval.get(d.oid());
                return new Object[] {v == null ? d.start() : v, 0L, v != null};
            }
            default:
                throw new SqlException("42883", "function " + f + " does not exist");
        }
    }
}
