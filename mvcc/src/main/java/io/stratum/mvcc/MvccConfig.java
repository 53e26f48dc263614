package io.stratum.mvcc;

import io.stratum.engine.PageSource;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.time.Duration;

/**
 * Configuration of one {@link MvccStore}: one database of one timeline, read-write (with a
 * {@link WalWriter}) or read-only at a fixed LSN.
 *
 * @param pages where pages come from (in-process engine timeline or the remote page client)
 * @param wal where WAL goes; null for a read-only store
 * @param readOnlyLsn for a read-only store, the LSN it reads at; ignored when {@code wal} is set
 * @param database the database number in page keys
 * @param bufferPoolBytes size of the buffer pool (default 128 MiB)
 * @param lastWrittenLsnEntries capacity of the last-written-LSN cache (default 131,072, as Neon)
 * @param deadlockTimeout how long a lock wait lasts before deadlock detection runs (default 1 s)
 */
public record MvccConfig(PageSource pages, WalWriter wal, long readOnlyLsn, int database, long bufferPoolBytes,
                         int lastWrittenLsnEntries, Duration deadlockTimeout) {

    public static Builder builder(final PageSource pages) {
        return new Builder(pages);
    }

    public boolean readOnly() {
        return wal == null;
    }

    /** Checks every field; returns this. Throws INVALID_ARGUMENT naming the bad field. */
    public MvccConfig validate() {
        if (pages == null) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "mvcc config needs a page source", "field", "pages");
        }
        if (wal == null && readOnlyLsn <= 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT,
                "mvcc config needs a WAL writer or a read-only LSN", "field", "wal/readOnlyLsn");
        }
        if (database <= 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "database must be positive", "field", "database",
                "value", database);
        }
        if (bufferPoolBytes < 64L * PageSource.PAGE_SIZE) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "buffer pool smaller than 64 pages",
                "field", "bufferPoolBytes", "value", bufferPoolBytes);
        }
        if (lastWrittenLsnEntries < 16) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "last-written-LSN cache too small",
                "field", "lastWrittenLsnEntries", "value", lastWrittenLsnEntries);
        }
        if (deadlockTimeout == null || deadlockTimeout.isNegative() || deadlockTimeout.isZero()) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "deadlock timeout must be positive",
                "field", "deadlockTimeout", "value", deadlockTimeout);
        }
        return this;
    }

    /** Builder with defaults; {@link #build()} validates. */
    public static final class Builder {
        private final PageSource pages;
        private WalWriter wal;
        private long readOnlyLsn = -1;
        private int database = 1;
        private long bufferPoolBytes = 128L << 20;
        private int lastWrittenLsnEntries = 131_072;
        private Duration deadlockTimeout = Duration.ofSeconds(1);

        private Builder(final PageSource pages) {
            this.pages = pages;
        }

        /** Read-write: WAL goes to {@code v}. */
        public Builder wal(final WalWriter v) { wal = v; return this; }

        /** Read-only at {@code lsn}. */
        public Builder readOnlyAt(final long lsn) { readOnlyLsn = lsn; return this; }

        public Builder database(final int v) { database = v; return this; }

        public Builder bufferPoolBytes(final long v) { bufferPoolBytes = v; return this; }

        public Builder lastWrittenLsnEntries(final int v) { lastWrittenLsnEntries = v; return this; }

        public Builder deadlockTimeout(final Duration v) { deadlockTimeout = v; return this; }

        public MvccConfig build() {
            return new MvccConfig(pages, wal, wal == null ? readOnlyLsn : 0, database, bufferPoolBytes,
                lastWrittenLsnEntries, deadlockTimeout).validate();
        }
    }
}
