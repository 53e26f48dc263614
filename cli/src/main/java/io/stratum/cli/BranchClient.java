package io.stratum.cli;

import io.stratum.cluster.LocalCluster;
import io.stratum.engine.http.Json;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * What every {@code stratum branch} command shares: the running local cluster found through {@code --dir}
 * and its branch API ({@code /v1/branch} on the management API). Uses {@link HttpURLConnection}, not
 * {@code java.net.http.HttpClient}: the latter sets up TLS on creation, which cost a cold CLI about 300 ms
 * for a plain-HTTP request to loopback.
 */
abstract class BranchClient extends ClusterCommands.DirOption {
    /** Largest answer read from the API. */
    private static final int MAX_ANSWER = 16 << 20;

    @picocli.CommandLine.Option(names = "--pageserver", paramLabel = "URL",
        description = {"the management API of a cluster on another machine (http://HOST:PORT, e.g. "
            + "http://db1:9898), instead of the local cluster in --dir; off loopback it needs a token "
            + "(STRATUM_TOKEN)"})
    String pageServer;

    /** {@code http://HOST:PORT/v1/branch} of the running cluster: {@code --pageserver}, else the one in --dir. */
    String api() {
        if (pageServer != null) {
            return remoteApi(pageServer);
        }
        final Properties s = LocalCluster.readProperties(dir.resolve(LocalCluster.STATE));
        if (s == null || running().isEmpty()) {
            throw StratumException.of(ErrorCode.UNAVAILABLE, "the local cluster is not running (start it with"
                + " 'stratum start')", "dir", dir);
        }
        return "http://" + s.getProperty("http") + "/v1/branch";
    }

    /** {@code URL/v1/branch} for a {@code --pageserver} URL, which must be {@code http://HOST:PORT}. */
    static String remoteApi(final String url) {
        final java.net.URI u;
        try {
            u = new java.net.URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (final java.net.URISyntaxException e) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "--pageserver is not a URL", "url", url);
        }
        if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0
            || (u.getRawPath() != null && !u.getRawPath().isEmpty()) || u.getRawQuery() != null) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT,
                "--pageserver must be http://HOST:PORT (the cluster's management API)", "url", url);
        }
        return "http://" + u.getHost() + ":" + u.getPort() + "/v1/branch";
    }

    /** Sends a request; answers the body of a 2xx response, or throws the API's error with its code. */
    static String send(final String method, final String url, final String body) {
        return send(method, url, body, AuthCommands.token(null));
    }

    /** As {@link #send(String, String, String)} with {@code Authorization: Bearer token} (null: none). */
    static String send(final String method, final String url, final String body, final String token) {
        try {
            final HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setRequestMethod(method);
            if (token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            c.setConnectTimeout(10_000);
            c.setReadTimeout(120_000);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            final int status = c.getResponseCode();
            final String answer;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                answer = in == null ? "" : read(in);
            }
            if (status >= 300) {
                throw error(status, answer);
            }
            return answer;
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "cannot reach the management API",
                "url", url, "error", e.getMessage());
        }
    }

    private static String read(final InputStream in) throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        final byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            if (b.size() + n > MAX_ANSWER) {
                throw new IOException("answer larger than " + MAX_ANSWER + " bytes");
            }
            b.write(buf, 0, n);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static StratumException error(final int status, final String answer) {
        Map<String, Object> m;
        try {
            m = Json.parseObject(answer);
        } catch (final StratumException e) {
            m = Map.of();
        }
        ErrorCode code = null;
        if (m.get("code") instanceof String s) {
            try {
                code = ErrorCode.valueOf(s);
            } catch (final IllegalArgumentException e) {
                code = null;
            }
        }
        if (code == null) {
            code = switch (status) {
                case 400 -> ErrorCode.INVALID_ARGUMENT;
                case 404 -> ErrorCode.NOT_FOUND;
                case 409 -> ErrorCode.CONFLICT;
                case 503 -> ErrorCode.UNAVAILABLE;
                case 504 -> ErrorCode.TIMEOUT;
                default -> ErrorCode.INTERNAL;
            };
        }
        final Object msg = m.get("error");
        return new StratumException(code, msg == null ? "HTTP " + status + ": " + answer.trim() : msg.toString());
    }

    static String path(final String name) {
        return "/" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    static String orDash(final Object o) {
        return o == null ? "-" : o.toString();
    }
}
