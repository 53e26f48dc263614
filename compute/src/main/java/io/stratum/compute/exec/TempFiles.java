package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The temporary files of one statement (spilling sorts): created in the session's temporary directory (made on
 * first use), each deleted by its owner when done and, whatever is left, when the statement ends, fails or is
 * cancelled ({@link #close()}). I/O errors are 58030 naming the file. One per statement; confined to its
 * thread. Threads: none.
 */
public final class TempFiles implements AutoCloseable {
    private final Path dir;
    private final List<SpillFile> open = new ArrayList<>();

    /** Files in {@code dir} (created when the first file is). */
    public TempFiles(final Path dir) {
        this.dir = dir;
    }

    /** A new empty file for {@code what} (e.g. "sort"), deleted by {@link SpillFile#close()} or {@link #close()}. */
    SpillFile create(final String what) {
        final Path f;
        try {
            Files.createDirectories(dir);
            f = Files.createTempFile(dir, "stratum_" + what + "_", ".tmp");
        } catch (final IOException e) {
            throw new SqlException("58030", "could not create temporary file in \"" + dir + "\": " + e.getMessage());
        }
        final SpillFile s = new SpillFile(f, this);
        open.add(s);
        return s;
    }

    void closed(final SpillFile f) {
        open.remove(f);
    }

    /** How many of this statement's files exist now. */
    public int count() {
        return open.size();
    }

    /** Deletes every file still open; the first failure is rethrown after all were tried. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (final SpillFile f : new ArrayList<>(open)) {
            try {
                f.close();
            } catch (final RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }

    /**
     * Removes the session directories ({@code session_<jvm pid>_...}) under {@code root} that a process no longer
     * running left behind (a crash), as PostgreSQL clears pgsql_tmp at startup; directories of live processes
     * (other engines, this JVM's sessions) stay. Returns how many were removed.
     */
    public static int removeStale(final Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        try (var s = Files.list(root)) {
            for (final Path d : (Iterable<Path>) s::iterator) {
                final String n = d.getFileName().toString();
                final int end = n.indexOf('_', "session_".length());
                if (!n.startsWith("session_") || end < 0) {
                    continue;
                }
                final long pid;
                try {
                    pid = Long.parseLong(n.substring("session_".length(), end));
                } catch (final NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                removeDirectory(d);
                removed++;
            }
        } catch (final IOException e) {
            throw new SqlException("58030", "could not list temporary directory \"" + root + "\": " + e.getMessage());
        }
        return removed;
    }

    /** Removes a session's temporary directory and whatever is in it (the session ended). */
    public static void removeDirectory(final Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (final Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (final IOException e) {
            throw new SqlException("58030", "could not remove temporary directory \"" + dir + "\": " + e.getMessage());
        }
    }
}
