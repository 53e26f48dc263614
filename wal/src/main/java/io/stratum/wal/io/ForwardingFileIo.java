package io.stratum.wal.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A {@link FileIo} that passes every call to another; tests override the calls they want to watch or break. */
public class ForwardingFileIo implements FileIo {
    protected final FileIo delegate;

    public ForwardingFileIo(final FileIo delegate) {
        this.delegate = delegate;
    }

    @Override
    public IoFile open(final Path path, final boolean create) throws IOException {
        return delegate.open(path, create);
    }

    @Override
    public IoFile openReadOnly(final Path path) throws IOException {
        return delegate.openReadOnly(path);
    }

    @Override
    public boolean exists(final Path path) {
        return delegate.exists(path);
    }

    @Override
    public List<Path> list(final Path dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public void delete(final Path path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public void rename(final Path from, final Path to) throws IOException {
        delegate.rename(from, to);
    }

    @Override
    public void syncDirectory(final Path dir) throws IOException {
        delegate.syncDirectory(dir);
    }

    @Override
    public void createDirectories(final Path dir) throws IOException {
        delegate.createDirectories(dir);
    }

    /** An {@link IoFile} that passes every call to another. */
    public static class ForwardingIoFile implements IoFile {
        protected final IoFile delegate;

        public ForwardingIoFile(final IoFile delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(final java.nio.ByteBuffer src, final long position) throws IOException {
            delegate.write(src, position);
        }

        @Override
        public int read(final java.nio.ByteBuffer dst, final long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public void force() throws IOException {
            delegate.force();
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public java.nio.ByteBuffer mapReadOnly(final long position, final long length) throws IOException {
            return delegate.mapReadOnly(position, length);
        }

        @Override
        public void truncate(final long size) throws IOException {
            delegate.truncate(size);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
