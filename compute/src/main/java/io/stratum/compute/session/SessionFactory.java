package io.stratum.compute.session;

import java.util.Map;

/** Opens {@link Session}s for authenticated connections. Thread-safe. */
public interface SessionFactory {
    /**
     * A session for {@code user} on {@code database} (a branch name, or {@code branch@LSN} /
     * {@code branch@TIME} for a read-only one), with the StartupMessage's other parameters.
     *
     * @throws SqlException 3D000 for an unknown database/branch, 53300 past the connection limit
     */
    Session open(String user, String database, Map<String, String> startupParameters);
}
