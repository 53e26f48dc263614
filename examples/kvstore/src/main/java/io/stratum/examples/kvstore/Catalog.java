package io.stratum.examples.kvstore;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The store's own small metadata, in {@code DIR/store.properties}: its tenant id, bucket count, and each
 * branch's timeline. Replaced atomically (write a temporary file, fsync, rename). Not thread-safe: the
 * store calls it under its lock.
 */
final class Catalog {
    private final Path file;
    final TenantId tenant;
    final int buckets;
    /** Branch name to timeline, in creation order (parents first). */
    final Map<String, TimelineId> branches = new LinkedHashMap<>();

    private Catalog(final Path file, final TenantId tenant, final int buckets) {
        this.file = file;
        this.tenant = tenant;
        this.buckets = buckets;
    }

    /** Loads the catalog, or creates one with a new tenant and a "main" branch. */
    static Catalog openOrCreate(final Path dir, final int buckets) {
        final Path file = dir.resolve("store.properties");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                final Catalog c = new Catalog(file, TenantId.random(), buckets);
                c.branches.put("main", TimelineId.random());
                c.save();
                return c;
            }
            final Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            final Catalog c = new Catalog(file, TenantId.parse(p.getProperty("tenant")),
                Integer.parseInt(p.getProperty("buckets")));
            final int n = Integer.parseInt(p.getProperty("branches"));
            for (int i = 0; i < n; i++) {
                c.branches.put(p.getProperty("branch." + i + ".name"),
                    TimelineId.parse(p.getProperty("branch." + i + ".timeline")));
            }
            return c;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final RuntimeException e) {
            throw StratumException.withCause(ErrorCode.CORRUPT, e, "unreadable store catalog", "file", file);
        }
    }

    void save() {
        final Properties p = new Properties();
        p.setProperty("tenant", tenant.toString());
        p.setProperty("buckets", Integer.toString(buckets));
        p.setProperty("branches", Integer.toString(branches.size()));
        int i = 0;
        for (final Map.Entry<String, TimelineId> e : branches.entrySet()) {
            p.setProperty("branch." + i + ".name", e.getKey());
            p.setProperty("branch." + i + ".timeline", e.getValue().toString());
            i++;
        }
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Stratum example key-value store");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
