package io.stratum.engine.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.codec.WalRecordEncoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagementServerTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(final int port, final String method, final String path, final String body,
                                      final String token) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void managesTenantsAndTimelinesAndServesMetrics() throws Exception {
        final List<String> hookCalls = new ArrayList<>();
        final ManagementHooks hooks = new ManagementHooks() {
            @Override
            public void tenantCreated(final TenantId tenant) {
                hookCalls.add("tenant " + tenant);
            }

            @Override
            public void timelineCreated(final TenantId tenant, final Timeline timeline, final long startLsn) {
                hookCalls.add("timeline " + timeline.id() + " at " + Long.toHexString(startLsn));
            }
        };
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).build());
             ManagementServer api = ManagementServer.start("127.0.0.1", 0, null, ps, hooks,
                 EngineMetrics.register(new PrometheusRegistry(), ps, null, List::of))) {
            final int port = api.port();
            final String tenant = "0000000000000000000000000000abcd";
            final String main = "000000000000000000000000000000a1";
            final String dev = "000000000000000000000000000000d1";
            HttpResponse<String> r = call(port, "POST", "/v1/tenant", "{\"tenant_id\": \"" + tenant + "\"}", null);
            assertEquals(201, r.statusCode(), r.body());
            r = call(port, "POST", "/v1/tenant/" + tenant + "/timeline", "{\"timeline_id\":\"" + main + "\"}", null);
            assertEquals(201, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"last_record_lsn\":\"0/1000000\""), r.body());

            // write some WAL straight into the engine
            final Timeline tl = ps.timeline(TenantId.parse(tenant), TimelineId.parse(main));
            final UnsafeBuffer buf = new UnsafeBuffer(new byte[1024]);
            final int len = EngineRecords.zero(new WalRecordEncoder(), buf, 0, PageKey.relHi(1, 2), PageKey.relLo(2, 0, 0));
            tl.ingest(0x1000000L, buf, 0, len);
            final String end = io.stratum.wal.Lsn.format(0x1000000L + len);

            r = call(port, "GET", "/v1/tenant/" + tenant + "/timeline/" + main, null, null);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"last_record_lsn\":\"" + end + "\""), r.body());

            r = call(port, "POST", "/v1/tenant/" + tenant + "/timeline",
                Json.object("timeline_id", dev, "ancestor_timeline_id", main, "ancestor_lsn", end), null);
            assertEquals(201, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"ancestor_lsn\":\"" + end + "\""), r.body());
            assertEquals(List.of("tenant " + tenant, "timeline " + main + " at 1000000",
                "timeline " + dev + " at " + Long.toHexString(0x1000000L + len)), hookCalls);

            r = call(port, "GET", "/v1/tenant/" + tenant + "/timeline", null, null);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains(main) && r.body().contains(dev), r.body());

            r = call(port, "DELETE", "/v1/tenant/" + tenant + "/timeline/" + main, null, null);
            assertEquals(409, r.statusCode(), r.body());
            assertTrue(r.body().contains("child branches"), r.body());

            r = call(port, "POST", "/v1/tenant/" + tenant + "/timeline", "{\"timeline_id\": ", null);
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("bad JSON"), r.body());
            r = call(port, "POST", "/v1/tenant/" + tenant + "/timeline", "{\"timeline_id\": {\"x\":1}}", null);
            assertEquals(400, r.statusCode());
            r = call(port, "GET", "/v1/tenant/" + tenant + "/timeline/" + "0".repeat(32), null, null);
            assertEquals(404, r.statusCode(), r.body());
            r = call(port, "GET", "/v1/tenant/not-hex/timeline", null, null);
            assertEquals(400, r.statusCode(), r.body());
            r = call(port, "GET", "/v1/nothing", null, null);
            assertEquals(404, r.statusCode());
            r = call(port, "POST", "/v1/tenant/" + tenant + "/timeline/" + dev, null, null);
            assertEquals(405, r.statusCode());

            r = call(port, "DELETE", "/v1/tenant/" + tenant + "/timeline/" + dev, null, null);
            assertEquals(200, r.statusCode(), r.body());

            // a tenant goes only once its timelines are gone
            final String other = "0000000000000000000000000000beef";
            assertEquals(201, call(port, "POST", "/v1/tenant", "{\"tenant_id\":\"" + other + "\"}", null).statusCode());
            assertEquals(409, call(port, "DELETE", "/v1/tenant/" + tenant, null, null).statusCode());
            r = call(port, "DELETE", "/v1/tenant/" + other, null, null);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(404, call(port, "DELETE", "/v1/tenant/" + other, null, null).statusCode());
            assertTrue(!call(port, "GET", "/v1/tenant", null, null).body().contains(other));

            r = call(port, "GET", "/metrics", null, null);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("stratum_page_cache_hits_total"), r.body());
            assertTrue(r.body().contains("stratum_reconstruction_depth_bucket{le=\"+Inf\"}"), r.body());
            assertTrue(r.body().contains("stratum_reconstruction_layer_visits_total")
                && r.body().contains("stratum_reconstruction_block_reads_total"), r.body());
            assertTrue(r.body().contains("stratum_gc_runs_total") && r.body().contains("stratum_compactions_total"),
                r.body());
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "stratum_timeline_last_record_lsn\\{tenant=\"" + tenant + "\",timeline=\"" + main + "\"} (\\S+)")
                .matcher(r.body());
            assertTrue(m.find(), r.body());
            assertEquals(0x1000000L + len, (long) Double.parseDouble(m.group(1)));
        }
    }

    @Test
    void aTokenIsRequiredWhenConfigured() throws Exception {
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).build());
             ManagementServer api = ManagementServer.start("127.0.0.1", 0, "s3cret", ps, ManagementHooks.NONE,
                 new PrometheusRegistry())) {
            assertEquals(401, call(api.port(), "GET", "/v1/tenant", null, null).statusCode());
            assertEquals(401, call(api.port(), "GET", "/v1/tenant", null, "wrong").statusCode());
            assertEquals(200, call(api.port(), "GET", "/v1/tenant", null, "s3cret").statusCode());
        }
    }

    @Test
    void jsonParserAcceptsFlatObjectsOnly() {
        assertEquals(Map.of("a", "x\"y", "b", 12L, "c", true), Json.parseObject(" {\"a\":\"x\\\"y\", \"b\": 12, \"c\": true} "));
        assertEquals(Map.of(), Json.parseObject(""));
        for (final String bad : new String[] {"[1]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1} x", "{\"a\":[1]}",
            "{\"a\":1,\"a\":2}", "{\"a\":\"\u0001\"}"}) {
            try {
                Json.parseObject(bad);
                throw new AssertionError("accepted " + bad);
            } catch (final io.stratum.wal.StratumException e) {
                assertEquals(io.stratum.wal.ErrorCode.INVALID_ARGUMENT, e.code());
            }
        }
    }
}
