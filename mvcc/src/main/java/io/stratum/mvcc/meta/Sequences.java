package io.stratum.mvcc.meta;

import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.PageLogger;
import io.stratum.mvcc.WalWriter;
import io.stratum.mvcc.MvccException;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecordEncoder;
import java.nio.ByteBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sequences, as PostgreSQL's: non-transactional, WAL-logged ahead in batches of {@link #LOG_AHEAD}
 * values (its log_cnt). The page records the last value handed out at logging time and the logged
 * limit; a new incarnation continues after the logged limit, so no value is handed out twice even
 * across a crash (values may be skipped). A new batch's record is made durable before its first value is
 * returned. Thread-safe (one monitor). Threads: none.
 */
public final class Sequences {
    public static final int LOG_AHEAD = 32;

    private final BufferPool pool;
    private final WalWriter wal;
    private final int database;
    private final PageLogger logger;
    private final WalRecordEncoder encoder = new WalRecordEncoder();
    private final UnsafeBuffer record = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final int[] buffers = new int[1];
    private final Int2ObjectHashMap<State> states = new Int2ObjectHashMap<>();

    private static final class State {
        long last;
        long logged;
        long increment;
        boolean known;
    }

    public Sequences(final BufferPool pool, final WalWriter wal, final RedoRegistry redo, final int database) {
        this.pool = pool;
        this.wal = wal;
        this.database = database;
        this.logger = wal == null ? null : new PageLogger(redo, wal, pool);
    }

    private State load(final int sequence) {
        State s = states.get(sequence);
        if (s == null) {
            s = new State();
            final int b = pool.pin(MetaPages.seqHi(database, sequence), MetaPages.seqLo(sequence));
            try {
                pool.latchShared(b);
                try {
                    if (MetaPages.seqInitialised(pool.page(b), pool.pageOffset(b))) {
                        s.known = true;
                        s.logged = MetaPages.seqLogged(pool.page(b), pool.pageOffset(b));
                        s.last = s.logged; // values up to the logged limit may have been handed out
                        s.increment = MetaPages.seqIncrement(pool.page(b), pool.pageOffset(b));
                    }
                } finally {
                    pool.unlatch(b);
                }
            } finally {
                pool.unpin(b);
            }
            states.put(sequence, s);
        }
        return s;
    }

    private void checkWritable() {
        if (wal == null) {
            throw MvccException.of(MvccException.Reason.READ_ONLY_TRANSACTION, "cannot change a sequence on a read-only store");
        }
    }

    public synchronized long nextValue(final int sequence, final long start, final long increment) {
        checkWritable();
        final State s = load(sequence);
        if (!s.known) {
            if (increment == 0) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "sequence increment must not be zero");
            }
            s.known = true;
            s.increment = increment;
            s.last = Math.subtractExact(start, increment);
            s.logged = s.last;
        }
        final long v = Math.addExact(s.last, s.increment);
        if (s.increment > 0 ? v > s.logged : v < s.logged) {
            final long limit = v + s.increment * LOG_AHEAD;
            wal.awaitDurable(log(sequence, v, limit, s.increment));
            s.logged = limit;
        }
        s.last = v;
        return v;
    }

    public synchronized void setValue(final int sequence, final long value) {
        checkWritable();
        final State s = load(sequence);
        if (!s.known) {
            s.known = true;
            s.increment = 1;
        }
        wal.awaitDurable(log(sequence, value, value, s.increment));
        s.last = value;
        s.logged = value;
    }

    private long log(final int sequence, final long last, final long logged, final long increment) {
        final int len = MetaPages.seqRecord(encoder, record, database, sequence, last, logged, increment);
        final int b = pool.pin(MetaPages.seqHi(database, sequence), MetaPages.seqLo(sequence));
        try {
            pool.latchExclusive(b);
            try {
                buffers[0] = b;
                return logger.apply(record, 0, len, buffers, 1);
            } finally {
                pool.unlatch(b);
            }
        } finally {
            pool.unpin(b);
        }
    }
}
