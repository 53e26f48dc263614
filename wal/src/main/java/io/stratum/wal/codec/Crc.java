package io.stratum.wal.codec;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;

/**
 * A reusable CRC32C over Agrona buffers, heap or direct, with no allocation per call once it has seen a
 * buffer (it keeps one duplicate view of a direct buffer's ByteBuffer). Not thread-safe: one per owner.
 */
public final class Crc {
    private final CRC32C crc = new CRC32C();
    private ByteBuffer source;
    private ByteBuffer view;

    /** CRC32C of {@code length} bytes at {@code offset}. */
    public int compute(final DirectBuffer buffer, final int offset, final int length) {
        crc.reset();
        final byte[] array = buffer.byteArray();
        if (array != null) {
            crc.update(array, (int) (buffer.wrapAdjustment() + offset), length);
        } else {
            final ByteBuffer bb = buffer.byteBuffer();
            if (bb != null) {
                if (bb != source) {
                    source = bb;
                    view = bb.duplicate();
                }
                final int start = (int) (buffer.wrapAdjustment() + offset);
                view.limit(start + length).position(start);
                crc.update(view);
            } else {
                for (int i = 0; i < length; i++) {
                    crc.update(buffer.getByte(offset + i));
                }
            }
        }
        return (int) crc.getValue();
    }
}
