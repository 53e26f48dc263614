package io.stratum.raft;

import io.stratum.wal.codec.WalRecordEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/** Encoded WAL records for tests: the payload starts with a sequence number. */
final class Records {
    private Records() {
    }

    static byte[] record(final long seq, final int payloadLength) {
        final byte[] payload = new byte[Math.max(8, payloadLength)];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putLong(seq);
        for (int i = 8; i < payload.length; i++) {
            payload[i] = (byte) (seq * 31 + i);
        }
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[payload.length + 64]);
        final int len = new WalRecordEncoder().wrap(buf, 0, buf.capacity()).begin(1, 0, seq)
            .payload(payload, 0, payload.length).finish();
        final byte[] out = new byte[len];
        buf.getBytes(0, out);
        return out;
    }

    /** Sequence numbers of the records laid end to end in {@code bytes}. */
    static List<Long> seqs(final byte[] bytes) {
        final List<Long> out = new ArrayList<>();
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < bytes.length) {
            final int len = b.getInt(at + 4);
            out.add(b.getLong(at + 8));
            at += len;
        }
        return out;
    }
}
