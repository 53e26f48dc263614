package io.stratum.mvcc;

/**
 * Told of every transaction's end (for metrics). Called on the committing thread after the commit is
 * durable, so it must be cheap and must not throw.
 */
public interface CommitObserver {
    /** A transaction committed; {@code wrote} when it wrote WAL, {@code nanos} from COMMIT to durable. */
    void committed(boolean wrote, long nanos);

    /** A transaction rolled back (explicitly, or because it failed). */
    void rolledBack();

    /** Observes nothing. */
    CommitObserver NONE = new CommitObserver() {
        @Override
        public void committed(final boolean wrote, final long nanos) {
        }

        @Override
        public void rolledBack() {
        }
    };
}
