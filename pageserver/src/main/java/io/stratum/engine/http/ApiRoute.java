package io.stratum.engine.http;

/**
 * JSON requests under a path a process mounts on the management API beside the engine's own
 * ({@link ManagementServer#mount}): the local cluster serves its branch names this way. Called on the API's
 * worker threads, concurrently; a {@link io.stratum.wal.StratumException} becomes an error response with the
 * same HTTP status the engine's routes use and the error code in {@code "code"}.
 */
@FunctionalInterface
public interface ApiRoute {
    /**
     * Answers one request.
     *
     * @param path the request path (e.g. {@code /v1/branch/dev/reset}), {@code query} its raw query or null
     * @return the JSON body of a 200 response
     */
    String handle(String method, String path, String query, String body);
}
