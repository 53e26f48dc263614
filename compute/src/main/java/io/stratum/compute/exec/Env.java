package io.stratum.compute.exec;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.catalog.pg.SystemRelation;
import io.stratum.compute.storage.RowCursor;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The session as the executor sees it: settings, clock values of the transaction and statement, storage
 * access under the current transaction, catalog functions. Implemented by the engine's session.
 */
public interface Env {
    ZoneId zone();

    /** current_setting(name): the value SHOW prints. */
    String setting(String name);

    OffsetDateTime transactionTimestamp();

    /** Where this session's spilling sorts put their temporary files (created when first needed). */
    default java.nio.file.Path tempDirectory() {
        return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "stratum_tmp");
    }

    OffsetDateTime statementTimestamp();

    /** A catalog or session function the engine provides by name (current_user, format_type, nextval, ...). */
    Object call(String function, Object[] args);

    /** Sequential scan of a table under the current transaction's snapshot. */
    RowCursor scan(TableDef table);

    /** A sequential scan that decodes only the columns {@code wanted} marks (the others read null). */
    default RowCursor scan(final TableDef table, final boolean[] wanted) {
        return scan(table);
    }

    /**
     * A sequential scan filtering as it decodes (see TableAccess#scanStaged); by default the whole rows of
     * {@link #scan(TableDef, boolean[])} are tested.
     */
    default RowCursor scanStaged(final TableDef table, final boolean[] wanted, final boolean[][] stageColumns,
                                 final io.stratum.compute.storage.TableAccess.RowTest[] stages) {
        return Scans.filtered(scan(table, wanted), stages);
    }

    /** Index range scan (see TableAccess#indexScan). */
    RowCursor indexScan(TableDef table, IndexDef index, Object[] low, int lowCount, boolean lowInclusive, Object[] high,
                        int highCount, boolean highInclusive);

    /**
     * An index range scan filtering as it decodes, as {@link #scanStaged} (see TableAccess#indexScan); by default the
     * whole rows of {@link #indexScan} are tested.
     */
    default RowCursor indexScan(final TableDef table, final IndexDef index, final Object[] low, final int lowCount,
                                final boolean lowInclusive, final Object[] high, final int highCount,
                                final boolean highInclusive, final boolean[] wanted, final boolean[][] stageColumns,
                                final io.stratum.compute.storage.TableAccess.RowTest[] stages) {
        final RowCursor in = indexScan(table, index, low, lowCount, lowInclusive, high, highCount, highInclusive);
        return stages == null ? in : Scans.filtered(in, stages);
    }

    /** The rows of a virtual pg_catalog / information_schema relation now. */
    List<Object[]> systemRows(SystemRelation relation);

    /**
     * SELECT ... FOR UPDATE/SHARE of one row whose TID is {@code row[tidIndex]}: locks it, following a
     * concurrent update under READ COMMITTED (re-checking {@code recheck} on the newest version). Returns the
     * row to emit (possibly the newer version, with its TID) or null to skip it.
     */
    Object[] lockRow(TableDef table, Object[] row, int tidIndex, boolean share, int waitPolicy, Expr recheck, ExecContext cx);
}
