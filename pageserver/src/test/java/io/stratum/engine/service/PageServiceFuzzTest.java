package io.stratum.engine.service;

import io.stratum.wal.fuzz.FuzzTries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The page-service frame decoder on well-formed pipelined requests of every type with some fields
 * mutated (type, flags, lengths, counts, timeouts, truncation): every answer is a well-framed response
 * of the request's id in order (its type | 0x80, or ERROR) until the server closes a malformed
 * connection; the server ends the connection within a bound once the client has sent everything, and
 * keeps serving another client. (Pure garbage is {@code PageServiceTest.garbageNeverHurtsTheServer}.)
 */
@AddLifecycleHook(FuzzTries.class)
class PageServiceFuzzTest {
    private static final byte[] TYPES = {PageProtocol.GET_PAGE, PageProtocol.GET_PAGES, PageProtocol.REL_SIZE,
        PageProtocol.REL_EXISTS, PageProtocol.WAIT_LSN, 5, 0, 0x7F};
    private static PageService service;

    @BeforeContainer
    static void start() {
        service = PageService.start(PageServiceConfig.builder().port(0).maxConnections(8).build(),
            new PageServiceTest.FakeBackend());
    }

    @AfterContainer
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** A request: its type index, a field to corrupt (or none) and the value put there. */
    record Request(int type, int field, long value, int count) {
    }

    @Provide
    Arbitrary<List<Request>> requests() {
        return Combinators.combine(Arbitraries.integers().between(0, TYPES.length - 1),
                Arbitraries.integers().between(-1, 8), Arbitraries.longs(), Arbitraries.integers().between(0, 70))
            .as(Request::new).list().ofMinSize(1).ofMaxSize(8);
    }

    private static byte[] frame(final Request r, final long id) {
        final byte type = TYPES[r.type()];
        final ByteBuffer body = ByteBuffer.allocate(48 + 16 * Math.max(1, r.count()));
        body.putLong(0x1111111111111111L).putLong(0x1111111111111111L);
        final boolean missing = r.field() == 8;
        body.putLong(missing ? 0x3333333333333333L : 0x2222222222222222L)
            .putLong(missing ? 0x3333333333333333L : 0x2222222222222222L);
        body.putLong(r.field() == 2 ? r.value() : 500); // LSN
        switch (type) {
            case PageProtocol.GET_PAGE -> body.putLong(0).putLong(r.count());
            case PageProtocol.GET_PAGES -> {
                body.putInt(r.field() == 3 ? (int) r.value() : r.count());
                for (int i = 0; i < r.count(); i++) {
                    body.putLong(0).putLong(i);
                }
            }
            case PageProtocol.REL_SIZE, PageProtocol.REL_EXISTS -> body.putInt(1).putInt(1).putInt(r.field() == 4
                ? (int) r.value() : 0);
            case PageProtocol.WAIT_LSN -> body.putLong(r.field() == 5 ? Math.floorMod(r.value(), 200) : 10);
            default -> body.putLong(r.value());
        }
        int bodyLen = body.position();
        if (r.field() == 6) {
            bodyLen = Math.floorMod((int) r.value(), bodyLen + 1); // cut the body short
        }
        final ByteBuffer f = ByteBuffer.allocate(4 + PageProtocol.HEADER + bodyLen);
        f.putInt(r.field() == 0 ? (int) r.value() : PageProtocol.HEADER + bodyLen);
        f.put(type).put(r.field() == 1 ? (byte) r.value() : 0).putShort(r.field() == 7 ? (short) r.value() : 0).putLong(id);
        f.put(body.array(), 0, bodyLen);
        return f.array();
    }

    @Property(tries = 150, seed = "13")
    void mutatedRequestsAreAnsweredInOrderOrTheConnectionCloses(@ForAll("requests") final List<Request> requests)
        throws Exception {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final ByteBuffer hello = ByteBuffer.allocate(8).putInt(PageProtocol.MAGIC).putShort((short) PageProtocol.VERSION)
            .putShort((short) 0);
        sent.write(hello.array());
        for (int i = 0; i < requests.size(); i++) {
            sent.write(frame(requests.get(i), 1000 + i));
        }
        final ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (Socket s = new Socket("127.0.0.1", service.port())) {
            s.setSoTimeout(15_000);
            final OutputStream out = s.getOutputStream();
            try {
                out.write(sent.toByteArray());
                out.flush();
                s.shutdownOutput();
            } catch (final IOException e) {
                // closed early on a malformed frame
            }
            final InputStream in = s.getInputStream();
            final byte[] buf = new byte[65536];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    answer.write(buf, 0, n);
                }
            } catch (final SocketTimeoutException e) {
                throw new AssertionError("the server neither answered nor closed within 15 s (a hang)");
            } catch (final IOException e) {
                // reset after the last answer
            }
        }
        check(answer.toByteArray(), requests.size());
        try (PageClient c = PageClient.connect("127.0.0.1", service.port(), 1, 5_000)) {
            final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
            c.getPage(PageServiceTest.TENANT, PageServiceTest.TIMELINE, 3, 4, 5, page, 0);
        }
    }

    private static void check(final byte[] a, final int requests) {
        if (a.length < PageProtocol.SERVER_HELLO_LENGTH) {
            throw new AssertionError("no server hello: " + a.length + " bytes");
        }
        final ByteBuffer b = ByteBuffer.wrap(a);
        b.position(PageProtocol.SERVER_HELLO_LENGTH);
        long expectId = 1000;
        int answered = 0;
        while (b.remaining() > 0) {
            if (b.remaining() < 4 + PageProtocol.HEADER) {
                throw new AssertionError("a truncated answer frame: " + b.remaining() + " bytes");
            }
            final int len = b.getInt();
            if (len < PageProtocol.HEADER || len > PageProtocol.DEFAULT_MAX_FRAME || len > b.remaining()) {
                throw new AssertionError("a badly framed answer of length " + len);
            }
            final int start = b.position();
            final byte type = b.get();
            b.get();
            b.getShort();
            final long id = b.getLong();
            if (id != expectId) {
                throw new AssertionError("answer for request " + id + " where " + expectId + " was next");
            }
            if (type != PageProtocol.ERROR && (type & 0x80) == 0) {
                throw new AssertionError("answer of type " + (type & 0xFF));
            }
            expectId++;
            answered++;
            b.position(start + len);
        }
        if (answered > requests) {
            throw new AssertionError(answered + " answers to " + requests + " requests");
        }
    }
}
