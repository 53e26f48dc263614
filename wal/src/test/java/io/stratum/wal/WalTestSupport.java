package io.stratum.wal;

import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.codec.WalRecordEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;

/** Helpers shared by the WAL tests. */
final class WalTestSupport {
    private WalTestSupport() {
    }

    /** A whole encoded record with {@code payload} random bytes drawn from {@code seed}. */
    static byte[] record(final long seed, final int payload, final int blocks) {
        final Random r = new Random(seed);
        final byte[] p = new byte[payload];
        r.nextBytes(p);
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[20 + 17 * blocks + payload]);
        final WalRecordEncoder enc = new WalRecordEncoder().wrap(buf, 0, buf.capacity()).begin(r.nextInt(256), 0, seed);
        for (int i = 0; i < blocks; i++) {
            enc.addBlock(r.nextLong(), r.nextLong(), i & 1);
        }
        enc.payload(p, 0, p.length).finish();
        return buf.byteArray();
    }

    static long append(final WalLog log, final byte[] rec) {
        return log.append(new UnsafeBuffer(rec), 0, rec.length);
    }

    /** Every durable record from the begin LSN, as byte arrays. */
    static List<byte[]> readAll(final WalLog log) {
        final List<byte[]> out = new ArrayList<>();
        try (WalReader r = log.reader(log.beginLsn())) {
            long expect = log.beginLsn();
            while (r.next()) {
                if (r.lsn() != expect) {
                    throw new AssertionError("LSNs not contiguous: " + Lsn.format(r.lsn()) + " after " + Lsn.format(expect));
                }
                final WalRecordDecoder d = r.record();
                final byte[] b = new byte[d.length()];
                d.buffer().getBytes(d.offset(), b);
                out.add(b);
                expect = r.endLsn();
            }
        }
        return out;
    }

    static void deleteTree(final Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.delete(x);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
