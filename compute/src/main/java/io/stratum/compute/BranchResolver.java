package io.stratum.compute;

import io.stratum.wal.TimelineId;

/**
 * Maps the branch names clients put in the database name ({@code main}, {@code dev}) to timelines, and
 * times to LSNs for {@code main@2026-11-24T20:00:00Z} sessions. The local cluster reads its
 * {@code cluster.ids}; a standalone compute is given its branches on the command line. Thread-safe.
 */
public interface BranchResolver {
    /** The timeline of branch {@code name}, or null when there is no such branch. */
    TimelineId timeline(String name);

    /**
     * The LSN of the last commit at or before {@code timestampMicros} on {@code timeline}.
     *
     * @throws io.stratum.wal.StratumException OUT_OF_RANGE when the time is before the timeline's start
     */
    long lsnAtTime(TimelineId timeline, long timestampMicros);

    /**
     * Registers the compute's listener for branches whose name now names another timeline or none (reset,
     * restore, delete): it terminates their sessions with 57P01 so none stays on a state the name no longer
     * means. The listener answers how many sessions it terminated. A resolver whose names never move ignores
     * it (the default). One listener: a later call replaces it.
     */
    /**
     * The timeline holding {@code timeline}'s state at {@code lsn}: itself, or the ancestor below whose
     * branch point {@code lsn} lies (a branch's history below its branch point is its parent's). A
     * read-only session at such a point reads that timeline. Default: {@code timeline}.
     */
    default TimelineId timelineAt(final TimelineId timeline, final long lsn) {
        return timeline;
    }

    default void onBranchMoved(final java.util.function.ToIntFunction<String> listener) {
    }

    /**
     * Registers the compute's answer to "how far is branch NAME's WAL durable (quorum-committed) from this
     * compute", -1 when it does not write that branch: the local cluster waits until the page server has
     * ingested that far before it branches from a branch's latest state, so a branch made right after a
     * COMMIT has it. Ignored by default.
     */
    default void onDurableLsn(final java.util.function.ToLongFunction<String> durableLsn) {
    }

    /** The branch operations behind the {@code stratum_branch_*} SQL functions, or null (the default): none. */
    default BranchFunctions functions() {
        return null;
    }
}
