package io.stratum.wal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A {@link FileIo} for tests that wraps another and can fail fsyncs, run out of space, cut the power at
 * the n-th mutating call, and simulate a crash: {@link #crash(Random)} throws away each file's unsynced
 * writes from a random byte on, tearing the write that straddles that byte (its rest is lost, or replaced
 * by garbage), as a power cut does. Every handle opened before a crash fails afterwards, like the handles
 * of a dead process.
 * <ul>
 * <li>A failed fsync behaves as Linux after "fsyncgate": the writes it should have made durable are no
 *     longer dirty, so a later fsync that succeeds does not make them durable; a crash may still lose or
 *     tear them. Code that retries an fsync and trusts it loses data here.</li>
 * <li>With {@link #modelDirectories(boolean)} on, creations, renames and deletions of files are durable
 *     only once their directory is fsynced; a crash keeps a random prefix of each directory's pending
 *     changes and reverts the rest (a revert of a deletion restores the file's durable content).
 *     Otherwise they are durable at once. Directory creation and removal are always durable at once.</li>
 * </ul>
 * {@link #counts()} says how many faults of each kind fired, so a test can prove its faults were real, and
 * how many fsyncs succeeded on a file whose earlier fsync had failed (a retry that must not be trusted).
 */
public final class FaultInjectingFileIo implements FileIo {
    private final FileIo delegate;
    private final Map<Path, List<Undo>> unsynced = new HashMap<>();
    /** Writes whose fsync failed: no later fsync makes them durable. */
    private final Map<Path, List<Undo>> doomed = new HashMap<>();
    /** Per directory, file creations, renames and deletions not yet made durable by a directory fsync. */
    private final Map<Path, List<DirOp>> pendingDirOps = new HashMap<>();
    private final List<Handle> open = new ArrayList<>();
    private int failForces;
    private Predicate<Path> failForcesOf = p -> true;
    private int failDirSyncs;
    private Predicate<Path> failDirSyncsOf = p -> true;
    private long spaceLeft = Long.MAX_VALUE;
    private Predicate<Path> failOpensOf = p -> false;
    private boolean modelDirectories;
    private int cutAfter = -1;
    private Predicate<Path> cutOf = p -> true;
    private boolean down;
    private Path lastFault;
    private long forceFailures;
    private long dirSyncFailures;
    private long noSpace;
    private long powerCuts;
    private long crashes;
    private long kept;
    private long dropped;
    private long torn;
    private long dirOpsReverted;
    private long retriedForces;
    /** Files whose fsync failed and that were not rewritten, renamed away or deleted since. */
    private final java.util.Set<Path> poisoned = new java.util.HashSet<>();

    /** How many faults of each kind fired, and what crashes did to unsynced writes and directory changes. */
    public record Counts(long forceFailures, long dirSyncFailures, long noSpace, long powerCuts, long crashes,
                         long writesKept, long writesDropped, long writesTorn, long dirOpsReverted,
                         long retriedForces) {
        /** Fsync failures, directory fsync failures, ENOSPC and power cuts. */
        public long faults() {
            return forceFailures + dirSyncFailures + noSpace + powerCuts;
        }
    }

    public FaultInjectingFileIo(final FileIo delegate) {
        this.delegate = delegate;
    }

    /** The next {@code count} fsyncs fail with an IOException. */
    public synchronized void failNextForces(final int count) {
        failNextForces(count, p -> true);
    }

    /** The next {@code count} fsyncs of files matching {@code which} fail with an IOException. */
    public synchronized void failNextForces(final int count, final Predicate<Path> which) {
        failForces = count;
        failForcesOf = which;
    }

    /** Injected fsync failures not yet fired. */
    public synchronized int pendingForceFailures() {
        return failForces;
    }

    /** The next {@code count} fsyncs of directories matching {@code which} fail with an IOException. */
    public synchronized void failNextDirectorySyncs(final int count, final Predicate<Path> which) {
        failDirSyncs = count;
        failDirSyncsOf = which;
    }

    /** Injected directory fsync failures not yet fired. */
    public synchronized int pendingDirectorySyncFailures() {
        return failDirSyncs;
    }

    /** Opening (or creating) files matching {@code which} fails with "Too many open files". */
    public synchronized void failOpens(final Predicate<Path> which) {
        failOpensOf = which;
    }

    /** Writes fail with "No space left on device" once {@code bytes} more bytes have been written. */
    public synchronized void setSpaceLeft(final long bytes) {
        spaceLeft = bytes;
    }

    /** Whether file creations, renames and deletions wait for a directory fsync to be durable. */
    public synchronized void modelDirectories(final boolean on) {
        modelDirectories = on;
    }

    /**
     * The power goes off at a mutating call (write, fsync, truncate, creation, rename, deletion, directory
     * fsync) on a path matching {@code which}, after {@code calls} such calls went through: that call and
     * every mutating call after it, on any path, fail, until {@link #crash} models the restart.
     */
    public synchronized void powerCutAfter(final int calls, final Predicate<Path> which) {
        cutAfter = calls;
        cutOf = which;
    }

    /** Whether a power cut fired and no crash has modelled the restart yet. */
    public synchronized boolean isDown() {
        return down;
    }

    /** Disarms every fault not yet fired (fsync and directory fsync failures, space, power cut, opens). */
    public synchronized void disarm() {
        failForces = 0;
        failDirSyncs = 0;
        spaceLeft = Long.MAX_VALUE;
        cutAfter = -1;
        failOpensOf = p -> false;
    }

    /** The file (or directory) at which the last fault fired, or null. */
    public synchronized Path lastFaultPath() {
        return lastFault;
    }

    public synchronized Counts counts() {
        return new Counts(forceFailures, dirSyncFailures, noSpace, powerCuts, crashes, kept, dropped, torn,
            dirOpsReverted, retriedForces);
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

    /** As {@link #crash(Random)}, losing every write not made durable: none is kept, none torn. */
    public synchronized void crashLosingEveryUnsyncedWrite() throws IOException {
        crash(new Random() {
            @Override
            protected int next(final int bits) {
                return 0; // keeps no write, tears the first at byte 0, with no garbage: all lost
            }
        }, false);
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
        final Map<Path, List<Undo>> all = new HashMap<>();
        doomed.forEach((p, l) -> all.computeIfAbsent(p, x -> new ArrayList<>()).addAll(l));
        unsynced.forEach((p, l) -> all.computeIfAbsent(p, x -> new ArrayList<>()).addAll(l));
        for (final Map.Entry<Path, List<Undo>> e : all.entrySet()) {
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
                            kept++;
                            continue;
                        }
                        f.write(ByteBuffer.wrap(u.oldBytes), u.position);
                        if (fate == 2) {
                            torn++;
                            final int prefix = random.nextInt(u.newBytes.length + 1);
                            f.write(ByteBuffer.wrap(u.newBytes, 0, prefix), u.position);
                        } else {
                            dropped++;
                        }
                    }
                    f.force();
                    continue;
                }
                kept += keep;
                for (int i = undos.size() - 1; i >= keep; i--) {
                    final Undo u = undos.get(i);
                    f.write(ByteBuffer.wrap(u.oldBytes), u.position);
                    if (f.size() > u.oldSize) {
                        f.truncate(u.oldSize);
                    }
                    if (i > keep) {
                        dropped++;
                    }
                }
                if (keep < undos.size()) {
                    torn++;
                    final Undo tornWrite = undos.get(keep);
                    final int prefix = random.nextInt(tornWrite.newBytes.length + 1);
                    final byte[] bytes = new byte[tornWrite.newBytes.length];
                    System.arraycopy(tornWrite.newBytes, 0, bytes, 0, prefix);
                    if (random.nextBoolean()) {
                        final byte[] garbage = new byte[bytes.length - prefix];
                        random.nextBytes(garbage);
                        System.arraycopy(garbage, 0, bytes, prefix, garbage.length);
                        f.write(ByteBuffer.wrap(bytes), tornWrite.position);
                    } else {
                        f.write(ByteBuffer.wrap(bytes, 0, prefix), tornWrite.position);
                    }
                }
                f.force();
            }
        }
        unsynced.clear();
        doomed.clear();
        poisoned.clear();
        revertDirectories(random);
        crashes++;
        down = false;
        cutAfter = -1;
    }

    /** Keeps a random prefix of each directory's pending changes and reverts the rest, newest first. */
    private void revertDirectories(final Random random) throws IOException {
        final List<Path> dirs = new ArrayList<>(pendingDirOps.keySet());
        dirs.sort((a, b) -> a.getNameCount() != b.getNameCount() ? Integer.compare(a.getNameCount(), b.getNameCount())
            : a.compareTo(b));
        for (final Path dir : dirs) {
            final List<DirOp> ops = pendingDirOps.get(dir);
            final int keep = random.nextInt(ops.size() + 1);
            for (int i = ops.size() - 1; i >= keep && delegate.exists(dir); i--) {
                final DirOp op = ops.get(i);
                switch (op.kind) {
                    case CREATED -> delegate.delete(op.path);
                    case RENAMED -> {
                        if (delegate.exists(op.path)) {
                            delegate.rename(op.path, op.from);
                        }
                        if (op.content != null) {
                            writeWhole(op.path, op.content);
                        }
                    }
                    default -> writeWhole(op.path, op.content);
                }
                dirOpsReverted++;
            }
        }
        pendingDirOps.clear();
    }

    private void writeWhole(final Path path, final byte[] content) throws IOException {
        try (IoFile f = delegate.open(path, true)) {
            f.truncate(0);
            f.write(ByteBuffer.wrap(content), 0);
            f.force();
        }
    }

    /** The content {@code path} would have after a crash that lost every write not made durable. */
    private byte[] durableContent(final Path path) throws IOException {
        final byte[] now;
        try (IoFile f = delegate.openReadOnly(path)) {
            now = new byte[(int) Math.min(f.size(), 64 << 20)];
            final ByteBuffer b = ByteBuffer.wrap(now);
            while (b.hasRemaining() && f.read(b, b.position()) > 0) {
                // fill
            }
        }
        final List<Undo> undos = new ArrayList<>(doomed.getOrDefault(path, List.of()));
        undos.addAll(unsynced.getOrDefault(path, List.of()));
        byte[] b = now;
        for (int i = undos.size() - 1; i >= 0; i--) {
            final Undo u = undos.get(i);
            if (u.position + u.oldBytes.length > b.length) {
                b = java.util.Arrays.copyOf(b, (int) (u.position + u.oldBytes.length));
            }
            System.arraycopy(u.oldBytes, 0, b, (int) u.position, u.oldBytes.length);
            if (b.length > u.oldSize) {
                b = java.util.Arrays.copyOf(b, (int) u.oldSize);
            }
        }
        return b;
    }

    private static Path key(final Path p) {
        return p.toAbsolutePath().normalize();
    }

    private void dirOp(final DirOp op) {
        if (modelDirectories) {
            pendingDirOps.computeIfAbsent(op.path.getParent(), d -> new ArrayList<>()).add(op);
        }
    }

    /** Every mutating call passes here: refused after a power cut, and the one that trips the cut fails. */
    private void mutating(final Path path, final String what) throws IOException {
        if (down) {
            throw new IOException("power is off (injected), cannot " + what + ": " + path);
        }
        if (cutAfter >= 0 && cutOf.test(path)) {
            if (cutAfter-- == 0) {
                down = true;
                powerCuts++;
                lastFault = path;
                throw new IOException("power cut (injected) during " + what + ": " + path);
            }
        }
    }

    @Override
    public synchronized IoFile open(final Path path, final boolean create) throws IOException {
        if (failOpensOf.test(path)) {
            throw new IOException("Too many open files (injected): " + path);
        }
        final Path k = key(path);
        final boolean creates = create && !delegate.exists(k);
        if (creates) {
            mutating(k, "create");
        }
        final Handle h = new Handle(k, delegate.open(path, create));
        if (creates) {
            dirOp(new DirOp(DirOp.Kind.CREATED, k, null, null));
        }
        open.add(h);
        return h;
    }

    @Override
    public synchronized IoFile openReadOnly(final Path path) throws IOException {
        final Handle h = new Handle(key(path), delegate.openReadOnly(path));
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
        final Path k = key(path);
        mutating(k, "delete");
        if (modelDirectories && delegate.exists(k) && !java.nio.file.Files.isDirectory(k)) {
            dirOp(new DirOp(DirOp.Kind.DELETED, k, null, durableContent(k)));
        }
        unsynced.remove(k);
        doomed.remove(k);
        poisoned.remove(k);
        delegate.delete(path);
    }

    @Override
    public synchronized void rename(final Path from, final Path to) throws IOException {
        final Path f = key(from);
        final Path t = key(to);
        mutating(t, "rename");
        final byte[] replaced = modelDirectories && delegate.exists(t) ? durableContent(t) : null;
        delegate.rename(from, to);
        dirOp(new DirOp(DirOp.Kind.RENAMED, t, f, replaced));
        unsynced.remove(t);
        doomed.remove(t);
        final List<Undo> u = unsynced.remove(f);
        if (u != null) {
            unsynced.put(t, u);
        }
        final List<Undo> d = doomed.remove(f);
        if (d != null) {
            doomed.put(t, d);
        }
        poisoned.remove(t);
        if (poisoned.remove(f)) {
            poisoned.add(t);
        }
    }

    @Override
    public synchronized void syncDirectory(final Path dir) throws IOException {
        final Path k = key(dir);
        mutating(k, "fsync directory");
        if (failDirSyncs > 0 && failDirSyncsOf.test(k)) {
            failDirSyncs--;
            dirSyncFailures++;
            lastFault = k;
            throw new IOException("directory fsync failed (injected): " + dir);
        }
        delegate.syncDirectory(dir);
        pendingDirOps.remove(k);
    }

    @Override
    public synchronized void createDirectories(final Path dir) throws IOException {
        if (!delegate.exists(dir)) {
            mutating(key(dir), "create directory");
        }
        delegate.createDirectories(dir);
    }

    private record Undo(long position, byte[] oldBytes, long oldSize, byte[] newBytes) {
    }

    /** A pending directory change: {@code path} created, renamed to from {@code from}, or deleted. */
    private record DirOp(Kind kind, Path path, Path from, byte[] content) {
        enum Kind { CREATED, RENAMED, DELETED }
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
                mutating(path, "write");
                final int len = src.remaining();
                if (len > spaceLeft) {
                    noSpace++;
                    lastFault = path;
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
                mutating(path, "fsync");
                if (failForces > 0 && failForcesOf.test(path)) {
                    failForces--;
                    forceFailures++;
                    lastFault = path;
                    // fsyncgate: the kernel forgets the failed pages' dirtiness; no later fsync writes them
                    final List<Undo> lost = unsynced.remove(path);
                    if (lost != null) {
                        doomed.computeIfAbsent(path, p -> new ArrayList<>()).addAll(lost);
                    }
                    poisoned.add(path);
                    throw new IOException("fsync failed (injected): " + path);
                }
                file.force();
                unsynced.remove(path);
                if (poisoned.contains(path)) {
                    retriedForces++; // a retry after a failed fsync, as if it could make the lost writes durable
                }
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
                mutating(path, "truncate");
                file.truncate(size);
                if (size == 0) {
                    poisoned.remove(path); // rewritten from scratch: a later fsync covers only new writes
                }
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
