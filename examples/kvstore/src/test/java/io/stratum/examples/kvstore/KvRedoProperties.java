package io.stratum.examples.kvstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.wal.codec.WalRecordDecoder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

/** Our redo handler, fed our records, keeps a page equal to a plain map (the model). */
class KvRedoProperties {
    /** A PUT (value non-null) or DELETE of one key. */
    record Op(String key, byte[] value) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        final Arbitrary<String> keys = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
        final Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(100).injectNull(0.25);
        return Combinators.combine(keys, values).as(Op::new).list().ofMaxSize(50);
    }

    @Property(tries = 150)
    void redoMatchesTheModel(@ForAll("ops") final List<Op> ops) {
        final KvRecords writer = KvRecords.writer();
        final KvRedo redo = (KvRedo) KvRedo.register(new io.stratum.engine.redo.RedoRegistry())
            .handler(KvRecords.RMGR);
        final UnsafeBuffer record = new UnsafeBuffer(new byte[4096]);
        final UnsafeBuffer page = new UnsafeBuffer(new byte[KvPage.SIZE]);
        final WalRecordDecoder decoder = new WalRecordDecoder();
        final Map<String, byte[]> model = new TreeMap<>();
        for (final Op op : ops) {
            final byte[] key = op.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            final int len = writer.encode(record, 0, 1, 2, key, op.value());
            assertEquals(len, decoder.check(record, 0, len));
            redo.redo(decoder.wrap(record, 0, len), 0, page, 0);
            if (op.value() == null) {
                model.remove(op.key());
            } else {
                model.put(op.key(), op.value());
            }
        }
        final Map<String, byte[]> got = KvPage.entries(page, 0);
        assertEquals(model.keySet(), got.keySet());
        model.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));
    }
}
