package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stratum compute --password-file}: what it accepts and how it refuses the rest. */
class ComputeCommandTest {
    @TempDir
    Path dir;

    @Test
    void passwordFileHoldsUserPasswordLines() throws Exception {
        final Path f = dir.resolve("passwords");
        Files.writeString(f, "# logins\nstratum:s3cret:with:colons\n\napp:pw\n");
        assertEquals(Map.of("stratum", "s3cret:with:colons", "app", "pw"), ComputeCommand.readPasswords(f));
    }

    @Test
    void badLinesAndEmptyFilesNameTheLine() throws Exception {
        final Path f = dir.resolve("bad");
        Files.writeString(f, "ok:pw\nnocolon\n");
        final StratumException e = assertThrows(StratumException.class, () -> ComputeCommand.readPasswords(f));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("line=2"), e.getMessage());
        Files.writeString(f, "# nobody\n");
        assertThrows(StratumException.class, () -> ComputeCommand.readPasswords(f));
        assertEquals(ErrorCode.IO_ERROR, assertThrows(StratumException.class,
            () -> ComputeCommand.readPasswords(dir.resolve("missing"))).code());
    }
}
