package io.stratum.wal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A {@link FileIo} for tests that wraps another and can fail fsyncs, run out of space, and simulate a
 * crash: {@link #crash(Random)} throws away each file's unsynced writes from a random byte on, tearing
 * the write that straddles that byte (its rest is lost, or replaced by garbage), as a power cut does.
 * Every handle opened before a crash fails afterwards, like the handles of a dead process.
 * Renames, creations and deletions are treated as durable at once (directory fsync is not modelled).
 */
public final class FaultInjectingFileIo implements FileIo {
    private final FileIo delegate;
    private final Map<Path, List<Undo>> unsynced = new HashMap<>();
    private final List<Handle> open = new ArrayList<>();
    private int failForces;
    private java.util.function.Predicate<Path> failForcesOf = p -> true;
    private long spaceLeft = Long.MAX_VALUE;
    private java.util.function.Predicate<Path> failOpensOf = p -> false;

    public FaultInjectingFileIo(final FileIo delegate) {
        this.delegate = delegate;
    }

    /** The next {@code count} fsyncs fail with an IOException. */
    public synchronized void failNextForces(final int count) {
        failNextForces(count, p -> true);
    }

    /** The next {@code count} fsyncs of files matching {@code which} fail with an IOException. */
    public synchronized void failNextForces(final int count, final java.util.function.Predicate<Path> which) {
        failForces = count;
        failForcesOf = which;
    }

    /** Injected fsync failures not yet fired. */
    public synchronized int pendingForceFailures() {
        return failForces;
    }

    /** Opening (or creating) files matching {@code which} fails with "Too many open files". */
    public synchronized void failOpens(final java.util.function.Predicate<Path> which) {
        failOpensOf = which;
    }

    /** Writes fail with "No space left on device" once {@code bytes} more bytes have been written. */
    public synchronized void setSpaceLeft(final long bytes) {
        spaceLeft = bytes;
    }

    /** Bytes written since the last fsync of each file, summed. */
    public synchronized long unsyncedBytes() {
        long n = 0;
        for (final List<Undo> l : unsynced.values()) {
            for (final Undo u : l) {
                n += u.newBytes.length;
            }
        }
        return n;
    }

    /**
     * Simulates a crash: kills every open handle, then for every file keeps a random prefix of its unsynced
     * writes, tears the next one at a random byte (its remainder is either lost or garbage) and drops the rest.
     */
    public synchronized void crash(final Random random) throws IOException {
        crash(random, false);
    }

    /**
     * As {@link #crash(Random)}, but with {@code reorder} each unsynced write is independently kept,
     * dropped or torn, as when the disk or the page cache writes unsynced pages back in any order.
     */
    public synchronized void crash(final Random random, final boolean reorder) throws IOException {
        for (final Handle h : open) {
            h.dead = true;
            h.file.close();
        }
        open.clear();
        for (final Map.Entry<Path, List<Undo>> e : unsynced.entrySet()) {
            final List<Undo> undos = e.getValue();
            if (undos.isEmpty() || !delegate.exists(e.getKey())) {
                continue;
            }
            final int keep = random.nextInt(undos.size() + 1);
            try (IoFile f = delegate.open(e.getKey(), false)) {
                if (reorder) {
                    for (int i = undos.size() - 1; i >= 0; i--) {
                        final Undo u = undos.get(i);
                        final int fate = random.nextInt(3); // 0 keep, 1 drop, 2 tear
                        if (fate == 0) {
                            continue;
                        }
                        f.write(ByteBuffer.wrap(u.oldBytes), u.position);
                        if (fate == 2) {
                            final int prefix = random.nextInt(u.newBytes.length + 1);
                            f.write(ByteBuffer.wrap(u.newBytes, 0, prefix), u.position);
                        }
                    }
                    f.force();
                    continue;
                }
                for (int i = undos.size() - 1; i >= keep; i--) {
                    final Undo u = undos.get(i);
                    f.write(ByteBuffer.wrap(u.oldBytes), u.position);
                    if (f.size() > u.oldSize) {
                        f.truncate(u.oldSize);
                    }
                }
                if (keep < undos.size()) {
                    final Undo torn = undos.get(keep);
                    final int prefix = random.nextInt(torn.newBytes.length + 1);
                    final byte[] bytes = new byte[torn.newBytes.length];
                    System.arraycopy(torn.newBytes, 0, bytes, 0, prefix);
                    if (random.nextBoolean()) {
                        final byte[] garbage = new byte[bytes.length - prefix];
                        random.nextBytes(garbage);
                        System.arraycopy(garbage, 0, bytes, prefix, garbage.length);
                        f.write(ByteBuffer.wrap(bytes), torn.position);
                    } else {
                        f.write(ByteBuffer.wrap(bytes, 0, prefix), torn.position);
                    }
                }
                f.force();
            }
        }
        unsynced.clear();
    }

    @Override
    public synchronized IoFile open(final Path path, final boolean create) throws IOException {
        if (failOpensOf.test(path)) {
            throw new IOException("Too many open files (injected): " + path);
        }
        final Handle h = new Handle(path, delegate.open(path, create));
        open.add(h);
        return h;
    }

    @Override
    public synchronized IoFile openReadOnly(final Path path) throws IOException {
        final Handle h = new Handle(path, delegate.openReadOnly(path));
        open.add(h);
        return h;
    }

    @Override
    public boolean exists(final Path path) {
        return delegate.exists(path);
    }

    @Override
    public List<Path> list(final Path dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public synchronized void delete(final Path path) throws IOException {
        unsynced.remove(path);
        delegate.delete(path);
    }

    @Override
    public synchronized void rename(final Path from, final Path to) throws IOException {
        final List<Undo> u = unsynced.remove(from);
        if (u != null) {
            unsynced.put(to, u);
        }
        delegate.rename(from, to);
    }

    @Override
    public void syncDirectory(final Path dir) throws IOException {
        delegate.syncDirectory(dir);
    }

    @Override
    public void createDirectories(final Path dir) throws IOException {
        delegate.createDirectories(dir);
    }

    private record Undo(long position, byte[] oldBytes, long oldSize, byte[] newBytes) {
    }

    private final class Handle implements IoFile {
        private final Path path;
        private final IoFile file;
        private volatile boolean dead;

        Handle(final Path path, final IoFile file) {
            this.path = path;
            this.file = file;
        }

        private void checkAlive() throws IOException {
            if (dead) {
                throw new IOException("file handle died in a simulated crash: " + path);
            }
        }

        @Override
        public void write(final ByteBuffer src, final long position) throws IOException {
            synchronized (FaultInjectingFileIo.this) {
                checkAlive();
                final int len = src.remaining();
                if (len > spaceLeft) {
                    throw new IOException("No space left on device (injected): " + path);
                }
                spaceLeft -= len;
                final long oldSize = file.size();
                final byte[] old = new byte[(int) Math.max(0, Math.min(len, oldSize - position))];
                if (old.length > 0) {
                    file.read(ByteBuffer.wrap(old), position);
                }
                final byte[] neu = new byte[len];
                src.duplicate().get(neu);
                unsynced.computeIfAbsent(path, p -> new ArrayList<>()).add(new Undo(position, old, oldSize, neu));
                file.write(src, position);
            }
        }

        @Override
        public int read(final ByteBuffer dst, final long position) throws IOException {
            checkAlive();
            return file.read(dst, position);
        }

        @Override
        public void force() throws IOException {
            synchronized (FaultInjectingFileIo.this) {
                checkAlive();
                if (failForces > 0 && failForcesOf.test(path)) {
                    failForces--;
                    throw new IOException("fsync failed (injected): " + path);
                }
                file.force();
                unsynced.remove(path);
            }
        }

        @Override
        public long size() throws IOException {
            checkAlive();
            return file.size();
        }

        @Override
        public void truncate(final long size) throws IOException {
            synchronized (FaultInjectingFileIo.this) {
                checkAlive();
                file.truncate(size);
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (FaultInjectingFileIo.this) {
                open.remove(this);
                if (!dead) {
                    file.close();
                }
            }
        }
    }
}
