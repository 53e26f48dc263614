package io.stratum.compute.exec;

import java.util.List;

/**
 * A data-modifying statement in WITH: an INSERT, UPDATE or DELETE that runs exactly once per execution of its
 * statement and to completion, whether the rest of the statement reads all, some or none of its RETURNING rows.
 * It runs when something first reads it ({@link #scan}); those nothing read run after the main statement
 * ({@link ExecContext#finishModifying}), the later CTEs first, as PostgreSQL's executor runs them. All of a
 * statement's parts share one command id, so none sees the rows another changed: the main statement sees a
 * CTE's changes only through its RETURNING rows.
 *
 * <p>Immutable: the rows of one execution are kept by that execution's {@link ExecContext}.
 */
public final class ModifyingCte {
    /** Runs a bound INSERT, UPDATE or DELETE of the running statement and returns its RETURNING rows. */
    public interface Runner {
        List<Object[]> run(Object plan, ExecContext cx);
    }

    private final String name;
    private final Object plan;

    /**
     * @param name the CTE's name
     * @param plan the bound statement (the engine's INSERT, UPDATE or DELETE plan)
     */
    public ModifyingCte(final String name, final Object plan) {
        this.name = name;
        this.plan = plan;
    }

    public String name() {
        return name;
    }

    public Object plan() {
        return plan;
    }

    /** A scan of the RETURNING rows, {@code cols} its columns; opening it runs the statement if it has not run. */
    public PlanNode scan(final List<OutCol> cols) {
        return new Nodes.Source("CTE Scan on " + name, cols, List.of(), cx -> {
            return PlanNode.copyCursor(cx.modified(this));
        });
    }
}
