package io.stratum.engine.timeline;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.cache.PageCache;
import io.stratum.wal.Internal;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What every timeline of a page server shares: configuration, page cache, the background executor (or
 * none) and a pool of read contexts. Created by {@link io.stratum.engine.PageServer}; internal API.
 */
@Internal
public final class EngineContext implements AutoCloseable {
    final EngineConfig config;
    final PageCache cache;
    final ExecutorService background;
    final io.stratum.engine.EngineStats stats = new io.stratum.engine.EngineStats();
    private final AtomicLong instanceIds = new AtomicLong();
    private final AtomicReferenceArray<ReadContext> pool = new AtomicReferenceArray<>(16);

    public EngineContext(final EngineConfig config, final PageCache cache, final ExecutorService background) {
        this.config = config;
        this.cache = cache;
        this.background = background;
    }

    /** Counters for metrics. */
    public io.stratum.engine.EngineStats stats() {
        return stats;
    }

    long nextInstanceId() {
        return instanceIds.incrementAndGet();
    }

    ReadContext acquire() {
        for (int i = 0; i < pool.length(); i++) {
            final ReadContext c = pool.getAndSet(i, null);
            if (c != null) {
                c.reset();
                return c;
            }
        }
        return new ReadContext();
    }

    void release(final ReadContext c) {
        c.scratch.invalidate();
        for (int i = 0; i < pool.length(); i++) {
            if (pool.compareAndSet(i, null, c)) {
                return;
            }
        }
        c.close();
    }

    @Override
    public void close() {
        for (int i = 0; i < pool.length(); i++) {
            final ReadContext c = pool.getAndSet(i, null);
            if (c != null) {
                c.close();
            }
        }
    }
}
