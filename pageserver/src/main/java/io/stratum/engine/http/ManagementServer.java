package io.stratum.engine.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stratum.engine.PageServer;
import io.stratum.engine.TimelineInfo;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.auth.AuthKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page server's management API (JSON over HTTP, {@code docs/api.md}) and {@code /metrics}
 * (Prometheus text format). Binds to loopback by default; with a token, or with an {@link AuthKey} (a token it
 * signed, scoped to the path's tenant or admin: {@link ApiAuth}), every {@code /v1} request must carry
 * {@code Authorization: Bearer TOKEN} ({@code /metrics} stays open, as Prometheus scrapes expect). Off loopback
 * one of the two is required.
 * Threads: the JDK HTTP server's dispatcher and a pool of four workers ({@code stratum-http-N}); {@link #close()}
 * stops them, waiting for requests in progress rather than interrupting them.
 */
public final class ManagementServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final PageServer pageServer;
    private final ManagementHooks hooks;
    private final ApiAuth auth;
    private final HttpServer http;
    private final ExecutorService workers;

    private ManagementServer(final PageServer pageServer, final ManagementHooks hooks, final ApiAuth auth,
                             final HttpServer http, final ExecutorService workers) {
        this.pageServer = pageServer;
        this.hooks = hooks;
        this.auth = auth;
        this.http = http;
        this.workers = workers;
    }

    /**
     * Starts serving on {@code host:port} (port 0 picks a free one).
     *
     * @param token bearer token required on {@code /v1}, or null for none
     * @param registry the metrics served at {@code /metrics}
     */
    public static ManagementServer start(final String host, final int port, final String token,
                                         final PageServer pageServer, final ManagementHooks hooks,
                                         final PrometheusRegistry registry) {
        return launch(host, port, ApiAuth.fixed(token), pageServer, hooks, registry);
    }

    /**
     * Starts serving on {@code host:port}; with {@code key}, each {@code /v1} request needs a token signed with
     * it, scoped to the tenant of its path or admin (null: open, loopback only).
     */
    public static ManagementServer startWithKey(final String host, final int port, final AuthKey key,
                                         final PageServer pageServer, final ManagementHooks hooks,
                                         final PrometheusRegistry registry) {
        return launch(host, port, key == null ? ApiAuth.fixed(null) : ApiAuth.keyed(key, System::currentTimeMillis),
            pageServer, hooks, registry);
    }

    private static ManagementServer launch(final String host, final int port, final ApiAuth auth,
                                           final PageServer pageServer, final ManagementHooks hooks,
                                           final PrometheusRegistry registry) {
        if (auth.open()) {
            AuthKey.requireOffLoopback(host, null, "management API");
        }
        noDelay();
        final HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot listen for the management API",
                "address", host + ":" + port, "error", e.getMessage());
        }
        final ExecutorService workers = Executors.newFixedThreadPool(4, new java.util.concurrent.ThreadFactory() {
            private int n;

            @Override
            public synchronized Thread newThread(final Runnable r) {
                final Thread t = new Thread(r, "stratum-http-" + ++n);
                t.setDaemon(true);
                return t;
            }
        });
        final ManagementServer s = new ManagementServer(pageServer, hooks, auth, http, workers);
        http.setExecutor(workers);
        http.createContext("/metrics", new MetricsHandler(registry));
        http.createContext("/v1/", s::handle);
        http.createContext("/", ex -> s.respond(ex, 404, error("not found: " + ex.getRequestURI().getPath()
            + " (the API lives under /v1, metrics at /metrics)")));
        http.start();
        return s;
    }

    /**
     * Has the JDK's HTTP server set TCP_NODELAY on its connections (unless the JVM was told otherwise): it
     * writes a response's headers and body apart, and with Nagle's algorithm the body then waited for the
     * client's delayed ACK, about 40 ms on every request (a {@code POST /v1/branch} took 60-75 ms, 35 ms
     * of it spent on the server). The JDK reads the property once, when its first HTTP server starts.
     */
    private static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * Serves {@code prefix} (e.g. {@code /v1/branch}) with {@code route}, behind the same bearer token and
     * body limit as the engine's routes; errors carry {@code "error"} and {@code "code"} (the ErrorCode name).
     */
    public void mount(final String prefix, final ApiRoute route) {
        http.createContext(prefix, ex -> {
            try {
                auth.check(ex);
                final URI uri = ex.getRequestURI();
                respond(ex, 200, route.handle(ex.getRequestMethod(), uri.getPath(), uri.getRawQuery(), readBody(ex)));
            } catch (final StratumException e) {
                respond(ex, status(e.code()), Json.object("error", e.getMessage(), "code", e.code().name()));
            } catch (final RuntimeException e) {
                LOG.error("management API request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                respond(ex, 500, Json.object("error", e.toString(), "code", ErrorCode.INTERNAL.name()));
            }
        });
    }

    private void handle(final HttpExchange ex) throws IOException {
        try {
            auth.check(ex);
            final String body = readBody(ex);
            final Result r = route(ex.getRequestMethod(), ex.getRequestURI(), body);
            respond(ex, r.status, r.json);
        } catch (final StratumException e) {
            respond(ex, e instanceof MethodNotAllowed ? 405 : status(e.code()), error(e.getMessage()));
        } catch (final RuntimeException e) {
            LOG.error("management API request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            respond(ex, 500, error(e.toString()));
        }
    }

    record Result(int status, String json) {
    }

    private Result route(final String method, final URI uri, final String body) {
        final String[] p = uri.getPath().replaceAll("/+$", "").split("/");
        // p[0] = "", p[1] = "v1"
        final int n = p.length;
        if (n == 3 && p[2].equals("status")) {
            return get(method, this::status);
        }
        if (n >= 3 && p[2].equals("tenant")) {
            if (n == 3) {
                if (method.equals("GET")) {
                    final List<String> ids = new ArrayList<>();
                    for (final TenantId t : pageServer.tenants()) {
                        ids.add(Json.object("tenant_id", t.toString()));
                    }
                    return new Result(200, Json.array(ids));
                }
                if (method.equals("POST")) {
                    final Map<String, Object> req = Json.parseObject(body);
                    final TenantId t = req.get("tenant_id") == null ? TenantId.random()
                        : TenantId.parse(str(req, "tenant_id"));
                    pageServer.createTenant(t);
                    hooks.tenantCreated(t);
                    return new Result(201, Json.object("tenant_id", t.toString()));
                }
                throw methodNotAllowed(method, uri);
            }
            final TenantId tenant = TenantId.parse(p[3]);
            if (n == 4) {
                if (method.equals("DELETE")) {
                    pageServer.deleteTenant(tenant);
                    hooks.tenantDeleted(tenant);
                    return new Result(200, Json.object("deleted", tenant.toString()));
                }
                return get(method, () -> Json.object("tenant_id", tenant.toString(),
                    "timelines", pageServer.listTimelines(tenant).size()));
            }
            if (p[4].equals("timeline")) {
                return timelineRoute(method, uri, body, tenant, p);
            }
        }
        throw StratumException.of(ErrorCode.NOT_FOUND, "no such API path", "path", uri.getPath());
    }

    private Result timelineRoute(final String method, final URI uri, final String body, final TenantId tenant,
                                 final String[] p) {
        final int n = p.length;
        if (n == 5) {
            if (method.equals("GET")) {
                final List<String> out = new ArrayList<>();
                for (final TimelineInfo i : pageServer.listTimelines(tenant)) {
                    out.add(info(i));
                }
                return new Result(200, Json.array(out));
            }
            if (method.equals("POST")) {
                return new Result(201, create(tenant, Json.parseObject(body)));
            }
            throw methodNotAllowed(method, uri);
        }
        final TimelineId id = TimelineId.parse(p[5]);
        if (n == 6) {
            if (method.equals("GET")) {
                return new Result(200, detail(tenant, id));
            }
            if (method.equals("DELETE")) {
                pageServer.deleteTimeline(tenant, id);
                hooks.timelineDeleted(tenant, id);
                return new Result(200, Json.object("deleted", id.toString()));
            }
            throw methodNotAllowed(method, uri);
        }
        final Timeline t = pageServer.timeline(tenant, id);
        switch (p[6]) {
            case "gc" -> {
                post(method, uri);
                final int removed = t.gc();
                return new Result(200, Json.object("removed_layers", removed, "gc_cutoff", Lsn.format(t.gcCutoff())));
            }
            case "compact" -> {
                post(method, uri);
                final boolean did = t.compact();
                return new Result(200, Json.object("compacted", did));
            }
            case "lsn_by_timestamp" -> {
                final String ts = query(uri, "timestamp");
                final long lsn = t.lsnAtTime(micros(ts));
                return get(method, () -> Json.object("timestamp", ts, "lsn", Lsn.format(lsn)));
            }
            default -> throw StratumException.of(ErrorCode.NOT_FOUND, "no such API path", "path", uri.getPath());
        }
    }

    /** Tenants, and the timelines that are FAILED with their reasons (an operator's first look). */
    private String status() {
        final List<String> failed = new ArrayList<>();
        final List<TenantId> ts = pageServer.tenants();
        for (final TenantId t : ts) {
            try {
                for (final TimelineInfo i : pageServer.listTimelines(t)) {
                    if (i.failure() != null) {
                        failed.add(Json.object("tenant_id", t.toString(), "timeline_id", i.id().toString(),
                            "failure", i.failure()));
                    }
                }
            } catch (final StratumException e) {
                // deleted while listing
            }
        }
        return Json.object("tenants", ts.size(), "failed_timelines", new Json.Raw(Json.array(failed)));
    }

    private String create(final TenantId tenant, final Map<String, Object> req) {
        final TimelineId id = req.get("timeline_id") == null ? TimelineId.random()
            : TimelineId.parse(str(req, "timeline_id"));
        final Timeline t;
        final long start;
        if (req.get("ancestor_timeline_id") != null) {
            final TimelineId parent = TimelineId.parse(str(req, "ancestor_timeline_id"));
            if (req.get("ancestor_lsn") != null && req.get("ancestor_time") != null) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "give ancestor_lsn or ancestor_time, not both");
            }
            if (req.get("ancestor_time") != null) {
                t = pageServer.createBranchAtTime(tenant, id, parent, micros(str(req, "ancestor_time")));
            } else {
                final long lsn = req.get("ancestor_lsn") != null ? Lsn.parse(str(req, "ancestor_lsn"))
                    : pageServer.timeline(tenant, parent).lastRecordLsn();
                t = pageServer.createBranch(tenant, id, parent, lsn);
            }
            start = t.ancestorLsn();
        } else {
            start = req.get("start_lsn") != null ? Lsn.parse(str(req, "start_lsn")) : 0x1000000L;
            t = pageServer.createTimeline(tenant, id, start);
        }
        hooks.timelineCreated(tenant, t, start);
        return detail(tenant, id);
    }

    private String detail(final TenantId tenant, final TimelineId id) {
        for (final TimelineInfo i : pageServer.listTimelines(tenant)) {
            if (i.id().equals(id)) {
                return info(i);
            }
        }
        throw StratumException.of(ErrorCode.NOT_FOUND, "no such timeline", "tenant", tenant, "timeline", id);
    }

    private static String info(final TimelineInfo i) {
        return Json.object("timeline_id", i.id().toString(),
            "ancestor_timeline_id", i.ancestor() == null ? null : i.ancestor().toString(),
            "ancestor_lsn", i.ancestor() == null ? null : Lsn.format(i.ancestorLsn()),
            "last_record_lsn", Lsn.format(i.lastRecordLsn()),
            "disk_consistent_lsn", Lsn.format(i.diskConsistentLsn()),
            "gc_cutoff_lsn", Lsn.format(i.gcCutoff()),
            "layer_files", i.layerFiles(),
            "state", i.state(),
            "failure", i.failure());
    }

    private static long micros(final String iso) {
        try {
            final Instant t = Instant.parse(iso);
            return TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1000;
        } catch (final DateTimeParseException e) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "bad timestamp, expected ISO-8601 like "
                + "2026-11-24T20:00:00Z", "timestamp", iso);
        }
    }

    private static String str(final Map<String, Object> req, final String key) {
        final Object v = req.get(key);
        if (!(v instanceof String s)) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "field must be a string", "field", key);
        }
        return s;
    }

    private static String query(final URI uri, final String name) {
        final String q = uri.getRawQuery();
        if (q != null) {
            for (final String kv : q.split("&")) {
                final int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equals(name)) {
                    return java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "missing query parameter", "parameter", name);
    }

    private static Result get(final String method, final java.util.function.Supplier<String> f) {
        if (!method.equals("GET")) {
            throw new MethodNotAllowed("method not allowed here, use GET [method=" + method + "]");
        }
        return new Result(200, f.get());
    }

    private static void post(final String method, final URI uri) {
        if (!method.equals("POST")) {
            throw methodNotAllowed(method, uri);
        }
    }

    private static StratumException methodNotAllowed(final String method, final URI uri) {
        return new MethodNotAllowed(StratumException.format("method not allowed here", "method", method,
            "path", uri.getPath()));
    }

    /** Answered with 405. */
    private static final class MethodNotAllowed extends StratumException {
        private static final long serialVersionUID = 1L;

        MethodNotAllowed(final String message) {
            super(ErrorCode.INVALID_ARGUMENT, message);
        }
    }

    private static String readBody(final HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            final byte[] b = in.readNBytes(Json.MAX_BODY + 1);
            if (b.length > Json.MAX_BODY) {
                throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "request body too large", "max", Json.MAX_BODY);
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    static int status(final ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, CONFLICT, FENCED -> 409;
            case LIMIT_EXCEEDED -> 413;
            case UNAVAILABLE, CLOSED -> 503;
            case TIMEOUT -> 504;
            default -> 500;
        };
    }

    private static String error(final String message) {
        return Json.object("error", message);
    }

    private void respond(final HttpExchange ex, final int status, final String json) throws IOException {
        final byte[] b = (json + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 401) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /**
     * Stops listening and waits (at most 30 s) for requests in progress. Workers are never interrupted:
     * they may be inside file I/O on a layer file's shared channel, which an interrupt would close under
     * every other reader.
     */
    @Override
    public void close() {
        http.stop(0);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("management API requests still running 30 s after close; leaving them to finish");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
