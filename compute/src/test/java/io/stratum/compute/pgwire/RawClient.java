package io.stratum.compute.pgwire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hand-driven protocol client for tests that must send what no real client sends. */
final class RawClient implements AutoCloseable {
    /** One backend message. */
    record Msg(char type, byte[] body) {
        /** ErrorResponse/NoticeResponse fields by code. */
        Map<Character, String> fields() {
            final Map<Character, String> m = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                final char code = (char) body[i++];
                final int start = i;
                while (body[i] != 0) {
                    i++;
                }
                m.put(code, new String(body, start, i - start, StandardCharsets.UTF_8));
                i++;
            }
            return m;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(final int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects and completes a trust startup; returns the messages up to and including ReadyForQuery. */
    static RawClient started(final int port, final List<Msg> startupMessages) throws IOException {
        final RawClient c = new RawClient(port);
        c.startup(3 << 16, Map.of("user", "raw", "database", "main"));
        startupMessages.addAll(c.readUntil('Z'));
        return c;
    }

    void startup(final int protocol, final Map<String, String> params) throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeInt(b, protocol);
        for (final Map.Entry<String, String> e : params.entrySet()) {
            cstring(b, e.getKey());
            cstring(b, e.getValue());
        }
        b.write(0);
        final byte[] body = b.toByteArray();
        final ByteArrayOutputStream packet = new ByteArrayOutputStream();
        writeInt(packet, body.length + 4);
        packet.writeBytes(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    void rawBytes(final byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a typed message; {@code parts} are Strings (as cstrings), Integers (int32), Shorts, byte[]. */
    void send(final char type, final Object... parts) throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (final Object p : parts) {
            if (p instanceof String) {
                cstring(b, (String) p);
            } else if (p instanceof Integer) {
                writeInt(b, (Integer) p);
            } else if (p instanceof Short) {
                b.write((Short) p >> 8);
                b.write((Short) p);
            } else if (p instanceof Character) {
                b.write((Character) p);
            } else {
                b.writeBytes((byte[]) p);
            }
        }
        final ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(type);
        writeInt(m, b.size() + 4);
        m.writeBytes(b.toByteArray());
        out.write(m.toByteArray());
        out.flush();
    }

    Msg read() throws IOException {
        final int type = in.read();
        if (type < 0) {
            throw new EOFException("server closed the connection");
        }
        final int len = in.readInt();
        final byte[] body = new byte[len - 4];
        in.readFully(body);
        return new Msg((char) type, body);
    }

    List<Msg> readUntil(final char type) throws IOException {
        final List<Msg> msgs = new ArrayList<>();
        Msg m;
        do {
            m = read();
            msgs.add(m);
        } while (m.type() != type);
        return msgs;
    }

    /** True when the server closed the connection (after reading anything left). */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (final java.net.SocketException e) {
            return true; // reset
        }
    }

    static String types(final List<Msg> msgs) {
        final StringBuilder sb = new StringBuilder();
        for (final Msg m : msgs) {
            sb.append(m.type());
        }
        return sb.toString();
    }

    private static void writeInt(final ByteArrayOutputStream b, final int v) {
        b.write(v >> 24);
        b.write(v >> 16);
        b.write(v >> 8);
        b.write(v);
    }

    private static void cstring(final ByteArrayOutputStream b, final String s) {
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        b.write(0);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
