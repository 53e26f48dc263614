package io.stratum.raft;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * A client's connection to one WAL node's stream endpoint ({@link WalReadService}): one request at a time,
 * for one {@link RaftWalStream}. A failed call closes the connection; the stream opens a new one.
 * <p>Threads: none; used by its stream's one polling thread.
 */
final class WalReadChannel implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final int maxReply;
    private final WalPeer node;
    private byte[] buffer = new byte[64 << 10];

    private WalReadChannel(final Socket socket, final WalPeer node, final int maxReply) throws IOException {
        this.socket = socket;
        this.node = node;
        this.maxReply = maxReply;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /**
     * Connects to {@code node}'s stream endpoint at {@code port}; every call then waits at most
     * {@code timeoutMillis} for its answer. Replies over {@code maxReply} bytes are refused.
     */
    static WalReadChannel open(final WalPeer node, final int port, final int timeoutMillis, final int maxReply) {
        final Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(node.host(), port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            return new WalReadChannel(s, node, maxReply);
        } catch (final IOException e) {
            WalClient.closeQuietly(s);
            throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "cannot reach the WAL node's stream endpoint",
                "node", node, "port", port, "error", String.valueOf(e.getMessage()));
        }
    }

    WalPeer node() {
        return node;
    }

    /**
     * Sends one request and returns its reply (valid until the next call), after throwing the refusal it
     * carries, if it is one ({@link Protocol#checkReply}).
     */
    ByteBuffer call(final ByteString request) {
        final int length;
        try {
            out.writeInt(request.size());
            request.writeTo(out);
            out.flush();
            length = in.readInt();
            if (length <= 0 || length > maxReply) {
                throw StratumException.of(ErrorCode.CORRUPT, "WAL node sent a stream reply of a bad length",
                    "node", node, "length", length, "max", maxReply);
            }
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, Math.min(maxReply, buffer.length * 2))];
            }
            in.readFully(buffer, 0, length);
        } catch (final SocketTimeoutException e) {
            close();
            throw StratumException.withCause(ErrorCode.TIMEOUT, e, "WAL node did not answer a stream read in time",
                "node", node);
        } catch (final IOException e) {
            close();
            throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "WAL stream connection failed",
                "node", node, "error", String.valueOf(e.getMessage()));
        } catch (final StratumException e) {
            close();
            throw e;
        }
        final ByteBuffer reply = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        Protocol.checkReply(reply);
        return reply;
    }

    boolean isClosed() {
        return socket.isClosed();
    }


    @Override
    public void close() {
        WalClient.closeQuietly(socket);
    }
}
