package io.stratum.cluster;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The branch names of the local cluster and their protection, as kept in {@code DIR/cluster.ids}
 * ({@code tenant=ID}, {@code branch.NAME=TIMELINE}, {@code protected.NAME=true}). Every change is written
 * whole to a temporary file, fsynced, renamed over the old one and the directory fsynced
 * ({@link LocalCluster#writeDurably}), so a crash leaves the old names or the new ones. Not thread-safe: the
 * {@link BranchManager} serialises its callers.
 */
final class BranchNames {
    static final String BRANCH = "branch.";
    static final String PROTECTED = "protected.";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final Path file;
    private final Properties p;

    private BranchNames(final Path file, final Properties p) {
        this.file = file;
        this.p = p;
    }

    static BranchNames load(final Path file) {
        final Properties p = LocalCluster.readProperties(file);
        if (p == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no local cluster here", "file", file);
        }
        return new BranchNames(file, p);
    }

    /** @throws StratumException INVALID_ARGUMENT unless 1-63 of a-z, 0-9, '_', '-', starting with a letter or digit */
    static void checkName(final String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT,
                "bad branch name: use 1-63 of a-z, 0-9, '_' and '-', starting with a letter or digit", "name", name);
        }
    }

    /** The timeline of {@code name}, or null. */
    TimelineId get(final String name) {
        final String id = p.getProperty(BRANCH + name);
        return id == null ? null : TimelineId.parse(id);
    }

    /** The timeline of {@code name}; NOT_FOUND naming it otherwise. */
    TimelineId require(final String name) {
        final TimelineId id = get(name);
        if (id == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no such branch", "name", name);
        }
        return id;
    }

    /** Names by timeline, and every name sorted. */
    Map<TimelineId, String> byTimeline() {
        final Map<TimelineId, String> m = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (final Map.Entry<String, TimelineId> e : all().entrySet()) {
            m.put(e.getValue(), e.getKey());
        }
        return m;
    }

    Map<String, TimelineId> all() {
        final Map<String, TimelineId> m = new TreeMap<>();
        for (final String k : p.stringPropertyNames()) {
            if (k.startsWith(BRANCH)) {
                m.put(k.substring(BRANCH.length()), TimelineId.parse(p.getProperty(k)));
            }
        }
        return m;
    }

    boolean isProtected(final String name) {
        return Boolean.parseBoolean(p.getProperty(PROTECTED + name));
    }

    void put(final String name, final TimelineId id) {
        p.setProperty(BRANCH + name, id.toString());
    }

    void remove(final String name) {
        p.remove(BRANCH + name);
        p.remove(PROTECTED + name);
    }

    void setProtected(final String name, final boolean on) {
        if (on) {
            p.setProperty(PROTECTED + name, "true");
        } else {
            p.remove(PROTECTED + name);
        }
    }

    /** Makes the changes so far durable. */
    void save() {
        LocalCluster.writeDurably(file, p);
    }
}
