package io.stratum.perf.engine;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap and direct memory a benchmark phase used, for the {@code -Xmx256m} runs. Heap: from every
 * garbage collection's notification, the heap in use just before it (the peak: the heap only shrinks at
 * a collection) and just after it (what survived: the retained set plus not yet collected old garbage),
 * plus samples taken by the benchmark's own loops ({@link #sample}). Direct memory: the JDK's "direct"
 * buffer pool, sampled at each collection and at each {@link #sample}; memory-mapped file regions (the
 * layer files' block indexes, in the OS page cache) as the "mapped" pool holds them at the end.
 *
 * <p>Threads: starts none; the JDK delivers GC notifications on its own service thread, which updates the
 * volatile maxima. {@link #close} removes the listeners.
 */
final class MemoryWatch implements NotificationListener, AutoCloseable {
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    private final BufferPoolMXBean direct;
    private final BufferPoolMXBean mapped;
    private volatile long peakUsed;
    private volatile long maxAfterGc;
    private volatile long peakDirect;
    private volatile long collections;

    MemoryWatch() {
        BufferPoolMXBean d = null;
        BufferPoolMXBean m = null;
        for (final BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                d = b;
            } else if (b.getName().equals("mapped")) {
                m = b;
            }
        }
        direct = d;
        mapped = m;
        for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
                heapPools.add(p);
            }
        }
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                final NotificationEmitter e = (NotificationEmitter) gc;
                e.addNotificationListener(this, null, null);
                emitters.add(e);
            }
        }
        sample();
    }

    /** Records the heap and direct memory in use now (cheap: call it from a benchmark loop now and then). */
    void sample() {
        long used = 0;
        for (final MemoryPoolMXBean p : heapPools) {
            used += p.getUsage().getUsed();
        }
        raisePeak(used);
        raiseDirect();
    }

    @Override
    public void handleNotification(final Notification n, final Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        final GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        final long before = heapSum(info.getGcInfo().getMemoryUsageBeforeGc());
        final long after = heapSum(info.getGcInfo().getMemoryUsageAfterGc());
        synchronized (this) {
            collections++;
            if (after > maxAfterGc) {
                maxAfterGc = after;
            }
        }
        raisePeak(before);
        raiseDirect();
    }

    private long heapSum(final Map<String, MemoryUsage> usage) {
        long sum = 0;
        for (final MemoryPoolMXBean p : heapPools) {
            final MemoryUsage u = usage.get(p.getName());
            if (u != null) {
                sum += u.getUsed();
            }
        }
        return sum;
    }

    private synchronized void raisePeak(final long used) {
        if (used > peakUsed) {
            peakUsed = used;
        }
    }

    private synchronized void raiseDirect() {
        if (direct != null) {
            final long d = direct.getMemoryUsed();
            if (d > peakDirect) {
                peakDirect = d;
            }
        }
    }

    /** The most heap in use at any sample or just before any collection. */
    long peakHeapUsed() {
        return peakUsed;
    }

    /** The most heap still in use just after a collection (0 if none ran). */
    long maxHeapAfterGc() {
        return maxAfterGc;
    }

    long peakDirect() {
        return peakDirect;
    }

    long directNow() {
        return direct == null ? 0 : direct.getMemoryUsed();
    }

    long collections() {
        return collections;
    }

    /** Adds the figures to a result, in MiB: {@code PREFIXheap_peak_mb} etc. */
    void report(final Map<String, Object> f, final String prefix) {
        sample();
        f.put(prefix + "heap_peak_mb", peakHeapUsed() >> 20);
        f.put(prefix + "heap_after_gc_max_mb", maxHeapAfterGc() >> 20);
        f.put(prefix + "direct_peak_mb", peakDirect() >> 20);
        f.put(prefix + "gc_count", collections());
        f.put(prefix + "mapped_now_mb", mapped == null ? 0 : mapped.getMemoryUsed() >> 20);
    }

    @Override
    public void close() {
        for (final NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(this);
            } catch (final ListenerNotFoundException ignored) {
                // never added
            }
        }
        emitters.clear();
    }
}
