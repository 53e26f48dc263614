package io.stratum.engine;

import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.ForwardingFileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FileIo} whose next read of an already open read-only file, once {@link #arm()}ed, stops until
 * {@link #release()} (to hold a reader inside file I/O). An interrupt during the stop is recorded and
 * the read then proceeds into the real channel with the interrupt still set, as a thread interrupted
 * inside {@code FileChannel.read} would: the channel is closed under every other reader.
 */
public final class BlockingFileIo extends ForwardingFileIo {
    private volatile boolean armed;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean interrupted;

    public BlockingFileIo(final FileIo delegate) {
        super(delegate);
    }

    public void arm() {
        armed = true;
    }

    /** Waits until a reader is held; false after 10 s. */
    public boolean awaitEntered() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }

    public void release() {
        release.countDown();
    }

    /** Whether the held reader was interrupted. */
    public boolean interrupted() {
        return interrupted;
    }

    @Override
    public IoFile openReadOnly(final Path path) throws IOException {
        final IoFile f = delegate.openReadOnly(path);
        return new ForwardingFileIo.ForwardingIoFile(f) {
            @Override
            public int read(final ByteBuffer dst, final long position) throws IOException {
                if (armed) {
                    armed = false;
                    entered.countDown();
                    try {
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new IOException("blocked read never released");
                        }
                    } catch (final InterruptedException e) {
                        interrupted = true;
                        Thread.currentThread().interrupt();
                    }
                }
                return f.read(dst, position);
            }
        };
    }
}
