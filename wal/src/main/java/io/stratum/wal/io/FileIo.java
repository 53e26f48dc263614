package io.stratum.wal.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one facade through which Stratum touches the file system, so that tests can inject torn writes,
 * failed fsyncs and a full disk ({@code FaultInjectingFileIo} in the stratum-wal test jar). Every method
 * throws {@link IOException} as the operating system reports it; callers turn it into a {@code StratumException} naming the file.
 */
public interface FileIo {

    /** The real file system. */
    static FileIo real() {
        return RealFileIo.INSTANCE;
    }

    /** Opens a file for reading and writing, creating it when {@code create} is set. */
    IoFile open(Path path, boolean create) throws IOException;

    /** Opens a file for reading only. */
    IoFile openReadOnly(Path path) throws IOException;

    boolean exists(Path path);

    /** The regular files directly inside {@code dir}, sorted by name. */
    List<Path> list(Path dir) throws IOException;

    void delete(Path path) throws IOException;

    /** Atomically renames, replacing {@code to} if it exists. */
    void rename(Path from, Path to) throws IOException;

    /** fsyncs a directory, making renames, creations and deletions in it durable. */
    void syncDirectory(Path dir) throws IOException;

    void createDirectories(Path dir) throws IOException;
}
