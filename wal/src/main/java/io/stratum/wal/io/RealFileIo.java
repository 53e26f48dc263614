package io.stratum.wal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link FileIo} over {@link FileChannel}; {@code force} is {@code fdatasync}. */
final class RealFileIo implements FileIo {
    static final RealFileIo INSTANCE = new RealFileIo();

    private RealFileIo() {
    }

    @Override
    public IoFile open(final Path path, final boolean create) throws IOException {
        final FileChannel ch = create
            ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
            : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new ChannelFile(ch);
    }

    @Override
    public IoFile openReadOnly(final Path path) throws IOException {
        return new ChannelFile(FileChannel.open(path, StandardOpenOption.READ));
    }

    @Override
    public boolean exists(final Path path) {
        return Files.exists(path);
    }

    @Override
    public List<Path> list(final Path dir) throws IOException {
        final List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
        return out;
    }

    @Override
    public void delete(final Path path) throws IOException {
        Files.deleteIfExists(path);
    }

    @Override
    public void rename(final Path from, final Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDirectory(final Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public void createDirectories(final Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    private static final class ChannelFile implements IoFile {
        private final FileChannel ch;

        ChannelFile(final FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(final ByteBuffer src, final long position) throws IOException {
            long pos = position;
            while (src.hasRemaining()) {
                pos += ch.write(src, pos);
            }
        }

        @Override
        public int read(final ByteBuffer dst, final long position) throws IOException {
            return ch.read(dst, position);
        }

        @Override
        public void force() throws IOException {
            ch.force(false);
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public ByteBuffer mapReadOnly(final long position, final long length) throws IOException {
            return ch.map(FileChannel.MapMode.READ_ONLY, position, length);
        }

        @Override
        public void truncate(final long size) throws IOException {
            ch.truncate(size);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
