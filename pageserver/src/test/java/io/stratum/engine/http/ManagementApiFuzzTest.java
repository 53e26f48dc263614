package io.stratum.engine.http;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.fuzz.FuzzTries;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The management API on random requests built from its own vocabulary (methods, path segments, real and
 * random ids, query strings) with mutated JSON bodies: every answer has a documented status (never 500,
 * an unchecked exception), a JSON body carrying "error" when it is not a success, comes within a bound,
 * and the server keeps serving.
 */
@AddLifecycleHook(FuzzTries.class)
class ManagementApiFuzzTest {
    private static final Set<Integer> DOCUMENTED = Set.of(200, 201, 400, 401, 404, 405, 409, 413, 503, 504);
    private static Path dir;
    private static PageServer engine;
    private static ManagementServer api;
    private static TenantId tenant;
    private static TimelineId timeline;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("api-fuzz");
        engine = PageServer.open(EngineConfig.builder(dir).build());
        tenant = TenantId.parse("0123456789abcdef0123456789abcdef");
        timeline = TimelineId.parse("fedcba9876543210fedcba9876543210");
        engine.createTenant(tenant);
        engine.createTimeline(tenant, timeline, 0x1000000L);
        api = ManagementServer.start("127.0.0.1", 0, null, engine, new ManagementHooks() { },
            EngineMetrics.register(new PrometheusRegistry(), engine, null, List::of));
    }

    @AfterContainer
    static void stop() throws IOException {
        if (api != null) {
            api.close();
        }
        if (engine != null) {
            engine.close();
        }
        try (var walk = Files.walk(dir)) {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Provide
    Arbitrary<String> paths() {
        final Arbitrary<String> segment = Arbitraries.oneOf(
            Arbitraries.of("v1", "tenant", "timeline", "gc", "compact", "lsn_by_timestamp", "status", "branch", "",
                "..", "%00", "%2F", "0/1000000", "x".repeat(300)),
            Arbitraries.just(tenant.toString()), Arbitraries.just(timeline.toString()),
            Arbitraries.strings().withChars("0123456789abcdefABCDEF/%").ofMaxLength(40));
        final Arbitrary<String> query = Arbitraries.oneOf(Arbitraries.just(""),
            Arbitraries.of("?timestamp=2026-11-24T20:00:00Z", "?timestamp=", "?timestamp=%zz", "?a=b&a=c",
                "?timestamp=99999-99-99T99:99:99Z"));
        return Arbitraries.oneOf(
            net.jqwik.api.Combinators.combine(segment.list().ofMaxSize(7), query)
                .as((s, q) -> "/v1/" + String.join("/", s) + q),
            Arbitraries.of("/v1/tenant", "/v1/tenant/" + tenant + "/timeline",
                "/v1/tenant/" + tenant + "/timeline/" + timeline, "/v1/tenant/" + tenant + "/timeline/" + timeline
                    + "/gc", "/v1/tenant/" + tenant + "/timeline/" + timeline + "/lsn_by_timestamp?timestamp=now"));
    }

    @Provide
    Arbitrary<String> bodies() {
        final Arbitrary<String> valid = Arbitraries.of("{}", "{\"tenant_id\":\"" + TenantId.random() + "\"}",
            "{\"timeline_id\":\"" + TimelineId.random() + "\",\"start_lsn\":\"0/2000000\"}",
            "{\"ancestor_timeline_id\":\"" + timeline + "\",\"ancestor_lsn\":\"0/1000000\"}",
            "{\"ancestor_timeline_id\":\"" + timeline + "\",\"ancestor_time\":\"2026-11-24T20:00:00Z\"}",
            "{\"timeline_id\": 5, \"start_lsn\": null}", "[1,2,3]", "{\"a\":{\"b\":{}}}", "nul", "\"x\"",
            "{\"start_lsn\":\"FFFFFFFF/FFFFFFFF\"}", "{\"start_lsn\":\"-1/0\"}", "{\"start_lsn\":1e999}");
        return Arbitraries.oneOf(valid,
            net.jqwik.api.Combinators.combine(valid, Arbitraries.integers().between(0, 80),
                    Arbitraries.strings().withChars("{}[]\":,\\0123456789.eE-+ntfalsrue\u0000\u00e9").ofMaxLength(8))
                .as((b, at, ins) -> b.substring(0, Math.min(at, b.length())) + ins + b.substring(Math.min(at, b.length()))),
            Arbitraries.just("{\"k\":\"" + "x".repeat(70_000) + "\"}"),
            Arbitraries.just("[".repeat(5_000) + "]".repeat(5_000)));
    }

    @Property(tries = 80, seed = "13")
    void everyAnswerIsDocumented(@ForAll("paths") final String path, @ForAll("bodies") final String body,
                                 @ForAll("methods") final String method) throws Exception {
        final URI uri;
        try {
            uri = URI.create("http://127.0.0.1:" + api.port() + path);
        } catch (final IllegalArgumentException e) {
            return; // not a URI a client can send
        }
        final HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
            .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (!DOCUMENTED.contains(r.statusCode())) {
            throw new AssertionError(method + " " + path + " " + body.substring(0, Math.min(200, body.length()))
                + " -> " + r.statusCode() + " " + r.body());
        }
        if (r.statusCode() >= 400 && !r.body().contains("\"error\"")) {
            throw new AssertionError("an error without \"error\": " + r.statusCode() + " " + r.body());
        }
        final HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + api.port() + "/v1/status")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        if (status.statusCode() != 200) {
            throw new AssertionError("the API stopped serving: " + status.statusCode() + " " + status.body());
        }
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "DELETE", "PUT", "PATCH");
    }
}
