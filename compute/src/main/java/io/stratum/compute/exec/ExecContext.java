package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What one statement's execution needs besides rows: parameter values, outer rows of correlated
 * subqueries, the session's environment, cancellation, a deadline and memory accounting. One per
 * statement execution; confined to the session's thread except {@link #cancel()}.
 */
public final class ExecContext {
    private final Object[] params;
    private final Env env;
    private final List<Object[]> outer = new ArrayList<>();
    private final long memoryLimit;
    private final long deadlineNanos;
    private final String timeoutMessage;
    private volatile boolean canceled;
    private long memoryUsed;
    private int tick;
    private long sortBound = -1;

    /**
     * @param deadlineNanos System.nanoTime() after which the statement fails with 57014, Long.MAX_VALUE for none
     */
    public ExecContext(final Object[] params, final Env env, final long memoryLimit, final long deadlineNanos) {
        this.params = params;
        this.env = env;
        this.memoryLimit = memoryLimit;
        this.deadlineNanos = deadlineNanos;
        this.timeoutMessage = "canceling statement due to statement timeout";
    }

    private Instrument instrument;
    private ModifyingCte.Runner modifier;
    private java.util.Map<ModifyingCte, List<Object[]>> modified;

    /** Lets this execution run its statement's data-modifying CTEs through {@code r} (the engine's DML). */
    public void modifier(final ModifyingCte.Runner r) {
        this.modifier = r;
    }

    /** The RETURNING rows of {@code c} in this execution, running it first if it has not run. */
    List<Object[]> modified(final ModifyingCte c) {
        if (modified == null) {
            modified = new java.util.HashMap<>();
        }
        List<Object[]> rows = modified.get(c);
        if (rows == null) {
            if (modifier == null) {
                throw new SqlException("0A000", "WITH query \"" + c.name() + "\" is a data-modifying statement, which "
                    + "cannot run in this context");
            }
            rows = modifier.run(c.plan(), this);
            modified.put(c, rows);
        }
        return rows;
    }

    /** Runs those of {@code ctes} that have not run in this execution, the last first (after the main statement). */
    public void finishModifying(final List<ModifyingCte> ctes) {
        for (int i = ctes.size() - 1; i >= 0; i--) {
            modified(ctes.get(i));
        }
    }

    /** EXPLAIN ANALYZE: count every plan node opened through {@link PlanNode#start} from now on. */
    public void instrument(final Instrument in) {
        this.instrument = in;
    }

    /** The counters of EXPLAIN ANALYZE, or null when not analyzing. */
    public Instrument instrument() {
        return instrument;
    }

    public Object param(final int index) {
        if (params == null || index >= params.length) {
            throw new SqlException("08P01", "there is no parameter $" + (index + 1));
        }
        return params[index];
    }

    public Env env() {
        return env;
    }

    public ZoneId zone() {
        return env.zone();
    }

    public void pushOuter(final Object[] row) {
        outer.add(row);
    }

    public void popOuter() {
        outer.remove(outer.size() - 1);
    }

    /** The row of the query {@code levelsUp} levels out (1: the immediately enclosing one). */
    public Object[] outer(final int levelsUp) {
        return outer.get(outer.size() - levelsUp);
    }

    public void cancel() {
        canceled = true;
    }

    public boolean canceled() {
        return canceled;
    }

    /** Called per row by scans and loops: fails with 57014 when cancelled or past the deadline. */
    public void check() {
        if ((++tick & 255) == 0) {
            checkNow();
        }
    }

    public void checkNow() {
        if (canceled) {
            throw new SqlException("57014", "canceling statement due to user request");
        }
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw new SqlException("57014", timeoutMessage);
        }
    }

    public boolean pastDeadline() {
        return deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0;
    }

    private long workMem = -1;
    private TempFiles tempFiles;

    /** work_mem in bytes: what one sort may hold before it spills to a temporary file (read once per statement). */
    public long workMem() {
        if (workMem < 0) {
            final long kb = MemoryUnits.kilobytes(env.setting("work_mem"));
            workMem = (kb < 0 ? 4096 : kb) * 1024;
        }
        return workMem;
    }

    /** This statement's temporary files, in the session's temporary directory. */
    TempFiles tempFiles() {
        if (tempFiles == null) {
            tempFiles = new TempFiles(env.tempDirectory());
        }
        return tempFiles;
    }

    /** How many temporary files the statement has open (0 after {@link #closeTempFiles()}). */
    public int openTempFiles() {
        return tempFiles == null ? 0 : tempFiles.count();
    }

    /** Deletes whatever temporary files the statement still has: at its end, failure or cancel. */
    public void closeTempFiles() {
        if (tempFiles != null) {
            tempFiles.close();
        }
    }

    /** Accounts {@code bytes} held by a sort, hash or materialisation; 53200 beyond the limit. */
    public void reserve(final long bytes) {
        memoryUsed += bytes;
        if (memoryUsed > memoryLimit) {
            throw new SqlException("53200", "out of memory", "Failed on request of size " + bytes
                + " in statement memory (limit " + memoryLimit + " bytes).", null, 0, null);
        }
    }

    public void release(final long bytes) {
        memoryUsed = Math.max(0, memoryUsed - bytes);
    }

    /**
     * Tells the sort that the next {@code open} starts that only its first {@code rows} rows will be read (a
     * LIMIT right above it): it then keeps those in a bounded heap instead of sorting everything.
     */
    void boundNextSort(final long rows) {
        sortBound = rows;
    }

    /** The bound {@link #boundNextSort} set for the sort opening now, or -1; clears it. */
    long takeSortBound() {
        final long b = sortBound;
        sortBound = -1;
        return b;
    }

    /** Rough size of a row for memory accounting. */
    public static long estimate(final Object[] row) {
        long n = 16 + 8L * row.length;
        for (final Object o : row) {
            if (o instanceof String) {
                n += 40 + 2L * ((String) o).length();
            } else if (o instanceof byte[]) {
                n += 16 + ((byte[]) o).length;
            } else if (o instanceof Object[]) {
                n += estimate((Object[]) o);
            } else if (o instanceof io.stratum.compute.json.Jsonb) {
                n += ((io.stratum.compute.json.Jsonb) o).memoryEstimate();
            } else if (o != null) {
                n += 24;
            }
        }
        return n;
    }
}
