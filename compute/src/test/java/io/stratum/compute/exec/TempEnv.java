package io.stratum.compute.exec;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.catalog.pg.SystemRelation;
import io.stratum.compute.storage.RowCursor;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** The session environment as exec's spilling operators see it in tests: a temporary directory and work_mem. */
final class TempEnv implements Env {
    private final Path dir;
    private final String workMem;

    TempEnv(final Path dir, final String workMem) {
        this.dir = dir;
        this.workMem = workMem;
    }

    @Override
    public Path tempDirectory() {
        return dir;
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    @Override
    public String setting(final String name) {
        return workMem;
    }

    @Override
    public OffsetDateTime transactionTimestamp() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    @Override
    public OffsetDateTime statementTimestamp() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    @Override
    public Object call(final String function, final Object[] args) {
        throw new UnsupportedOperationException(function);
    }

    @Override
    public RowCursor scan(final TableDef table) {
        throw new UnsupportedOperationException("scan");
    }

    @Override
    public RowCursor indexScan(final TableDef table, final IndexDef index, final Object[] low, final int lowCount,
                               final boolean lowInclusive, final Object[] high, final int highCount,
                               final boolean highInclusive) {
        throw new UnsupportedOperationException("indexScan");
    }

    @Override
    public List<Object[]> systemRows(final SystemRelation relation) {
        throw new UnsupportedOperationException("systemRows");
    }

    @Override
    public Object[] lockRow(final TableDef table, final Object[] row, final int tidIndex, final boolean share,
                            final int waitPolicy, final Expr recheck, final ExecContext cx) {
        throw new UnsupportedOperationException("lockRow");
    }
}
