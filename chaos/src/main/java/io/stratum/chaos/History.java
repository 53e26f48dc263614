package io.stratum.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the clients did and saw: every write operation with its outcome (acknowledged with the LSN read
 * right after it, failed for certain, or in doubt), the faults the nemesis injected, and the violations
 * the checks found. Thread-safe: workers, the nemesis and the checker append concurrently.
 * <p>Threads: none.
 */
final class History {
    /** How a write ended, as far as its client can tell. */
    enum Outcome {
        /** The server answered COMMIT (or the autocommit statement) without an error. */
        ACKED,
        /** The server refused it before it could commit (or answered ROLLBACK): it must be absent. */
        FAILED,
        /** The connection broke or the COMMIT failed: it may be wholly present or wholly absent. */
        IN_DOUBT
    }

    /**
     * One write.
     *
     * @param workload bank, ledger or unique
     * @param id the workload's id of the operation (transfer id, ledger id, unique-insert attempt)
     * @param lsn {@code pg_current_wal_lsn()} read right after an acknowledged commit, 0 when unknown
     * @param detail what a check needs beyond the id (the transfer, the unique key)
     */
    record Op(String workload, long id, Outcome outcome, long startNs, long endNs, long lsn, long[] detail) {
    }

    /** A fault: its kind, what it hit and when it was injected and healed. */
    record Fault(String kind, String target, long startNs, long healNs) {
    }

    private static final int MAX_MESSAGES = 50;

    private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Long, Outcome> ledger = new ConcurrentHashMap<>();
    private final AtomicLong violations = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final List<String> messages = new ArrayList<>();

    void record(final Op op) {
        ops.add(op);
        if (op.workload().equals("ledger")) {
            ledger.put(op.id(), op.outcome());
        }
    }

    /** The outcome of ledger write {@code id}, or null while it runs (or if it never ran). */
    Outcome ledgerOutcome(final long id) {
        return ledger.get(id);
    }

    void fault(final Fault f) {
        faults.add(f);
    }

    void read() {
        reads.incrementAndGet();
    }

    void violation(final String what) {
        violations.incrementAndGet();
        message("violation: " + what);
    }

    void mismatch(final String what) {
        mismatches.incrementAndGet();
        message("historical mismatch: " + what);
    }

    void lost(final String what) {
        lost.incrementAndGet();
        message("acknowledged but lost: " + what);
    }

    void note(final String what) {
        message(what);
    }

    private void message(final String m) {
        synchronized (messages) {
            if (messages.size() < MAX_MESSAGES) {
                messages.add(m);
            }
        }
    }

    List<Op> ops() {
        return List.copyOf(ops);
    }

    List<Fault> faults() {
        return List.copyOf(faults);
    }

    long violations() {
        return violations.get();
    }

    long mismatches() {
        return mismatches.get();
    }

    long lost() {
        return lost.get();
    }

    long reads() {
        return reads.get();
    }

    List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }
}
