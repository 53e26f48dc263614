package io.stratum.compute.pgwire;

import io.stratum.wal.fuzz.FuzzTries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The PostgreSQL protocol decoder on mutated real client sessions (the client-to-server bytes of psql 15,
 * pgbench 15 in simple, extended and prepared mode, and pgJDBC 42.7.13, recorded through a loopback proxy:
 * {@code fuzz/pgwire/*.bin}) and on random bytes after a valid startup. For each input the server must
 * answer well-framed messages, never an internal error (XX000: an unchecked exception escaped), close the
 * connection within a bound once the client has sent everything (no hang), and keep serving another client.
 */
@AddLifecycleHook(FuzzTries.class)
class PgWireFuzzTest {
    private static final String[] SESSIONS = {"psql15-session.bin", "psql15-copy.bin", "pgbench15-simple.bin",
        "pgbench15-extended.bin", "pgbench15-prepared.bin", "pgjdbc-42.7.13-session.bin"};
    private static final long ANSWER_MS = 15_000;
    private static final int MAX_MESSAGE = 1 << 20;
    private static List<byte[]> corpus;
    private static PgServer server;

    @BeforeContainer
    static void start() throws IOException {
        corpus = new ArrayList<>();
        for (final String s : SESSIONS) {
            try (InputStream in = PgWireFuzzTest.class.getResourceAsStream("/fuzz/pgwire/" + s)) {
                corpus.add(in.readAllBytes());
            }
        }
        server = PgServer.start(PgServerConfig.builder().port(0).maxConnections(8).maxMessageSize(MAX_MESSAGE)
            .startupTimeout(Duration.ofSeconds(2)).idleInTransactionTimeout(Duration.ofSeconds(2)).build(),
            new FakeSessionFactory());
    }

    @AfterContainer
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One mutation of a byte stream. */
    record Mutation(int kind, int at, int value, int length) {
        byte[] apply(final byte[] in) {
            if (in.length == 0) {
                return new byte[] {(byte) value};
            }
            final int p = Math.floorMod(at, in.length);
            final ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
            switch (kind) {
                case 0 -> { // flip a byte
                    final byte[] c = in.clone();
                    c[p] ^= (byte) (1 + Math.floorMod(value, 255));
                    return c;
                }
                case 1 -> { // overwrite 4 bytes with an int: lengths, counts, format codes
                    final byte[] c = in.clone();
                    final int v = switch (Math.floorMod(value, 6)) {
                        case 0 -> 0;
                        case 1 -> -1;
                        case 2 -> Integer.MAX_VALUE;
                        case 3 -> 3;
                        case 4 -> MAX_MESSAGE + 1;
                        default -> value;
                    };
                    for (int i = 0; i < 4 && p + i < c.length; i++) {
                        c[p + i] = (byte) (v >>> (24 - 8 * i));
                    }
                    return c;
                }
                case 2 -> { // truncate
                    return java.util.Arrays.copyOf(in, p);
                }
                case 3 -> { // duplicate a slice
                    out.write(in, 0, p);
                    final int n = Math.min(in.length - p, 1 + length);
                    out.write(in, p, n);
                    out.write(in, p, in.length - p);
                    return out.toByteArray();
                }
                case 4 -> { // delete a slice
                    out.write(in, 0, p);
                    final int n = Math.min(in.length - p, 1 + length);
                    out.write(in, p + n, in.length - p - n);
                    return out.toByteArray();
                }
                default -> { // insert bytes
                    out.write(in, 0, p);
                    for (int i = 0; i <= length % 16; i++) {
                        out.write(value >>> (i % 4 * 8));
                    }
                    out.write(in, p, in.length - p);
                    return out.toByteArray();
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers(),
            Arbitraries.integers(), Arbitraries.integers().between(0, 64)).as(Mutation::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 120, seed = "13")
    void mutatedClientSessions(@ForAll("mutations") final List<Mutation> mutations, @ForAll final int which)
        throws Exception {
        byte[] bytes = corpus.get(Math.floorMod(which, corpus.size()));
        for (final Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        exchange(bytes);
    }

    @Property(tries = 60, seed = "13")
    void randomBytesAfterStartup(@ForAll final byte[] tail, @ForAll final boolean framed, @ForAll final byte type)
        throws Exception {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(startupOf(corpus.get(corpus.size() - 1)));
        if (framed) { // a message with a plausible header and a random body
            b.write(type);
            b.write(ByteBuffer.allocate(4).putInt(4 + tail.length).array());
        }
        b.write(tail);
        exchange(b.toByteArray());
    }

    /** The SSLRequest (if any) and the StartupMessage at the head of a recorded session. */
    private static byte[] startupOf(final byte[] session) {
        final ByteBuffer bb = ByteBuffer.wrap(session);
        int end = bb.getInt(0);
        if (bb.getInt(4) == 80877103) { // SSLRequest
            end += bb.getInt(end);
        }
        return java.util.Arrays.copyOf(session, end);
    }

    /** Sends everything, half-closes, reads until the server closes, checks the answer and that others are served. */
    private static void exchange(final byte[] bytes) throws Exception {
        final ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            s.setSoTimeout((int) ANSWER_MS);
            final OutputStream out = s.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
                s.shutdownOutput();
            } catch (final IOException e) {
                // the server closed on an early error: what it said is still readable
            }
            final long deadline = System.nanoTime() + ANSWER_MS * 1_000_000L;
            final InputStream in = s.getInputStream();
            final byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    answer.write(buf, 0, n);
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the server kept talking for " + ANSWER_MS + " ms");
                    }
                }
            } catch (final SocketTimeoutException e) {
                throw new AssertionError("no end of the answer within " + ANSWER_MS + " ms (a hang) for "
                    + bytes.length + " bytes of input");
            } catch (final IOException e) {
                // reset by the server after its last message
            }
        }
        checkFraming(answer.toByteArray());
        assertOthersServed();
    }

    private static void checkFraming(final byte[] a) {
        int p = 0;
        while (p < a.length && (a[p] == 'N' || a[p] == 'S') && (p + 1 >= a.length || !plausible(a, p))) {
            p++; // answers to SSLRequest / GSSENCRequest are single bytes
        }
        while (p < a.length) {
            if (a.length - p < 5) {
                throw new AssertionError("a truncated message at " + p + " of " + a.length);
            }
            final char type = (char) a[p];
            final int len = ByteBuffer.wrap(a, p + 1, 4).getInt();
            if (len < 4 || len > MAX_MESSAGE || p + 1 + len > a.length) {
                throw new AssertionError("a badly framed message '" + type + "' of length " + len + " at " + p);
            }
            if (type == 'E') {
                final String fields = new String(a, p + 5, len - 4, StandardCharsets.UTF_8);
                if (fields.contains("\0CXX000\0") || fields.startsWith("CXX000\0")) {
                    throw new AssertionError("an internal error escaped: " + fields.replace('\0', '|'));
                }
            }
            p += 1 + len;
        }
    }

    /** Whether a framed message (type byte, sane length) starts at {@code p}. */
    private static boolean plausible(final byte[] a, final int p) {
        if (a.length - p < 5) {
            return false;
        }
        final int len = ByteBuffer.wrap(a, p + 1, 4).getInt();
        return len >= 4 && p + 1 + len <= a.length;
    }

    private static void assertOthersServed() throws SQLException {
        try (Connection c = JdbcTest.connect(server, new Properties()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new AssertionError("another client was not served");
            }
        }
    }
}
